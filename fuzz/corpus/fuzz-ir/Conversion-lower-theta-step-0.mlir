
func.func @theta.update(%g: tensor<4xf32>, %c: tensor<4xf32>) {
  ofex.theta_step "pi.l1", %g, %c {lr = 0.1 : f64, tol = 0.1 : f64, freeze_steps = 0 : i64, keep_one} : tensor<4xf32>
  return
}

func.func @adam(%g: tensor<3x2xf32>) {
  ofex.adam "net.w", %g {lr = 3.0e-4 : f64, beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-8 : f64} : tensor<3x2xf32>
  return
}