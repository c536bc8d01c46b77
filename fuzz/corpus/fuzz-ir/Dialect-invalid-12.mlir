

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %a = ofex.param "w" init("zeros") : tensor<4xf32>
  %b = ofex.param "w" init("zeros") : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}
