// The complexity pass writes the expected cost and the per-unit marginal
// costs and penalties into the IR.
// RUN: ofex-opt %s -split-input-file --ofex-complexity="rho=0.5 nu-ofe=1.0 nu-q=2.0" | FileCheck %s
//
// Hand computation. theta l1 = (0.5, 1), so S1 = 1.5 expected active units;
// theta l2 = (1, 0.5, 0.25), S2 = 1.75.
//   @f (deploy, ofe):  l1 linear 2 -> 2:   2 * S1 + S1 (bias)           = 4.5
//                      l2 linear (2 + S1 = 3.5 inputs) -> 3:
//                                          3.5 * S2 + S2                = 7.875
//                      E[params](f)                                     = 12.375
//   @g (learn, q):     linear (2 + S1 + S2 = 5.25 inputs) -> 1:
//                                          5.25 * 1 + 1                 = 6.25
// Marginal cost of a unit of l1: deploy 2 (inputs) + 1 (bias) + S2 (read by
// l2) = 4.75, learn 1 (read by g). Of l2: deploy 3.5 + 1 = 4.5, learn 1.
// The early layer costs more (4.75 > 4.5): it is read by the later layer.
// Penalty c = nu_ofe * (deploy + rho * learn): l1 4.75 + 0.5 = 5.25,
// l2 4.5 + 0.5 = 5.0.
// FLOPs: f: l1 2*2*S1 + S1 + relu S1 + gate S1 = 10.5,
//           l2 2*3.5*S2 + S2 + relu S2 + gate S2 = 17.5, total 28;
//        g: 2 * 5.25 + 1 = 11.5.

// CHECK-LABEL: ofex.network @f
// CHECK-SAME: ofex.cost = {flops = 2.800000e+01 : f64, params = 1.237500e+01 : f64}
ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a1 = ofex.act relu %h1 : tensor<?x2xf32>
  // CHECK: ofex.theta "l1"
  // CHECK-SAME: marginal_deploy = array<f32: 4.750000e+00, 4.750000e+00>
  // CHECK-SAME: marginal_learn = array<f32: 1.000000e+00, 1.000000e+00>
  // CHECK-SAME: penalty = array<f32: 5.250000e+00, 5.250000e+00>
  %t1 = ofex.theta "l1" = [0.5, 1.0] : tensor<2xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x4xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<4x3xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<3xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %a2 = ofex.act relu %h2 : tensor<?x3xf32>
  // CHECK: ofex.theta "l2"
  // CHECK-SAME: marginal_deploy = array<f32: 4.500000e+00, 4.500000e+00, 4.500000e+00>
  // CHECK-SAME: marginal_learn = array<f32: 1.000000e+00, 1.000000e+00, 1.000000e+00>
  // CHECK-SAME: penalty = array<f32: 5.000000e+00, 5.000000e+00, 5.000000e+00>
  %t2 = ofex.theta "l2" = [1.0, 0.5, 0.25] : tensor<3xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x3xf32>, tensor<3xf32>
  %c2 = ofex.concat %c1, %g2 : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  ofex.return %c2 : tensor<?x7xf32>
}

// CHECK-LABEL: ofex.network @g
// CHECK-SAME: ofex.cost = {flops = 1.150000e+01 : f64, params = 6.250000e+00 : f64}
ofex.network @g(%z: tensor<?x7xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w = ofex.param "out.w" init("glorot") : tensor<7x1xf32>
  %b = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %q = ofex.linear %z, %w, %b : (tensor<?x7xf32>, tensor<7x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %q : tensor<?x1xf32>
}

// CHECK-LABEL: ofex.model @agent
// CHECK-SAME: deploy_params = 1.237500e+01 : f64
// CHECK-SAME: learn_params = 6.250000e+00 : f64
// CHECK-SAME: total_params = 1.862500e+01 : f64
ofex.model @agent(%o: tensor<?x2xf32>) {
  %z = ofex.apply @f(%o) : (tensor<?x2xf32>) -> tensor<?x7xf32>
  %q = ofex.apply @g(%z) : (tensor<?x7xf32>) -> tensor<?x1xf32>
}

// -----

// A pruned unit (theta 0) has no cost and no penalty, and the units that read
// it no longer pay for it: l2's inputs are 1 + 1 (only l1's live unit), so
// each l2 unit costs 2 + 1 (bias) = 3, and l1's live unit 1 + 1 + 2 (read by
// the two l2 units) = 4.
// CHECK-LABEL: ofex.network @pruned
ofex.network @pruned(%x: tensor<?x1xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<1x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  // CHECK: ofex.theta "l1"
  // CHECK-SAME: marginal_deploy = array<f32: 4.000000e+00, 0.000000e+00>
  // CHECK-SAME: penalty = array<f32: 4.000000e+00, 0.000000e+00>
  %t1 = ofex.theta "l1" = [1.0, 0.0] : tensor<2xf32>
  %g1 = ofex.gate sample %h1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x1xf32>, tensor<?x2xf32>) -> tensor<?x3xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<3x2xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<2xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  // CHECK: ofex.theta "l2"
  // CHECK-SAME: marginal_deploy = array<f32: 3.000000e+00, 3.000000e+00>
  %t2 = ofex.theta "l2" : tensor<2xf32>
  %g2 = ofex.gate sample %h2, %t2 : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g2 : tensor<?x2xf32>
}

