#!/usr/bin/env bash
# Rubric's threads under ThreadSanitizer, with a verdict.
#
#   tests/tsan/run-tsan.sh [BUILDDIR] [--gui]
#
# BUILDDIR (default /tmp/build-tsan) is configured with
# -Db_sanitize=thread. Debian's GLib is not instrumented: its GMutex,
# GCond, GAsyncQueue, GThreadPool and GTask order what passes between
# threads with futexes ThreadSanitizer cannot see. tests/tsan/glib-tsan.c
# tells it those orderings (see there), linked into every program with
# -Wl,--wrap; no report of Rubric's own code is suppressed.
#
# Then, each with TSAN_OPTIONS=suppressions=tests/tsan.supp:halt_on_error=1:
#  1. the canary: races made on purpose through the same primitives must
#     be reported, or a clean run would mean nothing;
#  2. every suite but the GUI's: core, cli, data, fuzz, and 'tsan'
#     (tests/tsan/tsan-concurrent.c: an import and exports on worker
#     threads while a "UI" thread reads and autosaves and another reads,
#     and a conversion's parser thread);
#  3. processes on one workspace: rubric-cli import of a large file
#     while other rubric-cli processes read it (stats, export, check);
#  4. with --gui, the app's tests under Xvfb (app, app-safety, recovery):
#     import and export in GTask threads while the window reads and
#     autosaves. GTK, Mesa, fontconfig and GLib are not instrumented
#     either and hand data between their own threads unseen, so this
#     step adds ignore_noninstrumented_modules=1: races inside those
#     libraries are not ours to report; a race in Rubric's code still is.
#
# Prints a verdict and exits 0 only if no race was reported.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

say () { printf '\n== %s\n' "$*"; }
die () { printf 'run-tsan: %s\n' "$*" >&2; exit 2; }

src=$(cd "$(dirname "$0")/../.." && pwd)
build=/tmp/build-tsan
gui=0
for arg in "$@"; do
  case $arg in
    --gui) gui=1 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) build=$arg ;;
  esac
done
mkdir -p "$build" || die "cannot create $build"
build=$(cd "$build" && pwd)
shim_dir="$build/glib-tsan"     # made before meson setup, which takes the folder as it is
logs="$build/tsan-logs"
started=$(date +%s)


# The build ------------------------------------------------------------

say "Building $build (-Db_sanitize=thread, GLib's synchronisation told to TSan)"
mkdir -p "$shim_dir" || die "cannot create $shim_dir"
# shellcheck disable=SC2046
cc -shared -fPIC -O1 -g -fsanitize=thread -Wall -Wextra -Wmissing-prototypes \
   $(pkg-config --cflags gio-2.0) -o "$shim_dir/libglib-tsan.so" "$src/tests/tsan/glib-tsan.c" \
   $(pkg-config --libs gio-2.0) || die "the GLib shim does not build"
wraps=$(sed -n 's/^ \* WRAP: //p' "$src/tests/tsan/glib-tsan.c" | tr -s ' ' '\n' | sed '/^$/d; s/^/-Wl,--wrap=/' | tr '\n' ' ')
link_args="$wraps -L$shim_dir -Wl,-rpath,$shim_dir -lglib-tsan"
if [ -f "$build/build.ninja" ]; then
  meson configure "$build" -Dc_link_args="$link_args" >/dev/null || die "meson configure failed"
else
  meson setup "$build" "$src" -Ddevelopment=true -Db_sanitize=thread -Db_lundef=false \
    -Dc_link_args="$link_args" >/dev/null || die "meson setup failed"
fi
meson compile -C "$build" >"$build/tsan-compile.log" 2>&1 || { tail -30 "$build/tsan-compile.log"; die "the build failed"; }
built=$(date +%s)

export G_SLICE=always-malloc        # GSlice's magazines pass memory between threads unseen
tsan_base="suppressions=$src/tests/tsan.supp:second_deadlock_stack=1"
export TSAN_OPTIONS="$tsan_base:halt_on_error=1"
rm -rf "$logs"; mkdir -p "$logs"
races="$logs/races.txt"; : >"$races"
failures="$logs/failures.txt"; : >"$failures"

# Records the TSan reports of a log (a file of stderr) under a title.
collect () {
  local title=$1 file=$2
  if grep -q 'WARNING: ThreadSanitizer' "$file" 2>/dev/null; then
    grep -h 'SUMMARY: ThreadSanitizer' "$file" | sed "s|^|$title: |" >>"$races"
    return 0
  fi
  return 1
}

# 1. The canary --------------------------------------------------------

say "1. Canary: two races made on purpose must be reported"
TSAN_OPTIONS="$tsan_base:halt_on_error=0" "$build/tests/tsan/tsan-concurrent" --canary \
  >"$logs/canary.out" 2>"$logs/canary.err"
canary_status=$?
canary_found=$(grep -c 'SUMMARY: ThreadSanitizer: data race .*tsan-concurrent.c' "$logs/canary.err")
if [ "$canary_status" = 66 ] && [ "$canary_found" -ge 2 ]; then
  echo "caught $canary_found of 2 (exit status 66)"
  canary_ok=1
else
  echo "NOT caught: exit status $canary_status, $canary_found report(s); see $logs/canary.err"
  canary_ok=0
fi

# 2. The suites --------------------------------------------------------

say "2. Every suite but 'app' (core, cli, data, fuzz, tsan)"
meson test -C "$build" --no-rebuild --num-processes 2 --timeout-multiplier 4 --no-suite app \
  >"$logs/suites.out" 2>&1
grep -E '^ *[0-9]+/[0-9]+ ' "$logs/suites.out" | grep -vE ' OK | SKIP ' || true
grep -E '^(Ok|Fail|Timeout): ' "$logs/suites.out"
python3 - "$build/meson-logs/testlog.json" "$races" "$failures" <<'EOF'
import json, sys
log, races, failures = sys.argv[1:4]
with open(races, "a") as r, open(failures, "a") as f:
    for line in open(log, encoding="utf-8"):
        t = json.loads(line)
        out = (t.get("stdout") or "") + (t.get("stderr") or "")
        summaries = [l for l in out.splitlines() if l.startswith("SUMMARY: ThreadSanitizer")]
        for s in summaries:
            r.write(f"{t['name']}: {s}\n")
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and not summaries:
            f.write(f"{t['name']}: {t['result']} (no TSan report)\n")
EOF
suites_tests=$(grep -cE '^ *[0-9]+/[0-9]+ ' "$logs/suites.out")

# 3. Processes on one workspace ---------------------------------------

say "3. rubric-cli import of a large file while other processes read the workspace"
work="$logs/workspace"; mkdir -p "$work"
python3 - "$work/big.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"format": "rubric-tasks/1", "name": "Big"}) + "\n")
    pad = "y" * 700
    for i in range(20000):
        f.write(json.dumps({"id": f"b{i}", "kind": "compare", "prompt": f"Which is better? {i}",
                            "responses": [{"id": "a", "content": f"left {i} {pad}"},
                                          {"id": "b", "content": f"right {i} {pad}"}]}) + "\n")
EOF
cli="$build/src/rubric-cli"
db="$work/workspace.db"
cp "$src/resources/samples/tasks.jsonl" "$work/sample.jsonl"
"$cli" import "$work/sample.jsonl" --db "$db" >"$logs/p-setup.out" 2>"$logs/p-setup.err" \
  || echo "setup import failed: $(tail -1 "$logs/p-setup.err")" >>"$failures"
collect "setup import" "$logs/p-setup.err" || true
"$cli" import "$work/big.jsonl" --db "$db" >"$logs/p-import.out" 2>"$logs/p-import.err" &
importer=$!
n_reads=0
while kill -0 "$importer" 2>/dev/null; do
  n_reads=$((n_reads + 1))
  for cmd in "stats" "export --format records -o $work/records-$n_reads.jsonl" "check"; do
    # shellcheck disable=SC2086
    "$cli" $cmd --db "$db" >"$logs/p-read.out" 2>"$logs/p-read.err"
    status=$?
    if collect "rubric-cli $cmd (during import)" "$logs/p-read.err"; then
      cp "$logs/p-read.err" "$logs/p-read-$n_reads.err"
    elif [ "$status" != 0 ]; then
      echo "rubric-cli ${cmd%% *} during the import: exit status $status: $(tail -1 "$logs/p-read.err")" >>"$failures"
    fi
  done
done
wait "$importer"; import_status=$?
collect "rubric-cli import" "$logs/p-import.err" || \
  { [ "$import_status" = 0 ] || echo "rubric-cli import: exit status $import_status: $(tail -1 "$logs/p-import.err")" >>"$failures"; }
"$cli" export --format trl -o "$work/final.jsonl" --db "$db" >/dev/null 2>"$logs/p-final.err"
collect "rubric-cli export (after)" "$logs/p-final.err" || true
echo "import exit status $import_status; $n_reads rounds of stats, export and check beside it"

# 4. The app (optional) ------------------------------------------------

gui_tests=0
if [ "$gui" = 1 ]; then
  say "4. The app under Xvfb: app, app-safety, recovery (ignore_noninstrumented_modules=1)"
  TSAN_OPTIONS="$tsan_base:halt_on_error=1:ignore_noninstrumented_modules=1" \
    meson test -C "$build" --no-rebuild --timeout-multiplier 3 app app-safety recovery >"$logs/gui.out" 2>&1
  grep -E '^ *[0-9]+/[0-9]+ |^(Ok|Fail|Timeout): ' "$logs/gui.out"
  gui_tests=3
  python3 - "$build/meson-logs/testlog.json" "$races" "$failures" <<'EOF'
import json, sys
log, races, failures = sys.argv[1:4]
with open(races, "a") as r, open(failures, "a") as f:
    for line in open(log, encoding="utf-8"):
        t = json.loads(line)
        out = (t.get("stdout") or "") + (t.get("stderr") or "")
        summaries = [l for l in out.splitlines() if l.startswith("SUMMARY: ThreadSanitizer")]
        for s in summaries:
            r.write(f"{t['name']} (GUI): {s}\n")
        if t["result"] not in ("OK", "SKIP") and not summaries:
            f.write(f"{t['name']} (GUI): {t['result']} (no TSan report)\n")
EOF
fi

# The verdict ----------------------------------------------------------

finished=$(date +%s)
say "Verdict ($((built - started)) s to build, $((finished - built)) s to run; logs in $logs)"
if [ -s "$failures" ]; then
  echo "Failures without a TSan report (not races; see the logs):"
  sed 's/^/  /' "$failures"
fi
if [ "$canary_ok" != 1 ]; then
  echo "TSan verdict: UNUSABLE: the canary's races were not reported, so a clean run proves nothing."
  exit 2
fi
if [ -s "$races" ]; then
  echo "TSan verdict: DATA RACES in Rubric's threads ($(sort -u "$races" | wc -l) distinct):"
  sort -u "$races" | sed 's/^/  /'
  exit 1
fi
gui_note=""
[ "$gui" = 1 ] && gui_note=" and $gui_tests GUI test programs"
echo "TSan verdict: CLEAN: no data race in $suites_tests test programs, the processes sharing a" \
     "workspace$gui_note; the canary's 2 races were caught."
exit 0
