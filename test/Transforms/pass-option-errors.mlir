// Options a pass cannot act on: one error naming the pass and the option.
// RUN: not ofex-opt %s --ofex-use-running-stats 2>&1 | FileCheck %s --check-prefix=REQUIRED
// REQUIRED: error: ofex-use-running-stats: the func option is required
// RUN: not ofex-opt %s --ofex-differentiate="func=q.forward" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: ofex-differentiate: no function 'q.forward'
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --ofex-differentiate="func=x loss=huber" 2>&1 | FileCheck %s --check-prefix=LOSS
// LOSS: error: 'func.func' op unknown loss 'huber'
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --ofex-extract-chain="name=x" 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: ofex-extract-chain: 'x' already exists
// RUN: not ofex-opt %s --ofex-extract-chain="name=x rows=-1" 2>&1 | FileCheck %s --check-prefix=ROWS
// ROWS: error: ofex-extract-chain: rows must be >= 0
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --ofex-relax-gate-draws="func=x relax=1.5" 2>&1 | FileCheck %s --check-prefix=RELAX
// RELAX: error: ofex-relax-gate-draws: relax must be in (0, 1]
// RUN: not ofex-opt %s --ofex-keep-functions="names=x" 2>&1 | FileCheck %s --check-prefix=KEEP
// KEEP: error: ofex-keep-functions: no function 'x'
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --ofex-keep-functions="names=x,x" 2>&1 | FileCheck %s --check-prefix=KEEP2
// KEEP2: error: ofex-keep-functions: 'x' is named twice
// RUN: not ofex-opt %s --ofex-build-theta-update="lr=0" 2>&1 | FileCheck %s --check-prefix=THETA
// THETA: error: ofex-build-theta-update: expected lr > 0, tol in [0, 1) and momentum in [0, 1)
// RUN: not ofex-opt %s --ofex-build-theta-update --ofex-build-theta-update 2>&1 | FileCheck %s --check-prefix=THETA2
// THETA2: error: ofex-build-theta-update: 'theta.update' already exists
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --ofex-append-running-stat-updates="func=y" 2>&1 | FileCheck %s --check-prefix=STATS
// STATS: error: ofex-append-running-stat-updates: no function 'y'
// RUN: not ofex-opt %s --ofex-append-adam="func=y" 2>&1 | FileCheck %s --check-prefix=ADAM
// ADAM: error: ofex-append-adam: no function 'y'
// RUN: not ofex-opt %s --ofex-return-twin-minimum="func=y" 2>&1 | FileCheck %s --check-prefix=TWIN
// TWIN: error: ofex-return-twin-minimum: no function 'y'
// RUN: not ofex-opt %s --ofex-extract-chain="name=x" --lower-ofex-to-dnnl="batch=0" 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH: error: lower-ofex-to-dnnl: rows must be positive

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
