#!/usr/bin/env bash
# A ranking typed with real keys (xdotool): the order "312", then "2"
# and "=" to tie B with the response above; kill -9 1.5 s later. The
# order and the tie survive; Ctrl+Enter after a restart submits, and the
# TRL export expands the ranking into its untied pairs with margins.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

. "$(dirname "$0")/keys-lib.sh"

cat > "$tmp/tasks.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Ranking","settings":{"allow_tie":true}}
{"id":"r1","kind":"rank","prompt":"Which greeting is best?","responses":[{"id":"a","content":"Hello there."},{"id":"b","content":"Hi!"},{"id":"c","content":"Good morning, and welcome."}]}
JSON

start_app "$tmp/tasks.jsonl"
xdotool key 3 1 2
xdotool key 2 equal Escape
sleep 1.5
crash
[ "$(field "json_extract(data, '$.ranking')")" = '["c","a","b"]' ] || fail "ranking after kill -9: '$(field "json_extract(data, '$.ranking')")'"
[ "$(field "json_extract(data, '$.ties')")" = '["b"]' ] || fail "ties after kill -9: '$(field "json_extract(data, '$.ties')")'"
echo "ok: the typed ranking and the tie survived kill -9"

start_app "$tmp/tasks.jsonl"
xdotool key ctrl+Return
sleep 1
xdotool type --delay 15 "Short greetings, read them"
xdotool key Return
sleep 1
quit_app
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
