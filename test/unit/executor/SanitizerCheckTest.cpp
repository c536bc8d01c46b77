//===- SanitizerCheckTest.cpp - oneDNN's memory accesses under ASan -------===//
//
// oneDNN is not built with AddressSanitizer, so a primitive writing into a
// freed or too small buffer goes unseen unless the executor checks the
// regions it hands over. In the sanitizer build it does; elsewhere the test
// is skipped.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <memory>

#if defined(__SANITIZE_ADDRESS__)
#define OFEX_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OFEX_TEST_ASAN 1
#endif
#endif

namespace ofex::exec::test {
namespace {

/// dst = src * w for a bound External src of M x K.
std::unique_ptr<Executor> matmulExecutor(int64_t M, int64_t K, int64_t N) {
  Plan plan;
  MatmulStep mm;
  mm.src = plan.addBuffer("src", M, K, Role::External);
  mm.weights = plan.addBuffer("w", K, N, Role::Owned);
  mm.dst = plan.addBuffer("dst", M, N, Role::Owned);
  plan.addStep(mm);
  return std::make_unique<Executor>(std::move(plan));
}

TEST(SanitizerCheck, ABufferOfTheRightSizeRuns) {
  auto exec = matmulExecutor(8, 16, 4);
  std::vector<float> src(8 * 16, 1.0f);
  exec->bind("src", src.data());
  fill(*exec, "w", std::vector<float>(16 * 4, 0.5f));
  exec->run();
  EXPECT_FLOAT_EQ(exec->data("dst")[0], 8.0f);
}

#ifdef OFEX_TEST_ASAN
TEST(SanitizerCheckDeathTest, ATooSmallExternalBufferIsReported) {
  auto exec = matmulExecutor(8, 16, 4);
  // Half the rows the plan reads: oneDNN would read past the end.
  auto src = std::make_unique<float[]>(4 * 16);
  exec->bind("src", src.get());
  EXPECT_DEATH(exec->run(), "step 0 \\(matmul\\) would touch unaddressable "
                            "memory .* in buffer 'src'");
}

TEST(SanitizerCheckDeathTest, AFreedExternalBufferIsReported) {
  auto exec = matmulExecutor(8, 16, 4);
  float *stale = nullptr;
  {
    std::vector<float> src(8 * 16, 1.0f);
    stale = src.data();
  } // freed: what a binding left behind by a resized state vector points to
  exec->bind("src", stale);
  EXPECT_DEATH(exec->run(), "would touch unaddressable memory");
}
#else
TEST(SanitizerCheckDeathTest, OnlyInTheSanitizerBuild) {
  GTEST_SKIP() << "AddressSanitizer is not enabled in this build";
}
#endif

} // namespace
} // namespace ofex::exec::test
