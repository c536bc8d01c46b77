//===- MjHandles.h - Owning handles for MuJoCo model and data ------------===//
#ifndef OFEX_ENVS_MJHANDLES_H
#define OFEX_ENVS_MJHANDLES_H

#include <mujoco/mujoco.h>

#include <memory>
#include <string>

namespace ofex::envs {

struct ModelDeleter {
  void operator()(mjModel *m) const { mj_deleteModel(m); }
};
struct DataDeleter {
  void operator()(mjData *d) const { mj_deleteData(d); }
};
using ModelPtr = std::unique_ptr<mjModel, ModelDeleter>;
using DataPtr = std::unique_ptr<mjData, DataDeleter>;

/// Parses an MJCF file; throws std::runtime_error naming the file and
/// MuJoCo's message when it cannot.
ModelPtr loadModel(const std::string &path);

/// A fresh mjData for `model`; throws std::runtime_error if MuJoCo cannot
/// allocate it.
DataPtr makeData(const mjModel *model);

} // namespace ofex::envs

#endif // OFEX_ENVS_MJHANDLES_H
