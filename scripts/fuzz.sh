#!/usr/bin/env bash
# Runs libFuzzer fuzz targets built by `make fuzz` for a given time each.
# usage: scripts/fuzz.sh BUILD SECONDS JOBS TARGET...
# Each target mutates a working corpus (BUILD/fuzz-corpus/<target>) grown
# from its seeds (fuzz/corpus/<target>); JOBS targets run side by side. A
# crash, an out-of-memory, a timeout or a violated property stops that target
# with its input saved as BUILD/fuzz-crashes/<target>/crash-<sha1> (oom-,
# timeout- for those; copy it into fuzz/corpus/<target>/ once fixed: the
# replay tests keep it fixed), and
# the script fails. Each target's last status line goes to BUILD/fuzz-<target>.log.
set -euo pipefail
build=$1 seconds=$2 jobs=$3
shift 3
root="$(cd "$(dirname "$0")/.." && pwd)"

run_one() {
  local t=$1
  mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-crashes/$t"
  # -rss_limit_mb / -malloc_limit_mb: an input that makes a loader allocate
  # more than 2 GiB is a finding (the bounds promise no unbounded allocation).
  if "$build/fuzz/$t" -max_total_time="$seconds" -timeout=20 \
       -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-crashes/$t/" \
       "$build/fuzz-corpus/$t" "$root/fuzz/corpus/$t" \
       > "$build/fuzz-$t.log" 2>&1; then
    echo "fuzz: $t: $(grep -E '^stat::number_of_executed_units' "$build/fuzz-$t.log" | awk '{print $2}') inputs in ${seconds}s, corpus $(ls "$build/fuzz-corpus/$t" | wc -l), no crash"
  else
    echo "fuzz: $t: FAILED, see $build/fuzz-$t.log and $build/fuzz-crashes/$t/" >&2
    grep -E 'ERROR|property violated|Test unit written' "$build/fuzz-$t.log" | head -5 >&2
    return 1
  fi
}
export -f run_one
export build seconds root
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {}
