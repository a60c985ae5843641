#!/usr/bin/env bash
# The window as people set up their desktops: dark style, 200 % scaling,
# high contrast, large text (GNOME's text scaling 1.5: what
# gnome-settings-daemon gives GTK as XSETTINGS Xft/DPI, here given by
# xsettingsd), and a phone: 360 px wide, the sidebar folded away, the window's
# close button alone as phones lay it out. Each mode runs the
# app on the sample set in an X server of its own size, saves
# BUILDDIR/tests/screenshots/appearance-MODE.png and reads it with
# tesseract: the first task's prompt and "Submit" are drawn.
#   test-appearance.sh BUILDDIR
# Settings go through GLib's keyfile backend, the one a test can write
# before the app starts (the app's style, libadwaita's high contrast).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
builddir=${1:?builddir}
src=$(cd "$(dirname "$0")/.." && pwd)
app=${RUBRIC_APP:-$builddir/src/rubric}
shots=$builddir/tests/screenshots
mkdir -p "$shots"
tmp=$(mktemp -d)
xpid="" apid="" spid=""
cleanup () {
  [ -n "$apid" ] && kill "$apid" 2>/dev/null
  [ -n "$spid" ] && kill "$spid" 2>/dev/null
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

# The first task of the sample set; its prompt begins with these words.
prompt_word=$(jq -r 'select(.kind? != null) | .prompt' "$src/resources/samples/tasks.jsonl" 2>/dev/null \
  | head -n 1 | tr -c 'A-Za-z\n' ' ' | awk '{ for (i = 1; i <= NF; i++) if (length($i) >= 5) { print $i; exit } }')

start_x () {
  local d=90
  while [ -e /tmp/.X$d-lock ]; do d=$((d + 1)); done
  Xvfb :$d -screen 0 "$1x24" -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  export DISPLAY=:$d
  for _ in $(seq 1 40); do xdotool getdisplaygeometry >/dev/null 2>&1 && return 0; sleep 0.1; done
}

stop () {
  kill "$apid" 2>/dev/null; wait "$apid" 2>/dev/null; apid=""
  [ -n "$spid" ] && { kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; spid=""; }
  kill "$xpid" 2>/dev/null; wait "$xpid" 2>/dev/null; xpid=""
}

# run MODE SCREEN WINDOW-SIZE [VAR=VALUE…]: starts the app, sizes its
# window, saves the screenshot in $tmp/MODE.png.
run () {
  local mode=$1 screen=$2 size=$3; shift 3
  local home=$tmp/$mode
  mkdir -p "$home/config/glib-2.0/settings" "$home/config/gtk-4.0" "$home/data"
  [ -f "$tmp/$mode.keyfile" ] && cp "$tmp/$mode.keyfile" "$home/config/glib-2.0/settings/keyfile"
  [ -f "$tmp/$mode.ini" ] && cp "$tmp/$mode.ini" "$home/config/gtk-4.0/settings.ini"
  start_x "$screen"
  if [ -f "$tmp/$mode.xsettings" ]; then
    xsettingsd -c "$tmp/$mode.xsettings" >/dev/null 2>&1 &
    spid=$!
    sleep 0.5
  fi
  env XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" GSETTINGS_BACKEND=keyfile \
    LANG=C.UTF-8 LANGUAGE= "$@" "$app" --db "$home/ws.db" "$src/resources/samples/tasks.jsonl" \
    >"$tmp/$mode.log" 2>&1 &
  apid=$!
  local win=""
  for _ in $(seq 1 80); do
    sleep 0.25
    win=$(xdotool search --onlyvisible --pid "$apid" 2>/dev/null | tail -n 1)
    [ -n "$win" ] && break
  done
  if [ -z "$win" ]; then
    cat "$tmp/$mode.log"; fail "$mode: no window"; stop; return 1
  fi
  xdotool windowsize "$win" "${size%x*}" "${size#*x}" windowmove "$win" 0 0
  # Past the import's toast.
  sleep 6
  if [ -n "${RUN_KEYS:-}" ]; then
    for k in $RUN_KEYS; do xdotool key "$k"; sleep 0.5; done
    sleep 2
  fi
  eval "$(xdotool getwindowgeometry --shell "$win")"
  echo "$mode: window ${WIDTH}x${HEIGHT}"
  [ "$WIDTH" -le "${screen%x*}" ] || fail "$mode: the window is ${WIDTH} px wide, wider than the screen's ${screen%x*}: cut"
  import -window root "$tmp/$mode.png"
  cp "$tmp/$mode.png" "$shots/appearance-$mode.png"
  if grep -E 'CRITICAL' "$tmp/$mode.log"; then fail "$mode: the app printed a critical"; fi
  stop
}

# ocr MODE [convert options]: the text of MODE's screenshot, enlarged,
# as drawn and inverted (white text on the blue Submit button).
ocr () {
  local mode=$1; shift
  convert "$tmp/$mode.png" "$@" -resize 200% "$tmp/$mode-ocr.png"
  tesseract "$tmp/$mode-ocr.png" - 2>/dev/null
  convert "$tmp/$mode-ocr.png" -negate "$tmp/$mode-ocr.png"
  tesseract "$tmp/$mode-ocr.png" - 2>/dev/null
}

# submit MODE [convert options]: the Submit button, bottom right, is read
# (tesseract misses white on blue in the whole screen; of the cropped,
# thresholded button it reads "ubmit" or "sbmit").
submit () {
  local mode=$1 text; shift
  convert "$tmp/$mode.png" "$@" -gravity SouthEast -crop 30%x10%+0+0 +repage -colorspace Gray -threshold 50% -resize 300% "$tmp/$mode-submit.png"
  text=$(tesseract "$tmp/$mode-submit.png" - 2>/dev/null; convert "$tmp/$mode-submit.png" -negate "$tmp/$mode-submit.png"; tesseract "$tmp/$mode-submit.png" - 2>/dev/null)
  # Else the blue button alone, found by its colour in the bottom right
  # (small pictures: a phone's, larger text; and cairo's drawing, whose
  # blue thresholds to white with the text), read as one line. Not the
  # whole bottom strip: the word count's colour came close enough.
  if ! grep -qi 'bmit' <<<"$text"; then
    local box
    convert "$tmp/$mode.png" -gravity SouthEast -crop 45%x12%+0+0 +repage "$tmp/$mode-strip.png"
    box=$(convert "$tmp/$mode-strip.png" -fuzz 15% -fill black +opaque "#3584e4" -fill white -opaque "#3584e4" -format %@ info:)
    convert "$tmp/$mode-strip.png" -crop "$box" +repage -colorspace Gray -negate -resize 400% "$tmp/$mode-submit.png"
    text+=$(tesseract "$tmp/$mode-submit.png" - --psm 7 2>/dev/null)
  fi
  grep -qi 'bmit' <<<"$text" && echo "ok: $mode: Submit drawn" || fail "$mode: Submit not read"
}

expect () {
  local mode=$1 text=$2 word
  shift 2
  for word in "$@"; do
    grep -qi -- "$word" <<<"$text" && echo "ok: $mode: '$word' drawn" || fail "$mode: '$word' not read"
  done
}

# differs MODE PIXELS WHY: MODE's picture is not the light one again.
differs () {
  local diff
  diff=$(compare -metric AE "$tmp/light.png" "$tmp/$1.png" null: 2>&1 | cut -d' ' -f1)
  [ "${diff%.*}" -gt "$2" ] 2>/dev/null && echo "ok: $1 differs from light in $diff pixels" \
    || fail "$1: looks like the light picture ($diff pixels differ): $3"
}

luminance () {
  convert "$tmp/$1.png" -colorspace Gray -format '%[fx:int(100*mean)]' info:
}

# Light, the reference.
run light 1280x800 1280x800 GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR:-}" && {
  expect light "$(ocr light)" Response "$prompt_word"
  submit light
  light=$(luminance light)
  echo "light: mean luminance $light %"
}

# Dark: the app's own style preference.
printf '[io/github/rubricapp/Rubric]\nstyle-variant='"'"'dark'"'"'\n' >"$tmp/dark.keyfile"
run dark 1280x800 1280x800 && {
  dark=$(luminance dark)
  echo "dark: mean luminance $dark %"
  [ "$dark" -lt 35 ] || fail "dark: mean luminance $dark % is not dark"
  expect dark "$(ocr dark -negate)" Response "$prompt_word"
  submit dark -negate
}

# 200 %: twice the pixels on a screen twice the size, nothing cut.
run scale2 2560x1600 2560x1600 GDK_SCALE=2 && {
  expect scale2 "$(ocr scale2 -resize 50%)" Response "$prompt_word"
  submit scale2
}

# High contrast: libadwaita 1.2 reads org.gnome.desktop.a11y.interface
# high-contrast when there is no settings portal.
printf '[org/gnome/desktop/a11y/interface]\nhigh-contrast=true\n' >"$tmp/hc.keyfile"
run hc 1280x800 1280x800 && {
  expect hc "$(ocr hc)" Response "$prompt_word"
  submit hc
  # High contrast draws borders the light style does not.
  differs hc 1000 "no high-contrast borders"
}

# Large text: one and a half times the font size (96 × 1.5 × 1024);
# drawn, not cut, and not the light picture again.
printf 'Xft/DPI 147456\n' >"$tmp/large.xsettings"
run large 1280x800 1280x800 && {
  expect large "$(ocr large)" Response "$prompt_word"
  submit large
  differs large 100000 "the text did not grow"
}

# A phone: 360 px wide. Each kind fits: the window is no wider than the
# screen (run checks it), and its task and Submit are drawn.
printf '[Settings]\ngtk-decoration-layout=:close\n' >"$tmp/phone.ini"
for kind in compare review write rank author red-team; do
  cp "$tmp/phone.ini" "$tmp/phone-$kind.ini"
  nth=$(jq -r 'select(.kind? != null) | .kind' "$src/resources/samples/tasks.jsonl" | grep -n -m1 -x "$kind" | cut -d: -f1)
  keys=()
  for _ in $(seq 2 "$nth"); do keys+=(alt+Down); done
  RUN_KEYS="${keys[*]}" run "phone-$kind" 360x720 360x720 && {
    text=$(ocr "phone-$kind")
    word=$(jq -r 'select(.kind? != null) | (.prompt // .brief) | gsub("\n"; " ")' "$src/resources/samples/tasks.jsonl" | sed -n "${nth}p" \
      | tr -c 'A-Za-z\n' ' ' | awk '{ for (i = 1; i <= NF; i++) if (length($i) >= 7) { print $i; exit } }')
    expect "phone-$kind" "$text" "$word"
    submit "phone-$kind"
  }
done

echo "screenshots in $shots"
echo "$failures failure(s)"
[ $failures = 0 ]
