#!/usr/bin/env python3
# test-report.py — rubric-cli report: one self-contained HTML file
#
# SPDX-License-Identifier: GPL-3.0-or-later

import html
import itertools
import os
import re
import unittest
import xml.etree.ElementTree as ET

from clitest import CLI, CliTestCase

ODD = '<b>&"x'
CHOICES = ["A", "B", "tie", "both-bad"]

# (choice, strength) of each of 20 compare tasks, per annotator.
PLAN = {
    "ann": [("A", 1), ("A", 2), ("B", 1), ("tie", None), ("A", 3), ("B", 2), ("B", 3), ("A", 1), ("both-bad", None),
            ("A", 2), ("B", 1), ("A", 3), ("tie", None), ("B", 2), ("A", 1), ("A", 2), ("B", 3), ("tie", None),
            ("A", 1), ("B", 1)],
    "bob": [("A", 2), ("A", 2), ("B", 1), ("tie", None), ("B", 1), ("B", 2), ("B", 2), ("A", 1), ("both-bad", None),
            ("A", 3), ("A", 1), ("A", 3), ("B", 1), ("B", 2), ("A", 1), ("tie", None), ("B", 3), ("tie", None),
            ("A", 2), ("B", 1)],
    ODD: [("B", 1), ("A", 1), ("B", 2), ("tie", None), ("A", 3), ("A", 1), ("B", 3), ("A", 2), ("A", None),
          ("A", 2), ("B", 1), ("B", 3), ("tie", None), ("B", 1), ("A", 1), ("A", 2), ("tie", None), ("B", 2),
          ("A", 1), ("both-bad", None)],
}

STRENGTH_LABELS = ["A much better", "A better", "A slightly better", "Tie", "B slightly better", "B better",
                   "B much better"]


def task(i):
    return {"id": f"t{i}", "kind": "compare", "prompt": f"Prompt {i}",
            "responses": [{"id": "a", "content": "a" * (10 + i)}, {"id": "b", "content": "b" * 15}]}


def record(i, annotator, choice, strength):
    r = {"task_id": f"t{i}", "task_set": "s", "kind": "compare", "annotator": annotator, "state": "submitted",
         "choice": choice, "strength": strength, "swapped": i % 3 == 0, "active_seconds": 30 + 7 * i + len(annotator),
         "justification": "because", "pasted_chars": 0, "overrides": []}
    if i < 5:
        r["scores"] = {"a": {"helpful": 1 + (i + len(annotator)) % 3}, "b": {"helpful": 2}}
        r["gold_check"] = {"correct": (i + len(annotator)) % 2 == 0, "score": 1.0}
    r["task"] = task(i)
    return r


def signed(choice, strength):
    if choice == "tie":
        return 0
    if choice in ("A", "B") and strength:
        return -strength if choice == "A" else strength
    return None


def cohen_kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pe = sum((a.count(c) / n) * (b.count(c) / n) for c in CHOICES)
    return (po - pe) / (1 - pe)


def percent_agreement(plan):
    # The mean over tasks of the share of agreeing pairs of choices.
    shares = []
    for i in range(20):
        choices = [plan[name][i][0] for name in plan]
        pairs = list(itertools.combinations(choices, 2))
        shares.append(sum(x == y for x, y in pairs) / len(pairs))
    return sum(shares) / len(shares)


def percent(share):
    return f"{100 * share:.1f} %"


def chart_texts(text, chart_id):
    """The texts of the chart in <figure id="chart-ID">."""
    svg = re.search(rf'<figure id="chart-{chart_id}">\s*(<svg\b.*?</svg>)', text, re.S).group(1)
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter("text")]


class ReportTest(CliTestCase):
    prefix = "rubric-report-"

    def files(self):
        # One file per contractor, as leads receive them.
        return [self.write(f"records-{k}.jsonl",
                           [record(i, name, c, s) for i, (c, s) in enumerate(PLAN[name])])
                for k, name in enumerate(PLAN)]

    def report(self):
        out = self.path("report.html")
        r = self.cli("report", *self.files(), "-o", out)
        self.assertIn(out, r.stdout)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def test_self_contained(self):
        text = self.report()
        self.assertTrue(text.startswith("<!DOCTYPE html>"))
        self.assertIn('<meta charset="utf-8">', text)
        self.assertRegex(text, r"<title>[^<]+</title>")
        lower = text.lower()
        self.assertNotIn("<script", lower)
        self.assertNotIn("http:", lower)
        self.assertNotIn("https:", lower)
        self.assertNotIn("src=", lower)
        self.assertNotIn("url(", lower)
        self.assertNotIn("<link", lower)
        hrefs = re.findall(r'href\s*=\s*"([^"]*)"', text, re.I)
        self.assertTrue(hrefs)
        self.assertEqual(len(hrefs), lower.count("href"))
        for href in hrefs:
            self.assertTrue(href.startswith("#"), href)
            self.assertIn(f'id="{href[1:]}"', text)
        # Nothing left beside the report.
        self.assertEqual(sorted(n for n in os.listdir(self.dir) if not n.endswith(".jsonl")), ["report.html"])

    def test_charts_are_svg(self):
        text = self.report()
        svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
        self.assertEqual(len(svgs), 5)  # matrix, strength, position, speed, gold
        self.assertEqual(text.count("<svg"), len(svgs))
        for svg in svgs:
            root = ET.fromstring(svg)
            self.assertEqual(root.tag, "svg")
            for attribute in ("width", "height", "viewBox"):
                self.assertIn(attribute, root.attrib)
            self.assertNotIn("class", svg)
            self.assertNotIn("<style", svg)
            texts = ["".join(t.itertext()) for t in root.iter("text")]
            self.assertTrue(texts)
        # The odd name is text in the charts, escaped in the markup.
        for chart_id in ("agreement-matrix", "position", "speed", "gold"):
            self.assertIn(ODD, chart_texts(text, chart_id))

    def test_names_escaped(self):
        text = self.report()
        self.assertIn("&lt;b&gt;&amp;&quot;x", text)
        self.assertNotIn(ODD, text)
        self.assertNotIn("<b>", text)
        for name in ("ann", "bob"):
            self.assertIn(f"<td>{name}</td>", text)
        # The file names are listed.
        for f in self.files():
            self.assertIn(html.escape(f, quote=True), text)

    def test_histogram(self):
        text = self.report()
        counts = [0] * 7
        for name in PLAN:
            for c, s in PLAN[name]:
                v = signed(c, s)
                if v is not None:
                    counts[v + 3] += 1
        self.assertEqual(sum(counts), 56)  # 2 both-bad, 1 A without strength
        for label, count in zip(STRENGTH_LABELS, counts):
            self.assertIn(f'<tr><td>{label}</td><td class="n">{count}</td></tr>', text)
        # And the same counts in the chart.
        values = chart_texts(text, "strength")
        for count in counts:
            self.assertIn(f"{count} ({100 * count / sum(counts):.0f} %)", values)

    def test_agreement_figures(self):
        text = self.report()
        self.assertIn(f'<tr><td>Percent agreement</td><td class="n">{percent(percent_agreement(PLAN))}</td></tr>', text)
        a = [c for c, _ in PLAN["ann"]]
        b = [c for c, _ in PLAN["bob"]]
        po = sum(x == y for x, y in zip(a, b)) / 20
        kappa = cohen_kappa(a, b)
        # By hand: A 9/8, B 7/8, tie 3/3, both-bad 1/1 of 20; p_o 16/20, p_e 138/400.
        self.assertAlmostEqual(kappa, (0.8 - 0.345) / (1 - 0.345), places=12)
        self.assertEqual(f"{kappa:.3f}", "0.695")
        self.assertIn(f'<tr><td>ann</td><td>bob</td><td class="n">20</td><td class="n">{percent(po)}</td>'
                      f'<td class="n">{kappa:.3f}</td></tr>', text)
        # The heat map cell, rounded.
        self.assertIn(f"{kappa:.2f}", chart_texts(text, "agreement-matrix"))
        self.assertIn("<td>helpful</td>", text)
        # No rankings or spans: no data, said once what that means.
        self.assertIn("— means no data", text)
        self.assertIn('<td class="n">—</td>', text)

    def test_bias_charts(self):
        text = self.report()
        plan = PLAN["ann"]
        ab = [i for i, (c, _) in enumerate(plan) if c in ("A", "B")]
        left = sum((plan[i][0] == "A") != (i % 3 == 0) for i in ab)
        self.assertIn(f"{100 * left / len(ab):.0f} % of {len(ab)}", chart_texts(text, "position"))
        self.assertIn(f"<td>ann</td><td class=\"n\">{percent(left / len(ab))} of {len(ab)}</td>", text)
        # Gold: tasks 0–4, correct when i + 3 is even: 2 of 5, Wilson 95 % 11.8–76.9 %.
        z = 1.959964
        n, k = 5, 2
        centre, half = (k + z * z / 2) / (n + z * z), z * ((k * (n - k) / n + z * z / 4) ** 0.5) / (n + z * z)
        self.assertEqual((round(100 * (centre - half)), round(100 * (centre + half))), (12, 77))
        self.assertIn("40 % (12–77 %)", chart_texts(text, "gold"))
        # Speed: 30 + 7 i + 3 seconds, median of 20 is 99.5 s.
        self.assertIn("1 min 40 s", chart_texts(text, "speed"))
        self.assertIn('<td class="n">99.5 s</td>', text)

    def test_stdout_and_errors(self):
        files = self.files()
        r = self.cli("report", *files, "-o", "-")
        self.assertTrue(r.stdout.startswith("<!DOCTYPE html>"))
        self.assertTrue(r.stdout.rstrip().endswith("</html>"))

        r = self.cli("report", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("rubric-cli report:", r.stderr)
        r = self.cli("report", *files, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("-o OUT", r.stderr)
        r = self.cli("report", self.path("missing.jsonl"), "-o", self.path("x.html"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.startswith("rubric-cli report: "), r.stderr)
        skipped = dict(record(0, "ann", None, None), state="skipped")
        r = self.cli("report", self.write("skipped.jsonl", [skipped]), "-o", self.path("x.html"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no submitted records", r.stderr)
        self.assertFalse(os.path.exists(self.path("x.html")))
        r = self.cli("report", *files, "-o", os.path.join(self.dir, "no-such-dir", "r.html"), check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("report RECORDS… -o OUT", self.cli("--help").stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
