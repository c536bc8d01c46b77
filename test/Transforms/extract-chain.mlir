// ofex-extract-chain inlines networks into a function: gate values drawn by
// explicit ofex.xi ops, params and thetas renamed <network>.<name>, and with
// `rows` the rows lower-ofex-to-dnnl lowers it at.
// RUN: ofex-opt %s --ofex-extract-chain="name=act.forward rows=1" --ofex-extract-chain="networks=net name=b.forward" | FileCheck %s
// RUN: ofex-opt %s --ofex-extract-chain="name=act.forward rows=1" --ofex-extract-chain="name=b.forward" --lower-ofex-to-dnnl="batch=4" | FileCheck %s --check-prefix=ROWS

// The model stays: later passes extract other chains from it.
// CHECK: ofex.network @net
// CHECK: ofex.model @m
// CHECK-LABEL: func.func @act.forward
// CHECK-SAME: (%{{.*}}: tensor<?x3xf32> {ofex.arg = "input:0"}) -> (tensor<?x1xf32> {ofex.result = "output:0"}) attributes {ofex.rows = 1 : i64}
// CHECK: ofex.param "net.l1.w"
// CHECK: %[[T:.*]] = ofex.theta "net.l1"
// CHECK: %[[XI:.*]] = ofex.xi sample %[[T]]
// CHECK: ofex.gate fixed %{{.*}}, %[[XI]]
// CHECK-LABEL: func.func @b.forward
// CHECK-NOT: ofex.rows
// CHECK-SAME: {

// The lowering takes each function's rows: act.forward at 1, b.forward at
// the batch; the attribute is consumed.
// ROWS-LABEL: func.func @act.forward
// ROWS-SAME: tensor<1x3xf32>
// ROWS-SAME: attributes {dnnl.batch = 1 : i64}
// ROWS-LABEL: func.func @b.forward
// ROWS-SAME: tensor<4x3xf32>
// ROWS-SAME: attributes {dnnl.batch = 4 : i64}

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
