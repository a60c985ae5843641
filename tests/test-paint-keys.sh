#!/usr/bin/env bash
# What a window paints as a set opens: on X11 with the cairo renderer
# (a machine without GL) the window was at times drawn blank but for a
# toast, or with an empty task pane, and stayed so through next task
# after next task until the window was resized (rubric-repaint.c).
# Each round starts the app afresh, reads the first task's prompt off
# the screen at once (no reading again later: the toast going away
# repaints the window and hid the fault), moves on with Alt+Down and
# reads the second's.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/keys-lib.sh"
export GSK_RENDERER=${GSK_RENDERER:-cairo}
rounds=${PAINT_ROUNDS:-6}

tasks=$tmp/paint.jsonl
python3 - "$tasks" <<'PY'
import json, sys
# A header as real sets have (guidelines, weighted criteria, flags,
# settings) and a long name: with a bare header, or a name of two words,
# the fault was not seen in 24 starts; with these, in 3 starts of 3.
rubric = {"id": "paint", "version": 1, "criteria": [
    {"id": "helpfulness", "name": "Helpfulness", "description": "Does the response help?",
     "scale": {"min": 1, "max": 5, "labels": {"1": "Not at all", "5": "Fully"}}},
    {"id": "correctness", "name": "Correctness", "description": "Is what it says true?",
     "scale": {"min": 1, "max": 5}, "weight": 2},
    {"id": "clarity", "name": "Clarity", "description": "Is it easy to read?", "scale": {"min": 1, "max": 5}}],
    "flags": [{"id": "unsafe", "name": "Unsafe", "description": "Harmful content."},
              {"id": "hallucination", "name": "Hallucination", "description": "States what is not true."}]}
lines = [{"format": "rubric-tasks/1", "name": "Helpful-base pairs: batch 3 of 12, November",
          "guidelines": "# Guidelines\n\nPick the better response. Judge *helpfulness* first.",
          "rubric": rubric,
          "settings": {"allow_tie": True, "allow_both_bad": True, "preference_scale": 7,
                       "min_justification_words": 10, "randomize_sides": True}}]
words = [("Lighthouse", "Harbour"), ("Orchard", "Meadow"), ("Glacier", "Canyon")]
# Answers as long as real ones, in markdown: a short text painted
# quickly and never showed the fault.
body = "\n\n".join(["A steady light is kept in every weather, and the log of each night is read at dawn. "
                     "The crew takes turns, and nobody sleeps while the lamp is lit."] * 6
                    + ["1. **Light** - kept all night\n2. **Log** - read at dawn\n3. **Crew** - in turns"])
for i, (first, second) in enumerate(words):
    lines.append({"id": "paint-%d" % (i + 1), "kind": "compare",
                  "prompt": "%s keepers and %s pilots: which one matters more?" % (first, second),
                  "responses": [{"id": "a", "model": "alpha", "content": "The %s keepers, since ships need the light.\n\n%s" % (first.lower(), body)},
                                {"id": "b", "model": "beta", "content": "The %s pilots, since they bring ships in.\n\n%s" % (second.lower(), body)}]})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for line in lines:
        f.write(json.dumps(line) + "\n")
PY

for round in $(seq 1 "$rounds"); do
  # Every other round reopens the workspace of the round before.
  [ $((round % 2)) -eq 1 ] && rm -f "$tmp"/w.db*
  start_app "$tasks"
  echo "round $round"
  EXPECT_READS=1 expect_on_screen "Lighthouse keepers" "Response A"
  xdotool key alt+Down
  sleep 1
  EXPECT_READS=1 expect_on_screen "Orchard keepers" "Meadow pilots"
  crash
done
echo "ok: $rounds starts drawn whole ($GSK_RENDERER)"
