#!/usr/bin/env python3
"""Bytes of code-set (MCS) files, whole and per section: raw and gzip -9 as the site
serves them (scripts/assemble-site.sh runs gzip -9; Python's zlib is the same deflate).
    python3 bench/mcs_sizes.py FILE.mcs [FILE.mcs ...]"""
import struct
import sys
import zlib


def gz(b):
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return len(c.compress(b) + c.flush())


def mb(n):
    return f"{n / 1e6:8.3f}"


for path in sys.argv[1:]:
    buf = open(path, "rb").read()
    major, minor = struct.unpack_from("<HH", buf, 8)
    count = struct.unpack_from("<I", buf, 24)[0]
    print(f"{path}: format {major}.{minor}, {mb(len(buf))} MB raw, {mb(gz(buf))} MB gzip -9")
    rows = []
    for i in range(count):
        tag, version, flags, offset, size = struct.unpack_from("<4sHHQQ", buf, 64 + 24 * i)
        rows.append((tag.decode("latin-1"), version, size, gz(buf[offset:offset + size])))
    rows.sort(key=lambda r: -r[3])
    for tag, version, size, g in rows:
        print(f"  {tag} v{version}  raw {mb(size)} MB  gzip -9 {mb(g)} MB")
