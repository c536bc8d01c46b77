

ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<1048576x1048576xf32>
  ofex.return %x : tensor<?x2xf32>
}
