


ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x8xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<8xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a1 = ofex.act relu %h1 : tensor<?x8xf32>
  %t1 = ofex.theta "l1" : tensor<8xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x8xf32>, tensor<8xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<8x8xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<8xf32>
  %h2 = ofex.linear %g1, %w2, %b2 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a2 = ofex.act relu %h2 : tensor<?x8xf32>
  %t2 = ofex.theta "l2" : tensor<8xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x8xf32>, tensor<8xf32>
  %w3 = ofex.param "l3.w" init("glorot") : tensor<8x8xf32>
  %b3 = ofex.param "l3.b" init("zeros") : tensor<8xf32>
  %h3 = ofex.linear %g2, %w3, %b3 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a3 = ofex.act relu %h3 : tensor<?x8xf32>
  %t3 = ofex.theta "l3" : tensor<8xf32>
  %g3 = ofex.gate sample %a3, %t3 : tensor<?x8xf32>, tensor<8xf32>
  %w4 = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
  %b4 = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %y = ofex.linear %g3, %w4, %b4 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%x: tensor<?x3xf32>) {
  %y = ofex.apply @net(%x) : (tensor<?x3xf32>) -> tensor<?x1xf32>
}