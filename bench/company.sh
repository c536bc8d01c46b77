#!/usr/bin/env bash
# The training update's speed in the company a user's run keeps (issue 18):
# for each company (an idle machine; a busy neighbour spinning on one core;
# a neighbour that is another ofex update at one thread; a pipe whose
# consumer starts while the tool looks at the machine) the update at one
# thread, and at two threads under each OpenMP wait policy: the tool's own
# choice (`auto`), passive, GOMP_SPINCOUNT values, active; and what a user
# gets who gives neither a policy nor --threads (`default`: the tool picks
# both, the threads column says how many threads it took).
# Measure on an otherwise idle machine: every row starts and stops its own
# company.
#   bench/company.sh [BUILD_DIR] [PRESET] [SECONDS] > company.csv
# Prints CSV (company,policy,threads,updates_per_s), then on stderr per
# company the best two-thread policy against one thread.
set -euo pipefail
build="${1:-build}" preset="${2:-ofe-sac}" seconds="${3:-3}"
bench="$build/bin/ofex-bench"
[ -x "$bench" ] || { echo "company.sh: $bench: not built" >&2; exit 2; }
args=(--preset "$preset" --env HalfCheetah --update --seconds "$seconds" --json)
ups() { python3 -c 'import json, sys; print(json.load(sys.stdin)["updates_per_second"])'; }

tmp=$(mktemp)
neighbour=""
start_company() {
  case "$1" in
  busy) sh -c 'while :; do :; done' & neighbour=$! ;;
  ofex) "$bench" --preset "$preset" --env HalfCheetah --update --threads 1 \
    --seconds 100000 > /dev/null 2>&1 & neighbour=$! ;;
  *) neighbour="" ;;
  esac
  [ -z "$neighbour" ] || sleep 2 # the neighbour is running (ofex: compiled)
}
stop_company() {
  [ -z "$neighbour" ] || { kill "$neighbour" 2> /dev/null; wait "$neighbour" 2> /dev/null || true; }
  neighbour=""
}
trap 'stop_company; rm -f "$tmp" "$tmp.csv"' EXIT

# One measurement: policy (auto | passive | active | spin-N), threads.
measure() {
  local company=$1 policy=$2 threads=$3
  local env=(env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT)
  case "$policy" in
  passive | active) env+=(OMP_WAIT_POLICY="$policy") ;;
  spin-*) env+=(GOMP_SPINCOUNT="${policy#spin-}") ;;
  esac
  local value
  if [ "$company" = pipe ]; then
    # The consumer is a Python that starts with the tool, as in
    # `ofex-bench ... | python3 ...`: it reads the JSON itself.
    value=$("${env[@]}" "$bench" "${args[@]}" ${threads:+--threads "$threads"} | tee "$tmp" | ups)
  else
    value=$("${env[@]}" "$bench" "${args[@]}" ${threads:+--threads "$threads"} > "$tmp" && ups < "$tmp")
  fi
  # `default`: no --threads, the count the tool chose (its JSON says which).
  [ -n "$threads" ] || threads="default-$(python3 -c 'import json, sys; print(json.load(sys.stdin)["threads"])' < "$tmp")"
  echo "$company,$policy,$threads,$value"
}

echo "company,policy,threads,updates_per_s" > "$tmp.csv"
for company in idle busy ofex pipe; do
  start_company "$company"
  measure "$company" auto 1 >> "$tmp.csv"
  measure "$company" default "" >> "$tmp.csv"
  for policy in auto passive spin-300 spin-1000 spin-10000 spin-100000 active; do
    measure "$company" "$policy" 2 >> "$tmp.csv"
  done
  stop_company
done
cat "$tmp.csv"
python3 - "$tmp.csv" >&2 << 'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for company in dict.fromkeys(r["company"] for r in rows):
    mine = [r for r in rows if r["company"] == company]
    one = max(float(r["updates_per_s"]) for r in mine if r["threads"] == "1")
    two = {r["policy"]: float(r["updates_per_s"]) for r in mine if r["threads"] == "2"}
    best = max(two, key=two.get)
    default = [r for r in mine if r["policy"] == "default"][0]
    print(f"{company}: 1 thread {one:.1f}; 2 threads auto {two['auto']:.1f} "
          f"({two['auto'] / one:.2f}x), best {best} {two[best]:.1f} ({two[best] / one:.2f}x); "
          f"default ({default['threads']}) {float(default['updates_per_s']):.1f} "
          f"({float(default['updates_per_s']) / one:.2f}x)")
EOF
