

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %v = ofex.param "v" init("zeros") : tensor<4xf32>
  %t = ofex.theta "l1" : tensor<4xf32>
  %h = ofex.gate sample %v, %t : tensor<4xf32>, tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}
