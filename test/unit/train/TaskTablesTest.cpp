//===- TaskTablesTest.cpp - the compiler's task table against the tasks ---===//
//
// Two tables describe the tasks: the compiler's (ofex::lookupTask: the sizes
// a preset's networks are built with, and OFENet's reference configuration)
// and the runtime's (envs::makeTask: the MuJoCo task itself). ofex-train
// builds networks from the first and steps the second, so they must name the
// same tasks with the same sizes.
//
//===----------------------------------------------------------------------===//

#include "ofex/Presets/Presets.h"
#include "ofex/envs/Registry.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace ofex;

namespace {

TEST(TaskTables, NameTheSameTasks) {
  std::vector<std::string> compiler = knownTasks(), runtime = envs::taskNames();
  std::sort(compiler.begin(), compiler.end());
  std::sort(runtime.begin(), runtime.end());
  EXPECT_EQ(compiler, runtime);
}

TEST(TaskTables, AgreeOnEachTasksSizes) {
  for (const std::string &name : envs::taskNames()) {
    SCOPED_TRACE(name);
    std::optional<TaskDims> dims = lookupTask(name);
    ASSERT_TRUE(dims.has_value());
    const envs::TaskSpec spec = envs::makeTask(name)->spec();
    EXPECT_EQ(dims->name, spec.name);
    EXPECT_EQ(dims->obsDim, spec.obs_dim);
    EXPECT_EQ(dims->actDim, spec.act_dim);
    // OFENet's auxiliary head predicts a part of the next observation.
    EXPECT_GT(dims->targetDim, 0);
    EXPECT_LE(dims->targetDim, spec.obs_dim);
    EXPECT_GT(dims->ofeLayers, 0);
    EXPECT_GT(dims->ofeUnits, 0);
  }
}

TEST(TaskTables, AcceptTheSameSpellings) {
  // Both accept Gymnasium's ids and any case.
  for (const std::string &name : envs::taskNames())
    for (const std::string &spelling : {name + "-v4", name}) {
      std::string lower = spelling;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      for (const std::string &s : {spelling, lower}) {
        SCOPED_TRACE(s);
        ASSERT_TRUE(lookupTask(s).has_value());
        EXPECT_EQ(lookupTask(s)->name, envs::canonicalTaskName(s));
      }
    }
}

} // namespace
