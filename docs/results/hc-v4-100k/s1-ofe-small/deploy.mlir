module {
  ofex.network @phi_o(%arg0: tensor<?x17xf32>) -> tensor<?x257xf32> attributes {family = "ofe", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<17x30xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<30xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x17xf32>, tensor<17x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %3 = ofex.param "l1.gamma" init("ones") : tensor<30xf32>
    %4 = ofex.param "l1.beta" init("zeros") : tensor<30xf32>
    %5 = ofex.norm layer %2, %3, %4 : tensor<?x30xf32>, tensor<30xf32>
    %6 = ofex.act swish %5 : tensor<?x30xf32>
    %7 = ofex.concat %arg0, %6 : (tensor<?x17xf32>, tensor<?x30xf32>) -> tensor<?x47xf32>
    %8 = ofex.param "l2.w" init("glorot") : tensor<47x30xf32>
    %9 = ofex.param "l2.b" init("zeros") : tensor<30xf32>
    %10 = ofex.linear %7, %8, %9 : (tensor<?x47xf32>, tensor<47x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %11 = ofex.param "l2.gamma" init("ones") : tensor<30xf32>
    %12 = ofex.param "l2.beta" init("zeros") : tensor<30xf32>
    %13 = ofex.norm layer %10, %11, %12 : tensor<?x30xf32>, tensor<30xf32>
    %14 = ofex.act swish %13 : tensor<?x30xf32>
    %15 = ofex.concat %7, %14 : (tensor<?x47xf32>, tensor<?x30xf32>) -> tensor<?x77xf32>
    %16 = ofex.param "l3.w" init("glorot") : tensor<77x30xf32>
    %17 = ofex.param "l3.b" init("zeros") : tensor<30xf32>
    %18 = ofex.linear %15, %16, %17 : (tensor<?x77xf32>, tensor<77x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %19 = ofex.param "l3.gamma" init("ones") : tensor<30xf32>
    %20 = ofex.param "l3.beta" init("zeros") : tensor<30xf32>
    %21 = ofex.norm layer %18, %19, %20 : tensor<?x30xf32>, tensor<30xf32>
    %22 = ofex.act swish %21 : tensor<?x30xf32>
    %23 = ofex.concat %15, %22 : (tensor<?x77xf32>, tensor<?x30xf32>) -> tensor<?x107xf32>
    %24 = ofex.param "l4.w" init("glorot") : tensor<107x30xf32>
    %25 = ofex.param "l4.b" init("zeros") : tensor<30xf32>
    %26 = ofex.linear %23, %24, %25 : (tensor<?x107xf32>, tensor<107x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %27 = ofex.param "l4.gamma" init("ones") : tensor<30xf32>
    %28 = ofex.param "l4.beta" init("zeros") : tensor<30xf32>
    %29 = ofex.norm layer %26, %27, %28 : tensor<?x30xf32>, tensor<30xf32>
    %30 = ofex.act swish %29 : tensor<?x30xf32>
    %31 = ofex.concat %23, %30 : (tensor<?x107xf32>, tensor<?x30xf32>) -> tensor<?x137xf32>
    %32 = ofex.param "l5.w" init("glorot") : tensor<137x30xf32>
    %33 = ofex.param "l5.b" init("zeros") : tensor<30xf32>
    %34 = ofex.linear %31, %32, %33 : (tensor<?x137xf32>, tensor<137x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %35 = ofex.param "l5.gamma" init("ones") : tensor<30xf32>
    %36 = ofex.param "l5.beta" init("zeros") : tensor<30xf32>
    %37 = ofex.norm layer %34, %35, %36 : tensor<?x30xf32>, tensor<30xf32>
    %38 = ofex.act swish %37 : tensor<?x30xf32>
    %39 = ofex.concat %31, %38 : (tensor<?x137xf32>, tensor<?x30xf32>) -> tensor<?x167xf32>
    %40 = ofex.param "l6.w" init("glorot") : tensor<167x30xf32>
    %41 = ofex.param "l6.b" init("zeros") : tensor<30xf32>
    %42 = ofex.linear %39, %40, %41 : (tensor<?x167xf32>, tensor<167x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %43 = ofex.param "l6.gamma" init("ones") : tensor<30xf32>
    %44 = ofex.param "l6.beta" init("zeros") : tensor<30xf32>
    %45 = ofex.norm layer %42, %43, %44 : tensor<?x30xf32>, tensor<30xf32>
    %46 = ofex.act swish %45 : tensor<?x30xf32>
    %47 = ofex.concat %39, %46 : (tensor<?x167xf32>, tensor<?x30xf32>) -> tensor<?x197xf32>
    %48 = ofex.param "l7.w" init("glorot") : tensor<197x30xf32>
    %49 = ofex.param "l7.b" init("zeros") : tensor<30xf32>
    %50 = ofex.linear %47, %48, %49 : (tensor<?x197xf32>, tensor<197x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %51 = ofex.param "l7.gamma" init("ones") : tensor<30xf32>
    %52 = ofex.param "l7.beta" init("zeros") : tensor<30xf32>
    %53 = ofex.norm layer %50, %51, %52 : tensor<?x30xf32>, tensor<30xf32>
    %54 = ofex.act swish %53 : tensor<?x30xf32>
    %55 = ofex.concat %47, %54 : (tensor<?x197xf32>, tensor<?x30xf32>) -> tensor<?x227xf32>
    %56 = ofex.param "l8.w" init("glorot") : tensor<227x30xf32>
    %57 = ofex.param "l8.b" init("zeros") : tensor<30xf32>
    %58 = ofex.linear %55, %56, %57 : (tensor<?x227xf32>, tensor<227x30xf32>, tensor<30xf32>) -> tensor<?x30xf32>
    %59 = ofex.param "l8.gamma" init("ones") : tensor<30xf32>
    %60 = ofex.param "l8.beta" init("zeros") : tensor<30xf32>
    %61 = ofex.norm layer %58, %59, %60 : tensor<?x30xf32>, tensor<30xf32>
    %62 = ofex.act swish %61 : tensor<?x30xf32>
    %63 = ofex.concat %55, %62 : (tensor<?x227xf32>, tensor<?x30xf32>) -> tensor<?x257xf32>
    ofex.return %63 : tensor<?x257xf32>
  }
  ofex.network @pi(%arg0: tensor<?x257xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) attributes {family = "pi", role = "deploy"} {
    %0 = ofex.param "l1.w" init("glorot") : tensor<257x256xf32>
    %1 = ofex.param "l1.b" init("zeros") : tensor<256xf32>
    %2 = ofex.linear %arg0, %0, %1 : (tensor<?x257xf32>, tensor<257x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
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
    %0 = ofex.apply @phi_o(%arg0) : (tensor<?x17xf32>) -> tensor<?x257xf32>
    %1:2 = ofex.apply @pi(%0) : (tensor<?x257xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>)
  }
}
