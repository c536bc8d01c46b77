
ofex.network @enc(%x: tensor<?x4xf32>) -> tensor<?x7xf32>
    attributes {role = "deploy", family = "ofe"} {
  %w = ofex.param "l1.w" init("glorot") : tensor<4x3xf32>
  %b = ofex.param "l1.b" init("zeros") : tensor<3xf32>
  %s = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %t = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %h = ofex.linear %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %n = ofex.norm layer %h, %s, %t : tensor<?x3xf32>, tensor<3xf32>
  %m = ofex.norm batch %n, %s, %t : tensor<?x3xf32>, tensor<3xf32>
  %r = ofex.act relu %m : tensor<?x3xf32>
  %u = ofex.act tanh %r : tensor<?x3xf32>
  %i = ofex.act identity %u : tensor<?x3xf32>
  %a = ofex.act swish %i : tensor<?x3xf32>
  %theta = ofex.theta "l1" = [1.0, 0.5, 0.0] : tensor<3xf32>
  %g0 = ofex.gate sample %a, %theta : tensor<?x3xf32>, tensor<3xf32>
  %g1 = ofex.gate expect %g0, %theta : tensor<?x3xf32>, tensor<3xf32>
  %g2 = ofex.gate threshold %g1, %theta : tensor<?x3xf32>, tensor<3xf32>
  %g = ofex.gate fixed %g2, %theta : tensor<?x3xf32>, tensor<3xf32>
  %z = ofex.concat %x, %g : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<?x7xf32>
  ofex.return %z : tensor<?x7xf32>
}

ofex.network @head(%z: tensor<?x7xf32>, %a: tensor<?x2xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
    attributes {role = "learn", family = "q"} {
  %c = ofex.concat %z, %a : (tensor<?x7xf32>, tensor<?x2xf32>) -> tensor<?x9xf32>
  %w = ofex.param "out.w" init("glorot") : tensor<9x1xf32>
  %q = ofex.linear %c, %w : (tensor<?x9xf32>, tensor<9x1xf32>) -> tensor<?x1xf32>
  ofex.return %q, %q : tensor<?x1xf32>, tensor<?x1xf32>
}

ofex.model @agent(%o: tensor<?x4xf32>, %act: tensor<?x2xf32>) {
  %z = ofex.apply @enc(%o) : (tensor<?x4xf32>) -> tensor<?x7xf32>
  %q:2 = ofex.apply @head(%z, %act) : (tensor<?x7xf32>, tensor<?x2xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>)
}

func.func @twin_min(%q1: tensor<?x1xf32>, %q2: tensor<?x1xf32>) -> (tensor<?x1xf32>, tensor<?x1xf32>) {
  %m = ofex.min %q1, %q2 : tensor<?x1xf32>
  %c = ofex.compare le %q1, %q2 : tensor<?x1xf32>
  %d = ofex.act_grad relu from_result %q1, %q2 : tensor<?x1xf32>
  return %m, %c : tensor<?x1xf32>, tensor<?x1xf32>
}

ofex.network @bn(%x: tensor<?x3xf32>) -> tensor<?x3xf32>
    attributes {role = "deploy", family = "ofe"} {
  %s = ofex.param "l1.gamma" init("ones") : tensor<3xf32>
  %t = ofex.param "l1.beta" init("zeros") : tensor<3xf32>
  %m = ofex.stat "l1.mean" init("zeros") : tensor<3xf32>
  %v = ofex.stat "l1.var" init("ones") : tensor<3xf32>
  %n = ofex.norm batch %x, %s, %t running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  %e = ofex.norm batch inference %n, %s, %t running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  ofex.return %e : tensor<?x3xf32>
}

func.func @bn_training(%x: tensor<?x3xf32>, %dy: tensor<?x3xf32>, %s: tensor<3xf32>) -> tensor<?x3xf32> {
  %m = ofex.stat "bn.l1.mean" init("zeros") : tensor<3xf32>
  %v = ofex.stat "bn.l1.var" init("ones") : tensor<3xf32>
  ofex.update_stats %x into "bn.l1.mean", "bn.l1.var" {momentum = 0.01 : f64} : tensor<?x3xf32>
  %dx, %ds, %db = ofex.norm_grad batch inference %x, %s, %dy running(%m, %v : tensor<3xf32>, tensor<3xf32>) : tensor<?x3xf32>, tensor<3xf32>
  return %dx : tensor<?x3xf32>
}