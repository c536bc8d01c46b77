module {
  ofex.network @phi_o(%arg0: tensor<?x4xf32>) -> tensor<?x12xf32> attributes {family = "ofe", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<4x4xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %3 = ofex.param "l1.gamma" init("ones") : tensor<4xf32>
    %4 = ofex.param "l1.beta" init("zeros") : tensor<4xf32>
    %5 = ofex.norm layer %2, %3, %4 : tensor<?x4xf32>, tensor<4xf32>
    %6 = ofex.act swish %5 : tensor<?x4xf32>
    %7 = ofex.theta "l1" : tensor<4xf32>
    %8 = ofex.gate sample %6, %7 : tensor<?x4xf32>, tensor<4xf32>
    %9 = ofex.concat %arg0, %8 : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>
    %10 = ofex.param "l2.w" init("glorot") : tensor<8x4xf32>
    %11 = ofex.param "l2.b" init("zeros") : tensor<4xf32>
    %12 = ofex.linear %9, %10, %11 : (tensor<?x8xf32>, tensor<8x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %13 = ofex.param "l2.gamma" init("ones") : tensor<4xf32>
    %14 = ofex.param "l2.beta" init("zeros") : tensor<4xf32>
    %15 = ofex.norm layer %12, %13, %14 : tensor<?x4xf32>, tensor<4xf32>
    %16 = ofex.act swish %15 : tensor<?x4xf32>
    %17 = ofex.theta "l2" : tensor<4xf32>
    %18 = ofex.gate sample %16, %17 : tensor<?x4xf32>, tensor<4xf32>
    %19 = ofex.concat %9, %18 : (tensor<?x8xf32>, tensor<?x4xf32>) -> tensor<?x12xf32>
    ofex.return %19 : tensor<?x12xf32>
  }
  ofex.network @phi_oa(%arg0: tensor<?x12xf32>, %arg1: tensor<?x1xf32>) -> tensor<?x21xf32> attributes {family = "ofe", role = "learn"} {
    %0 = ofex.concat %arg0, %arg1 : (tensor<?x12xf32>, tensor<?x1xf32>) -> tensor<?x13xf32>
    %1 = ofex.param "l1.w" init("glorot") : tensor<13x4xf32>
    %2 = ofex.param "l1.b" init("zeros") : tensor<4xf32>
    %3 = ofex.linear %0, %1, %2 : (tensor<?x13xf32>, tensor<13x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %4 = ofex.param "l1.gamma" init("ones") : tensor<4xf32>
    %5 = ofex.param "l1.beta" init("zeros") : tensor<4xf32>
    %6 = ofex.norm layer %3, %4, %5 : tensor<?x4xf32>, tensor<4xf32>
    %7 = ofex.act swish %6 : tensor<?x4xf32>
    %8 = ofex.theta "l1" : tensor<4xf32>
    %9 = ofex.gate sample %7, %8 : tensor<?x4xf32>, tensor<4xf32>
    %10 = ofex.concat %0, %9 : (tensor<?x13xf32>, tensor<?x4xf32>) -> tensor<?x17xf32>
    %11 = ofex.param "l2.w" init("glorot") : tensor<17x4xf32>
    %12 = ofex.param "l2.b" init("zeros") : tensor<4xf32>
    %13 = ofex.linear %10, %11, %12 : (tensor<?x17xf32>, tensor<17x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %14 = ofex.param "l2.gamma" init("ones") : tensor<4xf32>
    %15 = ofex.param "l2.beta" init("zeros") : tensor<4xf32>
    %16 = ofex.norm layer %13, %14, %15 : tensor<?x4xf32>, tensor<4xf32>
    %17 = ofex.act swish %16 : tensor<?x4xf32>
    %18 = ofex.theta "l2" : tensor<4xf32>
    %19 = ofex.gate sample %17, %18 : tensor<?x4xf32>, tensor<4xf32>
    %20 = ofex.concat %10, %19 : (tensor<?x17xf32>, tensor<?x4xf32>) -> tensor<?x21xf32>
    ofex.return %20 : tensor<?x21xf32>
  }
  ofex.network @aux(%arg0: tensor<?x21xf32>) -> tensor<?x4xf32> attributes {family = "ofe", role = "learn"} {
    %0 = ofex.param "out.w" init("glorot") : tensor<21x4xf32>
    %1 = ofex.param "out.b" init("zeros") : tensor<4xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x21xf32>, tensor<21x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    ofex.return %2 : tensor<?x4xf32>
  }
  ofex.network @pi(%arg0: tensor<?x12xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) attributes {family = "pi", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<12x8xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<8xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x12xf32>, tensor<12x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %3 = ofex.act relu %2 : tensor<?x8xf32>
    %4 = ofex.theta "l1" : tensor<8xf32>
    %5 = ofex.gate sample %3, %4 : tensor<?x8xf32>, tensor<8xf32>
    %6 = ofex.param "l2.w" init("glorot") : tensor<8x8xf32>
    %7 = ofex.param "l2.b" init("zeros") : tensor<8xf32>
    %8 = ofex.linear %5, %6, %7 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %9 = ofex.act relu %8 : tensor<?x8xf32>
    %10 = ofex.theta "l2" : tensor<8xf32>
    %11 = ofex.gate sample %9, %10 : tensor<?x8xf32>, tensor<8xf32>
    %12 = ofex.param "mean.w" init("glorot") : tensor<8x1xf32>
    %13 = ofex.param "mean.b" init("zeros") : tensor<1xf32>
    %14 = ofex.linear %11, %12, %13 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    %15 = ofex.param "log_std.w" init("glorot") : tensor<8x1xf32>
    %16 = ofex.param "log_std.b" init("zeros") : tensor<1xf32>
    %17 = ofex.linear %11, %15, %16 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    ofex.return %14, %17 : tensor<?x1xf32>, tensor<?x1xf32>
  }
  ofex.network @q1(%arg0: tensor<?x21xf32>) -> tensor<?x1xf32> attributes {family = "q", role = "learn"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<21x8xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<8xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x21xf32>, tensor<21x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %3 = ofex.act relu %2 : tensor<?x8xf32>
    %4 = ofex.theta "l1" : tensor<8xf32>
    %5 = ofex.gate sample %3, %4 : tensor<?x8xf32>, tensor<8xf32>
    %6 = ofex.param "l2.w" init("glorot") : tensor<8x8xf32>
    %7 = ofex.param "l2.b" init("zeros") : tensor<8xf32>
    %8 = ofex.linear %5, %6, %7 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %9 = ofex.act relu %8 : tensor<?x8xf32>
    %10 = ofex.theta "l2" : tensor<8xf32>
    %11 = ofex.gate sample %9, %10 : tensor<?x8xf32>, tensor<8xf32>
    %12 = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
    %13 = ofex.param "out.b" init("zeros") : tensor<1xf32>
    %14 = ofex.linear %11, %12, %13 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    ofex.return %14 : tensor<?x1xf32>
  }
  ofex.network @q2(%arg0: tensor<?x21xf32>) -> tensor<?x1xf32> attributes {family = "q", role = "learn"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<21x8xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<8xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x21xf32>, tensor<21x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %3 = ofex.act relu %2 : tensor<?x8xf32>
    %4 = ofex.theta "l1" : tensor<8xf32>
    %5 = ofex.gate sample %3, %4 : tensor<?x8xf32>, tensor<8xf32>
    %6 = ofex.param "l2.w" init("glorot") : tensor<8x8xf32>
    %7 = ofex.param "l2.b" init("zeros") : tensor<8xf32>
    %8 = ofex.linear %5, %6, %7 : (tensor<?x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %9 = ofex.act relu %8 : tensor<?x8xf32>
    %10 = ofex.theta "l2" : tensor<8xf32>
    %11 = ofex.gate sample %9, %10 : tensor<?x8xf32>, tensor<8xf32>
    %12 = ofex.param "out.w" init("glorot") : tensor<8x1xf32>
    %13 = ofex.param "out.b" init("zeros") : tensor<1xf32>
    %14 = ofex.linear %11, %12, %13 : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    ofex.return %14 : tensor<?x1xf32>
  }
  ofex.model @agent(%arg0: tensor<?x4xf32>, %arg1: tensor<?x1xf32>) {
    %0 = ofex.apply @phi_o(%arg0) : (tensor<?x4xf32>) -> tensor<?x12xf32>
    %1 = ofex.apply @phi_oa(%0, %arg1) : (tensor<?x12xf32>, tensor<?x1xf32>) -> tensor<?x21xf32>
    %2 = ofex.apply @aux(%1) : (tensor<?x21xf32>) -> tensor<?x4xf32>
    %3:2 = ofex.apply @pi(%0) : (tensor<?x12xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
    %4 = ofex.apply @q1(%1) : (tensor<?x21xf32>) -> tensor<?x1xf32>
    %5 = ofex.apply @q2(%1) : (tensor<?x21xf32>) -> tensor<?x1xf32>
  }
}

