//===- Executor.h - Run a Plan as oneDNN primitives created once ----------===//
//
// The executor checks a Plan, rewrites its copies into views where it can
// (CopyElision.h), lays out its storage (Temps share slots by lifetime),
// creates one oneDNN primitive and its memory objects per step up front, and
// then run() only executes them: no allocation, no primitive creation, no
// lookups by name. Adam, Bernoulli sampling, the theta step, batch
// normalization and plain copies are host kernels run in plan order between
// the primitives.
//
// An Executor is not thread-safe: one run() at a time. oneDNN parallelises
// each primitive with OpenMP (see Threads.h).
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_EXEC_EXECUTOR_H
#define OFEX_EXEC_EXECUTOR_H

#include "ofex/exec/Liveness.h"
#include "ofex/exec/Plan.h"
#include "ofex/exec/Precision.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace ofex::exec {

struct ExecutorOptions {
  /// Seed of the Bernoulli gate generator: equal seeds give equal gate
  /// sequences run after run.
  uint64_t seed = 0;
  /// Rewrite concats, slices and matmul-plus-add into column views and
  /// accumulating matmuls (CopyElision.h) before creating the primitives.
  bool elide_copies = true;
  /// The matmul steps' arithmetic (Precision.h): BF16 rounds both operands
  /// of each matmul step to bfloat16 copies before it runs, accumulating in
  /// fp32; reductions and every other step stay fp32. BF16 throws PlanError
  /// on a CPU without AVX-512 BF16.
  Precision precision = Precision::F32;
  /// With BF16: matmuls whose contraction is shorter stay fp32 (a short K,
  /// e.g. a policy's 6 actions, pads AMX's tiles mostly with zeros and runs
  /// slower in bf16 than in fp32).
  int64_t bf16_min_depth = 32;
};

class Executor {
public:
  /// Builds every primitive on `engine` (a CPU engine) to run on `stream`.
  /// Throws PlanError if the plan is invalid or oneDNN rejects a step.
  Executor(Plan plan, const dnnl::engine &engine, const dnnl::stream &stream,
           ExecutorOptions options = {});
  /// Same, on a CPU engine and stream of its own.
  explicit Executor(Plan plan, ExecutorOptions options = {});
  ~Executor();
  Executor(Executor &&) noexcept;
  Executor &operator=(Executor &&) noexcept;
  Executor(const Executor &) = delete;
  Executor &operator=(const Executor &) = delete;

  /// Points a buffer at caller-owned memory of rows*cols floats (row-major)
  /// that must outlive the next run(). External buffers must be bound before
  /// run(); Owned ones may be, to share parameters with the caller; Temps may
  /// not (their storage is shared). nullptr unbinds (Owned: back to the
  /// executor's own storage).
  void bind(std::string_view name, float *data);
  void bind(BufferId id, float *data);

  /// Current storage of a buffer. A Temp's contents are only meaningful right
  /// after the run() that wrote it and only until a later step reuses its
  /// slot; a Temp no step touches has none (nullptr).
  float *data(std::string_view name);
  float *data(BufferId id);
  const float *data(std::string_view name) const;
  const float *data(BufferId id) const;

  /// Runs every step once, in order, and waits for the stream.
  void run();
  /// Like run(), but waits after every step and stores each step's wall
  /// time in milliseconds in `stepMs` (resized to the step count), to see
  /// where a plan spends its time.
  void runProfiled(std::vector<double> &stepMs);

  /// The update count t: the number of runs so far of a plan with Adam or
  /// theta steps (Adam corrects its bias with it; theta steps freeze by it)
  /// Settable to resume from a checkpoint.
  int64_t adamStep() const;
  void setAdamStep(int64_t t);
  /// Draws made so far by the Bernoulli generator (one per run), settable
  /// to resume a gate sequence.
  uint64_t samplerCounter() const;
  void setSamplerCounter(uint64_t counter);

  const Plan &plan() const;
  const StoragePlan &storage() const;
  /// oneDNN primitives created (steps other than Adam and Bernoulli).
  size_t primitiveCount() const;
  /// Bytes of the one scratchpad all primitives share.
  size_t scratchpadBytes() const;
  /// The plan's Adam steps (indices into plan().steps) as run: the steps of
  /// one group share no tensor and update in one parallel region, groups one
  /// after the other.
  std::vector<std::vector<size_t>> adamGroups() const;

private:
  class Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace ofex::exec

#endif // OFEX_EXEC_EXECUTOR_H
