

func.func @relax_out_of_range(%t: tensor<3xf32>) -> tensor<3xf32> {
  %xi = ofex.xi sample %t {relax = 1.5 : f64} : tensor<3xf32>
  return %xi : tensor<3xf32>
}