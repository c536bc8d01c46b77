//===- MjHandles.cpp - Loading MuJoCo models with clear errors ------------===//
#include "ofex/envs/MjHandles.h"

#include <stdexcept>

namespace ofex::envs {

ModelPtr loadModel(const std::string &path) {
  char error[1000] = "";
  ModelPtr model(mj_loadXML(path.c_str(), nullptr, error, sizeof(error)));
  if (!model)
    throw std::runtime_error("cannot load MuJoCo model '" + path +
                             "': " + (error[0] ? error : "unknown error"));
  return model;
}

DataPtr makeData(const mjModel *model) {
  DataPtr data(mj_makeData(model));
  if (!data)
    throw std::runtime_error("MuJoCo could not allocate mjData");
  return data;
}

} // namespace ofex::envs
