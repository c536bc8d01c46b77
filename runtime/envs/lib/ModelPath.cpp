//===- ModelPath.cpp - Locating the MJCF files ----------------------------===//
//
// The models must be found from a build tree, an installed tree and with an
// explicit override, without relying on the current directory.
//
//===----------------------------------------------------------------------===//
#include "ofex/envs/ModelPath.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace ofex::envs {
namespace {

std::string executableDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0)
    return "";
  std::string path(buf, static_cast<std::size_t>(n));
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool readable(const std::string &path) { return std::ifstream(path).good(); }

} // namespace

std::vector<std::string> modelSearchDirs(const std::string &override_dir) {
  std::vector<std::string> dirs;
  if (!override_dir.empty())
    dirs.push_back(override_dir);
  if (const char *env = std::getenv("OFEX_MODELS_DIR"); env && *env)
    dirs.emplace_back(env);
#ifdef OFEX_ENVS_SOURCE_MODELS_DIR
  dirs.emplace_back(OFEX_ENVS_SOURCE_MODELS_DIR);
#endif
  if (std::string exe = executableDir(); !exe.empty())
    dirs.push_back(exe + "/../share/ofex/models");
  return dirs;
}

std::string findModelFile(const std::string &file,
                          const std::string &override_dir) {
  std::vector<std::string> dirs = modelSearchDirs(override_dir);
  for (const std::string &dir : dirs) {
    std::string path = dir + "/" + file;
    if (readable(path))
      return path;
  }
  std::string searched;
  for (const std::string &dir : dirs)
    searched += (searched.empty() ? "" : ", ") + dir;
  throw std::runtime_error("model file '" + file + "' not found (searched: " +
                           searched + "; set OFEX_MODELS_DIR)");
}

} // namespace ofex::envs
