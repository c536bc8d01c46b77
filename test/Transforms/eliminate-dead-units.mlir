// Dead-unit elimination: theta < 0.1 removes units everywhere they appear.
// RUN: ofex-opt %s -split-input-file --ofex-eliminate-dead-units="theta-tol=0.1" | FileCheck %s

// Unit 1 of enc.l1 dies (theta 0.05): its weight column, bias, scale/shift,
// running statistics and theta entries go, and so do its rows in every
// reader (enc.l2 is gone too, pi.l1 and q.out). Every unit of enc.l2 dies: the layer vanishes with
// its gate and its concat operand, and z shrinks from 7 to 2 + 2 = 4 columns.
// Unit 2 of pi.l1 dies: column of pi.l1.w, row of pi.mean.w.

// CHECK-LABEL: ofex.network @enc
// CHECK-SAME: (%[[X:.*]]: tensor<?x2xf32>) -> tensor<?x4xf32>
// CHECK: ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
// CHECK: ofex.param "l1.b" init("zeros") : tensor<2xf32>
// CHECK: ofex.linear {{.*}} -> tensor<?x2xf32>
// CHECK: ofex.param "l1.gamma" init("ones") : tensor<2xf32>
// CHECK: ofex.param "l1.beta" init("zeros") : tensor<2xf32>
// CHECK: ofex.stat "l1.mean" init("zeros") : tensor<2xf32>
// CHECK: ofex.stat "l1.var" init("ones") : tensor<2xf32>
// CHECK: ofex.norm batch {{.*}} running({{.*}} : tensor<2xf32>, tensor<2xf32>) : tensor<?x2xf32>, tensor<2xf32>
// CHECK: ofex.theta "l1" = [1.000000e+00, 5.000000e-01] : tensor<2xf32>
// CHECK: %[[Z:.*]] = ofex.concat %[[X]], %{{.*}} : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x4xf32>
// CHECK-NOT: l2
// CHECK: ofex.return %[[Z]] : tensor<?x4xf32>
ofex.network @enc(%x: tensor<?x2xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x3xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s1 = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %o1 = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %m1 = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %v1 = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %n1 = ofex.norm batch %h1, %s1, %o1 running(%m1, %v1 : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %a1 = ofex.act swish %n1 : tensor<?x3xf32>
  %t1 = ofex.theta "l1" = [1.0, 0.05, 0.5] : tensor<3xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x3xf32>, tensor<3xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<?x5xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<5x2xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<2xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x5xf32>, tensor<5x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a2 = ofex.act swish %h2 : tensor<?x2xf32>
  %t2 = ofex.theta "l2" = [0.0, 0.05] : tensor<2xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x2xf32>, tensor<2xf32>
  %c2 = ofex.concat %c1, %g2 : (tensor<?x5xf32>, tensor<?x2xf32>) -> tensor<?x7xf32>
  ofex.return %c2 : tensor<?x7xf32>
}

// CHECK-LABEL: ofex.network @pi
// CHECK-SAME: (%{{.*}}: tensor<?x4xf32>) -> tensor<?x1xf32>
// CHECK: ofex.param "l1.w" init("glorot") : tensor<4x3xf32>
// CHECK: ofex.param "l1.b" init("zeros") : tensor<3xf32>
// CHECK: ofex.theta "l1" = [1.000000e+00, 1.000000e+00, 1.000000e+00] : tensor<3xf32>
// CHECK: ofex.param "mean.w" init("glorot") : tensor<3x1xf32>
ofex.network @pi(%z: tensor<?x7xf32>) -> tensor<?x1xf32> attributes {role = "deploy", family = "pi"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<7x4xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
  %h1 = ofex.linear %z, %w1, %b1 : (tensor<?x7xf32>, tensor<7x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %a1 = ofex.act relu %h1 : tensor<?x4xf32>
  %t1 = ofex.theta "l1" = [1.0, 1.0, 0.02, 1.0] : tensor<4xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x4xf32>, tensor<4xf32>
  %wm = ofex.param "mean.w" init("glorot") : tensor<4x1xf32>
  %bm = ofex.param "mean.b" init("zeros") : tensor<1xf32>
  %m = ofex.linear %g1, %wm, %bm : (tensor<?x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %m : tensor<?x1xf32>
}

// CHECK-LABEL: ofex.network @q
// CHECK-SAME: (%{{.*}}: tensor<?x4xf32>, %{{.*}}: tensor<?x1xf32>) -> tensor<?x1xf32>
// CHECK: ofex.concat {{.*}} : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x5xf32>
// CHECK: ofex.param "out.w" init("glorot") : tensor<5x1xf32>
ofex.network @q(%z: tensor<?x7xf32>, %a: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %c = ofex.concat %z, %a : (tensor<?x7xf32>, tensor<?x1xf32>) -> tensor<?x8xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
  %b = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %q = ofex.linear %c, %w, %b : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %q : tensor<?x1xf32>
}

// CHECK-LABEL: ofex.model @agent
// CHECK: %[[E:.*]] = ofex.apply @enc(%{{.*}}) : (tensor<?x2xf32>) -> tensor<?x4xf32>
// CHECK: ofex.apply @pi(%[[E]]) : (tensor<?x4xf32>) -> tensor<?x1xf32>
// CHECK: ofex.apply @q(%[[E]], %{{.*}}) : (tensor<?x4xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
ofex.model @agent(%o: tensor<?x2xf32>, %act: tensor<?x1xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x2xf32>) -> tensor<?x7xf32>
  %m = ofex.apply @pi(%z) : (tensor<?x7xf32>) -> tensor<?x1xf32>
  %q = ofex.apply @q(%z, %act) : (tensor<?x7xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
}

// -----

// Nothing below theta_tol: the model is unchanged.
// CHECK-LABEL: ofex.network @alive
// CHECK: ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
// CHECK: ofex.theta "l1" = [1.000000e-01, 1.000000e+00] : tensor<2xf32>
ofex.network @alive(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
  %h = ofex.linear %x, %w : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %t = ofex.theta "l1" = [0.1, 1.0] : tensor<2xf32>
  %g = ofex.gate sample %h, %t : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g : tensor<?x2xf32>
}
