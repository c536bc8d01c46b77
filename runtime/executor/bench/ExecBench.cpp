//===- ExecBench.cpp - Time a oneDNN matmul and an MLP training plan ------===//
//
// (a) one oneDNN matmul 256x503 x 503x256, the best case for this machine;
// (b) the executor running a 503-256-256-1 MLP forward + backward + Adam step
//     at batch 256.
// Both are timed in the same process so their GFLOP/s compare directly; the
// plan's FLOPs count only its matmuls, so its gap to (a) is the cost of
// everything else (eltwise, reductions, Adam, per-step overhead).
//
//===----------------------------------------------------------------------===//

#include "ofex/exec/Executor.h"
#include "ofex/exec/MlpPlan.h"
#include "ofex/exec/Threads.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace ofex::exec;

struct Options {
  int iters = 200;
  int repeats = 5;
  int threads = 0; // 0: OpenMP's default
  bool json = false;
  bool profile = false; // per-step times of the plan
};

struct Timing {
  double ms = 0;     ///< median over repeats of the mean time per iteration
  double gflops = 0; ///< at that time
};

[[noreturn]] void usage(const char *argv0, int code) {
  std::fprintf(
      code ? stderr : stdout,
      "usage: %s [--iters N] [--repeats N] [--threads N] [--json] [--profile]\n"
      "Times a 256x503 x 503x256 oneDNN matmul and a 503-256-256-1 "
      "MLP training-step plan (batch 256) in the same run;\n"
      "--profile adds the plan's per-step times.\n",
      argv0);
  std::exit(code);
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> int {
      if (i + 1 >= argc)
        usage(argv[0], 2);
      int v = std::atoi(argv[++i]);
      if (v <= 0)
        usage(argv[0], 2);
      return v;
    };
    if (a == "--iters")
      o.iters = value();
    else if (a == "--repeats")
      o.repeats = value();
    else if (a == "--threads")
      o.threads = value();
    else if (a == "--json")
      o.json = true;
    else if (a == "--profile")
      o.profile = true;
    else if (a == "--help" || a == "-h")
      usage(argv[0], 0);
    else
      usage(argv[0], 2);
  }
  return o;
}

Timing measure(const Options &o, double flops, const std::function<void()> &f) {
  for (int i = 0; i < std::max(10, o.iters / 10); ++i) // warm caches, JIT
    f();
  std::vector<double> means;
  for (int r = 0; r < o.repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < o.iters; ++i)
      f();
    std::chrono::duration<double, std::milli> d =
        std::chrono::steady_clock::now() - start;
    means.push_back(d.count() / o.iters);
  }
  std::sort(means.begin(), means.end());
  Timing t;
  t.ms = means[means.size() / 2];
  t.gflops = flops / (t.ms * 1e6);
  return t;
}

std::vector<float> randomVector(size_t n, std::mt19937_64 &rng) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  if (o.threads > 0)
    setThreads(o.threads);
  std::mt19937_64 rng(1);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);

  // (a) The plain matmul, built directly on oneDNN.
  const int64_t M = 256, K = 503, N = 256;
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::memory::desc aMd({M, K}, dt::f32, tag::ab),
      bMd({K, N}, dt::f32, tag::ab), cMd({M, N}, dt::f32, tag::ab);
  std::vector<float> a = randomVector(size_t(M * K), rng),
                     b = randomVector(size_t(K * N), rng), c(size_t(M * N));
  dnnl::memory aMem(aMd, engine, a.data()), bMem(bMd, engine, b.data()),
      cMem(cMd, engine, c.data());
  dnnl::matmul mm(
      dnnl::matmul::primitive_desc(dnnl::matmul::desc(aMd, bMd, cMd), engine));
  std::unordered_map<int, dnnl::memory> args = {
      {DNNL_ARG_SRC, aMem}, {DNNL_ARG_WEIGHTS, bMem}, {DNNL_ARG_DST, cMem}};
  Timing matmul = measure(o, 2.0 * M * N * K, [&] {
    mm.execute(stream, args);
    stream.wait();
  });

  // (b) The whole training step as a plan.
  MlpPlanOptions mlp;
  mlp.widths = {503, 256, 256, 1};
  mlp.batch = 256;
  Plan plan = buildMlpTrainingPlan(mlp);
  double planFlops = planMatmulFlops(plan);
  size_t steps = plan.steps.size();
  Executor exec(std::move(plan), engine, stream);
  initMlpParameters(exec, mlp, 2);
  std::vector<float> x = randomVector(size_t(mlp.batch * 503), rng),
                     y = randomVector(size_t(mlp.batch), rng);
  exec.bind("x", x.data());
  exec.bind("y", y.data());
  Timing step = measure(o, planFlops, [&] { exec.run(); });

  if (o.profile && !o.json) {
    std::vector<double> sum(exec.plan().steps.size(), 0.0), ms;
    for (int i = 0; i < o.iters; ++i) {
      exec.runProfiled(ms);
      for (size_t k = 0; k < ms.size(); ++k)
        sum[k] += ms[k];
    }
    std::printf("per step (mean ms over %d profiled runs, waiting after "
                "each step):\n",
                o.iters);
    for (size_t k = 0; k < sum.size(); ++k) {
      const Step &st = exec.plan().steps[k];
      StepAccess acc = stepAccess(st);
      const Buffer &out = exec.plan().buffer(acc.writes.front());
      std::printf("  %2zu %-16s -> %-6s %4lldx%-4lld %8.4f\n", k,
                  stepKindName(st), out.name.c_str(), (long long)out.rows,
                  (long long)out.cols, sum[k] / o.iters);
    }
  }

  const StoragePlan &sp = exec.storage();
  if (o.json) {
    std::printf(
        "{\"threads\": %d, \"iters\": %d, \"repeats\": %d,\n"
        " \"matmul\": {\"shape\": \"256x503x256\", \"ms\": %.4f, "
        "\"gflops\": %.2f},\n"
        " \"mlp_step\": {\"widths\": \"503-256-256-1\", \"batch\": 256, "
        "\"steps\": %zu, \"matmul_gflop\": %.4f, \"ms\": %.4f, "
        "\"gflops\": %.2f, \"fraction_of_matmul\": %.3f,\n"
        "   \"temp_bytes\": %zu, \"temp_bytes_no_reuse\": %zu, "
        "\"owned_bytes\": %zu, \"scratchpad_bytes\": %zu}}\n",
        maxThreads(), o.iters, o.repeats, matmul.ms, matmul.gflops, steps,
        planFlops / 1e9, step.ms, step.gflops, step.gflops / matmul.gflops,
        sp.temp_bytes, sp.temp_bytes_no_reuse, sp.owned_bytes,
        exec.scratchpadBytes());
  } else {
    std::printf("threads %d, %d iterations x %d repeats (median)\n",
                maxThreads(), o.iters, o.repeats);
    std::printf("matmul 256x503 x 503x256:        %8.4f ms  %7.2f GFLOP/s\n",
                matmul.ms, matmul.gflops);
    std::printf("mlp 503-256-256-1 step, B=256:   %8.4f ms  %7.2f GFLOP/s "
                "(%.0f%% of matmul; %zu steps, %.3f GFLOP)\n",
                step.ms, step.gflops, 100.0 * step.gflops / matmul.gflops,
                steps, planFlops / 1e9);
    std::printf("temp storage %zu bytes (%zu without reuse), owned %zu, "
                "scratchpad %zu\n",
                sp.temp_bytes, sp.temp_bytes_no_reuse, sp.owned_bytes,
                exec.scratchpadBytes());
  }
  return 0;
}
