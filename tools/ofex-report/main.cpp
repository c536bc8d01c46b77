//===- main.cpp - ofex-report: SVG charts of ofex-train runs --------------===//
//
//   ofex-report DIR [DIR...] [--out FILE_OR_DIR] [--theta-steps S1,S2,...]
//   ofex-report --aggregate PATH [PATH...] [--baseline METHOD] [--out DIR]
//
// Writes report-returns.svg (every run's evaluation return) into the first
// run directory's parent, and params.svg, units.svg, theta.svg into each run
// directory; --out DIR puts them all in DIR instead (per-run charts named
// NAME-params.svg ...), --out FILE.svg names the returns chart only.
// Prints the files written, one a line. Exit status: 0 success, 1 a file
// could not be written, 2 bad input, with one line on stderr naming it.
// Every input is read and checked before any file is written.
//
//===----------------------------------------------------------------------===//
#include "Aggregate.h"
#include "Plots.h"
#include "Run.h"
#include "ToolMain.h"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <map>

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace ofex::report;

namespace {

/// A file that could not be written: exit status 1.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<double> parseSteps(const std::string &text) {
  std::vector<double> steps;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma - start);
    if (item.empty() || item.size() > 15 ||
        item.find_first_not_of("0123456789") != std::string::npos)
      throw InputError("--theta-steps: expected steps like 1000,50000, got '" +
                       text + "'");
    steps.push_back(std::stod(item));
    if (comma == std::string::npos)
      return steps;
    start = comma + 1;
  }
}

/// Where the multi-run chart goes by default: the first run's parent.
fs::path parentOf(const fs::path &dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename())
    p = p.parent_path();
  if (p.filename() == "." || p.filename() == "..")
    p = fs::absolute(p).lexically_normal();
  if (!p.has_filename())
    p = p.parent_path();
  return p.parent_path(); // empty: the current directory
}

/// Writes through a temporary file and a rename: a chart is whole or absent.
void writeFile(const fs::path &path, const std::string &text) {
  fs::path tmp = path;
  tmp += ".tmp";
  std::ofstream out(tmp, std::ios::binary);
  out << text;
  out.close();
  std::error_code ec;
  if (out)
    fs::rename(tmp, path, ec);
  if (!out || ec) {
    fs::remove(tmp, ec);
    throw OutputError(path.string() + ": cannot write the file");
  }
  std::cout << path.string() << "\n";
}

int run(int argc, char **argv) {
  po::options_description desc(
      "ofex-report DIR [DIR...] [options]: SVG charts of ofex-train runs");
  desc.add_options()              //
      ("help", "print this help") //
      ("out", po::value<std::string>(),
       "a directory for all charts, or FILE.svg for the returns chart") //
      ("theta-steps", po::value<std::string>(),
       "steps of the theta histograms, e.g. 1000,50000 (default: the first, "
       "middle and last rows of theta.csv)") //
      ("aggregate", po::value<std::vector<std::string>>()->multitoken(),
       "statistics over seeds of the runs in PATH...: each a run directory "
       "or a sweep's (its runs/ or its subdirectories); aggregate.csv, "
       "aggregate.json and charts into the first PATH or --out") //
      ("baseline", po::value<std::string>(),
       "with --aggregate: the method scores are normalized by (e.g. sac)") //
      ("bootstrap-reps", po::value<int>()->default_value(2000),
       "with --aggregate: bootstrap resamples") //
      ("bootstrap-seed", po::value<unsigned long long>()->default_value(0),
       "with --aggregate: seed of the bootstrap");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("dir", -1);

  // Short options are off (so that "--rollout -3" reads -3 as a value),
  // but -h works as in every tool.
  if (ofex::tool::asksForShortHelp(argc, argv)) {
    std::cout << desc << "\n";
    return 0;
  }
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .style(po::command_line_style::unix_style ^
                         po::command_line_style::allow_short)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error &e) {
    throw InputError(ofex::tool::optionErrorMessage(e));
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (vm.count("aggregate")) {
    if (vm.count("dir"))
      throw InputError("--aggregate: give every path after it, e.g. "
                       "--aggregate runs/s0/prune-b runs/s1/prune-b");
    AggregateOptions ao;
    if (vm.count("baseline"))
      ao.baseline = vm["baseline"].as<std::string>();
    ao.reps = vm["bootstrap-reps"].as<int>();
    if (ao.reps < 1 || ao.reps > 1000000)
      throw InputError("--bootstrap-reps must be in [1, 1000000]");
    ao.seed = vm["bootstrap-seed"].as<unsigned long long>();
    std::vector<fs::path> paths;
    for (const std::string &p : vm["aggregate"].as<std::vector<std::string>>())
      paths.emplace_back(p);
    fs::path out =
        vm.count("out") ? fs::path(vm["out"].as<std::string>()) : paths.front();
    std::map<std::string, std::string> files = aggregateSweep(paths, ao);
    std::error_code ec;
    fs::create_directories(out, ec);
    if (!fs::is_directory(out, ec))
      throw OutputError(out.string() + ": cannot create the directory");
    for (const auto &[name, text] : files)
      writeFile(out / name, text);
    return 0;
  }
  if (!vm.count("dir"))
    throw InputError("no run directory given (see --help)");
  std::vector<double> thetaSteps;
  if (vm.count("theta-steps"))
    thetaSteps = parseSteps(vm["theta-steps"].as<std::string>());

  std::vector<fs::path> dirs;
  for (const std::string &d : vm["dir"].as<std::vector<std::string>>())
    dirs.emplace_back(d);
  std::vector<Run> runs = loadRuns(dirs);

  // Destinations: run dirs and the first run's parent, or --out.
  fs::path returnsFile = parentOf(dirs.front()) / "report-returns.svg";
  std::optional<fs::path> outDir;
  if (vm.count("out")) {
    fs::path out = vm["out"].as<std::string>();
    std::error_code ec;
    if (out.extension() == ".svg" && !fs::is_directory(out, ec)) {
      returnsFile = out;
    } else {
      fs::create_directories(out, ec);
      if (!fs::is_directory(out, ec))
        throw OutputError(out.string() + ": cannot create the directory");
      outDir = out;
      returnsFile = out / "report-returns.svg";
    }
  }
  std::map<std::string, int> nameUses;
  auto perRun = [&](const Run &r, const std::string &file) {
    if (!outDir)
      return r.dir / file;
    // Runs of the same name get -2, -3 ... after their name.
    std::string name = r.name;
    int &uses = nameUses[name + "/" + file];
    if (++uses > 1)
      name += "-" + std::to_string(uses);
    return *outDir / (name + "-" + file);
  };

  writeFile(returnsFile, returnsChart(runs));
  for (const Run &r : runs) {
    if (auto svg = paramsChart(r))
      writeFile(perRun(r, "params.svg"), *svg);
    if (auto svg = unitsChart(r))
      writeFile(perRun(r, "units.svg"), *svg);
    if (auto svg = thetaChart(r, thetaSteps))
      writeFile(perRun(r, "theta.svg"), *svg);
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return ofex::tool::runTool("ofex-report", [&] { return run(argc, argv); });
}
