//===- Presets.cpp - the method's networks for a task ---------------------===//
//
// ofenet:  phi_o (deploy) and phi_oa (learn) DenseNets with gates, and the
//          auxiliary linear head (learn) predicting o_{t+1}.
// sac:     pi (deploy; tanh-Gaussian head's mean and log-std), q1, q2 (learn).
// ofe-sac: both, wired: pi reads z_o, the critics read z_oa.
// With valueNetwork, sac and ofe-sac have the original SAC's state-value
// network v (learn, family q) beside the critics, reading what pi reads.
//
//===----------------------------------------------------------------------===//

#include "ofex/Presets/Presets.h"
#include "NetworkBuilder.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace ofex;

namespace ofex {

static const TaskDims kTasks[] = {
    // name, obs, act, prediction target, OFENet layers x units
    {"HalfCheetah", 17, 6, 17, 8, 30}, {"Hopper", 11, 3, 11, 6, 40},
    {"Walker2d", 17, 6, 17, 6, 40},    {"Ant", 27, 8, 27, 6, 40},
    {"Humanoid", 376, 17, 292, 8, 30}, {"InvertedPendulum", 4, 1, 4, 4, 16},
};

std::optional<TaskDims> lookupTask(StringRef name) {
  if (name.ends_with_insensitive("-v4"))
    name = name.drop_back(3);
  for (const TaskDims &t : kTasks)
    if (name.equals_insensitive(t.name))
      return t;
  return std::nullopt;
}

std::vector<std::string> knownTasks() {
  std::vector<std::string> names;
  for (const TaskDims &t : kTasks)
    names.push_back(t.name);
  return names;
}

std::vector<std::string> knownPresets() { return {"ofenet", "sac", "ofe-sac"}; }

namespace {
/// Creates networks at the end of a module and applies them in its model.
class ModelBuilder {
public:
  ModelBuilder(MLIRContext &context, const PresetOptions &o)
      : opts(o), b(&context), loc(b.getUnknownLoc()),
        module(ModuleOp::create(loc)) {}

  Type activation(int64_t units) {
    return RankedTensorType::get({ShapedType::kDynamic, units}, b.getF32Type());
  }

  NetworkOp network(StringRef name, TypeRange ins, TypeRange outs, Role role,
                    Family family) {
    b.setInsertionPointToEnd(module->getBody());
    return b.create<NetworkOp>(loc, name, b.getFunctionType(ins, outs), role,
                               family);
  }

  /// A DenseNet branch over the concatenation of its inputs.
  NetworkOp ofeBranch(StringRef name, TypeRange ins, Role role) {
    int64_t in = 0;
    for (Type t : ins)
      in += unitsOf(t);
    Type out = activation(in + layers() * units());
    NetworkOp net = network(name, ins, {out}, role, Family::ofe);
    NetworkBuilder nb(b, net);
    SmallVector<Value> args(net.getEntry().getArguments());
    Value x = args.size() == 1 ? args[0] : nb.concat(args);
    nb.ret(nb.denseNet(x, layers(), units(), symbolizeNormKind(opts.norm),
                       *symbolizeActKind(opts.ofeAct), opts.gateOfe));
    return net;
  }

  /// The auxiliary head: z_oa -> prediction of o_{t+1}.
  NetworkOp auxHead(Type zoa) {
    NetworkOp net = network("aux", {zoa}, {activation(opts.task.targetDim)},
                            Role::learn, Family::ofe);
    NetworkBuilder nb(b, net);
    nb.ret(nb.linear("out", nb.arg(0), opts.task.targetDim));
    return net;
  }

  /// Two gated hidden layers over the concatenation of the inputs.
  Value mlpTrunk(NetworkBuilder &nb, NetworkOp net, bool gated) {
    SmallVector<Value> args(net.getEntry().getArguments());
    Value x = args.size() == 1 ? args[0] : nb.concat(args);
    for (int k = 1; k <= 2; ++k)
      x = nb.layer("l" + std::to_string(k), x, opts.hidden, std::nullopt,
                   *symbolizeActKind(opts.sacAct), gated);
    return x;
  }

  NetworkOp policy(TypeRange ins) {
    Type a = activation(opts.task.actDim);
    NetworkOp net = network("pi", ins, {a, a}, Role::deploy, Family::pi);
    NetworkBuilder nb(b, net);
    Value h = mlpTrunk(nb, net, opts.gateSac);
    nb.ret({nb.linear("mean", h, opts.task.actDim),
            nb.linear("log_std", h, opts.task.actDim)});
    return net;
  }

  NetworkOp critic(StringRef name, TypeRange ins) {
    NetworkOp net = network(name, ins, {activation(1)}, Role::learn, Family::q);
    NetworkBuilder nb(b, net);
    nb.ret(nb.linear("out", mlpTrunk(nb, net, opts.gateSac && opts.gateCritics),
                     1));
    return net;
  }

  /// The model: inputs o and a, and one apply per network.
  void model(llvm::function_ref<void(OpBuilder &, Value o, Value a)> body) {
    b.setInsertionPointToEnd(module->getBody());
    auto m = b.create<ModelOp>(loc, b.getStringAttr("agent"));
    Block *block = new Block();
    m.getBody().push_back(block);
    Value o = block->addArgument(activation(opts.task.obsDim), loc);
    Value a = block->addArgument(activation(opts.task.actDim), loc);
    b.setInsertionPointToEnd(block);
    body(b, o, a);
  }

  Value apply(NetworkOp net, ValueRange ins, unsigned result = 0) {
    auto op = b.create<ApplyOp>(loc, net.getResultTypes(),
                                SymbolRefAttr::get(net.getSymNameAttr()), ins);
    return op.getResult(result);
  }

  int64_t layers() const {
    return opts.ofeLayers ? opts.ofeLayers : opts.task.ofeLayers;
  }
  int64_t units() const {
    return opts.ofeUnits ? opts.ofeUnits : opts.task.ofeUnits;
  }

  const PresetOptions &opts;
  OpBuilder b;
  Location loc;
  OwningOpRef<ModuleOp> module;
};
} // namespace

static std::string checkOptions(const PresetOptions &o) {
  auto known = knownPresets();
  if (!llvm::is_contained(known, o.preset))
    return "unknown preset '" + o.preset + "'; expected one of " +
           llvm::join(known, ", ");
  if (o.task.obsDim <= 0)
    return "no task given for preset '" + o.preset + "'";
  if (o.valueNetwork && o.preset == "ofenet")
    return "a value network needs a SAC preset (sac or ofe-sac)";
  if (o.ofeLayers < 0 || o.ofeUnits < 0 || o.hidden <= 0)
    return "network sizes must be positive";
  // The builders take the words as the dialect's enums (`none`: no norm).
  if (o.norm != "none" && !symbolizeNormKind(o.norm))
    return "unknown normalization '" + o.norm +
           "'; expected none, layer or batch";
  for (const std::string &act : {o.ofeAct, o.sacAct})
    if (!symbolizeActKind(act))
      return "unknown activation '" + act +
             "'; expected relu, swish, tanh or identity";
  return "";
}

OwningOpRef<ModuleOp> buildPreset(MLIRContext &context,
                                  const PresetOptions &options,
                                  std::string &error) {
  error = checkOptions(options);
  if (!error.empty())
    return nullptr;
  context.getOrLoadDialect<OfexDialect>();
  ModelBuilder mb(context, options);
  const TaskDims &task = options.task;
  Type obs = mb.activation(task.obsDim), act = mb.activation(task.actDim);

  if (options.preset == "sac") {
    NetworkOp pi = mb.policy({obs});
    NetworkOp q1 = mb.critic("q1", {obs, act});
    NetworkOp q2 = mb.critic("q2", {obs, act});
    NetworkOp v = options.valueNetwork ? mb.critic("v", {obs}) : NetworkOp();
    mb.model([&](OpBuilder &, Value o, Value a) {
      mb.apply(pi, {o});
      mb.apply(q1, {o, a});
      mb.apply(q2, {o, a});
      if (v)
        mb.apply(v, {o});
    });
  } else {
    NetworkOp phiO = mb.ofeBranch("phi_o", {obs}, Role::deploy);
    Type zo = phiO.getResultTypes()[0];
    NetworkOp phiOA = mb.ofeBranch("phi_oa", {zo, act}, Role::learn);
    Type zoa = phiOA.getResultTypes()[0];
    NetworkOp aux = mb.auxHead(zoa);
    NetworkOp pi, q1, q2, v;
    if (options.preset == "ofe-sac") {
      pi = mb.policy({zo});
      q1 = mb.critic("q1", {zoa});
      q2 = mb.critic("q2", {zoa});
      if (options.valueNetwork)
        v = mb.critic("v", {zo});
    }
    mb.model([&](OpBuilder &, Value o, Value a) {
      Value zO = mb.apply(phiO, {o});
      Value zOA = mb.apply(phiOA, {zO, a});
      mb.apply(aux, {zOA});
      if (pi) {
        mb.apply(pi, {zO});
        mb.apply(q1, {zOA});
        mb.apply(q2, {zOA});
        if (v)
          mb.apply(v, {zO});
      }
    });
  }
  if (failed(verify(*mb.module))) {
    error = "internal error: preset '" + options.preset + "' does not verify";
    return nullptr;
  }
  return std::move(mb.module);
}

} // namespace ofex
