#!/usr/bin/env python3
"""JAX peer of one SAC + OFENet update step: the update of bench/torch_sac_ofe.py, jit-compiled whole.

One update = (a) one OFENet auxiliary update on its own batch, then (b) one SAC update
(critics, policy, temperature, Polyak) on another batch, with the network shapes of ofex's
presets; jax.jit compiles the whole update (both parts, their gradients, Adam, Polyak) into one
XLA:CPU executable. Prints one JSON object with the measured updates/s. See bench/README.md.

Run with the peer venv's python (bench/peer-venv.sh makes it and prints its path). --check checks
which parameters each loss moves and the matmul FLOPs; --dump-npz / --init-npz cross-check the
losses against bench/torch_sac_ofe.py from the same weights, batches and noise.
"""

import argparse
import json
import math
import os
import sys
import time

from sac_ofe_shapes import (PRESETS, TASKS, add_run_args, compare_losses, loss_rows, npz_meta,
                            update_matmul_flops)

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--preset", choices=PRESETS, default="ofe-sac",
                   help="ofe-sac: OFENet reference config of the task (HalfCheetah 8x30); "
                        "ofe-big: 8 layers x 128 units per branch; sac: plain SAC, no OFENet")
    p.add_argument("--env", choices=sorted(TASKS), default="HalfCheetah")
    p.add_argument("--threads", type=int, default=2,
                   help="thread budget: the process is pinned to this many CPUs when fewer than it "
                        "may use (XLA sizes its pools to the CPUs it may run on); 1 also turns off "
                        "XLA's multi-threaded Eigen")
    p.add_argument("--no-pin", action="store_true",
                   help="do not narrow the CPU affinity (then only XLA_FLAGS limits the threads)")
    add_run_args(p)
    return p.parse_args(argv)


ARGS = parse_args()
# Thread budget, before jax (and with it XLA's thread pools) is loaded. XLA:CPU has no flag for
# its pool size: the PjRt CPU client sizes its intra-op pool (which also runs the XNNPACK / Eigen
# matmuls) to the CPUs the process may run on, so a budget below that is enforced by narrowing
# the affinity (in-process taskset); --xla_cpu_multi_thread_eigen=false keeps Eigen's own
# kernels single-threaded at a budget of 1. At 2 threads on this 2-core machine nothing is pinned.
PINNED = None
_cpus = sorted(os.sched_getaffinity(0))
if ARGS.threads < 1:
    sys.exit("jax_sac_ofe.py: --threads must be >= 1")
if ARGS.threads < len(_cpus) and not ARGS.no_pin:
    PINNED = _cpus[:ARGS.threads]
    os.sched_setaffinity(0, PINNED)
if "xla_cpu_multi_thread_eigen" not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen="
                               + ("true" if ARGS.threads > 1 else "false")).strip()
for _k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_k] = str(ARGS.threads)  # numpy's BLAS (only data generation uses it)
os.environ.setdefault("JAX_PLATFORMS", "cpu")

try:
    import jax  # noqa: E402
    import jax.numpy as jnp  # noqa: E402
    import numpy as np  # noqa: E402
except ImportError as e:
    sys.exit("jax_sac_ofe.py: %s cannot import jax (%s). Run it with the peer venv's python: "
             "$(bench/peer-venv.sh) bench/jax_sac_ofe.py" % (sys.executable, e))

GAMMA, TAU, LR = 0.99, 0.005, 3e-4
BETA1, BETA2, ADAM_EPS = 0.9, 0.999, 1e-8  # torch.optim.Adam's defaults
BN_MOMENTUM, BN_EPS = 0.01, 1e-5  # the torch script's BatchNorm1d(momentum=0.01), default eps
LOG_STD_MIN, LOG_STD_MAX = -20.0, 2.0
LOG2 = 0.6931471805599453


# ----------------------------------------------------------------------------- shapes, weights

class Shapes:
    """The network shapes of a preset (as torch_sac_ofe.py's Agent builds them)."""

    def __init__(self, preset, env, hidden):
        obs, act, target, layers, units = TASKS[env]
        if preset == "ofe-big":
            layers, units = 8, 128
        self.preset, self.obs, self.act, self.target, self.hidden = preset, obs, act, target, hidden
        self.ofe = preset != "sac"
        self.layers, self.units = (layers, units) if self.ofe else (0, 0)
        self.s_dim = obs + self.layers * self.units
        self.sa_dim = self.s_dim + act + self.layers * self.units

    def linears(self):
        """(name, in, out) of every nn.Linear, with torch_sac_ofe.py's state_dict names."""
        out = []
        if self.ofe:
            for branch, d in (("phi_o", self.obs), ("phi_oa", self.s_dim + self.act)):
                for i in range(self.layers):
                    out.append(("ofe.%s.linears.%d" % (branch, i), d + i * self.units, self.units))
            out.append(("ofe.aux", self.sa_dim, self.target))
        h = self.hidden
        out += [("pi.trunk.l1", self.s_dim, h), ("pi.trunk.l2", h, h),
                ("pi.mean", h, self.act), ("pi.log_std", h, self.act)]
        for q in ("q1", "q2", "q1_t", "q2_t"):
            out += [(q + ".trunk.l1", self.sa_dim, h), (q + ".trunk.l2", h, h), (q + ".out", h, 1)]
        return out


def init_named(shapes, rng):
    """Initial weights by name in torch's layout (weight out x in), drawn as nn.Linear's defaults
    (U(-1/sqrt(in), 1/sqrt(in)) for weight and bias); batch norm 1 / 0, running 0 / 1; the target
    critics copy the critics; log_alpha 0."""
    named = {}
    for name, din, dout in shapes.linears():
        bound = 1.0 / math.sqrt(din)
        if name.startswith(("q1_t.", "q2_t.")):
            continue
        named[name + ".weight"] = rng.uniform(-bound, bound, (dout, din)).astype(np.float32)
        named[name + ".bias"] = rng.uniform(-bound, bound, (dout,)).astype(np.float32)
    for k in list(named):
        if k.startswith(("q1.", "q2.")):
            named[k.replace(".", "_t.", 1)] = named[k].copy()
    for branch in ("phi_o", "phi_oa") if shapes.ofe else ():
        for i in range(shapes.layers):
            pre = "ofe.%s.norms.%d." % (branch, i)
            u = shapes.units
            named[pre + "weight"] = np.ones(u, np.float32)
            named[pre + "bias"] = np.zeros(u, np.float32)
            named[pre + "running_mean"] = np.zeros(u, np.float32)
            named[pre + "running_var"] = np.ones(u, np.float32)
    named["log_alpha"] = np.zeros(1, np.float32)
    return named


def lin(named, name):
    return {"w": jnp.asarray(named[name + ".weight"].T), "b": jnp.asarray(named[name + ".bias"])}


def adam_init(tree):
    return {"m": jax.tree_util.tree_map(jnp.zeros_like, tree),
            "v": jax.tree_util.tree_map(jnp.zeros_like, tree), "t": jnp.zeros((), jnp.float32)}


def state_from_named(shapes, named, key):
    """The update's state: parameters (weights in x out), batch-norm running statistics, Adam
    moments, gate probabilities theta (all 1) and the PRNG key."""
    q = lambda p: {"l1": lin(named, p + ".trunk.l1"), "l2": lin(named, p + ".trunk.l2"),  # noqa: E731
                   "out": lin(named, p + ".out")}
    params = {"pi": {"l1": lin(named, "pi.trunk.l1"), "l2": lin(named, "pi.trunk.l2"),
                     "mean": lin(named, "pi.mean"), "log_std": lin(named, "pi.log_std")},
              "q": (q("q1"), q("q2")), "q_t": (q("q1_t"), q("q2_t")),
              "log_alpha": jnp.asarray(named["log_alpha"])}
    h = shapes.hidden
    theta = {k: jnp.ones(2 * h, jnp.float32) for k in ("pi", "q1", "q2", "q1_t", "q2_t")}
    bn = {}
    if shapes.ofe:
        ofe = {"aux": lin(named, "ofe.aux")}
        for branch in ("phi_o", "phi_oa"):
            layers, stats = [], []
            for i in range(shapes.layers):
                d = lin(named, "ofe.%s.linears.%d" % (branch, i))
                pre = "ofe.%s.norms.%d." % (branch, i)
                d["g"] = jnp.asarray(named[pre + "weight"])
                d["beta"] = jnp.asarray(named[pre + "bias"])
                layers.append(d)
                stats.append({"mean": jnp.asarray(named[pre + "running_mean"]),
                              "var": jnp.asarray(named[pre + "running_var"])})
            ofe[branch], bn[branch] = layers, stats
            theta[branch] = jnp.ones(shapes.layers * shapes.units, jnp.float32)
        params["ofe"] = ofe
    opt = {"q": adam_init(params["q"]), "pi": adam_init(params["pi"]),
           "alpha": adam_init(params["log_alpha"])}
    if shapes.ofe:
        opt["ofe"] = adam_init(params["ofe"])
    return {"params": params, "bn": bn, "opt": opt, "theta": theta, "key": key}


def named_from_state(shapes, state):
    """The inverse of state_from_named: torch layout, numpy."""
    p = state["params"]
    named = {}

    def put(name, d):
        named[name + ".weight"] = np.asarray(d["w"]).T
        named[name + ".bias"] = np.asarray(d["b"])
    for name, src in (("pi.trunk.l1", p["pi"]["l1"]), ("pi.trunk.l2", p["pi"]["l2"]),
                      ("pi.mean", p["pi"]["mean"]), ("pi.log_std", p["pi"]["log_std"])):
        put(name, src)
    for qn, qp in zip(("q1", "q2", "q1_t", "q2_t"), p["q"] + p["q_t"]):
        put(qn + ".trunk.l1", qp["l1"])
        put(qn + ".trunk.l2", qp["l2"])
        put(qn + ".out", qp["out"])
    if shapes.ofe:
        put("ofe.aux", p["ofe"]["aux"])
        for branch in ("phi_o", "phi_oa"):
            for i, (d, st) in enumerate(zip(p["ofe"][branch], state["bn"][branch])):
                put("ofe.%s.linears.%d" % (branch, i), d)
                pre = "ofe.%s.norms.%d." % (branch, i)
                named[pre + "weight"] = np.asarray(d["g"])
                named[pre + "bias"] = np.asarray(d["beta"])
                named[pre + "running_mean"] = np.asarray(st["mean"])
                named[pre + "running_var"] = np.asarray(st["var"])
    named["log_alpha"] = np.asarray(p["log_alpha"])
    return named


# ----------------------------------------------------------------------------- networks

def dense(p, x):
    return x @ p["w"] + p["b"]


def gates(key, theta):
    """xi ~ Bernoulli(theta) over all gated units of one network, one draw per forward pass."""
    return jax.random.bernoulli(key, theta).astype(jnp.float32)


def densenet(layers, stats, x, xi, train):
    """OFENet branch: each layer Linear -> batch norm -> Swish -> gate, concatenated onto its input.
    train: batch statistics (biased variance), running ones updated as BatchNorm1d does (unbiased
    variance, momentum 0.01), returned; otherwise the running statistics. Returns (x, stats)."""
    new_stats = []
    for i, (p, st) in enumerate(zip(layers, stats)):
        h = dense(p, x)
        if train:
            mean = jnp.mean(h, 0)
            var = jnp.mean(jnp.square(h - mean), 0)
            n = h.shape[0]
            new_stats.append({
                "mean": (1.0 - BN_MOMENTUM) * st["mean"] + BN_MOMENTUM * jax.lax.stop_gradient(mean),
                "var": (1.0 - BN_MOMENTUM) * st["var"]
                + BN_MOMENTUM * jax.lax.stop_gradient(var) * (n / (n - 1.0))})
        else:
            mean, var = st["mean"], st["var"]
            new_stats.append(st)
        h = (h - mean) * jax.lax.rsqrt(var + BN_EPS) * p["g"] + p["beta"]
        u = h.shape[1]
        x = jnp.concatenate([x, jax.nn.silu(h) * xi[i * u:(i + 1) * u]], axis=1)
    return x, new_stats


def trunk(p, x, xi):
    h = p["l1"]["w"].shape[1]
    x = jax.nn.relu(dense(p["l1"], x)) * xi[:h]
    return jax.nn.relu(dense(p["l2"], x)) * xi[h:]


def qnet(p, x, xi):
    return dense(p["out"], trunk(p, x, xi))


def policy(p, x, xi, eps):
    """tanh-squashed Gaussian; eps: the standard normal noise. Returns (action, log pi)."""
    h = trunk(p, x, xi)
    mean = dense(p["mean"], h)
    log_std = jnp.clip(dense(p["log_std"], h), LOG_STD_MIN, LOG_STD_MAX)
    u = mean + jnp.exp(log_std) * eps
    a = jnp.tanh(u)
    logp = jnp.sum(-0.5 * jnp.square(eps) - log_std - 0.5 * 1.8378770664093453, 1, keepdims=True)
    logp = logp - jnp.sum(2.0 * (LOG2 - u - jax.nn.softplus(-2.0 * u)), 1, keepdims=True)
    return a, logp


def mse(x, y):
    return jnp.mean(jnp.square(x - y))


def adam(params, grads, st):
    """torch.optim.Adam's step (no weight decay, not amsgrad), bias corrections included."""
    t = st["t"] + 1.0
    m = jax.tree_util.tree_map(lambda m, g: BETA1 * m + (1.0 - BETA1) * g, st["m"], grads)
    v = jax.tree_util.tree_map(lambda v, g: BETA2 * v + (1.0 - BETA2) * g * g, st["v"], grads)
    step = LR / (1.0 - BETA1 ** t)
    bc2_sqrt = jnp.sqrt(1.0 - BETA2 ** t)
    params = jax.tree_util.tree_map(
        lambda p, m, v: p - step * m / (jnp.sqrt(v) / bc2_sqrt + ADAM_EPS), params, m, v)
    return params, {"m": m, "v": v, "t": t}


# ----------------------------------------------------------------------------- the update

def make_update(shapes):
    """Returns update(state, (ofe_batch, sac_batch), noise) -> (state, losses); noise None draws the
    policy noise from the state's key, else (eps for a', eps for a~pi) as in the cross-check."""
    target_dim, act_dim = shapes.target, shapes.act
    target_entropy = -float(act_dim)

    def s_feat(p, bn, theta, o, key):
        if not shapes.ofe:
            return o
        return densenet(p["ofe"]["phi_o"], bn["phi_o"], o, gates(key, theta["phi_o"]), False)[0]

    def sa_feat(p, bn, theta, s, a, key):
        if not shapes.ofe:
            return jnp.concatenate([s, a], 1)
        x = jnp.concatenate([s, a], 1)
        return densenet(p["ofe"]["phi_oa"], bn["phi_oa"], x, gates(key, theta["phi_oa"]), False)[0]

    def ofe_step(state, batch, key):
        """(a) OFENet auxiliary update: MSE of aux(z_oa(o, a)) against o_next[:target_dim]; Adam on
        phi_o, phi_oa, aux (batch norm's scale and shift included); running statistics updated."""
        o, a, o_next = batch
        theta, bn = state["theta"], state["bn"]
        k_o, k_oa = jax.random.split(key)

        def loss_fn(ofe):
            z_o, st_o = densenet(ofe["phi_o"], bn["phi_o"], o, gates(k_o, theta["phi_o"]), True)
            z_oa, st_oa = densenet(ofe["phi_oa"], bn["phi_oa"], jnp.concatenate([z_o, a], 1),
                                   gates(k_oa, theta["phi_oa"]), True)
            return mse(dense(ofe["aux"], z_oa), o_next[:, :target_dim]), {"phi_o": st_o,
                                                                          "phi_oa": st_oa}

        (loss, new_bn), g = jax.value_and_grad(loss_fn, has_aux=True)(state["params"]["ofe"])
        ofe, opt = adam(state["params"]["ofe"], g, state["opt"]["ofe"])
        state = dict(state, params=dict(state["params"], ofe=ofe), bn=new_bn,
                     opt=dict(state["opt"], ofe=opt))
        return state, loss

    def sac_step(state, batch, key, noise):
        """(b) SAC update; OFENet is frozen (its weights are constants here: no gradient reaches
        them; the policy's gradient still flows through phi_oa to the action), its batch norms use
        the running statistics."""
        o, a, r, o_next, done = batch
        p, bn, theta = state["params"], state["bn"], state["theta"]
        ks = jax.random.split(key, 15)
        if noise is None:
            eps_next = jax.random.normal(ks[13], (o.shape[0], act_dim), jnp.float32)
            eps_pi = jax.random.normal(ks[14], (o.shape[0], act_dim), jnp.float32)
        else:
            eps_next, eps_pi = noise
        alpha = jnp.exp(p["log_alpha"])

        s_next = s_feat(p, bn, theta, o_next, ks[0])
        a_next, logp_next = policy(p["pi"], s_next, gates(ks[1], theta["pi"]), eps_next)
        sa_next = sa_feat(p, bn, theta, s_next, a_next, ks[2])
        q_next = jnp.minimum(qnet(p["q_t"][0], sa_next, gates(ks[3], theta["q1_t"])),
                             qnet(p["q_t"][1], sa_next, gates(ks[4], theta["q2_t"])))
        y = r + GAMMA * (1.0 - done) * (q_next - alpha * logp_next)
        s = s_feat(p, bn, theta, o, ks[5])
        sa = sa_feat(p, bn, theta, s, a, ks[6])

        # critics
        def q_loss_fn(qs):
            return (mse(qnet(qs[0], sa, gates(ks[7], theta["q1"])), y)
                    + mse(qnet(qs[1], sa, gates(ks[8], theta["q2"])), y))
        q_loss, g = jax.value_and_grad(q_loss_fn)(p["q"])
        qs, opt_q = adam(p["q"], g, state["opt"]["q"])

        # policy, through phi_oa and the just updated critics; only pi's parameters get gradients
        def pi_loss_fn(pi):
            a_pi, logp = policy(pi, s, gates(ks[9], theta["pi"]), eps_pi)
            sa_pi = sa_feat(p, bn, theta, s, a_pi, ks[10])
            q_pi = jnp.minimum(qnet(qs[0], sa_pi, gates(ks[11], theta["q1"])),
                               qnet(qs[1], sa_pi, gates(ks[12], theta["q2"])))
            return jnp.mean(alpha * logp - q_pi), logp
        (pi_loss, logp), g = jax.value_and_grad(pi_loss_fn, has_aux=True)(p["pi"])
        pi, opt_pi = adam(p["pi"], g, state["opt"]["pi"])

        # temperature, target entropy -|A|
        def alpha_loss_fn(log_alpha):
            return -jnp.mean(log_alpha * (logp + target_entropy))
        alpha_loss, g = jax.value_and_grad(alpha_loss_fn)(p["log_alpha"])
        log_alpha, opt_alpha = adam(p["log_alpha"], g, state["opt"]["alpha"])

        # Polyak averaging of the target critics
        q_t = jax.tree_util.tree_map(lambda t, s: (1.0 - TAU) * t + TAU * s, p["q_t"], qs)
        params = dict(p, q=qs, pi=pi, log_alpha=log_alpha, q_t=q_t)
        opt = dict(state["opt"], q=opt_q, pi=opt_pi, alpha=opt_alpha)
        return dict(state, params=params, opt=opt), (q_loss, pi_loss, alpha_loss)

    def update(state, pair, noise=None):
        key, k_ofe, k_sac = jax.random.split(state["key"], 3)
        state = dict(state, key=key)
        ofe_loss = jnp.float32(jnp.nan)
        if shapes.ofe:
            state, ofe_loss = ofe_step(state, pair[0], k_ofe)
        state, (q_loss, pi_loss, alpha_loss) = sac_step(state, pair[1], k_sac, noise)
        return state, jnp.stack([ofe_loss, q_loss, pi_loss, alpha_loss])

    return update, ofe_step, sac_step


# ----------------------------------------------------------------------------- FLOPs


def jaxpr_dot_flops(jaxpr):
    """2 m n k of every dot_general in a jaxpr, sub-jaxprs (pjit, custom_jvp, ...) included."""
    total = 0
    for eqn in jaxpr.eqns:
        if eqn.primitive.name == "dot_general":
            (lhs_contract, _), _ = eqn.params["dimension_numbers"]
            lhs = eqn.invars[0].aval.shape
            total += 2 * math.prod(eqn.outvars[0].aval.shape) * math.prod(lhs[d] for d in lhs_contract)
        for v in eqn.params.values():
            for sub in v if isinstance(v, (tuple, list)) else (v,):
                if hasattr(sub, "eqns"):
                    total += jaxpr_dot_flops(sub)
                elif hasattr(sub, "jaxpr") and hasattr(sub.jaxpr, "eqns"):
                    total += jaxpr_dot_flops(sub.jaxpr)
    return total


def xla_cost_flops(compiled):
    """XLA's own estimate of the compiled update's FLOPs (all ops, not only the matmuls)."""
    try:
        cost = compiled.cost_analysis()
        if isinstance(cost, (list, tuple)):
            cost = cost[0]
        return float(cost["flops"])
    except Exception:  # noqa: BLE001 -- informational only
        return None


# ----------------------------------------------------------------------------- data, cross-check

def make_batches(n, batch, obs_dim, act_dim, rng):
    """n pre-generated random (ofe batch, sac batch) pairs, as torch_sac_ofe.py's (numpy's RNG)."""
    out = []
    f32 = np.float32
    for _ in range(n):
        o = rng.standard_normal((batch, obs_dim)).astype(f32)
        a = (rng.random((batch, act_dim)) * 2 - 1).astype(f32)
        o2 = (o + 0.1 * rng.standard_normal((batch, obs_dim))).astype(f32)
        ofe_b = (o, a, o2)
        o = rng.standard_normal((batch, obs_dim)).astype(f32)
        a = (rng.random((batch, act_dim)) * 2 - 1).astype(f32)
        o2 = (o + 0.1 * rng.standard_normal((batch, obs_dim))).astype(f32)
        r = rng.standard_normal((batch, 1)).astype(f32)
        d = (rng.random((batch, 1)) < 0.01).astype(f32)
        out.append((ofe_b, (o, a, r, o2, d)))
    return out


def to_device(tree):
    return jax.tree_util.tree_map(jnp.asarray, tree)


XCHECK_BATCH = ("ofe_o", "ofe_a", "ofe_o2", "o", "a", "r", "o2", "d")
def run_fixed(update, state, pairs, noises):
    losses = []
    for pair, noise in zip(pairs, noises):
        state, l = update(state, to_device(pair), to_device(noise))
        losses.append([float(x) for x in np.asarray(l)])
    return state, losses


def dump_npz(shapes, args, named, state, update, rng):
    """--dump-npz: initial weights, batches, noise, then this implementation's losses and weights."""
    k = max(1, args.xcheck_updates)
    pairs = make_batches(k, args.batch, shapes.obs, shapes.act, rng)
    noises = [tuple(rng.standard_normal((args.batch, shapes.act)).astype(np.float32) for _ in (0, 1))
              for _ in range(k)]
    out = {"meta": np.array(json.dumps(dict(npz_meta(args), impl="jax", version=jax.__version__)))}
    out.update({"init/" + n: v for n, v in named.items()})
    for i, ((ofe_b, sac_b), noise) in enumerate(zip(pairs, noises)):
        for name, t in zip(XCHECK_BATCH, ofe_b + sac_b):
            out["batch%d/%s" % (i, name)] = t
        out["noise%d/next" % i], out["noise%d/pi" % i] = noise
    state, losses = run_fixed(update, state, pairs, noises)
    out["losses"] = np.array(losses, dtype=np.float64)
    out.update({"final/" + n: v for n, v in named_from_state(shapes, state).items()})
    np.savez(args.dump_npz, **out)
    return {"dump_npz": args.dump_npz, "impl": "jax", "updates": k, "losses": loss_rows(losses)}


def init_npz(shapes, args, update, key):
    """--init-npz: the updates of FILE from FILE's weights; losses and weights against FILE's."""
    f = np.load(args.init_npz)
    meta = json.loads(str(f["meta"]))
    if {k: meta.get(k) for k in npz_meta(args)} != npz_meta(args):
        sys.exit("jax_sac_ofe.py: %s was written for %s; run with the same --preset/--env/"
                 "--batch/--hidden" % (args.init_npz, {k: meta.get(k) for k in npz_meta(args)}))
    named = {n[len("init/"):]: f[n] for n in f.files if n.startswith("init/")}
    state = state_from_named(shapes, named, key)
    k = len(f["losses"])
    pairs, noises = [], []
    for i in range(k):
        ts = [f["batch%d/%s" % (i, n)] for n in XCHECK_BATCH]
        pairs.append((tuple(ts[:3]), tuple(ts[3:])))
        noises.append((f["noise%d/next" % i], f["noise%d/pi" % i]))
    state, losses = run_fixed(update, state, pairs, noises)
    ref = f["losses"].tolist()
    worst, ok = compare_losses(losses, ref, args.tol)
    final = named_from_state(shapes, state)
    absdiff = {n: np.abs(v - f["final/" + n]) for n, v in final.items()}
    diffs = {n: float(np.max(d)) for n, d in absdiff.items()}
    worst_param = max(diffs, key=diffs.get)
    off = sum(int(np.sum(d > 1e-5)) for d in absdiff.values())
    total = sum(d.size for d in absdiff.values())
    return {"init_npz": args.init_npz, "impl": "jax", "reference_impl": meta.get("impl"),
            "reference_version": meta.get("version"), "updates": k,
            "losses": loss_rows(losses), "reference_losses": loss_rows(ref),
            "max_rel_loss_diff": worst, "tol": args.tol,
            # informational: Adam's first steps turn rounding in near-zero gradients into
            # differences of up to ~lr per step in scattered weights (README)
            "final_weights_max_abs_diff": {"max": diffs[worst_param], "where": worst_param,
                                           "elements_off_by_1e-5": off, "elements": total},
            "ok": ok}


def check(shapes, args, state, batches, update, ofe_step, sac_step):
    """Each loss moves exactly the parameters it should; the jaxpr's matmul FLOPs equal
    update_matmul_flops."""
    def groups(st):
        p = st["params"]
        g = {"pi": p["pi"], "q": p["q"], "q_target": p["q_t"], "log_alpha": p["log_alpha"]}
        if shapes.ofe:
            g["ofe"], g["ofe_stats"] = p["ofe"], st["bn"]
        return g

    def moved(a, b):
        return {k: any(not np.array_equal(x, y) for x, y in
                       zip(jax.tree_util.tree_leaves(a[k]), jax.tree_util.tree_leaves(b[k])))
                for k in a}

    ofe_jit, sac_jit = jax.jit(ofe_step), jax.jit(sac_step)
    key = jax.random.PRNGKey(args.seed + 2)
    ofe_b, sac_b = to_device(batches[0])
    if shapes.ofe:
        before = groups(state)
        state, loss0 = ofe_jit(state, ofe_b, key)
        got = moved(before, groups(state))
        assert got == {"pi": False, "q": False, "q_target": False, "log_alpha": False, "ofe": True,
                       "ofe_stats": True}, got
        for _ in range(50):
            state, loss = ofe_jit(state, ofe_b, key)
        assert float(loss) < float(loss0), (float(loss0), float(loss))
    before = groups(state)
    state, losses = sac_jit(state, sac_b, key, None)
    got = moved(before, groups(state))
    want = {"pi": True, "q": True, "q_target": True, "log_alpha": True}
    if shapes.ofe:
        want["ofe"] = False
        want["ofe_stats"] = False
    assert got == want, got
    assert all(np.isfinite(np.asarray(x)).all() for x in losses)

    want_flops = update_matmul_flops(args.preset, args.env, args.batch, args.hidden)
    got_flops = jaxpr_dot_flops(jax.make_jaxpr(update)(state, to_device(batches[1])).jaxpr)
    assert got_flops == want_flops, (got_flops, want_flops)
    upd = jax.jit(update)
    for i in range(20):
        state, losses = upd(state, to_device(batches[i % len(batches)]))
    assert np.isfinite(np.asarray(losses)[1:]).all(), losses
    for leaf in jax.tree_util.tree_leaves((state["params"]["pi"], state["params"]["q"])):
        assert np.isfinite(np.asarray(leaf)).all()
    return {"check": "ok", "impl": "jax", "preset": args.preset, "s_dim": shapes.s_dim,
            "sa_dim": shapes.sa_dim, "matmul_gflop_per_update": want_flops / 1e9,
            "jaxpr_matmul_gflop_per_update": got_flops / 1e9}


# ----------------------------------------------------------------------------- main

def main():
    args = ARGS
    shapes = Shapes(args.preset, args.env, args.hidden)
    rng = np.random.default_rng(args.seed)
    named = init_named(shapes, rng)
    key = jax.random.PRNGKey(args.seed)
    state = state_from_named(shapes, named, key)
    update, ofe_step, sac_step = make_update(shapes)
    batches = make_batches(8, args.batch, shapes.obs, shapes.act, np.random.default_rng(args.seed + 1))

    if args.check:
        print(json.dumps(check(shapes, args, state, batches, update, ofe_step, sac_step)))
        return 0
    if args.dump_npz:
        print(json.dumps(dump_npz(shapes, args, named, state, jax.jit(update), rng)))
        return 0
    if args.init_npz:
        res = init_npz(shapes, args, jax.jit(update), key)
        print(json.dumps(res))
        return 0 if res["ok"] else 1

    batches = [to_device(b) for b in batches]
    # The whole update in one executable; the state's buffers are donated (updated in place).
    t0 = time.perf_counter()
    lowered = jax.jit(update, donate_argnums=0).lower(state, batches[0])
    compiled = lowered.compile()
    compile_s = time.perf_counter() - t0
    n = len(batches)
    step = [0]
    box = [state]

    def run(count):
        t0 = time.perf_counter()
        st = box[0]
        for _ in range(count):
            st, _losses = compiled(st, batches[step[0] % n])
            step[0] += 1
        jax.block_until_ready(st)
        box[0] = st
        return time.perf_counter() - t0

    first_update_s = run(1)
    run(args.warmup)
    times = [run(args.updates) for _ in range(max(1, args.repeats))]
    med = sorted(times)[len(times) // 2]
    ups = args.updates / med
    size = lambda tree: sum(int(np.prod(x.shape)) for x in jax.tree_util.tree_leaves(tree))  # noqa: E731
    p = box[0]["params"]
    sizes = {"pi": size(p["pi"]), "q1": size(p["q"][0])}
    if shapes.ofe:
        sizes.update(phi_o=size(p["ofe"]["phi_o"]), phi_oa=size(p["ofe"]["phi_oa"]),
                     aux=size(p["ofe"]["aux"]))
    jaxpr_flops = jaxpr_dot_flops(jax.make_jaxpr(update)(box[0], batches[0]).jaxpr)
    xla_flops = xla_cost_flops(compiled)
    import jaxlib
    out = {
        "impl": "jax",
        "preset": args.preset,
        "env": args.env,
        "batch": args.batch,
        "threads": args.threads,
        "updates_per_second": round(ups, 2),
        "ms_per_update": round(1000.0 / ups, 4),
        "updates_per_second_repeats": [round(args.updates / t, 2) for t in times],
        "updates": args.updates,
        "warmup": args.warmup,
        "thread_mode": "xla",
        "thread_mode_trials_updates_per_second": {},
        "cpu_affinity": sorted(os.sched_getaffinity(0)),
        "pinned": PINNED is not None,
        "z_o_dim": shapes.s_dim,
        "z_oa_dim": shapes.sa_dim,
        "params": sizes,
        "matmul_gflop_per_update": round(
            update_matmul_flops(args.preset, args.env, args.batch, args.hidden) / 1e9, 4),
        "jaxpr_matmul_gflop_per_update": round(jaxpr_flops / 1e9, 4),
        "xla_cost_gflop_per_update": None if xla_flops is None else round(xla_flops / 1e9, 4),
        "compile_seconds": round(compile_s, 3),
        "first_update_seconds": round(first_update_s, 3),
        "jax_version": jax.__version__,
        "jaxlib_version": jaxlib.__version__,
        "devices": [str(d) for d in jax.devices()],
        "python": sys.executable,
        "thread_env": {k: os.environ[k] for k in sorted(os.environ)
                       if k.startswith(("OMP_", "GOMP_", "OPENBLAS_", "MKL_", "XLA_", "JAX_"))},
        "loadavg_1min": os.getloadavg()[0],
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
