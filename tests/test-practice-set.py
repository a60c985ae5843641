#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bundled practice set: its header, its tasks and its gold answers."""
import json
import os
import re
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
PRACTICE = os.path.join(ROOT, "resources", "practice", "practice.jsonl")
README = os.path.join(ROOT, "resources", "practice", "README.md")
CLI = os.environ.get("RUBRIC_CLI", "build/src/rubric-cli")
if not os.path.isabs(CLI):
    CLI = os.path.join(ROOT, CLI)

MIN_KINDS = {"compare": 16, "rank": 8, "review": 10, "write": 10, "author": 2, "red-team": 2}
MIN_TOTAL = 44
CRITERIA = {"helpfulness", "correctness", "safety", "style"}
CHOICES = {"A", "B", "tie", "both-bad"}
SEVERITIES = {"minor", "major", "critical"}
ROLES = {"user", "assistant"}

# What the set is for: each theme is named in some task's meta.themes.
THEMES = {
    "fabricated-citation", "medical-error", "off-by-one", "outdated-api",
    "needless-refusal", "must-refuse", "math-slip", "translation-error",
    "verbose-wrong", "slightly-better", "tie", "both-bad", "multi-turn",
    "markdown-short", "rtl", "emoji",
}
RTL = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")


def load():
    with open(PRACTICE, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    return text, [json.loads(line) for line in lines if line]


def words(text):
    return len(text.split())


def texts(task):
    """Everything a trainee reads in a task."""
    out = [task.get("system", ""), task.get("prompt") or task["brief"], task.get("draft", "")]
    out += [m["content"] for m in task.get("context", [])]
    out += [r["content"] for r in task.get("responses", [])]
    out.append(task["gold"].get("answer", ""))
    return "\n".join(out)


class PracticeSetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text, records = load()
        cls.header, cls.tasks = records[0], records[1:]
        rubric = cls.header.get("rubric", {})
        cls.criteria = {c["id"]: c for c in rubric.get("criteria", [])}
        flags = rubric.get("flags", []) + cls.header.get("flags", [])
        cls.flag_ids = {f["id"] if isinstance(f, dict) else f for f in flags}
        cls.settings = cls.header.get("settings", {})

    def each(self, kind=None):
        return [task for task in self.tasks if kind is None or task.get("kind") == kind]

    def in_scale(self, scores, where):
        self.assertEqual(set(scores), CRITERIA, where)
        for criterion, value in scores.items():
            scale = self.criteria[criterion]["scale"]
            self.assertIsInstance(value, int, f"{where}: {criterion}")
            self.assertTrue(scale["min"] <= value <= scale["max"], f"{where}: {criterion} = {value}")

    def weighted(self, scores):
        total = weights = 0.0
        for criterion, value in scores.items():
            c = self.criteria[criterion]
            span = max(1, c["scale"]["max"] - c["scale"]["min"])
            total += c.get("weight", 1.0) * (value - c["scale"]["min"]) / span
            weights += c.get("weight", 1.0)
        return total / weights

    # The file and its header

    def test_lines(self):
        self.assertTrue(self.text.endswith("\n"))
        self.assertNotIn("\n\n", self.text, "blank line in the set")

    def test_header(self):
        self.assertEqual(self.header["format"], "rubric-tasks/1")
        self.assertEqual(self.header["name"], "Practice")
        self.assertEqual(self.header["mode"], "practice")
        self.assertNotIn("kind", self.header)
        self.assertTrue(self.header["guidelines"].startswith("# "))
        self.assertIsInstance(self.settings, dict)
        self.assertTrue(self.settings.get("allow_tie") and self.settings.get("allow_both_bad"))

    def test_rubric(self):
        self.assertEqual(set(self.criteria), CRITERIA)
        self.assertEqual(self.criteria["correctness"]["weight"], 2)
        for criterion in self.criteria.values():
            scale = criterion["scale"]
            self.assertEqual((scale["min"], scale["max"]), (1, 5), criterion["id"])
            self.assertTrue(scale.get("labels"), criterion["id"])
        self.assertTrue(self.flag_ids, "the header lists no flag categories")

    def test_same_rubric_as_samples(self):
        with open(os.path.join(ROOT, "resources", "samples", "tasks.jsonl"), encoding="utf-8") as f:
            samples = json.loads(f.readline())
        self.assertEqual(self.header["rubric"], samples["rubric"])

    # Counts and ids

    def test_counts(self):
        counts = {}
        for task in self.tasks:
            counts[task["kind"]] = counts.get(task["kind"], 0) + 1
        self.assertEqual(set(counts), set(MIN_KINDS))
        for kind, least in MIN_KINDS.items():
            self.assertGreaterEqual(counts[kind], least, kind)
        self.assertGreaterEqual(len(self.tasks), MIN_TOTAL)

    def test_unique_ids(self):
        ids = [task["id"] for task in self.tasks]
        self.assertEqual(len(ids), len(set(ids)), [i for i in ids if ids.count(i) > 1])
        for i in ids:
            self.assertRegex(i, r"^[a-z0-9]+(-[a-z0-9]+)*$")

    # Every task

    def test_task_shape(self):
        responses_for = {"compare": (2, 2), "rank": (3, 4), "review": (1, 1), "write": (0, 0),
                         "author": (0, 0), "red-team": (0, 0)}
        for task in self.each():
            with self.subTest(task=task["id"]):
                self.assertIn(task["kind"], responses_for)
                # An author or red-team task gives a brief in place of the prompt.
                self.assertTrue((task.get("prompt") or task["brief"]).strip())
                lo, hi = responses_for[task["kind"]]
                responses = task.get("responses", [])
                self.assertTrue(lo <= len(responses) <= hi, len(responses))
                ids = [r["id"] for r in responses]
                self.assertEqual(ids, ["a", "b", "c", "d"][:len(ids)])
                for r in responses:
                    self.assertTrue(r["content"].strip())
                for message in task.get("context", []):
                    self.assertIn(message["role"], ROLES)
                    self.assertTrue(message["content"].strip())
                if "system" in task:
                    self.assertTrue(task["system"].strip())

    def test_meta(self):
        for task in self.each():
            with self.subTest(task=task["id"]):
                meta = task["meta"]
                self.assertTrue(meta.get("domain"))
                self.assertIn(meta.get("difficulty"), {"easy", "medium", "hard"})
                self.assertIsInstance(meta.get("themes"), list)

    def test_gold_and_explanation(self):
        words_needed = self.settings.get("min_justification_words", 0)
        for task in self.each():
            with self.subTest(task=task["id"]):
                gold = task.get("gold")
                self.assertIsInstance(gold, dict)
                explanation = gold.get("explanation")
                self.assertIsInstance(explanation, str)
                self.assertTrue(explanation.strip())
                self.assertGreaterEqual(words(explanation), words_needed)
                named = [c for c in self.criteria.values()
                         if re.search(rf"\b({c['name']}|{c['id']})\b", explanation, re.IGNORECASE)]
                self.assertTrue(named, "the explanation names no criterion")

    # Per kind

    def test_compare_gold(self):
        max_strength = self.settings.get("preference_scale", 7) // 2
        for task in self.each("compare"):
            with self.subTest(task=task["id"]):
                gold = task["gold"]
                self.assertIn(gold["choice"], CHOICES)
                if gold["choice"] in ("A", "B"):
                    self.assertIn(gold.get("strength"), range(1, max_strength + 1))
                else:
                    self.assertNotIn("strength", gold)
                self.assertEqual(set(gold["scores"]), {"A", "B"})
                for side in "AB":
                    self.in_scale(gold["scores"][side], side)
                a, b = (self.weighted(gold["scores"][side]) for side in "AB")
                if gold["choice"] == "A":
                    self.assertGreaterEqual(a, b, "A is chosen but scores lower")
                elif gold["choice"] == "B":
                    self.assertGreaterEqual(b, a, "B is chosen but scores lower")
                elif gold["choice"] == "tie":
                    self.assertEqual(gold["scores"]["A"], gold["scores"]["B"])
                if gold["choice"] in ("A", "B") and a == b:
                    self.assertLess(gold["strength"], max_strength, "much better with equal scores")

    def test_rank_gold(self):
        for task in self.each("rank"):
            with self.subTest(task=task["id"]):
                ids = [r["id"] for r in task["responses"]]
                ranking = task["gold"]["ranking"]
                self.assertEqual(sorted(ranking), sorted(ids))
                self.assertEqual(len(ranking), len(set(ranking)))

    def test_review_gold(self):
        for task in self.each("review"):
            with self.subTest(task=task["id"]):
                gold = task["gold"]
                content = task["responses"][0]["content"]
                self.assertIsInstance(gold["flags"], list)
                for flag in gold["flags"]:
                    self.assertIn(flag["flag"], self.flag_ids)
                    self.assertIn(flag["severity"], SEVERITIES)
                    self.assertTrue(flag["quote"].strip())
                    self.assertIn(flag["quote"], content, "the quote is not in the response")
                self.in_scale(gold["scores"], "scores")

    def test_write_gold(self):
        least = self.settings.get("min_answer_words", 0)
        most = self.settings.get("max_answer_words", 0) or float("inf")
        for task in self.each("write"):
            with self.subTest(task=task["id"]):
                answer = task["gold"]["answer"]
                self.assertTrue(least <= words(answer) <= most, words(answer))
                if "scores" in task["gold"]:
                    self.in_scale(task["gold"]["scores"], "scores")

    def test_author_gold(self):
        for task in self.each("author"):
            with self.subTest(task=task["id"]):
                gold = task["gold"]
                self.assertTrue(gold["prompt"].strip())
                # Each reference requirement is one the trainee can tick.
                self.assertTrue(gold["requirements"])
                for requirement in gold["requirements"]:
                    self.assertIn(requirement, task["requirements"])

    def test_red_team_gold(self):
        categories = set(self.header["taxonomy"]["categories"])
        for task in self.each("red-team"):
            with self.subTest(task=task["id"]):
                gold = task["gold"]
                self.assertIn(gold["category"], categories)
                self.assertIn(gold["max_success"], range(0, 5))
                self.assertEqual(task["harm_category"], gold["category"])

    # What the set covers

    def test_themes_covered(self):
        seen = {theme for task in self.tasks for theme in task["meta"]["themes"]}
        self.assertFalse(THEMES - seen, "themes without a task")

    def test_themes_hold(self):
        for task in self.each():
            with self.subTest(task=task["id"]):
                themes = set(task["meta"]["themes"])
                gold = task["gold"]
                if "tie" in themes or gold.get("choice") == "tie":
                    self.assertEqual(gold.get("choice"), "tie")
                    self.assertIn("tie", themes)
                if "both-bad" in themes or gold.get("choice") == "both-bad":
                    self.assertEqual(gold.get("choice"), "both-bad")
                    self.assertIn("both-bad", themes)
                if "multi-turn" in themes:
                    self.assertTrue(task.get("context") and task.get("system"))
                if "rtl" in themes:
                    self.assertRegex(texts(task), RTL)
                if "emoji" in themes:
                    self.assertRegex(texts(task), EMOJI)
                if "markdown-short" in themes:
                    shortest = min(len(r["content"]) for r in task["responses"])
                    self.assertLessEqual(shortest, 20)

    def test_readme_lists_every_task(self):
        with open(README, encoding="utf-8") as f:
            readme = f.read()
        for task in self.tasks:
            self.assertIn(f"`{task['id']}`", readme)

    # The application's own reader

    def test_cli_validates(self):
        self.assertTrue(os.access(CLI, os.X_OK), f"{CLI} is not built; set RUBRIC_CLI")
        r = subprocess.run([CLI, "validate", PRACTICE], capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"valid, {len(self.tasks)} tasks", r.stdout)


if __name__ == "__main__":
    unittest.main()
