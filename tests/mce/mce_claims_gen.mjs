// Deterministic (seeded) synthetic claims for the MCE differential test: each claim is an
// inpatient-style record (discharge date, age, sex, discharge status, principal and
// secondary diagnoses) that both the project's claim check and CMS's MCE can read. Every
// claim is one of a few kinds, each aimed at an MCE edit (age lists at the edges of their
// bands, manifestation and external cause codes first, unacceptable principal diagnoses with
// and without a secondary, codes invalid, headers, without their placeholder, added or
// deleted in FY2027, questionable admission, unspecified, wrong procedure, sex-specific codes,
// duplicates of the principal diagnosis, invalid ages, birth dates a day either side of a
// birthday, discharge statuses valid and not) or a random mix drawn from the real code set.
// No real patient: invented values only.

// splitmix32: a small, well-mixed seeded generator (the same claims for the same seed).
export function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const int = (n) => next() % n;
  return {
    int,
    chance: (p) => next() / 4294967296 < p,
    pick: (a) => a[int(a.length)],
    between: (lo, hi) => lo + int(hi - lo + 1),
  };
}

// Dates as YYYYMMDD numbers; day arithmetic through UTC.
const toUtc = (ymd) => Date.UTC(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100 - 1, ymd % 100);
const fromUtc = (t) => {
  const d = new Date(t);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
};
export const addDays = (ymd, n) => fromUtc(toUtc(ymd) + n * 86400000);
export const isoDate = (ymd) => `${Math.floor(ymd / 10000)}-${String(Math.floor(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;
// Completed years from birth to date (a birthday on 29 February counts from 1 March).
export function ageOn(birth, date) {
  let age = Math.floor(date / 10000) - Math.floor(birth / 10000);
  if (date % 10000 < birth % 10000) age -= 1;
  return age;
}

// The fiscal year both sides cover: MCE v43.0/v43.1 tables and the ICD-10-CM FY2026 year.
export const FY2026 = { from: 20251001, to: 20260930, edges: [20251001, 20251002, 20260331, 20260401, 20260930] };
// The year before: MCE edits it with its FY2025 tables; the project has no FY2025 code set
// (its ICD-10-CM file starts on 2025-10-01) and must say so rather than pass silently.
export const FY2025 = { from: 20241001, to: 20250930, edges: [20241001, 20250930] };
const kVersionSwitch = 20260401;  // MCE v43.1: the chapter-2 removals apply before it

const kBands = { newborn: [0, 0], pediatric: [0, 17], maternity: [9, 64], adult: [15, 124] };
const kStatuses = [1, 1, 1, 1, 1, 1, 2, 3, 6, 7, 20, 30, 50, 62, 0, 99];

// A malformed code: wrong shape, or a real code with a character too many or changed.
function malformed(rng, pools) {
  const c = rng.pick(pools.billable26);
  switch (rng.int(5)) {
    case 0: return rng.pick(['ZZZ', 'E1', '123', 'I1O', 'EEE9', 'A0', 'Q9999999', 'U071ZZ']);
    case 1: return c + rng.pick(['9', 'Z', '0']);
    case 2: return c.slice(0, -1) + rng.pick(['Q', 'W', 'Z', '8']);
    case 3: return c.length > 4 ? c.slice(0, 3) + c.slice(4) : c + 'XX';
    default: return rng.pick(pools.noPlaceholder);
  }
}

function ageFor(rng, band, conflict) {
  const [lo, hi] = kBands[band];
  if (conflict) {
    const out = [];
    if (lo > 0) out.push(lo - 1, rng.between(0, lo - 1));
    if (hi < 124) out.push(hi + 1, rng.between(hi + 1, 124));
    return rng.pick(out);
  }
  return rng.pick([lo, hi, rng.between(lo, hi)]);
}

function otherCodes(rng, pools, n) {
  const out = [];
  for (let i = 0; i < n; ++i) out.push(rng.pick(pools.billable26));
  return out;
}

// One claim of the given kind: { id, date, age, birth?, sex, status, pdx, sdx[] }.
function makeClaim(rng, pools, kind, id, window) {
  const days = Math.round((toUtc(window.to) - toUtc(window.from)) / 86400000) + 1;
  const date = rng.chance(0.2) ? rng.pick(window.edges) : addDays(window.from, rng.int(days));
  const c = { id, kind, date, age: rng.between(0, 99), sex: rng.pick(['F', 'M', 'F', 'M', 'U']), status: rng.pick(kStatuses), pdx: '', sdx: [] };
  const some = (k) => otherCodes(rng, pools, k);
  switch (kind) {
    case 'age': {
      const band = rng.pick(['newborn', 'pediatric', 'maternity', 'maternity', 'adult', 'adult']);
      const code = rng.pick(pools[band]);
      c.age = ageFor(rng, band, rng.chance(0.6));
      if (rng.chance(0.5)) {
        c.pdx = code;
        c.sdx = some(rng.int(3));
      } else {
        c.pdx = rng.pick(pools.billable26);
        c.sdx = [...some(rng.int(2)), code];
      }
      if (band === 'maternity') c.sex = rng.pick(['F', 'F', 'M', 'U']);
      break;
    }
    case 'manifestation':
      c.pdx = rng.chance(0.75) ? rng.pick(pools.manifestation) : rng.pick(pools.billable26);
      c.sdx = [...some(rng.int(3)), ...(rng.chance(0.5) ? [rng.pick(pools.manifestation)] : [])];
      break;
    case 'external': {
      const r = rng.int(10);
      c.pdx = r < 6 ? rng.pick(pools.external) : r < 8 ? rng.pick(pools.externalHeaders) : rng.pick(pools.billable26);
      c.sdx = [...some(rng.int(2)), ...(rng.chance(0.5) ? [rng.pick(pools.external)] : [])];
      break;
    }
    case 'unacceptable': {
      const r = rng.int(10);
      if (r < 5) c.pdx = rng.pick(pools.unacceptable);
      else if (r < 7) c.pdx = rng.pick(pools.requiresSecondary);
      else {
        c.pdx = rng.pick(pools.removedUnacceptable);
        if (window === FY2026) c.date = rng.chance(0.5) ? rng.pick([20260331, 20260401, addDays(kVersionSwitch, -1 - rng.int(180)), addDays(kVersionSwitch, rng.int(180))]) : c.date;
      }
      c.sdx = rng.chance(0.5) ? [] : some(1 + rng.int(2));
      // A blank diagnosis entry is no secondary diagnosis (MCE never sees it: the TSV drops it).
      if (rng.chance(0.2)) c.sdx.push(rng.pick(['', ' ']));
      break;
    }
    case 'invalid': {
      const bad = () => {
        const r = rng.int(5);
        return r === 0 ? rng.pick(pools.headers26) : r === 1 ? rng.pick(pools.newIn27) : r === 2 ? rng.pick(pools.deletedIn27) : malformed(rng, pools);
      };
      c.pdx = rng.chance(0.5) ? bad() : rng.pick(pools.billable26);
      c.sdx = [...some(rng.int(2)), bad(), ...(rng.chance(0.3) ? [bad()] : [])];
      break;
    }
    case 'other-lists': {  // lists the project does not implement: they must not change the edits compared
      const lists = ['questionable', 'unspecified', 'wrongProcedure'];
      const code = rng.pick(pools[rng.pick(lists)]);
      if (rng.chance(0.5)) c.pdx = code, c.sdx = some(rng.int(3));
      else c.pdx = rng.pick(pools.billable26), c.sdx = [...some(rng.int(2)), code];
      break;
    }
    case 'sex': {
      const female = rng.chance(0.5);
      c.sex = rng.chance(0.8) ? (female ? 'M' : 'F') : 'U';
      const code = rng.pick(female ? pools.female : pools.male);
      if (rng.chance(0.5)) c.pdx = code, c.sdx = some(rng.int(2));
      else c.pdx = rng.pick(pools.billable26), c.sdx = [code];
      break;
    }
    case 'duplicate':  // the principal diagnosis again (Z51.89 too: is a repeat of it a secondary diagnosis?)
      c.pdx = rng.chance(0.2) ? rng.pick(pools.requiresSecondary) : rng.pick(pools.billable26);
      c.sdx = [...(rng.chance(0.5) ? some(rng.int(2)) : []), c.pdx];
      break;
    case 'bad-age':
      c.age = rng.pick([-1, 125, 130, 150]);
      c.pdx = rng.pick(pools.billable26);
      c.sdx = [...some(rng.int(2)), ...(rng.chance(0.5) ? [rng.pick(pools.adult)] : [])];
      break;
    case 'birthday': {  // age from a birth date a day either side of a birthday that starts or ends a band
      const band = rng.pick(['newborn', 'pediatric', 'maternity', 'adult']);
      const [lo, hi] = kBands[band];
      const years = rng.pick([lo, lo + 1, hi, hi + 1].filter((y) => y <= 124));
      const birth = Math.floor(c.date / 10000 - years) * 10000 + (c.date % 10000);
      c.birth = addDays(birth, rng.pick([-1, 0, 1]));
      if (c.birth % 10000 === 229) c.birth = addDays(c.birth, 1);  // no 29 February (its birthday is a matter of law)
      if (c.birth > c.date) c.birth = c.date;  // born on the day of discharge at the latest
      c.age = ageOn(c.birth, c.date);
      c.pdx = rng.pick(pools.billable26);
      c.sdx = [rng.pick(pools[band]), ...some(rng.int(2))];
      break;
    }
    default: {  // a random mix from the code set and every list
      const all = ['billable26', 'billable26', 'billable26', 'billable26', 'newborn', 'pediatric', 'maternity', 'adult', 'manifestation',
        'unacceptable', 'external', 'questionable', 'unspecified', 'headers26', 'newIn27', 'deletedIn27', 'female', 'male'];
      c.pdx = rng.pick(pools[rng.pick(all)]);
      const n = rng.int(rng.chance(0.2) ? 12 : 5);
      for (let i = 0; i < n; ++i) c.sdx.push(rng.pick(pools[rng.pick(all)]));
      c.age = rng.chance(0.3) ? rng.between(0, 17) : rng.between(0, 124);
    }
  }
  if (1 + c.sdx.length > 12) c.sdx = c.sdx.slice(0, 11);  // a professional claim holds 12 diagnoses
  return c;
}

const kKinds = [['mix', 30], ['age', 14], ['birthday', 6], ['manifestation', 8], ['external', 8], ['unacceptable', 8], ['invalid', 12],
  ['other-lists', 5], ['sex', 4], ['duplicate', 3], ['bad-age', 2]];

// count claims dated in window (FY2026 or FY2025), ids prefix + number.
export function generateClaims(pools, { seed = 1, count = 3000, window = FY2026, prefix = 'M' } = {}) {
  const rng = makeRng(seed);
  const total = kKinds.reduce((s, [, w]) => s + w, 0);
  const out = [];
  for (let i = 0; i < count; ++i) {
    let r = rng.int(total), kind = kKinds[0][0];
    for (const [k, w] of kKinds) {
      if (r < w) {
        kind = k;
        break;
      }
      r -= w;
    }
    out.push(makeClaim(rng, pools, kind, `${prefix}${String(i + 1).padStart(5, '0')}`, window));
  }
  return out;
}

// Claims with a sex-specific code each, for a side measure (not compared): the project's sex
// advisory against MCE's sex conflict edit, which MCE applies through FY2024 only.
export function generateSexClaims(pools, { seed = 7, count = 3000, date = 20240915, prefix = 'S' } = {}) {
  const rng = makeRng(seed);
  const out = [];
  for (let i = 0; i < count; ++i) {
    const female = rng.chance(0.5);
    out.push({ id: `${prefix}${String(i + 1).padStart(5, '0')}`, kind: 'sex-fy2024', date, age: rng.between(15, 64), sex: rng.chance(0.5) ? 'F' : 'M',
      status: 1, pdx: rng.pick(pools.billable26), sdx: [rng.pick(female ? pools.female : pools.male), rng.pick(pools.billable26)] });
  }
  return out;
}

// The claim as the project reads it (one NDJSON line): a practitioner claim whose service
// lines point at every diagnosis (four a line), on the discharge date.
const kVisitCodes = ['99221', '99222', '99223'];
// Codes are written as a coder might type them: undotted, dotted, now and then in lower case
// (chosen from the claim id, so the same claim is written the same way).
function typed(code, salt) {
  const dotted = code.length > 3 && /^[A-Z][0-9]/.test(code) && salt % 3 !== 0 ? code.slice(0, 3) + '.' + code.slice(3) : code;
  return salt % 7 === 1 ? dotted.toLowerCase() : dotted;
}
export function toProjectJson(c) {
  const n = Number(c.id.replace(/\D/g, '')) || 0;
  const dx = [c.pdx, ...c.sdx].map((code, i) => typed(code, n + i));
  const lines = [];
  for (let i = 0; i < dx.length; i += 4) {
    const ptr = [];
    for (let k = i; k < Math.min(i + 4, dx.length); ++k) ptr.push(String.fromCharCode(65 + k));
    lines.push({ code: kVisitCodes[lines.length % 3], units: 1, dx_pointers: ptr });
  }
  const patient = c.birth ? { birth_date: isoDate(c.birth), sex: c.sex } : { age: c.age, sex: c.sex };
  return JSON.stringify({ claim_id: c.id, patient, date_of_service: isoDate(c.date), place_of_service: '21',
    billing_npi: '1234567893', diagnoses: dx, lines });
}

// The claim as the MCE harness reads it (one TSV line).
export function toMceTsv(c) {
  return [c.id, String(c.date), String(c.age), c.sex, String(c.status), c.pdx, c.sdx.join(','), ''].join('\t');
}
