//===- ofex-opt.cpp - mlir-opt with the ofex dialect and passes -----------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

#include "dnnl/DnnlDialect.h"
#include "ofex/OfexDialect.h"
#include "ofex/Transforms/Passes.h"

int main(int argc, char **argv) {
  ofex::registerOfexPasses();
  mlir::registerCSEPass();
  mlir::registerCanonicalizerPass();
  mlir::DialectRegistry registry;
  registry.insert<ofex::OfexDialect, ofex::dnnlir::DnnlDialect,
                  mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "ofex optimizer driver\n", registry));
}
