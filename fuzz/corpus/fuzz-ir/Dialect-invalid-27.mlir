

func.func @f(%y: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %dx = ofex.act_grad swish from_result %y, %dy : tensor<?x4xf32>
  return %dx : tensor<?x4xf32>
}
