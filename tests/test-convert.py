#!/usr/bin/env python3
# test-convert.py — rubric-cli convert, and every writer's output read back
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

CLI = os.environ.get("RUBRIC_CLI", "build/src/rubric-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "resources", "samples", "tasks.jsonl")
REALDATA = os.path.join(HERE, "data", "realdata")

# Every format with a writer, and the export options that make its
# file; each is read back by the reader of the same id.
WRITTEN = {
    "records": [],
    "trl": [],
    "trl-margin": ["--margin"],
    "trl-unpaired": ["--ties", "unpaired"],
    "openai-preference": [],
    "hh": [],
    "sft": [],
    "prompt-completion": [],
    "helpsteer": [],
}


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class ConvertTest(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="rubric-convert-")
        self.db = os.path.join(self.dir, "w.db")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args, stdin=None, check=True):
        r = subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin)
        self.assertNotIn("CRITICAL", r.stderr)
        if check:
            self.assertEqual(r.returncode, 0, " ".join(args) + "\n" + r.stderr)
        return r

    def path(self, name):
        return os.path.join(self.dir, name)

    def annotate_samples(self):
        """Submitted work on every kind of the samples: choices of every
        sort with scores, rankings with a tie, answers, verdicts."""
        self.cli("import", SAMPLES, "--db", self.db)
        con = sqlite3.connect(self.db)
        tasks = con.execute("SELECT id, set_id, kind, raw FROM tasks ORDER BY ord").fetchall()
        header = json.loads(con.execute("SELECT header FROM task_sets").fetchone()[0])
        criteria = [c["id"] for c in header["rubric"]["criteria"]]
        choices = [("A", 3), ("B", 1), ("tie", 0), ("both-bad", 0), ("B", 2)]
        n_compare = n_rank = 0
        for task_id, set_id, kind, raw in tasks:
            task = json.loads(raw)
            ids = [r["id"] for r in task.get("responses", [])]
            data = {"schema": 1}
            choice, strength, answer = None, 0, ""
            if kind == "compare":
                choice, strength = choices[n_compare % len(choices)]
                n_compare += 1
                data["scores"] = {rid: {c: (i + j) % 5 + 1 for j, c in enumerate(criteria)} for i, rid in enumerate(ids)}
            elif kind == "rank":
                data["ranking"] = list(reversed(ids))
                if n_rank == 1:
                    data["ties"] = [data["ranking"][1]]
                n_rank += 1
                data["scores"] = {rid: {c: 3 for c in criteria} for rid in ids}
            elif kind == "review":
                data["verdict"] = "revise"
                data["scores"] = {ids[0]: {c: 4 for c in criteria}}
            elif kind == "write":
                answer = "An answer that starts with a space?\n\n- and a list\n"
                answer = " " + answer
            con.execute("INSERT INTO annotations (task_id, set_id, annotator, state, choice, strength, justification,"
                        " data, answer, created_at, updated_at, submitted_at, active_ms)"
                        " VALUES (?, ?, 'ana', 'submitted', ?, ?, 'Correctness: why.', ?, ?, 1700000000000,"
                        " 1700000100000, 1700000200000, 95500)",
                        (task_id, set_id, choice, strength, json.dumps(data), answer))
        con.commit()
        con.close()

    def export_all(self):
        self.annotate_samples()
        files = {}
        for name, options in WRITTEN.items():
            fmt = name.split("-margin")[0]
            out = self.path(name + ".jsonl")
            self.cli("export", "--format", fmt, *options, "-o", out, "--db", self.db)
            self.assertGreater(os.path.getsize(out), 0, name)
            files[name] = (fmt, out)
        return files

    def test_round_trip_byte_identical(self):
        # A file Rubric wrote, converted to its own format, is the same file.
        for name, (fmt, path) in self.export_all().items():
            with self.subTest(format=name):
                r = self.cli("validate", path)
                self.assertIn("read as", r.stdout)
                out = self.path(name + ".again.jsonl")
                self.cli("convert", path, "--to", fmt, "-o", out)
                with open(path, "rb") as a, open(out, "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)

    def test_round_trip_labels(self):
        # What a pair format says comes back as the task's gold.
        files = self.export_all()
        for name in ("trl", "openai-preference", "hh"):
            fmt, path = files[name]
            with self.subTest(format=name):
                out = self.path(name + ".tasks.jsonl")
                self.cli("convert", path, "--to", "rubric-tasks", "-o", out)
                tasks = lines_of(out)[1:]
                pairs = lines_of(path)
                self.assertEqual(len(tasks), len(pairs))
                for task in tasks:
                    self.assertEqual(task["kind"], "compare")
                    self.assertIn(task["gold"]["choice"], ("A", "B"))
                    self.assertEqual(task["gold"]["source"]["format"], fmt)
        # Written answers come back as the gold answer, space and all.
        for name in ("sft", "prompt-completion"):
            fmt, path = files[name]
            out = self.path(name + ".tasks.jsonl")
            self.cli("convert", path, "--to", "rubric-tasks", "-o", out)
            tasks = lines_of(out)[1:]
            self.assertTrue(tasks)
            for task in tasks:
                self.assertEqual(task["kind"], "write")
                self.assertEqual(task["gold"]["answer"], " An answer that starts with a space?\n\n- and a list\n")
        # Records come back as their tasks with the judgement as gold.
        fmt, path = files["records"]
        out = self.path("records.tasks.jsonl")
        self.cli("convert", path, "--to", "rubric-tasks", "-o", out)
        tasks = {t["id"]: t for t in lines_of(out)[1:]}
        with open(SAMPLES, encoding="utf-8") as f:
            originals = [json.loads(line) for line in f][1:]
        self.assertEqual(len(tasks), len(originals))
        for original in originals:
            task = tasks[original["id"]]
            gold = task.pop("gold")
            if "gold" in original:
                self.assertEqual(gold["reference"], original.pop("gold"))
            self.assertEqual(task, original)
            self.assertEqual(gold["annotator"], "ana")

    def test_tasks_to_tasks_is_identical(self):
        out = self.path("samples.jsonl")
        self.cli("convert", SAMPLES, "--to", "rubric-tasks", "-o", out)
        with open(SAMPLES, "rb") as a, open(out, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_hh_to_trl_and_back(self):
        hh = os.path.join(REALDATA, "hh-rlhf-harmless-base-test.jsonl")
        gz = self.path("hh.jsonl.gz")
        with open(hh, "rb") as f, gzip.open(gz, "wb") as g:
            g.write(f.read())
        trl = self.path("hh.trl.jsonl")
        r = self.cli("convert", gz, "--to", "trl", "-o", trl)
        self.assertIn("Wrote 200 trl lines", r.stdout)
        pairs = lines_of(trl)
        originals = lines_of(hh)
        # One turn: TRL's standard form; more: the conversational one.
        n_conversational = 0
        for pair, original in zip(pairs, originals):
            chosen = pair["chosen"]
            if isinstance(chosen, list):
                n_conversational += 1
                self.assertEqual(chosen[-1]["role"], "assistant")
                chosen = chosen[-1]["content"]
            self.assertTrue(original["chosen"].endswith("Assistant: " + chosen) or
                            original["chosen"].endswith("Assistant:" + chosen))
        self.assertGreater(n_conversational, 100)
        # And back to HH: the same transcripts.
        back = self.path("back.hh.jsonl")
        self.cli("convert", trl, "--to", "hh", "-o", back)
        self.assertEqual(lines_of(back), originals)

    def test_ties_never_pair(self):
        tasks = self.path("ties.jsonl")
        with open(tasks, "w", encoding="utf-8") as f:
            f.write(json.dumps({"format": "rubric-tasks/1", "name": "ties"}) + "\n")
            for i, choice in enumerate(["A", "tie", "both-bad", "B"]):
                f.write(json.dumps({"id": f"t{i}", "kind": "compare", "prompt": "Which sea?",
                                    "responses": [{"id": "a", "content": "Baltic."}, {"id": "b", "content": "1945."}],
                                    "gold": {"choice": choice}}) + "\n")
        out = self.path("ties.trl.jsonl")
        r = self.cli("convert", tasks, "--to", "trl", "-o", out)
        self.assertIn("Wrote 2 trl lines", r.stdout)
        self.assertEqual([p["chosen"] for p in lines_of(out)], ["Baltic.", "1945."])
        out = self.path("ties.unpaired.jsonl")
        self.cli("convert", tasks, "--to", "trl-unpaired", "-o", out)
        self.assertEqual([u["label"] for u in lines_of(out)], [True, False, True, True, False, False, True, False])

    def test_diverging_turns_are_implicit_prompt(self):
        src = self.path("diverge.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps({"chosen": "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: A sea?\n\nAssistant: Baltic.",
                                "rejected": "\n\nHuman: Hi\n\nAssistant: Go away.\n\nHuman: A sea?\n\nAssistant: No."}) + "\n")
        out = self.path("diverge.trl.jsonl")
        self.cli("convert", src, "--to", "trl", "-o", out)
        (pair,) = lines_of(out)
        self.assertNotIn("prompt", pair)
        self.assertEqual(pair["chosen"], [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"},
                                          {"role": "user", "content": "A sea?"},
                                          {"role": "assistant", "content": "Baltic."}])
        self.assertEqual(pair["rejected"][1], {"role": "assistant", "content": "Go away."})
        # OpenAI preference has no shared input for it: nothing is written.
        r = self.cli("convert", src, "--to", "openai-preference", "-o", self.path("x.jsonl"))
        self.assertIn("Wrote 0 openai-preference lines", r.stdout)

    def test_stdin_and_stdout(self):
        hh = os.path.join(REALDATA, "hh-rlhf-harmless-base-test.jsonl")
        with open(hh, encoding="utf-8") as f:
            data = f.read()
        r = self.cli("convert", "-", "--to", "hh", "-o", "-", stdin=data)
        self.assertEqual([json.loads(line) for line in r.stdout.splitlines()], lines_of(hh))
        self.assertIn("Wrote 200 hh lines", r.stderr)

    def test_errors_name_file_line_field(self):
        src = self.path("bad.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            f.write(json.dumps({"chosen": "\n\nHuman: Hi\n\nAssistant: A", "rejected": "\n\nHuman: Hi\n\nAssistant: B"}) + "\n")
            f.write(json.dumps({"chosen": "\n\nHuman: Hi\n\nAssistant: A", "rejected": 5}) + "\n")
        out = self.path("bad.trl.jsonl")
        r = self.cli("convert", src, "--to", "trl", "-o", out, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn(src + ":2: rejected: must be text, not int", r.stderr)
        self.assertIn("1 problem; nothing was written", r.stderr)
        self.assertFalse(os.path.exists(out))
        r = self.cli("convert", src, "--to", "trl", "-o", out, "--skip-invalid")
        self.assertIn("Wrote 1 trl lines", r.stdout)
        r = self.cli("convert", src, "--to", "nope", "-o", out, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--to must be records, trl", r.stderr)
        r = self.cli("convert", src, "--from", "nope", "--to", "trl", "-o", out, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--from must be rubric-tasks, records", r.stderr)

    def test_problems_in_line_order(self):
        # Converting parses ahead in a thread: the problems it meets still
        # come in line order, each with its line, and the rest converts.
        good = json.dumps({"chosen": "\n\nHuman: Hi\n\nAssistant: A", "rejected": "\n\nHuman: Hi\n\nAssistant: B"})
        src = self.path("mixed-bad.jsonl")
        with open(src, "wb") as f:
            for i in range(1, 2001):
                if i == 700:
                    f.write(b'{"chosen": "\\n\\nHuman: x", "rejected": \n')
                elif i == 1300:
                    f.write(b'{"chosen": "\xff", "rejected": "y"}\n')
                elif i == 1301:
                    f.write(b'[1, 2]\n')
                elif i == 1800:
                    f.write(b'\n')
                else:
                    f.write(good.encode() + b"\n")
        out = self.path("mixed-bad.trl.jsonl")
        r = self.cli("convert", src, "--to", "trl", "-o", out, "--skip-invalid")
        problems = [line for line in r.stderr.splitlines() if line.startswith(src)]
        self.assertEqual([p[len(src):].split(":")[1] for p in problems], ["700", "1300", "1301"], r.stderr)
        self.assertIn("cut off before its end", problems[0])
        self.assertIn("invalid UTF-8 at byte", problems[1])
        self.assertIn("must be a JSON object", problems[2])
        self.assertIn("Wrote 1996 trl lines", r.stdout)
        self.assertEqual(len(lines_of(out)), 1996)

    def test_labels_drop(self):
        hh = os.path.join(REALDATA, "hh-rlhf-harmless-base-test.jsonl")
        out = self.path("blind.jsonl")
        self.cli("convert", hh, "--to", "rubric-tasks", "--labels", "drop", "-o", out)
        tasks = lines_of(out)[1:]
        self.assertEqual(len(tasks), 200)
        self.assertFalse(any("gold" in t for t in tasks))
        # The set is a blind re-annotation: importing it works.
        r = self.cli("import", out, "--db", self.db)
        self.assertIn("Imported 200 tasks", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
