// Each verifier error, with its location.
// RUN: ofex-opt %s -split-input-file -verify-diagnostics

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<5x3xf32>
  // expected-error @+1 {{weight has 5 rows but the input has 4 units}}
  %h = ofex.linear %x, %w : (tensor<?x4xf32>, tensor<5x3xf32>) -> tensor<?x3xf32>
  ofex.return %h : tensor<?x3xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "w" init("glorot") : tensor<4x3xf32>
  %b = ofex.param "b" init("zeros") : tensor<2xf32>
  // expected-error @+1 {{bias has 2 entries but the input has 3 units}}
  %h = ofex.linear %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<2xf32>) -> tensor<?x3xf32>
  ofex.return %h : tensor<?x3xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{unknown activation 'gelu'; expected relu, swish, tanh or identity}}
  %h = ofex.act gelu %x : tensor<?x4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  // expected-error @+1 {{unknown normalization 'group'; expected layer or batch}}
  %h = ofex.norm group %x, %s, %s : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %t = ofex.theta "l1" : tensor<3xf32>
  // expected-error @+1 {{theta has 3 entries but the input has 4 units}}
  %h = ofex.gate sample %x, %t : tensor<?x4xf32>, tensor<3xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %v = ofex.param "v" init("zeros") : tensor<4xf32>
  %t = ofex.theta "l1" : tensor<4xf32>
  // expected-error @+1 {{gated value must be a 2-D batch x units tensor, got 'tensor<4xf32>'}}
  %h = ofex.gate sample %v, %t : tensor<4xf32>, tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %t = ofex.theta "l1" : tensor<4xf32>
  // expected-error @+1 {{unknown gate mode 'always'}}
  %h = ofex.gate always %x, %t : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{theta[1] = 1.500000e+00 is outside [0, 1]}}
  %t = ofex.theta "l1" = [1.0, 1.5, 0.0, 0.0] : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{has 2 values for 4 units}}
  %t = ofex.theta "l1" = [1.0, 1.0] : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x7xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{result has 7 units but the inputs have 8 in total}}
  %c = ofex.concat %x, %x : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x7xf32>
  ofex.return %c : tensor<?x7xf32>
}

// -----

// expected-error @+1 {{unknown role 'ship'; expected deploy or learn}}
ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "ship", family = "ofe"} {
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x3xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{result #0 has type 'tensor<?x4xf32>' but the network declares 'tensor<?x3xf32>'}}
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %a = ofex.param "w" init("zeros") : tensor<4xf32>
  // expected-error @+1 {{duplicate param name 'w'}}
  %b = ofex.param "w" init("zeros") : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @enc(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  ofex.return %x : tensor<?x4xf32>
}
ofex.network @pi(%z: tensor<?x5xf32>) -> tensor<?x5xf32> attributes {role = "deploy", family = "pi"} {
  ofex.return %z : tensor<?x5xf32>
}
ofex.model @agent(%o: tensor<?x4xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{input #0 has type 'tensor<?x4xf32>' but network @pi expects 'tensor<?x5xf32>'}}
  %p = ofex.apply @pi(%z) : (tensor<?x4xf32>) -> tensor<?x5xf32>
}

// -----

ofex.model @agent(%o: tensor<?x4xf32>) {
  // expected-error @+1 {{applies unknown network @missing}}
  %z = ofex.apply @missing(%o) : (tensor<?x4xf32>) -> tensor<?x4xf32>
}

// -----

// A deploy network may not read a learning-only one: the deployment export
// ships the deploy networks alone (a review of fuzz-ir's property found the
// export keeping an apply of a network it had not copied).
ofex.network @enc(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "learn", family = "ofe"} {
  ofex.return %x : tensor<?x4xf32>
}
ofex.network @pi(%z: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "pi"} {
  ofex.return %z : tensor<?x4xf32>
}
ofex.model @agent(%o: tensor<?x4xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x4xf32>) -> tensor<?x4xf32>
  // expected-error @+1 {{input #0 of deploy network @pi comes from learning-only network @enc}}
  %p = ofex.apply @pi(%z) : (tensor<?x4xf32>) -> tensor<?x4xf32>
}

// -----

func.func @f(%a: tensor<?x1xf32>, %b: tensor<?x1xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{unknown predicate 'ge'; expected le or lt}}
  %c = ofex.compare ge %a, %b : tensor<?x1xf32>
  return %c : tensor<?x1xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  // expected-error @+1 {{inference needs the running statistics}}
  %h = ofex.norm batch inference %x, %s, %s : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %m = ofex.stat "m" init("zeros") : tensor<4xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  // expected-error @+1 {{only batch normalization keeps running statistics}}
  %h = ofex.norm layer %x, %s, %s running(%m, %v : tensor<4xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %m = ofex.stat "m" init("zeros") : tensor<3xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  // expected-error @+1 {{running mean has 3 entries but the input has 4 units}}
  %h = ofex.norm batch %x, %s, %s running(%m, %v : tensor<3xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %m = ofex.stat "m" init("zeros") : tensor<4xf32>
  // expected-error @+1 {{running statistics are a mean and a variance, got 1 values}}
  %h = ofex.norm batch %x, %s, %s running(%m : tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{initializer 'glorot' is not a statistic's; expected zeros (a mean) or ones (a variance)}}
  %m = ofex.stat "m" init("glorot") : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "l1.mean" init("ones") : tensor<4xf32>
  // expected-error @+1 {{duplicate state name 'l1.mean' (params and stats share names)}}
  %m = ofex.stat "l1.mean" init("zeros") : tensor<4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{momentum must be in (0, 1], got 0}}
  ofex.update_stats %x into "m", "v" {momentum = 0.0 : f64} : tensor<?x4xf32>
  return
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %t = ofex.theta "l1" : tensor<4xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  // expected-error @+1 {{running statistics must be ofex.stat values}}
  %h = ofex.norm batch %x, %s, %s running(%t, %v : tensor<4xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  // expected-error @+1 {{running mean and variance must be two stats}}
  %h = ofex.norm batch %x, %s, %s running(%v, %v : tensor<4xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "s" init("ones") : tensor<4xf32>
  %m = ofex.stat "m" init("zeros") : tensor<4xf32>
  %v = ofex.stat "v" init("ones") : tensor<4xf32>
  // expected-error @+1 {{running mean must start at zeros and the variance at ones}}
  %h = ofex.norm batch %x, %s, %s running(%v, %m : tensor<4xf32>, tensor<4xf32>) : tensor<?x4xf32>, tensor<4xf32>
  ofex.return %h : tensor<?x4xf32>
}

// -----

func.func @f(%x: tensor<4x3xf32>, %s: tensor<3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{takes a mean and a variance, got 1 statistics}}
  %y = dnnl.norm "batch" %x, %s, %s stats(%s : tensor<3xf32>) : tensor<4x3xf32>, tensor<3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @f(%y: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{cannot differentiate 'swish' from its result (relu and tanh can)}}
  %dx = ofex.act_grad swish from_result %y, %dy : tensor<?x4xf32>
  return %dx : tensor<?x4xf32>
}

// -----

// Bounds: no layer of 0 units (a gate group of nothing), no dimension beyond
// 2^20, no param beyond 2^28 elements, so no input asks for unbounded memory.
ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{'ofex.theta' op dimensions must be 1 to 1048576, got 'tensor<0xf32>'}}
  %t = ofex.theta "l1" = [] : tensor<0xf32>
  ofex.return %x : tensor<?x2xf32>
}

// -----

ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{'ofex.param' op dimensions must be 1 to 1048576, got 'tensor<2x9223372036854775807xf32>'}}
  %w = ofex.param "w" init("glorot") : tensor<2x9223372036854775807xf32>
  ofex.return %x : tensor<?x2xf32>
}

// -----

ofex.network @f(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{'ofex.param' op has 1099511627776 elements, more than 268435456}}
  %w = ofex.param "w" init("glorot") : tensor<1048576x1048576xf32>
  ofex.return %x : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{'ofex.network' op arguments and results must have 1 to 1048576 units, got 'tensor<?x0xf32>'}}
ofex.network @f(%x: tensor<?x0xf32>) -> tensor<?x0xf32> attributes {role = "deploy", family = "ofe"} {
  ofex.return %x : tensor<?x0xf32>
}

// -----

func.func @relax_needs_sample(%t: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'ofex.xi' op relax needs mode sample}}
  %xi = ofex.xi expect %t {relax = 0.5 : f64} : tensor<3xf32>
  return %xi : tensor<3xf32>
}

// -----

func.func @relax_out_of_range(%t: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'ofex.xi' op relax must be in (0, 1], got 1.5}}
  %xi = ofex.xi sample %t {relax = 1.5 : f64} : tensor<3xf32>
  return %xi : tensor<3xf32>
}

// -----

// Enum words are checked where the IR is parsed, with the words they may be.
ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "deploy", family = "ofe"} {
  // expected-error @+1 {{unknown initializer 'xavier'; expected glorot, zeros or ones}}
  %w = ofex.param "w" init("xavier") : tensor<4x4xf32>
  ofex.return %x : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{unknown family 'critic'; expected ofe, pi, q or none}}
ofex.network @f(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {role = "learn", family = "critic"} {
  ofex.return %x : tensor<?x4xf32>
}

// -----

func.func @xi_fixed(%t: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'ofex.xi' op mode 'fixed' is a gate's; ofex.xi draws with sample, expect or threshold}}
  %xi = ofex.xi fixed %t : tensor<3xf32>
  return %xi : tensor<3xf32>
}

// -----

func.func @binary_alg(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{unknown binary algorithm 'xor'; expected add, sub, mul, min, le or lt}}
  %r = dnnl.binary "xor" %a, %a : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

func.func @eltwise_alg(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{unknown eltwise algorithm 'gelu'; expected relu, swish, tanh, linear or square}}
  %r = dnnl.eltwise "gelu" %a : tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
