#!/usr/bin/env bash
# An author task written with real keystrokes (xdotool): the prompt
# straight on opening, F6 and Shift+F6 between the editors, the system
# message, Ctrl+Shift+T for a second turn; killed with -9, every
# character of every editor is in the workspace. The brief and the
# typed prompt are read off the screen. After a restart typing goes on
# where it was, a requirement is ticked, Ctrl+Enter submits (with a
# reason for the warning), and the sft, prompt-completion and records
# exports carry the conversation byte for byte.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

. "$(dirname "$0")/keys-lib.sh"

cat > "$tmp/tasks.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Authoring","guidelines":"Write plainly."}
{"id":"au1","kind":"author","brief":"## Write a buffer chemistry prompt\n\nAsk about an acetate buffer, then write the ideal answer.","requirements":["Needs two calculation steps","Quotes every unit"],"meta":{"lang":"en"}}
{"id":"au2","kind":"author","brief":"## Another brief\n\nAnything at all."}
JSON

# Each non-ASCII character typed gets a key of its own first (see
# test-write-keys.sh: xdotool's remapping races the app under load).
spare=($(xmodmap -pke | awk 'NF == 3 { print $2 }'))
n=0
for sym in eacute emdash; do
  xmodmap -e "keycode ${spare[n]} = $sym" || fail "could not map $sym"
  n=$((n + 1))
done

type_text() { xdotool type --delay 15 "$1"; }

# No GTK or GLib criticals nor warnings of Rubric's own in the app's log.
check_log() {
  if grep -E "CRITICAL|Gtk-WARNING.*(Finaliz|children)|rubric[a-z-]*-WARNING" "$tmp/app.log" >&2; then
    fail "the app complained"
  fi
}

# The work on au1, from the workspace, as JSON: {"system":…, "turns":[[prompt, reply]…], …}
work() {
  python3 - "$tmp/w.db" <<'PY'
import json, sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT a.data, a.state FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE t.ext_id = 'au1'").fetchone()
data = json.loads(row[0]) if row else {}
print(json.dumps({"system": data.get("system"), "state": row[1] if row else None,
                  "turns": [[t.get("prompt"), t.get("reply")] for t in data.get("turns", [])],
                  "self_check": data.get("self_check", []), "overrides": data.get("overrides", [])}))
PY
}

# The centre of WORD where it is drawn furthest right (the side panel).
locate_right() {
  import -window root "$tmp/screen.png"
  tesseract "$tmp/screen.png" "$tmp/screen" -l eng --psm 3 tsv >/dev/null 2>&1
  python3 - "$tmp/screen.tsv" "$1" <<'PY'
import csv, sys
best = None
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["text"].strip(".,;:!?*()") == sys.argv[2]:
            x, y = int(row["left"]) + int(row["width"]) // 2, int(row["top"]) + int(row["height"]) // 2
            if best is None or x > best[0]:
                best = (x, y)
if best is None:
    sys.exit(1)
print(*best)
PY
}

system="You are a patient chemistry tutor."
prompt1="What is the pH of an acetate buffer made from 0.10 M acid and 0.20 M acetate?"
answer1_line1="Use the Henderson-Hasselbalch equation — pKa 4.76."
answer1_line2="pH = 4.76 + log(2) = 5.06, a café-strength result."
answer1="$answer1_line1"$'\n'"$answer1_line2"
prompt2="Which test would have caught it?"
answer2="A test with equal acid and base."

# Opening the task puts the keyboard in the prompt: type at once.
start_app "$tmp/tasks.jsonl"
type_text "$prompt1"
# F6: the answer, two lines.
xdotool key F6
sleep 0.2
type_text "$answer1_line1"
xdotool key Return
type_text "$answer1_line2"
# Shift+F6 twice: back past the prompt to the system message.
xdotool key shift+F6
sleep 0.2
xdotool key shift+F6
sleep 0.2
type_text "$system"
sleep 1
expect_on_screen "Write a buffer chemistry prompt" "acetate buffer made from" "patient chemistry tutor"
echo "ok: the brief and the typed prompt and system message are drawn (read by OCR)"

# Ctrl+Shift+T: a second turn, the keyboard in its prompt; F6 its answer.
xdotool key ctrl+shift+t
sleep 0.5
type_text "$prompt2"
xdotool key F6
sleep 0.2
type_text "$answer2"
sleep 1.5
crash
check_log

python3 - "$(work)" "$system" "$prompt1" "$answer1" "$prompt2" "$answer2" <<'PY'
import json, sys
work = json.loads(sys.argv[1])
system, p1, a1, p2, a2 = sys.argv[2:7]
assert work["state"] == "draft", work
assert work["system"] == system, ("system", work["system"], system)
assert work["turns"] == [[p1, a1], [p2, a2]], ("turns", work["turns"], [[p1, a1], [p2, a2]])
n = sum(len(s) for s in (system, p1, a1, p2, a2))
print(f"ok: after kill -9 all {n} typed characters of the five editors (system, two prompts, two answers) are in the workspace")
PY

# After a restart the keyboard is where it was: typing goes on at the end
# of the second answer.
start_app "$tmp/tasks.jsonl"
type_text " Done."
answer2="$answer2 Done."
sleep 1.5
crash
python3 - "$(work)" "$answer2" <<'PY'
import json, sys
work = json.loads(sys.argv[1])
assert work["turns"][1][1] == sys.argv[2], ("the second answer", work["turns"][1][1], sys.argv[2])
print("ok: after a restart, typing went on at the end of the editor last written in")
PY

# Tick the first requirement in the self-check, then Ctrl+Enter; the
# unticked second requirement is a warning that asks for a reason.
start_app "$tmp/tasks.jsonl"
at=$(locate_right Needs) || fail "the requirement is not drawn in the self-check: $(screen_text)"
xdotool mousemove $at click 1
sleep 0.5
xdotool key ctrl+Return
sleep 1
expect_on_screen "Requirement not checked off"
type_text "Units are quoted in the answer"
xdotool key Return
sleep 1
app_pid=$pid
quit_app
status=0
wait "$app_pid" || status=$?
[ "$status" = 0 ] || fail "the app did not quit cleanly after submitting (exit status $status)"
check_log
python3 - "$(work)" <<'PY'
import json, sys
work = json.loads(sys.argv[1])
assert work["state"] == "submitted", ("state", work["state"])
assert work["self_check"] == ["req-1"], ("self_check", work["self_check"])
assert [o["reason"] for o in work["overrides"]] == ["Units are quoted in the answer"], work["overrides"]
assert [o["check"] for o in work["overrides"]] == ["requirement"], work["overrides"]
print("ok: a ticked requirement and Ctrl+Enter with a reason for the other submitted the work")
PY

# The exports, byte for byte.
"$cli" export --db "$tmp/w.db" --format sft -o "$tmp/sft.jsonl" >/dev/null
"$cli" export --db "$tmp/w.db" --format prompt-completion -o "$tmp/pc.jsonl" >/dev/null
python3 - "$tmp" "$system" "$prompt1" "$answer1" "$prompt2" "$answer2" <<'PY'
import json, sys
tmp = sys.argv[1]
system, p1, a1, p2, a2 = sys.argv[2:7]
dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n"
sft = dump({"messages": [{"role": "system", "content": system}, {"role": "user", "content": p1},
                         {"role": "assistant", "content": a1}, {"role": "user", "content": p2},
                         {"role": "assistant", "content": a2}]})
pc = dump({"prompt": [{"role": "system", "content": system}, {"role": "user", "content": p1},
                      {"role": "assistant", "content": a1}, {"role": "user", "content": p2}],
           "completion": [{"role": "assistant", "content": a2}]})
for name, expected in (("sft.jsonl", sft), ("pc.jsonl", pc)):
    got = open(f"{tmp}/{name}", "rb").read()
    if got != expected.encode("utf-8"):
        sys.exit(f"FAIL: {name} differs\n got: {got!r}\nwant: {expected.encode('utf-8')!r}")
print("ok: the sft and prompt-completion exports are the written conversation, byte for byte")
PY

# The records export carries the submitted work whole.
"$cli" export --db "$tmp/w.db" --format records -o "$tmp/records.jsonl" >/dev/null
python3 - "$tmp/records.jsonl" "$system" "$prompt1" "$answer1" "$prompt2" "$answer2" <<'PY'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [r["task_id"] for r in records] == ["au1"], [r["task_id"] for r in records]
record = records[0]
system, p1, a1, p2, a2 = sys.argv[2:7]
assert record["kind"] == "author" and record["state"] == "submitted", record
assert record["system"] == system, record
assert record["turns"] == [{"prompt": p1, "reply": a1}, {"prompt": p2, "reply": a2}], record["turns"]
assert record["self_check"] == ["req-1"], record
print("ok: the records export holds the system message, both turns and the self-check")
PY

# Submitted work is read-only: keys typed into it change nothing.
start_app "$tmp/tasks.jsonl"
xdotool key alt+Up
sleep 0.5
xdotool key F6
type_text "zzz marmalade"
xdotool key ctrl+shift+t
type_text "qqq"
sleep 1.5
# Nor are they drawn: the editors do not take them.
text=$(screen_text)
grep -qi "marmalade" <<<"$text" && fail "a submitted task's editor took typing: $text"
crash
python3 - "$(work)" "$system" "$prompt1" "$answer1" "$prompt2" "$answer2" <<'PY'
import json, sys
work = json.loads(sys.argv[1])
system, p1, a1, p2, a2 = sys.argv[2:7]
assert work["state"] == "submitted", work["state"]
assert work["system"] == system and work["turns"] == [[p1, a1], [p2, a2]], work
print("ok: keys typed into the submitted task changed nothing, nor added a turn")
PY
# …and they were typed on it, not on the other task.
[ -z "$(query "SELECT a.data FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE t.ext_id = 'au2' AND a.data LIKE '%zzz%'")" ] ||
  fail "Alt+Up did not reach the submitted task: the keys went to au2"
