//===- Presets.h - builders of the method's networks -------------*- C++
//-*-===//
//
// C++ builders that generate the OFENet and SAC networks of the method for a
// task's dimensions, as an ofex module (networks + the model that wires them).
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_PRESETS_PRESETS_H
#define OFEX_PRESETS_PRESETS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>
#include <string>
#include <vector>

namespace ofex {

/// Dimensions of a task and its OFENet reference configuration.
struct TaskDims {
  std::string name;
  int64_t obsDim = 0;
  int64_t actDim = 0;
  int64_t targetDim = 0; ///< entries of o_{t+1} the auxiliary head predicts
  int64_t ofeLayers = 0; ///< reference OFENet layers per branch
  int64_t ofeUnits = 0;  ///< reference OFENet units per layer
};

/// The task's dimensions by name (HalfCheetah, Hopper, ...; case-insensitive,
/// a "-v4" suffix is accepted), or nullopt.
std::optional<TaskDims> lookupTask(llvm::StringRef name);
std::vector<std::string> knownTasks();
std::vector<std::string> knownPresets();

/// The OFENet normalization every tool (ofexc, ofex-bench, ofex-train) uses
/// when --norm is not given. Layer norm: the pruning settings were tuned with
/// it, and it needs no running statistics (batch is the reference code's
/// choice; pass --norm batch for it).
inline constexpr const char *kDefaultNorm = "layer";

struct PresetOptions {
  std::string preset = "ofe-sac"; ///< ofenet | sac | ofe-sac
  TaskDims task;
  int64_t ofeLayers = 0;           ///< 0: the task's reference configuration
  int64_t ofeUnits = 0;            ///< units per layer; 0: the task's reference
  int64_t hidden = 256;            ///< width of the SAC hidden layers
  std::string norm = kDefaultNorm; ///< none | layer | batch (OFENet layers)
  std::string ofeAct = "swish";    ///< OFENet activation
  std::string sacAct = "relu";     ///< SAC hidden activation
  bool gateOfe = true;             ///< gates on OFENet layers
  bool gateSac = true;             ///< gates on SAC hidden layers
  bool gateCritics = true;         ///< with gateSac: on the critics' too
  /// sac and ofe-sac: also a state-value network V (`v`, a critic: role
  /// learn, family q) over the policy's input, the original SAC's ("v1").
  bool valueNetwork = false;
};

/// Builds the preset's module, or returns null and sets `error` to one line
/// naming the bad option.
mlir::OwningOpRef<mlir::ModuleOp> buildPreset(mlir::MLIRContext &context,
                                              const PresetOptions &options,
                                              std::string &error);

} // namespace ofex

#endif // OFEX_PRESETS_PRESETS_H
