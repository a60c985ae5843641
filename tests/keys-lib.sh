# Shared by the tests that drive the real app with xdotool keys.
# SPDX-License-Identifier: GPL-3.0-or-later
# Set before sourcing: nothing. Provides $tmp, $app, $cli and:
#   start_app FILE    start Rubric on FILE with a private workspace, focused
#   main_window       the id of the app's main window
#   crash             kill -9 the app
#   quit_app          Ctrl+Q and wait for the app to end
#   field SQL         one value from the annotations of the workspace
#   query SQL         the first value of any query on the workspace ("" for none)
#   screen_text       the whole screen, read with tesseract, on one line
#                     (screen_text_large: at twice its size)
#   expect_on_screen PHRASE…   fail unless every phrase is read on the screen
#                     (within ~10 s; EXPECT_READS=1 to read it once only)
#   locate WORD       "X Y", the middle of WORD where it is drawn on screen
#   fail MESSAGE      print the message and the app's log, exit 1

app=${RUBRIC_APP:?}
cli=${RUBRIC_CLI:?}
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; [ -f "$tmp/app.log" ] && cat "$tmp/app.log" >&2; exit 1; }

# The app's largest visible window: its main window, even while a
# notice of its own (a smaller window, listed before or after it, and
# at times mapped first) is up; nothing while only a notice is.
main_window() {
  local w geo best="" area=0 WINDOW X Y WIDTH HEIGHT SCREEN
  for w in $(xdotool search --onlyvisible --pid "$pid" 2>/dev/null); do
    geo=$(xdotool getwindowgeometry --shell "$w" 2>/dev/null) || continue
    eval "$geo"
    if [ "$WIDTH" -ge 500 ] && [ $((WIDTH * HEIGHT)) -gt "$area" ]; then
      best=$w
      area=$((WIDTH * HEIGHT))
    fi
  done
  echo "$best"
}

start_app() {
  "$app" --db "$tmp/w.db" "$1" >"$tmp/app.log" 2>&1 &
  pid=$!
  win=""
  for _ in $(seq 1 80); do
    win=$(main_window) && [ -n "$win" ] && break
    sleep 0.25
  done
  [ -n "$win" ] || fail "no window appeared"
  xdotool windowsize "$win" 1280 800 windowmove "$win" 0 0 windowfocus --sync "$win"
  sleep 2
}

crash() {
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

quit_app() {
  xdotool key ctrl+q
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  pid=""
}

field() {
  python3 - "$tmp/w.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(
    "SELECT " + sys.argv[2] + " FROM annotations a JOIN tasks t ON t.id = a.task_id ORDER BY t.ord").fetchone()
sys.stdout.write("" if row is None or row[0] is None else str(row[0]))
PY
}

# Reads the screen with tesseract and prints the centre of the first
# word drawn that is WORD (ignoring punctuation around it); fails if none.
locate() {
  import -window root "$tmp/screen.png"
  tesseract "$tmp/screen.png" "$tmp/screen" -l eng --psm 3 tsv >/dev/null 2>&1
  python3 - "$tmp/screen.tsv" "$1" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["text"].strip(".,;:!?*()") == sys.argv[2]:
            x, y = int(row["left"]) + int(row["width"]) // 2, int(row["top"]) + int(row["height"]) // 2
            print(x, y)
            sys.exit(0)
sys.exit(1)
PY
}

query() {
  python3 - "$tmp/w.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
sys.stdout.write("" if row is None or row[0] is None else str(row[0]))
PY
}

screen_text() {
  import -window root "$tmp/screen.png"
  tesseract "$tmp/screen.png" - -l eng --psm 3 2>/dev/null | tr '\n' ' '
}

# The same screen read again at twice the size: small text beside a
# chart's bars ("Prompt injection" read as "comet nection") is read
# there.
screen_text_large() {
  convert "$tmp/screen.png" -resize 200% "$tmp/screen-large.png"
  tesseract "$tmp/screen-large.png" - -l eng --psm 3 2>/dev/null | tr '\n' ' '
}

# first_missing TEXT PHRASE…: the first phrase not in TEXT, or nothing.
first_missing() {
  local text=$1 phrase
  shift
  for phrase in "$@"; do
    grep -qiF -- "$phrase" <<<"$text" || { echo "$phrase"; return; }
  done
}

# Read again, up to ten times a second apart, until every phrase is
# there: on a loaded machine a window just shown or resized may not have
# painted yet. (A window left blank but for a toast, once taken for
# that, was GTK leaving widgets out of frames: see rubric-repaint.c and
# test-paint-keys.sh, which reads once.)
expect_on_screen() {
  local text missing
  for _ in $(seq 1 "${EXPECT_READS:-10}"); do
    text=$(screen_text)
    missing=$(first_missing "$text" "$@")
    [ -z "$missing" ] && return 0
    text+=" $(screen_text_large)"
    missing=$(first_missing "$text" "$@")
    [ -z "$missing" ] && return 0
    sleep 1
  done
  fail "“$missing” is not on the screen; read: $text"
}
