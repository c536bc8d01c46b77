//===- BinaryTest.cpp - Binary ops with row/column/scalar broadcasting ----===//

#include "TestUtil.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace ofex::exec::test {
namespace {

double refBinary(BinaryAlg alg, double a, double b) {
  switch (alg) {
  case BinaryAlg::Add:
    return a + b;
  case BinaryAlg::Sub:
    return a - b;
  case BinaryAlg::Mul:
    return a * b;
  case BinaryAlg::Div:
    return a / b;
  case BinaryAlg::Max:
    return std::max(a, b);
  case BinaryAlg::Min:
    return std::min(a, b);
  }
  return 0;
}

const char *algName(BinaryAlg alg) {
  const char *names[] = {"Add", "Sub", "Mul", "Div", "Max", "Min"};
  return names[int(alg)];
}

enum class Broadcast { None, Row, Column, Scalar };

// (alg, broadcast of rhs, in place into lhs)
using BinaryParam = std::tuple<BinaryAlg, Broadcast, bool>;

class BinaryTest : public ::testing::TestWithParam<BinaryParam> {};

TEST_P(BinaryTest, MatchesReference) {
  auto [alg, bc, inPlace] = GetParam();
  const int64_t B = 9, N = 17;
  int64_t rr = (bc == Broadcast::None || bc == Broadcast::Column) ? B : 1;
  int64_t rc = (bc == Broadcast::None || bc == Broadcast::Row) ? N : 1;
  Plan plan;
  BufferId lhs = plan.addBuffer("lhs", B, N, Role::Owned);
  BufferId rhs = plan.addBuffer("rhs", rr, rc, Role::Owned);
  BufferId dst = inPlace ? lhs : plan.addBuffer("dst", B, N, Role::Owned);
  plan.addStep(BinaryStep{alg, lhs, rhs, dst});
  Executor exec(std::move(plan));
  std::vector<float> a = randomVector(size_t(B * N), 21);
  // Divisors kept away from 0.
  std::vector<float> b = randomVector(size_t(rr * rc), 22, 0.5f, 2.0f);
  for (size_t i = 0; i < b.size(); i += 2)
    b[i] = -b[i];
  fill(exec, "lhs", a);
  fill(exec, "rhs", b);
  exec.run();
  std::vector<double> want(a.size());
  for (int64_t i = 0; i < B; ++i)
    for (int64_t j = 0; j < N; ++j) {
      int64_t bi = rr == 1 ? 0 : i, bj = rc == 1 ? 0 : j;
      want[size_t(i * N + j)] =
          refBinary(alg, a[size_t(i * N + j)], b[size_t(bi * rc + bj)]);
    }
  EXPECT_TRUE(allClose(exec.data(inPlace ? "lhs" : "dst"), want));
}

std::string binaryName(const ::testing::TestParamInfo<BinaryParam> &info) {
  auto [alg, bc, inPlace] = info.param;
  const char *bcs[] = {"Full", "Row", "Column", "Scalar"};
  return std::string(algName(alg)) + bcs[int(bc)] + (inPlace ? "InPlace" : "");
}

INSTANTIATE_TEST_SUITE_P(
    AllAlgorithms, BinaryTest,
    ::testing::Combine(::testing::Values(BinaryAlg::Add, BinaryAlg::Sub,
                                         BinaryAlg::Mul, BinaryAlg::Div,
                                         BinaryAlg::Max, BinaryAlg::Min),
                       ::testing::Values(Broadcast::None, Broadcast::Row,
                                         Broadcast::Column, Broadcast::Scalar),
                       ::testing::Bool()),
    binaryName);

TEST(Binary, RejectsNonBroadcastableRhs) {
  Plan plan;
  BufferId lhs = plan.addBuffer("lhs", 4, 6, Role::Owned);
  BufferId rhs = plan.addBuffer("rhs", 2, 6, Role::Owned);
  plan.addStep(BinaryStep{BinaryAlg::Mul, lhs, rhs, lhs});
  EXPECT_THROW(Executor exec(std::move(plan)), PlanError);
}

} // namespace
} // namespace ofex::exec::test
