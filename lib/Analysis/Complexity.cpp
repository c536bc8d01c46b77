//===- Complexity.cpp - expected cost of gated networks -------------------===//

#include "ofex/Analysis/Complexity.h"
#include "ofex/OfexOps.h"
#include "ofex/Support/ShortestText.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/MemoryBuffer.h"

#include <charconv>
#include <cmath>
#include <sstream>

using namespace mlir;
using namespace ofex;

namespace ofex {

double actFlopsPerElement(ActKind kind) {
  switch (kind) {
  case ActKind::identity:
    return 0.0;
  case ActKind::swish: // sigmoid (one transcendental), 1 + e, x * s
    return 3.0;
  case ActKind::relu:
  case ActKind::tanh:
    return 1.0;
  }
  llvm_unreachable("an ActKind");
}

std::optional<CostKind> parseCostKind(StringRef name) {
  return llvm::StringSwitch<std::optional<CostKind>>(name)
      .Case("params", CostKind::Params)
      .Case("flops", CostKind::Flops)
      .Case("time", CostKind::Time)
      .Default(std::nullopt);
}

const char *costKindName(CostKind kind) {
  switch (kind) {
  case CostKind::Params:
    return "params";
  case CostKind::Flops:
    return "flops";
  case CostKind::Time:
    return "time";
  }
  return "params";
}

std::pair<double, double> CostTerm::coefficients(CostKind kind) const {
  switch (kind) {
  case CostKind::Params:
    return {wParams, bParams};
  case CostKind::Flops:
    return {wFlops, bFlops};
  case CostKind::Time:
    return {wTime, bTime};
  }
  return {wParams, bParams};
}

double CostTable::paramsPerSecond() const {
  double params = 0, ms = 0;
  for (const auto &[name, l] : layers) {
    params += l.params;
    ms += l.matmulMs + l.otherMs;
  }
  return ms > 0 ? params / (ms * 1e-3) : 0.0;
}

std::string CostTable::toCsv() const {
  // Exact doubles: a run's copy of its table (in its checkpoint) gives the
  // resumed run the same penalties.
  auto exact = shortestText;
  std::ostringstream os;
  os << "layer,in,out,params,matmul_ms,other_ms\n";
  for (const auto &[name, l] : layers)
    os << name << ',' << l.in << ',' << l.out << ',' << exact(l.params) << ','
       << exact(l.matmulMs) << ',' << exact(l.otherMs) << '\n';
  return os.str();
}

std::optional<CostTable> CostTable::load(StringRef path, std::string &error) {
  auto text = llvm::MemoryBuffer::getFile(path);
  if (!text) {
    error = "cannot read the file (" + text.getError().message() + ")";
    return std::nullopt;
  }
  return parse((*text)->getBuffer(), error);
}

void Coefficients::setCost(CostKind costKind, const CostTable *table) {
  kind = costKind;
  kindScale = kind == CostKind::Flops           ? kParamsPerFlop
              : kind == CostKind::Time && table ? table->paramsPerSecond()
                                                : 1.0;
}

std::optional<CostTable> CostTable::parse(StringRef text, std::string &error) {
  CostTable table;
  SmallVector<StringRef> lines;
  text.split(lines, '\n');
  auto fail = [&](size_t line, const std::string &what) {
    error = "line " + std::to_string(line + 1) + ": " + what;
    return std::nullopt;
  };
  if (lines.empty() ||
      lines[0].trim() != "layer,in,out,params,matmul_ms,other_ms")
    return fail(0, "expected the header "
                   "'layer,in,out,params,matmul_ms,other_ms'");
  for (size_t i = 1; i < lines.size(); ++i) {
    StringRef line = lines[i].trim();
    if (line.empty())
      continue;
    SmallVector<StringRef> f;
    line.split(f, ',');
    if (f.size() != 6)
      return fail(i, "expected 6 fields, got " + std::to_string(f.size()));
    LayerTime l;
    double in = 0, out = 0;
    if (f[0].empty())
      return fail(i, "empty layer name");
    if (f[1].getAsDouble(in) || f[2].getAsDouble(out) ||
        f[3].getAsDouble(l.params) || f[4].getAsDouble(l.matmulMs) ||
        f[5].getAsDouble(l.otherMs))
      return fail(i, "a field of '" + f[0].str() + "' is not a number");
    if (!(in >= 1 && out >= 1 && in < 1e9 && out < 1e9 &&
          in == std::floor(in) && out == std::floor(out)))
      return fail(i, "in and out of '" + f[0].str() +
                         "' must be positive integers");
    for (double v : {l.params, l.matmulMs, l.otherMs})
      if (!std::isfinite(v) || v < 0)
        return fail(i, "the numbers of '" + f[0].str() +
                           "' must be finite and >= 0");
    if (l.matmulMs + l.otherMs <= 0)
      return fail(i, "layer '" + f[0].str() + "' takes no time");
    l.in = int64_t(in);
    l.out = int64_t(out);
    if (!table.layers.emplace(f[0].str(), l).second)
      return fail(i, "layer '" + f[0].str() + "' appears twice");
  }
  if (table.layers.empty())
    return fail(lines.size() - 1, "no layers");
  return table;
}

double ColumnSum::eval(const std::vector<float> &theta) const {
  double s = ungated;
  for (int32_t k : gated)
    s += theta[k];
  return s;
}

double Coefficients::nu(Family family) const {
  switch (family) {
  case Family::ofe:
    return nuOfe;
  case Family::pi:
    return nuPi;
  case Family::q:
    return nuQ;
  case Family::none:
    return 0.0;
  }
  llvm_unreachable("a Family");
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
  std::string layerOf(Value param);
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

/// The layer a param belongs to: "<network>.<name up to its last dot>"
/// ("phi_o.l1" for l1.w, l1.b, l1.gamma, l1.beta).
std::string Deriver::layerOf(Value param) {
  auto p = param.getDefiningOp<ParamOp>();
  if (!p)
    return "";
  StringRef name = p.getName();
  return networks[current].name + "." + name.substr(0, name.rfind('.')).str();
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
      t.layer = layerOf(linear.getWeight());
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
        t.layer = layerOf(norm.getScale());
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
                          net.isDeploy() ? Role::deploy : Role::learn,
                          net.getFamily()});
      net.walk([&](ThetaOp theta) {
        thetaOffset[theta] = numUnits;
        groups.push_back({groupName(theta), net.getFamily(), index, numUnits,
                          static_cast<int32_t>(theta.getUnits())});
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
  if (c.kind != CostKind::Params) // the marginals above stay parameters
    penalties(theta, c, r.penalty);
  return r;
}

void CostModel::penalties(const std::vector<float> &theta,
                          const Coefficients &c,
                          std::vector<float> &out) const {
  // Accumulate the role weighted marginal of the kind's cost directly, then
  // scale by each group's nu (and the kind's parameter-equivalents).
  out.assign(numUnits_, 0.0f);
  for (const CostTerm &t : terms_) {
    auto [w, b] = t.coefficients(c.kind);
    if (w == 0 && b == 0)
      continue;
    double weight = networks_[t.network].role == Role::deploy ? 1.0 : c.rho;
    double in = t.hasIn ? t.in.eval(theta) : 1.0;
    if (t.hasIn && w != 0) {
      float dIn = weight * w * t.out.eval(theta);
      for (int32_t k : t.in.gated)
        out[k] += dIn;
    }
    float dOut = weight * (w * in + b);
    for (int32_t k : t.out.gated)
      out[k] += dOut;
  }
  for (const GateGroup &g : groups_) {
    double nu = c.nu(g.family) * c.kindScale;
    for (int32_t k = g.offset; k < g.offset + g.units; ++k)
      out[k] = theta[k] <= 0.0f ? 0.0f : nu * out[k];
  }
}

std::map<std::string, LayerTime> CostModel::layers() const {
  std::map<std::string, LayerTime> out;
  auto width = [](const ColumnSum &s) {
    return int64_t(s.ungated) + int64_t(s.gated.size());
  };
  for (const CostTerm &t : terms_) {
    if (t.layer.empty())
      continue;
    LayerTime &l = out[t.layer];
    double in = t.hasIn ? double(width(t.in)) : 1.0;
    double units = double(width(t.out));
    l.params += t.wParams * in * units + t.bParams * units;
    if (t.hasIn) {
      l.in = width(t.in);
      l.out = width(t.out);
    }
  }
  return out;
}

bool CostModel::applyCostTable(const CostTable &table, std::string &error,
                               bool sameWidths) {
  if (sameWidths)
    for (const auto &[name, mine] : layers())
      if (auto it = table.layers.find(name);
          it != table.layers.end() &&
          (it->second.in != mine.in || it->second.out != mine.out)) {
        error = "layer '" + name + "' was measured " +
                std::to_string(it->second.in) + " -> " +
                std::to_string(it->second.out) + " wide, the model's is " +
                std::to_string(mine.in) + " -> " + std::to_string(mine.out) +
                " (a table of another architecture)";
        return false;
      }
  for (CostTerm &t : terms_) {
    if (!t.hasIn) // element-wise: measured as part of its layer's row
      continue;
    auto it = table.layers.find(t.layer);
    if (t.layer.empty() || it == table.layers.end()) {
      error = "has no row for layer '" + t.layer + "'";
      return false;
    }
    const LayerTime &l = it->second;
    t.wTime = l.matmulMs * 1e-3 / double(l.in * l.out);
    t.bTime = l.otherMs * 1e-3 / double(l.out);
  }
  return true;
}

} // namespace ofex
