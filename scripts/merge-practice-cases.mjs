#!/usr/bin/env node
// Merges instructors' practice case files (format medcode-practice-cases, version 1) into
// one file: the format header once, the cases sorted by id. Refuses a file with another
// format or version, and an id found in two files.
//
//   node scripts/merge-practice-cases.mjs OUT.json IN.json [IN.json...]
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: merge-practice-cases.mjs OUT.json IN.json [IN.json...]');
  process.exit(2);
}
const byId = new Map();
for (const file of inputs) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  if (doc.format !== 'medcode-practice-cases' || doc.version !== 1) {
    console.error(`${file}: not a medcode-practice-cases version 1 file`);
    process.exit(1);
  }
  for (const c of doc.cases ?? []) {
    if (byId.has(c.id)) {
      console.error(`${file}: case ${c.id} is also in ${byId.get(c.id).file}`);
      process.exit(1);
    }
    byId.set(c.id, { file, c });
  }
}
const cases = [...byId.keys()].sort().map((id) => byId.get(id).c);
writeFileSync(out, JSON.stringify({ format: 'medcode-practice-cases', version: 1, cases }, null, 1) + '\n');
console.log(`${out}: ${cases.length} cases from ${inputs.length} file(s)`);
