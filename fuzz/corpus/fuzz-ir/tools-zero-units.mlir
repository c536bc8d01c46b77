// A gate group of no units (ofexc --emit=cost crashed on it once).
ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  %t = ofex.theta "l1" = [] : tensor<0xf32>
  ofex.return %x : tensor<?x2xf32>
}
