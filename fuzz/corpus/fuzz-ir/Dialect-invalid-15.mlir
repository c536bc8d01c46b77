

func.func @f(%a: tensor<?x1xf32>, %b: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %c = ofex.compare ge %a, %b : tensor<?x1xf32>
  return %c : tensor<?x1xf32>
}
