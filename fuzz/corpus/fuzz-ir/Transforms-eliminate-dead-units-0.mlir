

ofex.network @enc(%x: tensor<?x2xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x3xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s1 = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %o1 = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %m1 = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %v1 = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %n1 = ofex.norm batch %h1, %s1, %o1 running(%m1, %v1 : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %a1 = ofex.act swish %n1 : tensor<?x3xf32>
  %t1 = ofex.theta "l1" = [1.0, 0.05, 0.5] : tensor<3xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x3xf32>, tensor<3xf32>
  %c1 = ofex.concat %x, %g1 : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<?x5xf32>
  %w2 = ofex.param "l2.w" init("glorot") : tensor<5x2xf32>
  %b2 = ofex.param "l2.b" init("zeros") : tensor<2xf32>
  %h2 = ofex.linear %c1, %w2, %b2 : (tensor<?x5xf32>, tensor<5x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %a2 = ofex.act swish %h2 : tensor<?x2xf32>
  %t2 = ofex.theta "l2" = [0.0, 0.05] : tensor<2xf32>
  %g2 = ofex.gate sample %a2, %t2 : tensor<?x2xf32>, tensor<2xf32>
  %c2 = ofex.concat %c1, %g2 : (tensor<?x5xf32>, tensor<?x2xf32>) -> tensor<?x7xf32>
  ofex.return %c2 : tensor<?x7xf32>
}

ofex.network @pi(%z: tensor<?x7xf32>) -> tensor<?x1xf32> attributes {role = "deploy", family = "pi"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<7x4xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
  %h1 = ofex.linear %z, %w1, %b1 : (tensor<?x7xf32>, tensor<7x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %a1 = ofex.act relu %h1 : tensor<?x4xf32>
  %t1 = ofex.theta "l1" = [1.0, 1.0, 0.02, 1.0] : tensor<4xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x4xf32>, tensor<4xf32>
  %wm = ofex.param "mean.w" init("glorot") : tensor<4x1xf32>
  %bm = ofex.param "mean.b" init("zeros") : tensor<1xf32>
  %m = ofex.linear %g1, %wm, %bm : (tensor<?x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %m : tensor<?x1xf32>
}

ofex.network @q(%z: tensor<?x7xf32>, %a: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %c = ofex.concat %z, %a : (tensor<?x7xf32>, tensor<?x1xf32>) -> tensor<?x8xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
  %b = ofex.param "out.b" init("zeros") : tensor<1xf32>
  %q = ofex.linear %c, %w, %b : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  ofex.return %q : tensor<?x1xf32>
}

ofex.model @agent(%o: tensor<?x2xf32>, %act: tensor<?x1xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x2xf32>) -> tensor<?x7xf32>
  %m = ofex.apply @pi(%z) : (tensor<?x7xf32>) -> tensor<?x1xf32>
  %q = ofex.apply @q(%z, %act) : (tensor<?x7xf32>, tensor<?x1xf32>) -> tensor<?x1xf32>
}
