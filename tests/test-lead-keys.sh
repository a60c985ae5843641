#!/usr/bin/env bash
# A lead's review, with real keys, read back off the screen: three
# contractors' records exports (a folder) open as one review with
# `rubric --review`; the queue puts the three-way split first; every
# annotator's judgement is drawn side by side; B, 3, a note and
# Ctrl+Return record a decision that the workspace keeps and the merge
# uses; Alt+Up goes back to it; Ctrl+2 and Ctrl+3 show the agreement
# figures, the heat map and the per-annotator bars; the export dialog
# writes the merged review. Reopening the same folder returns to the
# review with the decision.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
. "$(dirname "$0")/keys-lib.sh"

mkdir -p "$tmp/in"
python3 "$(dirname "$0")/make-lead-records.py" "$tmp/in"

"$app" --db "$tmp/w.db" --review "$tmp/in" >"$tmp/app.log" 2>&1 &
pid=$!
win=""
for _ in $(seq 1 80); do
  win=$(xdotool search --onlyvisible --name "Batch Seven" 2>/dev/null | tail -n 1) && [ -n "$win" ] && break
  sleep 0.25
done
[ -n "$win" ] || fail "no review window appeared"
xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0 windowfocus --sync "$win"
sleep 3

# The three-way split comes first, with everyone's judgement beside the task.
expect_on_screen "Adjudicate" "Unresolved" "lowest temperature" "alice" "bob" "carol" \
                 "Alice reasons about task 3" "Bob reasons about task 3" "About the same"

xdotool key b 3 ctrl+j
xdotool type --delay 20 "Bob checked the melting points"
xdotool key ctrl+Return
sleep 1.5
[ "$(query "SELECT choice || ' ' || strength FROM annotations WHERE annotator = 'adjudicator'")" = "B 3" ] ||
  fail "the decision was not kept as B 3"
[ "$(query "SELECT justification FROM annotations WHERE annotator = 'adjudicator'")" = "Bob checked the melting points" ] ||
  fail "the note was not kept"
[ "$(query "SELECT t.ext_id FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE annotator = 'adjudicator'")" = "t3" ] ||
  fail "the decision went to the wrong task"

# Back to it: the decision is drawn as a card of its own.
xdotool key alt+Up
sleep 1
expect_on_screen "Bob checked the melting points" "Decided: B much better"

xdotool key ctrl+2
sleep 1
expect_on_screen "Agreement between annotators" "Strength of preference" "5 of 5 tasks have judgement"
xdotool key ctrl+3
sleep 1
expect_on_screen "Position bias" "alice" "carol"
xdotool key ctrl+1
sleep 0.5

# The export dialog: the default format and method, then a file name.
xdotool key ctrl+shift+e
sleep 1
expect_on_screen "Export Merged Review"
xdotool key Return
sleep 1.5
xdotool key ctrl+a
xdotool type --delay 10 "$tmp/merged.jsonl"
xdotool key Return
for _ in $(seq 1 40); do [ -s "$tmp/merged.jsonl" ] && break; sleep 0.25; done
[ -s "$tmp/merged.jsonl" ] || fail "the merged review was not written"
python3 - "$tmp/merged.jsonl" <<'PY' || fail "the merged records are wrong"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(lines) == 5, len(lines)
PY

quit_app
# Reopening the same folder returns to the review, decision and all.
out=$("$cli" review --db "$tmp/w.db" "$tmp/in" --format rubric-tasks -o "$tmp/gold.jsonl")
grep -qF "Back to review “Batch Seven” (set 1)" <<<"$out" || fail "not back to the same review: $out"
grep -qF "1 decisions" <<<"$out" || fail "the decision is gone: $out"
python3 - "$tmp/gold.jsonl" <<'PY' || fail "the merge does not use the decision"
import json, sys
gold = {t["id"]: t["gold"] for t in map(json.loads, open(sys.argv[1], encoding="utf-8").read().splitlines()[1:])}
assert gold["t3"]["merge"] == "adjudicated" and gold["t3"]["choice"] == "B" and gold["t3"]["strength"] == 3, gold["t3"]
assert gold["t0"]["merge"] == "unanimous", gold["t0"]
assert gold["t1"]["merge"] == "majority", gold["t1"]
PY
echo "ok"
