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
    std::vector<float> &v = params[(param->getParentOfType<NetworkOp>()
                                        .getSymName() +
                                    "." + param.getName())
                                       .str()];
    v.assign(type.getNumElements(), 0.0f);
    if (param.getInit() == "ones") {
      std::fill(v.begin(), v.end(), 1.0f);
    } else if (param.getInit() == "glorot") {
      double limit =
          std::sqrt(6.0 / (type.getDimSize(0) + type.getDimSize(1)));
      std::uniform_real_distribution<float> u(-limit, limit);
      for (float &x : v)
        x = u(rng);
    }
  });
  return params;
}

namespace {
double activate(StringRef kind, double x) {
  if (kind == "relu")
    return x > 0 ? x : 0;
  if (kind == "tanh")
    return std::tanh(x);
  if (kind == "swish")
    return x / (1 + std::exp(-x));
  return x;
}

class Evaluator {
public:
  Evaluator(const Params &params, const GateValues &xi)
      : params(params), xi(xi) {}

  std::vector<Matrix> run(NetworkOp net, const std::vector<Matrix> &args) {
    values.clear();
    prefix = (net.getSymName() + ".").str();
    for (auto [arg, m] : llvm::zip(net.getEntry().getArguments(), args))
      values[arg] = m;
    std::vector<Matrix> outs;
    for (Operation &op : net.getEntry()) {
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
  const std::vector<float> &param(Value v) {
    auto op = v.getDefiningOp<ParamOp>();
    auto it = params.find(prefix + op.getName().str());
    if (it == params.end())
      throw std::runtime_error("missing param " + prefix + op.getName().str());
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
    bool batch = op.getKind() == "batch";
    // Statistics over the rows of each unit (batch) or the units of each row.
    int64_t groups = batch ? x.cols : x.rows, n = batch ? x.rows : x.cols;
    auto at = [&](int64_t g, int64_t k) -> double & {
      return batch ? x.at(k, g) : x.at(g, k);
    };
    for (int64_t g = 0; g < groups; ++g) {
      double mean = 0, var = 0;
      for (int64_t k = 0; k < n; ++k)
        mean += at(g, k);
      mean /= n;
      for (int64_t k = 0; k < n; ++k)
        var += (at(g, k) - mean) * (at(g, k) - mean);
      var /= n;
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
    if (it != xi.end()) {
      g = it->second;
    } else if (theta) {
      for (int64_t j = 0; j < x.cols; ++j) {
        double t = theta.getTheta(j);
        g[j] = op.getMode() == "threshold" ? (t >= 0.5 ? 1.0 : 0.0) : t;
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
  std::string prefix;
  llvm::DenseMap<Value, Matrix> values;
};
} // namespace

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
