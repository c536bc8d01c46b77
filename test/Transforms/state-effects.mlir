// Reads of named state and the in-place updates are effects on one resource
// (ofex/StateResource.h): CSE may merge two reads with no update between
// them, never a read across an update; gate draws are never merged.
// RUN: ofex-opt %s -cse -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @dnnl_read_update_read
// CHECK: %[[A:.*]] = dnnl.state "w"
// CHECK-NOT: dnnl.state
// CHECK: dnnl.adam "w"
// CHECK: %[[C:.*]] = dnnl.state "w"
// CHECK: return %[[A]], %[[A]], %[[C]]
func.func @dnnl_read_update_read(%g: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %a = dnnl.state "w" : tensor<2x3xf32>
  %b = dnnl.state "w" : tensor<2x3xf32>
  dnnl.adam "w", %g {lr = 1.0e-3 : f64, beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-8 : f64} : tensor<2x3xf32>
  %c = dnnl.state "w" : tensor<2x3xf32>
  return %a, %b, %c : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @ofex_read_update_read
// CHECK: ofex.param "w"
// CHECK: ofex.adam "w"
// CHECK: ofex.param "w"
func.func @ofex_read_update_read(%g: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %a = ofex.param "w" init("zeros") : tensor<3xf32>
  ofex.adam "w", %g {lr = 1.0e-3 : f64, beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-8 : f64} : tensor<3xf32>
  %c = ofex.param "w" init("zeros") : tensor<3xf32>
  return %a, %c : tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @theta_step_between
// CHECK-COUNT-2: dnnl.state "theta:l1"
func.func @theta_step_between(%g: tensor<1x3xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %a = dnnl.state "theta:l1" : tensor<1x3xf32>
  dnnl.theta_step "l1", %g, %g {lr = 0.3 : f64, tol = 0.1 : f64, freeze_steps = 0 : i64} : tensor<1x3xf32>
  %c = dnnl.state "theta:l1" : tensor<1x3xf32>
  return %a, %c : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// Two draws from the same theta are two draws.
// CHECK-LABEL: func.func @two_draws
// CHECK-COUNT-2: dnnl.bernoulli
func.func @two_draws(%t: tensor<1x3xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %a = dnnl.bernoulli %t : tensor<1x3xf32>
  %b = dnnl.bernoulli %t : tensor<1x3xf32>
  return %a, %b : tensor<1x3xf32>, tensor<1x3xf32>
}
