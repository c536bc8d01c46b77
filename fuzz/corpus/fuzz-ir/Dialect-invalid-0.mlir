
ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<5x3xf32>
  %h = ofex.linear %x, %w : (tensor<?x4xf32>, tensor<5x3xf32>) -> tensor<?x3xf32>
  ofex.return %h : tensor<?x3xf32>
}
