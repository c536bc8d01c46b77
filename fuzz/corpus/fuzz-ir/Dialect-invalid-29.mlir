

ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<2x9223372036854775807xf32>
  ofex.return %x : tensor<?x2xf32>
}
