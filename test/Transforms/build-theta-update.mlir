// ofex-build-theta-update: one ofex.theta_step per theta of the model (not of
// the chains' copies), fed the group's gradient and penalty; gates outside
// OFENet keep one unit; momentum only where asked for.
// RUN: ofex-opt %s --ofex-extract-chain="name=q.forward" --ofex-build-theta-update="lr=0.2 tol=0.05 momentum=0.9" | FileCheck %s
// RUN: ofex-opt %s --ofex-build-theta-update | FileCheck %s --check-prefix=PLAIN

// CHECK-LABEL: func.func @theta.update
// CHECK-SAME: (%[[G0:.*]]: tensor<2xf32> {ofex.arg = "g:phi.l1"}, %[[C0:.*]]: tensor<2xf32> {ofex.arg = "c:phi.l1"}, %[[G1:.*]]: tensor<4xf32> {ofex.arg = "g:q.l1"}, %[[C1:.*]]: tensor<4xf32> {ofex.arg = "c:q.l1"})
// CHECK-SAME: attributes {ofex.rows = 1 : i64}
// CHECK-NEXT: ofex.theta_step "phi.l1", %[[G0]], %[[C0]] {freeze_steps = 0 : i64, lr = 2.000000e-01 : f64, momentum = 9.000000e-01 : f64, tol = 5.000000e-02 : f64} : tensor<2xf32>
// CHECK-NEXT: ofex.theta_step "q.l1", %[[G1]], %[[C1]] {freeze_steps = 0 : i64, keep_one, lr = 2.000000e-01 : f64, momentum = 9.000000e-01 : f64, tol = 5.000000e-02 : f64} : tensor<4xf32>
// CHECK-NEXT: return

// PLAIN-LABEL: func.func @theta.update
// PLAIN: ofex.theta_step "phi.l1", {{.*}} {freeze_steps = 0 : i64, lr = 1.000000e-01 : f64, tol = 1.000000e-01 : f64}
// PLAIN: ofex.theta_step "q.l1", {{.*}} {freeze_steps = 0 : i64, keep_one, lr = 1.000000e-01 : f64, tol = 1.000000e-01 : f64}

ofex.network @phi(%x: tensor<?x3xf32>) -> tensor<?x2xf32> attributes {role = "learn", family = "ofe"} {
  %w = ofex.param "l1.w" init("glorot") : tensor<3x2xf32>
  %h = ofex.linear %x, %w : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %t = ofex.theta "l1" : tensor<2xf32>
  %g = ofex.gate sample %h, %t : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g : tensor<?x2xf32>
}
ofex.network @q(%z: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w = ofex.param "l1.w" init("glorot") : tensor<2x4xf32>
  %h = ofex.linear %z, %w : (tensor<?x2xf32>, tensor<2x4xf32>) -> tensor<?x4xf32>
  %t = ofex.theta "l1" : tensor<4xf32>
  %g = ofex.gate sample %h, %t : tensor<?x4xf32>, tensor<4xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<4x1xf32>
  %y = ofex.linear %g, %w2 : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%x: tensor<?x3xf32>) {
  %z = ofex.apply @phi(%x) : (tensor<?x3xf32>) -> tensor<?x2xf32>
  %y = ofex.apply @q(%z) : (tensor<?x2xf32>) -> tensor<?x1xf32>
}
