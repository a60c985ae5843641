#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file with translatable strings is listed in po/POTFILES.in, sorted."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
listed = [l for l in (root / "po" / "POTFILES.in").read_text().splitlines() if l and not l.startswith("#")]
marks = re.compile(r'\b_\("|\bN_\("|translatable="yes"')
needed = sorted(str(p.relative_to(root)) for d in ("src", "ui") for p in (root / d).rglob("*")
                if p.suffix in (".c", ".ui") and marks.search(p.read_text(encoding="utf-8")))
missing = [f for f in needed if f not in listed]
stale = [f for f in listed if not (root / f).exists()]
for f in missing:
    print(f"po/POTFILES.in: missing {f}")
for f in stale:
    print(f"po/POTFILES.in: lists {f}, which does not exist")
if listed != sorted(listed):
    print("po/POTFILES.in: not sorted")
sys.exit(1 if missing or stale or listed != sorted(listed) else 0)
