#!/usr/bin/env python3
# Three contractors' records exports of one compare set, for the tests
# of a lead's review (test-lead-keys.sh, test-a11y.py): alice, bob and
# carol on five tasks; t3 is split three ways, the rest 2-1 or
# unanimous; half the pairs were shown swapped.
#   make-lead-records.py FOLDER
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import sys

PROMPTS = ["Which river is the longest in Africa?", "Name the capital of Australia.",
           "Summarise the water cycle.", "Which metal melts at the lowest temperature?",
           "Explain recursion to a child."]
PLAN = {"alice": "AABAA", "bob": "ABBBA", "carol": "AABtA"}


def write(folder):
    for name, choices in PLAN.items():
        with open(os.path.join(folder, f"{name}.jsonl"), "w", encoding="utf-8") as f:
            for i, c in enumerate(choices):
                task = {"id": f"t{i}", "kind": "compare", "prompt": PROMPTS[i],
                        "responses": [{"id": "a", "content": f"Answer one to question {i}"},
                                      {"id": "b", "content": f"Answer two to question {i}"}]}
                choice = {"t": "tie"}.get(c, c)
                f.write(json.dumps({"task_id": task["id"], "task_set": "Batch Seven", "kind": "compare",
                                    "annotator": name, "state": "submitted", "choice": choice,
                                    "strength": None if choice == "tie" else 2,
                                    "justification": f"{name.capitalize()} reasons about task {i}",
                                    "swapped": (i + len(name)) % 2 == 1, "active_seconds": 30 + 10 * i,
                                    "submitted_at": "2026-11-02T09:00:00Z", "task": task}) + "\n")


if __name__ == "__main__":
    write(sys.argv[1])
