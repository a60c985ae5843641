#!/bin/bash
# The app in German and in Spanish, as drawn: starts Rubric on the
# bundled samples with LANG and LANGUAGE set, reads the screen with
# tesseract in that language, and fails unless the translations of a
# few strings of the window are there (taken from po/LANG.po, so that a
# better translation never breaks the test) and the English ones are
# not. Also the command line: `rubric-cli stats --help`.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
. "$(dirname "$0")/keys-lib.sh"
src=$(cd "$(dirname "$0")/.." && pwd)
samples="$src/resources/samples/tasks.jsonl"
: "${RUBRIC_LOCALEDIR:?the built .mo files}"

# The translation of MSGID in po/LANG.po, without its mnemonic.
translation() {
  python3 - "$src/po/$1.po" "$2" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for entry in text.split("\n\n"):
    m = re.search(r'^msgid "(.*)"\nmsgstr "(.*)"$', entry, re.M)
    if m and m.group(1) == sys.argv[2] and "#, fuzzy" not in entry:
        sys.stdout.write(m.group(2).replace("_", ""))
        sys.exit(0)
sys.exit(1)
PY
}

screen_in() {
  import -window root "$tmp/screen.png"
  tesseract "$tmp/screen.png" - -l "$1" --psm 3 2>/dev/null | tr '\n' ' '
}

mkdir -p "$tmp/locales"
for pair in de:de_DE:deu es:es_ES:spa; do
  IFS=: read -r lang locale ocr <<<"$pair"
  if ! tesseract --list-langs 2>/dev/null | grep -qx "$ocr"; then
    [ "$lang" = de ] && fail "tesseract has no $ocr data (tesseract-ocr-$ocr)"
    echo "# no tesseract data for $ocr: $lang not read off the screen"
    continue
  fi
  localedef -i "$locale" -f UTF-8 "$tmp/locales/$locale.UTF-8" 2>/dev/null || fail "localedef $locale"
  export LOCPATH="$tmp/locales" LANG="$locale.UTF-8" LC_ALL="$locale.UTF-8" LANGUAGE="$lang"
  rm -f "$tmp/w.db"*
  start_app "$samples"
  # Read until the window is drawn: while other tests load the machine,
  # that may take a few seconds after the window appears.
  search=$(translation "$lang" "Search prompts") || fail "po/$lang.po does not translate “Search prompts”"
  for _ in $(seq 1 15); do
    sleep 1
    text=$(screen_in "$ocr")
    grep -qiF -- "$search" <<<"$text" && grep -qF -- "1,5" <<<"$text" && break
  done
  # The filter's placeholder, and the kinds of the tasks in the list.
  for msgid in "Search prompts" "Compare" "Review"; do
    want=$(translation "$lang" "$msgid") || fail "po/$lang.po does not translate “$msgid”"
    [ "$want" != "$msgid" ] || continue
    grep -qiF -- "$want" <<<"$text" || fail "$lang: “$want” (for “$msgid”) is not on the screen; read: $text"
  done
  grep -qiF -- "Search prompts" <<<"$text" && fail "$lang: the English “Search prompts” is still on the screen; read: $text"
  # Numbers follow the locale: the rubric's weight ×1.5 has a decimal comma.
  grep -qF -- "1,5" <<<"$text" || fail "$lang: the weight 1,5 is not on the screen; read: $text"
  grep -qF -- "x1.5" <<<"$text" && fail "$lang: the weight is written 1.5; read: $text"
  echo "ok: $lang on screen"
  quit_app
  help=$("$cli" stats --help)
  want=$(translation "$lang" "Workspace database") || fail "po/$lang.po does not translate “Workspace database”"
  grep -qF -- "$want" <<<"$help" || fail "$lang: rubric-cli stats --help lacks “$want”: $help"
  echo "ok: $lang in rubric-cli stats --help"
  first=$("$cli" --help | head -n 1)
  [ "$first" != "Usage: rubric-cli COMMAND [OPTION…]" ] && grep -qF "rubric-cli" <<<"$first" ||
    fail "$lang: rubric-cli --help begins “$first”"
  echo "ok: $lang in rubric-cli --help: $first"
  unset LOCPATH LANG LC_ALL LANGUAGE
done
