

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  ofex.return %x : tensor<?x4xf32>
}
