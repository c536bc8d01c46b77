"""What the benchmark peers of ofex's update share: the tasks' and presets' network shapes,
and the matmul FLOPs of one update (bench/torch_sac_ofe.py, bench/jax_sac_ofe.py)."""

import math

# Tasks as in lib/Presets/Presets.cpp: obs dim, act dim, prediction target dim, OFENet layers x units.
TASKS = {
    "HalfCheetah": (17, 6, 17, 8, 30),
    "Hopper": (11, 3, 11, 6, 40),
    "Walker2d": (17, 6, 17, 6, 40),
    "Ant": (27, 8, 27, 6, 40),
    "Humanoid": (376, 17, 292, 8, 30),
    "InvertedPendulum": (4, 1, 4, 4, 16),
}
PRESETS = ("ofe-sac", "ofe-big", "sac")


def update_matmul_flops(preset, env, batch, hidden):
    """Matmul FLOPs (2 m n k each) of one update as autograd runs it: every forward matmul, the
    weight gradients of the parameters a loss updates, and the input gradients on a path to them
    (none for a first layer whose input needs no gradient: o, the critics' z_oa, the policy's z_o;
    the policy's gradient crosses phi_oa and both critics to the action, without their weight
    gradients). Both peers' `--check` compare it with what they ran: torch_sac_ofe.py with the
    profiler's count of aten::mm / aten::addmm, jax_sac_ofe.py with the jaxpr's dot_generals."""
    obs, act, target, layers, units = TASKS[env]
    if preset == "ofe-big":
        layers, units = 8, 128
    b, h = batch, hidden

    def net(dims, fwd=0, wgrad=0, igrad=0, first_igrad=True):
        return sum(2 * b * din * dout * (fwd + wgrad + (igrad if i or first_igrad else 0))
                   for i, (din, dout) in enumerate(dims))

    if preset == "sac":
        s, sa = obs, obs + act
        phi_o = phi_oa = aux = []
    else:
        phi_o = [(obs + k * units, units) for k in range(layers)]
        s = obs + layers * units
        phi_oa = [(s + act + k * units, units) for k in range(layers)]
        sa = s + act + layers * units
        aux = [(sa, target)]
    pi = [(s, h), (h, h), (h, act), (h, act)]
    q = [(sa, h), (h, h), (h, 1)]
    flops = net(phi_o, 1, 1, 1, False) + net(phi_oa, 1, 1, 1) + net(aux, 1, 1, 1)  # OFENet update
    flops += net(phi_o, 2) + net(phi_oa, 3) + net(phi_oa, 0, 0, 1)  # features; a~pi through phi_oa
    flops += net(pi, 2) + net(pi, 0, 1, 1, False)  # pi(s'), pi(s) and the policy's backward
    flops += 2 * net(q, 1)  # target critics
    flops += 2 * net(q, 2) + 2 * net(q, 0, 1, 1, False)  # critics: critic loss, policy loss
    flops += 2 * net(q, 0, 0, 1)  # the policy's gradient through both critics to the action
    return flops


def add_run_args(p):
    """The options both peers take beyond --preset, --env and --threads: the timing loop, the
    network width, --check, and the cross-check files (written by either peer, read by either)."""
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--updates", type=int, default=200, help="timed updates per repeat")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--repeats", type=int, default=3,
                   help="timed repeats of --updates; the median repeat is reported")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--check", action="store_true",
                   help="run a few updates and check which parameters each loss moves and the "
                        "matmul FLOPs, then exit")
    p.add_argument("--dump-npz", metavar="FILE",
                   help="cross-check: write initial weights, --xcheck-updates batches and noise, "
                        "this implementation's losses and final weights to FILE, then exit")
    p.add_argument("--init-npz", metavar="FILE",
                   help="cross-check: load weights, batches and noise from FILE (written by either "
                        "peer), run its updates and compare the losses with FILE's (exit 1 when "
                        "they differ by more than --tol), then exit")
    p.add_argument("--xcheck-updates", type=int, default=2, help="updates in a --dump-npz file")
    p.add_argument("--tol", type=float, default=1e-4,
                   help="relative tolerance of --init-npz's loss comparison")
    p.add_argument("--json", action="store_true", help="accepted for symmetry; output is always JSON")


# ----------------------------------------------------------------------------- cross-check files

LOSS_NAMES = ("ofe", "q", "pi", "alpha")


def npz_meta(args):
    return {"preset": args.preset, "env": args.env, "batch": args.batch, "hidden": args.hidden}


def loss_rows(losses):
    return [{k: (None if v != v else v) for k, v in zip(LOSS_NAMES, row)} for row in losses]


def compare_losses(mine, ref, tol):
    """Largest relative difference of the loss tables (NaN entries must agree), and ok."""
    worst, ok = 0.0, True
    for row_m, row_r in zip(mine, ref):
        for m, r in zip(row_m, row_r):
            if math.isnan(m) or math.isnan(r):
                ok = ok and math.isnan(m) and math.isnan(r)
                continue
            scale = max(abs(m), abs(r), 1e-3)  # the first temperature loss is exactly 0
            worst = max(worst, abs(m - r) / scale)
    return worst, ok and worst <= tol and len(mine) == len(ref)
