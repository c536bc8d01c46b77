//===- Complexity.cpp - expected cost of gated networks -------------------===//

#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace ofex;

namespace ofex {

double actFlopsPerElement(StringRef kind) {
  return llvm::StringSwitch<double>(kind)
      .Case("identity", 0.0)
      .Case("swish", 3.0) // sigmoid (one transcendental), 1 + e, x * s
      .Default(1.0);      // relu, tanh
}

double ColumnSum::eval(const std::vector<float> &theta) const {
  double s = ungated;
  for (int32_t k : gated)
    s += theta[k];
  return s;
}

double Coefficients::nu(StringRef family) const {
  return llvm::StringSwitch<double>(family)
      .Case("ofe", nuOfe)
      .Case("pi", nuPi)
      .Case("q", nuQ)
      .Default(0.0);
}

const GateGroup *CostModel::findGroup(StringRef name) const {
  for (const GateGroup &g : groups_)
    if (g.name == name)
      return &g;
  return nullptr;
}

namespace {
/// Per-column factor: the flat index of the gate unit that must be on for
/// the column to count, or -1 for an ungated column.
using Factors = std::vector<int32_t>;

ColumnSum sumOf(const Factors &factors) {
  ColumnSum s;
  for (int32_t f : factors) {
    if (f < 0)
      s.ungated += 1;
    else
      s.gated.push_back(f);
  }
  return s;
}

class Deriver {
public:
  Deriver(CostModel &model, std::vector<GateGroup> &groups,
          std::vector<NetworkInfo> &networks, std::vector<CostTerm> &terms)
      : groups(groups), networks(networks), terms(terms) {}

  LogicalResult run(ModuleOp module, int32_t &numUnits);

private:
  FailureOr<SmallVector<Factors>> analyse(NetworkOp net,
                                          ArrayRef<Factors> args);
  Factors liveOf(Value v);
  Factors gateFactors(GateOp gate);
  void addTerm(const CostTerm &t) { terms.push_back(t); }

  std::vector<GateGroup> &groups;
  std::vector<NetworkInfo> &networks;
  std::vector<CostTerm> &terms;
  llvm::DenseMap<Operation *, int32_t> networkIndex, thetaOffset;
  llvm::DenseMap<Value, Factors> present;
  int32_t current = 0;
};

Factors Deriver::gateFactors(GateOp gate) {
  int64_t units = unitsOf(gate.getType());
  Factors f(units, -1);
  if (ThetaOp theta = gate.getThetaOp())
    for (int64_t j = 0; j < units; ++j)
      f[j] = thetaOffset.lookup(theta) + j;
  return f;
}

/// A unit is live when the gate that reads it (through per-unit ops) is on.
Factors Deriver::liveOf(Value v) {
  int64_t units = unitsOf(v.getType());
  if (v.hasOneUse()) {
    Operation *user = *v.getUsers().begin();
    if (isa<NormOp, ActOp>(user) && user->getOperand(0) == v)
      return liveOf(user->getResult(0));
    if (auto gate = dyn_cast<GateOp>(user); gate && gate.getInput() == v)
      return gateFactors(gate);
  }
  return Factors(units, -1);
}

FailureOr<SmallVector<Factors>> Deriver::analyse(NetworkOp net,
                                                 ArrayRef<Factors> args) {
  current = networkIndex.lookup(net);
  for (auto [arg, f] : llvm::zip(net.getEntry().getArguments(), args))
    present[arg] = f;
  SmallVector<Factors> outputs;
  for (Operation &op : net.getEntry()) {
    if (auto linear = dyn_cast<LinearOp>(op)) {
      CostTerm t;
      t.network = current;
      t.hasIn = true;
      t.in = sumOf(present.lookup(linear.getInput()));
      t.out = sumOf(liveOf(linear.getResult()));
      bool bias = static_cast<bool>(linear.getBias());
      t.wParams = 1;
      t.wFlops = 2;
      t.bParams = t.bFlops = bias ? 1 : 0;
      addTerm(t);
      present[linear.getResult()] = Factors(unitsOf(linear.getType()), -1);
    } else if (isa<NormOp, ActOp>(op)) {
      Value in = op.getOperand(0), out = op.getResult(0);
      Factors live = liveOf(out);
      Factors pin = present.lookup(in); // a copy: inserting `out` may move it
      for (size_t j = 0; j < live.size(); ++j)
        if (live[j] < 0)
          live[j] = pin[j];
      CostTerm t;
      t.network = current;
      t.out = sumOf(live);
      if (auto norm = dyn_cast<NormOp>(op)) {
        t.bParams = 2;
        t.bFlops = kNormFlopsPerElement;
      } else {
        t.bFlops = actFlopsPerElement(cast<ActOp>(op).getKind());
      }
      addTerm(t);
      present[out] = std::move(pin);
    } else if (auto gate = dyn_cast<GateOp>(op)) {
      Factors g = gateFactors(gate);
      Factors p = present.lookup(gate.getInput());
      for (size_t j = 0; j < p.size(); ++j) {
        if (g[j] < 0)
          continue;
        if (p[j] >= 0)
          return gate.emitOpError(
              "gates a unit that is already gated; the complexity analysis "
              "supports one gate per unit");
        p[j] = g[j];
      }
      CostTerm t;
      t.network = current;
      t.out = sumOf(g);
      t.bFlops = kGateFlopsPerElement;
      addTerm(t);
      present[gate.getResult()] = std::move(p);
    } else if (auto concat = dyn_cast<ConcatOp>(op)) {
      Factors f;
      for (Value in : concat.getInputs()) {
        Factors pin = present.lookup(in);
        f.insert(f.end(), pin.begin(), pin.end());
      }
      present[concat.getResult()] = std::move(f);
    } else if (auto ret = dyn_cast<ReturnOp>(op)) {
      for (Value v : ret.getOperands())
        outputs.push_back(present.lookup(v));
    } else if (!isa<ParamOp, StatOp, ThetaOp>(op)) {
      // Running statistics (ofex.stat) are state, not parameters: like
      // PyTorch's buffers they are not counted.
      return op.emitOpError("is not known to the complexity analysis");
    }
  }
  return outputs;
}

LogicalResult Deriver::run(ModuleOp module, int32_t &numUnits) {
  numUnits = 0;
  SmallVector<ModelOp> models;
  for (Operation &op : *module.getBody()) {
    if (auto net = dyn_cast<NetworkOp>(op)) {
      int32_t index = networks.size();
      networkIndex[net] = index;
      networks.push_back({net.getSymName().str(),
                          net.isDeploy() ? Role::Deploy : Role::Learn,
                          net.getFamily().str()});
      net.walk([&](ThetaOp theta) {
        thetaOffset[theta] = numUnits;
        groups.push_back({groupName(theta), net.getFamily().str(), index,
                          numUnits, static_cast<int32_t>(theta.getUnits())});
        numUnits += theta.getUnits();
      });
    } else if (auto model = dyn_cast<ModelOp>(op)) {
      models.push_back(model);
    }
  }
  if (models.size() > 1)
    return models[1].emitOpError("a module holds at most one model");

  llvm::DenseSet<Operation *> done;
  auto ungated = [](TypeRange types) {
    SmallVector<Factors> f;
    for (Type t : types)
      f.push_back(Factors(unitsOf(t), -1));
    return f;
  };
  if (!models.empty()) {
    ModelOp model = models.front();
    llvm::DenseMap<Value, Factors> wires;
    for (BlockArgument arg : model.getBody().getArguments())
      wires[arg] = Factors(unitsOf(arg.getType()), -1);
    for (ApplyOp apply : model.getBody().getOps<ApplyOp>()) {
      auto net = module.lookupSymbol<NetworkOp>(apply.getNetworkAttr());
      if (!net)
        return apply.emitOpError()
               << "applies unknown network " << apply.getNetworkAttr();
      if (!done.insert(net).second)
        return apply.emitOpError()
               << "applies network " << apply.getNetworkAttr()
               << " a second time; the complexity analysis needs one "
                  "application per network";
      SmallVector<Factors> args;
      for (Value in : apply.getInputs())
        args.push_back(wires[in]);
      auto outs = analyse(net, args);
      if (failed(outs))
        return failure();
      for (auto [res, f] : llvm::zip(apply.getResults(), *outs))
        wires[res] = f;
    }
  }
  for (NetworkOp net : module.getOps<NetworkOp>())
    if (!done.contains(net) &&
        failed(analyse(net, ungated(net.getArgumentTypes()))))
      return failure();
  return success();
}
} // namespace

FailureOr<CostModel> CostModel::derive(ModuleOp module) {
  CostModel model;
  Deriver deriver(model, model.groups_, model.networks_, model.terms_);
  if (failed(deriver.run(module, model.numUnits_)))
    return failure();
  return model;
}

std::vector<float> CostModel::thetaFromIR(ModuleOp module) const {
  std::vector<float> theta(numUnits_, 1.0f);
  module.walk([&](ThetaOp op) {
    if (const GateGroup *g = findGroup(groupName(op)))
      for (int32_t j = 0; j < g->units; ++j)
        theta[g->offset + j] = op.getTheta(j);
  });
  return theta;
}

CostResult CostModel::evaluate(const std::vector<float> &theta,
                               const Coefficients &c) const {
  CostResult r;
  r.networkParams.assign(networks_.size(), 0.0);
  r.networkFlops.assign(networks_.size(), 0.0);
  for (auto &m : r.marginal)
    m.assign(numUnits_, 0.0f);
  for (const CostTerm &t : terms_) {
    double in = t.hasIn ? t.in.eval(theta) : 1.0;
    double out = t.out.eval(theta);
    double params = t.wParams * in * out + t.bParams * out;
    double flops = t.wFlops * in * out + t.bFlops * out;
    int role = static_cast<int>(networks_[t.network].role);
    r.networkParams[t.network] += params;
    r.networkFlops[t.network] += flops;
    r.params[role] += params;
    r.flops[role] += flops;
    std::vector<float> &m = r.marginal[role];
    // The term is multilinear: d/dtheta_k of a sum it appears in is the
    // other factor (gates on inputs and outputs are distinct units).
    if (t.hasIn)
      for (int32_t k : t.in.gated)
        m[k] += t.wParams * out;
    for (int32_t k : t.out.gated)
      m[k] += t.wParams * in + t.bParams;
  }
  r.penalty.assign(numUnits_, 0.0f);
  for (const GateGroup &g : groups_) {
    double nu = c.nu(g.family);
    for (int32_t k = g.offset; k < g.offset + g.units; ++k) {
      if (theta[k] <= 0.0f) { // pruned: gone from the network
        r.marginal[0][k] = r.marginal[1][k] = 0.0f;
        continue;
      }
      r.penalty[k] = nu * (r.marginal[0][k] + c.rho * r.marginal[1][k]);
    }
  }
  return r;
}

void CostModel::penalties(const std::vector<float> &theta,
                          const Coefficients &c,
                          std::vector<float> &out) const {
  // Only the parameter cost matters for penalties; accumulate the role
  // weighted marginal directly, then scale by each group's nu.
  out.assign(numUnits_, 0.0f);
  for (const CostTerm &t : terms_) {
    if (t.wParams == 0 && t.bParams == 0)
      continue;
    double weight = networks_[t.network].role == Role::Deploy ? 1.0 : c.rho;
    double in = t.hasIn ? t.in.eval(theta) : 1.0;
    if (t.hasIn && t.wParams != 0) {
      float dIn = weight * t.wParams * t.out.eval(theta);
      for (int32_t k : t.in.gated)
        out[k] += dIn;
    }
    float dOut = weight * (t.wParams * in + t.bParams);
    for (int32_t k : t.out.gated)
      out[k] += dOut;
  }
  for (const GateGroup &g : groups_) {
    double nu = c.nu(g.family);
    for (int32_t k = g.offset; k < g.offset + g.units; ++k)
      out[k] = theta[k] <= 0.0f ? 0.0f : nu * out[k];
  }
}

} // namespace ofex
