#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Scale benchmark: "a million tasks must feel like thirty". On a file of
# N generated compare tasks (gen-compare-tasks.py, about 2.5 KB each),
# side by side in one run:
#
#   import   rubric-cli import, its peak RSS, beside the Python peer
#            (import-baseline.py; target <= 0.5x) and a json-c
#            parse-only pass (bench-parse; target <= 2.5x); the peak RSS
#            of a file ten times smaller (flat); the workspace's size;
#            the search index's size and building (index-cost.py)
#   reopen   rubric-cli import of the same file again ("imported
#            before") beside a new 6-task file into the same workspace
#            (target <= 1.5x)
#   store    bench-store: counts, filters, search, pages, next task,
#            stats, start without a file (targets in ms)
#   window   bench-list, when BENCH_LIST names it, under Xvfb (cairo
#            renderer unless GSK_RENDERER): start at the set, reopen its
#            file, jump to the end, scrollbar drag, next task, filter
#            switch, each to the frame painted
#   export   bench-export: 100,000 submitted comparisons to TRL and to
#            records beside a parse-only pass over each (target <= 2x)
#
#   tests/bench/bench-scale.sh RUBRIC_CLI BENCH_PARSE BENCH_STORE BENCH_EXPORT [N]
#
# N defaults to 100000 (about 250 MB of tasks, 1 GB in all). With
# RUBRIC_BENCH_1M=1 it is 1000000 (2.5 GB of tasks, about 6 GB in all):
# the Python peer is then left out unless BENCH_PEER=1, and the export
# still runs on 100,000 tasks. Files are kept in ${TMPDIR:-/tmp}/rubric-bench
# (the generated tasks, shared with bench-import.sh) and scale-N below it
# (the workspaces, removed at the end unless BENCH_KEEP=1). Each command
# runs BENCH_RUNS times (default 2, 1 at 1M), alternating; the best time
# counts. bench-store and bench-export take BENCH_QUERY_RUNS (default 5
# and 3). Prints figures; exits 0 unless a command fails (1), or 77
# (skipped) when a program is not built or the disk is too small.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-$root/build/src/rubric-cli}
parse=${2:-$root/build/tests/bench/bench-parse}
store_bench=${3:-$root/build/tests/bench/bench-store}
export_bench=${4:-$root/build/tests/bench/bench-export}
n=${5:-100000}
export_n=100000
bench_name=bench-scale

if [ "${RUBRIC_BENCH_1M:-0}" = 1 ]; then
  n=1000000
  scale_note="1M figures on (RUBRIC_BENCH_1M=1)"
  repeat=${BENCH_RUNS:-1}
else
  scale_note="set RUBRIC_BENCH_1M=1 for the 1M figures (about 6 GB in ${TMPDIR:-/tmp})"
  repeat=${BENCH_RUNS:-2}
fi
query_runs=${BENCH_QUERY_RUNS:+--runs=$BENCH_QUERY_RUNS}

if [ -x /usr/bin/python3 ]; then
  py=${PYTHON:-/usr/bin/python3}
else
  py=${PYTHON:-python3}
fi

case $n in
  ''|*[!0-9]*|0) echo "$bench_name: N must be a positive integer, not '$n'" >&2; exit 2 ;;
esac
case $repeat in
  ''|*[!0-9]*|0) echo "$bench_name: BENCH_RUNS must be a positive integer, not '$repeat'" >&2; exit 2 ;;
esac

for program in "$cli" "$parse" "$store_bench" "$export_bench"; do
  if [ ! -x "$program" ] || [ -d "$program" ]; then
    echo "$bench_name: $program not built (skipped)" >&2
    exit 77
  fi
done

work=${TMPDIR:-/tmp}/rubric-bench
scale=$work/scale-$n
mkdir -p "$scale" || exit 1
result=$scale/measure.result
logs=$scale
. "$here/bench-lib.sh"

# About 6 KB a task: the file, the workspace and its WAL.
need_mb=$(( n * 6 / 1000 + 600 ))
free_mb=$(df -Pm "$work" | awk 'NR == 2 { print $4 }')
if [ -n "$free_mb" ] && [ "$free_mb" -lt "$need_mb" ]; then
  echo "$bench_name: $need_mb MB needed in $work, $free_mb MB free (skipped)" >&2
  exit 77
fi

db=$scale/rubric.db
clean_db () {  # clean_db PATH: removes a workspace and its WAL
  rm -f "$1" "$1-wal" "$1-shm"
}
settle () {
  # let the previous run's (or the generator's) dirty pages reach the disk
  # outside the timed part, so that no run pays for another one's writeback
  sync
}
ratio () {  # ratio LABEL VALUE PEER TARGET
  awk -v l="$1" -v v="$2" -v p="$3" -v t="$4" 'BEGIN {
    r = (p > 0) ? v / p : 0
    printf "  %-46s %10.2fx   target <= %.2fx           %s\n", l, r, t, (r <= t) ? "ok" : "OVER"
  }'
}
line () {  # line LABEL SECONDS [RSS]
  if [ $# -ge 3 ]; then
    printf '  %-46s %10.2f s    peak RSS %7.1f MB\n' "$1" "$2" "$3"
  else
    printf '  %-46s %10.2f s\n' "$1" "$2"
  fi
}
echo "scale benchmark: $n compare tasks; $scale_note"
small=$((n / 10))
generate "$small"
small_file=$file
generate "$n"
big_file=$file
size_mb=$(awk -v b="$(stat -c %s "$big_file")" 'BEGIN { printf "%.1f", b / 1e6 }')

peer=1
if [ "$n" -gt 100000 ] && [ "${BENCH_PEER:-0}" != 1 ]; then
  peer=0
fi

# Import: alternate the three so that none gets a systematically warmer machine.
r_wall=(); r_rss=(); p_wall=(); p_rss=(); j_wall=(); j_rss=()
for ((i = 0; i < repeat; i++)); do
  clean_db "$scale/py.db"; settle
  if [ $peer = 1 ]; then
    measure python "$py" "$here/import-baseline.py" "$big_file" "$scale/py.db"
    p_wall+=("$wall"); p_rss+=("$rss")
    clean_db "$scale/py.db"; settle
  fi
  measure parse "$parse" "$big_file"
  j_wall+=("$wall"); j_rss+=("$rss")
  clean_db "$db"; settle
  measure import "$cli" import "$big_file" --db "$db"
  r_wall+=("$wall"); r_rss+=("$rss")
done
settle
db_mb=$(du -cm "$db" "$db-wal" 2>/dev/null | awk 'END { print $1 }')
clean_db "$scale/small.db"; settle
measure import-small "$cli" import "$small_file" --db "$scale/small.db"
small_rss=$rss
clean_db "$scale/small.db"

echo
echo "import: $n tasks, $size_mb MB ($big_file)"
best_of r_wall r_rss; import_wall=$best_wall; import_rss=$best_rss
line "rubric-cli import" "$import_wall" "$import_rss"
echo "    (runs: $runs s; workspace $db_mb MB, $(awk -v m="$db_mb" -v n="$n" 'BEGIN { printf "%.0f", m * 1e6 / n }') bytes a task)"
best_of j_wall j_rss; parse_wall=$best_wall
line "json-c parse only (bench-parse)" "$parse_wall" "$best_rss"
if [ $peer = 1 ]; then
  best_of p_wall p_rss; python_wall=$best_wall
  line "python json+sqlite3 (import-baseline.py)" "$python_wall" "$best_rss"
fi
ratio "import / parse-only" "$import_wall" "$parse_wall" 2.5
if [ $peer = 1 ]; then
  ratio "import / python peer" "$import_wall" "$python_wall" 0.5
else
  echo "  import / python peer: not measured at $n tasks (BENCH_PEER=1 to run it; the target is set at 100,000)"
fi
# "flat": ten times the file costs at most a quarter more memory plus 8 MB
awk -v s="$small_rss" -v b="$import_rss" -v sn="$small" -v bn="$n" 'BEGIN {
  verdict = (b <= s * 1.25 + 8) ? "flat" : sprintf("GROWS by %.1f MB", b - s)
  printf "  memory: %d tasks %.1f MB, %d tasks %.1f MB (%s)\n", sn, s, bn, b, verdict
}'
# What the prompt search index costs: its size, and its building timed
# apart, against the import's best time.
"$py" "$here/index-cost.py" "$db" "$import_wall" || { echo "$bench_name: index-cost.py failed" >&2; exit 1; }

# Reopen: the same file again, beside a 6-task file the workspace has
# never seen (its header names the run, so each is new).
o_wall=(); o_rss=(); s_wall=(); s_rss=()
for ((i = 0; i < repeat + 1; i++)); do
  six=$scale/six-$i.jsonl
  { head -n 1 "$big_file" | sed "s/\"name\":\"[^\"]*\"/\"name\":\"Six tasks, run $i of $$ at $(date +%s%N)\"/"
    sed -n '2,7p' "$big_file"; } > "$six"
  settle
  measure reopen "$cli" import "$big_file" --db "$db"
  grep -q "imported before" "$scale/reopen.out" ||
    { echo "$bench_name: the second import did not find the set:" >&2; cat "$scale/reopen.out" >&2; exit 1; }
  o_wall+=("$wall"); o_rss+=("$rss")
  measure new-six "$cli" import "$six" --db "$db"
  s_wall+=("$wall"); s_rss+=("$rss")
  rm -f "$six"
done

echo
echo "reopen: rubric-cli import of the same file again, beside a new 6-task file (same workspace)"
best_of o_wall o_rss; reopen_wall=$best_wall
line "reopen the $n-task file" "$reopen_wall" "$best_rss"
echo "    (runs: $runs s)"
best_of s_wall s_rss; six_wall=$best_wall
line "open a new 6-task file" "$six_wall" "$best_rss"
echo "    (runs: $runs s)"
ratio "reopen / new 6-task file" "$reopen_wall" "$six_wall" 1.5

echo
"$store_bench" $query_runs --cli "$cli" "$db" "$big_file" || { echo "$bench_name: bench-store failed" >&2; exit 1; }

# The window's figures need bench-list (built with the GUI) and Xvfb.
echo
if [ -z "${BENCH_LIST:-}" ]; then
  echo "window figures (start, reopen, jump to the end, scrollbar drag, next task, filter): not measured;"
  echo "  BENCH_LIST=BUILDDIR/tests/bench/bench-list runs them under Xvfb"
elif [ ! -x "$BENCH_LIST" ] || ! command -v xvfb-run > /dev/null; then
  echo "window figures: not measured ($BENCH_LIST not built, or no xvfb-run)"
else
  GSETTINGS_SCHEMA_DIR=${GSETTINGS_SCHEMA_DIR:-$(dirname "$BENCH_LIST")/../../resources} \
  GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none GDK_BACKEND=x11 GSK_RENDERER=${GSK_RENDERER:-cairo} \
    bash "$root/tests/run-under-xvfb.sh" "$BENCH_LIST" "$db" "$big_file" ||
    { echo "$bench_name: bench-list failed" >&2; exit 1; }
fi

echo
if [ "$n" = "$export_n" ]; then
  export_db=$db
  export_file=$big_file
else
  generate "$export_n"
  export_file=$file
  export_db=$scale/export-$export_n.db
fi
"$export_bench" $query_runs "$export_db" "$export_file" || { echo "$bench_name: bench-export failed" >&2; exit 1; }

if [ "${BENCH_KEEP:-0}" != 1 ]; then
  clean_db "$db"
  clean_db "$scale/export-$export_n.db"
  rm -f "$scale"/*.out "$scale"/*.err "$result"
  rm -rf "$scale/backups"   # made by the window while it was idle
  rmdir "$scale" 2>/dev/null
else
  echo
  echo "kept the workspace $db (BENCH_KEEP=1)"
fi
exit 0
