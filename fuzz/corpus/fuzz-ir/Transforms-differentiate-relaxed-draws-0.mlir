




ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x2xf32>
  %h = ofex.linear %x, %w1 : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %a = ofex.act tanh %h : tensor<?x2xf32>
  %t = ofex.theta "l1" : tensor<2xf32>
  %g = ofex.gate sample %a, %t : tensor<?x2xf32>, tensor<2xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<2x1xf32>
  %y = ofex.linear %g, %w2 : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}

ofex.model @m(%o: tensor<?x3xf32>) {
  %y = ofex.apply @net(%o) : (tensor<?x3xf32>) -> tensor<?x1xf32>
}