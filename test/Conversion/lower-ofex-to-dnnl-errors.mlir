// What lower-ofex-to-dnnl refuses, at the op.
// RUN: ofex-opt %s -split-input-file -verify-diagnostics --lower-ofex-to-dnnl

func.func @threshold(%t: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'ofex.xi' op mode 'threshold' has no dnnl lowering; use expect, or fixed gates after pruning}}
  // expected-error @+1 {{failed to legalize operation 'ofex.xi'}}
  %xi = ofex.xi threshold %t : tensor<3xf32>
  return %xi : tensor<3xf32>
}

// -----

func.func @rows(%x: tensor<?x3xf32>) -> tensor<?x3xf32> attributes {ofex.rows = 0 : i64} {
  // expected-error @-1 {{lower-ofex-to-dnnl: rows must be positive}}
  return %x : tensor<?x3xf32>
}
