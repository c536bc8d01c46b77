// Reverse mode on a two-layer gated net: the adjoint of every op.
// RUN: ofex-opt %s --ofex-extract-chain="name=q.forward" --ofex-differentiate="func=q.forward loss=mse" | FileCheck %s

// The forward chain draws xi explicitly and gates with the drawn values.
// CHECK-LABEL: func.func @q.forward
// CHECK-SAME: {ofex.arg = "input:0"}
// CHECK: %[[T:.*]] = ofex.theta "net.l1"
// CHECK: %[[XI:.*]] = ofex.xi sample %[[T]]
// CHECK: ofex.gate fixed %{{.*}}, %[[XI]]

// CHECK-LABEL: func.func @q.grad
// CHECK-SAME: %[[X:[^:]*]]: tensor<?x3xf32> {ofex.arg = "input:0"}, %[[Y:[^:]*]]: tensor<?x1xf32> {ofex.arg = "target"}
// CHECK-SAME: {ofex.result = "loss"}
// CHECK-SAME: {ofex.result = "d:input:0"}
// CHECK-SAME: {ofex.result = "d:param:net.l1.w"}
// CHECK-SAME: {ofex.result = "d:xi:net.l1"}
// CHECK-SAME: {ofex.result = "d:param:net.out.b"}
// Forward recomputed:
// CHECK: %[[W1:.*]] = ofex.param "net.l1.w"
// CHECK: %[[H:.*]] = ofex.linear %[[X]], %[[W1]]
// CHECK: %[[A:.*]] = ofex.act swish %[[H]]
// CHECK: %[[XI2:.*]] = ofex.xi sample
// CHECK: %[[G:.*]] = ofex.gate fixed %[[A]], %[[XI2]]
// CHECK: %[[C:.*]] = ofex.concat %[[X]], %[[G]]
// CHECK: %[[W2:.*]] = ofex.param "net.out.w"
// CHECK: %[[P:.*]] = ofex.linear %[[C]], %[[W2]]
// Loss and its gradient:
// CHECK: %[[L:.*]] = ofex.mse %[[P]], %[[Y]]
// CHECK: %[[DP:.*]] = ofex.mse_grad %[[P]], %[[Y]]
// Output layer: dC = dP W2^T, dW2 = C^T dP, db2 = sum rows dP.
// CHECK: %[[DC:.*]] = ofex.matmul %[[DP]], %[[W2]] {transpose_rhs}
// CHECK: %[[DW2:.*]] = ofex.matmul %[[C]], %[[DP]] {transpose_lhs}
// CHECK: %[[DB2:.*]] = ofex.reduce_rows %[[DP]]
// Concat: one slice per operand.
// CHECK: %[[DX1:.*]] = ofex.slice %[[DC]][0] : (tensor<?x5xf32>) -> tensor<?x3xf32>
// CHECK: %[[DG:.*]] = ofex.slice %[[DC]][3] : (tensor<?x5xf32>) -> tensor<?x2xf32>
// Gate: dA = dG * xi, dxi = sum rows (dG * A).
// CHECK: %[[DA:.*]] = ofex.gate fixed %[[DG]], %[[XI2]]
// CHECK: %[[M:.*]] = ofex.mul %[[DG]], %[[A]]
// CHECK: %[[DXI:.*]] = ofex.reduce_rows %[[M]]
// CHECK: %[[DH:.*]] = ofex.act_grad swish %[[H]], %[[DA]]
// CHECK: %[[DX2:.*]] = ofex.matmul %[[DH]], %[[W1]] {transpose_rhs}
// The input is read twice (by l1 and the concat): cotangents add up.
// CHECK: %[[DX:.*]] = ofex.add %[[DX1]], %[[DX2]]
// CHECK: %[[DW1:.*]] = ofex.matmul %[[X]], %[[DH]] {transpose_lhs}
// CHECK: %[[DB1:.*]] = ofex.reduce_rows %[[DH]]
// CHECK: return %[[L]], %[[DX]], %[[DW1]], %[[DB1]], %[[DXI]], %[[DW2]], %[[DB2]]

ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a1 = ofex.act swish %h1 : tensor<?x2xf32>
  %t1 = ofex.theta "l1" : tensor<2xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
  %b2 = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %y = ofex.linear %c1, %w2, %b2 : (tensor<?x5xf32>, tensor<5x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%x: tensor<?x3xf32>) {
  %y = ofex.apply @net(%x) : (tensor<?x3xf32>) -> tensor<?x1xf32>
}
