#!/usr/bin/env python3
# test-merge.py — rubric-cli assign and rubric-cli merge (with Bradley–Terry)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import unittest

from clitest import CliTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "resources", "samples", "tasks.jsonl")


def lines_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def compare(i, models=("m1", "m2")):
    return {"id": f"t{i}", "kind": "compare", "prompt": f"P{i}",
            "responses": [{"id": "a", "model": models[0], "content": f"x{i}"},
                          {"id": "b", "model": models[1], "content": f"y{i}"}]}


def rank(i):
    return {"id": f"r{i}", "kind": "rank", "prompt": f"R{i}",
            "responses": [{"id": k, "content": k} for k in "abc"]}


def record(task, annotator, **judgement):
    r = {"task_id": task["id"], "task_set": "s", "kind": task["kind"], "annotator": annotator,
         "state": "submitted"}
    r.update(judgement)
    r["task"] = task
    return r


class Base(CliTestCase):
    prefix = "rubric-merge-"


class AssignTest(Base):
    def sample_tasks(self):
        with open(SAMPLES, encoding="utf-8") as f:
            lines = f.read().splitlines()
        return lines[0], lines[1:]

    def assign(self, n, k, out="out", src=SAMPLES):
        d = self.path(out)
        self.cli("assign", src, "--annotators", str(n), "--overlap", str(k), "-o", d)
        return d

    def test_counts_and_overlap(self):
        header, tasks = self.sample_tasks()
        for n, k in [(4, 2), (7, 3), (3, 3), (5, 1), (1, 1)]:
            d = self.assign(n, k, out=f"out-{n}-{k}")
            names = sorted(os.listdir(d))
            self.assertEqual(names, [f"tasks-{a + 1:02d}.jsonl" for a in range(n)])
            seen = {}
            sizes = []
            for name in names:
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    lines = f.read().splitlines()
                self.assertEqual(json.loads(lines[0])["format"], "rubric-tasks/1")
                self.assertEqual(json.loads(lines[0])["name"], json.loads(header)["name"])
                sizes.append(len(lines) - 1)
                ids = [json.loads(line)["id"] for line in lines[1:]]
                self.assertEqual(len(ids), len(set(ids)), "a task twice in one file")
                for line in lines[1:]:
                    self.assertIn(line, tasks, "the task's text as read")
                    seen.setdefault(json.loads(line)["id"], []).append(name)
            self.assertEqual(len(seen), len(tasks))
            self.assertTrue(all(len(v) == k for v in seen.values()), (n, k))
            self.assertLessEqual(max(sizes) - min(sizes), 1, (n, k, sizes))
            self.assertEqual(sum(sizes), len(tasks) * k)
            # Each rubric-tasks file is valid.
            for name in names:
                self.cli("validate", os.path.join(d, name))

    def test_round_robin(self):
        _, tasks = self.sample_tasks()
        d = self.assign(4, 2)
        first = [json.loads(line)["id"] for line in tasks]
        for a in range(4):
            ids = [o["id"] for o in lines_of(os.path.join(d, f"tasks-{a + 1:02d}.jsonl"))[1:]]
            expect = [first[i] for i in range(len(first)) if any((i * 2 + j) % 4 == a for j in range(2))]
            self.assertEqual(ids, expect)

    def test_deterministic(self):
        d1 = self.assign(5, 2, out="one")
        d2 = self.assign(5, 2, out="two")
        for name in sorted(os.listdir(d1)):
            with open(os.path.join(d1, name), "rb") as f1, open(os.path.join(d2, name), "rb") as f2:
                self.assertEqual(f1.read(), f2.read())

    def test_other_format(self):
        src = self.write("prefs.jsonl", [{"prompt": f"p{i}", "chosen": "c", "rejected": "r"} for i in range(5)])
        d = self.assign(2, 1, src=src)
        files = sorted(os.listdir(d))
        self.assertEqual(files, ["prefs-01.jsonl", "prefs-02.jsonl"])
        sizes = [len(lines_of(os.path.join(d, f))) - 1 for f in files]
        self.assertEqual(sizes, [3, 2])
        self.assertEqual(lines_of(os.path.join(d, files[0]))[0]["format"], "rubric-tasks/1")

    def test_errors(self):
        d = self.path("err")
        r = self.cli("assign", SAMPLES, "--annotators", "2", "--overlap", "3", "-o", d, check=False)
        self.assertEqual(r.returncode, 2)
        r = self.cli("assign", SAMPLES, "--annotators", "0", "--overlap", "1", "-o", d, check=False)
        self.assertEqual(r.returncode, 2)
        r = self.cli("assign", SAMPLES, "--annotators", "2", "--overlap", "0", "-o", d, check=False)
        self.assertEqual(r.returncode, 2)
        r = self.cli("assign", SAMPLES, "--annotators", "2", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(d))
        # A directory that cannot be made (under a file).
        blocker = self.write("blocker", [])
        r = self.cli("assign", SAMPLES, "--annotators", "2", "-o", os.path.join(blocker, "sub"), check=False)
        self.assertEqual(r.returncode, 1)
        # Problems in the file: nothing written.
        with open(SAMPLES, encoding="utf-8") as f:
            text = f.read()
        bad = self.path("bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text + '{"id": "broken", "kind": "compare"}\n')
        r = self.cli("assign", bad, "--annotators", "2", "--overlap", "1", "-o", d, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nothing was written", r.stderr)
        self.assertFalse(os.path.exists(d) and os.listdir(d))


class MergeTest(Base):
    def three_files(self):
        T = [compare(i) for i in range(5)]
        R = [rank(0), rank(1)]
        a1 = [record(T[0], "ann1", choice="A", strength=3),
              record(T[1], "ann1", choice="A", strength=2),
              record(T[2], "ann1", choice="A"),
              record(T[3], "ann1", choice="A", strength=1),
              record(T[4], "ann1", choice="A", strength=3),
              record(R[0], "ann1", ranking=["b", "a", "c"], ties=[]),
              record(R[1], "ann1", ranking=["a", "b", "c"], ties=[])]
        a2 = [record(T[0], "ann2", choice="A", strength=2),
              record(T[1], "ann2", choice="A", strength=1),
              record(T[2], "ann2", choice="B"),
              record(T[3], "ann2", choice="B", strength=2),
              record(T[4], "ann2", choice="A", strength=3),
              record(R[0], "ann2", ranking=["b", "a", "c"], ties=[]),
              record(R[1], "ann2", ranking=["b", "a", "c"], ties=[])]
        a3 = [record(T[0], "ann3", choice="A", strength=2),
              record(T[1], "ann3", choice="B", strength=3),
              record(T[2], "ann3", choice="tie"),
              record(T[3], "adjudicator", choice="B", strength=3),
              record(T[4], "ann3", choice="B", strength=1),
              record(T[4], "lead", choice="B", strength=2, adjudicated=True),
              record(R[0], "ann3", ranking=["b", "a", "c"], ties=[]),
              record(R[1], "ann3", ranking=["c", "a", "b"], ties=["b"])]
        return [self.write("a1.jsonl", a1), self.write("a2.jsonl", a2), self.write("a3.jsonl", a3)]

    def merged(self, files, *args):
        out = self.path("merged.jsonl")
        self.cli("merge", *files, "--format", "rubric-tasks", "-o", out, *args)
        lines = lines_of(out)
        self.assertEqual(lines[0]["format"], "rubric-tasks/1")
        return {t["id"]: t["gold"] for t in lines[1:]}

    def test_majority(self):
        gold = self.merged(self.three_files())
        self.assertEqual(gold["t0"]["merge"], "unanimous")
        self.assertEqual((gold["t0"]["choice"], gold["t0"]["strength"]), ("A", 2))  # mean 7/3
        self.assertEqual(gold["t0"]["votes"], {"A": 3})
        self.assertEqual(gold["t0"]["annotators"], ["ann1", "ann2", "ann3"])
        self.assertEqual(gold["t1"]["merge"], "majority")
        self.assertEqual((gold["t1"]["choice"], gold["t1"]["strength"]), ("A", 2))  # mean 1.5 rounds up
        self.assertEqual(gold["t1"]["votes"], {"A": 2, "B": 1})
        self.assertEqual(gold["t2"]["merge"], "unresolved")
        self.assertNotIn("choice", gold["t2"])
        self.assertEqual(gold["t2"]["votes"], {"A": 1, "B": 1, "tie": 1})
        # A tie between A and B, broken by the adjudicator.
        self.assertEqual(gold["t3"]["merge"], "adjudicated")
        self.assertEqual((gold["t3"]["choice"], gold["t3"]["strength"]), ("B", 3))
        self.assertEqual(gold["t3"]["adjudicator"], "adjudicator")
        self.assertEqual(gold["t3"]["votes"], {"A": 1, "B": 1})
        # With majority, a marked adjudicator does not overrule a majority.
        self.assertEqual(gold["t4"]["merge"], "majority")
        self.assertEqual((gold["t4"]["choice"], gold["t4"]["strength"]), ("A", 3))

    def test_adjudicated_method(self):
        gold = self.merged(self.three_files(), "--method", "adjudicated")
        self.assertEqual(gold["t4"]["merge"], "adjudicated")
        self.assertEqual((gold["t4"]["choice"], gold["t4"]["strength"], gold["t4"]["adjudicator"]), ("B", 2, "lead"))
        self.assertEqual(gold["t3"]["merge"], "adjudicated")
        self.assertEqual(gold["t0"]["merge"], "unanimous")
        self.assertEqual(gold["t2"]["merge"], "unresolved")

    def test_mean_strength(self):
        files = self.three_files()
        gold = self.merged(files, "--method", "mean-strength")
        self.assertEqual((gold["t0"]["merge"], gold["t0"]["choice"], gold["t0"]["strength"]), ("unanimous", "A", 2))
        # A2, A1, B3: a mean of 0 is a tie where the set allows ties (the default).
        self.assertEqual((gold["t1"]["merge"], gold["t1"]["choice"]), ("majority", "tie"))
        self.assertNotIn("strength", gold["t1"])
        # A, B (no strength: 1 each) and a tie: 0.
        self.assertEqual(gold["t2"]["choice"], "tie")
        # A1, B2: B by a mean of −0.5, strength 1 (majority voting sends it to the adjudicator).
        self.assertEqual((gold["t3"]["merge"], gold["t3"]["choice"], gold["t3"]["strength"]), ("majority", "B", 1))
        self.assertEqual(self.merged(files)["t3"]["merge"], "adjudicated")
        # A3, A3, B1: A by 5/3, strength 2; the adjudicator is not a voter.
        self.assertEqual((gold["t4"]["choice"], gold["t4"]["strength"]), ("A", 2))
        # The set's rule: without ties, an even mean is unresolved, or the adjudicator's.
        tasks = self.write("tasks.jsonl", [{"format": "rubric-tasks/1", "settings": {"allow_tie": False}}, compare(1)])
        gold = self.merged(files, "--method", "mean-strength", "--tasks", tasks)
        self.assertEqual(gold["t1"]["merge"], "unresolved")
        self.assertNotIn("choice", gold["t1"])
        r = self.cli("merge", *files, "--method", "median", "--format", "trl", "-o", self.path("x"), check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("mean-strength", r.stderr)

    def test_last_record_wins(self):
        files = self.three_files()
        late = self.write("late.jsonl", [record(compare(2), "ann3", choice="A", strength=1)])
        gold = self.merged(files + [late])
        self.assertEqual(gold["t2"]["merge"], "majority")
        self.assertEqual(gold["t2"]["votes"], {"A": 2, "B": 1})
        self.assertEqual(gold["t2"]["annotators"], ["ann1", "ann2", "ann3"])

    def test_rank(self):
        gold = self.merged(self.three_files())
        self.assertEqual(gold["r0"]["merge"], "unanimous")
        self.assertEqual(gold["r0"]["ranking"], ["b", "a", "c"])
        self.assertEqual(gold["r0"]["ties"], [])
        # Borda over a b c | b a c | c, a~b (a point a response below, half a tie):
        # a: 2 + 1 + 0.5 = 3.5, b: 1 + 2 + 0.5 = 3.5, c: 0 + 0 + 2 = 2
        self.assertEqual(gold["r1"]["merge"], "majority")
        self.assertEqual(gold["r1"]["votes"], {"a": 3.5, "b": 3.5, "c": 2.0})
        self.assertEqual(gold["r1"]["ranking"], ["a", "b", "c"])
        self.assertEqual(gold["r1"]["ties"], ["b"])

    def test_trl(self):
        files = self.three_files()
        out = self.path("merged.trl.jsonl")
        r = self.cli("merge", *files, "--format", "trl", "-o", out)
        self.assertIn("2 unanimous, 3 majority, 1 adjudicated, 1 unresolved", r.stdout)
        pairs = lines_of(out)
        compares = [p for p in pairs if p["prompt"].startswith("P")]
        # t2 is unresolved: no pair.
        self.assertEqual([p["prompt"] for p in compares], ["P0", "P1", "P3", "P4"])
        self.assertEqual([p["chosen"] for p in compares], ["x0", "x1", "y3", "x4"])
        ranks = [(p["prompt"], p["chosen"], p["rejected"]) for p in pairs if p["prompt"].startswith("R")]
        self.assertEqual(ranks, [("R0", "b", "a"), ("R0", "b", "c"), ("R0", "a", "c"), ("R1", "a", "c"), ("R1", "b", "c")])
        # Each line says where it came from.
        self.assertEqual([p["merge"] for p in compares], ["unanimous", "majority", "adjudicated", "majority"])
        self.assertEqual({p["merge"] for p in pairs if p["prompt"].startswith("R")}, {"unanimous", "majority"})

    def test_every_format_says_where_from(self):
        files = self.three_files()
        for fmt in ["records", "trl-unpaired", "openai-preference", "hh", "sft", "prompt-completion", "helpsteer"]:
            out = self.path(f"merged.{fmt}.jsonl")
            self.cli("merge", *files, "--format", fmt, "-o", out)
            for line in lines_of(out):
                self.assertIn(line["merge"], ("unanimous", "majority", "adjudicated", "unresolved"), fmt)
                if fmt != "records":
                    self.assertNotEqual(line["merge"], "unresolved", fmt)

    def test_records(self):
        files = self.three_files()
        out = self.path("merged.records.jsonl")
        self.cli("merge", *files, "--format", "records", "-o", out)
        recs = {r["task_id"]: r for r in lines_of(out)}
        self.assertEqual(len(recs), 7)
        self.assertEqual(recs["t1"]["choice"], "A")
        self.assertEqual(recs["t1"]["annotator"], "merge")
        self.assertIsNone(recs["t2"]["choice"])
        self.assertEqual(recs["t2"]["task"]["gold"]["merge"], "unresolved")
        self.assertEqual(recs["r1"]["ranking"], ["a", "b", "c"])
        self.assertEqual(recs["r1"]["ties"], ["b"])
        # Every export format takes the merged tasks.
        for fmt in ["trl-unpaired", "openai-preference", "hh", "sft", "prompt-completion", "helpsteer"]:
            self.cli("merge", *files, "--format", fmt, "-o", self.path("m." + fmt))

    def test_errors(self):
        files = self.three_files()
        out = self.path("never.jsonl")
        r = self.cli("merge", *files, "--format", "nope", "-o", out, check=False)
        self.assertEqual(r.returncode, 2)
        r = self.cli("merge", *files, "--format", "trl", "--method", "vote", "-o", out, check=False)
        self.assertEqual(r.returncode, 2)
        bad = self.write("bad.jsonl", [{"task_id": "x", "task": {"id": "y", "kind": "compare"}}])
        r = self.cli("merge", files[0], bad, "--format", "trl", "-o", out, check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nothing was written", r.stderr)
        self.assertFalse(os.path.exists(out))


class BradleyTerryTest(Base):
    # wins A>B 2, B>A 1, B>C 2, C>B 1, A>C 2, C>A 1. The maximum-likelihood
    # strengths, geometric mean 1, found by gradient ascent on the
    # log-likelihood in Python (not by the MM steps Rubric takes):
    #   import math
    #   w = [[0, 2, 2], [1, 0, 2], [1, 1, 0]]; t = [0.0] * 3
    #   for _ in range(200000):
    #       g = [sum(w[i][j] - (w[i][j] + w[j][i]) / (1 + math.exp(t[j] - t[i]))
    #                for j in range(3) if j != i) for i in range(3)]
    #       t = [x + 0.05 * d for x, d in zip(t, g)]; m = sum(t) / 3; t = [x - m for x in t]
    #   [math.exp(x) for x in t]
    EXPECTED = {"A": 1.5971262567403466, "B": 1.0, "C": 0.6261245757996297}

    def test_known_answer(self):
        games = [("A", "B", 2), ("B", "A", 1), ("B", "C", 2), ("C", "B", 1), ("A", "C", 2), ("C", "A", 1)]
        records = []
        i = 0
        for winner, loser, count in games:
            for _ in range(count):
                # The winner on either side, so that the choice is read in the task's terms.
                models = (winner, loser) if i % 2 == 0 else (loser, winner)
                records.append(record(compare(i, models), "ann1", choice="A" if i % 2 == 0 else "B"))
                i += 1
        # Two ties between A and C (half a win each way, each) and a
        # "both bad" (nothing): A-C becomes 3 : 2.
        records.append(record(compare(100, ("A", "C")), "ann1", choice="tie"))
        records.append(record(compare(101, ("C", "A")), "ann1", choice="tie"))
        records.append(record(compare(102, ("A", "C")), "ann1", choice="both-bad"))
        src = self.write("bt.jsonl", records)
        r = self.cli("merge", src, "--format", "trl", "-o", self.path("bt.trl"), "--models")
        lines = [line.split("\t") for line in r.stdout.splitlines() if "\t" in line]
        self.assertEqual([name for name, _ in lines], ["A", "B", "C"])
        strengths = {name: float(value) for name, value in lines}
        expected = self.expected_with_ties()
        for name in "ABC":
            self.assertAlmostEqual(strengths[name], expected[name], places=5)
        self.assertAlmostEqual(strengths["A"] * strengths["B"] * strengths["C"], 1.0, places=4)

    def test_known_answer_no_ties(self):
        records = []
        i = 0
        for winner, loser, count in [("A", "B", 2), ("B", "A", 1), ("B", "C", 2), ("C", "B", 1), ("A", "C", 2), ("C", "A", 1)]:
            for _ in range(count):
                records.append(record(compare(i, (winner, loser)), "ann1", choice="A"))
                i += 1
        src = self.write("bt.jsonl", records)
        r = self.cli("merge", src, "--format", "trl", "-o", self.path("bt.trl"), "--models")
        strengths = {l.split("\t")[0]: float(l.split("\t")[1]) for l in r.stdout.splitlines() if "\t" in l}
        for name, value in self.EXPECTED.items():
            self.assertAlmostEqual(strengths[name], value, places=5)

    @staticmethod
    def expected_with_ties():
        # w = [[0, 2, 3], [1, 0, 2], [2, 1, 0]], the same gradient ascent.
        return {"A": 1.3717394241650056, "B": 1.0, "C": 0.7290014286851251}


if __name__ == "__main__":
    unittest.main(verbosity=2)
