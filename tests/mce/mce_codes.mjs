// The code pools the MCE differential test draws its claims from, read from the real files
// (paths from codesets/manifest.json, below CODESETS_DIR): the ICD-10-CM order files of
// FY2026 and FY2027 (billable codes, headers, codes added and deleted between them) and the
// MCE definitions text (its age, manifestation, questionable admission, unacceptable
// principal, wrong procedure and unspecified lists, and its chapter-2 removals).
// Only code numbers are read; nothing here is written anywhere.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// The manifest inputs the test needs: { order2026, order2027, mce } (absolute paths).
export function findInputs(manifestPath, codesetsDir) {
  const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const out = {};
  for (const cs of m.codesets) {
    for (const inp of cs.inputs || []) {
      if (inp.role === 'order' && (inp.year === 2026 || inp.year === 2027)) out[`order${inp.year}`] = path.join(codesetsDir, inp.path);
      if (inp.role === 'mce') out.mce = path.join(codesetsDir, inp.path);
    }
  }
  return out;
}

function readText(file) {
  if (file.endsWith('.xz')) return execFileSync('xz', ['-dc', file], { maxBuffer: 1 << 28 }).toString('latin1');
  return fs.readFileSync(file).toString('latin1');
}

// An order file: code -> billable (true/false), in file order.
export function readOrderFile(file) {
  const codes = new Map();
  for (const line of readText(file).split(/\r?\n/)) {
    if (line.length < 16) continue;
    const code = line.slice(6, 13).trim();
    const flag = line[14];
    if (!/^[A-Z0-9]{3,7}$/.test(code) || (flag !== '0' && flag !== '1')) continue;
    codes.set(code, flag === '1');
  }
  return codes;
}

// The MCE definitions text: list name -> sorted codes. A list starts at its heading and runs
// until the next line that is not a code line (CODE<TAB>title, '*' marking Z51.89).
const kHeadings = [
  [/^A\. Perinatal\/Newborn diagnoses$/, 'newborn'],
  [/^B\. Pediatric diagnoses \(age 0 through 17\)$/, 'pediatric'],
  [/^C\. Maternity diagnoses \(age 9 through 64\)$/, 'maternity'],
  [/^D\. Adult diagnoses \(age 15 through 124\)$/, 'adult'],
  [/^Manifestation codes not allowed as principal diagnosis$/, 'manifestation'],
  [/^Questionable admission codes$/, 'questionable'],
  [/^Unacceptable principal diagnosis codes$/, 'unacceptable'],
  [/^Wrong procedure performed codes$/, 'wrongProcedure'],
  [/^The following pages contain the list of unspecified/, 'unspecified'],
];

export function readMceDefinitions(file) {
  const lists = {};
  for (const [, name] of kHeadings) lists[name] = [];
  lists.removedUnacceptable = [];
  lists.requiresSecondary = [];
  let current = null;
  let chapter2 = false, chapter2Section = '';
  for (const raw of readText(file).split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    const m = /^(\*?)([A-Z][0-9][A-Z0-9]{1,5})\t/.exec(line);
    if (m) {
      if (current) lists[current].push(m[2]);
      if (current === 'unacceptable' && m[1] === '*') lists.requiresSecondary.push(m[2]);
      continue;
    }
    if (line === 'Chapter 2: Code list changes') chapter2 = true;
    if (chapter2 && /^[0-9]+[A-Z]?\. /.test(line)) chapter2Section = line;
    if (line === 'Index') chapter2 = false;
    current = null;
    if (chapter2 && /^The following codes were removed/.test(line) && /^9\. Unacceptable principal/.test(chapter2Section)) {
      current = 'removedUnacceptable';
      continue;
    }
    if (/^The following pages contain the list of unspecified/.test(line)) current = 'unspecified';
    else if (!chapter2) for (const [re, name] of kHeadings) if (re.test(line)) current = name;
  }
  for (const k of Object.keys(lists)) lists[k] = [...new Set(lists[k])].sort();
  return lists;
}

// Every pool the generator draws from.
export function loadCodePools({ order2026, order2027, mce }) {
  const y26 = readOrderFile(order2026), y27 = readOrderFile(order2027);
  const lists = readMceDefinitions(mce);
  const billable26 = [], headers26 = [], deletedIn27 = [], newIn27 = [];
  for (const [c, b] of y26) {
    if (b) billable26.push(c);
    else headers26.push(c);
    if (b && !y27.get(c)) deletedIn27.push(c);
  }
  for (const [c, b] of y27) if (b && !y26.get(c)) newIn27.push(c);
  const external = billable26.filter((c) => 'VWXY'.includes(c[0]));
  const externalHeaders = headers26.filter((c) => 'VWXY'.includes(c[0]));
  // Sex-specific chapters and blocks of the tabular list (the MCE sex edit is off since FY2025).
  const female = billable26.filter((c) => c[0] === 'O' || (c[0] === 'N' && c.slice(1, 3) >= '70' && c.slice(1, 3) <= '98'));
  const male = billable26.filter((c) => c[0] === 'N' && c.slice(1, 3) >= '40' && c.slice(1, 3) <= '53');
  // A 7-character code with its placeholder X taken out (T36.0X1A -> T3601A).
  const noPlaceholder = billable26.filter((c) => c.length === 7 && c.slice(3, 6).endsWith('X'))
    .map((c) => c.slice(0, 6).replace(/X+$/, '') + c[6]).filter((c) => !y26.has(c) && !y27.has(c));
  return { year2026: y26, year2027: y27, billable26, headers26, deletedIn27, newIn27, external, externalHeaders, female, male, noPlaceholder, ...lists };
}
