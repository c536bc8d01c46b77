#!/usr/bin/env bash
# Runs ofex-bench and the PyTorch reference (bench/torch_sac_ofe.py) on the same update, preset,
# task, batch and thread count, one after the other, and prints both updates/s and the ratio.
#
#   bench/compare.sh [--preset ofe-sac|ofe-big|sac] [--env HalfCheetah] [--threads 2]
#                    [--batch 256] [--updates 200] [--repeat 1] [--json]
#
# --repeat N runs the pair N times (ofex, PyTorch, ofex, PyTorch, ...) and prints every pair's
# ratio and the median: the machine is shared and its speed drifts between runs.
# Environment: OFEX_BENCH (default build/bin/ofex-bench), PYTHON (default /usr/bin/python3, the
# interpreter Debian's python3-torch belongs to), TORCH_ARGS (extra flags for the PyTorch script).
# Exit status: 0 both ran; 3 ofex-bench missing or failed (the PyTorch figure is still printed);
# 1 the PyTorch reference failed; 2 bad usage.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
preset=ofe-sac env=HalfCheetah threads=2 batch=256 batch_given=0 updates=200 json=0 repeat=1
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --preset) preset=${2:?}; shift 2 ;;
    --env) env=${2:?}; shift 2 ;;
    --threads) threads=${2:?}; shift 2 ;;
    --batch) batch=${2:?}; batch_given=1; shift 2 ;;
    --updates) updates=${2:?}; shift 2 ;;
    --repeat) repeat=${2:?}; shift 2 ;;
    --json) json=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "compare.sh: --repeat: expected a positive integer, got '$repeat'" >&2; exit 2
fi
bin=${OFEX_BENCH:-$root/build/bin/ofex-bench}
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# ---- --repeat N: this script N times with --json, then every pair and the median.
if ((repeat > 1)); then
  args=(--preset "$preset" --env "$env" --threads "$threads" --updates "$updates" --json)
  ((batch_given)) && args+=(--batch "$batch")
  for ((k = 1; k <= repeat; k++)); do
    "${BASH_SOURCE[0]}" "${args[@]}" >"$tmp/run.$k.json"
    st=$?
    if ((st != 0)); then echo "compare.sh: run $k of $repeat failed (exit $st)" >&2; exit "$st"; fi
  done
  "$py" - "$tmp" "$repeat" "$json" <<'PYEOF'
import json, statistics, sys
tmp, repeat, as_json = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
runs = [json.load(open("%s/run.%d.json" % (tmp, k))) for k in range(1, repeat + 1)]
ratios = [r["ratio"] for r in runs]
median = statistics.median(ratios)
if as_json:
    print(json.dumps({"runs": runs, "median_ratio": median, "min_ratio": min(ratios),
                      "max_ratio": max(ratios), "target_ratio": 5.0}))
    sys.exit(0)
r0 = runs[0]
print("preset %s, env %s, batch %s, threads %s, %d runs" % (r0["preset"], r0["env"], r0["batch"],
                                                           r0["threads"], repeat))
for k, r in enumerate(runs, 1):
    b = r.get("roofline_bound") or {}
    print("run %d: ofex %8.2f, pytorch %7.2f updates/s, ratio %.2fx, ceiling %s" % (
        k, r["ofex_updates_per_second"], r["torch_updates_per_second"], r["ratio"],
        "%.2fx" % b["ratio"] if b else "n/a"))
print("median ratio ofex/pytorch: %.2fx (%.2f-%.2fx; target >= 5x: %s)" % (
    median, min(ratios), max(ratios), "met" if median >= 5 else "NOT met"))
PYEOF
  exit 0
fi

# ---- ofex
# Batch norm, as the PyTorch reference runs it (ofex-bench's default is layer norm, as ofex-train's).
ofex_cmd=("$bin" --preset "$preset" --env "$env" --threads "$threads" --norm batch --json)
# ofex-bench times the whole update only when asked (--update); older builds may lack the flag.
if [[ -x "$bin" ]] && "$bin" --help 2>&1 | grep -q -- '--update'; then ofex_cmd+=(--update); fi
((batch_given)) && ofex_cmd+=(--batch "$batch")  # only when asked: 256 is ofex-bench's default too
ofex_ok=0 ofex_note=""
if [[ ! -x "$bin" ]]; then
  ofex_note="ofex-bench NOT FOUND at $bin (not built yet?): PyTorch figure only"
elif "${ofex_cmd[@]}" >"$tmp/ofex.json" 2>"$tmp/ofex.err"; then
  ofex_ok=1
else
  ofex_note="ofex-bench FAILED (exit $?): ${ofex_cmd[*]}"
  sed 's/^/  ofex-bench: /' "$tmp/ofex.err" | tail -20 >&2
fi
[[ -n "$ofex_note" ]] && echo "compare.sh: $ofex_note" >&2

# ---- PyTorch (after ofex, so the two never share the cores)
if ! "$py" -c "import torch" 2>/dev/null; then
  echo "compare.sh: $py cannot import torch: run bench/install-bench-deps.sh (as root)" >&2
  exit 1
fi
torch_cmd=("$py" "$here/torch_sac_ofe.py" --preset "$preset" --env "$env" --threads "$threads"
           --batch "$batch" --updates "$updates")
# shellcheck disable=SC2206
torch_cmd+=(${TORCH_ARGS:-})
if ! "${torch_cmd[@]}" >"$tmp/torch.json" 2>"$tmp/torch.err"; then
  echo "compare.sh: the PyTorch reference FAILED: ${torch_cmd[*]}" >&2
  tail -20 "$tmp/torch.err" >&2
  exit 1
fi

"$py" - "$tmp/ofex.json" "$tmp/torch.json" "$ofex_ok" "$json" "$preset" "$env" "$threads" "$batch" \
    "$ofex_note" "${ofex_cmd[*]}" <<'PYEOF'
import json, sys
ofex_path, torch_path, ofex_ok, as_json, preset, env, threads, batch, note, ofex_cmd = sys.argv[1:]
t = json.load(open(torch_path))
o = None
ofex_err = note or None
if ofex_ok == "1":
    try:
        o = json.load(open(ofex_path))
        float(o["updates_per_second"])
    except Exception as e:  # noqa: BLE001
        ofex_err = "ofex-bench output is not a JSON object with updates_per_second: %s" % e
        o = None
tu = float(t["updates_per_second"])
ou = float(o["updates_per_second"]) if o else None
ratio = ou / tu if ou else None
# The ceiling: the update's matmul FLOPs at the single-matmul roofline that
# ofex-bench measured in the same run (every primitive at that rate, nothing
# else costing anything).
bound = None
if o and "update" in o and "roofline" in o:
    gflop = o["update"]["gflops"] * o["update"]["ms"] / 1000.0
    bound_ms = gflop / o["roofline"]["gflops"] * 1000.0
    bound = {"gflop_per_update": round(gflop, 3), "roofline_gflops": o["roofline"]["gflops"],
             "ms": round(bound_ms, 3), "updates_per_second": round(1000.0 / bound_ms, 1),
             "ratio": round(1000.0 / bound_ms / tu, 2)}
b = t["blas"]
blas = "%s (sgemm_ from %s, %s, %s threads)" % (b.get("summary"), b.get("sgemm_from", "?"),
                                                b.get("openblas_core", "?"), b.get("openblas_threads", "?"))
if as_json == "1":
    print(json.dumps({"preset": preset, "env": env, "threads": int(threads), "batch": int(batch),
                      "ofex_updates_per_second": ou, "torch_updates_per_second": tu,
                      "ratio": round(ratio, 3) if ratio else None, "target_ratio": 5.0,
                      "roofline_bound": bound,
                      "ofex_command": ofex_cmd, "ofex_error": ofex_err, "ofex": o, "torch": t}))
else:
    print("preset %s, env %s, batch %s, threads %s" % (preset, env, batch, threads))
    if ou:
        print("ofex     %10.2f updates/s  (%.3f ms/update)" % (ou, 1000.0 / ou))
    else:
        print("ofex     %10s updates/s  (%s)" % ("n/a", ofex_err))
    print("pytorch  %10.2f updates/s  (%.3f ms/update; torch %s, thread mode %s: %s torch + %s BLAS threads)"
          % (tu, t["ms_per_update"], t["torch_version"], t["thread_mode"], t["torch_threads"], t["blas_threads"]))
    print("pytorch BLAS: %s" % blas)
    if ratio:
        print("ratio ofex/pytorch: %.2fx  (target >= 5x: %s)" % (ratio, "met" if ratio >= 5 else "NOT met"))
    else:
        print("ratio ofex/pytorch: n/a")
    if bound:
        print("ceiling: %.2f GFLOP of matmuls per update at the %.0f GFLOP/s roofline of this run = %.2f ms,"
              " %.0f updates/s, %.2fx pytorch (ofex reaches %.0f%% of it)"
              % (bound["gflop_per_update"], bound["roofline_gflops"], bound["ms"],
                 bound["updates_per_second"], bound["ratio"], 100.0 * ou / bound["updates_per_second"]))
sys.exit(0 if ratio else 3)
PYEOF
