//===- TrainOptions.cpp - ofex-train's options and its INI reader ---------===//

#include "TrainOptions.h"
#include "ToolMain.h"

#include "ofex/Presets/Presets.h"

#include <cerrno>
#include <cstdlib>
#include <type_traits>

namespace po = boost::program_options;
using ofex::train::TrainConfig;

namespace ofex::tool {

namespace {
/// How --help shows an option's value: "arg (=DEFAULT)", as Boost shows a
/// default (the same form as the other tools' help), or plain "arg" when
/// there is none or the help text explains it.
template <class T>
std::string valueName(const T &value, const char *spelled,
                      const std::string &help) {
  std::string shown;
  if constexpr (std::is_same_v<T, std::string>)
    shown = value; // by value: kDefaultNorm shows as "layer"
  else
    shown = spelled; // as spelled: 3e-4, not 0.00029999999999999997
  if (shown.empty() || help.find("default") != std::string::npos)
    return "arg";
  return "arg (=" + shown + ")";
}

// The Boost value of an option. None has a Boost default: the field holds
// its default already, and the variables map then tells what was given
// (without --threads a continued run keeps its own count).
template <class T>
po::value_semantic *valueOf(T &field, const std::string &name) {
  return po::value(&field)->value_name(name);
}
po::value_semantic *valueOf(bool &field, const std::string &) {
  return po::bool_switch(&field);
}
po::value_semantic *valueOf(uint64_t &seed, const std::string &name) {
  return po::value<std::string>()
      ->notifier([&seed](const std::string &text) { seed = parseSeed(text); })
      ->value_name(name);
}
} // namespace

po::options_description trainOptions(TrainConfig &c) {
  po::options_description d("ofex-train options");
  const TrainConfig defaults;
#define OFEX_TRAIN_OPTION(TYPE, FIELD, NAME, DEFAULT, INI, FP, CHECK, HELP)    \
  d.add_options()(NAME,                                                        \
                  valueOf(c.FIELD, valueName(defaults.FIELD, #DEFAULT, HELP)), \
                  HELP);
#include "ofex/train/TrainOptions.def"
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
  return c;
}

} // namespace ofex::tool
