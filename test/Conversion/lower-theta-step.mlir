// The theta step of online pruning and Adam are graph ops; both lower to
// the executor's host kernels on named state.
// RUN: ofex-opt %s --lower-ofex-to-dnnl="batch=8" | FileCheck %s

// CHECK-LABEL: func.func @theta.update
// CHECK-SAME: (%[[G:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<4xf32>)
// CHECK: dnnl.theta_step "pi.l1", %[[G]], %[[C]] {freeze_steps = 0 : i64, keep_one, lr = 1.000000e-01 : f64, tol = 1.000000e-01 : f64} : tensor<4xf32>
// CHECK-NEXT: return
func.func @theta.update(%g: tensor<4xf32>, %c: tensor<4xf32>) {
  ofex.theta_step "pi.l1", %g, %c {lr = 0.1 : f64, tol = 0.1 : f64, freeze_steps = 0 : i64, keep_one} : tensor<4xf32>
  return
}

// CHECK-LABEL: func.func @adam
// CHECK: dnnl.adam "net.w", %{{.*}} {beta1 = 9.000000e-01 : f64, beta2 = 0.99899999999999999 : f64, eps = 1.000000e-08 : f64, lr = 3.000000e-04 : f64} : tensor<3x2xf32>
func.func @adam(%g: tensor<3x2xf32>) {
  ofex.adam "net.w", %g {lr = 3.0e-4 : f64, beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-8 : f64} : tensor<3x2xf32>
  return
}

// With momentum the attribute carries over (the executor keeps the velocity).
// CHECK-LABEL: func.func @theta.momentum
// CHECK: dnnl.theta_step "q1.l2", %{{.*}}, %{{.*}} {freeze_steps = 5 : i64, lr = 3.000000e-01 : f64, momentum = 0.98999999999999999 : f64, tol = 1.000000e-01 : f64} : tensor<8xf32>
func.func @theta.momentum(%g: tensor<8xf32>, %c: tensor<8xf32>) {
  ofex.theta_step "q1.l2", %g, %c {lr = 0.3 : f64, tol = 0.1 : f64, freeze_steps = 5 : i64, momentum = 0.99 : f64} : tensor<8xf32>
  return
}
