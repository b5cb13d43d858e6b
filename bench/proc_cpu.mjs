// CPU time per thread of the processes this Node process started (the benches' Chromium), read
// from Linux's /proc: what the first result's path costs in CPU, which on a shared, loaded
// machine says more than wall time. Linux only; elsewhere the snapshot is empty.
//   const a = cpuSnapshot(); ...; const d = cpuDelta(a, cpuSnapshot());
//   d: Map "process type / thread name" -> CPU ms (user + system), summed over threads of that name.
import fs from 'node:fs';

const TICK_MS = 10;  // USER_HZ is 100 on Linux

function statOf(file) {
  try {
    const s = fs.readFileSync(file, 'utf8');
    const close = s.lastIndexOf(')');
    const name = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // after "(comm) ": state ppid ... utime is field 14, stime 15 (1-based over the whole line)
    return { name, ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) * TICK_MS };
  } catch {
    return null;  // gone meanwhile
  }
}

function typeOf(pid) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);  // Chromium rewrites its own with spaces
    const t = cmd.find((a) => a.startsWith('--type='));
    if (t) return t.slice(7) + (cmd.includes('--utility-sub-type=network.mojom.NetworkService') ? ' (network)' : '');
    return cmd[0].endsWith('chromium') || cmd[0].includes('chrom') ? 'browser' : cmd[0].split('/').pop();
  } catch {
    return '?';
  }
}

/** Every thread of every process descended from this one: Map "pid/tid" -> { key, cpu }. */
export function cpuSnapshot() {
  const out = new Map();
  if (!fs.existsSync('/proc/self/stat')) return out;
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = statOf(`/proc/${d}/stat`);
    if (st) parent.set(Number(d), st.ppid);
  }
  const mine = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p), n++) if (p === process.pid) return pid !== process.pid;
    return false;
  };
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    const type = typeOf(pid);
    let tasks = [];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch { continue; }
    for (const tid of tasks) {
      const st = statOf(`/proc/${pid}/task/${tid}/stat`);
      if (st) out.set(`${pid}/${tid}`, { key: `${type} / ${st.name.replace(/\d+$/, '')}`, cpu: st.cpu });
    }
  }
  return out;
}

/** CPU ms spent between two snapshots, by "process type / thread name" (threads started between count from 0). */
export function cpuDelta(before, after) {
  const out = new Map();
  for (const [id, t] of after) {
    const d = t.cpu - ((before.get(id) || {}).cpu || 0);
    if (d > 0) out.set(t.key, (out.get(t.key) || 0) + d);
  }
  return out;
}
