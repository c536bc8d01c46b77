ofex.network @enc(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "learn", family = "ofe"} {
  ofex.return %x : tensor<?x4xf32>
}
ofex.network @pi(%z: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "pi"} {
  ofex.return %z : tensor<?x4xf32>
}
ofex.model @agent(%o: tensor<?x4xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  %p = ofex.apply @pi(%z) : (tensor<?x4xf32>) -> tensor<?x4xf32>
}
