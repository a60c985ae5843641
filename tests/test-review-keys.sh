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
# The word sits on the response's first line; find it by scanning along it.
word_found=""
for x in 470 490 $(seq 330 20 700); do
  xdotool mousemove --window "$win" "$x" 188 click --repeat 2 --delay 80 1
  sleep 0.3
  xdotool key ctrl+shift+f
  sleep 0.6
  xdotool type --delay 15 "Not a real word"
  xdotool key Return
  sleep 1.2
  quote=$(field "json_extract(a.data, '$.spans[0].quote')")
  if [ "$quote" = "Zanzibarian" ]; then word_found=$x; break; fi
  if [ -n "$quote" ]; then
    # Another word got flagged first: remove nothing, just note it.
    echo "flagged '$quote' at x=$x, looking further"
    python3 - "$tmp/w.db" <<'PY'
import sqlite3, sys, json
con = sqlite3.connect(sys.argv[1])
con.execute("UPDATE annotations SET data = json_remove(data, '$.spans')")
con.commit()
PY
    crash
    start_app "$tmp/tasks.jsonl"
  fi
done
[ -n "$word_found" ] || fail "double-click and Ctrl+Shift+F never flagged the word"
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
