# clitest.py — what the rubric-cli tests share: a temporary folder, the
# CLI run with its output checked, and JSONL files written into it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import subprocess
import tempfile
import unittest

CLI = os.environ.get("RUBRIC_CLI", "build/src/rubric-cli")


class CliTestCase(unittest.TestCase):
    maxDiff = 6000
    prefix = "rubric-cli-test-"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix=self.prefix)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def cli(self, *args, check=True):
        """Runs rubric-cli; no GLib warning may show, and with check, it must succeed."""
        r = subprocess.run([CLI, *args], capture_output=True, text=True)
        self.assertNotIn("CRITICAL", r.stderr)
        self.assertNotIn("WARNING", r.stderr)
        if check:
            self.assertEqual(r.returncode, 0, " ".join(args) + "\n" + r.stderr)
        return r

    def write(self, name, objects, text=None):
        """Writes objects one a line (after text, if given) to name in the folder."""
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        with open(self.path(name), "w", encoding="utf-8") as f:
            if text is not None:
                f.write(text)
            for o in objects:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
        return self.path(name)
