//===- TrainConfig.cpp - the options of a training run --------------------===//

#include "ofex/train/TrainConfig.h"

#include "ofex/Analysis/Complexity.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace ofex::train {

bool isPrunePreset(const std::string &p) {
  return p == "prune-a" || p == "prune-b" || p == "prune-c";
}

std::string validate(const TrainConfig &c) {
  if (!lookupTask(c.env))
    return "--env: unknown task '" + c.env + "'";
  if (c.preset != "sac" && c.preset != "ofe-small" && c.preset != "ofe-big" &&
      !isPrunePreset(c.preset))
    return "--preset: unknown preset '" + c.preset +
           "'; expected sac, ofe-small, ofe-big, prune-a, prune-b or prune-c";
  if (c.steps <= 0)
    return "--steps must be positive";
  if (c.out.empty())
    return "--out: an output directory is required";
  if (c.evalEvery <= 0 || c.evalEpisodes <= 0)
    return "--eval-every and --eval-episodes must be positive";
  if (c.threads <= 0)
    return "--threads must be positive";
  if (c.warmup < 1 || c.ofePretrain < 0)
    return "--warmup must be >= 1 and --ofe-pretrain >= 0";
  if (c.batch <= 0 || c.replaySize <= 0 || c.checkpointEvery <= 0)
    return "--batch, --replay-size and --checkpoint-every must be positive";
  if (c.hidden <= 0 || c.ofeLayers < 0 || c.ofeUnits < 0)
    return "network sizes must be positive";
  if (c.norm != "none" && c.norm != "layer" && c.norm != "batch")
    return "--norm: expected none, layer or batch";
  // Batch norm normalises a batch of one with its running statistics; an
  // OFENet update of one row would have no variance to update them from.
  if (c.norm == "batch" && c.batch < 2)
    return "--norm batch needs --batch >= 2 (running variances come from "
           "the batch)";
  if (!(c.lr > 0) || !(c.gamma >= 0 && c.gamma <= 1) ||
      !(c.tau >= 0 && c.tau <= 1))
    return "--lr must be > 0, --gamma and --tau in [0, 1]";
  if (c.sac != "v1" && c.sac != "v2")
    return "--sac: expected v1 or v2, got '" + c.sac + "'";
  if (!(c.rewardScale == -1 ||
        (c.rewardScale > 0 && std::isfinite(c.rewardScale))))
    return "--reward-scale must be finite and > 0";
  if (!(c.thetaLr > 0) || !(c.thetaTol >= 0 && c.thetaTol < 1) ||
      c.pruneEvery <= 0)
    return "--theta-lr must be > 0, --theta-tol in [0, 1), --prune-every > 0";
  // -1 is "the preset's" (the option's default); anything else must be a
  // real coefficient, never a NaN or a negative that would pass for -1.
  auto coefficientOk = [](double v) {
    return v == -1 || (v >= 0 && std::isfinite(v));
  };
  if (!coefficientOk(c.nuOfe) || !coefficientOk(c.nuPi) ||
      !coefficientOk(c.nuQ))
    return "--nu-ofe, --nu-pi and --nu-q must be finite and >= 0";
  if (!(c.rho == -1 || (c.rho >= 0 && c.rho <= 1)))
    return "--rho must be in [0, 1]";
  if (!std::isfinite(c.thetaLr))
    return "--theta-lr must be finite";
  if (!(c.thetaRelax >= 0 && c.thetaRelax <= 1))
    return "--theta-relax must be in [0, 1]";
  if (!(c.thetaMomentum >= 0 && c.thetaMomentum < 1))
    return "--theta-momentum must be in [0, 1)";
  if (c.thetaFreezeSteps < -1)
    return "--theta-freeze-steps must be >= 0";
  if (!c.deployGates.empty() && c.deployGates != "expect" &&
      c.deployGates != "remove")
    return "--deploy-gates: expected expect or remove, got '" + c.deployGates +
           "'";
  if (!parseCostKind(c.cost))
    return "--cost: expected params, flops or time, got '" + c.cost + "'";
  if (c.cost != "params" && !isPrunePreset(c.preset))
    return "--cost: only the prune presets have penalties (preset '" +
           c.preset + "')";
  if ((c.cost == "time") != !c.costTable.empty())
    return c.cost == "time" ? "--cost time needs --cost-table (a CSV from "
                              "ofex-bench --update --cost-table)"
                            : "--cost-table needs --cost time";
  // config.ini keeps paths as INI values, which cannot carry a '#' (a
  // comment), a line break or spaces around them.
  for (const auto &[option, path] : {std::pair{"--init-from", &c.initFrom},
                                     std::pair{"--cost-table", &c.costTable}})
    if (!path->empty() &&
        (path->find_first_of("#\r\n") != std::string::npos ||
         std::isspace(static_cast<unsigned char>(path->front())) ||
         std::isspace(static_cast<unsigned char>(path->back()))))
      return std::string(option) +
             ": a path with '#', a line break or surrounding spaces cannot be "
             "kept in config.ini";
  return "";
}

TrainConfig resolveDefaults(TrainConfig c) {
  // The OFENet reference code's reward scales (SAC v1): 5, and 20 for
  // Humanoid.
  if (c.rewardScale < 0) {
    const bool humanoid =
        lookupTask(c.env) && lookupTask(c.env)->name == "Humanoid";
    c.rewardScale = c.sac == "v1" ? (humanoid ? 20.0 : 5.0) : 1.0;
  }
  if (!isPrunePreset(c.preset))
    return c;
  const double scale = c.preset == "prune-a"   ? 0.5
                       : c.preset == "prune-b" ? 1.0
                                               : 2.0;
  if (c.nuOfe < 0)
    c.nuOfe = scale * 2e-7;
  if (c.nuPi < 0)
    c.nuPi = scale * 1e-5;
  if (c.nuQ < 0)
    c.nuQ = 0.0;
  if (c.rho < 0)
    c.rho = 0.5;
  // Fixed at the start: a resumed run with more --steps keeps its freeze.
  if (c.thetaFreezeSteps < 0)
    c.thetaFreezeSteps = c.steps / 5;
  if (c.deployGates.empty())
    c.deployGates = "expect";
  return c;
}

/// The shortest text that reads back as `v` (2e-07, not
/// 1.9999999999999999e-07): config.ini shows the values as they were given.
static std::string shortest(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string toIni(const TrainConfig &c) {
  std::ostringstream s;
  s << "env = " << c.env << "\npreset = " << c.preset << "\nsteps = " << c.steps
    << "\nseed = " << c.seed << "\neval-every = " << c.evalEvery
    << "\neval-episodes = " << c.evalEpisodes << "\nthreads = " << c.threads
    << "\nwarmup = " << c.warmup << "\nofe-pretrain = " << c.ofePretrain
    << "\nbatch = " << c.batch << "\nreplay-size = " << c.replaySize
    << "\ncheckpoint-every = " << c.checkpointEvery
    << "\nofe-layers = " << c.ofeLayers << "\nofe-units = " << c.ofeUnits
    << "\nhidden = " << c.hidden << "\nnorm = " << c.norm
    << "\nlr = " << shortest(c.lr) << "\ngamma = " << shortest(c.gamma)
    << "\ntau = " << shortest(c.tau) << "\nnu-ofe = " << shortest(c.nuOfe)
    << "\nnu-pi = " << shortest(c.nuPi) << "\nnu-q = " << shortest(c.nuQ)
    << "\nrho = " << shortest(c.rho) << "\ntheta-lr = " << shortest(c.thetaLr)
    << "\ntheta-tol = " << shortest(c.thetaTol)
    << "\ntheta-freeze-steps = " << c.thetaFreezeSteps
    << "\nprune-every = " << c.pruneEvery << "\n";
  // Only when set: runs of older versions keep their fingerprints.
  if (!c.deployGates.empty())
    s << "deploy-gates = " << c.deployGates << "\n";
  if (c.thetaRelax > 0)
    s << "theta-relax = " << shortest(c.thetaRelax) << "\n";
  if (c.thetaMomentum > 0)
    s << "theta-momentum = " << shortest(c.thetaMomentum) << "\n";
  if (!c.initFrom.empty())
    s << "init-from = " << c.initFrom << "\n";
  if (c.sac != "v2")
    s << "sac = " << c.sac << "\n";
  if (c.cost != "params")
    s << "cost = " << c.cost << "\n";
  if (!c.costTable.empty())
    s << "cost-table = " << c.costTable << "\n";
  // v2's scale 1 (or unresolved) stays unwritten for the same reason; v1's
  // is always written (its default is not 1).
  if (c.rewardScale != -1 && (c.rewardScale != 1 || c.sac != "v2"))
    s << "reward-scale = " << shortest(c.rewardScale) << "\n";
  return s.str();
}

} // namespace ofex::train
