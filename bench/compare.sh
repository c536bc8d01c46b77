#!/usr/bin/env bash
# Runs ofex-bench and peers of the same update (the PyTorch reference bench/torch_sac_ofe.py, and
# with --peers also its torch.compile'd version and the JAX jit version bench/jax_sac_ofe.py) on
# the same preset, task, batch and thread count, one after the other, and prints every updates/s
# and ofex's ratio to each.
#
#   bench/compare.sh [--preset ofe-sac|ofe-big|sac] [--env HalfCheetah] [--threads 2]
#                    [--batch 256] [--updates 200] [--repeat 1] [--peers torch] [--json]
#
# --peers LIST: comma-separated, from torch (eager, Debian's torch 1.13: the default),
# torch-compile (torch.compile, PyPI's torch 2.x) and jax (jax.jit, XLA:CPU); all = the three.
# torch-compile and jax run in the peer venv (bench/peer-venv.sh makes it on first use).
# --repeat N runs the set N times (ofex, peer, peer, ..., ofex, peer, ...) and prints every run's
# ratios and their medians: the machine is shared and its speed drifts between runs.
# Environment: OFEX_BENCH (default build/bin/ofex-bench), PYTHON (the torch peer's interpreter,
# default /usr/bin/python3, which Debian's python3-torch belongs to), PEER_PYTHON (torch-compile's
# and jax's, default the peer venv's), TORCH_ARGS (extra flags for the PyTorch script, both torch
# peers), JAX_ARGS (extra flags for the JAX script).
# Exit status: 0 all ran; 3 ofex-bench missing or failed (the peers' figures are still printed);
# 1 a peer failed; 2 bad usage.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
preset=ofe-sac env=HalfCheetah threads=2 batch=256 batch_given=0 updates=200 json=0 repeat=1
peers=torch
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
die_usage() { echo "compare.sh: $*" >&2; exit 2; }
need() { [[ $# -ge 2 && -n "$2" ]] || die_usage "$1 needs a value (see --help)"; }
while (($#)); do
  case "$1" in
    --preset) need "$@"; preset=$2; shift 2 ;;
    --env) need "$@"; env=$2; shift 2 ;;
    --threads) need "$@"; threads=$2; shift 2 ;;
    --batch) need "$@"; batch=$2; batch_given=1; shift 2 ;;
    --updates) need "$@"; updates=$2; shift 2 ;;
    --repeat) need "$@"; repeat=$2; shift 2 ;;
    --peers) need "$@"; peers=$2; shift 2 ;;
    --json) json=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  die_usage "--repeat: expected a positive integer, got '$repeat'"
fi
[[ "$peers" == all ]] && peers=torch,torch-compile,jax
peer_list=()
IFS=, read -ra _req <<<"$peers"
for p in "${_req[@]}"; do
  case "$p" in
    torch|torch-compile|jax) [[ " ${peer_list[*]-} " == *" $p "* ]] || peer_list+=("$p") ;;
    *) die_usage "--peers: unknown peer '$p' (known: torch, torch-compile, jax, all)" ;;
  esac
done
((${#peer_list[@]})) || die_usage "--peers: empty list (known: torch, torch-compile, jax, all)"
peers=$(IFS=,; echo "${peer_list[*]}")

bin=${OFEX_BENCH:-$root/build/bin/ofex-bench}
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The peer venv's interpreter, resolved once (a --repeat's runs inherit it).
if [[ ",$peers," == *,torch-compile,* || ",$peers," == *,jax,* ]] && [[ -z "${PEER_PYTHON:-}" ]]; then
  if ! PEER_PYTHON=$("$here/peer-venv.sh"); then
    echo "compare.sh: bench/peer-venv.sh failed: torch-compile and jax cannot run" >&2; exit 1
  fi
  export PEER_PYTHON
fi

# ---- --repeat N: this script N times with --json, then every run and the medians.
if ((repeat > 1)); then
  args=(--preset "$preset" --env "$env" --threads "$threads" --updates "$updates" --peers "$peers"
        --json)
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
names = list(runs[0]["peers"])
stats = {}
for name in names:
    ratios = [r["peers"][name]["ratio"] for r in runs]
    stats[name] = {"updates_per_second": [r["peers"][name]["updates_per_second"] for r in runs],
                   "ratios": ratios, "median_ratio": statistics.median(ratios),
                   "min_ratio": min(ratios), "max_ratio": max(ratios)}
ref = stats.get("torch")
if as_json:
    out = {"runs": runs, "peers": stats}
    if ref:  # the PyTorch reference's figures under the keys they always had
        out.update(median_ratio=ref["median_ratio"], min_ratio=ref["min_ratio"],
                   max_ratio=ref["max_ratio"], target_ratio=5.0)
    print(json.dumps(out))
    sys.exit(0)
r0 = runs[0]
print("preset %s, env %s, batch %s, threads %s, %d runs" % (r0["preset"], r0["env"], r0["batch"],
                                                           r0["threads"], repeat))
for k, r in enumerate(runs, 1):
    b = r.get("roofline_bound") or {}
    cells = ["%s %7.2f (%.2fx)" % (r["peers"][n]["label"], r["peers"][n]["updates_per_second"],
                                   r["peers"][n]["ratio"]) for n in names]
    print("run %d: ofex %8.2f updates/s; %s; ceiling %s" % (
        k, r["ofex_updates_per_second"], ", ".join(cells),
        "%.0f updates/s" % b["updates_per_second"] if b else "n/a"))
for n in names:
    s = stats[n]
    line = "median ratio ofex/%s: %.2fx (%.2f-%.2fx)" % (runs[0]["peers"][n]["label"],
                                                        s["median_ratio"], s["min_ratio"], s["max_ratio"])
    if n == "torch":
        line += "; target >= 5x: %s" % ("met" if s["median_ratio"] >= 5 else "NOT met")
    print(line)
PYEOF
  exit 0
fi

# ---- ofex
# Batch norm, as the peers run it (ofex-bench's default is layer norm, as ofex-train's).
ofex_cmd=("$bin" --preset "$preset" --env "$env" --threads "$threads" --norm batch --json)
# ofex-bench times the whole update only when asked (--update); older builds may lack the flag.
if [[ -x "$bin" ]] && "$bin" --help 2>&1 | grep -q -- '--update'; then ofex_cmd+=(--update); fi
((batch_given)) && ofex_cmd+=(--batch "$batch")  # only when asked: 256 is ofex-bench's default too
ofex_ok=0 ofex_note=""
if [[ ! -x "$bin" ]]; then
  ofex_note="ofex-bench NOT FOUND at $bin (not built yet?): peer figures only"
elif "${ofex_cmd[@]}" >"$tmp/ofex.json" 2>"$tmp/ofex.err"; then
  ofex_ok=1
else
  ofex_note="ofex-bench FAILED (exit $?): ${ofex_cmd[*]}"
  sed 's/^/  ofex-bench: /' "$tmp/ofex.err" | tail -20 >&2
fi
[[ -n "$ofex_note" ]] && echo "compare.sh: $ofex_note" >&2

# ---- the peers, in the order given (after ofex and one after the other: they never share the cores)
common=(--preset "$preset" --env "$env" --threads "$threads" --batch "$batch" --updates "$updates")
peer_failed=0
for p in "${peer_list[@]}"; do
  case "$p" in
    torch)
      if ! "$py" -c "import torch" 2>/dev/null; then
        echo "compare.sh: $py cannot import torch: run bench/install-bench-deps.sh (as root)" >&2
        peer_failed=1; continue
      fi
      # shellcheck disable=SC2206
      cmd=("$py" "$here/torch_sac_ofe.py" "${common[@]}" ${TORCH_ARGS:-}) ;;
    torch-compile)
      # shellcheck disable=SC2206
      cmd=("$PEER_PYTHON" "$here/torch_sac_ofe.py" "${common[@]}" --compile ${TORCH_ARGS:-}) ;;
    jax)
      # shellcheck disable=SC2206
      cmd=("$PEER_PYTHON" "$here/jax_sac_ofe.py" "${common[@]}" ${JAX_ARGS:-}) ;;
  esac
  if ! "${cmd[@]}" >"$tmp/$p.json" 2>"$tmp/$p.err"; then
    echo "compare.sh: the $p peer FAILED: ${cmd[*]}" >&2
    grep -v '^USDT:' "$tmp/$p.err" | tail -20 >&2
    rm -f "$tmp/$p.json"
    peer_failed=1
  fi
done

"$py" - "$tmp" "$peers" "$ofex_ok" "$json" "$preset" "$env" "$threads" "$batch" \
    "$ofex_note" "${ofex_cmd[*]}" "$peer_failed" <<'PYEOF'
import json, os, sys
tmp, peers, ofex_ok, as_json, preset, env, threads, batch, note, ofex_cmd, peer_failed = sys.argv[1:]
LABELS = {"torch": "pytorch", "torch-compile": "torch.compile", "jax": "jax"}
o = None
ofex_err = note or None
if ofex_ok == "1":
    try:
        o = json.load(open(os.path.join(tmp, "ofex.json")))
        float(o["updates_per_second"])
    except Exception as e:  # noqa: BLE001
        ofex_err = "ofex-bench output is not a JSON object with updates_per_second: %s" % e
        o = None
ou = float(o["updates_per_second"]) if o else None
res = {}
for name in peers.split(","):
    path = os.path.join(tmp, name + ".json")
    if not os.path.exists(path):
        res[name] = None
        continue
    t = json.load(open(path))
    tu = float(t["updates_per_second"])
    res[name] = {"label": LABELS[name], "updates_per_second": tu,
                 "ratio": round(ou / tu, 3) if ou else None, "json": t}
ran = {n: r for n, r in res.items() if r}
if not ran:
    sys.exit(1)
# The ceiling: the update's matmul FLOPs at the single-matmul roofline that
# ofex-bench measured in the same run (every primitive at that rate, nothing
# else costing anything).
bound = None
if o and "update" in o and "roofline" in o:
    gflop = o["update"]["gflops"] * o["update"]["ms"] / 1000.0
    bound_ms = gflop / o["roofline"]["gflops"] * 1000.0
    bound = {"gflop_per_update": round(gflop, 3), "roofline_gflops": o["roofline"]["gflops"],
             "ms": round(bound_ms, 3), "updates_per_second": round(1000.0 / bound_ms, 1),
             "ratios": {n: round(1000.0 / bound_ms / r["updates_per_second"], 2) for n, r in ran.items()}}
    if "torch" in ran:
        bound["ratio"] = bound["ratios"]["torch"]
fastest = max(ran, key=lambda n: ran[n]["updates_per_second"])
t = ran.get("torch")
status = 1 if peer_failed == "1" else (0 if ou else 3)
if as_json == "1":
    print(json.dumps({"preset": preset, "env": env, "threads": int(threads), "batch": int(batch),
                      "ofex_updates_per_second": ou,
                      # the PyTorch reference under the keys it always had
                      "torch_updates_per_second": t["updates_per_second"] if t else None,
                      "ratio": t["ratio"] if t else None, "target_ratio": 5.0,
                      "peers": {n: {k: v for k, v in r.items() if k != "json"} for n, r in ran.items()},
                      "failed_peers": [n for n, r in res.items() if not r],
                      "fastest_peer": fastest,
                      "ratio_to_fastest_peer": ran[fastest]["ratio"],
                      "roofline_bound": bound,
                      "ofex_command": ofex_cmd, "ofex_error": ofex_err, "ofex": o,
                      "torch": t["json"] if t else None,
                      "peer_output": {n: r["json"] for n, r in ran.items()}}))
    sys.exit(status)


def describe(name, j):
    if name == "torch" or name == "torch-compile":
        d = "torch %s, thread mode %s: %s torch + %s BLAS threads" % (
            j["torch_version"], j["thread_mode"], j["torch_threads"], j["blas_threads"])
        if name == "torch-compile":
            d += "; compile mode %s, first update %.1f s" % (j.get("compile_mode"),
                                                           j.get("first_update_seconds", 0))
        return d
    return "jax %s, XLA:CPU on CPUs %s, compile %.1f s" % (
        j["jax_version"], ",".join(map(str, j["cpu_affinity"])), j["compile_seconds"])


print("preset %s, env %s, batch %s, threads %s" % (preset, env, batch, threads))
if ou:
    print("%-14s %10.2f updates/s  (%.3f ms/update)" % ("ofex", ou, 1000.0 / ou))
else:
    print("%-14s %10s updates/s  (%s)" % ("ofex", "n/a", ofex_err))
for name, r in res.items():
    if not r:
        print("%-14s %10s updates/s  (FAILED, see above)" % (LABELS[name], "n/a"))
        continue
    j = r["json"]
    print("%-14s %10.2f updates/s  (%.3f ms/update; %s)" % (r["label"], r["updates_per_second"],
                                                           j["ms_per_update"], describe(name, j)))
    if name == "torch":
        b = j["blas"]
        print("pytorch BLAS: %s (sgemm_ from %s, %s, %s threads)" % (
            b.get("summary"), b.get("sgemm_from", "?"), b.get("openblas_core", "?"),
            b.get("openblas_threads", "?")))
for name, r in ran.items():
    if r["ratio"]:
        extra = ("  (target >= 5x: %s)" % ("met" if r["ratio"] >= 5 else "NOT met")) if name == "torch" else ""
        print("ratio ofex/%s: %.2fx%s" % (r["label"], r["ratio"], extra))
    else:
        print("ratio ofex/%s: n/a" % r["label"])
if len(ran) > 1:
    print("fastest peer: %s (%.2f updates/s)%s" % (
        ran[fastest]["label"], ran[fastest]["updates_per_second"],
        ", ofex/%s %.2fx" % (ran[fastest]["label"], ran[fastest]["ratio"]) if ou else ""))
if bound:
    print("ceiling: %.2f GFLOP of matmuls per update at the %.0f GFLOP/s roofline of this run = %.2f ms,"
          " %.0f updates/s, %s (ofex reaches %.0f%% of it)"
          % (bound["gflop_per_update"], bound["roofline_gflops"], bound["ms"],
             bound["updates_per_second"],
             ", ".join("%.2fx %s" % (x, LABELS[n]) for n, x in bound["ratios"].items()),
             100.0 * ou / bound["updates_per_second"]))
sys.exit(status)
PYEOF
