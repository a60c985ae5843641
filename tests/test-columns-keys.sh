#!/usr/bin/env bash
# A CSV file whose columns are no format Rubric knows, opened in the
# app, with real keys, read back off the screen: a dialog lists each
# column with its first cell and what it holds, guessed from its name
# (question: the prompt; label: the gold choice); the line under them
# says what is missing or wrong, and Import does nothing until the map
# can be read. Two responses and a label make comparisons; a row whose
# label is no choice is reported, and its valid rows are imported with
# the same map. The unmapped columns stay with each task. Opening the
# file again goes back to the set without asking; changed, it asks
# again with the same columns chosen. Columns named as TRL
# names them are all guessed, and Enter imports. A JSON Lines file of
# a dataset's own fields asks the same, by field. A header with no
# rows asks nothing and says it holds no tasks.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
. "$(dirname "$0")/keys-lib.sh"

cat >"$tmp/quiz.csv" <<'CSV'
uid,question,good,bad,label,source
q1,"Which planet is largest?
Answer briefly.",Jupiter is the largest planet.,Saturn is the largest planet.,A,quiz night
q2,What is the boiling point of water at sea level?,100 degrees Celsius.,90 degrees Celsius.,maybe,quiz night
CSV

# The app's window other than its main one: the dialog in front.
focus_dialog() {
  local main w
  main=$(main_window)
  for _ in $(seq 1 40); do
    for w in $(xdotool search --onlyvisible --pid "$pid" 2>/dev/null); do
      if [ "$w" != "$main" ]; then
        xdotool windowfocus --sync "$w"
        sleep 0.5
        return 0
      fi
    done
    sleep 0.25
  done
  fail "no dialog appeared"
}

n_windows() { xdotool search --onlyvisible --pid "$pid" 2>/dev/null | wc -l; }

# choose ROW-MOVES CHOICE-MOVES: Down/Up to a row, Return opens its
# choices, moves there, Return takes it.
choose() {
  [ -n "$1" ] && xdotool key --delay 120 $1
  xdotool key Return
  sleep 0.5
  xdotool key --delay 120 $2 Return
  sleep 0.5
}

start_app "$tmp/quiz.csv"
focus_dialog
expect_on_screen "Which Column Holds What" "uid" "question" "Which planet is largest" "Prompt" \
                 "Gold Choice or Verdict" "Not Used" "has no gold choice"

# good and bad both as the chosen response: named twice, nothing imported.
choose "Down Down" "Down Down Down"
choose "Down" "Down Down Down"
expect_on_screen "Two columns are set to" "Chosen Response" "choose one"
xdotool key alt+i
sleep 1
[ "$(n_windows)" = 2 ] || fail "the dialog closed on a map that cannot be read"
[ "$(query "SELECT count(*) FROM tasks")" = 0 ] || fail "tasks were imported with a column named twice"

# bad as the rejected one: a gold choice beside them is one too many.
choose "" "Down"
expect_on_screen "already say which is better"
# Both as responses: a comparison with its gold choice.
choose "Up" "Up"
choose "Down" "Up Up"
expect_on_screen "comparison of two responses"
xdotool key alt+i

# q2's label is no choice: reported; its one valid row is imported.
focus_dialog
expect_on_screen "Has Problems" "maybe" "Import 1 Valid Task"
xdotool key alt+i
expect_on_screen "Which planet is largest" "Jupiter is the largest planet" "Saturn is the largest planet"
[ "$(query "SELECT count(*) FROM tasks")" = 1 ] || fail "not one task imported"
[ "$(query "SELECT kind || ' ' || json_extract(raw, '$.gold.choice') || ' ' || json_extract(raw, '$.meta.uid') || ' ' ||
            json_extract(raw, '$.meta.source') FROM tasks")" = "compare A q1 quiz night" ] ||
  fail "the task is not the mapped comparison: $(query "SELECT raw FROM tasks")"
[ "$(query "SELECT json_extract(raw, '$.prompt') FROM tasks")" = "Which planet is largest?
Answer briefly." ] || fail "the prompt's line break was not kept"

# The same file again: back to the set, nothing asked.
quit_app
start_app "$tmp/quiz.csv"
expect_on_screen "Which planet is largest" "Jupiter is the largest planet"
[ "$(n_windows)" = 1 ] || fail "the columns were asked for again"
[ "$(query "SELECT count(*) FROM task_sets")" = 1 ] || fail "the file was imported a second time"
quit_app

# Changed, it is a new set: its columns are chosen as last time, and
# Enter imports them.
sed -i 's/,maybe,/,B,/' "$tmp/quiz.csv"
printf 'q3,Which gas do plants take in?,Carbon dioxide.,Oxygen.,A,quiz night\n' >>"$tmp/quiz.csv"
start_app "$tmp/quiz.csv"
focus_dialog
expect_on_screen "chosen as when it was last imported" "comparison of two responses"
xdotool key Return
expect_on_screen "Which planet is largest"
[ "$(query "SELECT count(*) FROM task_sets")" = 2 ] || fail "the changed file is not a set of its own"
[ "$(query "SELECT group_concat(kind || ':' || json_extract(raw, '$.gold.choice'), ' ') FROM tasks
            WHERE set_id = (SELECT max(id) FROM task_sets)")" = "compare:A compare:B compare:A" ] ||
  fail "the changed file was not read with the same map"
quit_app

# Columns named as TRL names them: every one guessed, Enter imports.
printf 'prompt,chosen,rejected\n"Name a prime, please.",Seven is prime.,Nine is prime.\n' >"$tmp/pairs.csv"
start_app "$tmp/pairs.csv"
focus_dialog
expect_on_screen "comparison of the chosen and the rejected response"
xdotool key Return
expect_on_screen "Name a prime" "Seven is prime" "Nine is prime"
[ "$(query "SELECT count(*) FROM tasks t JOIN task_sets s ON s.id = t.set_id WHERE s.name = 'pairs'")" = 1 ] ||
  fail "Enter did not import the pairs"
quit_app

# A JSON Lines dataset of its own fields: the same dialog, by field. A
# click on the answer's row, seven down to Gold Answer: a write task
# with its reference answer.
printf '{"question":"Which ocean is largest?","answer":"The Pacific.","source":"atlas"}\n' >"$tmp/qa.jsonl"
start_app "$tmp/qa.jsonl"
focus_dialog
expect_on_screen "Which Field Holds What" "question" "The Pacific" "a prompt to write an answer to"
xy=$(locate answer) || fail "the answer's row is not on screen"
xdotool mousemove $xy click 1
sleep 0.7
xdotool key --delay 120 Down Down Down Down Down Down Down Return
sleep 0.5
expect_on_screen "Gold Answer"
xdotool key alt+i
expect_on_screen "Which ocean is largest"
[ "$(query "SELECT kind || ' ' || json_extract(raw, '$.gold.answer') || ' ' || json_extract(raw, '$.meta.source')
            FROM tasks t JOIN task_sets s ON s.id = t.set_id WHERE s.name = 'qa'")" = "write The Pacific. atlas" ] ||
  fail "the JSON record was not read through the map: $(query "SELECT raw FROM tasks ORDER BY id DESC")"
quit_app

# A header and no rows: no map could make tasks of it, so no columns
# are asked for; it says there are none.
printf 'question;answer\n' >"$tmp/header-only.csv"
start_app "$tmp/header-only.csv"
expect_on_screen "Could Not Open" "header-only.csv: contains" "no tasks"
if grep -qiF "Holds What" <<<"$(screen_text)"; then fail "the columns of a file with no rows were asked for"; fi
crash
echo "ok"
