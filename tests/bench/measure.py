#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run one command and report its wall time and peak RSS.

    measure.py RESULT_FILE COMMAND [ARG...]

The command's stdout and stderr pass through.  RESULT_FILE receives one
line "WALL_SECONDS PEAK_RSS_MB EXIT_CODE".  Run a fresh measure.py per
command: ru_maxrss of RUSAGE_CHILDREN is the largest of all children
waited for, so reusing one process would mix the figures.  Exits with the
command's exit code (128 + signal if it was killed).
"""

import resource
import subprocess
import sys
import time


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: measure.py RESULT_FILE COMMAND [ARG...]\n")
        return 2
    start = time.perf_counter()
    rc = subprocess.call(argv[2:])
    wall = time.perf_counter() - start
    if rc < 0:
        rc = 128 - rc
    # Linux reports ru_maxrss in KiB.
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    with open(argv[1], "w") as f:
        f.write("%.3f %.1f %d\n" % (wall, rss_mb, rc))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
