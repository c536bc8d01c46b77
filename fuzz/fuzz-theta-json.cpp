//===- fuzz-theta-json.cpp - The theta file reader on hostile text --------===//
//
// `ofexc --theta FILE` and ofex-train's theta handling read gate group ->
// values objects. Text is parsed and, when it parses, applied to a small
// model: what is applied must read back as given.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "ofex/Analysis/ThetaFile.h"
#include "ofex/OfexDialect.h"
#include "ofex/Support/ModuleIO.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include <string>

namespace {
// Two gate groups, "l1" (3 units) and "l2" (2 units).
constexpr const char *kModel = R"mlir(
ofex.network @enc(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x3xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %t1 = ofex.theta "l1" = [1.0, 0.5, 0.5] : tensor<3xf32>
  %g1 = ofex.gate sample %h1, %t1 : tensor<?x3xf32>, tensor<3xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<3x2xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<2xf32>
  %h2 = ofex.linear %g1, %w2, %b2 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %t2 = ofex.theta "l2" = [1.0, 1.0] : tensor<2xf32>
  %g2 = ofex.gate sample %h2, %t2 : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g2 : tensor<?x2xf32>
}
)mlir";
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  ofex::ThetaValues values;
  std::string error;
  if (!ofex::parseTheta(text, "fuzz.json", values, error)) {
    ofex::fuzz::require(!error.empty(), "a rejected theta file has a reason");
    return 0;
  }
  for (const auto &[group, theta] : values)
    for (float t : theta)
      ofex::fuzz::require(t >= 0 && t <= 1, "accepted theta lie in [0, 1]");

  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.getOrLoadDialect<ofex::OfexDialect>();
  auto module = ofex::parseModule(
      context, llvm::MemoryBuffer::getMemBuffer(kModel, "model.mlir"),
      "model.mlir", error);
  ofex::fuzz::require(bool(module), "the target's own model parses");
  if (!ofex::applyTheta(*module, values, error))
    return 0;
  ofex::ThetaValues stored = ofex::collectTheta(*module);
  for (const auto &[group, theta] : values)
    ofex::fuzz::require(stored.at(group) == theta,
                        "applied theta read back as given");
  return 0;
}
