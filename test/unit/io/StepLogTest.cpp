//===- StepLogTest.cpp - CSV rows mirrored as TensorBoard scalars ---------===//

#include "ofex/io/StepLog.h"
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace ofex::io;
using ofex::io::test::readFile;
using ofex::io::test::ScratchDir;

namespace {

std::string eventFile(const std::string &dir) {
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind("events.out.tfevents.", 0) == 0)
      return e.path().string();
  return "";
}

TEST(StepLog, RowsGoToTheCsvAndToTensorBoard) {
  ScratchDir dir;
  EventWriterOptions o;
  o.clock = [] { return 1700000000.0; };
  {
    EventWriter events(dir.path().string(), o);
    StepLog log(dir.file("eval.csv"), {"step", "mean_return", "std_return"},
                &events, "eval");
    log.writeRow({5000, 310.75, 12.5});
    log.writeRow({10000, 1500.25, NAN}); // no scalar for the NaN cell
    events.close();
  }
  EXPECT_EQ(
      readFile(dir.file("eval.csv")),
      "step,mean_return,std_return\n5000,310.75,12.5\n10000,1500.25,nan\n");
  EventFile f = readEvents(eventFile(dir.path().string()));
  ASSERT_EQ(f.scalars.size(), 3u);
  EXPECT_EQ(f.scalars[0].tag, "eval/mean_return");
  EXPECT_EQ(f.scalars[0].step, 5000);
  EXPECT_EQ(f.scalars[0].value, 310.75f);
  EXPECT_EQ(f.scalars[1].tag, "eval/std_return");
  EXPECT_EQ(f.scalars[1].value, 12.5f);
  EXPECT_EQ(f.scalars[2].tag, "eval/mean_return");
  EXPECT_EQ(f.scalars[2].step, 10000);
}

TEST(StepLog, CsvOnlyWithoutEvents) {
  ScratchDir dir;
  StepLog log(dir.file("units.csv"), {"step", "pi.l1"}, nullptr, "prune");
  log.writeRow({2500, 27});
  EXPECT_EQ(readFile(dir.file("units.csv")), "step,pi.l1\n2500,27\n");
  EXPECT_EQ(eventFile(dir.path().string()), "");
}

TEST(StepLog, RefusesARowOfAnotherWidth) {
  ScratchDir dir;
  StepLog log(dir.file("units.csv"), {"step", "pi.l1"}, nullptr, "prune");
  EXPECT_THROW(log.writeRow({2500}), std::logic_error);
}

} // namespace
