#!/usr/bin/env python3
"""Every forbidden code `coder suggest` reports on development sets, classified (issue 10).

  python3 bench/notes/forbidden.py [--coder build/native/bin/coder] [--codeset FILE] [--detail] SET.json...

For each item whose answer has a code its "forbidden" list names, one row per such code:
set, id, kind, setting, the code, a rough class, the rule ids and the first "why" of the
code, its evidence (the words of the text it came from), the required codes and the answer.
The class is read from the codes only (never from an item's words):
  sibling      a required code is in the same category (3 characters): the unspecified or
               wrong sibling (type, side, stage, encounter)
  history      a personal-history / status code (Z85-Z87, Z91-Z92) while a required code is
               current, or the other way round (I.C.21.c.4)
  family       a family-history code (Z80-Z84) or a condition where a required code is Z80-Z84
  symptom      a sign or symptom (chapter 18, R00-R99) beside required diagnoses (I.B.4-5)
  other        anything else (negated, uncertain, a wrong reading, Excludes1, ...)
Then the counts per class and per set. Development sets only: never run it on the blind set.
"""
import argparse, collections, json, subprocess, sys

ap = argparse.ArgumentParser(description='forbidden codes on development sets, classified')
ap.add_argument('--coder', default='build/native/bin/coder')
ap.add_argument('--codeset', default='build/codesets/icd10cm-2027.mcs')
ap.add_argument('--detail', action='store_true', help="print each item's text under its row")
ap.add_argument('sets', nargs='+')
a = ap.parse_args()
coder, codeset, detail, args = a.coder, a.codeset, a.detail, a.sets

def matches(code, pattern):
    return code.startswith(pattern[:-1]) if pattern.endswith('-') else code == pattern

def classify(code, required):
    req = [c for alts in required for c in alts]
    cat = code[:3]
    if any(r[:3] == cat for r in req): return 'sibling'
    if cat[:2] == 'Z8' and cat[2] in '01234': return 'family'
    if any(r[:2] == 'Z8' and r[2] in '01234' for r in req): return 'family'
    if cat in ('Z85', 'Z86', 'Z87', 'Z91', 'Z92') or any(r[:3] in ('Z85', 'Z86', 'Z87') for r in req): return 'history'
    if code[0] == 'R': return 'symptom'
    return 'other'

counts = collections.Counter()
per_set = collections.defaultdict(collections.Counter)
for path in args:
    d = json.load(open(path))
    if d.get('blind'):
        sys.exit(f'{path}: a blind set is never read')
    items = d['items']
    inp = ''.join(json.dumps({'text': i['text'], 'setting': i.get('setting', 'outpatient')}) + '\n' for i in items)
    out = subprocess.run([coder, '--codeset', codeset, 'suggest', '--batch', '--ndjson', '--json'], input=inp,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    name = path.rsplit('/', 1)[-1].replace('.json', '')
    for item, line in zip(items, out):
        ans = json.loads(line)
        got = [c['code'] for c in ans['codes']]
        for c in ans['codes']:
            if not any(matches(c['code'], f) for f in item.get('forbidden', [])): continue
            cls = classify(c['code'], item['required'])
            counts[cls] += 1; per_set[name][cls] += 1
            ev = ' | '.join(item['text'].encode()[a:b].decode('utf-8', 'replace') for a, b in c['evidence'])
            rules = ','.join(r['id'] for r in c['rules'])
            why = c['why'][0] if c['why'] else ''
            req = ' '.join('/'.join(a) for a in item['required'])
            print('\t'.join([name, item['id'], item.get('kind', ''), item.get('setting', 'outpatient'), c['code'], cls,
                             rules, why[:90], ev[:80], 'req ' + req, 'got ' + ' '.join(got)]))
            if detail: print('   TEXT:', item['text'].replace('\n', ' / ')[:600])
print('\nforbidden codes by class:', dict(counts.most_common()), 'total', sum(counts.values()))
for name, c in per_set.items(): print(' ', name, dict(c.most_common()))
