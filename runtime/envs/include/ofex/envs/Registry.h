//===- Registry.h - Tasks by name -----------------------------------------===//
#ifndef OFEX_ENVS_REGISTRY_H
#define OFEX_ENVS_REGISTRY_H

#include "ofex/envs/Task.h"

#include <memory>
#include <string>
#include <vector>

namespace ofex::envs {

/// Canonical names of the tasks: HalfCheetah, Hopper, Walker2d, Ant,
/// Humanoid, InvertedPendulum.
const std::vector<std::string> &taskNames();

/// The canonical name for `name` (case-insensitive, optional "-v4" suffix),
/// or an empty string when it names no task.
std::string canonicalTaskName(const std::string &name);

/// A new task instance. Throws std::invalid_argument for an unknown name
/// (listing the known ones) and std::runtime_error when the model cannot be
/// found or loaded.
std::unique_ptr<Task> makeTask(const std::string &name,
                               const TaskOptions &options = {});

} // namespace ofex::envs

#endif // OFEX_ENVS_REGISTRY_H
