// ofex-append-adam turns a gradient function into a training step: every
// d:param:<name> result feeds an ofex.adam of that param and leaves the
// results; the loss and the gate gradients stay.
// RUN: ofex-opt %s --ofex-extract-chain="name=q.forward" --ofex-differentiate="func=q.forward loss=mse input-grads=0" --ofex-append-adam="func=q.grad lr=1e-3 beta2=0.99" | FileCheck %s

// CHECK-LABEL: func.func @q.grad
// CHECK-SAME: -> (tensor<f32> {ofex.result = "loss"}, tensor<2xf32> {ofex.result = "d:xi:net.l1"})
// CHECK: %[[L:.*]] = ofex.mse
// CHECK: %[[M:.*]] = ofex.mul
// CHECK-NEXT: %[[DXI:.*]] = ofex.reduce_rows %[[M]]
// CHECK: ofex.adam "net.l1.w", %{{.*}} {beta1 = 9.000000e-01 : f64, beta2 = 0.98999999999999999 : f64, eps = 1.000000e-08 : f64, lr = 1.000000e-03 : f64} : tensor<3x2xf32>
// CHECK: ofex.adam "net.l1.b", {{.*}} : tensor<2xf32>
// CHECK: ofex.adam "net.out.w", {{.*}} : tensor<5x1xf32>
// CHECK: ofex.adam "net.out.b", {{.*}} : tensor<1xf32>
// CHECK-NEXT: return %[[L]], %[[DXI]] : tensor<f32>, tensor<2xf32>

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
