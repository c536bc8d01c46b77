//===- CompiledFunction.cpp - a dnnl-dialect function, executable ---------===//

#include "ofex/rt/CompiledFunction.h"
#include "ofex/OfexOps.h"

#include <stdexcept>

namespace ofex::rt {

CompiledFunction::CompiledFunction(mlir::func::FuncOp func, StateStore &store,
                                   uint64_t seed, const Rename &rename,
                                   exec::Precision precision) {
  exec::Plan plan = buildPlan(func);
  std::vector<std::pair<std::string, size_t>> owned;
  for (const exec::Buffer &b : plan.buffers)
    if (b.role == exec::Role::Owned && b.name.rfind("result:", 0) != 0)
      owned.push_back({b.name, size_t(b.elements())});
  exec::ExecutorOptions options;
  options.seed = seed;
  options.precision = precision;
  executor = std::make_unique<exec::Executor>(std::move(plan), options);
  for (const auto &[name, size] : owned)
    executor->bind(name, store.get(rename ? rename(name) : name, size).data());
}

void CompiledFunction::bindArg(const std::string &name, float *data) {
  executor->bind("arg:" + name, data);
}

const float *CompiledFunction::result(const std::string &name) const {
  return executor->data("result:" + name);
}

int64_t CompiledFunction::resultSize(const std::string &name) const {
  const exec::Plan &p = executor->plan();
  return p.buffer(p.id("result:" + name)).elements();
}

std::vector<std::string> CompiledFunction::resultNames() const {
  std::vector<std::string> names;
  // Results are Owned; copy elision's views into a result (Temps named
  // after it, "result:x.cols0") are not results.
  for (const exec::Buffer &b : executor->plan().buffers)
    if (b.name.rfind("result:", 0) == 0 && b.role == exec::Role::Owned)
      names.push_back(b.name.substr(7));
  return names;
}

void openAllGates(StateStore &store, mlir::Operation *module) {
  module->walk([&](ThetaOp theta) {
    store.set(thetaKey(groupName(theta)),
              std::vector<float>(theta.getUnits(), 1.0f));
  });
}

} // namespace ofex::rt
