#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Import benchmark: `rubric-cli import` against an ad-hoc Python json+sqlite3
# script on the same generated file of N compare tasks (about 2.5 KB each).
#
#   tests/bench/bench-import.sh [RUBRIC_CLI] [N]
#
# RUBRIC_CLI defaults to build/src/rubric-cli under the repository root,
# N to 100000 (about 250 MB).  Generated files are kept in
# ${TMPDIR:-/tmp}/rubric-bench and reused while the generator is unchanged.
# Each import runs BENCH_RUNS times (default 2), alternating; the best
# time counts.  Then the same file with a task that is not valid, after
# its tenth task and as its last line: a refused import, timed beside the
# good file's.  PYTHON overrides the interpreter (default /usr/bin/python3).
# Prints figures; exits 0 unless a command fails (1), or 77 (skip) when
# RUBRIC_CLI is not built yet.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-$root/build/src/rubric-cli}
n=${2:-100000}

if [ -x /usr/bin/python3 ]; then
  py=${PYTHON:-/usr/bin/python3}
else
  py=${PYTHON:-python3}
fi

repeat=${BENCH_RUNS:-2}

case $n in
  ''|*[!0-9]*|0) echo "bench-import: N must be a positive integer, not '$n'" >&2; exit 2 ;;
esac
case $repeat in
  ''|*[!0-9]*|0) echo "bench-import: BENCH_RUNS must be a positive integer, not '$repeat'" >&2; exit 2 ;;
esac

if [ ! -x "$cli" ] || [ -d "$cli" ]; then
  echo "bench-import: $cli not found or not executable; build rubric-cli first (skipped)" >&2
  exit 77
fi

work=${TMPDIR:-/tmp}/rubric-bench
mkdir -p "$work" || exit 1
result=$work/measure.result

bench_name=bench-import
. "$here/bench-lib.sh"

clean_dbs () {
  rm -f "$work/rubric.db" "$work/rubric.db-wal" "$work/rubric.db-shm" \
        "$work/py.db" "$work/py.db-wal" "$work/py.db-shm"
  # let the previous run's (or the generator's) dirty pages reach the disk
  # outside the timed part, so that no run pays for another one's writeback
  sync
}

run_rubric () {
  clean_dbs
  measure rubric-cli "$cli" import "$1" --db "$work/rubric.db"
}

# run_refused FILE: an import that must refuse FILE; sets $wall
run_refused () {
  clean_dbs
  rm -f "$result"
  "$py" "$here/measure.py" "$result" "$cli" import "$1" --db "$work/rubric.db" \
    > "$work/refused.out" 2> "$work/refused.err"
  read -r wall rss rc < "$result"
  if [ "$rc" = 0 ] || ! grep -q "nothing was imported" "$work/refused.out" "$work/refused.err"; then
    echo "$bench_name: the import of $1 was not refused (exit $rc)" >&2
    cat "$work/refused.err" >&2
    exit 1
  fi
}

run_python () {
  clean_dbs
  measure python "$py" "$here/import-baseline.py" "$1" "$work/py.db"
}

small=$((n / 10))
[ "$small" -ge 1 ] || small=1

generate "$small"
small_file=$file
generate "$n"
big_file=$file
size_mb=$(awk -v b="$(stat -c %s "$big_file")" 'BEGIN { printf "%.1f", b / 1e6 }')

# alternate the two so that neither gets a systematically warmer machine
r_wall=(); r_rss=(); p_wall=(); p_rss=()
for ((i = 0; i < repeat; i++)); do
  run_rubric "$big_file"; r_wall+=("$wall"); r_rss+=("$rss")
  run_python "$big_file"; p_wall+=("$wall"); p_rss+=("$rss")
done

best_of r_wall r_rss; rubric_wall=$best_wall; rubric_rss=$best_rss; rubric_runs=$runs
best_of p_wall p_rss; python_wall=$best_wall; python_rss=$best_rss; python_runs=$runs

run_rubric "$small_file"
small_rss=$rss
clean_dbs

# Refused files: the whole file is still read, for the report.
broken='{"id":"broken","kind":"compare","prompt":42}'
early_file=$work/refused-early-$n.jsonl
late_file=$work/refused-late-$n.jsonl
{ head -n 11 "$big_file"; echo "$broken"; tail -n +12 "$big_file"; } > "$early_file"
{ cat "$big_file"; echo "$broken"; } > "$late_file"
e_wall=(); e_rss=(); l_wall=(); l_rss=()
for ((i = 0; i < repeat; i++)); do
  run_refused "$early_file"; e_wall+=("$wall"); e_rss+=("$rss")
  run_refused "$late_file"; l_wall+=("$wall"); l_rss+=("$rss")
done
rm -f "$early_file" "$late_file"
clean_dbs
best_of e_wall e_rss; early_wall=$best_wall; early_runs=$runs
best_of l_wall l_rss; late_wall=$best_wall; late_runs=$runs

echo
echo "file: $n compare tasks, $size_mb MB ($big_file)"
printf 'rubric-cli import   : %6.2f s   peak RSS %6.1f MB   (runs: %s s)\n' \
  "$rubric_wall" "$rubric_rss" "$rubric_runs"
printf 'python json+sqlite3 : %6.2f s   peak RSS %6.1f MB   (runs: %s s)\n' \
  "$python_wall" "$python_rss" "$python_runs"
awk -v p="$python_wall" -v r="$rubric_wall" 'BEGIN {
  ratio = (r > 0) ? p / r : 0
  verdict = ratio >= 2.0 ? "aim met" : (ratio >= 1.0 ? "target met" : "BELOW TARGET")
  printf "ratio (python / rubric): %.2fx  (target >= 1.0, aim 2.0: %s)\n", ratio, verdict
}'
printf 'refused, a bad 11th task : %6.2f s   %.2fx the good file  (runs: %s s)\n' \
  "$early_wall" "$(awk -v a="$early_wall" -v b="$rubric_wall" 'BEGIN { print a / b }')" "$early_runs"
printf 'refused, a bad last line : %6.2f s   %.2fx the good file  (runs: %s s)\n' \
  "$late_wall" "$(awk -v a="$late_wall" -v b="$rubric_wall" 'BEGIN { print a / b }')" "$late_runs"
# "flat": ten times the file costs at most a quarter more memory plus 8 MB
awk -v s="$small_rss" -v b="$rubric_rss" -v sn="$small" -v bn="$n" 'BEGIN {
  verdict = (b <= s * 1.25 + 8) ? "flat" : sprintf("GROWS by %.1f MB", b - s)
  printf "memory: %d tasks %.1f MB, %d tasks %.1f MB (%s)\n", sn, s, bn, b, verdict
}'
exit 0
