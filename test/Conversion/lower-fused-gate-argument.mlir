// A gate row given as an argument fuses like a drawn one, also where the
// function's types are static already (no signature conversion remaps the
// arguments).
// RUN: ofex-opt %s --lower-ofex-to-dnnl="batch=4" | FileCheck %s

// CHECK-LABEL: func.func @fused_argument
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[XI:.*]]: tensor<8xf32>)
// CHECK: dnnl.matmul %[[X]], %{{.*}} mul %[[XI]] {post_ops = ["relu"]}
// CHECK-NOT: dnnl.binary
func.func @fused_argument(%x: tensor<4x3xf32>, %xi: tensor<8xf32>) -> tensor<4x8xf32> {
  %w = ofex.param "w" init("glorot") : tensor<3x8xf32>
  %h = ofex.linear %x, %w : (tensor<4x3xf32>, tensor<3x8xf32>) -> tensor<4x8xf32>
  %a = ofex.act relu %h : tensor<4x8xf32>
  %g = ofex.gate fixed %a, %xi : tensor<4x8xf32>, tensor<8xf32>
  return %g : tensor<4x8xf32>
}
