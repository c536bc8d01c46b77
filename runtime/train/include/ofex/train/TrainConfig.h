//===- TrainConfig.h - the options of a training run ------------*- C++ -*-===//
//
// What ofex-train's options set, checked and written as the run's
// config.ini. Kept apart from the trainer (no executor, no environments) so
// that option readers and their fuzz target link it alone.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_TRAINCONFIG_H
#define OFEX_TRAIN_TRAINCONFIG_H

#include "ofex/Presets/Presets.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ofex::train {

/// When config.ini holds an option (TrainOptions.def).
enum class Ini {
  Always,
  IfChanged,       ///< only when not the default
  UnlessV2Default, ///< --reward-scale: set, and not v2's 1
  Never,
};

/// How an option enters a run's fingerprint (TrainOptions.def).
enum class Fp {
  Kept,
  Cleared, ///< not part of the run's identity (its length, its directory)
  Copied,  ///< a file the checkpoint keeps a copy of: only whether it is set
};

/// The options of a run, as TrainOptions.def declares them.
struct TrainConfig {
#define OFEX_TRAIN_OPTION(TYPE, FIELD, NAME, DEFAULT, INI, FP, CHECK, HELP)    \
  TYPE FIELD = DEFAULT;
#include "ofex/train/TrainOptions.def"
};

/// A training preset (--preset): the agent's networks and, for the presets
/// that prune online, the factor on Prune-B's penalties (Prune-A and
/// Prune-C at half and twice).
struct TrainPreset {
  const char *name;
  const char *agent; ///< AgentOptions::preset: sac, ofe-small or ofe-big
  double nuScale;    ///< 0: no pruning
};

/// Every training preset, in the order --help lists them.
const std::vector<TrainPreset> &trainPresets();
/// The preset named `name`, or null.
const TrainPreset *lookupTrainPreset(const std::string &name);

/// Whether a preset prunes online.
bool isPrunePreset(const std::string &preset);

/// Checks a configuration; returns "" or one line naming the bad option.
std::string validate(const TrainConfig &config);

/// Whose defaults fill what a configuration leaves unset.
enum class DefaultsOf {
  /// This version's, as a new run writes them to config.ini.
  ThisVersion,
  /// What a run's config.ini meant when it was written: the prune presets'
  /// nu of the versions before nu was written (2e-7, 1e-5), and
  /// --theta-relax and --theta-momentum left unset (read as 0: they became
  /// the prune presets' 0.1 and 0.99 later, and are written since).
  ConfigFile,
};

/// The configuration with every default that derives from other options
/// made explicit (the reward scale, a prune preset's nu, rho, estimator and
/// theta momentum, the theta freeze as 20% of --steps), as a new run writes
/// it to config.ini: a resumed run with another --steps keeps its own.
TrainConfig resolveDefaults(TrainConfig config,
                            DefaultsOf defaults = DefaultsOf::ThisVersion);

/// Writes the options as an INI file ofex-train reads back (--config), in
/// TrainOptions.def's order.
std::string toIni(const TrainConfig &config);

/// The configuration as a run's identity sees it (TrainOptions.def's Fp):
/// two runs with the same toIni of it are the same model and method.
TrainConfig fingerprintConfig(TrainConfig config);

} // namespace ofex::train

#endif // OFEX_TRAIN_TRAINCONFIG_H
