//===- StateStore.h - named persistent tensors of a model -------*- C++ -*-===//
//
// Params, their Adam moments and theta live here, by name, shared by every
// compiled function of a model (the forward and gradient plans of a network
// read the same weights). Compiled functions bind their state buffers to
// this storage, so nothing is copied between plans.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_RT_STATESTORE_H
#define OFEX_RT_STATESTORE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ofex::rt {

/// Names of the Adam moments of a param.
inline std::string adamM(const std::string &param) { return "adam.m:" + param; }
inline std::string adamV(const std::string &param) { return "adam.v:" + param; }
inline std::string thetaKey(const std::string &group) {
  return "theta:" + group;
}
/// The theta step's running average of its signal (with momentum).
inline std::string thetaVelocityKey(const std::string &group) {
  return "theta-velocity:" + group;
}

class StateStore {
public:
  /// The tensor `name` with `size` floats, created (filled with `fill`) on
  /// first use. Throws std::invalid_argument when it exists with another size.
  std::vector<float> &get(const std::string &name, size_t size,
                          float fill = 0.0f);
  bool has(const std::string &name) const { return tensors.count(name) != 0; }
  std::vector<float> &at(const std::string &name);
  const std::vector<float> &at(const std::string &name) const;
  /// Stores `values` under `name`. An existing tensor of the same size is
  /// overwritten in place, so executors bound to it stay valid; a resize
  /// reallocates (executors bound to it must be rebuilt, as after pruning).
  void set(const std::string &name, const std::vector<float> &values);
  void erase(const std::string &name) { tensors.erase(name); }
  const std::map<std::string, std::vector<float>> &all() const {
    return tensors;
  }

private:
  std::map<std::string, std::vector<float>> tensors;
};

} // namespace ofex::rt

#endif // OFEX_RT_STATESTORE_H
