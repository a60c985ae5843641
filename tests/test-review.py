#!/usr/bin/env python3
# test-review.py — records exports opened as one review (rubric-cli review):
# records → workspace → records, annotators across files, task conflicts,
# bad lines, reopening, and the merge of a review.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import os
import sqlite3
import unittest

from clitest import CliTestCase

RECOMPUTED = {"chosen_response", "rubric", "draft_edit_distance_words", "gold_check", "task"}


def compare(i, prompt=None):
    return {"id": f"t{i}", "kind": "compare", "prompt": prompt or f"Prompt {i}: é, \u05e9\u05dc\u05d5\u05dd, 🙂",
            "responses": [{"id": "a", "content": f"- x{i}"}, {"id": "b", "content": f"1945.\n\n# y{i}"}]}


RANK = {"id": "r0", "kind": "rank", "prompt": "Rank these", "responses": [{"id": k, "content": k} for k in "abc"]}
WRITE = {"id": "w0", "kind": "write", "prompt": "Write a haiku", "system": "Be brief."}
REVIEW = {"id": "v0", "kind": "review", "prompt": "Check", "responses": [{"id": "r", "content": "The sky is green."}]}


def record(task, annotator, **judgement):
    r = {"task_id": task["id"], "task_set": "batch-7", "kind": task["kind"], "annotator": annotator,
         "state": "submitted", "choice": None, "strength": None, "justification": "", "swapped": False,
         "scores": {}, "flags": {}, "ranking": [], "ties": [], "spans": [], "verdict": None, "self_check": [],
         "overrides": [], "skip_reason": None, "pasted_chars": 0,
         "created_at": "2026-11-02T09:00:00Z", "updated_at": "2026-11-02T09:03:00Z",
         "submitted_at": "2026-11-02T09:03:00Z", "active_seconds": 42.5}
    r.update(judgement)
    r["task"] = task
    return r


def contractors():
    T = [compare(i) for i in range(6)]
    plan = {"ann1": "AABBAA", "ann2": "ABBAAB", "ann3": "AAB AB"}
    files = {}
    for n, (name, choices) in enumerate(plan.items()):
        recs = []
        for i, c in enumerate(choices):
            if c == " ":
                recs.append(record(T[i], name, state="skipped", skip_reason="unsure", submitted_at=None))
                continue
            recs.append(record(T[i], name, choice=c, strength=1 + (i + n) % 3, swapped=(i + n) % 2 == 1,
                               justification=f"{name} on t{i}: \"quoted\"\n\tnext line",
                               scores={"a": {"correctness": 4}, "b": {"correctness": 2}},
                               spans=[{"response": "a", "start": 0, "end": 1, "quote": "-", "flag": "style",
                                       "severity": "minor", "comment": "c", "correction": None}],
                               pasted_chars=3 * i))
        recs.append(record(RANK, name, ranking=["b", "a", "c"] if n else ["a", "b", "c"], ties=[]))
        recs.append(record(WRITE, name, answer=f"Haiku by {name}\n", justification=""))
        recs.append(record(REVIEW, name, verdict="incorrect" if n < 2 else "correct"))
        files[name] = recs
    return files


class ReviewTest(CliTestCase):
    prefix = "rubric-review-"

    def setUp(self):
        super().setUp()
        self.db = self.path("workspace.db")

    def cli(self, *args, check=True, db=None):
        return super().cli(*args, "--db", db or self.db, check=check)

    def contractor_files(self, folder="in"):
        return [self.write(os.path.join(folder, f"{name}.jsonl"), recs) for name, recs in contractors().items()]

    def export(self, name, db=None, set_id="1"):
        out = self.path(name)
        self.cli("export", "--format", "records", "-o", out, "--set", set_id, db=db)
        with open(out, encoding="utf-8") as f:
            return f.read().splitlines()

    def test_round_trip(self):
        files = self.contractor_files()
        r = self.cli("review", *files)
        self.assertIn("Review “batch-7” (set 1): 27 records of 3 annotators on 9 tasks, 0 decisions", r.stdout)
        first = self.export("r1.jsonl")
        self.assertEqual(len(first), 27)
        by_key = {(o["task_id"], o["annotator"]): o for o in map(json.loads, first)}
        for recs in contractors().values():
            for rec in recs:
                out = by_key[(rec["task_id"], rec["annotator"])]
                for key, value in rec.items():
                    if key not in RECOMPUTED:
                        self.assertEqual(out[key], value, (rec["task_id"], rec["annotator"], key))
                self.assertEqual(out["task"], rec["task"])
        # The task's text is kept byte for byte as the record carried it.
        raw = json.dumps(compare(0), ensure_ascii=False)
        self.assertTrue(any(('"task":' + raw + "}") in line for line in first), raw)
        # Once more through a new workspace: the same records, byte for byte.
        again = self.path("again.db")
        self.cli("review", self.path("r1.jsonl"), db=again)
        second = self.export("r2.jsonl", db=again)
        self.assertEqual(sorted(first), sorted(second))

    def test_repeats_come_back_as_repeats(self):
        recs = contractors()
        again = record(compare(0), "ann1", choice="B", strength=1, swapped=True, repeat=True)
        files = [self.write("ann1.jsonl", recs["ann1"] + [again]), self.write("ann2.jsonl", recs["ann2"])]
        r = self.cli("review", *files)
        self.assertEqual(r.stderr, "")
        self.assertIn("19 records of 2 annotators on 10 tasks", r.stdout)
        out = [json.loads(line) for line in self.export("r.jsonl")]
        repeats = [o for o in out if o["repeat"]]
        self.assertEqual(len(repeats), 1)
        self.assertEqual((repeats[0]["task_id"], repeats[0]["choice"], repeats[0]["swapped"]), ("t0", "B", True))
        self.assertEqual(repeats[0]["task"], compare(0))
        # Agreement does not count the repeat as a vote; bias sees the flip.
        direct = json.loads(self.cli("agreement", "--json", *files).stdout)
        through = json.loads(self.cli("agreement", "--json", self.path("r.jsonl")).stdout)
        self.assertEqual(direct["choice"], through["choice"])
        bias = json.loads(self.cli("bias", "--json", self.path("r.jsonl")).stdout)
        ann1 = [a for a in bias["annotators"] if a["annotator"] == "ann1"][0]
        self.assertEqual(ann1["position"]["flip_pairs"], 1)

    def test_annotators_across_files_and_compressed(self):
        recs = contractors()
        half = len(recs["ann1"]) // 2
        a = self.write("a.jsonl", recs["ann1"][:half] + recs["ann2"])
        b = self.path("b.jsonl.gz")
        with gzip.open(b, "wt", encoding="utf-8") as f:
            for rec in recs["ann1"][half:] + recs["ann3"]:
                f.write(json.dumps(rec) + "\n")
        r = self.cli("review", a, b)
        self.assertIn("27 records of 3 annotators on 9 tasks", r.stdout)
        self.assertEqual(r.stderr, "")

    def test_agreement_unchanged_and_swaps_undone(self):
        files = self.contractor_files()
        self.cli("review", *files)
        self.export("r1.jsonl")
        direct = json.loads(self.cli("agreement", "--json", *files).stdout)
        through = json.loads(self.cli("agreement", "--json", self.path("r1.jsonl")).stdout)
        self.assertEqual(direct["choice"], through["choice"])
        self.assertEqual(direct["pairs"], through["pairs"])
        # Compressed exports read as they are, by every command that reads records.
        zipped = []
        for f in files:
            with open(f, "rb") as src, gzip.open(f + ".gz", "wb") as dst:
                dst.write(src.read())
            zipped.append(f + ".gz")
        self.assertEqual(json.loads(self.cli("agreement", "--json", *zipped).stdout), direct)
        self.assertEqual(json.loads(self.cli("bias", "--json", *zipped).stdout),
                         json.loads(self.cli("bias", "--json", *files).stdout))
        # Swapped sides were recorded in task terms; t0 is A by everyone.
        self.assertGreater(direct["choice"]["n"], 0)

    def test_conflicting_task_content(self):
        recs = contractors()
        changed = [dict(r) for r in recs["ann2"]]
        changed[1] = dict(changed[1], task=compare(1, prompt="A different prompt"))
        files = [self.write("ann1.jsonl", recs["ann1"]), self.write("ann2.jsonl", changed)]
        r = self.cli("review", *files)
        self.assertIn("task “t1”", r.stderr)
        self.assertIn("ann1.jsonl, line 2", r.stderr)
        self.assertIn("ann2.jsonl, line 2", r.stderr)
        self.assertIn("different content", r.stderr)

    def test_same_annotator_twice(self):
        recs = contractors()["ann1"]
        late = record(compare(0), "ann1", choice="B", strength=3)
        files = [self.write("one.jsonl", recs), self.write("two.jsonl", [late])]
        r = self.cli("review", *files)
        self.assertIn("ann1: task “t0” twice", r.stderr)
        self.assertIn("the later record is kept", r.stderr)
        out = {(o["task_id"], o["annotator"]): o for o in map(json.loads, self.export("out.jsonl"))}
        self.assertEqual(out[("t0", "ann1")]["choice"], "B")

    def test_bad_lines(self):
        recs = contractors()["ann1"]
        bad_task = record(compare(9), "ann9", choice="A")
        bad_task["task"] = {"id": "t9", "kind": "compare", "prompt": "p"}
        text = ("not json\n" + json.dumps({"task_id": "x"}) + "\n" +
                json.dumps(dict(recs[0], task_id="other")) + "\n" + json.dumps(bad_task) + "\n")
        path = self.write("mixed.jsonl", recs, text=text)
        with open(path, "ab") as f:
            f.write(b'{"task_id": "t\xff"}\n')
        r = self.cli("review", path)
        self.assertIn("9 records of 1 annotators", r.stdout)
        for expect in ["mixed.jsonl, line 1: not a JSON object", "mixed.jsonl, line 2: task: missing",
                       "mixed.jsonl, line 3: task_id: “other” is not the id", "mixed.jsonl, line 4: task.responses",
                       "mixed.jsonl, line 14: not valid UTF-8"]:
            self.assertIn(expect, r.stderr)

    def test_nothing_readable(self):
        path = self.write("junk.jsonl", [], text="nope\n{}\n")
        r = self.cli("review", path, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("junk.jsonl, line 1", r.stderr)
        with sqlite3.connect(self.db) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM task_sets").fetchone()[0], 0)
        r = self.cli("review", self.path("missing.jsonl"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing.jsonl: no such file", r.stderr)
        os.makedirs(self.path("empty"))
        r = self.cli("review", self.path("empty"), check=False)
        self.assertIn("no records exports in this folder", r.stderr)

    def test_reopen_by_folder_in_any_order(self):
        files = self.contractor_files("folder")
        self.cli("review", *files)
        r = self.cli("review", *reversed(files))
        self.assertIn("Back to review “batch-7” (set 1)", r.stdout)
        r = self.cli("review", self.path("folder"))
        self.assertIn("Back to review “batch-7” (set 1)", r.stdout)
        with sqlite3.connect(self.db) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM task_sets").fetchone()[0], 1)

    def test_merged_review_equals_merge(self):
        files = self.contractor_files()
        for method in ["majority", "mean-strength"]:
            self.cli("merge", *files, "--format", "rubric-tasks", "--method", method, "-o", self.path("m1.jsonl"),
                     db=self.path("unused.db"))
            r = self.cli("review", *files, "--format", "rubric-tasks", "--method", method, "-o", self.path("m2.jsonl"))
            self.assertIn("Merged into 9 tasks", r.stdout)
            with open(self.path("m1.jsonl"), encoding="utf-8") as f1, open(self.path("m2.jsonl"), encoding="utf-8") as f2:
                m1 = {o["id"]: o["gold"] for o in map(json.loads, f1.read().splitlines()[1:])}
                m2 = {o["id"]: o["gold"] for o in map(json.loads, f2.read().splitlines()[1:])}
            for gold in list(m1.values()) + list(m2.values()):
                gold.pop("source", None)
            self.assertEqual(m1, m2, method)
        r = self.cli("review", *files, "-o", self.path("x"), check=False)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
