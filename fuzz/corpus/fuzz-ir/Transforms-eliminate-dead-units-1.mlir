

ofex.network @alive(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
  %h = ofex.linear %x, %w : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %t = ofex.theta "l1" = [0.1, 1.0] : tensor<2xf32>
  %g = ofex.gate sample %h, %t : tensor<?x2xf32>, tensor<2xf32>
  ofex.return %g : tensor<?x2xf32>
}