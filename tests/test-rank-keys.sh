#!/usr/bin/env bash
# A ranking typed with real keys (xdotool): the order "312", then "2"
# and "=" to tie B with the response above; kill -9 1.5 s later. The
# order and the tie survive; Ctrl+Enter after a restart submits, and the
# TRL export expands the ranking into its untied pairs with margins.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

app=${RUBRIC_APP:?}
cli=${RUBRIC_CLI:?}
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$tmp/app.log" ] && cat "$tmp/app.log" >&2; exit 1; }

cat > "$tmp/tasks.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Ranking","settings":{"allow_tie":true}}
{"id":"r1","kind":"rank","prompt":"Which greeting is best?","responses":[{"id":"a","content":"Hello there."},{"id":"b","content":"Hi!"},{"id":"c","content":"Good morning, and welcome."}]}
JSON

start_app() {
  "$app" --db "$tmp/w.db" "$tmp/tasks.jsonl" >"$tmp/app.log" 2>&1 &
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

field() {
  python3 - "$tmp/w.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT " + sys.argv[2] + " FROM annotations").fetchone()
sys.stdout.write("" if row is None or row[0] is None else str(row[0]))
PY
}

start_app
xdotool key 3 1 2
xdotool key 2 equal Escape
sleep 1.5
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""
[ "$(field "json_extract(data, '$.ranking')")" = '["c","a","b"]' ] || fail "ranking after kill -9: '$(field "json_extract(data, '$.ranking')")'"
[ "$(field "json_extract(data, '$.ties')")" = '["b"]' ] || fail "ties after kill -9: '$(field "json_extract(data, '$.ties')")'"
echo "ok: the typed ranking and the tie survived kill -9"

start_app
xdotool key ctrl+Return
sleep 1
xdotool type --delay 15 "Short greetings, read them"
xdotool key Return
sleep 1
xdotool key ctrl+q
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
pid=""
[ "$(field state)" = "submitted" ] || fail "Ctrl+Enter did not submit: '$(field state)'"

"$cli" export --db "$tmp/w.db" --format trl --margin -o "$tmp/pairs.jsonl" >/dev/null
python3 - "$tmp/pairs.jsonl" <<'PY'
import json, sys
pairs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
# c first; a and b tied second: c>a and c>b, the tied pair is left out.
assert [(p["chosen"], p["rejected"], p["margin"]) for p in pairs] == [
    ("Good morning, and welcome.", "Hello there.", 1),
    ("Good morning, and welcome.", "Hi!", 1)], pairs
print("ok: submitted after restart; 2 pairs (3 less the tied one), margin = rank distance")
PY
