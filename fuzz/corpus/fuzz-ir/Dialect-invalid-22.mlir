

func.func @f(%x: tensor<?x4xf32>) {
  ofex.update_stats %x into "m", "v" {momentum = 0.0 : f64} : tensor<?x4xf32>
  return
}
