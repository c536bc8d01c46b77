// The dnnl ops' shape rules (dialects/dnnl/DnnlVerifiers.cpp), one error each.
// RUN: ofex-opt %s -split-input-file -verify-diagnostics

func.func @matmul_inner(%a: tensor<4x3xf32>, %w: tensor<5x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'dnnl.matmul' op src (4x3) and weights (5x8) have different inner extents 3 and 5}}
  %r = dnnl.matmul %a, %w : (tensor<4x3xf32>, tensor<5x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

func.func @matmul_result(%a: tensor<4x3xf32>, %w: tensor<3x8xf32>) -> tensor<4x7xf32> {
  // expected-error @+1 {{'dnnl.matmul' op result is 4x7 but the product is 4x8}}
  %r = dnnl.matmul %a, %w : (tensor<4x3xf32>, tensor<3x8xf32>) -> tensor<4x7xf32>
  return %r : tensor<4x7xf32>
}

// -----

func.func @matmul_transposed(%a: tensor<3x4xf32>, %w: tensor<8x3xf32>) -> tensor<4x8xf32> {
  %r = dnnl.matmul %a, %w {trans_src, trans_weights} : (tensor<3x4xf32>, tensor<8x3xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

func.func @matmul_bias(%a: tensor<4x3xf32>, %w: tensor<3x8xf32>, %b: tensor<7xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'dnnl.matmul' op bias is 1x7; expected 1x8}}
  %r = dnnl.matmul %a, %w bias %b : (tensor<4x3xf32>, tensor<3x8xf32>, tensor<7xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

func.func @binary_rhs(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dnnl.binary' op rhs is 4x2; expected lhs's 4x3 or a 1x3 row}}
  %r = dnnl.binary "add" %a, %b : tensor<4x3xf32>, tensor<4x2xf32> -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}

// -----

func.func @binary_row(%a: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<4x3xf32> {
  %r = dnnl.binary "mul" %a, %b : tensor<4x3xf32>, tensor<3xf32> -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}

// -----

func.func @concat_cols(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) -> tensor<4x6xf32> {
  // expected-error @+1 {{'dnnl.concat' op the sources have 5 columns but the result has 6}}
  %r = dnnl.concat %a, %b : (tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}

// -----

func.func @concat_rows(%a: tensor<4x3xf32>, %b: tensor<2x2xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'dnnl.concat' op a source has 2 rows but the result has 4}}
  %r = dnnl.concat %a, %b : (tensor<4x3xf32>, tensor<2x2xf32>) -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

func.func @slice_range(%a: tensor<4x5xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'dnnl.slice' op columns [3, 6) are outside src's 5}}
  %r = dnnl.slice %a[3] : (tensor<4x5xf32>) -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}

// -----

func.func @reduction_shape(%a: tensor<4x5xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'dnnl.reduction' op result is 1x4; expected 1x5 (over the rows) or 1x1 (over all)}}
  %r = dnnl.reduction "sum" %a : (tensor<4x5xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// -----

func.func @sum_scales(%a: tensor<4x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'dnnl.sum' op has 2 sources but 1 scales}}
  %r = dnnl.sum %a, %a {scales = [1.0 : f32]} : tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// -----

func.func @norm_scale(%a: tensor<4x5xf32>, %s: tensor<4xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'dnnl.norm' op scale and shift is 1x4; expected 1x5}}
  %r = dnnl.norm "layer" %a, %s, %s : tensor<4x5xf32>, tensor<4xf32>
  return %r : tensor<4x5xf32>
}

// -----

func.func @norm_stats(%a: tensor<4x5xf32>, %s: tensor<5xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'dnnl.norm' op only batch normalization takes statistics}}
  %r = dnnl.norm "layer" %a, %s, %s stats(%s, %s : tensor<5xf32>, tensor<5xf32>) : tensor<4x5xf32>, tensor<5xf32>
  return %r : tensor<4x5xf32>
}

// -----

func.func @update_stats_momentum(%a: tensor<4x5xf32>) {
  // expected-error @+1 {{'dnnl.update_stats' op momentum must be in (0, 1], got 0}}
  dnnl.update_stats %a into "l1.mean", "l1.var" {momentum = 0.0 : f64} : tensor<4x5xf32>
  return
}

// -----

func.func @matmul_post_op(%a: tensor<4x3xf32>, %w: tensor<3x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'dnnl.matmul' op unknown post-op "gelu"; expected an eltwise algorithm}}
  %r = dnnl.matmul %a, %w {post_ops = ["gelu"]} : (tensor<4x3xf32>, tensor<3x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
