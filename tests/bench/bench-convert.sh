#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Convert benchmark: `rubric-cli convert` of N Anthropic HH pairs to TRL,
# beside `jq -c .` reading the same file and a json-c parse-only pass
# (bench-parse), all in one run. Target: convert at most 2x parse-only.
#
#   tests/bench/bench-convert.sh RUBRIC_CLI BENCH_PARSE [N]
#
# The file is the 200 published HH pairs of tests/data/realdata, repeated
# with a counter in each prompt to N lines (default 100000, about 130 MB);
# kept in ${TMPDIR:-/tmp}/rubric-bench. Each command runs BENCH_RUNS times
# (default 2), alternating; the best time counts. Prints figures, exits 0
# unless a command fails; 77 (skip) when a program is missing.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-$root/build/src/rubric-cli}
parse=${2:-$root/build/tests/bench/bench-parse}
n=${3:-100000}
repeat=${BENCH_RUNS:-2}
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

for program in "$cli" "$parse"; do
  if [ ! -x "$program" ]; then
    echo "bench-convert: $program not built (skipped)" >&2
    exit 77
  fi
done

work=${TMPDIR:-/tmp}/rubric-bench
mkdir -p "$work" || exit 1
file=$work/hh-$n.jsonl
result=$work/measure.result
if [ ! -s "$file" ]; then
  "$py" - "$root/tests/data/realdata/hh-rlhf-harmless-base-test.jsonl" "$n" "$file" <<'PY' || exit 1
import json, sys
source, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pairs = [json.loads(line) for line in open(source, encoding="utf-8")]
with open(out + ".part", "w", encoding="utf-8") as f:
    for i in range(n):
        p = pairs[i % len(pairs)]
        tag = "\n\nHuman: (%d)" % i
        f.write(json.dumps({"chosen": p["chosen"].replace("\n\nHuman:", tag, 1),
                            "rejected": p["rejected"].replace("\n\nHuman:", tag, 1)}, ensure_ascii=False) + "\n")
import os
os.rename(out + ".part", out)
PY
fi
size_mb=$(du -m "$file" | cut -f1)
echo "convert benchmark: $n HH pairs, $size_mb MB, best of $repeat"

best () {  # best NAME COMMAND...: sets best_wall, best_rss
  local name=$1 i wall rss rc
  shift
  best_wall=
  best_rss=
  for i in $(seq "$repeat"); do
    "$py" "$here/measure.py" "$result" "$@" >/dev/null 2>"$work/stderr" || { echo "bench-convert: $name failed:"; cat "$work/stderr"; exit 1; }
    read -r wall rss rc <"$result"
    if [ -z "$best_wall" ] || awk "BEGIN { exit !($wall < $best_wall) }"; then
      best_wall=$wall
      best_rss=$rss
    fi
  done
}

best convert "$cli" convert "$file" --to trl -o "$work/hh-$n.trl.jsonl"
convert_wall=$best_wall convert_rss=$best_rss
best parse "$parse" "$file"
parse_wall=$best_wall parse_rss=$best_rss
if command -v jq >/dev/null; then
  best jq sh -c 'jq -c . "$1" >/dev/null' sh "$file"
  jq_wall=$best_wall jq_rss=$best_rss
fi

printf '  %-34s %8.2f s  %7.1f MB peak\n' "rubric-cli convert --to trl" "$convert_wall" "$convert_rss"
printf '  %-34s %8.2f s  %7.1f MB peak\n' "json-c parse only (bench-parse)" "$parse_wall" "$parse_rss"
[ -n "${jq_wall:-}" ] && printf '  %-34s %8.2f s  %7.1f MB peak\n' "jq -c ." "$jq_wall" "$jq_rss"
awk -v c="$convert_wall" -v p="$parse_wall" 'BEGIN { printf "  convert / parse-only: %.2fx (target: at most 2x)\n", c / p }'
[ -n "${jq_wall:-}" ] && awk -v c="$convert_wall" -v j="$jq_wall" 'BEGIN { printf "  convert / jq:         %.2fx\n", c / j }'
exit 0
