// ofex-keep-functions leaves the named functions, in the order named, and
// nothing else (the model's networks, chains built only to be
// differentiated).
// RUN: ofex-opt %s --ofex-extract-chain="name=a.forward" --ofex-extract-chain="name=b.forward" --ofex-extract-chain="name=c.forward" --ofex-keep-functions="names=c.forward,a.forward" | FileCheck %s

// CHECK-NOT: ofex.network
// CHECK-NOT: ofex.model
// CHECK-LABEL: func.func @c.forward
// CHECK-NOT: func.func @b.forward
// CHECK-LABEL: func.func @a.forward
// CHECK-NOT: func.func

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
