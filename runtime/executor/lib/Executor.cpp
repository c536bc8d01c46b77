//===- Executor.cpp - Create primitives once, run them many times ---------===//

#include "ofex/exec/Executor.h"

#include "AlignedBuffer.h"
#include "Bf16Mirrors.h"
#include "HostKernels.h"
#include "Primitives.h"

#include "ofex/exec/CopyElision.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define OFEX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OFEX_ASAN 1
#endif
#endif
#ifdef OFEX_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace ofex::exec {

namespace {

/// Elements between the first and the last one a plain strided descriptor
/// addresses, inclusive: what a primitive may touch from its data handle.
int64_t extentOf(const dnnl::memory::desc &md) {
  const dnnl_memory_desc_t &d = md.data;
  if (d.format_kind != dnnl_blocked)
    throw PlanError("executor: a primitive argument is not in a plain layout");
  int64_t last = 0;
  for (int i = 0; i < d.ndims; ++i) {
    if (d.dims[i] == 0)
      return 0;
    last += (d.dims[i] - 1) * d.format_desc.blocking.strides[i];
  }
  return last + 1;
}

/// Where one primitive argument's memory lies, for the sanitizer build's
/// check: oneDNN is not instrumented, so AddressSanitizer would not see it
/// write past a buffer or into one that was freed.
struct ArgExtent {
  BufferId buffer;
  size_t memory; ///< index into CompiledStep::memories
  size_t bytes;
};

/// One plan step ready to run: a primitive with its prepared argument array,
/// or a host kernel reading the buffer pointer table.
struct CompiledStep {
  enum class Kind {
    Primitive,
    Adam,
    Bernoulli,
    Theta,
    BatchNorm,
    BatchNormBackward,
    RunningStats,
    Copy
  };
  Kind kind = Kind::Primitive;
  size_t step = 0;
  dnnl::primitive primitive;
  std::vector<dnnl::memory> memories;
  /// Prepared once: the C API takes this array directly, whereas the C++
  /// execute() builds a new vector from an unordered_map on every call.
  std::vector<dnnl_exec_arg_t> args;
  /// Adam: this step and the Adam steps right after it, updated together
  /// (one parallel region); `segments` is refilled on every run.
  std::vector<size_t> adamSteps;
  std::vector<detail::AdamSegment> segments;
  /// Primitive: the extent of every argument that lives in a plan buffer.
  std::vector<ArgExtent> extents;
  /// Primitive (bf16 matmuls): arguments staged in the executor's staging
  /// area (Primitives.h's Staging): operands rounded into their bf16
  /// copies before the primitive runs, a dense destination copied back
  /// after it.
  struct Staged {
    BufferId buffer;
    void *data;
    detail::Staging how;
  };
  std::vector<Staged> staged;
  bool accumulates = false; ///< the destination's old values are an input
  /// Buffers this step (or its Adam group) writes whose bf16 mirror the
  /// write makes stale.
  std::vector<BufferId> staleMirrors;
};

/// Where a buffer's memory objects are, so bind() can repoint them.
struct MemoryUse {
  size_t compiled;
  size_t memory;
};

} // namespace

class Executor::Impl {
public:
  Impl(Plan p, dnnl::engine e, dnnl::stream s, ExecutorOptions o)
      : plan(std::move(p)), engine(std::move(e)), stream(std::move(s)),
        options(o) {
    if (engine.get_kind() != dnnl::engine::kind::cpu)
      throw PlanError("executor: needs a CPU engine");
    if (options.precision == Precision::BF16 && !cpuHasBf16())
      throw PlanError("executor: bf16 matmuls need a CPU with AVX-512 BF16 "
                      "(avx512_bf16), which this one lacks");
    validatePlan(plan);
    if (options.elide_copies)
      elideCopies(plan);
    storage = planStorage(plan);
    layOutStorage();
    compileSteps();
  }

  void layOutStorage() {
    const size_t n = plan.buffers.size();
    arena = detail::AlignedBuffer<>(storage.owned_bytes + storage.temp_bytes);
    own.assign(n, nullptr);
    // Owned buffers first, then the Temp slots.
    size_t offset = 0;
    for (size_t b = 0; b < n; ++b)
      if (plan.buffers[b].role == Role::Owned) {
        own[b] = reinterpret_cast<float *>(arena.data() + offset);
        offset += (plan.buffers[b].bytes() + kSlotAlignment - 1) /
                  kSlotAlignment * kSlotAlignment;
      }
    std::vector<size_t> slotOffset;
    for (size_t bytes : storage.slot_bytes) {
      slotOffset.push_back(offset);
      offset += bytes;
    }
    for (size_t b = 0; b < n; ++b)
      if (storage.slot_of[b] >= 0)
        own[b] = reinterpret_cast<float *>(
            arena.data() + slotOffset[size_t(storage.slot_of[b])]);
    viewsOf.assign(n, {});
    for (size_t b = 0; b < n; ++b)
      if (const Buffer &buf = plan.buffers[b]; buf.isView()) {
        viewsOf[size_t(buf.view_of)].push_back(BufferId(b));
        if (float *root = own[size_t(buf.view_of)])
          own[b] = root + buf.view_col;
      }
    current = own;
    for (const Buffer &buf : plan.buffers)
      unboundExternals += buf.role == Role::External;
  }

  void compileSteps() {
    std::vector<detail::PrimitiveSpec> specs(plan.steps.size());
    size_t scratchBytes = 0;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      if (!detail::isPrimitiveStep(plan.steps[i]))
        continue;
      specs[i] = detail::buildPrimitive(plan, i, engine, options.precision,
                                        options.bf16_min_depth);
      scratchBytes = std::max(scratchBytes, specs[i].scratchpad.get_size());
    }
    // Steps run one after another, so one area holds any step's staging.
    size_t stagingBytes = 0;
    for (const detail::PrimitiveSpec &spec : specs) {
      size_t bytes = 0;
      for (const detail::PrimitiveArg &a : spec.args)
        bytes += stagingSlotBytes(a);
      stagingBytes = std::max(stagingBytes, bytes);
    }
    stagingArea = detail::AlignedBuffer<>(stagingBytes);
    for (const detail::PrimitiveSpec &spec : specs)
      for (const detail::PrimitiveArg &a : spec.args)
        if (a.staging == detail::Staging::Bf16)
          mirrors.want(a.buffer);
    mirrors.allocate();
    // Steps run one after another, so one scratchpad serves them all.
    scratchpad = detail::AlignedBuffer<>(scratchBytes);
    int64_t onesLength = 0;
    for (const detail::PrimitiveSpec &spec : specs)
      onesLength = std::max(onesLength, spec.ones);
    ones = detail::AlignedBuffer<>(size_t(onesLength) * sizeof(float));
    float *onesData = reinterpret_cast<float *>(ones.data());
    std::fill(onesData, onesData + onesLength, 1.0f);

    users.assign(plan.buffers.size(), {});
    for (size_t i = 0; i < plan.steps.size(); ++i) {
      CompiledStep c;
      c.step = i;
      if (std::holds_alternative<AdamStep>(plan.steps[i])) {
        hasAdam = true;
        if (!compiled.empty() &&
            compiled.back().kind == CompiledStep::Kind::Adam &&
            disjointAdam(compiled.back(), std::get<AdamStep>(plan.steps[i]))) {
          compiled.back().adamSteps.push_back(i);
          compiled.back().segments.emplace_back();
          continue;
        }
        c.kind = CompiledStep::Kind::Adam;
        c.adamSteps = {i};
        c.segments.resize(1);
      } else if (std::holds_alternative<BernoulliStep>(plan.steps[i])) {
        c.kind = CompiledStep::Kind::Bernoulli;
        hasBernoulli = true;
      } else if (std::holds_alternative<ThetaStep>(plan.steps[i])) {
        c.kind = CompiledStep::Kind::Theta;
        hasTheta = true;
      } else if (!detail::isPrimitiveStep(plan.steps[i])) {
        const Step &st = plan.steps[i];
        c.kind = std::holds_alternative<NormStep>(st)
                     ? CompiledStep::Kind::BatchNorm
                 : std::holds_alternative<NormBackwardStep>(st)
                     ? CompiledStep::Kind::BatchNormBackward
                 : std::holds_alternative<RunningStatsStep>(st)
                     ? CompiledStep::Kind::RunningStats
                     : CompiledStep::Kind::Copy;
      } else {
        detail::PrimitiveSpec &spec = specs[i];
        c.primitive = std::move(spec.primitive);
        size_t stagingOffset = 0;
        if (const auto *mm = std::get_if<MatmulStep>(&plan.steps[i]))
          c.accumulates = mm->accumulate;
        for (const detail::PrimitiveArg &a : spec.args) {
          void *handle = onesData;
          if (a.staging != detail::Staging::None)
            checkStagedExtent(i, a.buffer);
          if (a.staging == detail::Staging::Bf16) {
            handle = mirrors.at(a.buffer);
            c.staged.push_back({a.buffer, handle, a.staging});
          } else if (a.staging != detail::Staging::None) {
            handle = stagingArea.data() + stagingOffset;
            stagingOffset += stagingSlotBytes(a);
            c.staged.push_back({a.buffer, handle, a.staging});
          } else if (a.buffer != detail::kOnesBuffer) {
            checkExtent(i, a);
            c.extents.push_back({a.buffer, c.memories.size(),
                                 size_t(extentOf(a.desc)) * sizeof(float)});
            users[size_t(a.buffer)].push_back(
                {compiled.size(), c.memories.size()});
            handle = current[size_t(a.buffer)];
          }
          c.memories.emplace_back(a.desc, engine, handle);
          c.args.push_back({a.arg, c.memories.back().get()});
        }
        if (spec.scratchpad.get_size() > 0) {
          c.memories.emplace_back(spec.scratchpad, engine, scratchpad.data());
          c.args.push_back({DNNL_ARG_SCRATCHPAD, c.memories.back().get()});
        }
        ++primitives;
      }
      compiled.push_back(std::move(c));
    }
    for (CompiledStep &c : compiled) {
      std::vector<size_t> steps =
          c.adamSteps.empty() ? std::vector<size_t>{c.step} : c.adamSteps;
      for (size_t k : steps)
        for (BufferId b : stepAccess(plan.steps[k]).writes)
          if (mirrors.mirrored(b))
            c.staleMirrors.push_back(b);
    }
  }

  /// Bytes of an argument's staging, rounded up to the slot alignment.
  size_t stagingSlotBytes(const detail::PrimitiveArg &a) const {
    if (a.staging == detail::Staging::None ||
        a.staging == detail::Staging::Bf16) // in its mirror
      return 0;
    const size_t bytes =
        size_t(plan.buffers[size_t(a.buffer)].elements()) *
        (a.staging == detail::Staging::DenseF32 ? sizeof(float)
                                                : sizeof(uint16_t));
    return (bytes + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment;
  }

  /// Fills a primitive's staged inputs (before it runs: `before`) or writes
  /// its staged destination back (after).
  void stage(const CompiledStep &c, bool before) {
    using detail::Staging;
    for (const CompiledStep::Staged &st : c.staged) {
      const Buffer &buf = plan.buffers[size_t(st.buffer)];
      float *data = current[size_t(st.buffer)];
      const int64_t ld = plan.rowStride(buf);
      auto *bf16 = static_cast<uint16_t *>(st.data);
      auto *dense = static_cast<float *>(st.data);
      if (before && st.how == Staging::Bf16)
        mirrors.refresh(
            st.buffer, current[size_t(buf.isView() ? buf.view_of : st.buffer)]);
      else if (before && st.how == Staging::Bf16Transposed)
        detail::convertTransposedToBf16(data, ld, buf.rows, buf.cols, bf16);
      else if (before && st.how == Staging::DenseF32 && c.accumulates)
        detail::copyRows(data, ld, dense, buf.cols, buf.rows, buf.cols);
      else if (!before && st.how == Staging::DenseF32)
        detail::copyRows(dense, buf.cols, data, ld, buf.rows, buf.cols);
    }
  }

  /// A primitive's view of a buffer stays inside the buffer: its root's
  /// elements from the view's first column on.
  void checkExtent(size_t step, const detail::PrimitiveArg &a) const {
    const Buffer &buf = plan.buffers[size_t(a.buffer)];
    const Buffer &root = buf.isView() ? plan.buffers[size_t(buf.view_of)] : buf;
    const int64_t available =
        root.elements() - (buf.isView() ? buf.view_col : 0);
    const int64_t extent = extentOf(a.desc);
    if (extent > available)
      throw PlanError("executor: step " + std::to_string(step) + " (" +
                      stepKindName(plan.steps[step]) + ") addresses " +
                      std::to_string(extent) + " elements of buffer '" +
                      buf.name + "', which has " + std::to_string(available));
  }

  /// Elements of a buffer that its staging reads or writes: its rows with
  /// its row stride.
  int64_t fp32Extent(BufferId id) const {
    const Buffer &buf = plan.buffers[size_t(id)];
    return (buf.rows - 1) * plan.rowStride(buf) + buf.cols;
  }

  /// The same bound as checkExtent's for a staged argument, whose
  /// descriptor describes its staging instead of the buffer.
  void checkStagedExtent(size_t step, BufferId id) const {
    const Buffer &buf = plan.buffers[size_t(id)];
    const Buffer &root = buf.isView() ? plan.buffers[size_t(buf.view_of)] : buf;
    const int64_t available =
        root.elements() - (buf.isView() ? buf.view_col : 0);
    if (fp32Extent(id) > available)
      throw PlanError("executor: step " + std::to_string(step) + " (" +
                      stepKindName(plan.steps[step]) + ") addresses " +
                      std::to_string(fp32Extent(id)) + " elements of buffer '" +
                      buf.name + "', which has " + std::to_string(available));
  }

  /// Whether an Adam step shares no buffer with a group's steps: the group
  /// updates all its tensors at once, so they must be independent.
  bool disjointAdam(const CompiledStep &group, const AdamStep &s) const {
    for (size_t k : group.adamSteps) {
      const auto &t = std::get<AdamStep>(plan.steps[k]);
      for (BufferId a : {s.param, s.grad, s.m, s.v})
        for (BufferId b : {t.param, t.grad, t.m, t.v})
          if (a == b)
            return false;
    }
    return true;
  }

  BufferId checkedId(BufferId id) const {
    if (id < 0 || size_t(id) >= plan.buffers.size())
      throw std::out_of_range("executor: buffer id " + std::to_string(id) +
                              " is out of range");
    return id;
  }

  void bind(BufferId id, float *data) {
    const Buffer &buf = plan.buffers[size_t(checkedId(id))];
    if (buf.role == Role::Temp)
      throw std::invalid_argument("executor: cannot bind Temp buffer '" +
                                  buf.name +
                                  "'; its storage is shared with other Temps");
    float *target = data ? data : own[size_t(id)];
    if (buf.role == Role::External) {
      bool wasBound = current[size_t(id)] != nullptr;
      if (wasBound && !data)
        ++unboundExternals;
      else if (!wasBound && data)
        --unboundExternals;
    }
    repoint(id, target);
    for (BufferId v : viewsOf[size_t(id)])
      repoint(v, target ? target + plan.buffers[size_t(v)].view_col : nullptr);
  }

  void repoint(BufferId id, float *target) {
    current[size_t(id)] = target;
    for (const MemoryUse &u : users[size_t(id)])
      compiled[u.compiled].memories[u.memory].set_data_handle(target);
  }

  [[noreturn]] void failUnbound() const {
    for (size_t b = 0; b < plan.buffers.size(); ++b)
      if (plan.buffers[b].role == Role::External && !current[b])
        throw std::logic_error("executor: External buffer '" +
                               plan.buffers[b].name +
                               "' must be bound before run()");
    throw std::logic_error("executor: an External buffer is unbound");
  }

  /// Runs all steps; `stepMs`, if given, receives per-step times.
  void run(std::vector<double> *stepMs) {
    if (unboundExternals > 0)
      failUnbound();
    if (hasAdam || hasTheta) // one update per run
      ++adamT;
    bool pending = false; // primitives submitted since the last wait
    mirrors.staleAll();
    for (CompiledStep &c : compiled) {
      auto start = std::chrono::steady_clock::now();
      if (c.kind == CompiledStep::Kind::Primitive) {
        execute(c);
        pending = true;
      } else {
        // Host kernels read what the primitives wrote.
        if (pending)
          stream.wait();
        pending = false;
        if (c.kind == CompiledStep::Kind::Adam)
          runAdam(c);
        else if (c.kind == CompiledStep::Kind::Theta)
          runTheta(std::get<ThetaStep>(plan.steps[c.step]));
        else if (c.kind == CompiledStep::Kind::Copy)
          runCopy(plan.steps[c.step]);
        else if (c.kind == CompiledStep::Kind::BatchNorm)
          runBatchNorm(std::get<NormStep>(plan.steps[c.step]));
        else if (c.kind == CompiledStep::Kind::BatchNormBackward)
          runBatchNormBackward(std::get<NormBackwardStep>(plan.steps[c.step]));
        else if (c.kind == CompiledStep::Kind::RunningStats)
          runRunningStats(std::get<RunningStatsStep>(plan.steps[c.step]));
        else
          runBernoulli(std::get<BernoulliStep>(plan.steps[c.step]), c.step);
      }
      for (BufferId b : c.staleMirrors)
        mirrors.stale(b);
      if (stepMs) {
        stream.wait();
        std::chrono::duration<double, std::milli> d =
            std::chrono::steady_clock::now() - start;
        (*stepMs)[c.step] = d.count();
      }
    }
    stream.wait();
    if (hasBernoulli)
      ++draws;
  }

  void execute(CompiledStep &c) {
#ifdef OFEX_ASAN
    for (const ArgExtent &e : c.extents) {
      void *data = c.memories[e.memory].get_data_handle();
      if (void *bad = __asan_region_is_poisoned(data, e.bytes)) {
        std::fprintf(stderr,
                     "executor: step %zu (%s) would touch unaddressable "
                     "memory at %p in buffer '%s' (%zu bytes from %p)\n",
                     c.step, stepKindName(plan.steps[c.step]), bad,
                     plan.buffers[size_t(e.buffer)].name.c_str(), e.bytes,
                     data);
        __sanitizer_print_stack_trace();
        std::abort();
      }
    }
    // The staging copies read and write the buffers themselves.
    for (const CompiledStep::Staged &st : c.staged) {
      const void *data = current[size_t(st.buffer)];
      const size_t bytes = size_t(fp32Extent(st.buffer)) * sizeof(float);
      if (const void *bad =
              __asan_region_is_poisoned(const_cast<void *>(data), bytes)) {
        std::fprintf(stderr,
                     "executor: step %zu (%s) would stage unaddressable "
                     "memory at %p in buffer '%s' (%zu bytes from %p)\n",
                     c.step, stepKindName(plan.steps[c.step]), bad,
                     plan.buffers[size_t(st.buffer)].name.c_str(), bytes, data);
        __sanitizer_print_stack_trace();
        std::abort();
      }
    }
#endif
    // The host copies read what earlier primitives wrote (oneDNN's CPU
    // stream runs them synchronously; the wait costs nothing then).
    if (!c.staged.empty())
      stream.wait();
    stage(c, /*before=*/true);
    dnnl_status_t status = dnnl_primitive_execute(
        c.primitive.get(), stream.get(), int(c.args.size()), c.args.data());
    if (status != dnnl_success)
      throw std::runtime_error("executor: step " + std::to_string(c.step) +
                               " (" + stepKindName(plan.steps[c.step]) +
                               ") failed in oneDNN, status " +
                               std::to_string(int(status)));
    if (!c.staged.empty()) {
      stream.wait(); // the staged destination is complete
      stage(c, /*before=*/false);
    }
  }

  void runAdam(CompiledStep &c) {
    for (size_t k = 0; k < c.adamSteps.size(); ++k) {
      const auto &s = std::get<AdamStep>(plan.steps[c.adamSteps[k]]);
      c.segments[k] = {
          current[size_t(s.param)],
          current[size_t(s.grad)],
          current[size_t(s.m)],
          current[size_t(s.v)],
          plan.buffers[size_t(s.param)].elements(),
          detail::AdamCoefficients::at(s.lr, s.beta1, s.beta2, s.eps, adamT)};
    }
    detail::adamUpdate(c.segments.data(), c.segments.size());
  }

  float *ptr(BufferId id) const {
    return id == kNoBuffer ? nullptr : current[size_t(id)];
  }

  void runCopy(const Step &step) {
    BufferId src, dst;
    int64_t offset = 0;
    if (const auto *s = std::get_if<SliceStep>(&step)) {
      src = s->src, dst = s->dst, offset = s->offset;
    } else {
      const auto &r = std::get<ReorderStep>(step);
      src = r.src, dst = r.dst;
    }
    const Buffer &d = plan.buffers[size_t(dst)];
    detail::copyRows(current[size_t(src)] + offset,
                     plan.rowStride(plan.buffers[size_t(src)]),
                     current[size_t(dst)], plan.rowStride(d), d.rows, d.cols);
  }

  /// The operands both directions share.
  template <class S> detail::BatchNormArgs batchNormArgs(const S &s) const {
    detail::BatchNormArgs a;
    a.rows = plan.buffers[size_t(s.src)].rows;
    a.cols = plan.buffers[size_t(s.src)].cols;
    a.eps = s.eps;
    a.src = ptr(s.src);
    a.scale = ptr(s.scale);
    a.mean = ptr(s.mean);
    a.variance = ptr(s.variance);
    a.use_stats = s.use_stats;
    return a;
  }

  void runRunningStats(const RunningStatsStep &s) {
    const Buffer &src = plan.buffers[size_t(s.src)];
    detail::updateRunningStats(ptr(s.src), src.rows, src.cols, ptr(s.mean),
                               ptr(s.variance), float(s.momentum));
  }

  void runBatchNorm(const NormStep &s) {
    detail::BatchNormArgs a = batchNormArgs(s);
    a.shift = ptr(s.shift);
    a.dst = ptr(s.dst);
    detail::batchNormForward(a);
  }

  void runBatchNormBackward(const NormBackwardStep &s) {
    detail::BatchNormArgs a = batchNormArgs(s);
    a.diff_dst = ptr(s.diff_dst);
    a.diff_src = ptr(s.diff_src);
    a.diff_scale = ptr(s.diff_scale);
    a.diff_shift = ptr(s.diff_shift);
    detail::batchNormBackward(a);
  }

  void runTheta(const ThetaStep &s) {
    if (adamT <= s.freeze_steps)
      return;
    float *theta = current[size_t(s.theta)];
    const float *g = current[size_t(s.grad)];
    const float *c = current[size_t(s.penalty)];
    float *m = s.momentum > 0 ? current[size_t(s.velocity)] : nullptr;
    int64_t n = plan.buffers[size_t(s.theta)].elements();
    int64_t live = 0;
    for (int64_t j = 0; j < n; ++j)
      live += theta[j] > 0.0f;
    for (int64_t j = 0; j < n; ++j) {
      if (theta[j] <= 0.0f)
        continue; // pruned for good
      float step = g[j] + c[j];
      if (m) {
        m[j] = s.momentum * m[j] + (1.0f - s.momentum) * step;
        step = m[j];
      }
      float next = std::min(1.0f, std::max(0.0f, theta[j] - s.lr * step));
      if (next < s.tol) {
        if (s.keep_one && live == 1) {
          next = s.tol;
        } else {
          next = 0.0f;
          --live;
        }
      }
      theta[j] = next;
    }
  }

  void runBernoulli(const BernoulliStep &s, size_t step) {
    detail::sampleBernoulli(current[size_t(s.theta)], current[size_t(s.xi)],
                            plan.buffers[size_t(s.xi)].elements(), options.seed,
                            step, draws, s.relax);
  }

  Plan plan;
  dnnl::engine engine;
  dnnl::stream stream;
  ExecutorOptions options;
  StoragePlan storage;
  detail::AlignedBuffer<> arena;
  detail::AlignedBuffer<> scratchpad;
  detail::AlignedBuffer<> ones; ///< constant 1s for sums done as matmuls
  /// The running primitive's staged arguments (Precision::BF16).
  detail::AlignedBuffer<> stagingArea;
  detail::Bf16Mirrors mirrors{plan};
  std::vector<float *> own;                   ///< executor storage per buffer
  std::vector<float *> current;               ///< what steps use: own or bound
  std::vector<std::vector<BufferId>> viewsOf; ///< per root, its views
  std::vector<CompiledStep> compiled;
  std::vector<std::vector<MemoryUse>> users;
  size_t unboundExternals = 0;
  size_t primitives = 0;
  bool hasAdam = false;
  bool hasBernoulli = false;
  bool hasTheta = false;
  int64_t adamT = 0;
  uint64_t draws = 0;
};

Executor::Executor(Plan plan, const dnnl::engine &engine,
                   const dnnl::stream &stream, ExecutorOptions options)
    : impl(std::make_unique<Impl>(std::move(plan), engine, stream, options)) {}

Executor::Executor(Plan plan, ExecutorOptions options) {
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  impl = std::make_unique<Impl>(std::move(plan), engine, stream, options);
}

Executor::~Executor() = default;
Executor::Executor(Executor &&) noexcept = default;
Executor &Executor::operator=(Executor &&) noexcept = default;

void Executor::bind(std::string_view name, float *data) {
  impl->bind(impl->plan.id(name), data);
}
void Executor::bind(BufferId id, float *data) { impl->bind(id, data); }

float *Executor::data(std::string_view name) {
  return impl->current[size_t(impl->plan.id(name))];
}
float *Executor::data(BufferId id) {
  return impl->current[size_t(impl->checkedId(id))];
}
const float *Executor::data(std::string_view name) const {
  return impl->current[size_t(impl->plan.id(name))];
}
const float *Executor::data(BufferId id) const {
  return impl->current[size_t(impl->checkedId(id))];
}

void Executor::run() { impl->run(nullptr); }
void Executor::runProfiled(std::vector<double> &stepMs) {
  stepMs.assign(impl->plan.steps.size(), 0.0);
  impl->run(&stepMs);
}

int64_t Executor::adamStep() const { return impl->adamT; }
void Executor::setAdamStep(int64_t t) {
  if (t < 0)
    throw std::invalid_argument("executor: Adam step count must be >= 0");
  impl->adamT = t;
}
uint64_t Executor::samplerCounter() const { return impl->draws; }
void Executor::setSamplerCounter(uint64_t counter) { impl->draws = counter; }

const Plan &Executor::plan() const { return impl->plan; }
const StoragePlan &Executor::storage() const { return impl->storage; }
size_t Executor::primitiveCount() const { return impl->primitives; }
size_t Executor::scratchpadBytes() const { return impl->scratchpad.size(); }
std::vector<std::vector<size_t>> Executor::adamGroups() const {
  std::vector<std::vector<size_t>> groups;
  for (const CompiledStep &c : impl->compiled)
    if (c.kind == CompiledStep::Kind::Adam)
      groups.push_back(c.adamSteps);
  return groups;
}

} // namespace ofex::exec
