#!/usr/bin/env bash
# run-fuzz.sh [FUZZ_SECONDS] [HARNESS...] — runs the libFuzzer harnesses
#
# Configures a clang build of its own (FUZZ_BUILDDIR, default
# /tmp/rubric-fuzz-build: -Dfuzzing=true, ASan and UBSan), builds the
# harnesses of tests/fuzz, replays each one's regressions, then fuzzes
# each for FUZZ_SECONDS (default 60) from a copy of its seed corpus in
# FUZZ_WORKDIR (default /tmp/rubric-fuzz-work). FUZZ_JOBS harnesses run
# at once (default: the number of processors). Prints per harness the
# executions, exec/s, coverage (libFuzzer's cov: and ft:) and the crashes
# found, each saved to tests/fuzz/regressions/HARNESS/ (FUZZ_SAVE=0 keeps
# them in the work folder only) with its stack in WORKDIR/HARNESS/.
# Exits non-zero if any harness crashed, leaked, timed out or ran out of
# memory, or a regression still fails.
#
# `make fuzz FUZZ_SECONDS=N` runs this.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

SECONDS_EACH=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${FUZZ_BUILDDIR:-/tmp/rubric-fuzz-build}
WORK=${FUZZ_WORKDIR:-/tmp/rubric-fuzz-work}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
SAVE=${FUZZ_SAVE:-1}
MAX_CRASHES=5          # restarts after a crash, while time is left

case $SECONDS_EACH in
  ''|*[!0-9]*) echo "usage: $0 [FUZZ_SECONDS] [HARNESS...]" >&2; exit 2 ;;
esac

if [ $# -gt 0 ]; then
  HARNESSES=("$@")
else
  HARNESSES=()
  for f in "$HERE"/fuzz-*.c; do
    name=$(basename "$f" .c); name=${name#fuzz-}
    case $name in driver|util) continue ;; esac
    HARNESSES+=("$name")
  done
fi

dict_for () {
  case $1 in
    task-reader|formats|records|review) echo "$HERE/dict/json.dict" ;;
    csv) echo "$HERE/dict/csv.dict" ;;
    markdown|markdown-align) echo "$HERE/dict/markdown.dict" ;;
  esac
}

# clang with libFuzzer and the sanitizers -------------------------------
toolchain_ok () {
  local dir
  dir=$(mktemp -d) || return 1
  printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput (const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput (const uint8_t *d, size_t n) { return 0; }\n' > "$dir/t.c"
  clang -fsanitize=fuzzer,address,undefined "$dir/t.c" -o "$dir/t" >/dev/null 2>&1 && "$dir/t" -runs=1 >/dev/null 2>&1
  local status=$?
  rm -rf "$dir"
  return $status
}

if ! toolchain_ok; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  echo "Installing Debian packages: clang libfuzzer-14-dev"
  $SUDO apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang libfuzzer-14-dev
  toolchain_ok || { echo "run-fuzz.sh: clang cannot build a libFuzzer target" >&2; exit 2; }
fi

# The build -------------------------------------------------------------
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang meson setup "$BUILD" "$SRC" -Dfuzzing=true -Db_lundef=false || exit 2
elif ! meson configure "$BUILD" 2>/dev/null | grep -qE '^ *fuzzing +true '; then
  meson configure "$BUILD" -Dfuzzing=true -Db_lundef=false || exit 2
fi
targets=()
for h in "${HARNESSES[@]}"; do targets+=("fuzz-$h"); done
meson compile -C "$BUILD" "${targets[@]}" || exit 2

export G_SLICE=always-malloc
export G_DEBUG=gc-friendly
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# One harness ---------------------------------------------------------
stat_of () {  # stat_of LOG NAME: the last value libFuzzer printed for stat::NAME
  sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

run_one () {
  local h=$1 exe="$BUILD/tests/fuzz/fuzz-$1" w="$WORK/$1"
  local dict start deadline now left sha a c runs=0 crashes=0 failed_regressions=0 round=0 log
  rm -rf "$w"
  mkdir -p "$w/corpus" "$w/crashes" "$w/tmp"
  # The harnesses' temporary folders, left behind by a crash, go here.
  export TMPDIR="$w/tmp"
  cp -r "$HERE/corpus/$h/." "$w/corpus/" 2>/dev/null
  dict=$(dict_for "$h")

  # The regressions first: each must pass before fuzzing means anything.
  : > "$w/regressions.log"
  for f in "$HERE/regressions/$h"/*; do
    [ -f "$f" ] || continue
    if ! "$exe" -runs=1 "$f" >> "$w/regressions.log" 2>&1; then
      echo "regression fails: $f" >> "$w/failed-regressions"
      failed_regressions=$((failed_regressions + 1))
    fi
  done

  start=$(date +%s)
  deadline=$(( start + SECONDS_EACH ))
  while :; do
    now=$(date +%s); left=$(( deadline - now ))
    [ "$left" -gt 0 ] || break
    round=$((round + 1)); log="$w/fuzz-$round.log"
    "$exe" -max_total_time="$left" -print_final_stats=1 -timeout=25 -rss_limit_mb=2560 \
      -artifact_prefix="$w/crashes/" ${dict:+-dict="$dict"} "$w/corpus" > "$log" 2>&1
    local status=$? n
    n=$(stat_of "$log" number_of_executed_units)
    [ -z "$n" ] && n=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    runs=$(( runs + ${n:-0} ))
    [ "$status" -eq 0 ] && break
    crashes=$((crashes + 1))
    [ "$crashes" -ge "$MAX_CRASHES" ] && break
    # A seed that crashes would stop every round at once: fuzz without it.
    for a in "$w/crashes"/*; do
      case $a in *.txt) continue ;; esac
      sha=${a##*-}
      for c in "$w/corpus"/*; do
        [ -f "$c" ] && [ "$(sha1sum < "$c" | cut -d' ' -f1)" = "$sha" ] && rm -f "$c"
      done
    done
  done

  local last cov ft corp elapsed
  last=$(grep -h 'cov: [0-9]' "$w"/fuzz-*.log 2>/dev/null | tail -n 1)
  cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  corp=$(echo "$last" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
  elapsed=$(( $(date +%s) - start ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$runs" "$(( runs / (elapsed > 0 ? elapsed : 1) ))" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$failed_regressions" > "$w/result"

  # Each artifact: its stack, from a run of it alone with full stacks.
  for f in "$w/crashes"/*; do
    [ -f "$f" ] || continue
    ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" "$exe" -runs=1 "$f" > "$f.txt" 2>&1
  done
}

mkdir -p "$WORK"
echo "Fuzzing ${#HARNESSES[@]} harnesses for ${SECONDS_EACH}s each, $JOBS at a time (work in $WORK)"
for h in "${HARNESSES[@]}"; do
  [ -x "$BUILD/tests/fuzz/fuzz-$h" ] || { echo "run-fuzz.sh: no harness fuzz-$h" >&2; exit 2; }
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  run_one "$h" &
done
wait

# The report ------------------------------------------------------------
status=0
printf '\n%-16s %12s %8s %7s %8s %12s  %s\n' harness executions exec/s cov ft corpus crashes
for h in "${HARNESSES[@]}"; do
  w="$WORK/$h"
  IFS=$'\t' read -r _ runs rate cov ft corp failed < "$w/result"
  artifacts=()
  for f in "$w/crashes"/*; do
    case $f in *.txt) continue ;; esac
    [ -f "$f" ] && artifacts+=("$f")
  done
  printf '%-16s %12s %8s %7s %8s %12s  %s\n' "$h" "$runs" "$rate" "$cov" "$ft" "$corp" \
    "$(( ${#artifacts[@]} + failed ))"
  if [ "$failed" -gt 0 ]; then
    status=1
    sed 's/^/    /' "$w/failed-regressions"
  fi
  for f in "${artifacts[@]}"; do
    status=1
    kind=$(basename "$f"); kind=${kind%%-*}
    echo "    $kind: $f"
    grep -m1 -E '^SUMMARY|check failed|ERROR: libFuzzer' "$f.txt" 2>/dev/null | sed 's/^/      /'
    grep -E '^ +#[0-9]+ .* in .*(src/core/|tests/fuzz/)[^ ]*\.c' "$f.txt" 2>/dev/null | head -n 4 | sed 's/^ */        /'
    if [ "$SAVE" = 1 ] && { [ "$kind" = crash ] || [ "$kind" = leak ]; }; then
      mkdir -p "$HERE/regressions/$h"
      cp "$f" "$HERE/regressions/$h/"
      echo "      saved as tests/fuzz/regressions/$h/$(basename "$f")"
    fi
  done
done
[ "$status" = 0 ] && echo "No crash." || echo "Crashes found: see above; the stacks are beside each file (.txt)."
exit $status
