//===- ofex-opt.cpp - mlir-opt with the ofex dialect and passes -----------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

#include "dnnl/DnnlDialect.h"
#include "ofex/OfexDialect.h"
#include "ofex/Pipelines/SacOfePipeline.h"
#include "ofex/Support/InputLimits.h"
#include "ofex/Transforms/Passes.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  // MLIR's parser recurses per nesting level: refuse input files nested
  // beyond the project's bound before MlirOptMain parses them (a stack
  // overflow is not a diagnostic).
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg.startswith("-") || !llvm::sys::fs::is_regular_file(arg))
      continue;
    auto buffer = llvm::MemoryBuffer::getFile(arg);
    std::string error;
    if (buffer && !ofex::checkNestingDepth((*buffer)->getBuffer(),
                                           /*json=*/false, arg.str(), error)) {
      llvm::errs() << "ofex-opt: " << error << "\n";
      return 2;
    }
  }
  // libLLVM registers hundreds of code generator flags (--amdgpu-...,
  // --aarch64-...) when it loads; ofex-opt generates no code, so they are
  // hidden (still accepted) and --help shows the passes and MLIR's own
  // options, which MlirOptMain registers after this. libLLVM hides them
  // itself: a member call on its cl::Option objects from here trips UBSan's
  // vptr check, since libLLVM is built without RTTI.
  static llvm::cl::OptionCategory noLlvmOptions("ofex-opt");
  llvm::cl::HideUnrelatedOptions(noLlvmOptions);
  ofex::registerOfexPasses();
  ofex::registerOfexPipelines();
  mlir::registerCSEPass();
  mlir::registerCanonicalizerPass();
  mlir::DialectRegistry registry;
  registry.insert<ofex::OfexDialect, ofex::dnnlir::DnnlDialect,
                  mlir::func::FuncDialect>();
  // A failure here is bad input (a file that does not parse or verify, a
  // pass option out of range): status 2, as every ofex tool.
  return mlir::failed(
             mlir::MlirOptMain(argc, argv, "ofex optimizer driver\n", registry))
             ? 2
             : 0;
}
