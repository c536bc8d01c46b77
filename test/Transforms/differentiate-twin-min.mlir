// The policy update's chain: min(Q1, Q2) of two critics reading (s, a), and
// its gradient in the action alone. The cotangent reaches Q1 where
// Q1 <= Q2 and Q2 where Q2 < Q1 (exact complements: a tie counts once).
// RUN: ofex-opt %s --ofex-extract-chain="name=qa.forward" --ofex-return-twin-minimum="func=qa.forward" --ofex-differentiate="func=qa.forward wrt-last-input=true param-grads=false" | FileCheck %s
// RUN: ofex-opt %s --ofex-extract-chain="name=qa.forward" --ofex-return-twin-minimum="func=qa.forward" --ofex-differentiate="func=qa.forward wrt-last-input=true param-grads=false" --lower-ofex-to-dnnl="batch=8" --cse | FileCheck %s --check-prefix=DNNL

// CHECK-LABEL: func.func @qa.forward
// CHECK: %[[M:.*]] = ofex.min %{{.*}}, %{{.*}} : tensor<?x1xf32>
// CHECK: return %[[M]] : tensor<?x1xf32>

// CHECK-LABEL: func.func @qa.grad
// CHECK-SAME: {ofex.arg = "cotangent:0"}
// CHECK-SAME: {ofex.result = "output:0"}
// CHECK-SAME: {ofex.result = "d:input:1"})
// CHECK-NOT: d:input:0
// CHECK: %[[Q1:.*]] = ofex.linear {{.*}} -> tensor<?x1xf32>
// CHECK: %[[Q2:.*]] = ofex.linear {{.*}} -> tensor<?x1xf32>
// CHECK: %[[MIN:.*]] = ofex.min %[[Q1]], %[[Q2]]
// CHECK: %[[LE:.*]] = ofex.compare le %[[Q1]], %[[Q2]]
// CHECK: %[[D1:.*]] = ofex.mul %{{.*}}, %[[LE]]
// CHECK: %[[LT:.*]] = ofex.compare lt %[[Q2]], %[[Q1]]
// CHECK: %[[D2:.*]] = ofex.mul %{{.*}}, %[[LT]]
// CHECK: return %[[MIN]], %{{.*}} :

// Lowered: min and the comparisons are oneDNN binaries; of each critic's
// input gradient only the action's columns [3, 5) are sliced out: the
// state's gradient, which nothing returns, is not computed.
// DNNL-LABEL: func.func @qa.grad
// DNNL-NOT: dnnl.slice {{.*}}[0]
// DNNL: dnnl.binary "min"
// DNNL: dnnl.binary "le"
// DNNL: dnnl.binary "lt"
// DNNL: dnnl.slice {{.*}}[3]
// DNNL-NOT: dnnl.slice {{.*}}[0]
// DNNL: dnnl.slice {{.*}}[3]
// DNNL-NOT: dnnl.slice {{.*}}[0]
// DNNL: return

ofex.network @q1(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %x = ofex.concat %s, %a : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
  %y = ofex.linear %x, %w : (tensor<?x5xf32>, tensor<5x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.network @q2(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %x = ofex.concat %s, %a : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
  %y = ofex.linear %x, %w : (tensor<?x5xf32>, tensor<5x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) {
  %q1 = ofex.apply @q1(%s, %a) : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x1xf32>
  %q2 = ofex.apply @q2(%s, %a) : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x1xf32>
}
