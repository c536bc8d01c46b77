//===- ModelDiffTest.cpp - field-by-field model comparison ----------------===//

#include "ofex/envs/ModelDiff.h"
#include "ofex/envs/MjHandles.h"
#include "ofex/envs/ModelPath.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace ofex::envs {
namespace {

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The hopper's model with `from` replaced by `to` once, compiled.
ModelPtr hopperWith(const std::string &from, const std::string &to) {
  std::string xml = readFile(findModelFile("hopper.xml"));
  const std::size_t at = xml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos)
    xml.replace(at, from.size(), to);
  const std::string path = ::testing::TempDir() + "/modeldiff-" +
                           std::to_string(std::rand()) + ".xml";
  std::ofstream(path) << xml;
  ModelPtr m = loadModel(path);
  std::remove(path.c_str());
  return m;
}

const FieldDifference *find(const std::vector<FieldDifference> &diffs,
                            const std::string &field) {
  for (const FieldDifference &d : diffs)
    if (d.field == field)
      return &d;
  return nullptr;
}

TEST(ModelDiff, SameFileHasNoDifferences) {
  ModelPtr a = loadModel(findModelFile("humanoid.xml"));
  ModelPtr b = loadModel(findModelFile("humanoid.xml"));
  EXPECT_TRUE(compareModels(*a, *b).empty());
}

TEST(ModelDiff, FrictionIsAPhysicsDifferenceAtItsIndex) {
  ModelPtr a = hopperWith("", "");
  ModelPtr b = hopperWith("friction=\"2\"", "friction=\"2.5\"");
  std::vector<FieldDifference> diffs = compareModels(*a, *b);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].field, "geom_friction");
  EXPECT_TRUE(diffs[0].physics);
  EXPECT_FALSE(samePhysics(diffs));
  // The foot is the hopper's last geom (index 4), sliding friction first.
  EXPECT_EQ(diffs[0].index, 4u * 3u);
  EXPECT_EQ(diffs[0].a, 2.0);
  EXPECT_EQ(diffs[0].b, 2.5);
  EXPECT_DOUBLE_EQ(diffs[0].max_abs, 0.5);
}

TEST(ModelDiff, OptionsAndLastBitsCount) {
  ModelPtr a = hopperWith("", "");
  ModelPtr b = hopperWith("integrator=\"RK4\"", "integrator=\"Euler\"");
  // find() points into the vector: keep each one alive while it is read.
  const std::vector<FieldDifference> options = compareModels(*a, *b);
  const FieldDifference *d = find(options, "opt.integrator");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->physics);
  // 0.2 is not 0.19999999999999996: exact comparison sees the last bit.
  ModelPtr c =
      hopperWith("size=\"0.05 0.19999999999999996\"", "size=\"0.05 0.2\"");
  const std::vector<FieldDifference> sizes = compareModels(*a, *c);
  d = find(sizes, "geom_size");
  ASSERT_NE(d, nullptr);
  EXPECT_GT(d->max_abs, 0.0);
  EXPECT_LT(d->max_abs, 1e-15);
}

TEST(ModelDiff, ColoursAndCamerasAreNotPhysics) {
  ModelPtr a = hopperWith("", "");
  ModelPtr b = hopperWith("rgba=\"0.8 0.6 0.4 1\"", "rgba=\"0.1 0.2 0.3 1\"");
  std::vector<FieldDifference> diffs = compareModels(*a, *b);
  ASSERT_NE(find(diffs, "geom_rgba"), nullptr);
  EXPECT_FALSE(find(diffs, "geom_rgba")->physics);
  EXPECT_TRUE(samePhysics(diffs));
  ModelPtr c = hopperWith("<camera name=\"side\" mode=\"trackcom\"",
                          "<camera name=\"extra\"/><camera name=\"side\" "
                          "mode=\"trackcom\"");
  diffs = compareModels(*a, *c);
  const FieldDifference *n = find(diffs, "ncam");
  ASSERT_NE(n, nullptr);
  EXPECT_FALSE(n->physics);
  EXPECT_TRUE(samePhysics(diffs));
}

TEST(ModelDiff, AnExtraBodyIsASizeMismatch) {
  ModelPtr a = hopperWith("", "");
  ModelPtr b = hopperWith("<body name=\"foot\"",
                          "<body name=\"extra\"><geom size=\"0.1\"/></body>"
                          "<body name=\"foot\"");
  std::vector<FieldDifference> diffs = compareModels(*a, *b);
  const FieldDifference *n = find(diffs, "nbody");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->a, 5.0);
  EXPECT_EQ(n->b, 6.0);
  const FieldDifference *mass = find(diffs, "body_mass");
  ASSERT_NE(mass, nullptr);
  EXPECT_TRUE(mass->size_mismatch);
}

} // namespace
} // namespace ofex::envs
