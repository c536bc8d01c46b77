//===- TrainOptions.cpp - ofex-train's options and its INI reader ---------===//

#include "TrainOptions.h"
#include "ToolMain.h"

#include "ofex/Presets/Presets.h"

#include <cerrno>
#include <cstdlib>

namespace po = boost::program_options;
using ofex::train::TrainConfig;

namespace ofex::tool {

po::options_description trainOptions(TrainConfig &c) {
  po::options_description d("ofex-train options");
  d.add_options()("env", po::value(&c.env), "task: HalfCheetah, Hopper, ...")(
      "preset", po::value(&c.preset)->default_value("sac"),
      "sac | ofe-small (OFENet reference) | ofe-big (8 x 128 per branch) | "
      "prune-a | prune-b | prune-c")(
      "steps", po::value(&c.steps)->default_value(1000000),
      "environment steps")("seed", po::value<std::string>()->default_value("0"),
                           "random seed (0 to 2^64-1)")(
      "out", po::value(&c.out), "output directory")(
      "eval-every", po::value(&c.evalEvery)->default_value(5000),
      "steps between evaluations")(
      "eval-episodes", po::value(&c.evalEpisodes)->default_value(10),
      "episodes per evaluation")(
      "threads", po::value(&c.threads),
      "oneDNN threads (default: SLURM_CPUS_PER_TASK in a Slurm job, else 2, or "
      "1 when another process keeps a CPU busy at the start; recorded in "
      "config.ini and kept by a continued run; at most the CPUs this process "
      "may use)")("warmup", po::value(&c.warmup)->default_value(10000),
                  "random-action steps before learning")(
      "ofe-pretrain", po::value(&c.ofePretrain)->default_value(10000),
      "OFENet pretraining iterations after the warm-up")(
      "batch", po::value(&c.batch)->default_value(256), "batch size")(
      "replay-size", po::value(&c.replaySize)->default_value(1000000),
      "replay capacity")("checkpoint-every",
                         po::value(&c.checkpointEvery)->default_value(10000),
                         "steps between checkpoints")(
      "ofe-layers", po::value(&c.ofeLayers)->default_value(0),
      "OFENet layers per branch (0: the preset's)")(
      "ofe-units", po::value(&c.ofeUnits)->default_value(0),
      "OFENet units per layer (0: the preset's)")(
      "hidden", po::value(&c.hidden)->default_value(256), "SAC hidden width")(
      "norm", po::value(&c.norm)->default_value(ofex::kDefaultNorm),
      "OFENet normalization: layer, batch (running statistics for acting "
      "and for the features the agent reads) or none")(
      "lr", po::value(&c.lr)->default_value(3e-4, "3e-4"),
      "Adam learning rate")(
      "gamma", po::value(&c.gamma)->default_value(0.99, "0.99"), "discount")(
      "tau", po::value(&c.tau)->default_value(0.005, "0.005"), "Polyak rate")(
      "sac", po::value(&c.sac)->default_value("v2"),
      "SAC variant: v2 (twin critics with targets, learned temperature) or "
      "v1 (the original, as the OFENet reference code: a state-value "
      "network with a target, temperature 1, scaled rewards)")(
      "reward-scale", po::value(&c.rewardScale)->default_value(-1),
      "factor on rewards in the critics' targets (default: v1 5, 20 for "
      "Humanoid; v2 1); returns are reported unscaled")(
      "quiet", po::bool_switch(&c.quiet), "no progress line")(
      "nu-ofe", po::value(&c.nuOfe)->default_value(-1),
      "nu of OFENet gates (prune presets; default 0.5x/1x/2x of 2e-7)")(
      "nu-pi", po::value(&c.nuPi)->default_value(-1),
      "nu of policy gates (default 0.5x/1x/2x of 1e-5)")(
      "nu-q", po::value(&c.nuQ)->default_value(-1),
      "nu of critic gates (default 0)")(
      "rho", po::value(&c.rho)->default_value(-1),
      "weight of the learning-only cost (default 0.5)")(
      "theta-lr", po::value(&c.thetaLr)->default_value(0.3, "0.3"),
      "step size of the theta update (1 lets gradient noise kill units; 0.1 "
      "prunes OFENet units too slowly for runs of ~20k theta steps)")(
      "theta-relax", po::value(&c.thetaRelax)->default_value(0.0, "0"),
      "the theta gradient's estimator: 0 straight-through (dL/dxi at every "
      "Bernoulli draw); q in (0, 1] relaxed (each gate drawn uniform in "
      "(0, 1) with probability q, and those draws alone move theta, by "
      "dL/dxi / q: on average L(xi=1) - L(xi=0), the exact gradient)")(
      "theta-momentum", po::value(&c.thetaMomentum)->default_value(0.0, "0"),
      "b in [0, 1): theta follows the running average m = b m + (1 - b) "
      "(g + c) of its signal instead of each step's (a noisy estimator, "
      "e.g. --theta-relax, then cannot kill a unit in one step); 0: off")(
      "theta-tol", po::value(&c.thetaTol)->default_value(0.1, "0.1"),
      "theta below which a unit is pruned")(
      "theta-freeze-steps", po::value(&c.thetaFreezeSteps)->default_value(-1),
      "steps before theta learns (default 20% of --steps)")(
      "prune-every", po::value(&c.pruneEvery)->default_value(10000),
      "steps between dead-unit eliminations")(
      "cost", po::value(&c.cost)->default_value("params"),
      "prune presets: what a unit's penalty charges for: params (the "
      "method's), flops (per sample) or time (its measured share of the "
      "update, --cost-table); flops and time in parameter-equivalents, so "
      "nu keeps its meaning")(
      "cost-table", po::value(&c.costTable),
      "--cost time: the layers' update times, a CSV from ofex-bench --update "
      "--cost-table (the run keeps a copy)")(
      "deploy-gates", po::value(&c.deployGates),
      "prune presets: the shipped policy's gates at their expectation, "
      "xi = theta (expect, the default), or removed with survivors at xi = 1 "
      "(remove); eval-gates.csv evaluates both")(
      "init-from", po::value(&c.initFrom),
      "warm start from the checkpoint of the run in this directory (same "
      "task and architecture, e.g. prune a trained ofe-big run)");
  return d;
}

/// A decimal seed in [0, 2^64-1]; "-1" is not 2^64-1.
uint64_t parseSeed(const std::string &text) {
  bool ok = !text.empty() &&
            text.find_first_not_of("0123456789") == std::string::npos;
  uint64_t value = 0;
  if (ok) {
    errno = 0;
    char *end = nullptr;
    value = std::strtoull(text.c_str(), &end, 10);
    ok = errno == 0 && *end == '\0';
  }
  if (!ok)
    throw UsageError("--seed must be an integer in [0, 18446744073709551615], "
                     "got '" +
                     text + "'");
  return value;
}

void storeConfigFile(std::istream &in, const std::string &file,
                     const po::options_description &opts,
                     po::variables_map &vm) {
  try {
    po::store(po::parse_config_file(in, opts), vm);
  } catch (const po::error &e) {
    throw UsageError(file + ": " + optionErrorMessage(e));
  }
}

TrainConfig readTrainConfig(std::istream &in, const std::string &file) {
  TrainConfig c;
  po::options_description opts = trainOptions(c);
  po::variables_map vm;
  storeConfigFile(in, file, opts, vm);
  try {
    po::notify(vm);
  } catch (const po::error &e) {
    throw UsageError(file + ": " + optionErrorMessage(e));
  }
  c.seed = parseSeed(vm["seed"].as<std::string>());
  return c;
}

} // namespace ofex::tool
