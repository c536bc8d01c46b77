//===- Complexity.h - expected cost of gated networks -----------*- C++ -*-===//
//
// With independent gates xi_k ~ Bernoulli(theta_k), the expected parameter
// count and FLOPs of a model are multilinear in theta. The analysis derives,
// from the IR and the model's wiring, a CostModel: a list of terms, each a
// product of sums S = (ungated units) + sum of theta over gated units. The
// CostModel is evaluated for any theta in time linear in the number of units,
// which makes it cheap enough to call every training step.
//
//   linear   params  S_in * S_out + S_out (bias)   flops 2 S_in S_out + S_out
//   norm     params  2 S_units                      flops 4 per unit
//   act      flops   1 per unit (identity 0)        gate  flops 1 per unit
//
// S_in counts the input columns present (their gate on), S_out the output
// units live (the gate that reads them on). Columns are followed through
// concat and across network boundaries through the model's applies.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_ANALYSIS_COMPLEXITY_H
#define OFEX_ANALYSIS_COMPLEXITY_H

#include "mlir/IR/BuiltinOps.h"
#include "ofex/OfexDialect.h" // Role, Family

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ofex {

/// What a unit's penalty charges for (ofex-train --cost): its expected
/// parameters (the method's), its expected FLOPs per sample, or its expected
/// share of the measured update time on this machine (a CostTable). FLOPs and
/// time are converted to parameter-equivalents (Coefficients::kindScale), so
/// nu keeps its meaning: the model's average unit costs what it does under
/// `params`, and only how the cost is spread over the units changes.
enum class CostKind { Params, Flops, Time };
std::optional<CostKind> parseCostKind(llvm::StringRef name);
const char *costKindName(CostKind kind);
/// Parameter-equivalents per FLOP: a linear layer has 2 FLOPs per weight.
constexpr double kParamsPerFlop = 0.5;

/// FLOPs per element of the elementwise ops (documented in docs/dialect.md).
double actFlopsPerElement(ActKind kind);
constexpr double kNormFlopsPerElement = 4.0;
constexpr double kGateFlopsPerElement = 1.0;

/// A set of columns: `ungated` always-present columns plus gated ones, each
/// named by its unit's index into the flat theta vector.
struct ColumnSum {
  double ungated = 0;
  std::vector<int32_t> gated;
  double eval(const std::vector<float> &theta) const;
};

/// One multilinear cost term of a network:
///   params = wParams * in * out + bParams * out
///   flops  = wFlops  * in * out + bFlops  * out
///   time   = wTime   * in * out + bTime   * out   (seconds per update)
/// `in` is empty (sum 1) for elementwise terms. A linear term names its
/// layer (`<network>.<param prefix>`, e.g. "phi_o.l1"), the key of the
/// CostTable whose measurement sets wTime and bTime.
struct CostTerm {
  int32_t network = 0;
  bool hasIn = false;
  ColumnSum in, out;
  double wParams = 0, bParams = 0, wFlops = 0, bFlops = 0;
  double wTime = 0, bTime = 0;
  std::string layer;
  /// The coefficients (w, b) that measure `kind`.
  std::pair<double, double> coefficients(CostKind kind) const;
};

/// The measured update time of each layer on one machine (ofex-bench
/// --cost-table): the matmuls of its weights (forward, both backward ones,
/// Adam) and everything else it owns (bias, normalization, its share of the
/// element-wise steps), at the widths it was measured with. A layer's time
/// is taken to scale as its FLOPs do: the matmul part with in * out, the
/// rest with out.
struct LayerTime {
  int64_t in = 0, out = 0;
  double params = 0;                ///< the layer's parameters as measured
  double matmulMs = 0, otherMs = 0; ///< per update
};
struct CostTable {
  std::map<std::string, LayerTime> layers;
  /// Parameters per second over all layers: the rate that makes a unit's
  /// time a parameter-equivalent (Coefficients::kindScale).
  double paramsPerSecond() const;
  /// CSV with the header `layer,in,out,params,matmul_ms,other_ms`.
  std::string toCsv() const;
  /// Parses toCsv()'s format; on failure returns nullopt and sets `error` to
  /// one line naming the line and the problem.
  static std::optional<CostTable> parse(llvm::StringRef text,
                                        std::string &error);
  /// parse() of the file at `path`; `error` says why it could not be read
  /// or parsed (without the path: callers name it as their option).
  static std::optional<CostTable> load(llvm::StringRef path,
                                       std::string &error);
};

struct GateGroup {
  std::string name; ///< `<network>.<group>`
  Family family = Family::none;
  int32_t network = 0;
  int32_t offset = 0; ///< first unit's index in the flat theta vector
  int32_t units = 0;
};

struct NetworkInfo {
  std::string name;
  Role role = Role::deploy;
  Family family = Family::none;
};

/// Coefficients of the penalty c_k = nu_family * scale * (deploy_k + rho *
/// learn_k), where deploy_k and learn_k are the unit's marginal cost of
/// `kind` and scale converts it to parameter-equivalents (1 for params,
/// kParamsPerFlop for flops, CostTable::paramsPerSecond for time).
struct Coefficients {
  double rho = 0.5;
  double nuOfe = 2e-7, nuPi = 1e-5, nuQ = 0.0;
  CostKind kind = CostKind::Params;
  double kindScale = 1.0;
  /// Sets kind and its scale: 1 for params, kParamsPerFlop for flops, the
  /// table's paramsPerSecond for time (`table` required then).
  void setCost(CostKind kind, const CostTable *table = nullptr);
  double nu(Family family) const;
};

struct CostResult {
  std::vector<double> networkParams, networkFlops; ///< per network
  double params[2] = {0, 0};                       ///< per role
  double flops[2] = {0, 0};
  std::vector<float> marginal[2]; ///< dE[params]/dtheta_k per role
  std::vector<float> penalty;     ///< c_k (of the coefficients' kind)
  double totalParams() const { return params[0] + params[1]; }
};

class CostModel {
public:
  /// Derives the cost model of the module's networks and model wiring. On
  /// failure emits a located diagnostic and returns failure.
  static mlir::FailureOr<CostModel> derive(mlir::ModuleOp module);

  /// The flat theta vector stored in the IR (1 where no values are stored).
  std::vector<float> thetaFromIR(mlir::ModuleOp module) const;

  /// Expected cost and per-unit marginals and penalties at `theta`. Units
  /// with theta == 0 are pruned: they have zero marginal cost and penalty.
  CostResult evaluate(const std::vector<float> &theta,
                      const Coefficients &coefficients) const;
  /// Only the penalties, into a caller-owned vector (the per-step call).
  void penalties(const std::vector<float> &theta,
                 const Coefficients &coefficients,
                 std::vector<float> &out) const;

  /// Sets the time coefficients of every linear term from the table's
  /// layer (seconds per in * out, and per out, at its measured widths). A
  /// layer without a row fails (returns false and sets `error`); rows of
  /// layers that pruning removed are ignored. With `sameWidths` (a model not
  /// pruned yet), a row measured at other widths than the layer's fails too:
  /// a table of another architecture.
  bool applyCostTable(const CostTable &table, std::string &error,
                      bool sameWidths = false);

  /// The linear layers at full width (every gate on): in, out and params
  /// (weights, bias, normalization) by layer name; what a CostTable row
  /// measures.
  std::map<std::string, LayerTime> layers() const;

  const std::vector<GateGroup> &groups() const { return groups_; }
  const std::vector<NetworkInfo> &networks() const { return networks_; }
  const std::vector<CostTerm> &terms() const { return terms_; }
  int32_t numUnits() const { return numUnits_; }
  const GateGroup *findGroup(llvm::StringRef name) const;

private:
  std::vector<GateGroup> groups_;
  std::vector<NetworkInfo> networks_;
  std::vector<CostTerm> terms_;
  int32_t numUnits_ = 0;
};

} // namespace ofex

#endif // OFEX_ANALYSIS_COMPLEXITY_H
