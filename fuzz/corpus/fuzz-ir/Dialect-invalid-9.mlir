

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %c = ofex.concat %x, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x7xf32>
  ofex.return %c : tensor<?x7xf32>
}
