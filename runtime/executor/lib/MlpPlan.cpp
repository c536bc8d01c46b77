//===- MlpPlan.cpp - Forward, MSE, backward and Adam for an MLP -----------===//

#include "ofex/exec/MlpPlan.h"

#include <cmath>
#include <random>
#include <string>

namespace ofex::exec {

namespace {

/// oneDNN can differentiate these from the activation's output, which saves
/// keeping the pre-activation alive until the backward pass.
bool backwardFromDst(EltwiseAlg alg) {
  return alg == EltwiseAlg::Relu || alg == EltwiseAlg::Tanh ||
         alg == EltwiseAlg::Logistic || alg == EltwiseAlg::Exp;
}

std::string name(const char *base, size_t layer) {
  return base + std::to_string(layer);
}

} // namespace

Plan buildMlpTrainingPlan(const MlpPlanOptions &o) {
  if (o.widths.size() < 2)
    throw PlanError("mlp plan: needs at least input and output widths");
  const size_t layers = o.widths.size() - 1;
  const int64_t batch = o.batch;
  const bool fromDst = backwardFromDst(o.hidden.alg);
  Plan plan;

  BufferId x = plan.addBuffer("x", batch, o.widths[0], Role::External);
  BufferId y = plan.addBuffer("y", batch, o.widths[layers], Role::External);
  std::vector<BufferId> W(layers + 1), b(layers + 1), h(layers + 1),
      z(layers + 1);
  h[0] = x;
  for (size_t l = 1; l <= layers; ++l) {
    int64_t in = o.widths[l - 1], out = o.widths[l];
    W[l] = plan.addBuffer(name("W", l), in, out, Role::Owned);
    b[l] = plan.addBuffer(name("b", l), 1, out, Role::Owned);
    for (const char *moment : {"mW", "vW"})
      plan.addBuffer(name(moment, l), in, out, Role::Owned);
    for (const char *moment : {"mb", "vb"})
      plan.addBuffer(name(moment, l), 1, out, Role::Owned);
  }
  BufferId loss = plan.addBuffer("loss", 1, 1, Role::Owned);

  // Forward. A hidden activation is fused into its matmul unless the
  // backward pass needs the pre-activation z.
  for (size_t l = 1; l <= layers; ++l) {
    int64_t out = o.widths[l];
    bool last = l == layers;
    h[l] =
        plan.addBuffer(last ? std::string("pred") : name("h", l), batch, out);
    MatmulStep mm;
    mm.src = h[l - 1];
    mm.weights = W[l];
    mm.bias = b[l];
    if (last || fromDst) {
      mm.dst = h[l];
      if (!last)
        mm.post_ops = {o.hidden};
      z[l] = h[l];
      plan.addStep(mm);
    } else {
      z[l] = plan.addBuffer(name("z", l), batch, out);
      mm.dst = z[l];
      plan.addStep(mm);
      plan.addStep(EltwiseStep{o.hidden, z[l], h[l]});
    }
  }

  // Loss and its gradient 2 (pred - y) / (B * out).
  const int64_t outW = o.widths[layers];
  BufferId diff = plan.addBuffer("diff", batch, outW);
  BufferId sq = plan.addBuffer("sq", batch, outW);
  BufferId dpred = plan.addBuffer("dpred", batch, outW);
  plan.addStep(BinaryStep{BinaryAlg::Sub, h[layers], y, diff});
  plan.addStep(EltwiseStep{Activation::square(), diff, sq});
  plan.addStep(ReduceStep{ReduceAlg::Mean, sq, loss});
  plan.addStep(
      EltwiseStep{Activation::linear(2.0f / float(batch * outW)), diff, dpred});

  // Backward, updating each layer as soon as its gradients are complete (and
  // after its weights were last read) so gradient Temps die early.
  BufferId dh = dpred;
  for (size_t l = layers; l >= 1; --l) {
    int64_t in = o.widths[l - 1], out = o.widths[l];
    BufferId dz = dh;
    if (l != layers) {
      dz = plan.addBuffer(name("dz", l), batch, out);
      EltwiseBackwardStep bw;
      bw.fn = o.hidden;
      bw.from_dst = fromDst;
      bw.data = fromDst ? h[l] : z[l];
      bw.diff_dst = dh;
      bw.diff_src = dz;
      plan.addStep(bw);
    }
    BufferId dW = plan.addBuffer(name("dW", l), in, out);
    BufferId db = plan.addBuffer(name("db", l), 1, out);
    MatmulStep gw;
    gw.src = h[l - 1];
    gw.trans_src = true;
    gw.weights = dz;
    gw.dst = dW;
    plan.addStep(gw);
    plan.addStep(ReduceStep{ReduceAlg::Sum, dz, db});
    if (l > 1) {
      dh = plan.addBuffer(name("dh", l - 1), batch, in);
      MatmulStep gx;
      gx.src = dz;
      gx.weights = W[l];
      gx.trans_weights = true;
      gx.dst = dh;
      plan.addStep(gx);
    }
    plan.addStep(AdamStep{W[l], dW, plan.id(name("mW", l)),
                          plan.id(name("vW", l)), o.lr, o.beta1, o.beta2,
                          o.eps});
    plan.addStep(AdamStep{b[l], db, plan.id(name("mb", l)),
                          plan.id(name("vb", l)), o.lr, o.beta1, o.beta2,
                          o.eps});
  }
  return plan;
}

void initMlpParameters(Executor &exec, const MlpPlanOptions &o, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (size_t l = 1; l < o.widths.size(); ++l) {
    int64_t in = o.widths[l - 1], out = o.widths[l];
    float limit = float(std::sqrt(6.0 / double(in + out)));
    std::uniform_real_distribution<float> dist(-limit, limit);
    float *w = exec.data(name("W", l));
    for (int64_t i = 0; i < in * out; ++i)
      w[i] = dist(rng);
    float *bias = exec.data(name("b", l));
    for (int64_t j = 0; j < out; ++j)
      bias[j] = 0.0f;
  }
}

} // namespace ofex::exec
