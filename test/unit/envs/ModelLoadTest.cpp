//===- ModelLoadTest.cpp - Finding and loading the MJCF files -------------===//
#include "ofex/envs/ModelPath.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ofex::envs::test {
namespace {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("ofex-envs-test-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

TEST(ModelLoad, BrokenFileIsNamedInTheError) {
  TempDir dir;
  std::ofstream(dir.path / "hopper.xml") << "<mujoco><worldbody><body>\n";
  TaskOptions options;
  options.models_dir = dir.path.string();
  try {
    makeTask("Hopper", options);
    FAIL() << "broken model loaded";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find((dir.path / "hopper.xml").string()),
              std::string::npos)
        << e.what();
  }
}

TEST(ModelLoad, EnvironmentVariableComesBeforeTheSourceTree) {
  TempDir dir;
  std::ofstream(dir.path / "ant.xml") << "not xml at all";
  ::setenv("OFEX_MODELS_DIR", dir.path.c_str(), 1);
  EXPECT_EQ(findModelFile("ant.xml"), (dir.path / "ant.xml").string());
  EXPECT_THROW(makeTask("Ant"), std::runtime_error);
  // A file missing from that directory is still found further down the list.
  EXPECT_NO_THROW(makeTask("Hopper"));
  ::unsetenv("OFEX_MODELS_DIR");
  EXPECT_NO_THROW(makeTask("Ant"));
}

TEST(ModelLoad, MissingFileListsTheSearchedDirectories) {
  try {
    findModelFile("no_such_model.xml", "/nonexistent-dir");
    FAIL() << "found a file that does not exist";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("OFEX_MODELS_DIR"), std::string::npos);
  }
}

} // namespace
} // namespace ofex::envs::test
