//===- ModelPath.h - Where the MJCF model files are found -----------------===//
#ifndef OFEX_ENVS_MODELPATH_H
#define OFEX_ENVS_MODELPATH_H

#include <string>
#include <vector>

namespace ofex::envs {

/// Directories searched for model files, in order: `override_dir` (if not
/// empty), $OFEX_MODELS_DIR (if set), the source tree's runtime/envs/models
/// (compiled in), and <executable dir>/../share/ofex/models (installed).
std::vector<std::string> modelSearchDirs(const std::string &override_dir = "");

/// The path of `file` in the first search directory that has it; throws
/// std::runtime_error listing the directories searched when none has.
std::string findModelFile(const std::string &file,
                          const std::string &override_dir = "");

} // namespace ofex::envs

#endif // OFEX_ENVS_MODELPATH_H
