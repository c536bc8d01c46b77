module {
  ofex.network @phi_o(%arg0: tensor<?x17xf32>) -> tensor<?x111xf32> attributes {family = "ofe", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<17x39xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<39xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x17xf32>, tensor<17x39xf32>, tensor<39xf32>) -> tensor<?x39xf32>
    %3 = ofex.param "l1.gamma" init("ones") : tensor<39xf32>
    %4 = ofex.param "l1.beta" init("zeros") : tensor<39xf32>
    %5 = ofex.norm layer %2, %3, %4 : tensor<?x39xf32>, tensor<39xf32>
    %6 = ofex.act swish %5 : tensor<?x39xf32>
    %7 = ofex.theta "l1" = [9.969715e-01, 9.940895e-01, 7.633559e-01, 9.922053e-01, 9.907008e-01, 9.940403e-01, 9.713245e-01, 9.842915e-01, 9.770467e-01, 9.886556e-01, 9.992160e-01, 9.843137e-01, 9.996080e-01, 5.406023e-01, 9.407943e-01, 9.930416e-01, 1.000000e+00, 9.976476e-01, 8.766849e-01, 9.204102e-01, 9.859815e-01, 4.021672e-01, 5.764413e-01, 9.013788e-01, 9.793717e-01, 9.992160e-01, 9.351255e-01, 9.974517e-01, 9.415486e-01, 9.698708e-01, 9.972557e-01, 9.900805e-01, 8.476515e-01, 9.959520e-01, 8.311596e-01, 8.893468e-01, 9.924896e-01, 9.491610e-01, 9.988239e-01] : tensor<39xf32>
    %8 = ofex.gate expect %6, %7 : tensor<?x39xf32>, tensor<39xf32>
    %9 = ofex.concat %arg0, %8 : (tensor<?x17xf32>, tensor<?x39xf32>) -> tensor<?x56xf32>
    %10 = ofex.param "l2.w" init("glorot") : tensor<56x48xf32>
    %11 = ofex.param "l2.b" init("zeros") : tensor<48xf32>
    %12 = ofex.linear %9, %10, %11 : (tensor<?x56xf32>, tensor<56x48xf32>, tensor<48xf32>) -> tensor<?x48xf32>
    %13 = ofex.param "l2.gamma" init("ones") : tensor<48xf32>
    %14 = ofex.param "l2.beta" init("zeros") : tensor<48xf32>
    %15 = ofex.norm layer %12, %13, %14 : tensor<?x48xf32>, tensor<48xf32>
    %16 = ofex.act swish %15 : tensor<?x48xf32>
    %17 = ofex.theta "l2" = [9.920278e-01, 9.922751e-01, 9.982620e-01, 9.922214e-01, 9.294519e-01, 9.924891e-01, 9.920283e-01, 9.867875e-01, 9.743659e-01, 9.131758e-01, 2.466287e-01, 9.984552e-01, 9.937065e-01, 9.985170e-01, 9.959456e-01, 9.597161e-01, 1.000000e+00, 9.844801e-01, 1.000000e+00, 9.978758e-01, 8.366740e-01, 9.976828e-01, 9.984552e-01, 9.693217e-01, 9.794651e-01, 9.692531e-01, 9.994208e-01, 9.969106e-01, 9.990346e-01, 1.000000e+00, 9.924685e-01, 9.942077e-01, 7.778642e-01, 9.089193e-01, 9.983602e-01, 9.726211e-01, 9.726924e-01, 9.703531e-01, 7.340528e-01, 9.729642e-01, 9.998069e-01, 9.971036e-01, 9.727997e-01, 9.260897e-01, 9.980689e-01, 9.531142e-01, 9.827439e-01, 1.000000e+00] : tensor<48xf32>
    %18 = ofex.gate expect %16, %17 : tensor<?x48xf32>, tensor<48xf32>
    %19 = ofex.concat %9, %18 : (tensor<?x56xf32>, tensor<?x48xf32>) -> tensor<?x104xf32>
    %20 = ofex.param "l3.w" init("glorot") : tensor<104x6xf32>
    %21 = ofex.param "l3.b" init("zeros") : tensor<6xf32>
    %22 = ofex.linear %19, %20, %21 : (tensor<?x104xf32>, tensor<104x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    %23 = ofex.param "l3.gamma" init("ones") : tensor<6xf32>
    %24 = ofex.param "l3.beta" init("zeros") : tensor<6xf32>
    %25 = ofex.norm layer %22, %23, %24 : tensor<?x6xf32>, tensor<6xf32>
    %26 = ofex.act swish %25 : tensor<?x6xf32>
    %27 = ofex.theta "l3" = [9.732478e-01, 5.770224e-01, 1.845648e-01, 9.687184e-01, 9.134391e-01, 9.048808e-01] : tensor<6xf32>
    %28 = ofex.gate expect %26, %27 : tensor<?x6xf32>, tensor<6xf32>
    %29 = ofex.concat %19, %28 : (tensor<?x104xf32>, tensor<?x6xf32>) -> tensor<?x110xf32>
    %30 = ofex.param "l5.w" init("glorot") : tensor<110x1xf32>
    %31 = ofex.param "l5.b" init("zeros") : tensor<1xf32>
    %32 = ofex.linear %29, %30, %31 : (tensor<?x110xf32>, tensor<110x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    %33 = ofex.param "l5.gamma" init("ones") : tensor<1xf32>
    %34 = ofex.param "l5.beta" init("zeros") : tensor<1xf32>
    %35 = ofex.norm layer %32, %33, %34 : tensor<?x1xf32>, tensor<1xf32>
    %36 = ofex.act swish %35 : tensor<?x1xf32>
    %37 = ofex.theta "l5" = [9.811947e-01] : tensor<1xf32>
    %38 = ofex.gate expect %36, %37 : tensor<?x1xf32>, tensor<1xf32>
    %39 = ofex.concat %29, %38 : (tensor<?x110xf32>, tensor<?x1xf32>) -> tensor<?x111xf32>
    ofex.return %39 : tensor<?x111xf32>
  }
  ofex.network @pi(%arg0: tensor<?x111xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) attributes {family = "pi", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<111x32xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<32xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x111xf32>, tensor<111x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
    %3 = ofex.act relu %2 : tensor<?x32xf32>
    %4 = ofex.theta "l1" = [8.473664e-01, 9.976997e-01, 9.993427e-01, 9.963871e-01, 9.949118e-01, 9.998356e-01, 8.828722e-01, 9.950758e-01, 9.978638e-01, 7.602955e-01, 9.653140e-01, 9.991782e-01, 9.967150e-01, 9.978638e-01, 7.709894e-01, 9.990140e-01, 9.996713e-01, 9.970433e-01, 1.000000e+00, 9.940923e-01, 9.998356e-01, 9.825313e-01, 1.000000e+00, 9.988496e-01, 9.996713e-01, 5.534215e-01, 6.056409e-01, 1.000000e+00, 9.991782e-01, 9.955680e-01, 9.163897e-01, 9.995071e-01] : tensor<32xf32>
    %5 = ofex.gate expect %3, %4 : tensor<?x32xf32>, tensor<32xf32>
    %6 = ofex.param "l2.w" init("glorot") : tensor<32x184xf32>
    %7 = ofex.param "l2.b" init("zeros") : tensor<184xf32>
    %8 = ofex.linear %5, %6, %7 : (tensor<?x32xf32>, tensor<32x184xf32>, tensor<184xf32>) -> tensor<?x184xf32>
    %9 = ofex.act relu %8 : tensor<?x184xf32>
    %10 = ofex.theta "l2" = [5.756728e-01, 9.295741e-01, 8.974360e-01, 1.000000e+00, 9.542822e-01, 9.999741e-01, 8.775006e-01, 8.199810e-01, 6.514609e-01, 9.723507e-01, 5.498123e-01, 5.553696e-01, 6.230245e-01, 9.997142e-01, 1.000000e+00, 9.998443e-01, 9.055240e-01, 7.129170e-01, 9.998703e-01, 9.999482e-01, 8.943424e-01, 9.998963e-01, 9.762763e-01, 9.269880e-01, 9.995847e-01, 9.998443e-01, 9.938948e-01, 9.999741e-01, 9.965509e-01, 9.913337e-01, 9.994027e-01, 9.828540e-01, 9.201458e-01, 6.515791e-01, 9.236204e-01, 9.409551e-01, 8.941926e-01, 9.398385e-01, 9.998443e-01, 9.998703e-01, 7.488183e-01, 9.289424e-01, 4.038551e-01, 7.229379e-01, 6.652973e-01, 9.383696e-01, 8.290498e-01, 9.279692e-01, 9.998183e-01, 9.452786e-01, 9.568381e-01, 9.482127e-01, 9.996883e-01, 9.991680e-01, 8.907511e-01, 9.996364e-01, 9.998183e-01, 7.992781e-01, 9.487991e-01, 9.916360e-01, 9.999741e-01, 8.717850e-01, 9.174509e-01, 9.992464e-01, 8.965151e-01, 9.781179e-01, 9.637522e-01, 9.999482e-01, 9.995847e-01, 9.193743e-01, 9.999482e-01, 1.000000e+00, 9.528968e-01, 9.652109e-01, 9.444086e-01, 9.992985e-01, 5.064270e-01, 8.252212e-01, 7.846582e-01, 9.998703e-01, 9.949119e-01, 1.000000e+00, 9.312229e-01, 9.999223e-01, 8.791633e-01, 8.922207e-01, 1.000000e+00, 9.355009e-01, 1.000000e+00, 9.997142e-01, 9.045088e-01, 9.998183e-01, 1.000000e+00, 8.529197e-01, 9.996623e-01, 9.568430e-01, 8.757090e-01, 9.760165e-01, 9.815359e-01, 9.997923e-01, 9.997142e-01, 9.581612e-01, 9.993765e-01, 9.994550e-01, 9.999223e-01, 8.116013e-01, 9.999741e-01, 9.999223e-01, 9.998963e-01, 9.989295e-01, 9.255305e-01, 8.496237e-01, 9.374742e-01, 9.997662e-01, 1.000000e+00, 4.136853e-01, 9.866277e-01, 7.943481e-01, 9.801204e-01, 9.997142e-01, 8.352078e-01, 9.269515e-01, 9.998183e-01, 9.278273e-01, 9.024506e-01, 9.992985e-01, 7.100487e-01, 9.999223e-01, 9.993765e-01, 9.999741e-01, 5.202867e-01, 9.297631e-01, 9.998443e-01, 1.000000e+00, 9.997860e-01, 9.247358e-01, 9.999223e-01, 9.999741e-01, 9.439610e-01, 6.547132e-01, 5.905783e-01, 1.000000e+00, 8.658469e-01, 9.836450e-01, 1.000000e+00, 1.000000e+00, 9.746366e-01, 6.581475e-01, 9.994811e-01, 9.998183e-01, 7.370710e-01, 8.061795e-01, 9.998183e-01, 9.995590e-01, 9.996364e-01, 9.998183e-01, 9.758438e-01, 9.999741e-01, 8.756382e-01, 3.653064e-01, 9.239178e-01, 8.736667e-01, 9.667976e-01, 9.042858e-01, 9.996105e-01, 9.999741e-01, 9.594204e-01, 9.934019e-01, 9.996105e-01, 8.450118e-01, 9.468513e-01, 9.201086e-01, 9.907309e-01, 9.995072e-01, 9.995590e-01, 7.757415e-01, 7.448227e-01, 9.942812e-01, 9.891747e-01, 9.995590e-01, 9.998703e-01, 9.998183e-01, 9.994027e-01, 5.629466e-01] : tensor<184xf32>
    %11 = ofex.gate expect %9, %10 : tensor<?x184xf32>, tensor<184xf32>
    %12 = ofex.param "mean.w" init("glorot") : tensor<184x6xf32>
    %13 = ofex.param "mean.b" init("zeros") : tensor<6xf32>
    %14 = ofex.linear %11, %12, %13 : (tensor<?x184xf32>, tensor<184x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    %15 = ofex.param "log_std.w" init("glorot") : tensor<184x6xf32>
    %16 = ofex.param "log_std.b" init("zeros") : tensor<6xf32>
    %17 = ofex.linear %11, %15, %16 : (tensor<?x184xf32>, tensor<184x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    ofex.return %14, %17 : tensor<?x6xf32>, tensor<?x6xf32>
  }
  ofex.model @agent(%arg0: tensor<?x17xf32>, %arg1: tensor<?x6xf32>) {
    %0 = ofex.apply @phi_o(%arg0) : (tensor<?x17xf32>) -> tensor<?x111xf32>
    %1:2 = ofex.apply @pi(%0) : (tensor<?x111xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>)
  }
}
