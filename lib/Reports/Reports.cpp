//===- Reports.cpp - what ofexc prints ------------------------------------===//

#include "ofex/Reports/Reports.h"
#include "ofex/Analysis/Summary.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>

using namespace mlir;
using namespace ofex;

namespace ofex {

void printSummary(ModuleOp module, bool json, llvm::raw_ostream &os,
                  const PruneResult *pruned) {
  ModuleSummary s = summarize(module);
  if (json) {
    llvm::json::Array nets;
    for (const NetworkSummary &n : s.networks)
      nets.push_back(llvm::json::Object{{"name", n.name},
                                        {"role", n.role},
                                        {"family", n.family},
                                        {"params", n.params},
                                        {"flops", n.flops},
                                        {"gate_units", n.gateUnits}});
    llvm::json::Object root{{"networks", std::move(nets)},
                            {"deploy_params", s.deployParams},
                            {"train_params", s.trainParams},
                            {"deploy_flops", s.deployFlops},
                            {"train_flops", s.trainFlops}};
    if (pruned) {
      llvm::json::Object groups;
      for (const auto &[name, g] : pruned->groups)
        groups[name] = llvm::json::Object{{"before", g.unitsBefore},
                                          {"after", g.unitsAfter},
                                          {"layer_removed", g.layerRemoved}};
      root["pruned"] =
          llvm::json::Object{{"units_removed", pruned->unitsRemoved},
                             {"groups", std::move(groups)}};
    }
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    return;
  }
  os << "network    role    nu          params   flops/sample gate units\n";
  for (const NetworkSummary &n : s.networks)
    os << llvm::format("%-10s %-7s %-5s %12lld %14lld %10lld\n", n.name.c_str(),
                       n.role.c_str(), n.family.c_str(), (long long)n.params,
                       (long long)n.flops, (long long)n.gateUnits);
  os << llvm::format("deploy params %lld, train params %lld\n",
                     (long long)s.deployParams, (long long)s.trainParams);
  os << llvm::format("deploy flops/sample %lld, train flops/sample %lld\n",
                     (long long)s.deployFlops, (long long)s.trainFlops);
  if (!pruned)
    return;
  os << llvm::format("\npruned: %lld units removed\n",
                     (long long)pruned->unitsRemoved);
  os << "gate group   before  after\n";
  for (const auto &[name, g] : pruned->groups)
    os << llvm::format("%-12s %6lld %6lld%s\n", name.c_str(),
                       (long long)g.unitsBefore, (long long)g.unitsAfter,
                       g.layerRemoved ? "  (layer removed)" : "");
}

LogicalResult printCost(ModuleOp module, const Coefficients &c, bool json,
                        llvm::raw_ostream &os, const CostTable *table) {
  auto model = CostModel::derive(module);
  if (failed(model))
    return failure();
  std::string error;
  if (table && !model->applyCostTable(*table, error))
    return module.emitError("the cost table ") << error;
  std::vector<float> theta = model->thetaFromIR(module);
  CostResult r = model->evaluate(theta, c);
  auto slice = [](const std::vector<float> &v, const GateGroup &g) {
    return ArrayRef<float>(v).slice(g.offset, g.units);
  };

  if (json) {
    llvm::json::Object groups;
    for (const GateGroup &g : model->groups()) {
      llvm::json::Array total, deploy, learn, penalty;
      for (int32_t k = g.offset; k < g.offset + g.units; ++k) {
        deploy.push_back(r.marginal[0][k]);
        learn.push_back(r.marginal[1][k]);
        total.push_back(double(r.marginal[0][k]) + r.marginal[1][k]);
        penalty.push_back(r.penalty[k]);
      }
      double active = 0;
      for (float t : slice(theta, g))
        active += t;
      groups[g.name] =
          llvm::json::Object{{"units", g.units},
                             {"expected_active", active},
                             {"marginal_cost", std::move(total)},
                             {"marginal_deploy", std::move(deploy)},
                             {"marginal_learn", std::move(learn)},
                             {"penalty", std::move(penalty)}};
    }
    llvm::json::Object networks;
    for (auto [i, n] : llvm::enumerate(model->networks()))
      networks[n.name] =
          llvm::json::Object{{"role", stringifyRole(n.role)},
                             {"expected_params", r.networkParams[i]},
                             {"expected_flops", r.networkFlops[i]}};
    llvm::json::Object root{
        {"expected_params", llvm::json::Object{{"deploy", r.params[0]},
                                               {"learn", r.params[1]},
                                               {"total", r.totalParams()}}},
        {"expected_flops",
         llvm::json::Object{{"deploy", r.flops[0]},
                            {"learn", r.flops[1]},
                            {"total", r.flops[0] + r.flops[1]}}},
        {"coefficients", llvm::json::Object{{"rho", c.rho},
                                            {"nu_ofe", c.nuOfe},
                                            {"nu_pi", c.nuPi},
                                            {"nu_q", c.nuQ},
                                            {"cost", costKindName(c.kind)},
                                            {"cost_scale", c.kindScale}}},
        {"networks", std::move(networks)},
        {"groups", std::move(groups)}};
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    return success();
  }

  os << llvm::format("coefficients: rho %g, nu_ofe %g, nu_pi %g, nu_q %g",
                     c.rho, c.nuOfe, c.nuPi, c.nuQ);
  if (c.kind != CostKind::Params) // penalties in parameter-equivalents
    os << llvm::format(", cost %s (%.4g params per %s)", costKindName(c.kind),
                       c.kindScale,
                       c.kind == CostKind::Flops ? "FLOP" : "second");
  os << "\n";
  os << "network    role        E[params]  E[flops/sample]\n";
  for (auto [i, n] : llvm::enumerate(model->networks()))
    os << llvm::format("%-10s %-6s %14.1f %16.1f\n", n.name.c_str(),
                       stringifyRole(n.role).data(), r.networkParams[i],
                       r.networkFlops[i]);
  os << llvm::format("E[params]: deploy %.1f, learn %.1f, total %.1f\n",
                     r.params[0], r.params[1], r.totalParams());
  os << "\ngate group   units E[active]  marginal cost (min..max)  "
        "penalty (min..max)\n";
  for (const GateGroup &g : model->groups()) {
    std::vector<float> total(g.units);
    for (int32_t j = 0; j < g.units; ++j)
      total[j] = r.marginal[0][g.offset + j] + r.marginal[1][g.offset + j];
    auto pen = slice(r.penalty, g);
    double active = 0;
    for (float t : slice(theta, g))
      active += t;
    auto [tmin, tmax] = std::minmax_element(total.begin(), total.end());
    auto [pmin, pmax] = std::minmax_element(pen.begin(), pen.end());
    os << llvm::format("%-12s %5d %9.2f %11.1f..%-11.1f %11.3g..%-11.3g\n",
                       g.name.c_str(), g.units, active, *tmin, *tmax, *pmin,
                       *pmax);
  }
  return success();
}

} // namespace ofex
