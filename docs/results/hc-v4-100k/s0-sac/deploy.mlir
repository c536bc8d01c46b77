module {
  ofex.network @pi(%arg0: tensor<?x17xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) attributes {family = "pi", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<17x256xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<256xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x17xf32>, tensor<17x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %3 = ofex.act relu %2 : tensor<?x256xf32>
    %4 = ofex.param "l2.w" init("glorot") : tensor<256x256xf32>
    %5 = ofex.param "l2.b" init("zeros") : tensor<256xf32>
    %6 = ofex.linear %3, %4, %5 : (tensor<?x256xf32>, tensor<256x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %7 = ofex.act relu %6 : tensor<?x256xf32>
    %8 = ofex.param "mean.w" init("glorot") : tensor<256x6xf32>
    %9 = ofex.param "mean.b" init("zeros") : tensor<6xf32>
    %10 = ofex.linear %7, %8, %9 : (tensor<?x256xf32>, tensor<256x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    %11 = ofex.param "log_std.w" init("glorot") : tensor<256x6xf32>
    %12 = ofex.param "log_std.b" init("zeros") : tensor<6xf32>
    %13 = ofex.linear %7, %11, %12 : (tensor<?x256xf32>, tensor<256x6xf32>, tensor<6xf32>) -> tensor<?x6xf32>
    ofex.return %10, %13 : tensor<?x6xf32>, tensor<?x6xf32>
  }
  ofex.model @agent(%arg0: tensor<?x17xf32>, %arg1: tensor<?x6xf32>) {
    %0:2 = ofex.apply @pi(%arg0) : (tensor<?x17xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>)
  }
}
