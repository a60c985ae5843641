#!/usr/bin/env bash
# Practice and an exam as a trainee does them, with real keys, read back
# off the screen: a wrong comparison gives "Not Quite" and the gold's
# explanation; Try Again (Ctrl+R) keeps the first attempt in the
# history and a right one gives "Right"; Enter goes on; a written answer
# is set against the gold answer. Then an exam: the start page, a clock,
# no feedback, the time limit submitting what is on the page, a result
# page, and `rubric-cli grade --exam` agreeing with the exported result.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
. "$(dirname "$0")/keys-lib.sh"


# The header bar, read larger: its small text is hard to read whole.
header_text() {
  import -window root -crop 1000x52+280+0 +repage -resize 300% "$tmp/header.png"
  tesseract "$tmp/header.png" - -l eng --psm 6 2>/dev/null | tr '\n' ' '
}


expect_not_on_screen() {
  local text
  text=$(screen_text)
  for phrase in "$@"; do
    if grep -qiF -- "$phrase" <<<"$text"; then fail "“$phrase” is on the screen; read: $text"; fi
  done
}


cat > "$tmp/practice.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Keys practice","mode":"practice","settings":{"preference_scale":7}}
{"id":"p1","kind":"compare","prompt":"In which year did the Berlin Wall fall?","responses":[{"id":"a","content":"1991."},{"id":"b","content":"1989."}],"gold":{"choice":"B","strength":3,"explanation":"**Correctness:** the Wall was opened on 9 November 1989, not in 1991."}}
{"id":"p2","kind":"write","prompt":"Greet the new colleague in one sentence.","gold":{"answer":"Welcome to the team, we are glad you are here.","explanation":"Warm and short."}}
JSON

start_app "$tmp/practice.jsonl"
# A slightly better: the wrong side.
xdotool key 3
xdotool key ctrl+j
xdotool type --delay 20 "Correctness decides"
xdotool key ctrl+Return
sleep 1.5
expect_on_screen "Not Quite" "direction is wrong" "not in 1991"
[ "$(query "SELECT count(*) FROM practice_results WHERE correct = 0")" = 1 ] || fail "the wrong attempt was not kept"

# Try Again: the task is open again, and the first attempt is history.
xdotool key ctrl+r
sleep 1
xdotool key 7
xdotool key ctrl+Return
sleep 1.5
expect_on_screen "Right" "direction and the strength are right"
[ "$(query "SELECT count(*) FROM annotation_history")" = 1 ] || fail "Try Again lost the earlier attempt"
[ "$(query "SELECT count(*) FROM practice_results WHERE correct = 1")" = 1 ] || fail "the right attempt was not kept"

# Enter goes on to the write task, where the editor has the keys.
xdotool key Return
sleep 1.2
xdotool type --delay 20 "Welcome aboard, glad you are here."
xdotool key ctrl+Return
sleep 1.5
expect_on_screen "Compared With the Gold Answer" "ROUGE-L" "Warm and short"
quit_app

# An exam: two tasks, a few seconds, half to pass.
cat > "$tmp/exam.jsonl" <<'JSON'
{"format":"rubric-tasks/1","name":"Keys exam","exam":{"pass_mark":0.5,"time_limit_minutes":0.25,"attempts":2,"retry_after_hours":0,"feedback":"end"},"settings":{"preference_scale":7}}
{"id":"e1","kind":"compare","prompt":"2 + 2?","responses":[{"id":"a","content":"4"},{"id":"b","content":"5"}],"gold":{"choice":"A","strength":3,"explanation":"Arithmetic."}}
{"id":"e2","kind":"compare","prompt":"Capital of France?","responses":[{"id":"a","content":"Lyon"},{"id":"b","content":"Paris"}],"gold":{"choice":"B","strength":3,"explanation":"Paris."}}
JSON
start_app "$tmp/exam.jsonl"
expect_on_screen "Qualification Exam" "0 of 2 attempts used"
xdotool key Return
sleep 1.2
grep -qE "[0-9]:[0-9]{2} left" <<<"$(header_text)" || fail "no clock in the header bar; read: $(header_text)"
xdotool key 1
xdotool key ctrl+j
xdotool type --delay 20 "Arithmetic"
xdotool key ctrl+Return
sleep 1.2
# No feedback in an exam: straight on to the next task.
expect_not_on_screen "Not Quite" "Right"
# The second is answered wrong and left unsubmitted: time runs out.
xdotool key 1
sleep 16
expect_on_screen "Passed" "Score 50"
[ "$(query "SELECT count(*) FROM exam_attempts WHERE finished_at IS NOT NULL AND passed = 1")" = 1 ] || fail "the attempt is not finished as passed"
n=$(query "SELECT count(*) FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE t.ext_id IN ('e1', 'e2') AND a.state = 'submitted'")
[ "$n" = 2 ] || fail "the time limit did not submit the page ($n of 2 submitted)"
python3 - "$tmp/w.db" "$tmp/result.json" <<'PY'
import sqlite3, sys
result = sqlite3.connect(sys.argv[1]).execute("SELECT result FROM exam_attempts").fetchone()[0]
open(sys.argv[2], "w").write(result + "\n")
PY
"$cli" grade --tasks "$tmp/exam.jsonl" --exam "$tmp/result.json" > "$tmp/check.txt" || fail "grade --exam disagrees: $(cat "$tmp/check.txt")"
grep -q "Verified: 1 of 2 right" "$tmp/check.txt" || fail "grade --exam said: $(cat "$tmp/check.txt")"
# A result edited by hand is caught.
sed -i 's/"passed":true/"passed":false/' "$tmp/result.json"
if "$cli" grade --tasks "$tmp/exam.jsonl" --exam "$tmp/result.json" > "$tmp/check.txt" 2>&1; then
  fail "an edited result was verified"
fi
quit_app

# The second of two attempts: the page says so, the work starts afresh,
# and after it no attempt is left.
start_app "$tmp/exam.jsonl"
expect_on_screen "Passed" "1 of 2 attempts used"
xdotool key Return
sleep 1.2
grep -qE "[0-9]:[0-9]{2} left" <<<"$(header_text)" || fail "the second attempt has no clock"
[ "$(query "SELECT count(*) FROM annotations WHERE state = 'submitted' AND task_id IN (SELECT id FROM tasks WHERE ext_id IN ('e1', 'e2'))")" = 0 ] \
  || fail "the second attempt did not start afresh"
sleep 16
expect_on_screen "Not Passed" "2 of 2 attempts used" "No attempts are left"
[ "$(query "SELECT count(*) FROM annotation_history")" -ge 3 ] || fail "the first attempt's work is not in the history"
quit_app
echo "ok: practice feedback, Try Again, and an exam with its clock, result and attempts, by keys and on screen"
