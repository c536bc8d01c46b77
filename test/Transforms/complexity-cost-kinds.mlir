// The penalties of the other cost kinds: FLOPs per sample and measured time,
// both in parameter-equivalents.
// RUN: ofex-opt %s --ofex-complexity="rho=0.5 nu-ofe=1.0 cost=flops" | FileCheck %s --check-prefix=FLOPS
// RUN: ofex-opt %s --ofex-complexity="rho=0.5 nu-ofe=1.0 cost=time cost-table=%S/Inputs/cost-table.csv" | FileCheck %s --check-prefix=TIME
// RUN: not ofex-opt %s --ofex-complexity="cost=time cost-table=%S/Inputs/cost-table-no-g.csv" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not ofex-opt %s --ofex-complexity="cost=time" 2>&1 | FileCheck %s --check-prefix=NOTABLE
// RUN: not ofex-opt %s --ofex-complexity="cost=bytes" 2>&1 | FileCheck %s --check-prefix=KIND
//
// The network of complexity.mlir: theta l1 = (0.5, 1), S1 = 1.5; theta l2 =
// (1, 0.5, 0.25), S2 = 1.75; @f deploys, @g (one output) learns.
//
// FLOPs (linear 2 per weight + 1 per bias, relu and gate 1 per unit), a
// FLOP worth half a parameter:
//   l1 unit: deploy 2*2 + 1 (its layer) + 1 + 1 (relu, gate) + 2 * S2 (read
//            by l2) = 10.5; learn 2 (read by g). c = 0.5 * (10.5 + 0.5 * 2)
//            = 5.75.
//   l2 unit: deploy 2 * 3.5 + 1 + 1 + 1 = 10; learn 2. c = 0.5 * 11 = 5.5.
// FLOPS: ofex.theta "l1"
// FLOPS-SAME: penalty = array<f32: 5.750000e+00, 5.750000e+00>
// FLOPS: ofex.theta "l2"
// FLOPS-SAME: penalty = array<f32: 5.500000e+00, 5.500000e+00, 5.500000e+00>
// FLOPS: cost = "flops"
//
// Time (Inputs/cost-table.csv): 29 parameters in 29 ms, so 1,000
// parameters per second; per in * out and per out unit in parameter-
// equivalents: f.l1 4 ms / 4 -> 1 and 6 ms / 2 -> 3, f.l2 12 / 12 -> 1 and
// 3 / 3 -> 1, g.out 3.5 / 7 -> 0.5 and 0.5 / 1 -> 0.5.
//   l1 unit: deploy 1 * 2 + 3 (its layer) + 1 * S2 (read by l2) = 6.75;
//            learn 0.5 (read by g). c = 6.75 + 0.5 * 0.5 = 7.
//   l2 unit: deploy 1 * 3.5 + 1 = 4.5; learn 0.5. c = 4.75.
// The early layer's element-wise time (3 per unit against 1) makes its units
// the dearest, which the parameter count (5.25 against 5.0) barely says.
// (7 up to float rounding: the times are seconds, scaled by 1,000.)
// TIME: ofex.theta "l1"
// TIME-SAME: penalty = array<f32: [[SEVEN:7\.0+e\+00|6\.99999[0-9]*]], [[SEVEN]]>
// TIME: ofex.theta "l2"
// TIME-SAME: penalty = array<f32: 4.750000e+00, 4.750000e+00, 4.750000e+00>
// TIME: cost = "time"
//
// MISSING: error: ofex-complexity: cost table {{.*}}cost-table-no-g.csv: has no row for layer 'g.out'
// NOTABLE: error: ofex-complexity: cost=time goes with cost-table (and only it)
// KIND: error: ofex-complexity: cost must be params, flops or time, got 'bytes'

ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a1 = ofex.act relu %h1 : tensor<?x2xf32>
  %t1 = ofex.theta "l1" = [0.5, 1.0] : tensor<2xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x4xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<4x3xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<3xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %a2 = ofex.act relu %h2 : tensor<?x3xf32>
  %t2 = ofex.theta "l2" = [1.0, 0.5, 0.25] : tensor<3xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x3xf32>, tensor<3xf32>
  %c2 = ofex.concat %c1, %g2 : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  ofex.return %c2 : tensor<?x7xf32>
}

ofex.network @g(%z: tensor<?x7xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w = ofex.param "out.w" init("glorot") : tensor<7x1xf32>
  %b = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %q = ofex.linear %z, %w, %b : (tensor<?x7xf32>, tensor<7x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %q : tensor<?x1xf32>
}

ofex.model @agent(%o: tensor<?x2xf32>) {
  %z = ofex.apply @f(%o) : (tensor<?x2xf32>) -> tensor<?x7xf32>
  %q = ofex.apply @g(%z) : (tensor<?x7xf32>) -> tensor<?x1xf32>
}
