#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rubric-cli on odd inputs and odd outputs (issue 14): streams read once,
export targets that are links, read-only files, devices and folders, text
that is not Unicode, and commands that only read."""
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

CLI = os.environ.get("RUBRIC_CLI", "build/src/rubric-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "resources", "samples", "tasks.jsonl")


class HostileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="rubric-hostile-")
        self.db = os.path.join(self.dir, "w.db")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def cli(self, *args, db=True, stdin=None, input=None):
        argv = [CLI, *args] + (["--db", self.db] if db else [])
        return subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=stdin, input=input)

    def path(self, name):
        return os.path.join(self.dir, name)

    def with_work(self):
        """A workspace with the samples, one comparison submitted."""
        r = self.cli("import", SAMPLES)
        self.assertEqual(r.returncode, 0, r.stderr)

    # Streams -----------------------------------------------------------

    def test_import_from_standard_input(self):
        with open(SAMPLES, encoding="utf-8") as f:
            text = f.read()
        r = self.cli("import", "-", input=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 38 tasks", r.stdout)
        # The same content again, from the file: recognised by its hash.
        r = self.cli("import", SAMPLES)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("imported before", r.stdout)
        r = self.cli("validate", "-", db=False, input=text)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_import_from_a_pipe_and_process_substitution(self):
        r = subprocess.run(["bash", "-c", 'cat "$1" | "$2" import /dev/stdin --db "$3"', "x", SAMPLES, CLI, self.db],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 38 tasks", r.stdout)
        other = self.path("other.db")
        r = subprocess.run(["bash", "-c", '"$2" import <(cat "$1") --db "$3"', "x", SAMPLES, CLI, other],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 38 tasks", r.stdout)

    def test_import_from_a_fifo(self):
        fifo = self.path("tasks.fifo")
        os.mkfifo(fifo)
        writer = subprocess.Popen(["bash", "-c", 'cat "$1" > "$2"', "x", SAMPLES, fifo])
        try:
            r = self.cli("import", fifo)
        finally:
            writer.wait(timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported 38 tasks", r.stdout)

    # Export targets ----------------------------------------------------

    def export(self, out, *extra):
        return self.cli("export", "--format", "records", "-o", out, *extra)

    def test_export_to_standard_output(self):
        self.with_work()
        r = self.export("-")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("standard output", r.stderr)
        # records of nothing submitted: an empty file; the summary is not in it
        self.assertNotIn("Wrote", r.stdout)

    def test_export_through_a_symlink(self):
        self.with_work()
        target = self.path("real.jsonl")
        with open(target, "w") as f:
            f.write("old\n")
        os.chmod(target, 0o640)
        link = self.path("link.jsonl")
        os.symlink("real.jsonl", link)
        r = self.export(link)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.islink(link))
        with open(target) as f:
            self.assertNotEqual(f.read(), "old\n")
        self.assertEqual(stat.S_IMODE(os.stat(target).st_mode), 0o640)
        # a link to a file not there yet: made at the target
        dangling = self.path("dangling.jsonl")
        os.symlink("made-here.jsonl", dangling)
        r = self.export(dangling)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.islink(dangling))
        self.assertTrue(os.path.isfile(self.path("made-here.jsonl")))

    def test_export_refuses_what_it_may_not_replace(self):
        self.with_work()
        readonly = self.path("readonly.jsonl")
        with open(readonly, "w") as f:
            f.write("keep me\n")
        os.chmod(readonly, 0o444)
        r = self.export(readonly)
        self.assertEqual(r.returncode, 1)
        self.assertIn("read-only; nothing was written", r.stderr)
        with open(readonly) as f:
            self.assertEqual(f.read(), "keep me\n")
        self.assertEqual(stat.S_IMODE(os.stat(readonly).st_mode), 0o444)
        # --force replaces it, and it keeps its mode
        r = self.export(readonly, "--force")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(readonly) as f:
            self.assertNotEqual(f.read(), "keep me\n")
        # a folder: never
        folder = self.path("folder")
        os.mkdir(folder)
        for extra in ((), ("--force",)):
            r = self.export(folder, *extra)
            self.assertEqual(r.returncode, 1)
            self.assertIn("is a folder", r.stderr)
            self.assertTrue(os.path.isdir(folder))
        # a FIFO stands for any file that is not regular
        fifo = self.path("out.fifo")
        os.mkfifo(fifo)
        r = self.export(fifo)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not a regular file", r.stderr)
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["w.db", "readonly.jsonl", "folder", "out.fifo"] +
                                [n for n in os.listdir(self.dir) if n.startswith("w.db-")]))

    @unittest.skipUnless(os.geteuid() == 0, "making a device node needs root")
    def test_export_refuses_a_device(self):
        self.with_work()
        device = self.path("null")
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        r = self.export(device)
        self.assertEqual(r.returncode, 1)
        self.assertIn("not a regular file", r.stderr)
        self.assertTrue(stat.S_ISCHR(os.stat(device).st_mode))

    def test_every_writer_takes_the_same_rules(self):
        self.with_work()
        readonly = self.path("ro.out")
        with open(readonly, "w") as f:
            f.write("keep\n")
        os.chmod(readonly, 0o444)
        records = self.path("records.jsonl")
        task = {"id": "t1", "kind": "compare", "prompt": "p",
                "responses": [{"id": "r1", "content": "one"}, {"id": "r2", "content": "two"}]}
        with open(records, "w", encoding="utf-8") as f:
            for who, choice in (("a", "A"), ("b", "B")):
                f.write(json.dumps({"task_id": "t1", "annotator": who, "state": "submitted",
                                    "choice": choice, "task": task}) + "\n")
        for argv in (["convert", SAMPLES, "--to", "trl", "-o", readonly],
                     ["report", records, "-o", readonly],
                     ["merge", records, "--format", "trl", "-o", readonly]):
            r = self.cli(*argv)
            self.assertEqual(r.returncode, 1, argv)
            self.assertIn("read-only", r.stderr, argv)
            with open(readonly) as f:
                self.assertEqual(f.read(), "keep\n", argv)

    # Commands that only read -------------------------------------------

    def test_read_only_commands_create_nothing(self):
        new = os.path.join(self.dir, "new", "place", "w.db")
        for argv in (["stats"], ["export", "--format", "trl", "-o", self.path("x.jsonl")]):
            r = subprocess.run([CLI, *argv, "--db", new], capture_output=True, text=True, timeout=60)
            self.assertEqual(r.returncode, 1, argv)
            self.assertIn("no workspace there; nothing was created", r.stderr)
            self.assertTrue(r.stderr.startswith("rubric-cli"), r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "new")))
        self.assertFalse(os.path.exists(self.path("x.jsonl")))
        # a file that is no workspace is not changed, and gets no journal
        junk = self.path("junk.db")
        with open(junk, "w") as f:
            f.write("not a database\n")
        r = subprocess.run([CLI, "stats", "--db", junk], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(sorted(os.listdir(self.dir)), ["junk.db"])

    def test_read_only_workspace_can_be_read(self):
        self.with_work()
        before = {n: os.stat(self.path(n)).st_mtime_ns for n in os.listdir(self.dir)}
        os.chmod(self.db, 0o444)
        r = self.cli("stats")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Rubric sample tasks", r.stdout)
        r = self.cli("export", "--format", "records", "-o", self.path("out.jsonl"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.stat(self.db).st_mtime_ns, before["w.db"])

    # Text ----------------------------------------------------------------

    def test_text_that_is_not_unicode_is_refused(self):
        bad = self.path("bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('{"id":"a","kind":"write\\u0000zzz","prompt":"p"}\n')
            f.write('{"id":"b","kind":"write","prompt":"x\\ud800"}\n')
            f.write('{"id":"c","kind":"write","prompt":"p","meta":{"raw":"\\ud800"}}\n')
        r = self.cli("import", bad)
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad.jsonl:1: kind: contains a NUL character", r.stderr)
        self.assertIn("bad.jsonl:2: prompt: contains half a surrogate pair", r.stderr)
        self.assertNotIn(":3:", r.stderr)
        r = self.cli("import", bad, "--skip-invalid")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.cli("export", "--format", "records", "-o", "-")
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
