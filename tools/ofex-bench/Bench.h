//===- Bench.h - timing compiled networks and whole updates -----*- C++ -*-===//

#ifndef OFEX_TOOLS_BENCH_H
#define OFEX_TOOLS_BENCH_H

#include "ofex/train/Agent.h"

#include <functional>
#include <string>
#include <vector>

namespace ofex::bench {

struct Timing {
  std::string name;
  double ms = 0;    ///< per run
  double flops = 0; ///< matmul FLOPs per run
  double gflops() const { return ms > 0 ? flops / (ms * 1e6) : 0; }
};

/// Runs `fn` until at least `seconds` have passed (and at least 20 times)
/// after 5 warm-up runs; returns milliseconds per run.
double timeIt(const std::function<void()> &fn, double seconds);

/// Forward, forward + backward, and a full update (with Adam) of one network
/// of a preset at a batch size.
std::vector<Timing> benchNetwork(const PresetOptions &preset,
                                 const std::string &network, int64_t batch,
                                 double seconds);

/// A plain oneDNN matmul (batch x k times k x n) through the executor: the
/// roofline the network figures are compared with in the same run.
Timing benchMatmul(int64_t batch, int64_t k, int64_t n, double seconds);

/// Agent options that train the model in `path` (a run's ir/model.mlir or
/// ir/step-N/model.mlir) instead of a preset: OFENet if it has phi_o, the
/// theta step if it has gates. Throws std::invalid_argument, naming the
/// file, when it does not load or is a model of other dimensions than
/// `base.task` (named `env`).
train::AgentOptions modelOptions(const std::string &path,
                                 const train::AgentOptions &base,
                                 const std::string &env);

/// One OFENet update plus one SAC update of the training agent (and the
/// theta step when it prunes); with `profile`, also the time of one run of
/// each compiled function. With `breakdown` naming one of those functions,
/// its time by step kind (matmul, norm, adam, ...) is added to `profile`
/// too, as rows "<function>/<kind>".
Timing benchUpdate(const train::AgentOptions &options, double seconds,
                   std::vector<Timing> *profile = nullptr,
                   const std::string &breakdown = "");

/// The measured update time of each layer of the agent's model (the cost
/// table ofex-train --cost time reads): every compiled function of the
/// update runs step by step (each once per update, as in benchUpdate), and
/// each step's time goes to the layer whose params it reads or whose
/// gradients it writes: matmuls on a layer's weights (forward, both backward
/// ones; its Adam step too) to its matmul part, the rest (bias, norm, their
/// Adam steps) to its other part. Target copies ("target:<param>") count for
/// their layer: pruning shrinks both. Steps of no layer (element-wise
/// functions, concatenation, the theta step) are shared out over the
/// function's layers in proportion to their time.
CostTable measureCostTable(const train::AgentOptions &options, double seconds);

} // namespace ofex::bench

#endif // OFEX_TOOLS_BENCH_H
