//===- TrainOptions.h - ofex-train's options and its INI reader -*- C++ -*-===//
//
// Each option of a training run declared once, for the command line and for
// the INI files (--config FILE, a run's config.ini) alike.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_TOOLS_OFEX_TRAIN_TRAINOPTIONS_H
#define OFEX_TOOLS_OFEX_TRAIN_TRAINOPTIONS_H

#include "ofex/train/TrainConfig.h"

#include <boost/program_options.hpp>

#include <cstdint>
#include <istream>
#include <string>

namespace ofex::tool {

/// The options of a run, each storing into `config` on notify().
boost::program_options::options_description
trainOptions(train::TrainConfig &config);

/// A decimal seed in [0, 2^64-1] ("-1" is not 2^64-1); throws UsageError.
uint64_t parseSeed(const std::string &text);

/// Adds the "name = value" lines of `in` to `vm` (values already in `vm`,
/// e.g. from the command line, win). Throws UsageError "<file>: <problem>".
void storeConfigFile(std::istream &in, const std::string &file,
                     const boost::program_options::options_description &opts,
                     boost::program_options::variables_map &vm);

/// The configuration an INI text alone gives, every other option at its
/// default; throws UsageError naming `file`.
train::TrainConfig readTrainConfig(std::istream &in, const std::string &file);

} // namespace ofex::tool

#endif // OFEX_TOOLS_OFEX_TRAIN_TRAINOPTIONS_H
