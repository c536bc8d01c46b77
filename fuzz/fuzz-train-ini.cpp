//===- fuzz-train-ini.cpp - ofex-train's INI reader on hostile text -------===//
//
// A run's config.ini (and --config FILE) is read by the code ofex-train
// uses. Text either is refused with a UsageError naming the file or gives a
// configuration; a valid one, written back with toIni as a run writes its
// config.ini, must read back to the same configuration: what --resume
// relies on.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ToolMain.h"
#include "TrainOptions.h"

#include <sstream>
#include <string>

using ofex::train::TrainConfig;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::istringstream in(
      std::string(reinterpret_cast<const char *>(data), size));
  TrainConfig config;
  try {
    config = ofex::tool::readTrainConfig(in, "fuzz.ini");
  } catch (const ofex::tool::UsageError &e) {
    ofex::fuzz::require(std::string(e.what()).rfind("fuzz.ini: ", 0) == 0 ||
                            std::string(e.what()).rfind("--seed", 0) == 0,
                        "a refused INI file is named in the error");
    return 0;
  }
  if (config.out.empty())
    config.out = "run";
  if (!ofex::train::validate(config).empty())
    return 0;
  const std::string ini =
      ofex::train::toIni(ofex::train::resolveDefaults(config));
  std::istringstream again(ini);
  TrainConfig reread;
  try {
    reread = ofex::tool::readTrainConfig(again, "config.ini");
  } catch (const ofex::tool::UsageError &) {
    ofex::fuzz::require(false, "config.ini written by toIni reads back");
  }
  reread.out = config.out;
  ofex::fuzz::require(ofex::train::validate(reread).empty(),
                      "config.ini written by toIni validates");
  ofex::fuzz::require(
      ofex::train::toIni(ofex::train::resolveDefaults(reread)) == ini,
      "config.ini written by toIni reads back to the same configuration");
  return 0;
}
