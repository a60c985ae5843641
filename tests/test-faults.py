#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rubric-cli on failing disks and damaged workspaces (issue 14, "Faults"):
a full disk during import, export and backup, I/O errors under SQLite, a
workspace that is cut short, not a database or read-only, a task stream
cut short, and SIGTERM in the middle of a big import.

Each fault must give a clear message (on standard error, after
"rubric-cli"), roll back, keep what was saved before and leave no stray
file: no temporary file, no journal, no half-written output, no WAL
left grown.

The disk faults come from tests/faultfs.c, an LD_PRELOAD shim: its path
is the first argument (meson passes it), or RUBRIC_FAULTFS."""
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

CLI = os.environ.get("RUBRIC_CLI", "build/src/rubric-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "resources", "samples", "tasks.jsonl")
FAULTFS = os.environ.get("RUBRIC_FAULTFS", os.path.join(os.path.dirname(CLI), "..", "tests", "libfaultfs.so"))
NOBODY = 65534


def write_tasks(path, n, filler_words=36):
    """n write tasks of about 1 KB each, one a line."""
    filler = "lorem ipsum dolor sit amet " * filler_words
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write('{"id":"big-%d","kind":"write","prompt":"Task %d: %s"}\n' % (i, i, filler))
    return path


class FaultsTest(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="rubric-faults-")
        # The workspace in a folder of its own, which the faults aim at;
        # task files and outputs beside it.
        self.ws = os.path.join(self.dir, "ws")
        os.mkdir(self.ws)
        self.db = os.path.join(self.ws, "w.db")
        r = self.cli("import", SAMPLES)
        self.assertEqual(r.returncode, 0, r.stderr)
        con = sqlite3.connect(self.db)
        rows = con.execute("SELECT id, set_id, kind FROM tasks ORDER BY ord").fetchall()
        compare = [row for row in rows if row[2] == "compare"]
        for (task_id, set_id, _), state in zip(compare, ["submitted", "submitted", "draft"]):
            con.execute("INSERT INTO annotations (task_id, set_id, annotator, state, choice, strength, justification,"
                        " created_at, updated_at, submitted_at) VALUES (?, ?, 'ana', ?, 'A', 2, 'kept', 1, 1, ?)",
                        (task_id, set_id, state, 1 if state == "submitted" else None))
        con.commit()
        con.close()
        self.before = self.snapshot()

    def tearDown(self):
        for root, dirs, _ in os.walk(self.dir):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.dir)

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def cli(self, *args, env=None, user=None, db=True, timeout=120):
        argv = [CLI, *args] + (["--db", self.db] if db else [])
        preexec = None
        if user is not None:
            def preexec():
                os.setgroups([])
                os.setgid(user)
                os.setuid(user)
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env, preexec_fn=preexec)

    def faulty(self, folder, budget=0, errno="ENOSPC", ops="write"):
        """The environment that makes files under folder fail past budget bytes."""
        if not os.path.exists(FAULTFS):
            self.skipTest(f"no fault shim at {FAULTFS}")
        env = dict(os.environ)
        env.update(LD_PRELOAD=os.path.abspath(FAULTFS), FAULTFS_DIR=folder, FAULTFS_BUDGET=str(budget),
                   FAULTFS_ERRNO=errno, FAULTFS_OPS=ops)
        # Under ASan the shim comes before the sanitizer's runtime.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))
        return env

    def snapshot(self):
        """What the workspace holds: sets, tasks, annotations; and that it is sound."""
        con = sqlite3.connect(self.db, timeout=10)
        try:
            check = con.execute("PRAGMA integrity_check").fetchall()
            self.assertEqual(check, [("ok",)])
            return {
                "sets": con.execute("SELECT id, name, content_hash, n_tasks FROM task_sets ORDER BY id").fetchall(),
                "tasks": con.execute("SELECT count(*), max(id) FROM tasks").fetchone(),
                "annotations": con.execute("SELECT task_id, state, justification, revision FROM annotations"
                                           " ORDER BY id").fetchall(),
            }
        finally:
            con.close()

    def pending_tasks(self):
        """Tasks of a set still being imported, committed."""
        con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10)
        try:
            return con.execute("SELECT count(*) FROM tasks t JOIN task_sets s ON s.id = t.set_id"
                               " WHERE s.content_hash LIKE 'pending:%'").fetchone()[0]
        finally:
            con.close()

    def assert_kept(self):
        self.assertEqual(self.snapshot(), self.before)

    def assert_only(self, folder, names):
        """Nothing in folder but names: no temporary file, journal or half-made output."""
        self.assertEqual(sorted(os.listdir(folder)), sorted(names))

    def assert_message(self, r, command, *words):
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        last = r.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith(f"rubric-cli {command}: ") or last.startswith("rubric-cli: "), r.stderr)
        for word in words:
            self.assertIn(word, last)
        self.assertNotIn("CRITICAL", r.stderr)
        self.assertNotIn("WARNING", r.stderr)

    # 1. A full disk ------------------------------------------------------

    def test_import_disk_full(self):
        big = write_tasks(self.path("big.jsonl"), 3000)
        r = self.cli("import", big, env=self.faulty(self.ws, budget=256 * 1024))
        self.assert_message(r, "import", self.db, "database or disk is full")
        self.assert_only(self.ws, ["w.db"])
        self.assert_kept()
        r = self.cli("import", big)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 3000 tasks", r.stdout)

    # With the workspace open elsewhere (the app), the WAL outlives
    # rubric-cli: it must not keep the failed import's pages.
    def test_import_disk_full_beside_another_connection(self):
        big = write_tasks(self.path("big.jsonl"), 3000)
        other = sqlite3.connect(self.db)
        try:
            other.execute("SELECT count(*) FROM tasks").fetchone()
            wal = self.db + "-wal"
            before = os.path.getsize(wal)
            r = self.cli("import", big, env=self.faulty(self.ws, budget=2 * 1024 * 1024))
            self.assert_message(r, "import", "database or disk is full")
            self.assertLessEqual(os.path.getsize(wal), before + 64 * 1024)
            self.assertEqual(other.execute("SELECT count(*) FROM task_sets").fetchone()[0], 1)
        finally:
            other.close()
        self.assert_only(self.ws, ["w.db"])
        self.assert_kept()

    def test_export_disk_full(self):
        out_dir = self.path("out")
        os.mkdir(out_dir)
        old = os.path.join(out_dir, "old.jsonl")
        with open(old, "w") as f:
            f.write("an earlier export\n")
        new = os.path.join(out_dir, "new.jsonl")
        for out in (old, new):
            r = self.cli("export", "--format", "records", "-o", out, env=self.faulty(out_dir, budget=1000))
            self.assert_message(r, "export", out, "No space left on device")
            self.assert_only(out_dir, ["old.jsonl"])
            with open(old) as f:
                self.assertEqual(f.read(), "an earlier export\n")
        # A sync that fails is no export either.
        r = self.cli("export", "--format", "records", "-o", old, env=self.faulty(out_dir, budget=1 << 30, ops="sync"))
        self.assert_message(r, "export", old, "Input/output error")
        self.assert_only(out_dir, ["old.jsonl"])
        with open(old) as f:
            self.assertEqual(f.read(), "an earlier export\n")
        self.assert_kept()
        r = self.cli("export", "--format", "records", "-o", new)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Wrote 2 records lines", r.stdout)

    def test_backup_disk_full(self):
        backups = os.path.join(self.ws, "backups")
        os.mkdir(backups)
        r = self.cli("backup", env=self.faulty(backups, budget=64 * 1024))
        self.assert_message(r, "backup", "database or disk is full")
        self.assert_only(backups, [])
        self.assert_only(self.ws, ["w.db", "backups"])
        self.assert_kept()
        r = self.cli("backup")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(backups)), 1)

    # 2. I/O errors under SQLite -----------------------------------------

    def test_io_errors(self):
        big = write_tasks(self.path("big.jsonl"), 1000)
        out = self.path("out.jsonl")
        r = self.cli("import", big, env=self.faulty(self.ws, budget=128 * 1024, errno="EIO"))
        self.assert_message(r, "import", self.db, "disk I/O error")
        for ops in ("read", "write,read"):
            r = self.cli("import", big, env=self.faulty(self.ws, budget=20000, errno="EIO", ops=ops))
            self.assert_message(r, "import", self.db, "disk I/O error")
            r = self.cli("stats", env=self.faulty(self.ws, budget=20000, errno="EIO", ops=ops))
            self.assert_message(r, "stats", self.db, "disk I/O error")
            r = self.cli("export", "--format", "records", "-o", out,
                         env=self.faulty(self.ws, budget=20000, errno="EIO", ops=ops))
            self.assert_message(r, "export", self.db, "disk I/O error")
            self.assertFalse(os.path.exists(out))
        self.assert_only(self.dir, ["ws", "big.jsonl"])
        self.assert_only(self.ws, ["w.db"])
        self.assert_kept()

    # 3. A workspace cut short, not a database, or read-only -------------

    def damaged(self, damage, *words):
        with open(self.db, "rb") as f:
            good = f.read()
        bad = damage(good)
        with open(self.db, "wb") as f:
            f.write(bad)
        tasks = self.path("tasks.jsonl")
        shutil.copy(SAMPLES, tasks)
        out = self.path("out.jsonl")
        for command, args in (("import", [tasks]), ("stats", []),
                              ("export", ["--format", "records", "-o", out])):
            r = self.cli(command, *args)
            self.assert_message(r, command, self.db, *words)
            with open(self.db, "rb") as f:
                self.assertEqual(f.read(), bad, command)
            self.assert_only(self.ws, ["w.db"])
            self.assert_only(self.dir, ["ws", "tasks.jsonl"])

    def test_workspace_cut_short(self):
        self.damaged(lambda good: good[:len(good) // 2], "database disk image is malformed")

    def test_workspace_not_a_database(self):
        self.damaged(lambda good: bytes((i * 7919 + 13) % 251 for i in range(len(good))), "file is not a database")

    def read_only(self, folder_mode):
        """As someone who may not write the workspace (nobody, when the
        tests run as root, who may write anything)."""
        user = None
        if os.geteuid() == 0:
            user = NOBODY
            os.chmod(self.dir, 0o755)
            try:
                r = self.cli("--version", db=False, user=user)
            except PermissionError:
                r = None
            if r is None or r.returncode != 0:
                self.skipTest("nobody may not run rubric-cli here")
        tasks = self.path("tasks.jsonl")
        shutil.copy(SAMPLES, tasks)
        os.chmod(tasks, 0o644)
        out_dir = self.path("out")
        os.mkdir(out_dir)
        os.chmod(out_dir, 0o777)
        os.chmod(self.db, 0o444)
        os.chmod(self.ws, folder_mode)
        with open(self.db, "rb") as f:
            before = f.read()

        r = self.cli("import", tasks, user=user)
        self.assert_message(r, "import", self.db, "is read-only", "nothing was changed")
        r = self.cli("stats", user=user)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Rubric sample tasks", r.stdout)
        r = self.cli("export", "--format", "records", "-o", os.path.join(out_dir, "out.jsonl"), user=user)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Wrote 2 records lines", r.stdout)

        with open(self.db, "rb") as f:
            self.assertEqual(f.read(), before)
        self.assert_only(self.ws, ["w.db"])
        return user

    def test_workspace_read_only(self):
        self.read_only(0o555)
        os.chmod(self.ws, 0o755)
        os.chmod(self.db, 0o644)
        self.assert_kept()

    # Reading must leave no -wal or -shm behind: made with the
    # workspace's read-only mode, they would keep out every writer once
    # the workspace may be written again.
    def test_workspace_read_only_in_a_folder_one_may_write(self):
        user = self.read_only(0o777)
        if user is not None:
            os.chown(self.db, user, user)
        os.chmod(self.db, 0o644)
        r = self.cli("import", write_tasks(self.path("more.jsonl"), 10), user=user)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_only(self.ws, ["w.db"])

    # 4. A task stream cut short -----------------------------------------

    # A FIFO whose writer stops half-way, in the middle of a line.
    def test_stream_cut_short(self):
        big = write_tasks(self.path("big.jsonl"), 2000)
        with open(big, "rb") as f:
            text = f.read()
        half = text[:len(text) // 2]
        half = half[:half.rindex(b"\n") + 40]
        fifo = self.path("tasks.fifo")
        os.mkfifo(fifo)

        def feed():
            with open(fifo, "wb") as f:
                f.write(half)

        writer = threading.Thread(target=feed)
        writer.start()
        try:
            r = self.cli("import", fifo, timeout=60)
        finally:
            writer.join(60)
        self.assert_message(r, "import", fifo, "nothing was imported")
        self.assertIn("cut off", r.stderr)
        self.assert_only(self.ws, ["w.db"])
        self.assert_kept()

    # 5. SIGTERM in the middle of an import --------------------------------

    def test_sigterm_during_import(self):
        big = write_tasks(self.path("big.jsonl"), 50000)  # 51 MB
        wal = self.db + "-wal"
        p = subprocess.Popen([CLI, "import", big, "--db", self.db], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            # Well into the import: it has committed a chunk, unseen.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and p.poll() is None:
                if os.path.exists(wal) and self.pending_tasks() > 0:
                    break
                time.sleep(0.01)
            self.assertGreater(self.pending_tasks(), 0)
            self.assertIsNone(p.poll(), "the import ended before it could be stopped")
            p.send_signal(signal.SIGTERM)
            out, err = p.communicate(timeout=30)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        self.assertEqual(p.returncode, -signal.SIGTERM, err)
        self.assertNotIn("Imported", out)

        # The import stopped and removed what it had committed (a big
        # file goes in chunks) before it ended by the signal; SQLite's
        # recovery drops the rest: the same sets, tasks and annotations,
        # a sound file.
        self.assertNotIn("WARNING", err)
        self.assert_kept()
        r = self.cli("stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("big", r.stdout)
        # And the same import, again, goes through.
        r = self.cli("import", big)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 50000 tasks", r.stdout)
        self.assert_only(self.ws, ["w.db"])
        after = self.snapshot()
        self.assertEqual(after["sets"][:1], self.before["sets"])
        self.assertEqual(after["annotations"], self.before["annotations"])
        self.assertEqual(after["tasks"][0], self.before["tasks"][0] + 50000)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        FAULTFS = sys.argv.pop(1)
    unittest.main(verbosity=2)
