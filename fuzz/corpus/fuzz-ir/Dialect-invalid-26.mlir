

func.func @f(%x: tensor<4x3xf32>, %s: tensor<3xf32>) -> tensor<4x3xf32> {
  %y = dnnl.norm "batch" %x, %s, %s stats(%s : tensor<3xf32>) : tensor<4x3xf32>, tensor<3xf32>
  return %y : tensor<4x3xf32>
}
