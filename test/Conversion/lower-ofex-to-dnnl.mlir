// Lowering training graphs to oneDNN primitives at batch 4, then buffer
// slots by liveness.
// RUN: ofex-opt %s --ofex-extract-chain="name=mlp.forward" --ofex-differentiate="func=mlp.forward loss=mse" --lower-ofex-to-dnnl="batch=4" --cse --ofex-plan-buffers | FileCheck %s

// Forward: each linear -> relu -> gate becomes one matmul with the bias,
// the relu as an eltwise post-op and the drawn gate row as a binary post-op.
// CHECK-LABEL: func.func @mlp.forward
// CHECK-SAME: %[[X:.*]]: tensor<4x3xf32>
// CHECK-DAG: %[[W1:.*]] = dnnl.state "net.l1.w" {{.*}} : tensor<3x8xf32>
// CHECK-DAG: %[[B1:.*]] = dnnl.state "net.l1.b" {{.*}} : tensor<8xf32>
// CHECK-DAG: %[[T1:.*]] = dnnl.state "theta:net.l1" {{.*}} : tensor<8xf32>
// CHECK-DAG: %[[XI1:.*]] = dnnl.bernoulli %[[T1]]
// CHECK: %[[H1:.*]] = dnnl.matmul %[[X]], %[[W1]] bias %[[B1]] mul %[[XI1]] {dnnl.slot = [[S1:\[[0-9]+\]]], post_ops = ["relu"]} : (tensor<4x3xf32>, tensor<3x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK: %[[H2:.*]] = dnnl.matmul %[[H1]], {{.*}} {dnnl.slot = [[S2:\[[0-9]+\]]], post_ops = ["relu"]}
// Once h1 is dead its buffer serves h3: same slot.
// CHECK: %[[H3:.*]] = dnnl.matmul %[[H2]], {{.*}} {dnnl.slot = [[S1]], post_ops = ["relu"]}
// CHECK: dnnl.matmul %[[H3]], {{.*}} bias
// CHECK-NOT: dnnl.eltwise
// CHECK: return

// Gradient: relu is differentiated from its output (eltwise_bwd from_dst),
// so every linear layer still carries its relu as a post-op (the gate, whose
// input dL/dxi reads too, is a separate mul); weight gradients are matmuls
// with a transposed source, bias and gate gradients reductions.
// CHECK-LABEL: func.func @mlp.grad
// CHECK-SAME: dnnl.bytes = [[PLANNED:[0-9]+]] : i64, dnnl.unplanned_bytes = [[ALL:[0-9]+]] : i64
// CHECK: %[[A1:.*]] = dnnl.matmul %{{.*}}, %{{.*}} bias %{{.*}} {dnnl.slot = {{.*}}, post_ops = ["relu"]}
// CHECK-NEXT: dnnl.binary "mul" %[[A1]]
// CHECK-NOT: dnnl.eltwise "relu"
// CHECK: dnnl.binary "sub"
// CHECK-NEXT: dnnl.eltwise "square"
// CHECK-NEXT: dnnl.reduction "mean" {{.*}} -> tensor<f32>
// CHECK-NEXT: dnnl.eltwise "linear" {{.*}}alpha = 5.000000e-01
// CHECK: dnnl.matmul {{.*}} trans_weights
// CHECK: dnnl.matmul {{.*}} trans_src
// CHECK: dnnl.reduction "sum"
// CHECK: dnnl.eltwise_bwd "relu" {{.*}}from_dst
// CHECK: dnnl.eltwise_bwd "relu" {{.*}}from_dst
// CHECK: dnnl.eltwise_bwd "relu" %[[A1]], {{.*}}from_dst
// CHECK: return

ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x8xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<8xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a1 = ofex.act relu %h1 : tensor<?x8xf32>
  %t1 = ofex.theta "l1" : tensor<8xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x8xf32>, tensor<8xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<8x8xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<8xf32>
  %h2 = ofex.linear %g1, %w2, %b2 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a2 = ofex.act relu %h2 : tensor<?x8xf32>
  %t2 = ofex.theta "l2" : tensor<8xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x8xf32>, tensor<8xf32>
  %w3 = ofex.param "l3.w" init("glorot") : tensor<8x8xf32>
  %b3 = ofex.param "l3.b" init("zeros") : tensor<8xf32>
  %h3 = ofex.linear %g2, %w3, %b3 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a3 = ofex.act relu %h3 : tensor<?x8xf32>
  %t3 = ofex.theta "l3" : tensor<8xf32>
  %g3 = ofex.gate sample %a3, %t3 : tensor<?x8xf32>, tensor<8xf32>
  %w4 = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
  %b4 = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %y = ofex.linear %g3, %w4, %b4 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%x: tensor<?x3xf32>) {
  %y = ofex.apply @net(%x) : (tensor<?x3xf32>) -> tensor<?x1xf32>
}
