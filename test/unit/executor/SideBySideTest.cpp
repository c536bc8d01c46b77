//===- SideBySideTest.cpp - Two executors at once, one thread each --------===//
//
// runSideBySide runs each function on one OpenMP thread, so every oneDNN
// primitive inside runs on one thread although it was created for two. The
// results must be those of the usual run, bit for bit: the training agent
// relies on it (resume reproducibility, and the same numbers as before).
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "ofex/exec/MlpPlan.h"
#include "ofex/exec/Threads.h"

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

TEST(SideBySide, SameBitsAsRunningAlone) {
  if (maxThreads() < 2)
    GTEST_SKIP() << "needs two OpenMP threads";
  MlpPlanOptions o = criticLike();
  auto x = randomVector(size_t(o.batch * o.widths[0]), 1);
  auto y = randomVector(size_t(o.batch), 2);
  auto x2 = randomVector(size_t(o.batch * o.widths[0]), 3);
  std::vector<std::unique_ptr<Executor>> ex;
  for (int i = 0; i < 3; ++i) {
    ex.push_back(std::make_unique<Executor>(buildMlpTrainingPlan(o)));
    initMlpParameters(*ex.back(), o, 7);
    ex.back()->bind("x", i == 2 ? x2.data() : x.data());
    ex.back()->bind("y", y.data());
  }
  for (int step = 0; step < 5; ++step) {
    ex[0]->run();
    runSideBySide([&] { ex[1]->run(); }, [&] { ex[2]->run(); });
  }
  const size_t layers = o.widths.size() - 1;
  std::vector<float> alone = params(*ex[0], layers);
  EXPECT_EQ(alone, params(*ex[1], layers));
  EXPECT_NE(alone, params(*ex[2], layers)) << "the other input changed nothing";
  EXPECT_EQ(ex[0]->data("loss")[0], ex[1]->data("loss")[0]);
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
