//===- Run.h - One training run directory, read and checked ---------------===//
#ifndef OFEX_REPORT_RUN_H
#define OFEX_REPORT_RUN_H

#include "Csv.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ofex::report {

/// The files of one ofex-train run directory that the report plots.
struct Run {
  std::filesystem::path dir;
  std::string name;  ///< the directory's own name
  std::string label; ///< legend label: "preset seed N", else the name
  std::string env;   ///< the task from config.ini, if any
  Table eval;        ///< eval.csv, required
  std::optional<Table> progress, units, theta;
};

/// Reads and checks the run in `dir`; throws InputError on bad input.
/// Missing progress.csv, units.csv, theta.csv and config.ini are allowed.
Run loadRun(const std::filesystem::path &dir);

/// config.ini as key -> value; lines without '=' and comments are ignored
/// (an absent file gives an empty map).
std::map<std::string, std::string>
readConfig(const std::filesystem::path &path);

/// Loads every directory (a directory named twice once), then makes equal
/// labels distinct by adding the directory name.
std::vector<Run> loadRuns(const std::vector<std::filesystem::path> &dirs);

} // namespace ofex::report

#endif // OFEX_REPORT_RUN_H
