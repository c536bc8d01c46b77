ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %h = ofex.act gelu %x : tensor<?x4xf32>
  ofex.return %h : tensor<?x4xf32>
}
