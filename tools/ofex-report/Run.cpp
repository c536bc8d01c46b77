//===- Run.cpp - One training run directory, read and checked -------------===//
#include "Run.h"

#include <algorithm>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace ofex::report {

std::map<std::string, std::string> readConfig(const fs::path &path) {
  std::map<std::string, std::string> config;
  std::ifstream in(path);
  std::string line;
  auto trim = [](const std::string &s) {
    std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos)
      return std::string();
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
  };
  while (std::getline(in, line)) {
    std::size_t eq = line.find('=');
    std::string key = trim(line.substr(0, eq));
    if (eq == std::string::npos || key.empty() || key[0] == '#' ||
        key[0] == ';')
      continue;
    config[key] = trim(line.substr(eq + 1));
  }
  return config;
}

namespace {

/// The directory's own name, also for "runs/a/" and ".".
std::string dirName(const fs::path &dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename())
    p = p.parent_path();
  if (p.filename() == "." || p.filename() == ".." || p.empty()) {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(dir), ec);
    if (!ec && !abs.filename().empty())
      return abs.filename().string();
  }
  return p.filename().string();
}

} // namespace

Run loadRun(const fs::path &dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(dir.string() + ": not a directory");
  if (!fs::exists(dir / "eval.csv", ec))
    throw InputError(dir.string() +
                     ": no eval.csv; not an ofex-train run directory");
  Run run;
  run.dir = dir;
  run.name = dirName(dir);
  run.eval = readCsv(dir / "eval.csv", {"step", "mean_return", "std_return"});
  run.progress =
      readOptionalCsv(dir / "progress.csv",
                      {"step", "deploy_params", "train_params", "dR", "tR"});
  run.units = readOptionalCsv(dir / "units.csv", {"step"});
  std::vector<std::string> bins = {"step"};
  for (int i = 0; i < 10; ++i)
    bins.push_back("theta_" + std::to_string(i));
  run.theta = readOptionalCsv(dir / "theta.csv", bins);

  std::map<std::string, std::string> config = readConfig(dir / "config.ini");
  run.label = run.name;
  if (config.count("preset")) {
    run.label = config["preset"];
    if (config.count("seed"))
      run.label += " seed " + config["seed"];
  }
  if (config.count("env"))
    run.env = config["env"];
  return run;
}

std::vector<Run> loadRuns(const std::vector<fs::path> &dirs) {
  std::vector<Run> runs;
  for (const fs::path &dir : dirs) {
    Run run = loadRun(dir);
    // The same directory twice (say "a" and "./a/") is one run.
    std::error_code ec;
    if (std::none_of(runs.begin(), runs.end(), [&](const Run &r) {
          return fs::equivalent(r.dir, run.dir, ec);
        }))
      runs.push_back(std::move(run));
  }
  std::map<std::string, int> uses;
  for (const Run &run : runs)
    ++uses[run.label];
  for (Run &run : runs)
    if (uses[run.label] > 1 && run.label != run.name)
      run.label += " (" + run.name + ")";
  return runs;
}

} // namespace ofex::report
