#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints meson's test logs as one closing line: N passed, N failed.

    summary.py BUILD/meson-logs/testlog.json [OTHER/meson-logs/testlog.json ...]

It counts test cases, not test programs: the TAP lines of GLib tests
and of the scripts ("ok 3 - ...", "not ok 4 - ..."), and the cases
that Python's unittest reports ("test_x (...) ... ok"). A program that
reports no cases counts as one. A program that failed without naming a
failed case (it crashed, or timed out, half-way) adds one failure.

Given several logs (`make test` passes the normal build's and the
ASan+UBSan build's), it prints each build's count on a line of its own,
named by its build directory, and then the sum as the closing line. A
log that is missing (that build's tests never ran) counts as one
failure.
"""
import json
import os
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(?:\s+\d+)?(.*)$")
UNITTEST = re.compile(r"^test\w* \(.*\) \.\.\. (ok|FAIL|ERROR|skipped.*|expected failure|unexpected success)$")


def cases(text):
    """(passed, failed, skipped) among the cases a program's output names."""
    passed = failed = skipped = 0
    for line in (text or "").splitlines():
        tap = TAP.match(line)
        unit = UNITTEST.match(line)
        if tap:
            if "# SKIP" in tap.group(2).upper():
                skipped += 1
            elif tap.group(1) == "ok":
                passed += 1
            else:
                failed += 1
        elif unit:
            verdict = unit.group(1)
            if verdict in ("ok", "expected failure"):
                passed += 1
            elif verdict.startswith("skipped"):
                skipped += 1
            else:
                failed += 1
    return passed, failed, skipped


def count(path):
    """(passed, failed, skipped) over the test cases of one testlog.json."""
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            result = test.get("result")
            ok = result in ("OK", "EXPECTEDFAIL")
            p, f, s = cases((test.get("stdout") or "") + "\n" + (test.get("stderr") or ""))
            if p + f + s == 0:
                p, f, s = (1, 0, 0) if ok else (0, 0, 1) if result == "SKIP" else (0, 1, 0)
            elif not ok and f == 0 and result != "SKIP":
                f = 1
            passed, failed, skipped = passed + p, failed + f, skipped + s
    return passed, failed, skipped


def summary_line(passed, failed, skipped):
    return f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")


def build_name(path):
    """The build directory of BUILD/meson-logs/testlog.json."""
    logs = os.path.dirname(os.path.abspath(path))
    return os.path.basename(os.path.dirname(logs)) if os.path.basename(logs) == "meson-logs" else path


def main(paths):
    total = (0, 0, 0)
    for path in paths:
        if os.path.exists(path):
            counts, note = count(path), ""
        else:
            counts, note = (0, 1, 0), " (no test log: its tests did not run)"
        if len(paths) > 1 or note:
            print(f"{build_name(path)}: {summary_line(*counts)}{note}")
        total = tuple(t + c for t, c in zip(total, counts))
    print(summary_line(*total))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: summary.py TESTLOG.json [TESTLOG.json ...]")
    main(sys.argv[1:])
