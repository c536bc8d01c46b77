



ofex.network @q1(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %x = ofex.concat %s, %a : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
  %y = ofex.linear %x, %w : (tensor<?x5xf32>, tensor<5x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.network @q2(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %x = ofex.concat %s, %a : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
  %y = ofex.linear %x, %w : (tensor<?x5xf32>, tensor<5x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}
ofex.model @m(%s: tensor<?x3xf32>, %a: tensor<?x2xf32>) {
  %q1 = ofex.apply @q1(%s, %a) : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x1xf32>
  %q2 = ofex.apply @q2(%s, %a) : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x1xf32>
}