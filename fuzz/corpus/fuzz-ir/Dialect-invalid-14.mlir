

ofex.model @agent(%o: tensor<?x4xf32>) {
  %z = ofex.apply @missing(%o) : (tensor<?x4xf32>) -> tensor<?x4xf32>
}
