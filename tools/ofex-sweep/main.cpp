//===- main.cpp - ofex-sweep: seeds x tasks x presets, on Slurm or here ---===//
//
//   ofex-sweep plan SWEEP.ini --dir DIR   manifest.tsv + sweep.sbatch in DIR
//   ofex-sweep local DIR [--jobs K]       K rows at a time on this machine
//   ofex-sweep status DIR                 each row: done, running, stopped,
//                                         failed or pending
//   ofex-sweep run DIR --row N            row N (what array task N runs)
//
// Submit with `sbatch DIR/sweep.sbatch`. Planning again, running again and
// requeueing are safe: a row's ofex-train continues its own run directory
// and a finished one exits at once. Exit status: 0, 1 failure (for local:
// a row did not finish), 2 bad input.
//
//===----------------------------------------------------------------------===//
#include "Runner.h"
#include "Sweep.h"
#include "ToolMain.h"
#include "ofex/exec/Threads.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace ofex::sweep;
using ofex::tool::UsageError;

namespace {

const char *kUsage =
    "usage: ofex-sweep plan SWEEP.ini --dir DIR [--ofex-train PATH]\n"
    "       ofex-sweep local DIR [--jobs K]\n"
    "       ofex-sweep status DIR\n"
    "       ofex-sweep run DIR --row N\n";

std::string selfDir() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? fs::path(std::string(buf, n)).parent_path().string() : ".";
}

std::string absolute(const std::string &p) {
  return fs::absolute(p).lexically_normal().string();
}

int run(int argc, char **argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" ||
      std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  std::string target, dir, trainPath;
  int jobs = 0, row = -1;
  po::options_description opts("ofex-sweep options");
  opts.add_options()("target", po::value(&target), "sweep file or directory")(
      "dir", po::value(&dir), "plan: the sweep directory")(
      "ofex-train", po::value(&trainPath),
      "plan: the ofex-train to run (default: the one beside ofex-sweep)")(
      "jobs", po::value(&jobs), "local: rows at a time")("row", po::value(&row),
                                                         "run: the row");
  po::positional_options_description pos;
  pos.add("target", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1)
                  .options(opts)
                  .positional(pos)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error &e) {
    throw UsageError("bad option: " + ofex::tool::optionErrorMessage(e));
  }
  if (target.empty())
    throw UsageError(command + ": a " +
                     (command == "plan" ? "sweep file" : "sweep directory") +
                     " is required\n" + kUsage);

  if (command == "plan") {
    if (dir.empty())
      throw UsageError("plan: --dir DIR is required");
    SweepFile sweep = readSweepFile(target);
    if (trainPath.empty())
      trainPath = selfDir() + "/ofex-train";
    if (::access(trainPath.c_str(), X_OK) != 0)
      throw UsageError("--ofex-train: cannot run '" + trainPath + "'");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
      throw UsageError("--dir " + dir + ": " + ec.message());
    dir = absolute(dir);
    fs::copy_file(target, fs::path(dir) / "sweep.ini",
                  fs::copy_options::overwrite_existing);
    std::vector<Row> rows = expand(sweep, absolute(trainPath), dir);
    writeManifest(dir, rows);
    const std::string script = (fs::path(dir) / "sweep.sbatch").string();
    std::ofstream(script) << slurmScript(
        sweep.settings, dir, absolute(selfDir() + "/ofex-sweep"), rows.size());
    fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
    fs::create_directories(fs::path(dir) / "logs");
    std::cout << "ofex-sweep: " << rows.size() << " rows in " << dir
              << "/manifest.tsv\n  on Slurm:   sbatch " << script
              << "\n  here:       ofex-sweep local " << dir
              << "\n  state:      ofex-sweep status " << dir << "\n";
    return 0;
  }

  dir = target;
  std::vector<Row> rows = readManifest(dir);
  if (command == "run") {
    if (row < 0)
      throw UsageError("run: --row N is required");
    execRow(rows, row);
  }
  if (command == "local") {
    if (!vm.count("jobs")) {
      const int per = readSweepFile((fs::path(dir) / "sweep.ini").string())
                          .settings.cpusPerTask;
      jobs = std::max(1, ofex::exec::availableCpus() / per);
    }
    if (jobs < 1)
      throw UsageError("--jobs must be positive");
    const int unfinished = runLocal(dir, rows, jobs);
    std::cout << "ofex-sweep: " << rows.size() - unfinished << " of "
              << rows.size() << " rows done\n";
    return unfinished == 0 ? 0 : 1;
  }
  if (command == "status") {
    int counts[5] = {};
    for (const Row &r : rows) {
      RowStatus s = rowStatus(dir, r);
      ++counts[static_cast<int>(s.state)];
      std::cout << r.index << '\t' << stateName(s.state);
      if (s.state == RowState::Failed)
        std::cout << " (exit " << s.exitStatus << ")";
      std::cout << '\t' << r.out << '\n';
    }
    std::cout << "rows " << rows.size() << ": done " << counts[2]
              << ", running " << counts[1] << ", stopped " << counts[3]
              << ", failed " << counts[4] << ", pending " << counts[0] << "\n";
    return 0;
  }
  throw UsageError("unknown command '" + command +
                   "'; expected plan, local, status or run\n" + kUsage);
}

} // namespace

int main(int argc, char **argv) {
  return ofex::tool::runTool("ofex-sweep", [&] { return run(argc, argv); });
}
