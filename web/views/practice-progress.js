// medcode page, Practice view: the student's results. Kept in memory for the visit; written to
// this browser's localStorage (STORE_KEY) only while the student has turned "keep" on; erased
// when it is turned off or cleared. Exported as JSON or CSV (a download built in the page).
import { downloadText } from '../lib/dom.mjs';
import { csvCell } from '../lib/claims.mjs';
import { errorText } from './common.js';

export const STORE_KEY = 'medcode.practice.v1';

/** A score 0..1 as a percentage with at most one decimal ("16.7%"). */
export const pct = (x) => `${Math.round(x * 1000) / 10}%`;

const CSV_COLUMNS = ['caseId', 'title', 'mode', 'score', 'engineScore', 'hintsUsed', 'answer', 'at', 'source'];

/** Results as CSV, one row per case. */
export function resultsToCsv(results) {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of results) rows.push(CSV_COLUMNS.map((c) => csvCell(Array.isArray(r[c]) ? r[c].join(' ') : r[c])).join(','));
  return `${rows.join('\n')}\n`;
}

export class PracticeProgress {
  /** say(text): tells the student what happened (a status line). */
  constructor(say) {
    this.say = say;
    this.results = new Map();  // caseId -> the latest result
    this.keep = false;
    this.read();
  }

  read() {
    let raw = null;
    try {
      raw = window.localStorage.getItem(STORE_KEY);
    } catch { /* storage unavailable: progress stays in memory */ }
    if (raw === null) return;
    this.keep = true;
    try {
      const j = JSON.parse(raw);
      for (const r of Array.isArray(j.results) ? j.results : []) {
        if (r && typeof r.caseId === 'string') this.results.set(r.caseId, r);
      }
    } catch { /* a damaged record: ignored, overwritten on the next save */ }
  }

  write() {
    if (!this.keep) return true;
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify({ version: 1, results: [...this.results.values()] }));
      return true;
    } catch (e) {
      this.say(`Progress could not be kept on this device: ${errorText(e)}`);
      return false;
    }
  }

  setKeep(on) {
    this.keep = on;
    if (on) {
      if (this.write()) this.say('Your progress is now kept on this device (this browser only).');
      return;
    }
    try {
      window.localStorage.removeItem(STORE_KEY);
    } catch { /* nothing stored */ }
    this.say('Your progress is no longer kept: what was stored on this device is erased.');
  }

  clear() {
    this.results.clear();
    try {
      window.localStorage.removeItem(STORE_KEY);
    } catch { /* nothing stored */ }
    this.write();
    this.say('Your progress is cleared.');
  }

  /** Records a grade of case `c` (a summary or an exercise) from `source` (the case file). */
  record(c, g, { mode, score, hintsUsed, codes, source }) {
    this.results.set(c.id, {
      caseId: c.id, title: c.title, chapter: c.chapter, level: c.level, topics: c.topics, mode, score,
      engineScore: g.score, hintsUsed, answer: codes, at: new Date().toISOString(), source,
      mistakes: g.items.filter((i) => i.verdict !== 'correct').map((i) => ({ code: i.code, verdict: i.verdict }))
        .concat(g.missing.map((m) => ({ code: m.code, verdict: 'missing' }))),
    });
    this.write();
  }

  /** The graded cases below 100%, under each of their topics: [[topic, results]], most first. */
  mistakesByTopic() {
    const byTopic = new Map();
    for (const r of this.results.values()) {
      if (r.score >= 1) continue;
      for (const t of r.topics || []) {
        if (!byTopic.has(t)) byTopic.set(t, []);
        byTopic.get(t).push(r);
      }
    }
    return [...byTopic.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  }

  export(kind) {
    const results = [...this.results.values()];
    if (!results.length) {
      this.say('There are no results to export yet: grade a case first.');
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    if (kind === 'csv') downloadText(`medcode-practice-results-${day}.csv`, 'text/csv;charset=utf-8', resultsToCsv(results));
    else {
      downloadText(`medcode-practice-results-${day}.json`, 'application/json',
        `${JSON.stringify({ format: 'medcode-practice-results', version: 1, exported: new Date().toISOString(), results }, null, 2)}\n`);
    }
    this.say(`${results.length} result${results.length === 1 ? '' : 's'} exported (${kind.toUpperCase()}).`);
  }
}
