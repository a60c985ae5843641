#!/usr/bin/env bash
# `meson install --destdir` puts every file in place, and what it
# installed runs: rubric-cli --version, and the app under Xvfb with the
# installed schemas, icons and data, its window read with tesseract.
#   test-install.sh BUILDDIR PREFIX APP_ID HELP_ID
# Runs under run-under-xvfb.sh (DISPLAY set).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
builddir=${1:?builddir} prefix=${2:?prefix} app_id=${3:?app id} help_id=${4:?help id}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
app_pid=""
trap '[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0
fail () { echo "FAIL: $*"; failures=$((failures + 1)); }

meson install -C "$builddir" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; echo "FAIL: meson install"; exit 1; }
root=$tmp/root$prefix

expected=(
  bin/rubric
  bin/rubric-cli
  "share/applications/$app_id.desktop"
  "share/metainfo/$app_id.metainfo.xml"
  "share/icons/hicolor/scalable/apps/$app_id.svg"
  "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  share/glib-2.0/schemas/io.github.rubricapp.Rubric.gschema.xml
  "share/help/C/$help_id/index.page"
)
for lang in $(sed 's/#.*//' "$src/po/LINGUAS"); do
  expected+=("share/locale/$lang/LC_MESSAGES/rubric.mo")
done
for lang in $(sed 's/#.*//' "$src/help/LINGUAS"); do
  expected+=("share/help/$lang/$help_id/index.page")
done
for f in "${expected[@]}"; do
  [ -s "$root/$f" ] && echo "ok: $f" || fail "not installed: $f"
done

# Each translated help is valid Mallard and is not the English text again.
for lang in $(sed 's/#.*//' "$src/help/LINGUAS"); do
  dir=$root/share/help/$lang/$help_id
  [ -d "$dir" ] || continue
  if command -v yelp-check >/dev/null; then
    yelp-check validate --strict --allow http://www.w3.org/2005/11/its "$dir"/*.page >"$tmp/help-$lang.log" 2>&1 \
      && echo "ok: help $lang is valid" || { cat "$tmp/help-$lang.log"; fail "help $lang: not valid Mallard"; }
  fi
  cmp -s "$dir/index.page" "$root/share/help/C/$help_id/index.page" \
    && fail "help $lang: index.page is the English page" || echo "ok: help $lang is translated"
done
for f in bin/rubric bin/rubric-cli; do
  [ -x "$root/$f" ] || fail "not executable: $f"
done

# The desktop file names the installed icon and binary.
grep -qx "Icon=$app_id" "$root/share/applications/$app_id.desktop" || fail "desktop file: Icon is not $app_id"
grep -q '^Exec=rubric ' "$root/share/applications/$app_id.desktop" || fail "desktop file: Exec is not rubric"

# gnome.post_install compiles the schemas unless DESTDIR is set; do it here
# as a packager's trigger would.
schemas=$root/share/glib-2.0/schemas
[ -f "$schemas/gschemas.compiled" ] || glib-compile-schemas --strict "$schemas" || fail "installed schema does not compile"

version=$(env -u RUBRIC_LOCALEDIR LANG=C.UTF-8 LANGUAGE= "$root/bin/rubric-cli" --version 2>&1)
case $version in
  *[0-9].[0-9]*) echo "ok: rubric-cli --version: $version" ;;
  *) fail "rubric-cli --version printed: $version" ;;
esac

# The installed app, on the sample set, reading its data from the install.
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
export XDG_DATA_DIRS=$root/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}
export GSETTINGS_SCHEMA_DIR=$schemas GSETTINGS_BACKEND=memory
env -u RUBRIC_LOCALEDIR LANG=C.UTF-8 LANGUAGE= "$root/bin/rubric" --db "$tmp/ws.db" \
  "$src/resources/samples/tasks.jsonl" >"$tmp/app.log" 2>&1 &
app_pid=$!
win=""
for _ in $(seq 1 80); do
  sleep 0.25
  win=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | tail -n 1)
  [ -n "$win" ] && break
  kill -0 "$app_pid" 2>/dev/null || break
done
if [ -z "$win" ]; then
  cat "$tmp/app.log"
  fail "the installed app showed no window"
else
  echo "ok: window $win"
  text=""
  for _ in 1 2 3 4 5 6; do
    sleep 1
    import -window root "$tmp/screen.png" 2>/dev/null
    convert "$tmp/screen.png" -resize 200% "$tmp/big.png"
    text=$(tesseract "$tmp/big.png" - 2>/dev/null)
    grep -q 'Rubric sample tasks' <<<"$text" && break
  done
  # The sample set's name, in the sidebar's header.
  grep -q 'Rubric sample tasks' <<<"$text" && echo "ok: 'Rubric sample tasks' on screen" \
    || { echo "$text"; fail "the set's name not read on the installed app's window"; }
  mkdir -p "$builddir/tests/screenshots" && cp "$tmp/screen.png" "$builddir/tests/screenshots/install.png"
  if grep -E 'CRITICAL|WARNING' "$tmp/app.log"; then fail "the installed app warned"; fi
fi

echo "$failures failure(s)"
[ $failures = 0 ]
