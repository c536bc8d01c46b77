//===- Bf16MatmulTest.cpp - Matmuls on bfloat16 copies of their operands --===//
//
// Precision::BF16 rounds both operands of a matmul to bfloat16 (to nearest,
// ties to even; denormals to zero, as AVX-512 BF16 does) and accumulates in
// fp32. The references here round with their own code: from the two
// bfloat16 neighbours of each value.
//
//===----------------------------------------------------------------------===//

#include "Reference.h"
#include "TestUtil.h"

#include <cstring>
#include <tuple>

namespace ofex::exec::test {
namespace {

/// The bfloat16 value nearest to x, ties to the even one.
float nearestBf16(float x) {
  if (std::fpclassify(x) == FP_SUBNORMAL || x == 0.0f)
    return std::signbit(x) ? -0.0f : 0.0f;
  uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  uint32_t towardZero = u & 0xffff0000u, awayFromZero = towardZero + 0x10000u;
  float a, b;
  std::memcpy(&a, &towardZero, sizeof a);
  std::memcpy(&b, &awayFromZero, sizeof b);
  const double da = std::fabs(double(x) - a), db = std::fabs(double(b) - x);
  if (da != db)
    return da < db ? a : b;
  return (towardZero & 0x10000u) == 0 ? a : b;
}

bool bf16Available() { return cpuHasBf16(); }

std::vector<float>
run(Plan plan, Precision precision, int64_t minDepth,
    const std::vector<std::pair<const char *, const std::vector<float> *>>
        &inputs) {
  ExecutorOptions options;
  options.precision = precision;
  options.bf16_min_depth = minDepth;
  Executor exec(std::move(plan), options);
  for (const auto &[name, values] : inputs)
    fill(exec, name, *values);
  exec.run();
  const float *d = exec.data("dst");
  return std::vector<float>(
      d, d + exec.plan().buffer(exec.plan().id("dst")).elements());
}

// Times the identity, the product is the rounded source itself: every
// element of it is exactly its nearest bfloat16, ties and denormals included.
TEST(Bf16MatmulTest, RoundsOperandsToNearestEven) {
  if (!bf16Available())
    GTEST_SKIP() << "no AVX-512 BF16 on this CPU";
  const int64_t M = 3, K = 24;
  std::vector<float> src = randomVector(size_t(M * K), 11, -3, 3);
  const float ties[] = {1.0f + 0x1p-8f,    1.0f + 0x3p-8f,    -(1.0f + 0x1p-8f),
                        -(1.0f + 0x3p-8f), 1.0f + 0x1.01p-8f, 1e-40f,
                        -1e-40f,           3.0e38f,           1e-38f};
  std::copy(std::begin(ties), std::end(ties), src.begin());
  std::vector<float> eye(size_t(K * K), 0.0f);
  for (int64_t k = 0; k < K; ++k)
    eye[size_t(k * K + k)] = 1.0f;
  Plan plan;
  MatmulStep mm;
  mm.src = plan.addBuffer("src", M, K, Role::Owned);
  mm.weights = plan.addBuffer("w", K, K, Role::Owned);
  mm.dst = plan.addBuffer("dst", M, K, Role::Owned);
  plan.addStep(mm);
  std::vector<float> got =
      run(std::move(plan), Precision::BF16, 1, {{"src", &src}, {"w", &eye}});
  int rounded = 0;
  for (size_t i = 0; i < src.size(); ++i) {
    EXPECT_EQ(got[i], nearestBf16(src[i]))
        << "element " << i << " = " << src[i];
    rounded += got[i] != src[i];
  }
  EXPECT_GT(rounded, int(src.size()) / 2); // random values rarely fit 8 bits
}

// A contraction shorter than ExecutorOptions::bf16_min_depth stays fp32
// (AMX would pad it with zeros): the same bits as the fp32 executor's.
TEST(Bf16MatmulTest, ShortContractionsStayFp32) {
  if (!bf16Available())
    GTEST_SKIP() << "no AVX-512 BF16 on this CPU";
  const int64_t M = 9, K = 17, N = 40;
  auto build = [&] {
    Plan plan;
    MatmulStep mm;
    mm.src = plan.addBuffer("src", M, K, Role::Owned);
    mm.weights = plan.addBuffer("w", K, N, Role::Owned);
    mm.dst = plan.addBuffer("dst", M, N, Role::Owned);
    plan.addStep(mm);
    return plan;
  };
  std::vector<float> src = randomVector(size_t(M * K), 5),
                     w = randomVector(size_t(K * N), 6);
  std::vector<float> bf16 =
      run(build(), Precision::BF16, 32, {{"src", &src}, {"w", &w}});
  std::vector<float> fp32 =
      run(build(), Precision::F32, 32, {{"src", &src}, {"w", &w}});
  EXPECT_EQ(bf16, fp32);
  EXPECT_NE(run(build(), Precision::BF16, 17, {{"src", &src}, {"w", &w}}),
            fp32);
}

// (trans_src, trans_weights, src is a column view of a wider buffer)
using Bf16Param = std::tuple<bool, bool, bool>;
class Bf16MatmulLayoutTest : public ::testing::TestWithParam<Bf16Param> {};

// Every layout the plans use: the product of the rounded operands, summed
// in fp32 (1e-5 relative), with bias, accumulation and post-ops in fp32;
// and far from the fp32 product, so the rounding did happen.
TEST_P(Bf16MatmulLayoutTest, EqualsProductOfRoundedOperands) {
  if (!bf16Available())
    GTEST_SKIP() << "no AVX-512 BF16 on this CPU";
  auto [transSrc, transW, view] = GetParam();
  const int64_t M = 13, K = 37, N = 21, extra = view ? 5 : 0;
  const int64_t srcRows = transSrc ? K : M, srcCols = transSrc ? M : K;
  // A column view (copy elision turns the slice into one) reads its rows
  // with the wide buffer's stride.
  Plan plan;
  MatmulStep mm;
  BufferId wide = plan.addBuffer("wide", srcRows, srcCols + extra, Role::Owned);
  if (view) {
    mm.src = plan.addBuffer("src", srcRows, srcCols, Role::Temp);
    plan.addStep(SliceStep{wide, mm.src, 3});
  } else {
    mm.src = wide;
  }
  mm.weights = transW ? plan.addBuffer("w", N, K, Role::Owned)
                      : plan.addBuffer("w", K, N, Role::Owned);
  mm.bias = plan.addBuffer("b", 1, N, Role::Owned);
  mm.dst = plan.addBuffer("dst", M, N, Role::Owned);
  mm.trans_src = transSrc;
  mm.trans_weights = transW;
  mm.accumulate = true;
  mm.post_ops = {Activation::relu(0.1f)};
  plan.addStep(mm);
  Plan plan32 = plan;
  if (view) { // the executor reads it in place, with the wide stride
    Executor elided{Plan(plan)};
    EXPECT_TRUE(elided.plan().buffer(elided.plan().id("src")).isView());
  }

  std::vector<float> wideValues =
      randomVector(size_t(srcRows * (srcCols + extra)), 1);
  std::vector<float> w = randomVector(size_t(K * N), 2);
  std::vector<float> bias = randomVector(size_t(N), 3);
  std::vector<float> dst0 = randomVector(size_t(M * N), 4);
  auto inputs =
      std::vector<std::pair<const char *, const std::vector<float> *>>{
          {"wide", &wideValues}, {"w", &w}, {"b", &bias}, {"dst", &dst0}};
  std::vector<float> got = run(std::move(plan), Precision::BF16, 32, inputs);
  std::vector<float> got32 = run(std::move(plan32), Precision::F32, 32, inputs);

  auto srcAt = [&](int64_t m, int64_t k) {
    int64_t r = transSrc ? k : m, c = (transSrc ? m : k) + (view ? 3 : 0);
    return wideValues[size_t(r * (srcCols + extra) + c)];
  };
  auto wAt = [&](int64_t k, int64_t n) {
    return transW ? w[size_t(n * K + k)] : w[size_t(k * N + n)];
  };
  std::vector<double> want(size_t(M * N));
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double acc = 0;
      for (int64_t k = 0; k < K; ++k)
        acc += double(nearestBf16(srcAt(m, k))) * nearestBf16(wAt(k, n));
      acc += bias[size_t(n)] + dst0[size_t(m * N + n)];
      want[size_t(m * N + n)] = refEltwise(Activation::relu(0.1f), acc);
    }
  EXPECT_TRUE(allClose(got.data(), want, 1e-5));
  double furthest = 0;
  for (size_t i = 0; i < got.size(); ++i)
    furthest = std::max(furthest, std::fabs(double(got[i]) - got32[i]));
  EXPECT_GT(furthest, 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Layouts, Bf16MatmulLayoutTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Bool(),
                                            ::testing::Bool()));

} // namespace
} // namespace ofex::exec::test
