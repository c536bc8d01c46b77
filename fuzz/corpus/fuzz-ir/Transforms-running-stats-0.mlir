





ofex.network @enc(%x: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x3xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s1 = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %o1 = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %m1 = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %v1 = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %n1 = ofex.norm batch %h1, %s1, %o1 running(%m1, %v1 : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %a1 = ofex.act swish %n1 : tensor<?x3xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<3x1xf32>
  %y = ofex.linear %a1, %w2 : (tensor<?x3xf32>, tensor<3x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}

ofex.model @m(%o: tensor<?x2xf32>) {
  %y = ofex.apply @enc(%o) : (tensor<?x2xf32>) -> tensor<?x1xf32>
}