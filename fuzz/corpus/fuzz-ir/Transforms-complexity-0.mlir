
ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x2xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a1 = ofex.act relu %h1 : tensor<?x2xf32>
  %t1 = ofex.theta "l1" = [0.5, 1.0] : tensor<2xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x2xf32>, tensor<2xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x4xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<4x3xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<3xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %a2 = ofex.act relu %h2 : tensor<?x3xf32>
  %t2 = ofex.theta "l2" = [1.0, 0.5, 0.25] : tensor<3xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x3xf32>, tensor<3xf32>
  %c2 = ofex.concat %c1, %g2 : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  ofex.return %c2 : tensor<?x7xf32>
}

ofex.network @g(%z: tensor<?x7xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w = ofex.param "out.w" init("glorot") : tensor<7x1xf32>
  %b = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %q = ofex.linear %z, %w, %b : (tensor<?x7xf32>, tensor<7x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %q : tensor<?x1xf32>
}

ofex.model @agent(%o: tensor<?x2xf32>) {
  %z = ofex.apply @f(%o) : (tensor<?x2xf32>) -> tensor<?x7xf32>
  %q = ofex.apply @g(%z) : (tensor<?x7xf32>) -> tensor<?x1xf32>
}
