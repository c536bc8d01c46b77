

ofex.network @pruned(%x: tensor<?x1xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<1x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %t1 = ofex.theta "l1" = [1.0, 0.0] : tensor<2xf32>
  %g1 = ofex.gate sample %h1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x1xf32>, tensor<?x2xf32>) -> tensor<?x3xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<3x2xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<2xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %t2 = ofex.theta "l2" : tensor<2xf32>
  %g2 = ofex.gate sample %h2, %t2 : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g2 : tensor<?x2xf32>
}
