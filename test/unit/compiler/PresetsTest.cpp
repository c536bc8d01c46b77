//===- PresetsTest.cpp - preset builders produce verified modules ---------===//

#include "ofex/Presets/Presets.h"
#include "ofex/Analysis/Summary.h"
#include "ofex/OfexOps.h"

#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

TEST(Presets, EveryPresetVerifiesForEveryTask) {
  MLIRContext context;
  for (const std::string &taskName : ofex::knownTasks())
    for (const std::string &preset : ofex::knownPresets())
      for (const char *norm : {"none", "layer", "batch"}) {
        ofex::PresetOptions o;
        o.preset = preset;
        o.task = *ofex::lookupTask(taskName);
        o.norm = norm;
        std::string error;
        auto module = ofex::buildPreset(context, o, error);
        ASSERT_TRUE(module) << preset << " " << taskName << ": " << error;
        EXPECT_TRUE(succeeded(verify(*module))) << preset << " " << taskName;
        // The model's inputs are the task's observation and action.
        auto model = *module->getOps<ofex::ModelOp>().begin();
        EXPECT_EQ(ofex::unitsOf(model.getBody().getArgument(0).getType()),
                  o.task.obsDim);
        EXPECT_EQ(ofex::unitsOf(model.getBody().getArgument(1).getType()),
                  o.task.actDim);
      }
}

TEST(Presets, ReferenceConfigurationPerTask) {
  MLIRContext context;
  struct Expect {
    const char *task;
    int64_t zo; // d_o + L * U
  } cases[] = {{"HalfCheetah", 17 + 8 * 30},
               {"Hopper", 11 + 6 * 40},
               {"Walker2d", 17 + 6 * 40},
               {"Ant", 27 + 6 * 40},
               {"Humanoid", 376 + 8 * 30}};
  for (auto c : cases) {
    ofex::PresetOptions o;
    o.preset = "ofenet";
    o.task = *ofex::lookupTask(c.task);
    std::string error;
    auto module = ofex::buildPreset(context, o, error);
    ASSERT_TRUE(module) << error;
    auto phiO = module->lookupSymbol<ofex::NetworkOp>("phi_o");
    ASSERT_TRUE(phiO);
    EXPECT_EQ(ofex::unitsOf(phiO.getResultTypes()[0]), c.zo) << c.task;
    auto aux = module->lookupSymbol<ofex::NetworkOp>("aux");
    EXPECT_EQ(ofex::unitsOf(aux.getResultTypes()[0]), o.task.targetDim);
  }
  EXPECT_EQ(ofex::lookupTask("Humanoid")->targetDim, 292);
  EXPECT_EQ(ofex::lookupTask("humanoid-v4")->obsDim, 376);
  EXPECT_FALSE(ofex::lookupTask("Pong"));
}

TEST(Presets, ValueNetworkReadsWhatThePolicyReads) {
  // SAC v1's V: a critic (learn, family q) over pi's input, z_o or o.
  MLIRContext context;
  for (const char *preset : {"ofe-sac", "sac"}) {
    ofex::PresetOptions o;
    o.preset = preset;
    o.task = *ofex::lookupTask("Hopper");
    o.valueNetwork = true;
    std::string error;
    auto module = ofex::buildPreset(context, o, error);
    ASSERT_TRUE(module) << error;
    auto v = module->lookupSymbol<ofex::NetworkOp>("v");
    auto pi = module->lookupSymbol<ofex::NetworkOp>("pi");
    ASSERT_TRUE(v && pi) << preset;
    EXPECT_EQ(v.getFamily(), ofex::Family::q);
    EXPECT_FALSE(v.isDeploy());
    EXPECT_EQ(v.getArgumentTypes(), pi.getArgumentTypes()) << preset;
    EXPECT_EQ(ofex::unitsOf(v.getResultTypes()[0]), 1);
    // Applied in the model on the same value as pi.
    ofex::ApplyOp applyV, applyPi;
    module->walk([&](ofex::ApplyOp a) {
      if (a.getNetwork() == "v")
        applyV = a;
      if (a.getNetwork() == "pi")
        applyPi = a;
    });
    ASSERT_TRUE(applyV && applyPi);
    EXPECT_EQ(applyV.getOperand(0), applyPi.getOperand(0));
  }
  ofex::PresetOptions o;
  o.preset = "ofenet";
  o.task = *ofex::lookupTask("Hopper");
  o.valueNetwork = true;
  std::string error;
  EXPECT_FALSE(ofex::buildPreset(context, o, error));
  EXPECT_NE(error.find("value network needs a SAC preset"), std::string::npos);
}

TEST(Presets, BadOptionsAreNamed) {
  MLIRContext context;
  ofex::PresetOptions o;
  o.task = *ofex::lookupTask("Hopper");
  std::string error;
  o.norm = "group";
  EXPECT_FALSE(ofex::buildPreset(context, o, error));
  EXPECT_NE(error.find("unknown normalization 'group'"), std::string::npos);
  o.norm = "batch";
  o.ofeAct = "gelu";
  EXPECT_FALSE(ofex::buildPreset(context, o, error));
  EXPECT_NE(error.find("unknown activation 'gelu'"), std::string::npos);
}

} // namespace
