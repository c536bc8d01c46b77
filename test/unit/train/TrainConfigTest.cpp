//===- TrainConfigTest.cpp - the options table's validation, INI, identity ===//
//
// TrainOptions.def declares each option once; validation, config.ini and
// the fingerprint are generated from it. These tests hold the generated code
// to what runs made before the table wrote (config.ini byte for byte: a
// fingerprint hashes it) and check that every option is validated under its
// own name and enters the fingerprint as declared.
//
//===----------------------------------------------------------------------===//

#include "ofex/train/TrainConfig.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

using namespace ofex::train;

namespace {

/// One option of TrainOptions.def, with setters for values to try.
struct OptionCase {
  std::string name;
  bool checked; ///< whether its check is anything but Any()
  Fp fp;
  /// Sets the option in `c` to the i-th of a few values (-1 when out of
  /// values): every check refuses at least one of them.
  std::function<bool(TrainConfig &, int)> setBad;
  /// Changes the option to another valid value.
  std::function<void(TrainConfig &)> change;
};

template <class T> bool setBadValue(T &field, int i) {
  if constexpr (std::is_same_v<T, std::string>) {
    const char *values[] = {"", "no-such-value", "a#b"};
    if (i >= 3)
      return false;
    field = values[i];
  } else if constexpr (std::is_same_v<T, bool> || std::is_unsigned_v<T>) {
    return false; // no value of these is refused
  } else {
    // Below every range (-1 alone is "the preset's"), and for doubles the
    // values that must never pass for numbers.
    const double values[] = {-1e9, -0.5, 1.5,
                             std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity()};
    const int n = std::is_floating_point_v<T> ? 5 : 2;
    if (i >= n)
      return false;
    field = static_cast<T>(values[i]);
  }
  return true;
}

template <class T> void changeValue(T &field) {
  if constexpr (std::is_same_v<T, std::string>)
    field = field.empty() ? "changed" : field + "x";
  else if constexpr (std::is_same_v<T, bool>)
    field = !field;
  else
    field = field + 1;
}

std::vector<OptionCase> allOptions() {
  std::vector<OptionCase> cases;
#define OFEX_TRAIN_OPTION(TYPE, FIELD, NAME, DEFAULT, INI, FP, CHECK, HELP)    \
  cases.push_back(                                                             \
      {NAME, std::string(#CHECK) != "Any()", FP,                               \
       [](TrainConfig &c, int i) { return setBadValue(c.FIELD, i); },          \
       [](TrainConfig &c) { changeValue(c.FIELD); }});
#include "ofex/train/TrainOptions.def"
  return cases;
}

TrainConfig validPruneRun() {
  TrainConfig c;
  c.env = "HalfCheetah";
  c.preset = "prune-b";
  c.out = "run";
  return c;
}

TEST(TrainConfig, EveryCheckedOptionIsRefusedUnderItsOwnName) {
  ASSERT_EQ(validate(validPruneRun()), "");
  for (const OptionCase &o : allOptions()) {
    SCOPED_TRACE(o.name);
    bool refused = false;
    for (int i = 0;; ++i) {
      TrainConfig c = validPruneRun();
      if (!o.setBad(c, i))
        break;
      const std::string error = validate(c);
      if (error.empty())
        continue;
      refused = true;
      // One line that starts with the option it is about.
      EXPECT_EQ(error.rfind("--" + o.name, 0), 0u) << error;
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
    EXPECT_EQ(refused, o.checked);
  }
}

TEST(TrainConfig, PresetDefaultsAndTheirSentinel) {
  TrainConfig c = validPruneRun();
  c.nuPi = -1; // "the preset's"
  c.thetaFreezeSteps = -1;
  c.rewardScale = -1;
  EXPECT_EQ(validate(c), "");
  c.nuPi = -3;
  EXPECT_EQ(validate(c), "--nu-pi must be finite and >= 0");
  c.nuPi = 0;
  c.thetaFreezeSteps = -2;
  EXPECT_EQ(validate(c), "--theta-freeze-steps must be >= 0");
}

TEST(TrainConfig, CrossOptionChecks) {
  TrainConfig c = validPruneRun();
  c.cost = "time";
  EXPECT_EQ(validate(c).rfind("--cost time needs --cost-table", 0), 0u);
  c.costTable = "table.csv";
  EXPECT_EQ(validate(c), "");
  c.preset = "ofe-big";
  EXPECT_EQ(validate(c).rfind("--cost: only the prune presets", 0), 0u);
  c = validPruneRun();
  c.norm = "batch";
  c.batch = 1;
  EXPECT_EQ(validate(c).rfind("--norm batch needs --batch >= 2", 0), 0u);
}

// config.ini as ofex-train wrote it before the options table (f886abd), for
// a resolved prune-b run and for one with every later option set: runs'
// fingerprints hash this text, so it must not move.
// A new prune run resolves to the measured defaults (docs/pruning.md) and
// writes them; a config.ini without them (written before they were the
// defaults) keeps them unset, and its nu are those of its version.
TEST(TrainConfig, PrunePresetDefaults) {
  for (auto [preset, scale] : {std::pair<const char *, double>{"prune-a", 0.5},
                               {"prune-b", 1.0},
                               {"prune-c", 2.0}}) {
    SCOPED_TRACE(preset);
    TrainConfig c = validPruneRun();
    c.preset = preset;
    TrainConfig now = resolveDefaults(c);
    EXPECT_DOUBLE_EQ(now.nuOfe, scale * 1e-6);
    EXPECT_DOUBLE_EQ(now.nuPi, scale * 2e-6);
    EXPECT_EQ(now.thetaRelax, 0.1);
    EXPECT_EQ(now.thetaMomentum, 0.99);
    const std::string ini = toIni(now);
    EXPECT_NE(ini.find("\ntheta-relax = 0.1\ntheta-momentum = 0.99\n"),
              std::string::npos);
    TrainConfig old = resolveDefaults(c, DefaultsOf::ConfigFile);
    EXPECT_DOUBLE_EQ(old.nuOfe, scale * 2e-7);
    EXPECT_DOUBLE_EQ(old.nuPi, scale * 1e-5);
    EXPECT_EQ(old.thetaRelax, -1);
    EXPECT_EQ(old.thetaMomentum, -1);
    EXPECT_EQ(toIni(old).find("theta-relax"), std::string::npos);
  }
  // Explicit values stay, 0 included (written: it is not the default).
  TrainConfig c = validPruneRun();
  c.thetaRelax = 0;
  c.thetaMomentum = 0.5;
  c.nuPi = 1e-5;
  TrainConfig now = resolveDefaults(c);
  EXPECT_EQ(now.thetaRelax, 0);
  EXPECT_EQ(now.thetaMomentum, 0.5);
  EXPECT_EQ(now.nuPi, 1e-5);
  EXPECT_NE(toIni(now).find("\ntheta-relax = 0\n"), std::string::npos);
  // Presets that do not prune leave them unset (and unwritten).
  c = validPruneRun();
  c.preset = "ofe-big";
  EXPECT_EQ(resolveDefaults(c).thetaRelax, -1);
  EXPECT_EQ(toIni(resolveDefaults(c)).find("theta-"), toIni(c).find("theta-"));
}

TEST(TrainConfig, IniTextOfEarlierVersions) {
  TrainConfig c = resolveDefaults(validPruneRun(), DefaultsOf::ConfigFile);
  EXPECT_EQ(toIni(c), "env = HalfCheetah\npreset = prune-b\nsteps = 1000000\n"
                      "seed = 0\neval-every = 5000\neval-episodes = 10\n"
                      "threads = 2\nwarmup = 10000\nofe-pretrain = 10000\n"
                      "batch = 256\nreplay-size = 1000000\n"
                      "checkpoint-every = 10000\nofe-layers = 0\n"
                      "ofe-units = 0\nhidden = 256\nnorm = layer\nlr = 3e-04\n"
                      "gamma = 0.99\ntau = 0.005\nnu-ofe = 2e-07\n"
                      "nu-pi = 1e-05\nnu-q = 0\nrho = 0.5\ntheta-lr = 0.3\n"
                      "theta-tol = 0.1\ntheta-freeze-steps = 200000\n"
                      "prune-every = 10000\ndeploy-gates = expect\n");
  c.thetaRelax = 0.1;
  c.thetaMomentum = 0.99;
  c.initFrom = "runs/ofe-big";
  c.sac = "v1";
  c.cost = "time";
  c.costTable = "t.csv";
  c.rewardScale = 5;
  c.seed = 18446744073709551615ull;
  const std::string ini = toIni(c);
  EXPECT_NE(ini.find("seed = 18446744073709551615\n"), std::string::npos);
  EXPECT_EQ(ini.substr(ini.find("deploy-gates")),
            "deploy-gates = expect\ntheta-relax = 0.1\ntheta-momentum = 0.99\n"
            "init-from = runs/ofe-big\nsac = v1\ncost = time\n"
            "cost-table = t.csv\nreward-scale = 5\n");
  // v2's resolved reward scale stays unwritten, as before the option.
  c.sac = "v2";
  c.rewardScale = 1;
  EXPECT_EQ(toIni(c).find("reward-scale"), std::string::npos);
}

TEST(TrainConfig, FingerprintTakesWhatEachOptionDeclares) {
  const TrainConfig base = [] {
    TrainConfig c = validPruneRun();
    c.cost = "time";
    c.costTable = "table.csv";
    return c;
  }();
  const std::string identity = toIni(fingerprintConfig(base));
  // A run is the same run whatever its length, directory and verbosity;
  // everything else makes another (a mistake here would continue runs
  // from checkpoints of other configurations).
  std::vector<std::string> cleared, copied;
  for (const OptionCase &o : allOptions()) {
    if (o.fp == Fp::Cleared)
      cleared.push_back(o.name);
    if (o.fp == Fp::Copied)
      copied.push_back(o.name);
  }
  EXPECT_EQ(cleared, (std::vector<std::string>{"steps", "out", "quiet"}));
  EXPECT_EQ(copied, (std::vector<std::string>{"cost-table"}));
  for (const OptionCase &o : allOptions()) {
    SCOPED_TRACE(o.name);
    TrainConfig c = base;
    o.change(c);
    const bool same = toIni(fingerprintConfig(c)) == identity;
    // A copied file's path may move; cleared options never count; every
    // other option (a changed value of one written only when changed
    // included) makes another run.
    EXPECT_EQ(same, o.fp != Fp::Kept);
  }
  TrainConfig unset = base;
  unset.cost = "params";
  unset.costTable.clear();
  EXPECT_NE(toIni(fingerprintConfig(unset)), identity);
}

} // namespace
