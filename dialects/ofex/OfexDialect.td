//===- OfexDialect.td - the gated-network dialect ----------*- tablegen -*-===//

#ifndef OFEX_DIALECT_TD
#define OFEX_DIALECT_TD

include "mlir/IR/OpBase.td"

def Ofex_Dialect : Dialect {
  let name = "ofex";
  let summary = "Gated neural networks whose units are scaled by Bernoulli gates";
  let description = [{
    Networks are functions over tensors of shape batch x features. Every unit
    (column) of a gated value is multiplied by xi ~ Bernoulli(theta). A model
    names the networks, their wiring and their roles (deploy or learn).
  }];
  let cppNamespace = "::ofex";
  let useFoldAPI = kEmitFoldAdaptorFolder;
  // The enum attributes (OfexEnums.td), e.g. #ofex<act_kind relu> where an
  // op's own format does not print them.
  let useDefaultAttributePrinterParser = 1;
}

class Ofex_Op<string mnemonic, list<Trait> traits = []>
    : Op<Ofex_Dialect, mnemonic, traits>;

// Activations: batch x features, any static feature count.
def Ofex_Activation : 2DTensorOf<[F32]>;
def Ofex_Vector : 1DTensorOf<[F32]>;

#endif // OFEX_DIALECT_TD
