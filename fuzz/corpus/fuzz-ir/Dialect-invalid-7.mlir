

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %t = ofex.theta "l1" = [1.0, 1.5, 0.0, 0.0] : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}
