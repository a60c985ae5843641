#!/usr/bin/env bash
# A whole comparison from the keyboard, typed by xdotool into the real
# app: choose with a key, score every criterion, cite, justify; then
# kill -9 1.5 s after the last key. On restart the choice, the scores
# and every word must be there, and Ctrl+Enter (with a reason for the
# reading-time warning) must submit a judgement that comes out of the
# TRL export byte for byte.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/keys-lib.sh"
samples=$here/../resources/samples/tasks.jsonl

query() {
  python3 - "$tmp/w.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT " + sys.argv[2] + " FROM annotations a JOIN tasks t ON t.id = a.task_id"
    " WHERE t.ext_id = 'cmp-legal-final-paycheck'").fetchone()
print("" if row is None or row[0] is None else row[0])
PY
}

text="The second answer cites the real statute and the first one invents a court case, so it wins clearly on this."

start_app "$samples"
# 6 on the 7-point scale: B better.
xdotool key 6
# Ctrl+G: into the rubric; a score for A, Tab, a score for B, per criterion.
xdotool key ctrl+g
for score in 4 5 1 5 3 4 4 4; do
  xdotool key "$score" Tab
done
# Ctrl+J, then the justification; Ctrl+2 cites Correctness at the cursor.
xdotool key ctrl+j
xdotool type --delay 12 "$text "
xdotool key ctrl+2
sleep 1.5
crash

[ "$(query "a.choice || ':' || a.strength")" = "B:2" ] || fail "the choice did not survive kill -9: '$(query "a.choice || ':' || a.strength")'"
scores=$(query "json_extract(a.data, '$.scores.a.correctness') || ',' || json_extract(a.data, '$.scores.b.correctness') || ',' || (SELECT count(*) FROM json_each(a.data, '$.scores.a')) || ',' || (SELECT count(*) FROM json_each(a.data, '$.scores.b'))")
[ "$scores" = "1,5,4,4" ] || fail "the scores did not survive kill -9: '$scores'"
[ "$(query a.justification)" = "$text [Correctness] " ] || fail "the justification did not survive kill -9: '$(query a.justification)'"
[ "$(query a.state)" = "draft" ] || fail "expected a draft, got '$(query a.state)'"
echo "ok: choice, 8 scores and $(echo "$text" | wc -w) typed words survived kill -9"

start_app "$samples"
xdotool key ctrl+Return
sleep 1
# The reading-time warning asks for a reason; Enter submits it.
xdotool type --delay 12 "Read both in full earlier"
xdotool key Return
sleep 1
quit_app
[ "$(query a.state)" = "submitted" ] || fail "Ctrl+Enter after restart did not submit: '$(query a.state)'"
[ "$(query "json_extract(a.data, '$.overrides[0].reason')")" = "Read both in full earlier" ] || fail "the override reason was not kept"

"$cli" export --db "$tmp/w.db" --format trl --margin -o "$tmp/pairs.jsonl" >/dev/null
python3 - "$samples" "$tmp/pairs.jsonl" <<'PY'
import json, sys
task = next(t for t in map(json.loads, open(sys.argv[1], encoding="utf-8"))
            if t.get("id") == "cmp-legal-final-paycheck")
pairs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(pairs) == 1, pairs
# The task has a system message, so the pair is in TRL's conversational form.
assert pairs[0]["prompt"][0] == {"role": "system", "content": task["system"]}, pairs[0]["prompt"]
assert pairs[0]["chosen"] == [{"role": "assistant", "content": task["responses"][1]["content"]}], "chosen is not response B"
assert pairs[0]["rejected"] == [{"role": "assistant", "content": task["responses"][0]["content"]}], "rejected is not response A"
assert pairs[0]["margin"] == 2, pairs[0]["margin"]
print("ok: submitted after restart; the TRL pair is response B over response A, byte for byte, margin 2")
PY
