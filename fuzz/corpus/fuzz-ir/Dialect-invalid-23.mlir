

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %t = ofex.theta "l1" : tensor<4xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  %h = ofex.norm batch %x, %s, %s running(%t, %v : tensor<4xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}
