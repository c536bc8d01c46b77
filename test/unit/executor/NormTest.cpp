//===- NormTest.cpp - Batch and layer normalization, forward and backward -===//

#include "TestUtil.h"

#include <cmath>
#include <string>
#include <tuple>
#include <utility>

namespace ofex::exec::test {
namespace {

constexpr double kEps = 1e-5;

/// Statistics of a B x N matrix by the textbook definitions: per column over
/// the rows (batch) or per row over the columns (layer), biased variance.
struct RefNorm {
  NormKind kind;
  int64_t B, N;
  std::vector<double> mean, var;

  size_t groups() const { return size_t(kind == NormKind::Batch ? N : B); }
  double groupSize() const { return double(kind == NormKind::Batch ? B : N); }
  size_t group(int64_t i, int64_t j) const {
    return size_t(kind == NormKind::Batch ? j : i);
  }
  double inv(int64_t i, int64_t j) const {
    return 1.0 / std::sqrt(var[group(i, j)] + kEps);
  }

  RefNorm(NormKind k, int64_t b, int64_t n, const std::vector<float> &x)
      : kind(k), B(b), N(n), mean(groups(), 0.0), var(groups(), 0.0) {
    for (int64_t i = 0; i < B; ++i)
      for (int64_t j = 0; j < N; ++j)
        mean[group(i, j)] += x[size_t(i * N + j)];
    for (double &m : mean)
      m /= groupSize();
    for (int64_t i = 0; i < B; ++i)
      for (int64_t j = 0; j < N; ++j) {
        double d = x[size_t(i * N + j)] - mean[group(i, j)];
        var[group(i, j)] += d * d;
      }
    for (double &v : var)
      v /= groupSize();
  }

  double xhat(const std::vector<float> &x, int64_t i, int64_t j) const {
    return (x[size_t(i * N + j)] - mean[group(i, j)]) * inv(i, j);
  }
};

std::vector<double> refForward(const RefNorm &r, const std::vector<float> &x,
                               const std::vector<float> *scale,
                               const std::vector<float> *shift) {
  std::vector<double> y(size_t(r.B * r.N));
  for (int64_t i = 0; i < r.B; ++i)
    for (int64_t j = 0; j < r.N; ++j)
      y[size_t(i * r.N + j)] = r.xhat(x, i, j) * (scale ? (*scale)[j] : 1.0) +
                               (shift ? (*shift)[j] : 0.0);
  return y;
}

struct RefGrads {
  std::vector<double> dx, dscale, dshift;
};

/// The closed form: with xh = (x - mean) * inv and dxh = dy * scale,
/// dx = inv * (dxh - mean_g(dxh) - xh * mean_g(dxh * xh)) over each
/// statistics group g; dscale = sum_rows(dy * xh), dshift = sum_rows(dy).
RefGrads refBackward(const RefNorm &r, const std::vector<float> &x,
                     const std::vector<float> &dy,
                     const std::vector<float> *scale) {
  const int64_t B = r.B, N = r.N;
  std::vector<double> meanDxh(r.groups(), 0.0), meanDxhXh(r.groups(), 0.0);
  RefGrads g{std::vector<double>(size_t(B * N)), std::vector<double>(size_t(N)),
             std::vector<double>(size_t(N))};
  for (int64_t i = 0; i < B; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double d = dy[size_t(i * N + j)];
      double dxh = d * (scale ? (*scale)[j] : 1.0);
      double xh = r.xhat(x, i, j);
      meanDxh[r.group(i, j)] += dxh / r.groupSize();
      meanDxhXh[r.group(i, j)] += dxh * xh / r.groupSize();
      g.dscale[size_t(j)] += d * xh;
      g.dshift[size_t(j)] += d;
    }
  for (int64_t i = 0; i < B; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double dxh = dy[size_t(i * N + j)] * (scale ? (*scale)[j] : 1.0);
      size_t k = r.group(i, j);
      g.dx[size_t(i * N + j)] =
          r.inv(i, j) * (dxh - meanDxh[k] - r.xhat(x, i, j) * meanDxhXh[k]);
    }
  return g;
}

/// Which affine parameters the normalization has.
enum class Affine { ScaleShift, ScaleOnly, ShiftOnly, None };
bool hasScale(Affine a) {
  return a == Affine::ScaleShift || a == Affine::ScaleOnly;
}
bool hasShift(Affine a) {
  return a == Affine::ScaleShift || a == Affine::ShiftOnly;
}

/// Rows x columns: odd sizes; an OFENet layer at batch 256; more columns than
/// the host batch-norm kernel handles per pass (256).
using Shape = std::pair<int64_t, int64_t>;
using NormParam = std::tuple<NormKind, Affine, Shape>;

class NormTest : public ::testing::TestWithParam<NormParam> {
protected:
  const int64_t B = std::get<2>(GetParam()).first;
  const int64_t N = std::get<2>(GetParam()).second;

  /// x with a non-zero mean, so a missing centring would show.
  std::vector<float> x = randomVector(size_t(B * N), 91, -1.0f, 3.0f);
  std::vector<float> scale = randomVector(size_t(N), 92, 0.5f, 2.0f);
  std::vector<float> shift = randomVector(size_t(N), 93);
  std::vector<float> dy = randomVector(size_t(B * N), 94);

  int64_t statRows(NormKind kind) const {
    return kind == NormKind::Batch ? 1 : B;
  }
  int64_t statCols(NormKind kind) const {
    return kind == NormKind::Batch ? N : 1;
  }
};

TEST_P(NormTest, ForwardMatchesReference) {
  auto [kind, affine, shape] = GetParam();
  Plan plan;
  NormStep s;
  s.kind = kind;
  s.src = plan.addBuffer("x", B, N, Role::External);
  if (hasScale(affine))
    s.scale = plan.addBuffer("scale", 1, N, Role::Owned);
  if (hasShift(affine))
    s.shift = plan.addBuffer("shift", 1, N, Role::Owned);
  s.dst = plan.addBuffer("y", B, N, Role::Owned);
  s.mean = plan.addBuffer("mean", statRows(kind), statCols(kind), Role::Owned);
  s.variance =
      plan.addBuffer("var", statRows(kind), statCols(kind), Role::Owned);
  plan.addStep(s);
  Executor exec(std::move(plan));
  exec.bind("x", x.data());
  if (hasScale(affine))
    fill(exec, "scale", scale);
  if (hasShift(affine))
    fill(exec, "shift", shift);
  exec.run();

  RefNorm r(kind, B, N, x);
  EXPECT_TRUE(allClose(exec.data("mean"), r.mean));
  EXPECT_TRUE(allClose(exec.data("var"), r.var));
  EXPECT_TRUE(allClose(exec.data("y"),
                       refForward(r, x, hasScale(affine) ? &scale : nullptr,
                                  hasShift(affine) ? &shift : nullptr)));
}

// Forward then backward, the statistics passed between them in Temps.
TEST_P(NormTest, BackwardMatchesClosedForm) {
  auto [kind, affine, shape] = GetParam();
  Plan plan;
  NormStep f;
  f.kind = kind;
  f.src = plan.addBuffer("x", B, N, Role::External);
  if (hasScale(affine))
    f.scale = plan.addBuffer("scale", 1, N, Role::Owned);
  if (hasShift(affine))
    f.shift = plan.addBuffer("shift", 1, N, Role::Owned);
  f.dst = plan.addBuffer("y", B, N, Role::Owned);
  f.mean = plan.addBuffer("mean", statRows(kind), statCols(kind));
  f.variance = plan.addBuffer("var", statRows(kind), statCols(kind));
  plan.addStep(f);
  NormBackwardStep b;
  b.kind = kind;
  b.src = f.src;
  b.scale = f.scale;
  b.mean = f.mean;
  b.variance = f.variance;
  b.diff_dst = plan.addBuffer("dy", B, N, Role::External);
  b.diff_src = plan.addBuffer("dx", B, N, Role::Owned);
  if (hasScale(affine))
    b.diff_scale = plan.addBuffer("dscale", 1, N, Role::Owned);
  if (hasShift(affine))
    b.diff_shift = plan.addBuffer("dshift", 1, N, Role::Owned);
  plan.addStep(b);
  Executor exec(std::move(plan));
  exec.bind("x", x.data());
  exec.bind("dy", dy.data());
  if (hasScale(affine))
    fill(exec, "scale", scale);
  if (hasShift(affine))
    fill(exec, "shift", shift);
  exec.run();

  RefNorm r(kind, B, N, x);
  RefGrads g = refBackward(r, x, dy, hasScale(affine) ? &scale : nullptr);
  EXPECT_TRUE(allClose(exec.data("dx"), g.dx));
  if (hasScale(affine))
    EXPECT_TRUE(allClose(exec.data("dscale"), g.dscale));
  if (hasShift(affine))
    EXPECT_TRUE(allClose(exec.data("dshift"), g.dshift));
}

std::string normName(const ::testing::TestParamInfo<NormParam> &info) {
  auto [kind, affine, shape] = info.param;
  const char *a[] = {"ScaleShift", "ScaleOnly", "ShiftOnly", "NoAffine"};
  return std::string(kind == NormKind::Batch ? "Batch" : "Layer") +
         a[int(affine)] + "_" + std::to_string(shape.first) + "x" +
         std::to_string(shape.second);
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, NormTest,
    ::testing::Combine(::testing::Values(NormKind::Batch, NormKind::Layer),
                       ::testing::Values(Affine::ScaleShift, Affine::ScaleOnly,
                                         Affine::ShiftOnly, Affine::None),
                       ::testing::Values(Shape{37, 23}, Shape{256, 30},
                                         Shape{20, 300})),
    normName);

class NormKindTest : public ::testing::TestWithParam<NormKind> {};

// The gradients against central differences of the executor's own forward:
// L = sum(dy * y) has dL/dx = diff_src, dL/dscale = diff_scale and
// dL/dshift = diff_shift.
TEST_P(NormKindTest, BackwardMatchesFiniteDifferences) {
  const NormKind kind = GetParam();
  const int64_t B = 5, N = 4;
  const int64_t sr = kind == NormKind::Batch ? 1 : B;
  const int64_t sc = kind == NormKind::Batch ? N : 1;
  Plan plan;
  BufferId x = plan.addBuffer("x", B, N, Role::External);
  BufferId scale = plan.addBuffer("scale", 1, N, Role::Owned);
  BufferId shift = plan.addBuffer("shift", 1, N, Role::Owned);
  BufferId y = plan.addBuffer("y", B, N, Role::Owned);
  BufferId mean = plan.addBuffer("mean", sr, sc);
  BufferId var = plan.addBuffer("var", sr, sc);
  BufferId dy = plan.addBuffer("dy", B, N, Role::Owned);
  plan.addStep(NormStep{kind, x, scale, shift, y, mean, var});
  plan.addStep(NormBackwardStep{kind, x, scale, mean, var, dy,
                                plan.addBuffer("dx", B, N, Role::Owned),
                                plan.addBuffer("dscale", 1, N, Role::Owned),
                                plan.addBuffer("dshift", 1, N, Role::Owned)});
  Executor exec(std::move(plan));
  auto xs = randomVector(size_t(B * N), 111);
  auto dys = randomVector(size_t(B * N), 112);
  exec.bind("x", xs.data());
  fill(exec, "scale", randomVector(size_t(N), 113, 0.5f, 2.0f));
  fill(exec, "shift", randomVector(size_t(N), 114));
  fill(exec, "dy", dys);
  exec.run();
  auto copyOut = [&](const char *name, size_t n) {
    const float *p = exec.data(name);
    return std::vector<double>(p, p + n);
  };
  std::vector<double> dx = copyOut("dx", size_t(B * N));
  std::vector<double> dscale = copyOut("dscale", size_t(N));
  std::vector<double> dshift = copyOut("dshift", size_t(N));

  auto loss = [&] {
    exec.run();
    const float *out = exec.data("y");
    double l = 0;
    for (size_t i = 0; i < dys.size(); ++i)
      l += double(dys[i]) * out[i];
    return l;
  };
  // fp32 forward: h balances truncation (h^2) against rounding (1e-7 / h).
  const double h = 4e-3, tol = 2e-3;
  auto central = [&](float *p) {
    float saved = *p;
    *p = saved + float(h);
    double up = loss();
    *p = saved - float(h);
    double down = loss();
    *p = saved;
    return (up - down) / (2 * h);
  };
  for (size_t i = 0; i < xs.size(); ++i)
    EXPECT_NEAR(central(&xs[i]), dx[i], tol) << "dx[" << i << "]";
  for (size_t j = 0; j < size_t(N); ++j) {
    EXPECT_NEAR(central(exec.data("scale") + j), dscale[j], tol)
        << "dscale[" << j << "]";
    EXPECT_NEAR(central(exec.data("shift") + j), dshift[j], tol)
        << "dshift[" << j << "]";
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, NormKindTest,
                         ::testing::Values(NormKind::Batch, NormKind::Layer),
                         [](const ::testing::TestParamInfo<NormKind> &info) {
                           return std::string(info.param == NormKind::Batch
                                                  ? "Batch"
                                                  : "Layer");
                         });

TEST(NormPlan, AccessSetsAndNames) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 4, 3, Role::Owned);
  BufferId g = plan.addBuffer("g", 1, 3, Role::Owned);
  BufferId b = plan.addBuffer("b", 1, 3, Role::Owned);
  BufferId y = plan.addBuffer("y", 4, 3, Role::Owned);
  BufferId m = plan.addBuffer("m", 4, 1);
  BufferId v = plan.addBuffer("v", 4, 1);
  BufferId dy = plan.addBuffer("dy", 4, 3, Role::Owned);
  BufferId dx = plan.addBuffer("dx", 4, 3, Role::Owned);
  BufferId dg = plan.addBuffer("dg", 1, 3, Role::Owned);
  BufferId db = plan.addBuffer("db", 1, 3, Role::Owned);
  plan.addStep(NormStep{NormKind::Layer, x, g, b, y, m, v});
  plan.addStep(NormBackwardStep{NormKind::Layer, x, g, m, v, dy, dx, dg, db});
  EXPECT_EQ(planError(plan), "");
  StepAccess f = stepAccess(plan.steps[0]);
  EXPECT_EQ(f.reads, (std::vector<BufferId>{x, g, b}));
  EXPECT_EQ(f.writes, (std::vector<BufferId>{y, m, v}));
  StepAccess bw = stepAccess(plan.steps[1]);
  EXPECT_EQ(bw.reads, (std::vector<BufferId>{x, g, m, v, dy}));
  EXPECT_EQ(bw.writes, (std::vector<BufferId>{dx, dg, db}));
  EXPECT_STREQ(stepKindName(plan.steps[0]), "norm");
  EXPECT_STREQ(stepKindName(plan.steps[1]), "norm_backward");

  // Unset optional operands are left out.
  plan.steps[0] = NormStep{NormKind::Layer, x, kNoBuffer, kNoBuffer, y, m, v};
  f = stepAccess(plan.steps[0]);
  EXPECT_EQ(f.reads, (std::vector<BufferId>{x}));
}

TEST(NormPlan, BadPlansAreNamed) {
  Plan plan;
  BufferId x = plan.addBuffer("x", 4, 3, Role::Owned);
  BufferId g = plan.addBuffer("g", 1, 3, Role::Owned);
  BufferId g4 = plan.addBuffer("g4", 1, 4, Role::Owned);
  BufferId y = plan.addBuffer("y", 4, 3, Role::Owned);
  BufferId rowStat = plan.addBuffer("rowStat", 4, 1, Role::Owned);
  BufferId colStat = plan.addBuffer("colStat", 1, 3, Role::Owned);
  BufferId colStat2 = plan.addBuffer("colStat2", 1, 3, Role::Owned);
  BufferId dy = plan.addBuffer("dy", 4, 3, Role::Owned);
  BufferId dx = plan.addBuffer("dx", 4, 3, Role::Owned);
  BufferId dg = plan.addBuffer("dg", 1, 3, Role::Owned);
  BufferId db = plan.addBuffer("db", 1, 3, Role::Owned);
  BufferId x5 = plan.addBuffer("x5", 5, 3, Role::Owned);

  // Layer statistics are per row.
  plan.addStep(
      NormStep{NormKind::Layer, x, g, kNoBuffer, y, colStat, colStat2});
  std::string msg = planError(plan);
  EXPECT_TRUE(contains(msg, "step 0 (norm)")) << msg;
  EXPECT_TRUE(contains(msg, "mean 'colStat' is 1x3; expected 4x1")) << msg;
  EXPECT_TRUE(contains(msg, "layer norm")) << msg;
  // ... and batch statistics per column.
  plan.steps[0] =
      NormStep{NormKind::Batch, x, g, kNoBuffer, y, rowStat, colStat};
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "mean 'rowStat' is 4x1; expected 1x3")) << msg;
  plan.steps[0] =
      NormStep{NormKind::Batch, x, g4, kNoBuffer, y, colStat, colStat2};
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "scale 'g4' is 1x4; expected 1x3")) << msg;
  plan.steps[0] =
      NormStep{NormKind::Batch, x, g, kNoBuffer, x, colStat, colStat2};
  EXPECT_TRUE(contains(planError(plan), "'x' is used for two operands"));
  plan.steps[0] =
      NormStep{NormKind::Batch, x, g, kNoBuffer, y, colStat, kNoBuffer};
  EXPECT_TRUE(contains(planError(plan), "variance is not set"));
  NormStep zeroEps{NormKind::Batch, x, g, kNoBuffer, y, colStat, colStat2};
  zeroEps.eps = 0;
  plan.steps[0] = zeroEps;
  EXPECT_TRUE(contains(planError(plan), "eps > 0"));
  plan.steps[0] =
      NormStep{NormKind::Batch, x, g, kNoBuffer, y, colStat, colStat2};
  EXPECT_EQ(planError(plan), "");

  // Backward: the gradient operands.
  plan.addStep(NormBackwardStep{NormKind::Batch, x, kNoBuffer, colStat,
                                colStat2, dy, dx, dg, kNoBuffer});
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "step 1 (norm_backward)")) << msg;
  EXPECT_TRUE(contains(msg, "diff_scale is set but scale is not")) << msg;
  plan.steps[1] = NormBackwardStep{
      NormKind::Batch, x, g, colStat, colStat2, dy, dx, kNoBuffer, db};
  EXPECT_TRUE(contains(planError(plan), "scale is set, so diff_scale must"));
  plan.steps[1] = NormBackwardStep{
      NormKind::Batch, x, g, colStat, colStat2, dy, dx, kNoBuffer, kNoBuffer};
  EXPECT_TRUE(contains(planError(plan), "scale is set, so diff_scale must"));
  plan.steps[1] = NormBackwardStep{
      NormKind::Batch, x, g, colStat, colStat2, dy, x5, dg, db};
  msg = planError(plan);
  EXPECT_TRUE(contains(msg, "diff_src 'x5' is 5x3; expected 4x3")) << msg;
  plan.steps[1] = NormBackwardStep{
      NormKind::Batch, x, g, colStat, colStat2, dy, dy, dg, db};
  EXPECT_TRUE(contains(planError(plan), "'dy' is used for two operands"));
  plan.steps[1] = NormBackwardStep{
      NormKind::Batch, x, g, colStat, colStat2, dy, dx, dg, db};
  EXPECT_EQ(planError(plan), "");
}

} // namespace
} // namespace ofex::exec::test
