//===- PlanBuilder.cpp - dnnl-dialect functions to executor plans ---------===//

#include "dnnl/DnnlDialect.h"
#include "ofex/rt/CompiledFunction.h"

#include "llvm/ADT/DenseMap.h"

#include <stdexcept>

using namespace mlir;
namespace d = ofex::dnnlir;
namespace x = ofex::exec;

namespace ofex::rt {

namespace {
/// Rows x cols of a buffer: 1-D values are 1 x N rows, scalars 1 x 1.
std::pair<int64_t, int64_t> extents(Type type) {
  auto t = type.cast<ShapedType>();
  if (t.getRank() == 0)
    return {1, 1};
  if (t.getRank() == 1)
    return {1, t.getDimSize(0)};
  return {t.getDimSize(0), t.getDimSize(1)};
}

x::Activation activation(d::EltwiseAlg alg, float alpha = 1.0f,
                         float beta = 0.0f) {
  switch (alg) {
  case d::EltwiseAlg::relu:
    return x::Activation::relu();
  case d::EltwiseAlg::swish:
    return x::Activation::swish();
  case d::EltwiseAlg::tanh:
    return x::Activation::tanh();
  case d::EltwiseAlg::square:
    return x::Activation::square();
  case d::EltwiseAlg::linear:
    return x::Activation::linear(alpha, beta);
  }
  throw std::invalid_argument("no executor eltwise for algorithm " +
                              std::to_string(static_cast<int>(alg)));
}

/// A matmul's post-ops are eltwise algorithms by name.
x::Activation postOp(Attribute a) {
  StringRef name = a.cast<StringAttr>().getValue();
  std::optional<d::EltwiseAlg> alg = d::symbolizeEltwiseAlg(name);
  if (!alg)
    throw std::invalid_argument("no executor eltwise for '" + name.str() + "'");
  return activation(*alg);
}

x::BinaryAlg binaryAlg(d::BinaryAlg alg) {
  switch (alg) {
  case d::BinaryAlg::add:
    return x::BinaryAlg::Add;
  case d::BinaryAlg::sub:
    return x::BinaryAlg::Sub;
  case d::BinaryAlg::mul:
    return x::BinaryAlg::Mul;
  case d::BinaryAlg::min:
    return x::BinaryAlg::Min;
  case d::BinaryAlg::le:
    return x::BinaryAlg::Le;
  case d::BinaryAlg::lt:
    return x::BinaryAlg::Lt;
  }
  throw std::invalid_argument("no executor binary algorithm " +
                              std::to_string(static_cast<int>(alg)));
}

std::string attrName(DictionaryAttr attrs, StringRef key) {
  if (attrs)
    if (auto s = attrs.getAs<StringAttr>(key))
      return s.str();
  return "";
}

class Builder {
public:
  explicit Builder(func::FuncOp func) : func(func) {}

  x::Plan build() {
    Block &body = func.getBody().front();
    for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
      std::string name = attrName(func.getArgAttrDict(i), "ofex.arg");
      if (name.empty())
        name = "input:" + std::to_string(i);
      buffers[arg] = add("arg:" + name, arg.getType(), x::Role::External);
    }
    // Results are Owned under their names so callers read them after run().
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      std::string name = attrName(func.getResultAttrDict(i), "ofex.result");
      resultNames[v].push_back("result:" +
                               (name.empty() ? std::to_string(i) : name));
    }
    for (Operation &op : body)
      if (!isa<func::ReturnOp>(op))
        lower(op);
    // A result that is an argument, state, or a value returned twice gets a
    // copy into its own result buffer.
    for (auto &[v, names] : resultNames)
      for (const std::string &name : names)
        if (plan.find(name) == x::kNoBuffer) {
          x::BufferId dst = add(name, v.getType(), x::Role::Owned);
          plan.addStep(x::ReorderStep{buffer(v), dst, false});
        }
    return std::move(plan);
  }

private:
  x::BufferId add(const std::string &name, Type type, x::Role role) {
    auto [rows, cols] = extents(type);
    return plan.addBuffer(name, rows, cols, role);
  }

  x::BufferId buffer(Value v) {
    auto it = buffers.find(v);
    if (it == buffers.end())
      throw std::invalid_argument("value used before it is defined");
    return it->second;
  }

  /// The buffer an op writes its result `v` into: a result buffer if the
  /// function returns it (first name), else a Temp.
  x::BufferId define(Value v) {
    x::BufferId id;
    auto it = resultNames.find(v);
    if (it != resultNames.end() &&
        plan.find(it->second.front()) == x::kNoBuffer)
      id = add(it->second.front(), v.getType(), x::Role::Owned);
    else
      id = add("v" + std::to_string(temps++), v.getType(), x::Role::Temp);
    buffers[v] = id;
    return id;
  }

  x::BufferId state(const std::string &name, Type type) {
    x::BufferId id = plan.find(name);
    return id != x::kNoBuffer ? id : add(name, type, x::Role::Owned);
  }

  void lower(Operation &op) {
    if (auto s = dyn_cast<d::StateOp>(op)) {
      buffers[s.getResult()] = state(s.getName().str(), s.getType());
    } else if (auto mm = dyn_cast<d::MatmulOp>(op)) {
      x::MatmulStep step;
      step.src = buffer(mm.getSrc());
      step.weights = buffer(mm.getWeights());
      if (mm.getBias())
        step.bias = buffer(mm.getBias());
      if (mm.getMul())
        step.mul = buffer(mm.getMul());
      step.trans_src = mm.getTransSrc();
      step.trans_weights = mm.getTransWeights();
      for (Attribute a : mm.getPostOps())
        step.post_ops.push_back(postOp(a));
      step.dst = define(mm.getResult());
      plan.addStep(step);
    } else if (auto e = dyn_cast<d::EltwiseOp>(op)) {
      x::EltwiseStep step{activation(e.getAlg(), e.getAlpha().convertToFloat(),
                                     e.getBeta().convertToFloat()),
                          buffer(e.getSrc()), x::kNoBuffer};
      step.dst = define(e.getResult());
      plan.addStep(step);
    } else if (auto e = dyn_cast<d::EltwiseBwdOp>(op)) {
      x::EltwiseBackwardStep step;
      step.fn = activation(e.getAlg());
      step.from_dst = e.getFromDst();
      step.data = buffer(e.getData());
      step.diff_dst = buffer(e.getDiffDst());
      step.diff_src = define(e.getResult());
      plan.addStep(step);
    } else if (auto bin = dyn_cast<d::BinaryOp>(op)) {
      x::BinaryStep step;
      step.alg = binaryAlg(bin.getAlg());
      step.lhs = buffer(bin.getLhs());
      step.rhs = buffer(bin.getRhs());
      step.dst = define(bin.getResult());
      plan.addStep(step);
    } else if (auto c = dyn_cast<d::ConcatOp>(op)) {
      x::ConcatStep step;
      for (Value v : c.getSrcs())
        step.srcs.push_back(buffer(v));
      step.dst = define(c.getResult());
      plan.addStep(step);
    } else if (auto s = dyn_cast<d::SliceOp>(op)) {
      x::SliceStep step;
      step.src = buffer(s.getSrc());
      step.offset = s.getOffset();
      step.dst = define(s.getResult());
      plan.addStep(step);
    } else if (auto r = dyn_cast<d::ReductionOp>(op)) {
      x::ReduceStep step;
      step.alg = r.getAlg() == d::ReductionAlg::mean ? x::ReduceAlg::Mean
                                                     : x::ReduceAlg::Sum;
      step.src = buffer(r.getSrc());
      step.dst = define(r.getResult());
      plan.addStep(step);
    } else if (auto s = dyn_cast<d::SumOp>(op)) {
      x::SumStep step;
      for (Value v : s.getSrcs())
        step.srcs.push_back(buffer(v));
      for (Attribute a : s.getScales())
        step.scales.push_back(a.cast<FloatAttr>().getValueAsDouble());
      step.dst = define(s.getResult());
      plan.addStep(step);
    } else if (auto n = dyn_cast<d::NormOp>(op)) {
      x::NormStep step;
      step.kind = n.getKind() == d::NormKind::layer ? x::NormKind::Layer
                                                    : x::NormKind::Batch;
      step.src = buffer(n.getSrc());
      step.scale = buffer(n.getScale());
      step.shift = buffer(n.getShift());
      if (!n.getStats().empty()) {
        // Evaluation mode: the running statistics (state) normalise.
        step.use_stats = true;
        step.mean = buffer(n.getStats()[0]);
        step.variance = buffer(n.getStats()[1]);
      } else {
        auto [rows, cols] = extents(n.getSrc().getType());
        bool layer = step.kind == x::NormKind::Layer;
        std::string stats = "stats" + std::to_string(temps++);
        step.mean = plan.addBuffer(stats + ".mean", layer ? rows : 1,
                                   layer ? 1 : cols, x::Role::Temp);
        step.variance = plan.addBuffer(stats + ".var", layer ? rows : 1,
                                       layer ? 1 : cols, x::Role::Temp);
      }
      step.dst = define(n.getResult());
      norms.push_back(step);
      plan.addStep(step);
    } else if (auto n = dyn_cast<d::NormBwdOp>(op)) {
      x::BufferId src = buffer(n.getSrc()), scale = buffer(n.getScale());
      bool useStats = !n.getStats().empty();
      const x::NormStep *fwd = nullptr;
      for (const x::NormStep &s : norms)
        if (s.src == src && s.scale == scale && s.use_stats == useStats)
          fwd = &s;
      if (!fwd)
        throw std::invalid_argument(
            "dnnl.norm_bwd without the dnnl.norm that computed its statistics");
      x::NormBackwardStep step;
      step.kind = fwd->kind;
      step.use_stats = useStats;
      step.src = src;
      step.scale = scale;
      step.mean = fwd->mean;
      step.variance = fwd->variance;
      step.diff_dst = buffer(n.getDiffDst());
      step.diff_src = define(n.getDiffSrc());
      step.diff_scale = define(n.getDiffScale());
      step.diff_shift = define(n.getDiffShift());
      plan.addStep(step);
    } else if (auto us = dyn_cast<d::UpdateStatsOp>(op)) {
      int64_t cols = extents(us.getSrc().getType()).second;
      auto row =
          RankedTensorType::get({cols}, Float32Type::get(op.getContext()));
      x::RunningStatsStep step;
      step.src = buffer(us.getSrc());
      step.mean = state(us.getMean().str(), row);
      step.variance = state(us.getVar().str(), row);
      step.momentum = us.getMomentum().convertToDouble();
      plan.addStep(step);
    } else if (auto bern = dyn_cast<d::BernoulliOp>(op)) {
      x::BernoulliStep step;
      step.theta = buffer(bern.getTheta());
      step.xi = define(bern.getResult());
      if (FloatAttr relax = bern.getRelaxAttr())
        step.relax = relax.getValueAsDouble();
      plan.addStep(step);
    } else if (auto adam = dyn_cast<d::AdamOp>(op)) {
      std::string p = adam.getParam().str();
      Type t = adam.getGrad().getType();
      x::AdamStep step;
      step.param = state(p, t);
      step.grad = buffer(adam.getGrad());
      step.m = state(adamM(p), t);
      step.v = state(adamV(p), t);
      step.lr = adam.getLr().convertToDouble();
      step.beta1 = adam.getBeta1().convertToDouble();
      step.beta2 = adam.getBeta2().convertToDouble();
      step.eps = adam.getEps().convertToDouble();
      plan.addStep(step);
    } else if (auto ts = dyn_cast<d::ThetaStepOp>(op)) {
      x::ThetaStep step;
      step.theta = state(thetaKey(ts.getGroup().str()), ts.getGrad().getType());
      step.grad = buffer(ts.getGrad());
      step.penalty = buffer(ts.getPenalty());
      step.lr = ts.getLr().convertToDouble();
      step.tol = ts.getTol().convertToDouble();
      step.freeze_steps = ts.getFreezeSteps();
      step.keep_one = ts.getKeepOne();
      // Every given value reaches the plan's checks (momentum in [0, 1)).
      if (auto momentum = ts.getMomentum())
        step.momentum = momentum->convertToDouble();
      if (step.momentum > 0)
        step.velocity = state(thetaVelocityKey(ts.getGroup().str()),
                              ts.getGrad().getType());
      plan.addStep(step);
    } else {
      throw std::invalid_argument("no executor step for '" +
                                  op.getName().getStringRef().str() + "'");
    }
  }

  func::FuncOp func;
  x::Plan plan;
  llvm::DenseMap<Value, x::BufferId> buffers;
  llvm::DenseMap<Value, std::vector<std::string>> resultNames;
  std::vector<x::NormStep> norms;
  int temps = 0;
};
} // namespace

x::Plan buildPlan(func::FuncOp func) { return Builder(func).build(); }

} // namespace ofex::rt
