


ofex.network @pi(%x: tensor<?x3xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>) attributes {role = "deploy", family = "pi"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x4xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %a1 = ofex.act relu %h1 : tensor<?x4xf32>
  %t1 = ofex.theta "l1" : tensor<4xf32>
  %g1 = ofex.gate sample %a1, %t1 : tensor<?x4xf32>, tensor<4xf32>
  %wm = ofex.param "mean.w" init("glorot") : tensor<4x2xf32>
  %m = ofex.linear %g1, %wm : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %ws = ofex.param "logstd.w" init("glorot") : tensor<4x2xf32>
  %s = ofex.linear %g1, %ws : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  ofex.return %m, %s : tensor<?x2xf32>, tensor<?x2xf32>
}

ofex.model @m(%o: tensor<?x3xf32>) {
  %y:2 = ofex.apply @pi(%o) : (tensor<?x3xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
}