#!/usr/bin/env python3
"""Search answers of two builds side by side (a format change must not change them).
    python3 bench/compare_search.py OLD_CODER OLD_CODESETS_DIR NEW_CODER NEW_CODESETS_DIR
Every query of bench/quality/*.tsv through `coder search --batch --limit 20` (ICD-10-CM alone,
and ICD-10-CM with HCPCS), and every 16th query through `coder search --json --why`; prints
the differences and exits 1 if there are any."""
import glob
import os
import subprocess
import sys

old_coder, old_dir, new_coder, new_dir = sys.argv[1:5]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
queries = []
for path in sorted(glob.glob(os.path.join(root, "bench/quality/*.tsv"))):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            queries.append(line.split("\t")[0].strip())


def sets(d, files):
    args = []
    for f in files:
        args += ["--codeset", os.path.join(d, f)]
    return args


def run(coder, d, files, args, stdin=None):
    r = subprocess.run([coder] + sets(d, files) + args, input=stdin, capture_output=True, text=True)
    return r.stdout + r.stderr


differences = 0
for files in (["icd10cm-2026.mcs"], ["icd10cm-2026.mcs", "hcpcs-2025q4.mcs"]):
    batch = "\n".join(queries) + "\n"
    a = run(old_coder, old_dir, files, ["search", "--batch", "--limit", "20"], batch).splitlines()
    b = run(new_coder, new_dir, files, ["search", "--batch", "--limit", "20"], batch).splitlines()
    diff = [(q, x, y) for q, x, y in zip(queries, a, b) if x != y]
    differences += len(diff) + (len(a) != len(b))
    print(f"{'+'.join(files)}: {len(queries)} queries in batch, {len(diff)} differ, {len(a)}/{len(b)} lines", flush=True)
    for q, x, y in diff[:10]:
        print(f"  {q!r}\n    old {x}\n    new {y}", flush=True)
json_queries = queries[::16]
same = 0
for q in json_queries:
    a = run(old_coder, old_dir, ["icd10cm-2026.mcs"], ["search", "--json", "--why", q])
    b = run(new_coder, new_dir, ["icd10cm-2026.mcs"], ["search", "--json", "--why", q])
    if a == b:
        same += 1
    else:
        differences += 1
        print(f"  --json --why {q!r} differs", flush=True)
print(f"--json --why: {same} of {len(json_queries)} identical", flush=True)
sys.exit(1 if differences else 0)
