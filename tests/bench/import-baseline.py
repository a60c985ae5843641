#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "ad-hoc script" baseline for the import benchmark.

    import-baseline.py FILE DB

What a competent person would write in ten minutes with the standard
library: read the JSONL line by line, json.loads each line, skip the
header, check that id/kind/prompt/responses are there, and insert every
task into SQLite in one transaction with executemany in batches.  It does
less than `rubric-cli import` (no messages or responses tables, no rubric,
no field limits), so beating it is the floor, not the goal.
"""

import json
import sqlite3
import sys

BATCH = 1000
REQUIRED = ("id", "kind", "prompt", "responses")


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: import-baseline.py FILE DB\n")
        return 2
    path, db_path = argv[1], argv[2]

    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS tasks ("
               "id INTEGER PRIMARY KEY, set_id INTEGER, ord INTEGER, "
               "ext_id TEXT, kind TEXT, preview TEXT, raw TEXT)")
    db.execute("CREATE INDEX IF NOT EXISTS tasks_set_ord ON tasks (set_id, ord)")

    set_id = 1
    insert = "INSERT INTO tasks (set_id, ord, ext_id, kind, preview, raw) VALUES (?, ?, ?, ?, ?, ?)"
    rows = []
    ord_ = 0
    db.execute("BEGIN")
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                raw = line.rstrip("\r\n")
                if not raw.strip():
                    continue
                try:
                    task = json.loads(raw)
                except ValueError as e:
                    raise SystemExit("%s:%d: %s" % (path, lineno, e))
                if not isinstance(task, dict):
                    raise SystemExit("%s:%d: not a JSON object" % (path, lineno))
                if "format" in task:
                    continue
                for key in REQUIRED:
                    if key not in task:
                        raise SystemExit("%s:%d: missing \"%s\"" % (path, lineno, key))
                preview = task["prompt"].split("\n", 1)[0][:120]
                rows.append((set_id, ord_, task["id"], task["kind"], preview, raw))
                ord_ += 1
                if len(rows) >= BATCH:
                    db.executemany(insert, rows)
                    rows.clear()
        if rows:
            db.executemany(insert, rows)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    finally:
        db.close()
    print("imported %d tasks" % ord_)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
