// Every op prints, parses and prints again identically.
// RUN: ofex-opt %s > %t.1.mlir
// RUN: ofex-opt %t.1.mlir > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: FileCheck %s --input-file=%t.1.mlir
// The generic form spells the enum attributes out (#ofex<act_kind relu>) and
// reads back to the same IR.
// RUN: ofex-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: ofex-opt %s --mlir-print-op-generic | ofex-opt > %t.3.mlir
// RUN: diff %t.1.mlir %t.3.mlir
// GENERIC: family = #ofex<family ofe>, {{.*}}role = #ofex<role deploy>
// GENERIC: init = #ofex<init_kind glorot>
// GENERIC: kind = #ofex<act_kind relu>

// CHECK-LABEL: ofex.network @enc
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>) -> tensor<?x7xf32>
// CHECK-SAME: attributes {family = "ofe", role = "deploy"}
ofex.network @enc(%x: tensor<?x4xf32>) -> tensor<?x7xf32>
    attributes {role = "deploy", family = "ofe"} {
  // CHECK: %[[W:.*]] = ofex.param "l1.w" init("glorot") : tensor<4x3xf32>
  %w = ofex.param "l1.w" init("glorot") : tensor<4x3xf32>
  // CHECK: %[[B:.*]] = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %b = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %s = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %t = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  // CHECK: %[[H:.*]] = ofex.linear %[[X]], %[[W]], %[[B]] : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %h = ofex.linear %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  // CHECK: ofex.norm layer %[[H]], %{{.*}}, %{{.*}} : tensor<?x3xf32>, tensor<3xf32>
  %n = ofex.norm layer %h, %s, %t : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: ofex.norm batch
  %m = ofex.norm batch %n, %s, %t : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: ofex.act relu
  %r = ofex.act relu %m : tensor<?x3xf32>
  // CHECK: ofex.act tanh
  %u = ofex.act tanh %r : tensor<?x3xf32>
  // CHECK: ofex.act identity
  %i = ofex.act identity %u : tensor<?x3xf32>
  // CHECK: %[[A:.*]] = ofex.act swish
  %a = ofex.act swish %i : tensor<?x3xf32>
  // CHECK: %[[T:.*]] = ofex.theta "l1" = [1.000000e+00, 5.000000e-01, 0.000000e+00] : tensor<3xf32>
  %theta = ofex.theta "l1" = [1.0, 0.5, 0.0] : tensor<3xf32>
  // CHECK: ofex.gate sample %[[A]], %[[T]] : tensor<?x3xf32>, tensor<3xf32>
  %g0 = ofex.gate sample %a, %theta : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: ofex.gate expect
  %g1 = ofex.gate expect %g0, %theta : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: ofex.gate threshold
  %g2 = ofex.gate threshold %g1, %theta : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: %[[G:.*]] = ofex.gate fixed
  %g = ofex.gate fixed %g2, %theta : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: %[[Z:.*]] = ofex.concat %[[X]], %[[G]] : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  %z = ofex.concat %x, %g : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  // CHECK: ofex.return %[[Z]] : tensor<?x7xf32>
  ofex.return %z : tensor<?x7xf32>
}

// CHECK-LABEL: ofex.network @head
ofex.network @head(%z: tensor<?x7xf32>, %a: tensor<?x2xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
    attributes {role = "learn", family = "q"} {
  %c = ofex.concat %z, %a : (tensor<?x7xf32>, tensor<?x2xf32>) -> tensor<?x9xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<9x1xf32>
  // A linear layer without bias.
  // CHECK: ofex.linear %{{.*}}, %{{.*}} : (tensor<?x9xf32>, tensor<9x1xf32>) -> tensor<?x1xf32>
  %q = ofex.linear %c, %w : (tensor<?x9xf32>, tensor<9x1xf32>) -> tensor<?x1xf32>
  // CHECK: ofex.return %{{.*}}, %{{.*}} : tensor<?x1xf32>, tensor<?x1xf32>
  ofex.return %q, %q : tensor<?x1xf32>, tensor<?x1xf32>
}

// CHECK-LABEL: ofex.model @agent
// CHECK-SAME: (%[[O:.*]]: tensor<?x4xf32>, %[[ACT:.*]]: tensor<?x2xf32>)
ofex.model @agent(%o: tensor<?x4xf32>, %act: tensor<?x2xf32>) {
  // CHECK: %[[E:.*]] = ofex.apply @enc(%[[O]]) : (tensor<?x4xf32>) -> tensor<?x7xf32>
  %z = ofex.apply @enc(%o) : (tensor<?x4xf32>) -> tensor<?x7xf32>
  // CHECK: ofex.apply @head(%[[E]], %[[ACT]]) : (tensor<?x7xf32>, tensor<?x2xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
  %q:2 = ofex.apply @head(%z, %act) : (tensor<?x7xf32>, tensor<?x2xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
}

// Training-graph ops of the twin critics' minimum and its adjoint.
// CHECK-LABEL: func.func @twin_min
func.func @twin_min(%q1: tensor<?x1xf32>, %q2: tensor<?x1xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  // CHECK: ofex.min %{{.*}}, %{{.*}} : tensor<?x1xf32>
  %m = ofex.min %q1, %q2 : tensor<?x1xf32>
  // CHECK: ofex.compare le %{{.*}}, %{{.*}} : tensor<?x1xf32>
  %c = ofex.compare le %q1, %q2 : tensor<?x1xf32>
  // CHECK: ofex.act_grad relu from_result %{{.*}}, %{{.*}} : tensor<?x1xf32>
  %d = ofex.act_grad relu from_result %q1, %q2 : tensor<?x1xf32>
  return %m, %c : tensor<?x1xf32>, tensor<?x1xf32>
}

// Batch normalization with running statistics, in both modes, and the
// training-graph ops that update and differentiate it.
// CHECK-LABEL: ofex.network @bn
ofex.network @bn(%x: tensor<?x3xf32>) -> tensor<?x3xf32>
    attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %t = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  // CHECK: %[[M:.*]] = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %m = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  // CHECK: %[[V:.*]] = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %v = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  // CHECK: ofex.norm batch %{{.*}}, %{{.*}}, %{{.*}} running(%[[M]], %[[V]] : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %n = ofex.norm batch %x, %s, %t running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  // CHECK: ofex.norm batch inference %{{.*}}, %{{.*}}, %{{.*}} running(%[[M]], %[[V]] : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %e = ofex.norm batch inference %n, %s, %t running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  ofex.return %e : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @bn_training
func.func @bn_training(%x: tensor<?x3xf32>, %dy: tensor<?x3xf32>, %s: tensor<3xf32>) -> tensor<?x3xf32> {
  %m = ofex.stat "bn.l1.mean" init("zeros") : tensor<3xf32>
  %v = ofex.stat "bn.l1.var" init("ones") : tensor<3xf32>
  // CHECK: ofex.update_stats %{{.*}} into "bn.l1.mean", "bn.l1.var" {momentum = 1.000000e-02 : f64} : tensor<?x3xf32>
  ofex.update_stats %x into "bn.l1.mean", "bn.l1.var" {momentum = 0.01 : f64} : tensor<?x3xf32>
  // CHECK: ofex.norm_grad batch inference %{{.*}}, %{{.*}}, %{{.*}} running(%{{.*}}, %{{.*}} : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %dx, %ds, %db = ofex.norm_grad batch inference %x, %s, %dy running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  return %dx : tensor<?x3xf32>
}
