//===- SacLearner.cpp - the SAC update on compiled networks ---------------===//

#include "ofex/train/SacLearner.h"

#include "ofex/exec/Threads.h"
#include "ofex/rl/SacMath.h"
#include "ofex/rl/TanhGaussian.h"

#include <algorithm>

namespace ofex::train {

namespace {
void bind(rt::CompiledFunction &f, const char *arg, const float *p) {
  f.bindArg(arg, const_cast<float *>(p));
}
} // namespace

SacLearner::SacLearner(const SacLearnerOptions &options)
    : opts(options), temp(1.0f, rl::defaultTargetEntropy(options.actDim),
                          rl::AdamConfig{float(options.lr)}) {
  size_t B = opts.batch, A = opts.actDim;
  for (auto *v : {&noise, &mean, &logStd, &action, &dMean, &dLogStd})
    v->assign(B * A, 0.0f);
  for (auto *v : {&logProb, &qMin, &y, &reward, &zeros})
    v->assign(B, 0.0f);
  ones.assign(B, 1.0f);
}

void SacLearner::initTargets(rt::StateStore &state) {
  for (const auto &[name, v] : state.all())
    if (v1() ? name.rfind("v.", 0) == 0
             : name.rfind("q1.", 0) == 0 || name.rfind("q2.", 0) == 0)
      targetParams.push_back(name);
  for (const std::string &name : targetParams)
    state.set("target:" + name, state.at(name));
}

void SacLearner::dropMissingTargets(const rt::StateStore &state) {
  targetParams.erase(
      std::remove_if(targetParams.begin(), targetParams.end(),
                     [&](const std::string &p) { return !state.has(p); }),
      targetParams.end());
}

void SacLearner::drawNoise(std::mt19937_64 &rng) {
  for (float &e : noise)
    e = normal(rng);
}

SacLearner::Features SacLearner::features(CompiledNetworks &nets,
                                          const Batch &b) {
  if (!opts.ofe)
    return {b.obs, nullptr, b.nextObs};
  rt::CompiledFunction &feat = nets.features(), &zo = nets.nextFeatures();
  bind(feat, "input:0", b.obs);
  bind(feat, "input:1", b.act);
  bind(zo, "input:0", b.nextObs);
  exec::runSideBySide([&] { feat.run(); }, [&] { zo.run(); });
  return {feat.result("output:0"), feat.result("output:1"),
          zo.result("output:0")};
}

void SacLearner::valueNetworkTargets(CompiledNetworks &nets, const Features &z,
                                     const float *r, const Batch &b) {
  rt::CompiledFunction &vt = nets.vTarget();
  bind(vt, "input:0", z.zONext);
  vt.run();
  rl::valueBellmanTargets(opts.batch, r, b.terminated, vt.result("output:0"),
                          opts.gamma, y.data());
}

void SacLearner::targetCriticTargets(CompiledNetworks &nets, const Features &z,
                                     const float *r, const Batch &b,
                                     float alpha, std::mt19937_64 &rng) {
  rt::CompiledFunction &pi = nets.piForward();
  bind(pi, "input:0", z.zONext);
  pi.run();
  drawNoise(rng);
  rl::tanhGaussianSample({size_t(opts.batch), size_t(opts.actDim)},
                         pi.result("output:0"), pi.result("output:1"),
                         noise.data(), action.data(), logProb.data());
  rt::CompiledFunction &q1t = nets.q1Target(), &q2t = nets.q2Target();
  const float *zOANext = nullptr; // z_oa(o', a'), computed once for both
  if (opts.ofe) {
    rt::CompiledFunction &zoa = nets.nextPairFeatures();
    bind(zoa, "input:0", z.zONext);
    bind(zoa, "input:1", action.data());
    zoa.run();
    zOANext = zoa.result("output:0");
  }
  for (rt::CompiledFunction *q : {&q1t, &q2t}) {
    if (opts.ofe) {
      bind(*q, "input:0", zOANext);
    } else {
      bind(*q, "input:0", b.nextObs);
      bind(*q, "input:1", action.data());
    }
  }
  exec::runSideBySide([&] { q1t.run(); }, [&] { q2t.run(); });
  rl::bellmanTargets(opts.batch, r, b.terminated, q1t.result("output:0"),
                     q2t.result("output:0"), logProb.data(), opts.gamma, alpha,
                     y.data());
}

void SacLearner::updateCritics(CompiledNetworks &nets, const Features &z,
                               const Batch &b, SacLosses &out) {
  rt::CompiledFunction &q1 = nets.q1Step(), &q2 = nets.q2Step();
  for (rt::CompiledFunction *q : {&q1, &q2}) {
    if (opts.ofe) {
      bind(*q, "input:0", z.zOA);
    } else {
      bind(*q, "input:0", b.obs);
      bind(*q, "input:1", b.act);
    }
    bind(*q, "target", y.data());
  }
  exec::runSideBySide([&] { q1.run(); }, [&] { q2.run(); });
  out.q1 = *q1.result("loss");
  out.q2 = *q2.result("loss");
}

void SacLearner::updatePolicy(CompiledNetworks &nets, const Features &z,
                              float alpha, std::mt19937_64 &rng,
                              SacLosses &out) {
  // Q is min(Q1, Q2) in v2, Q1 in v1. The critics have taken this step's
  // update already (as in SB3 and CleanRL; the reference code computes
  // every loss first).
  const size_t B = opts.batch, A = opts.actDim;
  rt::CompiledFunction &piFwd = nets.piSaved();
  bind(piFwd, "input:0", z.zO);
  piFwd.run();
  std::copy_n(piFwd.result("output:0"), B * A, mean.begin());
  std::copy_n(piFwd.result("output:1"), B * A, logStd.begin());
  drawNoise(rng);
  rl::tanhGaussianSample({B, A}, mean.data(), logStd.data(), noise.data(),
                         action.data(), logProb.data());
  // One run gives the critics' values and the gradient in a (v2: the
  // chain's ofex.min routes each row's cotangent to the smaller critic).
  rt::CompiledFunction &qaGrad = nets.qaGrad();
  bind(qaGrad, "input:0", z.zO);
  bind(qaGrad, "input:1", action.data());
  bind(qaGrad, "cotangent:0", ones.data());
  if (v1())
    bind(qaGrad, "cotangent:1", zeros.data());
  qaGrad.run();
  std::copy_n(qaGrad.result("output:0"), B, qMin.begin());
  out.pi = rl::policyLoss(B, logProb.data(), qMin.data(), alpha);
  rl::policyLossBackward({B, A}, mean.data(), logStd.data(), noise.data(),
                         qaGrad.result("d:input:1"), alpha, dMean.data(),
                         dLogStd.data());
  rt::CompiledFunction &piStep = nets.piStep();
  bind(piStep, "input:0", z.zO);
  bind(piStep, "cotangent:0", dMean.data());
  bind(piStep, "cotangent:1", dLogStd.data());
  piStep.run();
}

void SacLearner::updateValueNetwork(CompiledNetworks &nets, const Features &z,
                                    float alpha, SacLosses &out) {
  // V(z_o) towards min(Q1, Q2) - log pi at the policy update's fresh action.
  rt::CompiledFunction &qaGrad = nets.qaGrad();
  rl::softValueTargets(opts.batch, qaGrad.result("output:0"),
                       qaGrad.result("output:1"), logProb.data(), alpha,
                       y.data());
  rt::CompiledFunction &v = nets.vStep();
  bind(v, "input:0", z.zO);
  bind(v, "target", y.data());
  v.run();
  out.v = *v.result("loss");
}

SacLosses SacLearner::update(CompiledNetworks &nets, rt::StateStore &state,
                             const Batch &b, std::mt19937_64 &rng) {
  normal.reset();
  SacLosses out;
  // v1 runs at temperature 1 (its rewards carry the scale instead).
  const float alpha = v1() ? 1.0f : temp.alpha();
  const float *r = b.reward;
  if (opts.rewardScale != 1.0) {
    rl::scaleRewards(opts.batch, b.reward, float(opts.rewardScale),
                     reward.data());
    r = reward.data();
  }
  const Features z = features(nets, b);
  if (v1())
    valueNetworkTargets(nets, z, r, b);
  else
    targetCriticTargets(nets, z, r, b, alpha, rng);
  updateCritics(nets, z, b, out);
  updatePolicy(nets, z, alpha, rng, out);
  if (v1()) {
    updateValueNetwork(nets, z, alpha, out);
    out.alphaValue = alpha;
  } else {
    out.alpha = temp.update(opts.batch, logProb.data());
    out.alphaValue = temp.alpha();
  }
  double entropy = 0;
  for (float lp : logProb)
    entropy -= lp / opts.batch;
  out.entropy = entropy;
  for (const std::string &p : targetParams) {
    std::vector<float> &online = state.at(p);
    rl::polyakUpdate(online.size(), online.data(), opts.tau,
                     state.at("target:" + p).data());
  }
  return out;
}

void SacLearner::save(io::Checkpoint &ck) const {
  ck.setFloats("temp.log_alpha", std::vector<float>{temp.logAlpha()});
  ck.setUInt("temp.adam.steps", temp.optimizer().steps());
  ck.setFloats("temp.adam.m", temp.optimizer().firstMoment());
  ck.setFloats("temp.adam.v", temp.optimizer().secondMoment());
}

void SacLearner::restore(const io::Checkpoint &ck, Restore) {
  temp.setLogAlpha(ck.floats("temp.log_alpha")[0]);
  temp.optimizer().restore(ck.getUInt("temp.adam.steps"),
                           ck.floats("temp.adam.m"), ck.floats("temp.adam.v"));
}

} // namespace ofex::train
