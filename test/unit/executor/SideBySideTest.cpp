//===- SideBySideTest.cpp - Two executors at once, one thread each --------===//
//
// runSideBySide runs each function on one OpenMP thread, so every oneDNN
// primitive inside runs on one thread although it was created for two. The
// training agent relies on side-by-side runs being reproducible bit for bit
// (resume equals an uninterrupted run). Whether they also equal the usual
// two-thread run bit for bit depends on the kernels oneDNN picks: with
// AVX-512 (brgemm) they do; with AVX2 (gemm:jit, seen on an AMD EPYC) a
// two-thread matmul splits its reduction across threads and rounds
// differently, so there the two agree only to rounding.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "ofex/exec/MlpPlan.h"
#include "ofex/exec/Threads.h"

#include "oneapi/dnnl/dnnl.hpp"

#include <cmath>
#include <stdexcept>

namespace ofex::exec::test {
namespace {

/// A critic-like MLP at batch 256: its weight gradients reduce over the batch
/// (K = 256 with small M x N, where oneDNN may split K across threads), its
/// bias gradients are 1 x N sums done as matmuls.
MlpPlanOptions criticLike() {
  MlpPlanOptions o;
  o.widths = {503, 256, 30, 1};
  o.batch = 256;
  return o;
}

std::vector<float> params(Executor &exec, size_t layers) {
  std::vector<float> all;
  for (size_t l = 1; l <= layers; ++l) // MlpPlan names layers from 1
    for (const char *p : {"W", "b"}) {
      std::string name = std::string(p) + std::to_string(l);
      const Buffer &b = exec.plan().buffer(exec.plan().id(name));
      const float *d = exec.data(name);
      all.insert(all.end(), d, d + b.elements());
    }
  return all;
}

TEST(SideBySide, ReproducibleAndAsRunningAlone) {
  if (maxThreads() < 2)
    GTEST_SKIP() << "needs two OpenMP threads";
  MlpPlanOptions o = criticLike();
  auto x = randomVector(size_t(o.batch * o.widths[0]), 1);
  auto y = randomVector(size_t(o.batch), 2);
  auto x2 = randomVector(size_t(o.batch * o.widths[0]), 3);
  // 0 runs alone; 1 and 2 side by side, then 3 and 4 side by side (3 on the
  // same input as 1).
  std::vector<std::unique_ptr<Executor>> ex;
  for (int i = 0; i < 5; ++i) {
    ex.push_back(std::make_unique<Executor>(buildMlpTrainingPlan(o)));
    initMlpParameters(*ex.back(), o, 7);
    ex.back()->bind("x", i == 2 || i == 4 ? x2.data() : x.data());
    ex.back()->bind("y", y.data());
  }
  for (int step = 0; step < 5; ++step) {
    ex[0]->run();
    runSideBySide([&] { ex[1]->run(); }, [&] { ex[2]->run(); });
    runSideBySide([&] { ex[3]->run(); }, [&] { ex[4]->run(); });
  }
  const size_t layers = o.widths.size() - 1;
  std::vector<float> alone = params(*ex[0], layers);
  std::vector<float> side = params(*ex[1], layers);
  EXPECT_EQ(side, params(*ex[3], layers));
  EXPECT_EQ(params(*ex[2], layers), params(*ex[4], layers));
  EXPECT_NE(side, params(*ex[2], layers)) << "the other input changed nothing";
  ASSERT_EQ(alone.size(), side.size());
  // Adam steps of lr 1e-3 on weights of ~0.05: a different rounding in
  // the gradients moves a weight by far less than one step.
  double worst = 0;
  for (size_t i = 0; i < alone.size(); ++i)
    worst = std::max(worst, double(std::fabs(alone[i] - side[i])));
  EXPECT_LT(worst, 1e-5);
  if (dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core) {
    EXPECT_EQ(alone, side);
    EXPECT_EQ(ex[0]->data("loss")[0], ex[1]->data("loss")[0]);
  }
}

TEST(SideBySide, RunsBothAndRethrows) {
  int ran = 0;
  EXPECT_THROW(runSideBySide([&] { ++ran; },
                             [&] {
                               ++ran;
                               throw std::runtime_error("b failed");
                             }),
               std::runtime_error);
  EXPECT_EQ(ran, 2);
  int a = 0, b = 0;
  runSideBySide([&] { a = 1; }, [&] { b = 2; });
  EXPECT_EQ(a + b, 3);
}

} // namespace
} // namespace ofex::exec::test
