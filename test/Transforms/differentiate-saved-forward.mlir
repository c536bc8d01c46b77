// Differentiation with a saved forward pass: <name>.fwd runs the forward pass
// once and returns what the backward reads (the activation, which relu's
// adjoint reads from its result and the gate's from its input, the gate
// draws, named by their gate group, the gated value); <name>.grad reads
// them as arguments and recomputes nothing. State reads stay in both.
// RUN: ofex-opt %s --ofex-extract-chain="name=pi.forward" --ofex-differentiate="func=pi.forward saved-forward=pi.fwd" | FileCheck %s

// CHECK-LABEL: func.func @pi.fwd
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xf32> {ofex.arg = "input:0"})
// CHECK-SAME: {ofex.result = "output:0"}, {{.*}} {ofex.result = "output:1"}
// CHECK-SAME: {ofex.result = "saved:0"}, {{.*}} {ofex.result = "saved:xi:pi.l1"}, {{.*}} {ofex.result = "saved:2"})
// CHECK: %[[H:.*]] = ofex.linear %[[X]]
// CHECK: %[[A:.*]] = ofex.act relu %[[H]]
// CHECK: %[[XI:.*]] = ofex.xi sample
// CHECK: %[[G:.*]] = ofex.gate fixed %[[A]], %[[XI]]
// CHECK: %[[M:.*]] = ofex.linear %[[G]]
// CHECK: %[[S:.*]] = ofex.linear %[[G]]
// CHECK: return %[[M]], %[[S]], %[[A]], %[[XI]], %[[G]]

// CHECK-LABEL: func.func @pi.grad
// CHECK-SAME: {ofex.arg = "cotangent:1"}, %[[SA:[^:]*]]: tensor<?x4xf32> {ofex.arg = "saved:0"}, %[[SXI:[^:]*]]: tensor<4xf32> {ofex.arg = "saved:xi:pi.l1"}, %[[SG:[^:]*]]: tensor<?x4xf32> {ofex.arg = "saved:2"})
// The outputs are the forward's now; the gradient returns gradients only.
// CHECK-NOT: ofex.result = "output
// CHECK-SAME: {ofex.result = "d:param:pi.logstd.w"})
// CHECK-NOT: ofex.linear
// CHECK-NOT: ofex.xi
// CHECK: ofex.matmul %[[SG]], %{{.*}} {transpose_lhs}
// CHECK: ofex.gate fixed %{{.*}}, %[[SXI]]
// CHECK: ofex.mul %{{.*}}, %[[SA]]
// CHECK: ofex.act_grad relu from_result %[[SA]]
// CHECK-NOT: ofex.linear
// CHECK: return

ofex.network @pi(%x: tensor<?x3xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>) attributes {role = "deploy", family = "pi"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x4xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %a1 = ofex.act relu %h1 : tensor<?x4xf32>
  %t1 = ofex.theta "l1" : tensor<4xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x4xf32>, tensor<4xf32>
  %wm = ofex.param "mean.w" init("glorot") : tensor<4x2xf32>
  %m = ofex.linear %g1, %wm : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %ws = ofex.param "logstd.w" init("glorot") : tensor<4x2xf32>
  %s = ofex.linear %g1, %ws : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  ofex.return %m, %s : tensor<?x2xf32>, tensor<?x2xf32>
}

ofex.model @m(%o: tensor<?x3xf32>) {
  %y:2 = ofex.apply @pi(%o) : (tensor<?x3xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
}
