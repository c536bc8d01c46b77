//===- Onnx.cpp - the deployed policy as an ONNX model --------------------===//
//
// Walks the deployment's model: each application of a network emits that
// network's ops as ONNX nodes, with the network's arguments bound to the
// applied values; params, running statistics and theta become initializers.
// Field numbers are those of onnx.proto (proto2, IR version 8 for opset 17).
//
//===----------------------------------------------------------------------===//

#include "ofex/Export/Onnx.h"
#include "ProtoWriter.h"

#include "ofex/OfexOps.h"
#include "ofex/Reference/Interpreter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/TypeSwitch.h"

#include <set>

using namespace mlir;

namespace ofex {
namespace {

// onnx.proto field numbers.
namespace model {
constexpr uint32_t kIrVersion = 1, kProducerName = 2, kProducerVersion = 3,
                   kGraph = 7, kOpsetImport = 8;
} // namespace model
namespace opset {
constexpr uint32_t kDomain = 1, kVersion = 2;
} // namespace opset
namespace graph {
constexpr uint32_t kNode = 1, kName = 2, kInitializer = 5, kInput = 11,
                   kOutput = 12;
} // namespace graph
namespace node {
constexpr uint32_t kInput = 1, kOutput = 2, kName = 3, kOpType = 4,
                   kAttribute = 5;
} // namespace node
namespace attribute {
constexpr uint32_t kName = 1, kF = 2, kI = 3, kType = 20;
constexpr uint64_t kFloat = 1, kInt = 2; // AttributeProto.AttributeType
} // namespace attribute
namespace tensor {
constexpr uint32_t kDims = 1, kDataType = 2, kName = 8, kRawData = 9;
constexpr uint64_t kFloat = 1; // TensorProto.DataType
} // namespace tensor
namespace value {
constexpr uint32_t kName = 1, kType = 2;         // ValueInfoProto
constexpr uint32_t kTensorType = 1;              // TypeProto
constexpr uint32_t kElemType = 1, kShape = 2;    // TypeProto.Tensor
constexpr uint32_t kDim = 1;                     // TensorShapeProto
constexpr uint32_t kDimValue = 1, kDimParam = 2; // its Dimension
} // namespace value

constexpr int64_t kIrVersion8 = 8, kOpset = 17;

struct Attr {
  std::string name;
  bool isFloat;
  double f;
  int64_t i;
};
Attr floatAttr(std::string name, double f) {
  return {std::move(name), true, f, 0};
}
Attr intAttr(std::string name, int64_t i) {
  return {std::move(name), false, 0, i};
}

class Exporter {
public:
  Exporter(const std::map<std::string, std::vector<float>> &weights,
           const OnnxOptions &options)
      : weights(weights), options(options) {}

  FailureOr<std::string> run(ModuleOp deployment);

private:
  LogicalResult emitNetwork(NetworkOp net, ArrayRef<std::string> inputs,
                            SmallVectorImpl<std::string> &outputs);
  LogicalResult emitOp(Operation *op, StringRef net);
  FailureOr<std::string> initializer(Operation *op, const std::string &key,
                                     ShapedType type, ArrayRef<float> values);
  /// Emits a node; its output is `output`, or a fresh name when empty.
  std::string node(StringRef opType, ArrayRef<std::string> inputs,
                   ArrayRef<Attr> attrs = {}, std::string output = "");
  std::string constant(const std::string &name, ArrayRef<float> values);
  static ProtoWriter valueInfo(const std::string &name, int64_t cols);

  /// Emitted nodes and initializers; run() writes those the action needs
  /// (pi's log-std head, for one, is not).
  struct Node {
    std::vector<std::string> inputs;
    std::string output;
    ProtoWriter proto;
  };
  void addNode(std::vector<std::string> inputs, std::string output,
               ProtoWriter proto) {
    nodes.push_back({std::move(inputs), std::move(output), std::move(proto)});
  }

  const std::map<std::string, std::vector<float>> &weights;
  const OnnxOptions &options;
  std::vector<Node> nodes;
  std::map<std::string, ProtoWriter> initializers;
  llvm::DenseMap<Value, std::string> names;
  int64_t counter = 0;
};

std::string Exporter::node(StringRef opType, ArrayRef<std::string> inputs,
                           ArrayRef<Attr> attrs, std::string output) {
  std::string out =
      output.empty() ? "t" + std::to_string(counter++) : std::move(output);
  ProtoWriter n;
  for (const std::string &in : inputs)
    n.bytes(node::kInput, in);
  n.bytes(node::kOutput, out);
  n.bytes(node::kName, opType.str() + "_" + out);
  n.bytes(node::kOpType, opType.str());
  for (const Attr &a : attrs) {
    ProtoWriter p;
    p.bytes(attribute::kName, a.name);
    if (a.isFloat) {
      p.f32(attribute::kF, float(a.f));
      p.varint(attribute::kType, attribute::kFloat);
    } else {
      p.varint(attribute::kI, uint64_t(a.i));
      p.varint(attribute::kType, attribute::kInt);
    }
    n.message(node::kAttribute, p);
  }
  addNode(inputs, out, n);
  return out;
}

/// A float TensorProto of these dims (row-major) and values.
ProtoWriter tensorProto(const std::string &name, ArrayRef<int64_t> dims,
                        ArrayRef<float> values) {
  ProtoWriter t;
  for (int64_t d : dims)
    t.varint(tensor::kDims, uint64_t(d));
  t.varint(tensor::kDataType, tensor::kFloat);
  t.bytes(tensor::kName, name);
  t.bytes(tensor::kRawData,
          std::string(reinterpret_cast<const char *>(values.data()),
                      values.size() * sizeof(float)));
  return t;
}

std::string Exporter::constant(const std::string &name,
                               ArrayRef<float> values) {
  initializers[name] = tensorProto(name, {int64_t(values.size())}, values);
  return name;
}

FailureOr<std::string> Exporter::initializer(Operation *op,
                                             const std::string &key,
                                             ShapedType type,
                                             ArrayRef<float> values) {
  if (int64_t(values.size()) != type.getNumElements())
    return op->emitError() << "'" << key << "' has " << values.size()
                           << " values, the model wants "
                           << type.getNumElements();
  if (!initializers.count(key))
    initializers[key] = tensorProto(key, type.getShape(), values);
  return key;
}

LogicalResult Exporter::emitOp(Operation *op, StringRef net) {
  auto name = [&](Value v) { return names.lookup(v); };
  auto state = [&](Operation *o, const std::string &key) -> LogicalResult {
    auto it = weights.find(key);
    if (it == weights.end())
      return o->emitError() << "no weights for '" << key << "'";
    auto init = initializer(
        o, key, o->getResult(0).getType().cast<ShapedType>(), it->second);
    if (failed(init))
      return failure();
    names[o->getResult(0)] = *init;
    return success();
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ParamOp p) { return state(p, paramKey(p)); })
      .Case([&](StatOp s) { return state(s, statKey(s)); })
      .Case([&](ThetaOp t) {
        std::vector<float> theta;
        for (int64_t k = 0; k < t.getUnits(); ++k)
          theta.push_back(t.getTheta(k));
        auto init = initializer(t, "theta:" + groupName(t),
                                t.getType().cast<ShapedType>(), theta);
        if (failed(init))
          return failure();
        names[t.getResult()] = *init;
        return success();
      })
      .Case([&](LinearOp l) {
        std::vector<std::string> in = {name(l.getInput()), name(l.getWeight())};
        if (l.getBias())
          in.push_back(name(l.getBias()));
        names[l.getResult()] = node(l.getBias() ? "Gemm" : "MatMul", in);
        return success();
      })
      .Case([&](NormOp n) -> LogicalResult {
        Attr eps = floatAttr("epsilon", ref::kNormEpsilon);
        if (n.getKind() == NormKind::layer) {
          names[n.getResult()] =
              node("LayerNormalization",
                   {name(n.getInput()), name(n.getScale()), name(n.getShift())},
                   {eps, intAttr("axis", -1)});
          return success();
        }
        if (!n.getRunningMean())
          return n.emitError()
                 << "a deployed batch norm needs running statistics";
        names[n.getResult()] =
            node("BatchNormalization",
                 {name(n.getInput()), name(n.getScale()), name(n.getShift()),
                  name(n.getRunningMean()), name(n.getRunningVar())},
                 {eps});
        return success();
      })
      .Case([&](ActOp a) -> LogicalResult {
        std::string x = name(a.getInput());
        switch (a.getKind()) {
        case ActKind::relu:
          names[a.getResult()] = node("Relu", {x});
          break;
        case ActKind::tanh:
          names[a.getResult()] = node("Tanh", {x});
          break;
        case ActKind::swish:
          names[a.getResult()] = node("Mul", {x, node("Sigmoid", {x})});
          break;
        case ActKind::identity:
          names[a.getResult()] = x;
          break;
        }
        return success();
      })
      .Case([&](GateOp g) -> LogicalResult {
        if (g.getMode() != GateMode::expect)
          return g.emitError() << "a deployed gate must be at its expectation "
                                  "(or removed), not '"
                               << stringifyGateMode(g.getMode()) << "'";
        // Theta 1 everywhere (an unpruned model): the gate changes nothing.
        ThetaOp theta = g.getThetaOp();
        bool ones =
            theta &&
            llvm::all_of(llvm::seq<int64_t>(0, theta.getUnits()),
                         [&](int64_t k) { return theta.getTheta(k) == 1; });
        if (ones) {
          names[g.getResult()] = name(g.getInput());
          return success();
        }
        names[g.getResult()] =
            node("Mul", {name(g.getInput()), name(g.getTheta())});
        return success();
      })
      .Case([&](ConcatOp c) {
        std::vector<std::string> in;
        for (Value v : c.getOperands())
          in.push_back(name(v));
        names[c.getResult()] = node("Concat", in, {intAttr("axis", 1)});
        return success();
      })
      .Case([&](ReturnOp) { return success(); })
      .Default([&](Operation *o) {
        return o->emitError() << "no ONNX form of '" << o->getName()
                              << "' in network @" << net;
      });
}

LogicalResult Exporter::emitNetwork(NetworkOp net, ArrayRef<std::string> inputs,
                                    SmallVectorImpl<std::string> &outputs) {
  Block &entry = net.getEntry();
  for (auto [arg, in] : llvm::zip(entry.getArguments(), inputs))
    names[arg] = in;
  for (Operation &op : entry)
    if (failed(emitOp(&op, net.getSymName())))
      return failure();
  for (Value v : entry.getTerminator()->getOperands())
    outputs.push_back(names.lookup(v));
  return success();
}

ProtoWriter Exporter::valueInfo(const std::string &name, int64_t cols) {
  ProtoWriter batch, width, shape, tensorType, type, info;
  batch.bytes(value::kDimParam, "batch");
  width.varint(value::kDimValue, uint64_t(cols));
  shape.message(value::kDim, batch);
  shape.message(value::kDim, width);
  tensorType.varint(value::kElemType, tensor::kFloat);
  tensorType.message(value::kShape, shape);
  type.message(value::kTensorType, tensorType);
  info.bytes(value::kName, name);
  info.message(value::kType, type);
  return info;
}

FailureOr<std::string> Exporter::run(ModuleOp deployment) {
  auto models = deployment.getOps<ModelOp>();
  if (models.empty())
    return deployment.emitError() << "no ofex.model to export";
  ModelOp m = *models.begin();
  Block &body = m.getBody().front();
  int64_t obsDim = unitsOf(body.getArgument(0).getType());
  names[body.getArgument(0)] = "observation";
  std::string mean;
  int64_t actDim = 0;
  for (ApplyOp apply : body.getOps<ApplyOp>()) {
    auto net = deployment.lookupSymbol<NetworkOp>(apply.getNetwork());
    if (!net)
      return apply.emitError() << "no network @" << apply.getNetwork();
    if (!net.isDeploy())
      return apply.emitError()
             << "@" << apply.getNetwork()
             << " is a learning network: export the deployment (phi_o, pi)";
    std::vector<std::string> ins;
    for (Value v : apply.getInputs()) {
      std::string n = names.lookup(v);
      if (n.empty())
        return apply.emitError() << "reads a value the policy does not have";
      ins.push_back(n);
    }
    SmallVector<std::string> outs;
    if (failed(emitNetwork(net, ins, outs)))
      return failure();
    for (auto [r, n] : llvm::zip(apply.getResults(), outs))
      names[r] = n;
    if (net.getFamily() == Family::pi) {
      mean = outs[0];
      actDim = unitsOf(apply.getResult(0).getType());
    }
  }
  if (mean.empty())
    return m.emitError() << "the deployment has no policy (family pi)";

  std::string action = node("Tanh", {mean});
  const std::vector<float> &low = options.actionLow, &high = options.actionHigh;
  if (!low.empty()) {
    if (int64_t(low.size()) != actDim || high.size() != low.size())
      return m.emitError() << "the action box has " << low.size()
                           << " entries, the policy " << actDim;
    // low + (a + 1) (high - low) / 2 = a * half + (low + half).
    std::vector<float> half(actDim), offset(actDim);
    for (int64_t j = 0; j < actDim; ++j) {
      half[j] = (high[j] - low[j]) / 2;
      offset[j] = low[j] + half[j];
    }
    action =
        node("Add", {node("Mul", {action, constant("action_half_range", half)}),
                     constant("action_center", offset)});
  }
  // The graph's output must be named "action": an Identity renames it.
  node("Identity", {action}, {}, "action");

  // What the action needs, backwards from it; nodes keep their order.
  std::set<std::string> needed = {"action"};
  std::vector<bool> live(nodes.size(), false);
  for (size_t k = nodes.size(); k-- > 0;) {
    if (!needed.count(nodes[k].output))
      continue;
    live[k] = true;
    needed.insert(nodes[k].inputs.begin(), nodes[k].inputs.end());
  }
  ProtoWriter graphProto;
  for (size_t k = 0; k < nodes.size(); ++k)
    if (live[k])
      graphProto.message(graph::kNode, nodes[k].proto);
  graphProto.bytes(graph::kName, "ofex_policy");
  for (const auto &[key, t] : initializers)
    if (needed.count(key))
      graphProto.message(graph::kInitializer, t);
  graphProto.message(graph::kInput, valueInfo("observation", obsDim));
  graphProto.message(graph::kOutput, valueInfo("action", actDim));

  ProtoWriter modelProto, opsetId;
  modelProto.varint(model::kIrVersion, kIrVersion8);
  modelProto.bytes(model::kProducerName, "ofex");
  if (!options.producerVersion.empty())
    modelProto.bytes(model::kProducerVersion, options.producerVersion);
  modelProto.message(model::kGraph, graphProto);
  opsetId.bytes(opset::kDomain, "");
  opsetId.varint(opset::kVersion, kOpset);
  modelProto.message(model::kOpsetImport, opsetId);
  return modelProto.str();
}

} // namespace

FailureOr<std::string>
exportOnnx(ModuleOp deployment,
           const std::map<std::string, std::vector<float>> &weights,
           const OnnxOptions &options) {
  Exporter e(weights, options);
  return e.run(deployment);
}

} // namespace ofex
