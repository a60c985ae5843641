# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shell pieces shared by bench-import.sh and bench-scale.sh; source it.
# The caller sets:
#   bench_name  the script's name, for messages
#   here        this directory
#   py          the Python interpreter
#   work        where generated files are kept (${TMPDIR:-/tmp}/rubric-bench)
#   result      the file measure.py writes its figures to
#   logs        where each measured command's output goes (default $work)

# generate N: sets $file; reuses a file made by the same generator with the same N
generate () {
  local count=$1 sum start end
  file=$work/compare-$count.jsonl
  sum=$(sha256sum "$here/gen-compare-tasks.py" | cut -d' ' -f1)
  if [ -s "$file" ] && [ "$(cat "$file.sum" 2>/dev/null)" = "$sum" ]; then
    return 0
  fi
  rm -f "$file" "$file.sum"
  start=$(date +%s.%N)
  if ! "$py" "$here/gen-compare-tasks.py" "$count" "$file.part"; then
    echo "$bench_name: generator failed" >&2
    rm -f "$file.part"
    exit 1
  fi
  end=$(date +%s.%N)
  mv "$file.part" "$file" && echo "$sum" > "$file.sum" || exit 1
  awk -v s="$start" -v e="$end" -v c="$count" \
    'BEGIN { printf "generated %d tasks in %.1f s\n", c, e - s }'
}

# measure LABEL CMD...: sets $wall and $rss; on failure prints stderr and exits 1
measure () {
  local label=$1 rc out=${logs:-$work}
  shift
  rm -f "$result"
  "$py" "$here/measure.py" "$result" "$@" > "$out/$label.out" 2> "$out/$label.err"
  rc=$?
  if [ $rc -ne 0 ] || [ ! -s "$result" ]; then
    echo "$bench_name: $label failed (exit $rc): $*" >&2
    cat "$out/$label.err" >&2
    exit 1
  fi
  read -r wall rss rc < "$result"
}

# keep: folds $wall and $rss into $best_wall (the smallest), $best_rss
# (the largest) and $runs (every wall time, for the record)
keep () {
  if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
    best_wall=$wall
  fi
  if [ -z "$best_rss" ] || awk -v a="$rss" -v b="$best_rss" 'BEGIN { exit !(a > b) }'; then
    best_rss=$rss
  fi
  runs="$runs${runs:+, }$wall"
}

# best_of WALLS RSS: keep over two arrays of runs (the names of them)
best_of () {
  local -n walls=$1 rsss=$2
  local i
  best_wall=; best_rss=; runs=
  for i in "${!walls[@]}"; do wall=${walls[$i]}; rss=${rsss[$i]}; keep; done
}
