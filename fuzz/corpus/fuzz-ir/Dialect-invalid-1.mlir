

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<4x3xf32>
  %b = ofex.param "b" init("zeros") : tensor<2xf32>
  %h = ofex.linear %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<2xf32>) -> tensor<?x3xf32>
  ofex.return %h : tensor<?x3xf32>
}
