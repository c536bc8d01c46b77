// The passes that build the training functions refuse what they cannot
// build with one error naming the pass and the problem.
// RUN: ofex-opt %s -split-input-file -verify-diagnostics --ofex-extract-chain="name=q.forward" --ofex-return-twin-minimum="func=q.forward"

// One critic: no minimum of two to return.
// expected-error@+1 {{'func.func' op needs two results of one type for min(Q1, Q2)}}
module {
  ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
    %w1 = ofex.param "l1.w" init("glorot") : tensor<3x2xf32>
    %b1 = ofex.param "l1.b" init("zeros") : tensor<2xf32>
    %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %a1 = ofex.act swish %h1 : tensor<?x2xf32>
    %t1 = ofex.theta "l1" : tensor<2xf32>
    %g1 = ofex.gate sample %a1, %t1 : tensor<?x2xf32>, tensor<2xf32>
    %c1 = ofex.concat %x, %g1 : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<?x5xf32>
    %w2 = ofex.param "out.w" init("glorot") : tensor<5x1xf32>
    %b2 = ofex.param "out.b" init("zeros") : tensor<1xf32>
    %y = ofex.linear %c1, %w2, %b2 : (tensor<?x5xf32>, tensor<5x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    ofex.return %y : tensor<?x1xf32>
  }
  ofex.model @m(%x: tensor<?x3xf32>) {
    %y = ofex.apply @net(%x) : (tensor<?x3xf32>) -> tensor<?x1xf32>
  }
}

// -----

// A chain of the networks the model applies, not of others.
module {
  ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
    %w = ofex.param "out.w" init("glorot") : tensor<3x1xf32>
    %y = ofex.linear %x, %w : (tensor<?x3xf32>, tensor<3x1xf32>) -> tensor<?x1xf32>
    ofex.return %y : tensor<?x1xf32>
  }
  // expected-error@+1 {{'ofex.model' op applies none of the requested networks}}
  ofex.model @m(%x: tensor<?x3xf32>) {
  }
}
