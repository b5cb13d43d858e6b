#!/usr/bin/env python3
"""Note-coding figures per item kind ("line", "note"), from `coder suggest --batch --ndjson`.

  python3 bench/notes/by_kind.py [--coder build/native/bin/coder] [--codeset FILE] [--out DIR] SET.json...

Per set: recall / precision / F1 / forbidden % / exact % / first % for all items, the note
items and the line items, scored as bench/notes/run.mjs scores them. With --out, writes
DIR/<set>.tsv: id, kind, suggested codes, required, forbidden, the forbidden codes suggested
(to diff two builds). Development sets only: never run it on the blind set to choose a change.
"""
import json, os, subprocess, sys

args = sys.argv[1:]
def opt(name, default):
    if name in args:
        i = args.index(name); v = args[i + 1]; del args[i:i + 2]; return v
    return default
coder = opt('--coder', 'build/native/bin/coder')
codeset = opt('--codeset', 'build/codesets/icd10cm-2027.mcs')
out_dir = opt('--out', None)

def matches(code, pattern):
    return code.startswith(pattern[:-1]) if pattern.endswith('-') else code == pattern

def figures(rows):
    n = len(rows); req = filled = suggested = useful = forbidden = exact = first = 0
    for item, got in rows:
        slots = [[alts, False] for alts in item['required']]
        u = 0
        for code in got:
            for slot in slots:
                if not slot[1] and code in slot[0]:
                    slot[1] = True; u += 1; break
        f = sum(1 for s in slots if s[1])
        req += len(slots); filled += f; suggested += len(got); useful += u
        if any(matches(c, p) for c in got for p in item.get('forbidden', [])): forbidden += 1
        if f == len(slots) and u == len(got): exact += 1
        if slots and got and got[0] in slots[0][0]: first += 1
    r = 100 * filled / max(1, req); p = 100 * useful / max(1, suggested); f1 = 2 * r * p / max(1e-9, r + p)
    pct = lambda k: 100 * k / max(1, n)
    return f'n={n:3d} {r:5.1f}/{p:5.1f}/{f1:5.1f}/{pct(forbidden):5.1f}/{pct(exact):5.1f}/{pct(first):5.1f}'

print('set          kind  n   recall/precision/F1/forbidden/exact/first')
for path in args:
    items = json.load(open(path))['items']
    data = ''.join(json.dumps({'text': i['text'], 'setting': i.get('setting', 'outpatient')}) + '\n' for i in items)
    lines = subprocess.run([coder, '--codeset', codeset, 'suggest', '--batch', '--ndjson'], input=data,
                           capture_output=True, text=True, check=True).stdout.split('\n')
    rows = [(it, [c for c in (lines[k].split('\t') if k < len(lines) else []) if c]) for k, it in enumerate(items)]
    name = os.path.basename(path).removesuffix('.json')
    for kind, sel in (('all', rows), ('note', [r for r in rows if r[0].get('kind') == 'note']),
                      ('line', [r for r in rows if r[0].get('kind') != 'note'])):
        print(f'{name:12s} {kind:4s} {figures(sel)}')
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, name + '.tsv'), 'w') as fo:
            for it, got in rows:
                bad = [c for c in got if any(matches(c, p) for p in it.get('forbidden', []))]
                fo.write('\t'.join([str(it.get('id')), it.get('kind', 'line'), ' '.join(got),
                                    ' '.join('/'.join(a) for a in it['required']), ' '.join(it.get('forbidden', [])),
                                    ' '.join(bad)]) + '\n')
