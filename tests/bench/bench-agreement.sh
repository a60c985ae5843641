#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Agreement benchmark: `rubric-cli agreement --json` over generated records
# exports of 20 annotators (one file each) on N compare tasks, each task
# done by OVERLAP of them (default 3; 20 for every annotator on every
# task), with a choice, a strength and two criteria on both responses.
#
#   tests/bench/bench-agreement.sh [RUBRIC_CLI] [N]
#
# RUBRIC_CLI defaults to build/src/rubric-cli under the repository root,
# N to 100000.  Files are kept in ${TMPDIR:-/tmp}/rubric-bench/agreement-N-O
# and reused.  PYTHON overrides the interpreter.  Prints the wall time and
# peak RSS against the target (10 s); exits 0 unless a command fails (1),
# or 77 (skip) when RUBRIC_CLI is not built yet.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-$root/build/src/rubric-cli}
n=${2:-100000}
overlap=${OVERLAP:-3}
annotators=20
target=10

if [ -x /usr/bin/python3 ]; then
  py=${PYTHON:-/usr/bin/python3}
else
  py=${PYTHON:-python3}
fi

case $n in
  ''|*[!0-9]*|0) echo "bench-agreement: N must be a positive integer, not '$n'" >&2; exit 2 ;;
esac
case $overlap in
  ''|*[!0-9]*|0|1) echo "bench-agreement: OVERLAP must be 2…$annotators, not '$overlap'" >&2; exit 2 ;;
esac
[ "$overlap" -le "$annotators" ] || { echo "bench-agreement: OVERLAP must be at most $annotators" >&2; exit 2; }

if [ ! -x "$cli" ] || [ -d "$cli" ]; then
  echo "bench-agreement: $cli not found or not executable; build rubric-cli first (skipped)" >&2
  exit 77
fi

work=${TMPDIR:-/tmp}/rubric-bench
dir=$work/agreement-$n-$overlap
mkdir -p "$work" || exit 1

if [ ! -e "$dir/done" ]; then
  rm -rf "$dir" && mkdir -p "$dir" || exit 1
  start=$(date +%s.%N)
  if ! "$py" - "$dir" "$n" "$annotators" "$overlap" <<'PY'
import json, random, sys

out, n, k, overlap = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(1)
files = [open("%s/annotator-%02d.jsonl" % (out, a), "w") for a in range(k)]
words = "the a model answer is correct wrong because it says that when clearly".split()
for t in range(n):
    tid = "task-%d" % t
    task = json.dumps({"id": tid, "kind": "compare",
                       "prompt": " ".join(rng.choice(words) for _ in range(30)),
                       "responses": [{"id": tid + "-a", "content": " ".join(rng.choice(words) for _ in range(50))},
                                     {"id": tid + "-b", "content": " ".join(rng.choice(words) for _ in range(50))}]},
                      separators=(",", ":"))
    truth = rng.choice("AAABBBT")
    for j in range(overlap):
        a = (t + j * 7) % k
        c = truth if rng.random() < 0.7 else rng.choice(["A", "B", "tie", "both-bad"])
        c = "tie" if c == "T" else c
        s = rng.randint(1, 3) if c in ("A", "B") else None
        scores = {tid + "-a": {"helpful": rng.randint(1, 5), "honest": rng.randint(1, 5)},
                  tid + "-b": {"helpful": rng.randint(1, 5), "honest": rng.randint(1, 5)}}
        rec = {"task_id": tid, "task_set": "bench", "kind": "compare", "annotator": "annotator-%02d" % a,
               "state": "submitted", "rubric": None, "choice": c, "chosen_response": None, "strength": s,
               "justification": "", "swapped": False, "scores": scores, "flags": {}, "ranking": [], "ties": [],
               "spans": [], "verdict": None, "self_check": [], "overrides": [], "skip_reason": None,
               "pasted_chars": 0, "created_at": None, "updated_at": None, "submitted_at": None,
               "active_seconds": 12.5}
        line = json.dumps(rec, separators=(",", ":"))
        files[a].write(line[:-1] + ',"task":' + task + "}\n")
for f in files:
    f.close()
PY
  then
    echo "bench-agreement: generator failed" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  touch "$dir/done"
  awk -v s="$start" -v e="$end" -v c="$n" 'BEGIN { printf "generated %d tasks in %.1f s\n", c, e - s }'
fi

size_mb=$(du -sm "$dir" | cut -f1)
result=$work/agreement.result
rm -f "$result"
"$py" "$here/measure.py" "$result" "$cli" agreement "$dir"/annotator-*.jsonl --json > "$work/agreement.out" 2> "$work/agreement.err"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$result" ]; then
  echo "bench-agreement: rubric-cli agreement failed (exit $rc)" >&2
  cat "$work/agreement.err" >&2
  exit 1
fi
read -r wall rss rc < "$result"
records=$((n * overlap))

# The peer, in the same run: json-c parsing the same files and nothing
# else (bench-parse beside this script's build, when it is built).
parse=${BENCH_PARSE:-$(dirname "$cli")/../tests/bench/bench-parse}
parse_wall=""
if [ -x "$parse" ]; then
  "$py" "$here/measure.py" "$result" sh -c 'for f; do "$0" "$f" >/dev/null || exit 1; done' "$parse" "$dir"/annotator-*.jsonl \
    && read -r parse_wall parse_rss rc < "$result"
fi

echo
echo "files: $annotators annotators, $n compare tasks, $overlap annotators a task: $records records, $size_mb MB ($dir)"
printf 'rubric-cli agreement --json: %6.2f s   peak RSS %6.1f MB\n' "$wall" "$rss"
[ -n "$parse_wall" ] && printf 'peer, json-c parse only:     %6.2f s   peak RSS %6.1f MB   (agreement is %.2fx the parse)\n' \
  "$parse_wall" "$parse_rss" "$(awk -v a="$wall" -v p="$parse_wall" 'BEGIN { print a / p }')"
awk -v w="$wall" -v t="$target" 'BEGIN {
  printf "target: %d s (%s)\n", t, w <= t ? "met" : "MISSED"
}'
head -c 300 "$work/agreement.out"; echo
exit 0
