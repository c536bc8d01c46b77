// Relaxed gate draws (the relaxed theta estimator): ofex.xi carries `relax`,
// the gradient returns the draw beside its dL/dxi (the theta step reads
// which units were relaxed from it), and the lowering hands the fraction to
// dnnl.bernoulli. Without `relax` nothing changes (differentiate.mlir).
// RUN: ofex-opt %s --ofex-extract-chain="name=c.forward" --ofex-relax-gate-draws="func=c.forward relax=0.25" --ofex-differentiate="func=c.forward loss=mse" > %t.mlir
// RUN: FileCheck %s --check-prefix=GRAD --input-file=%t.mlir
// RUN: ofex-opt %t.mlir | FileCheck %s --check-prefix=GRAD
// RUN: ofex-opt %t.mlir --lower-ofex-to-dnnl="batch=4" | FileCheck %s --check-prefix=LOWER
// RUN: ofex-opt %s --ofex-extract-chain="name=c.forward" --ofex-differentiate="func=c.forward loss=mse" | FileCheck %s --check-prefix=PLAIN
// RUN: ofex-opt %s --ofex-extract-chain="name=c.forward" --ofex-relax-gate-draws="func=c.forward relax=0.25" --ofex-differentiate="func=c.forward loss=mse saved-forward=c.fwd" | FileCheck %s --check-prefix=SAVED

// GRAD-LABEL: func.func @c.grad
// GRAD-SAME: {ofex.result = "d:xi:net.l1"}, {{.*}} {ofex.result = "xi:net.l1"}
// GRAD: %[[XI:.*]] = ofex.xi sample %{{.*}} {relax = 2.500000e-01 : f64}
// GRAD: return {{.*}}, %[[XI]], 

// LOWER-LABEL: func.func @c.grad
// LOWER: dnnl.bernoulli %{{.*}} {relax = 2.500000e-01 : f64} : tensor<2xf32>

// PLAIN-LABEL: func.func @c.grad
// PLAIN-NOT: relax
// PLAIN-NOT: "xi:net.l1"
// PLAIN: return

// With a saved forward pass the forward function returns the draw, named by
// its group, and the gradient reads it as an argument of that name.
// SAVED-LABEL: func.func @c.fwd
// SAVED-SAME: {ofex.result = "saved:xi:net.l1"}
// SAVED: ofex.xi sample %{{.*}} {relax = 2.500000e-01 : f64}
// SAVED-LABEL: func.func @c.grad
// SAVED-SAME: {ofex.arg = "saved:xi:net.l1"}
// SAVED-NOT: ofex.xi
// SAVED-NOT: "xi:net.l1"
// SAVED: return

ofex.network @net(%x: tensor<?x3xf32>) -> tensor<?x1xf32> attributes {role = "learn", family = "q"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<3x2xf32>
  %h = ofex.linear %x, %w1 : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %a = ofex.act tanh %h : tensor<?x2xf32>
  %t = ofex.theta "l1" : tensor<2xf32>
  %g = ofex.gate sample %a, %t : tensor<?x2xf32>, tensor<2xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<2x1xf32>
  %y = ofex.linear %g, %w2 : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}

ofex.model @m(%o: tensor<?x3xf32>) {
  %y = ofex.apply @net(%o) : (tensor<?x3xf32>) -> tensor<?x1xf32>
}
