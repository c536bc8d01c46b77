//===- Interpreter.cpp - reference evaluation of ofex models --------------===//

#include "ofex/Reference/Interpreter.h"
#include "ofex/OfexOps.h"

#include "llvm/ADT/DenseMap.h"

#include <cmath>
#include <random>
#include <stdexcept>

using namespace mlir;

namespace ofex::ref {

Params initParams(ModuleOp module, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Params params;
  module.walk([&](ParamOp param) {
    auto type = param.getType().cast<ShapedType>();
    std::vector<float> &v = params[paramKey(param)];
    v.assign(type.getNumElements(), 0.0f);
    if (param.getInit() == InitKind::ones) {
      std::fill(v.begin(), v.end(), 1.0f);
    } else if (param.getInit() == InitKind::glorot) {
      double limit = std::sqrt(6.0 / (type.getDimSize(0) + type.getDimSize(1)));
      std::uniform_real_distribution<float> u(-limit, limit);
      for (float &x : v)
        x = u(rng);
    }
  });
  // Running statistics start at mean 0, variance 1 (the identity).
  module.walk([&](StatOp stat) {
    auto type = stat.getType().cast<ShapedType>();
    params[statKey(stat)].assign(
        type.getNumElements(), stat.getInit() == InitKind::ones ? 1.0f : 0.0f);
  });
  return params;
}

namespace {
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

double activateGrad(ActKind kind, double x) {
  switch (kind) {
  case ActKind::relu:
    return x > 0 ? 1 : 0;
  case ActKind::tanh:
    return 1 - std::tanh(x) * std::tanh(x);
  case ActKind::swish:
    return sigmoid(x) * (1 + x * (1 - sigmoid(x)));
  case ActKind::identity:
    return 1;
  }
  llvm_unreachable("an ActKind");
}

/// act'(x) from y = act(x), for the activations that allow it.
double activateGradFromResult(ActKind kind, double y) {
  if (kind == ActKind::relu)
    return y > 0 ? 1 : 0;
  if (kind == ActKind::tanh)
    return 1 - y * y;
  return 1;
}

Matrix row(const std::vector<double> &v) {
  return Matrix{1, static_cast<int64_t>(v.size()), v};
}

double activate(ActKind kind, double x) {
  switch (kind) {
  case ActKind::relu:
    return x > 0 ? x : 0;
  case ActKind::tanh:
    return std::tanh(x);
  case ActKind::swish:
    return x / (1 + std::exp(-x));
  case ActKind::identity:
    return x;
  }
  llvm_unreachable("an ActKind");
}

class Evaluator {
public:
  Evaluator(const Params &params, const GateValues &xi)
      : params(params), xi(xi) {}

  std::vector<Matrix> run(NetworkOp net, const std::vector<Matrix> &args) {
    return run(net.getEntry(), args);
  }

  std::vector<Matrix> run(Block &block, const std::vector<Matrix> &args) {
    values.clear();
    for (auto [arg, m] : llvm::zip(block.getArguments(), args))
      values[arg] = m;
    std::vector<Matrix> outs;
    for (Operation &op : block) {
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        for (Value v : ret.getOperands())
          outs.push_back(values[v]);
        continue;
      }
      if (training(op))
        continue;
      if (auto linear = dyn_cast<LinearOp>(op))
        values[linear.getResult()] = this->linear(linear);
      else if (auto norm = dyn_cast<NormOp>(op))
        values[norm.getResult()] = this->norm(norm);
      else if (auto act = dyn_cast<ActOp>(op)) {
        Matrix m = values[act.getInput()];
        for (double &x : m.data)
          x = activate(act.getKind(), x);
        values[act.getResult()] = std::move(m);
      } else if (auto gate = dyn_cast<GateOp>(op))
        values[gate.getResult()] = this->gate(gate);
      else if (auto concat = dyn_cast<ConcatOp>(op))
        values[concat.getResult()] = this->concat(concat);
      else if (auto ret = dyn_cast<ReturnOp>(op))
        for (Value v : ret.getOperands())
          outs.push_back(values[v]);
    }
    return outs;
  }

private:
  /// The ops of training graphs; true when `op` was one of them.
  bool training(Operation &op) {
    if (isa<ParamOp, StatOp>(op)) {
      // Params as values too: gradients multiply by weights directly.
      auto type = op.getResult(0).getType().cast<ShapedType>();
      const std::vector<float> &v = param(op.getResult(0));
      int64_t rows = type.getRank() == 2 ? type.getDimSize(0) : 1;
      values[op.getResult(0)] =
          Matrix{rows, type.getShape().back(), {v.begin(), v.end()}};
      return true;
    }
    // The reference reads state and never writes it: running statistics
    // updates are checked against their formula elsewhere.
    if (isa<UpdateStatsOp>(op))
      return true;
    if (auto xiOp = dyn_cast<XiOp>(op)) {
      auto theta = xiOp.getTheta().getDefiningOp<ThetaOp>();
      auto it = xi.find(groupName(theta));
      std::vector<double> g;
      for (int64_t j = 0; j < theta.getUnits(); ++j) {
        double t = theta.getTheta(j);
        g.push_back(it != xi.end() ? it->second[j]
                    : xiOp.getMode() == GateMode::threshold
                        ? (t >= 0.5 ? 1.0 : 0.0)
                        : t);
      }
      values[xiOp.getResult()] = row(g);
    } else if (auto theta = dyn_cast<ThetaOp>(op)) {
      std::vector<double> t;
      for (int64_t j = 0; j < theta.getUnits(); ++j)
        t.push_back(theta.getTheta(j));
      values[theta.getResult()] = row(t);
    } else if (auto mm = dyn_cast<MatmulOp>(op)) {
      const Matrix &a = values[mm.getLhs()], &b = values[mm.getRhs()];
      bool ta = mm.getTransposeLhs(), tb = mm.getTransposeRhs();
      int64_t m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols;
      int64_t n = tb ? b.rows : b.cols;
      Matrix c{m, n, std::vector<double>(m * n, 0.0)};
      for (int64_t i = 0; i < m; ++i)
        for (int64_t l = 0; l < k; ++l) {
          double av = ta ? a.at(l, i) : a.at(i, l);
          for (int64_t j = 0; j < n; ++j)
            c.at(i, j) += av * (tb ? b.at(j, l) : b.at(l, j));
        }
      values[mm.getResult()] = std::move(c);
    } else if (auto red = dyn_cast<ReduceRowsOp>(op)) {
      const Matrix &x = values[red.getInput()];
      std::vector<double> sum(x.cols, 0.0);
      for (int64_t r = 0; r < x.rows; ++r)
        for (int64_t c = 0; c < x.cols; ++c)
          sum[c] += x.at(r, c);
      values[red.getResult()] = row(sum);
    } else if (auto ag = dyn_cast<ActGradOp>(op)) {
      Matrix dx = values[ag.getGrad()];
      const Matrix &x = values[ag.getInput()];
      for (size_t i = 0; i < dx.data.size(); ++i)
        dx.data[i] *= ag.getFromResult()
                          ? activateGradFromResult(ag.getKind(), x.data[i])
                          : activateGrad(ag.getKind(), x.data[i]);
      values[ag.getResult()] = std::move(dx);
    } else if (auto ng = dyn_cast<NormGradOp>(op)) {
      normGrad(ng);
    } else if (auto sl = dyn_cast<SliceOp>(op)) {
      const Matrix &x = values[sl.getInput()];
      int64_t n = unitsOf(sl.getType());
      Matrix y{x.rows, n, {}};
      for (int64_t r = 0; r < x.rows; ++r)
        for (int64_t c = 0; c < n; ++c)
          y.data.push_back(x.at(r, sl.getOffset() + c));
      values[sl.getResult()] = std::move(y);
    } else if (isa<AddOp, MulOp>(op)) {
      Matrix y = values[op.getOperand(0)];
      const Matrix &b = values[op.getOperand(1)];
      for (size_t i = 0; i < y.data.size(); ++i)
        y.data[i] =
            isa<AddOp>(op) ? y.data[i] + b.data[i] : y.data[i] * b.data[i];
      values[op.getResult(0)] = std::move(y);
    } else if (isa<MinOp, CompareOp>(op)) {
      Matrix y = values[op.getOperand(0)];
      const Matrix &b = values[op.getOperand(1)];
      auto cmp = dyn_cast<CompareOp>(op);
      for (size_t i = 0; i < y.data.size(); ++i) {
        double l = y.data[i], r = b.data[i];
        y.data[i] = !cmp                                  ? std::min(l, r)
                    : cmp.getPredicate() == Predicate::le ? double(l <= r)
                                                          : double(l < r);
      }
      values[op.getResult(0)] = std::move(y);
    } else if (isa<MseOp, MseGradOp>(op)) {
      Matrix p = values[op.getOperand(0)];
      const Matrix &t = values[op.getOperand(1)];
      double n = p.data.size(), loss = 0;
      for (size_t i = 0; i < p.data.size(); ++i) {
        double d = p.data[i] - t.data[i];
        loss += d * d / n;
        p.data[i] = 2 * d / n;
      }
      values[op.getResult(0)] = isa<MseOp>(op) ? Matrix{1, 1, {loss}} : p;
    } else {
      return false;
    }
    return true;
  }

  /// x_hat = (x - mean) / sigma over each statistics group, y = s x_hat + b:
  /// dx = (dxh - mean(dxh) - x_hat mean(dxh x_hat)) / sigma, dxh = dy s.
  void normGrad(NormGradOp op) {
    const Matrix &x = values[op.getInput()], &dy = values[op.getGrad()];
    const std::vector<float> &scale = param(op.getScale());
    bool batch = op.getKind() == NormKind::batch;
    int64_t groups = batch ? x.cols : x.rows, n = batch ? x.rows : x.cols;
    Matrix dx{x.rows, x.cols, std::vector<double>(x.data.size())};
    std::vector<double> dscale(x.cols, 0.0), dshift(x.cols, 0.0);
    for (int64_t g = 0; g < groups; ++g) {
      auto idx = [&](int64_t k) {
        return batch ? k * x.cols + g : g * x.cols + k;
      };
      auto col = [&](int64_t k) { return batch ? g : k; };
      double mean = 0, var = 0;
      if (op.getInference()) {
        mean = param(op.getRunning()[0])[g];
        var = param(op.getRunning()[1])[g];
      } else {
        for (int64_t k = 0; k < n; ++k)
          mean += x.data[idx(k)];
        mean /= n;
        for (int64_t k = 0; k < n; ++k)
          var += (x.data[idx(k)] - mean) * (x.data[idx(k)] - mean);
        var /= n;
      }
      double inv = 1.0 / std::sqrt(var + kNormEpsilon);
      double mdxh = 0, mdxhxh = 0;
      for (int64_t k = 0; k < n; ++k) {
        double xh = (x.data[idx(k)] - mean) * inv;
        double dxh = dy.data[idx(k)] * scale[col(k)];
        mdxh += dxh / n;
        mdxhxh += dxh * xh / n;
        dscale[col(k)] += dy.data[idx(k)] * xh;
        dshift[col(k)] += dy.data[idx(k)];
      }
      // With running statistics mean and var are constants: dx = dxh inv.
      if (op.getInference())
        mdxh = mdxhxh = 0;
      for (int64_t k = 0; k < n; ++k) {
        double xh = (x.data[idx(k)] - mean) * inv;
        double dxh = dy.data[idx(k)] * scale[col(k)];
        dx.data[idx(k)] = (dxh - mdxh - xh * mdxhxh) * inv;
      }
    }
    values[op.getDinput()] = std::move(dx);
    values[op.getDscale()] = row(dscale);
    values[op.getDshift()] = row(dshift);
  }

  const std::vector<float> &param(Value v) {
    auto stat = v.getDefiningOp<StatOp>();
    std::string key =
        stat ? statKey(stat) : paramKey(v.getDefiningOp<ParamOp>());
    auto it = params.find(key);
    if (it == params.end())
      throw std::runtime_error("missing param " + key);
    return it->second;
  }

  Matrix linear(LinearOp op) {
    const Matrix &x = values[op.getInput()];
    const std::vector<float> &w = param(op.getWeight());
    int64_t out = unitsOf(op.getType());
    Matrix y{x.rows, out, std::vector<double>(x.rows * out, 0.0)};
    for (int64_t r = 0; r < x.rows; ++r)
      for (int64_t i = 0; i < x.cols; ++i)
        for (int64_t j = 0; j < out; ++j)
          y.at(r, j) += x.at(r, i) * w[i * out + j];
    if (op.getBias()) {
      const std::vector<float> &b = param(op.getBias());
      for (int64_t r = 0; r < x.rows; ++r)
        for (int64_t j = 0; j < out; ++j)
          y.at(r, j) += b[j];
    }
    return y;
  }

  Matrix norm(NormOp op) {
    Matrix x = values[op.getInput()];
    const std::vector<float> &scale = param(op.getScale());
    const std::vector<float> &shift = param(op.getShift());
    bool batch = op.getKind() == NormKind::batch;
    // Statistics over the rows of each unit (batch) or the units of each row.
    int64_t groups = batch ? x.cols : x.rows, n = batch ? x.rows : x.cols;
    auto at = [&](int64_t g, int64_t k) -> double & {
      return batch ? x.at(k, g) : x.at(g, k);
    };
    for (int64_t g = 0; g < groups; ++g) {
      double mean = 0, var = 0;
      if (op.getInference()) {
        mean = param(op.getRunningMean())[g];
        var = param(op.getRunningVar())[g];
      } else {
        for (int64_t k = 0; k < n; ++k)
          mean += at(g, k);
        mean /= n;
        for (int64_t k = 0; k < n; ++k)
          var += (at(g, k) - mean) * (at(g, k) - mean);
        var /= n;
      }
      double inv = 1.0 / std::sqrt(var + kNormEpsilon);
      for (int64_t k = 0; k < n; ++k)
        at(g, k) = (at(g, k) - mean) * inv;
    }
    for (int64_t r = 0; r < x.rows; ++r)
      for (int64_t c = 0; c < x.cols; ++c)
        x.at(r, c) = x.at(r, c) * scale[c] + shift[c];
    return x;
  }

  Matrix gate(GateOp op) {
    Matrix x = values[op.getInput()];
    std::vector<double> g(x.cols, 1.0);
    ThetaOp theta = op.getThetaOp();
    auto it = theta ? xi.find(groupName(theta)) : xi.end();
    if (op.getMode() == GateMode::fixed) {
      g = values[op.getTheta()].data;
    } else if (it != xi.end()) {
      g = it->second;
    } else if (theta) {
      for (int64_t j = 0; j < x.cols; ++j) {
        double t = theta.getTheta(j);
        g[j] = op.getMode() == GateMode::threshold ? (t >= 0.5 ? 1.0 : 0.0) : t;
      }
    }
    for (int64_t r = 0; r < x.rows; ++r)
      for (int64_t c = 0; c < x.cols; ++c)
        x.at(r, c) *= g[c];
    return x;
  }

  Matrix concat(ConcatOp op) {
    int64_t rows = values[op.getInputs().front()].rows;
    Matrix y{rows, unitsOf(op.getType()), {}};
    y.data.resize(y.rows * y.cols);
    int64_t offset = 0;
    for (Value in : op.getInputs()) {
      const Matrix &m = values[in];
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < m.cols; ++c)
          y.at(r, offset + c) = m.at(r, c);
      offset += m.cols;
    }
    return y;
  }

  const Params &params;
  const GateValues &xi;
  llvm::DenseMap<Value, Matrix> values;
};
} // namespace

std::vector<Matrix> evaluateFunction(func::FuncOp func, const Params &params,
                                     const std::vector<Matrix> &args,
                                     const GateValues &xi) {
  Evaluator eval(params, xi);
  return eval.run(func.getBody().front(), args);
}

Outputs evaluate(ModuleOp module, const Params &params,
                 const std::vector<Matrix> &inputs, const GateValues &xi) {
  Evaluator eval(params, xi);
  Outputs outputs;
  for (ModelOp model : module.getOps<ModelOp>()) {
    llvm::DenseMap<Value, Matrix> wires;
    for (auto [arg, m] : llvm::zip(model.getBody().getArguments(), inputs))
      wires[arg] = m;
    for (ApplyOp apply : model.getBody().getOps<ApplyOp>()) {
      auto net = module.lookupSymbol<NetworkOp>(apply.getNetworkAttr());
      std::vector<Matrix> args;
      for (Value in : apply.getInputs())
        args.push_back(wires[in]);
      std::vector<Matrix> outs = eval.run(net, args);
      for (auto [res, m] : llvm::zip(apply.getResults(), outs))
        wires[res] = m;
      outputs[net.getSymName().str()] = std::move(outs);
    }
  }
  return outputs;
}

} // namespace ofex::ref
