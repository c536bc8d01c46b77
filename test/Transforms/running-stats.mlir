// Batch normalization's two modes in training graphs: the update trains with
// the batch's statistics and moves the running ones (update-stats); every
// other function normalises with the running statistics (running-stats),
// and its adjoint treats them as constants.
// RUN: ofex-opt %s --ofex-extract-chain="name=ofe.forward" --ofex-differentiate="func=ofe.forward loss=mse" --ofex-append-running-stat-updates="func=ofe.grad momentum=0.05" | FileCheck %s --check-prefix=TRAIN
// RUN: ofex-opt %s --ofex-extract-chain="name=feat.forward" --ofex-use-running-stats="func=feat.forward" --ofex-differentiate="func=feat.forward param-grads=0" | FileCheck %s --check-prefix=EVAL
// RUN: ofex-opt %s --ofex-extract-chain="name=ofe.forward" --ofex-differentiate="func=ofe.forward loss=mse" --ofex-append-running-stat-updates="func=ofe.grad" --lower-ofex-to-dnnl="batch=4" | FileCheck %s --check-prefix=DNNL-TRAIN
// RUN: ofex-opt %s --ofex-extract-chain="name=feat.forward" --ofex-use-running-stats="func=feat.forward" --ofex-differentiate="func=feat.forward param-grads=0" --lower-ofex-to-dnnl="batch=4" | FileCheck %s --check-prefix=DNNL-EVAL
// RUN: ofex-opt %s --ofex-extract-chain="name=ofe.forward" --ofex-differentiate="func=ofe.forward loss=mse saved-forward=ofe.fwd" --ofex-append-running-stat-updates="func=ofe.grad" | FileCheck %s --check-prefix=SPLIT

// With a saved forward pass the normalization is repeated in the gradient
// from its saved input (its adjoint is lowered next to the forward that
// computed the statistics), and the update follows it there.
// SPLIT-LABEL: func.func @ofe.fwd
// SPLIT: ofex.norm batch
// SPLIT-NOT: update_stats
// SPLIT-LABEL: func.func @ofe.grad
// SPLIT-SAME: ofex.arg = "saved:
// SPLIT-NOT: ofex.linear
// SPLIT: ofex.norm batch %[[S:[^,]*]],
// SPLIT-NEXT: ofex.update_stats %[[S]] into "enc.l1.mean", "enc.l1.var"
// SPLIT-NOT: ofex.linear
// SPLIT: ofex.norm_grad batch %[[S]],

// The forward chain of the update is pure: no update there.
// TRAIN-LABEL: func.func @ofe.forward
// TRAIN-NOT: update_stats
// TRAIN: ofex.norm batch %{{.*}} running(
// TRAIN-NOT: update_stats
// TRAIN-LABEL: func.func @ofe.grad
// TRAIN: %[[M:.*]] = ofex.stat "enc.l1.mean" init("zeros")
// TRAIN: %[[V:.*]] = ofex.stat "enc.l1.var" init("ones")
// TRAIN: %[[N:.*]] = ofex.norm batch %[[H:[^,]*]], %{{.*}}, %{{.*}} running(%[[M]], %[[V]] :
// TRAIN-NEXT: ofex.update_stats %[[H]] into "enc.l1.mean", "enc.l1.var" {momentum = 5.000000e-02 : f64}
// The adjoint uses the batch's statistics (no inference).
// TRAIN: ofex.norm_grad batch %[[H]], %{{.*}}, %{{.*}} running(%[[M]], %[[V]] :
// TRAIN-NOT: ofex.update_stats
// TRAIN: return

// EVAL-LABEL: func.func @feat.forward
// EVAL: ofex.norm batch inference %{{.*}} running(
// EVAL-LABEL: func.func @feat.grad
// EVAL-NOT: update_stats
// EVAL: ofex.norm batch inference
// EVAL: ofex.norm_grad batch inference
// EVAL-NOT: update_stats
// EVAL: return

// DNNL-TRAIN-LABEL: func.func @ofe.grad
// DNNL-TRAIN: %[[H:.*]] = dnnl.matmul
// DNNL-TRAIN: dnnl.norm "batch" %[[H]], %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>
// DNNL-TRAIN: dnnl.update_stats %[[H]] into "enc.l1.mean", "enc.l1.var" {momentum = 1.000000e-02 : f64} : tensor<4x3xf32>
// DNNL-TRAIN: dnnl.norm_bwd "batch" %[[H]], %{{.*}}, %{{.*}} : tensor<4x3xf32>, tensor<3xf32>

// DNNL-EVAL-LABEL: func.func @feat.grad
// DNNL-EVAL-DAG: %[[M:.*]] = dnnl.state "enc.l1.mean" : tensor<3xf32>
// DNNL-EVAL-DAG: %[[V:.*]] = dnnl.state "enc.l1.var" : tensor<3xf32>
// DNNL-EVAL: dnnl.norm "batch" %{{.*}}, %{{.*}}, %{{.*}} stats(%[[M]], %[[V]] : tensor<3xf32>, tensor<3xf32>) : tensor<4x3xf32>, tensor<3xf32>
// DNNL-EVAL: dnnl.norm_bwd "batch" %{{.*}}, %{{.*}}, %{{.*}} stats(%[[M]], %[[V]] : tensor<3xf32>, tensor<3xf32>) : tensor<4x3xf32>, tensor<3xf32>
// DNNL-EVAL-NOT: update_stats

ofex.network @enc(%x: tensor<?x2xf32>) -> tensor<?x1xf32> attributes {role = "deploy", family = "ofe"} {
  %w1 = ofex.param "l1.w" init("glorot") : tensor<2x3xf32>
  %b1 = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %h1 = ofex.linear %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s1 = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %o1 = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %m1 = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %v1 = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %n1 = ofex.norm batch %h1, %s1, %o1 running(%m1, %v1 : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %a1 = ofex.act swish %n1 : tensor<?x3xf32>
  %w2 = ofex.param "out.w" init("glorot") : tensor<3x1xf32>
  %y = ofex.linear %a1, %w2 : (tensor<?x3xf32>, tensor<3x1xf32>) -> tensor<?x1xf32>
  ofex.return %y : tensor<?x1xf32>
}

ofex.model @m(%o: tensor<?x2xf32>) {
  %y = ofex.apply @enc(%o) : (tensor<?x2xf32>) -> tensor<?x1xf32>
}
