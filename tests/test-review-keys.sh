#!/usr/bin/env bash
# A review flag made as a person makes it: double-click a word of the
# rendered response, Ctrl+Shift+F, Enter; then kill -9. The span must
# survive, with content[start:end] == quote in code points although the
# response has an emoji and markup before the word.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
. "$(dirname "$0")/keys-lib.sh"

cat > "$tmp/tasks.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Review","rubric":{"id":"r","version":1,"criteria":[{"id":"correctness","name":"Correctness","scale":{"min":1,"max":5}}],"flags":[{"id":"factual-error","name":"Factual error"}]}}
{"id":"v1","kind":"review","prompt":"Check it.","responses":[{"id":"r","content":"Intro 😀 **bold** then Zanzibarian claims follow here."}]}
JSON

start_app "$tmp/tasks.jsonl"
# Find the word where it is drawn, double-click it, flag it.
at=$(locate Zanzibarian) || fail "the response's word is not on screen"
read -r x y <<<"$at"
xdotool mousemove --window "$win" "$x" "$y" click --repeat 2 --delay 80 1
sleep 0.3
xdotool key ctrl+shift+f
sleep 0.6
xdotool type --delay 15 "Not a real word"
xdotool key Return
sleep 1.2
quote=$(field "json_extract(a.data, '$.spans[0].quote')")
[ "$quote" = "Zanzibarian" ] && word_found=$x || word_found=""
[ -n "$word_found" ] || fail "double-click and Ctrl+Shift+F flagged '$quote', not the word"
crash

python3 - "$tmp/w.db" <<'PY'
import sqlite3, sys, json
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT a.data, t.raw FROM annotations a JOIN tasks t ON t.id = a.task_id").fetchone()
data, task = json.loads(row[0]), json.loads(row[1])
content = task["responses"][0]["content"]
span = data["spans"][0]
assert content[span["start"]:span["end"]] == span["quote"] == "Zanzibarian", (span, content)
assert span["flag"] == "factual-error" and span["severity"] == "major", span
assert span["comment"] == "Not a real word", span
print(f"ok: a double-clicked word flagged with Ctrl+Shift+F survived kill -9; content[{span['start']}:{span['end']}] == quote")
PY
