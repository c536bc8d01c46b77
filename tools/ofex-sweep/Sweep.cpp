//===- Sweep.cpp - A sweep file, its rows, manifest and Slurm array script ===//
#include "Sweep.h"

#include "ToolMain.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace ofex::sweep {

using tool::UsageError;

namespace {

std::string trim(const std::string &s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> splitList(const std::string &value) {
  std::vector<std::string> out;
  std::stringstream in(value);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(trim(item));
  return out;
}

int positiveInt(const std::string &where, const std::string &key,
                const std::string &value, int max) {
  char *end = nullptr;
  const long v = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end || v < 0 || v > max)
    throw UsageError(where + ": " + key + " must be an integer in [0, " +
                     std::to_string(max) + "], got '" + value + "'");
  return static_cast<int>(v);
}

/// Characters a value may carry into a directory name as they are.
std::string pathSafe(const std::string &v) {
  std::string out;
  for (char c : v)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'
               ? c
               : '_';
  return out;
}

} // namespace

SweepFile readSweepFile(const std::string &path) {
  std::ifstream in(path);
  if (!fs::is_regular_file(path) || !in)
    throw UsageError(path + ": cannot read the sweep file");
  SweepFile sweep;
  std::set<std::string> seen;
  std::string section, line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';')
      continue;
    if (line.front() == '[') {
      if (line.back() != ']' ||
          trim(line.substr(1, line.size() - 2)) != "sweep")
        throw UsageError(where + ": the only section is [sweep], got " + line);
      section = "sweep";
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string::npos)
      throw UsageError(where + ": expected 'name = value', got '" + line + "'");
    const std::string key = trim(line.substr(0, eq)),
                      value = trim(line.substr(eq + 1));
    if (key.empty() || value.empty())
      throw UsageError(where + ": expected 'name = value', got '" + line + "'");
    if (!seen.insert(section + "." + key).second)
      throw UsageError(where + ": '" + key + "' is given twice");
    if (section == "sweep") {
      Settings &s = sweep.settings;
      if (key == "name")
        s.name = value;
      else if (key == "time")
        s.time = value;
      else if (key == "cpus-per-task")
        s.cpusPerTask = std::max(1, positiveInt(where, key, value, 1024));
      else if (key == "max-parallel")
        s.maxParallel = positiveInt(where, key, value, 100000);
      else if (key == "partition")
        s.partition = value;
      else if (key == "signal-seconds")
        s.signalSeconds = positiveInt(where, key, value, 65535);
      else
        throw UsageError(where + ": unknown [sweep] setting '" + key +
                         "'; expected name, time, cpus-per-task, "
                         "max-parallel, partition or signal-seconds");
      continue;
    }
    if (key == "out" || key == "resume" || key == "config" ||
        key == "threads" || key == "play")
      throw UsageError(where + ": '" + key +
                       "' is set by the sweep itself (each row gets its own "
                       "--out; threads = [sweep] cpus-per-task)");
    Axis axis{key, splitList(value)};
    for (const std::string &v : axis.values)
      if (v.empty())
        throw UsageError(where + ": an empty entry in the list of '" + key +
                         "'");
    sweep.axes.push_back(std::move(axis));
  }
  if (sweep.axes.empty())
    throw UsageError(path + ": no ofex-train options");
  return sweep;
}

std::vector<Row> expand(const SweepFile &sweep, const std::string &trainPath,
                        const std::string &dir) {
  size_t total = 1;
  for (const Axis &a : sweep.axes)
    total *= a.values.size();
  std::vector<Row> rows;
  for (size_t r = 0; r < total; ++r) {
    Row row;
    row.index = static_cast<int>(r);
    row.argv.push_back(trainPath);
    size_t rest = r;
    std::vector<size_t> pick(sweep.axes.size());
    for (size_t k = sweep.axes.size(); k-- > 0;) {
      pick[k] = rest % sweep.axes[k].values.size();
      rest /= sweep.axes[k].values.size();
    }
    for (size_t k = 0; k < sweep.axes.size(); ++k) {
      const Axis &a = sweep.axes[k];
      const std::string &v = a.values[pick[k]];
      if (a.values.size() > 1)
        row.name +=
            (row.name.empty() ? "" : "_") + a.option + "-" + pathSafe(v);
      // Boolean switches take no value.
      if (a.option == "quiet") {
        if (v == "true" || v == "1")
          row.argv.push_back("--quiet");
        continue;
      }
      row.argv.push_back("--" + a.option);
      row.argv.push_back(v);
    }
    if (row.name.empty())
      row.name = "run";
    row.out = (fs::path(dir) / "runs" / row.name).string();
    row.argv.push_back("--threads");
    row.argv.push_back(std::to_string(sweep.settings.cpusPerTask));
    row.argv.push_back("--out");
    row.argv.push_back(row.out);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string shellQuote(const std::string &word) {
  if (!word.empty() &&
      word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                             "XYZ0123456789_-+=./:,@%") == std::string::npos)
    return word;
  std::string out = "'";
  for (char c : word)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> shellSplit(const std::string &line) {
  std::vector<std::string> words;
  std::string word;
  bool inWord = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t') {
      if (inWord)
        words.push_back(word);
      word.clear();
      inWord = false;
    } else if (c == '\'') {
      inWord = true;
      for (++i; i < line.size() && line[i] != '\''; ++i)
        word += line[i];
    } else if (c == '\\' && i + 1 < line.size()) {
      inWord = true;
      word += line[++i];
    } else {
      inWord = true;
      word += c;
    }
  }
  if (inWord)
    words.push_back(word);
  return words;
}

void writeManifest(const std::string &dir, const std::vector<Row> &rows) {
  const std::string path = (fs::path(dir) / "manifest.tsv").string();
  std::ofstream out(path + ".tmp");
  out << "row\tout\tcommand\n";
  for (const Row &r : rows) {
    out << r.index << '\t' << r.out << '\t';
    for (size_t i = 0; i < r.argv.size(); ++i)
      out << (i ? " " : "") << shellQuote(r.argv[i]);
    out << '\n';
  }
  out.close();
  if (!out)
    throw std::runtime_error(path + ": cannot write");
  fs::rename(path + ".tmp", path);
}

std::vector<Row> readManifest(const std::string &dir) {
  const std::string path = (fs::path(dir) / "manifest.tsv").string();
  std::ifstream in(path);
  if (!in)
    throw UsageError(path + ": cannot read (plan the sweep first)");
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);
  if (line != "row\tout\tcommand")
    throw UsageError(path + ": not an ofex-sweep manifest");
  for (int number = 2; std::getline(in, line); ++number) {
    const size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos)
      throw UsageError(path + ":" + std::to_string(number) +
                       ": expected row, out and command");
    Row r;
    r.index = std::atoi(line.substr(0, a).c_str());
    r.out = line.substr(a + 1, b - a - 1);
    r.name = fs::path(r.out).filename().string();
    r.argv = shellSplit(line.substr(b + 1));
    if (r.index != static_cast<int>(rows.size()) || r.argv.empty())
      throw UsageError(path + ":" + std::to_string(number) +
                       ": rows must be numbered 0, 1, ... with a command");
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string slurmScript(const Settings &s, const std::string &dir,
                        const std::string &sweepPath, std::size_t rows) {
  std::ostringstream o;
  const std::string q = shellQuote(dir);
  o << "#!/bin/bash\n"
    << "# Written by ofex-sweep plan: task i of this job array runs row i of\n"
    << "# " << dir << "/manifest.tsv.\n"
    << "#SBATCH --job-name=" << s.name << "\n"
    << "#SBATCH --array=0-" << rows - 1
    << (s.maxParallel > 0 ? "%" + std::to_string(s.maxParallel) : "") << "\n"
    << "#SBATCH --ntasks=1\n"
    << "#SBATCH --cpus-per-task=" << s.cpusPerTask << "\n"
    << "#SBATCH --time=" << s.time
    << "\n"
    // SIGUSR1 to the job step (ofex-train) before the time limit: it
    // checkpoints and exits 3, and the script requeues the task.
    << "#SBATCH --signal=USR1@" << s.signalSeconds << "\n"
    << "#SBATCH --requeue\n"
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --output=" << dir << "/logs/row-%a.log\n";
  if (!s.partition.empty())
    o << "#SBATCH --partition=" << s.partition << "\n";
  o << "set -u\n"
    << "row=${SLURM_ARRAY_TASK_ID}\n"
    << "mkdir -p " << q << "/status\n"
    << "echo \"ofex-sweep: row $row, job ${SLURM_ARRAY_JOB_ID}_${row}, "
       "restart ${SLURM_RESTART_COUNT:-0}, $(date -u +%FT%TZ)\"\n"
    // srun makes ofex-train a job step: scancel --signal reaches it.
    << "srun --ntasks=1 --cpus-per-task=" << s.cpusPerTask << " "
    << shellQuote(sweepPath) << " run " << q << " --row \"$row\"\n"
    << "rc=$?\n"
    << "echo \"$rc\" > " << q << "/status/row-$row.exit\n"
    << "if [ \"$rc\" -eq 3 ]; then\n"
    << "  echo \"ofex-sweep: row $row stopped after a checkpoint; requeued\"\n"
    << "  scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${row}\"\n"
    << "fi\n"
    << "exit \"$rc\"\n";
  return o.str();
}

} // namespace ofex::sweep
