//===- TrainerEventsTest.cpp - a run's TensorBoard events -----------------===//
//
// ofex-train writes its logs twice: as CSV files and as TensorBoard scalars
// (eval/, train/, eval_gates/, prune/). The scalars must be the CSVs'
// values, and a run stopped and resumed must show TensorBoard the same
// series as a run that never stopped (the resumed file's session start
// drops what the stopped run logged after its checkpoint).
//
//===----------------------------------------------------------------------===//

#include "ofex/io/EventWriter.h"
#include "ofex/train/Trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace ofex;

namespace {

struct Scratch {
  Scratch() {
    std::string tmpl =
        (fs::temp_directory_path() / "ofex-train-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

train::TrainConfig tinyPruneRun(const fs::path &out) {
  train::TrainConfig c;
  c.env = "InvertedPendulum";
  c.preset = "prune-b";
  c.ofeLayers = 2;
  c.ofeUnits = 8;
  c.hidden = 16;
  c.batch = 32;
  c.warmup = 500;
  c.ofePretrain = 50;
  c.steps = 2000;
  c.evalEvery = 500;
  c.evalEpisodes = 1;
  c.thetaFreezeSteps = 1000;
  c.pruneEvery = 500;
  c.nuPi = 1e-3;
  c.nuOfe = 1e-3;
  c.checkpointEvery = 1000;
  c.threads = 1;
  c.quiet = true;
  c.out = out.string();
  return c;
}

using Series = std::map<std::string, std::map<int64_t, float>>;

/// What TensorBoard shows for a directory: its event files in name order,
/// a session start dropping the points of earlier files at steps >= its.
Series tensorBoardView(const fs::path &dir, int *files = nullptr) {
  std::vector<std::string> paths;
  for (const auto &e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind("events.out.tfevents.", 0) == 0)
      paths.push_back(e.path().string());
  std::sort(paths.begin(), paths.end());
  if (files)
    *files = paths.size();
  Series s;
  for (const std::string &p : paths) {
    io::EventFile f = io::readEvents(p);
    for (const io::SessionStart &start : f.session_starts)
      for (auto &[tag, points] : s)
        points.erase(points.lower_bound(start.step), points.end());
    for (const io::ScalarEvent &e : f.scalars)
      s[e.tag][e.step] = e.value;
  }
  return s;
}

std::vector<std::vector<double>> csvRows(const fs::path &path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');)
      row.push_back(std::stod(c));
    rows.push_back(row);
  }
  return rows;
}

TEST(TrainerEvents, ScalarsAreTheLogsValues) {
  Scratch dir;
  ASSERT_EQ(train::train(tinyPruneRun(dir.path), false),
            train::TrainOutcome::Finished);
  int files = 0;
  Series s = tensorBoardView(dir.path, &files);
  EXPECT_EQ(files, 1);
  auto eval = csvRows(dir.path / "eval.csv");
  ASSERT_EQ(eval.size(), 4u);
  ASSERT_EQ(s["eval/mean_return"].size(), eval.size());
  for (const auto &row : eval)
    EXPECT_EQ(s["eval/mean_return"].at(int64_t(row[0])), float(row[1]));
  auto progress = csvRows(dir.path / "progress.csv");
  ASSERT_EQ(s["train/return"].size(), progress.size());
  for (const auto &row : progress) {
    EXPECT_EQ(s["train/return"].at(int64_t(row[0])), float(row[2]));
    EXPECT_EQ(s["train/deploy_params"].at(int64_t(row[0])), float(row[10]));
  }
  auto gated = csvRows(dir.path / "eval-gates.csv");
  for (const auto &row : gated)
    EXPECT_EQ(s["eval_gates/expected_return"].at(int64_t(row[0])),
              float(row[3]));
  EXPECT_FALSE(s["prune/units/pi.l1"].empty());
  EXPECT_FALSE(s["prune/gates/pi.l1/g_mean"].empty());
}

TEST(TrainerEvents, AResumedRunShowsTheSameSeries) {
  Scratch whole, split;
  ASSERT_EQ(train::train(tinyPruneRun(whole.path), false),
            train::TrainOutcome::Finished);
  // Stopped between checkpoints (after step 1234: a checkpoint of that step),
  // then resumed: the same command continues it.
  int64_t calls = 0;
  train::TrainConfig c = tinyPruneRun(split.path);
  ASSERT_EQ(train::train(c, false, [&] { return ++calls == 1234; }),
            train::TrainOutcome::Stopped);
  ASSERT_EQ(train::train(c, false), train::TrainOutcome::Finished);
  int files = 0;
  Series a = tensorBoardView(whole.path),
         b = tensorBoardView(split.path, &files);
  EXPECT_EQ(files, 2);
  a.erase("train/updates_per_s"); // wall-clock time
  b.erase("train/updates_per_s");
  EXPECT_EQ(a, b);
}

} // namespace
