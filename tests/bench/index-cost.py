#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the prompt search index costs an import, for bench-scale.sh.

    index-cost.py DB IMPORT_SECONDS

DB is a workspace rubric-cli has just imported a set into; its largest
set is measured. Prints two figures beside the import's own:

- the index's size: its tables' pages (SQLite's dbstat), against the
  whole workspace's, and in bytes a task;
- its building: the set's prompts written into a second index of the
  very definition the workspace holds (read from sqlite_master), less
  reading and extracting the same prompts from the tasks alone, inside
  a transaction that is rolled back. The import indexes each prompt as
  it writes its task, from text it has already parsed, on the thread
  that waits for the parser; so this is what the index's own work
  costs, an upper bound on what it adds to the import's time.

Nothing in DB changes. Exit 0, or 1 when DB cannot be read.
"""

import sqlite3
import sys
import time

# As rubric-store.c's TASK_TEXT: a compare task's prompt, else a brief.
TASK_TEXT = "coalesce(json_extract(raw, '$.prompt'), json_extract(raw, '$.brief'))"


def timed(db, sql, args=()):
    start = time.perf_counter()
    db.execute(sql, args).fetchall()
    return time.perf_counter() - start


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: index-cost.py DB IMPORT_SECONDS\n")
        return 2
    db_path, import_s = argv[1], float(argv[2])
    try:
        db = sqlite3.connect(db_path, isolation_level=None)
        (definition,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'task_prompts'").fetchone()
        set_id, n = db.execute(
            "SELECT set_id, count(*) AS n FROM tasks GROUP BY set_id ORDER BY n DESC LIMIT 1").fetchone()
        (index_bytes,) = db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'task_prompts%'").fetchone()
        (all_bytes,) = db.execute("SELECT sum(pgsize) FROM dbstat").fetchone()
    except (sqlite3.Error, TypeError) as e:
        sys.stderr.write(f"index-cost.py: {db_path}: no search index to measure ({e})\n")
        return 1

    copy = definition.replace("task_prompts", "bench_index_copy", 1)
    db.execute("BEGIN")
    try:
        db.execute(copy)
        # Read first, so that both find the tasks' pages in the cache.
        read_s = min(timed(db, f"SELECT count({TASK_TEXT}) FROM tasks WHERE set_id = ?", (set_id,))
                     for _ in range(2))
        build_s = timed(db, f"INSERT INTO bench_index_copy (rowid, prompt)"
                            f" SELECT id, {TASK_TEXT} FROM tasks WHERE set_id = ?", (set_id,))
    finally:
        db.execute("ROLLBACK")

    own_s = max(build_s - read_s, 0.0)
    print("  %-46s %10.1f MB   %2.0f %% of the workspace, %.0f bytes a task"
          % ("search index (FTS5, the prompts' words)", index_bytes / 1e6,
             100.0 * index_bytes / all_bytes, index_bytes / n))
    print("  %-46s %10.2f s    %2.0f %% of the import's %.2f s"
          % ("building it, its own work (apart)", own_s,
             100.0 * own_s / import_s if import_s > 0 else 0.0, import_s))
    print("    (%d prompts written into a copy of the index in %.2f s, less %.2f s reading them;"
          " rolled back)" % (n, build_s, read_s))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
