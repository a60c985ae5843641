#!/usr/bin/env bash
# The app under real keystrokes (xdotool), killed with -9 halfway:
# the typed justification and the choice must survive, and a submit
# after restart must come out of the TRL export byte for byte.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
app=${RUBRIC_APP:?}
cli=${RUBRIC_CLI:?}
samples=$here/../resources/samples/tasks.jsonl
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

start_app() {
  "$app" --db "$tmp/w.db" "$samples" >"$tmp/app.log" 2>&1 &
  pid=$!
  win=""
  for _ in $(seq 1 80); do
    win=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | tail -n 1) && [ -n "$win" ] && break
    sleep 0.25
  done
  [ -n "$win" ] || fail "no window appeared"
  xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0 windowfocus --sync "$win"
  sleep 2
}

query() {
  python3 - "$tmp/w.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT a." + sys.argv[2] + " FROM annotations a JOIN tasks t ON t.id = a.task_id"
    " WHERE t.ext_id = 'cmp-legal-final-paycheck'").fetchone()
print(row[0] if row else "")
PY
}

text="The second answer cites the real statute and the first one invents a court case, so correctness strongly favours B here."

start_app
xdotool key alt+b
xdotool key ctrl+j
xdotool type --delay 15 "$text"
sleep 1.5
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
pid=""

[ "$(query choice)" = "B" ] || fail "the choice did not survive kill -9"
[ "$(query justification)" = "$text" ] || fail "the justification did not survive kill -9: '$(query justification)'"
[ "$(query state)" = "draft" ] || fail "expected a draft, got '$(query state)'"
echo "ok: choice and $(echo "$text" | wc -w) typed words survived kill -9"

start_app
xdotool key ctrl+Return
sleep 1
xdotool key ctrl+q
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
pid=""
[ "$(query state)" = "submitted" ] || fail "Ctrl+Enter after restart did not submit: '$(query state)'"

"$cli" export --db "$tmp/w.db" --format trl -o "$tmp/pairs.jsonl" >/dev/null
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
print("ok: submitted after restart; the TRL pair is response B over response A, byte for byte")
PY
