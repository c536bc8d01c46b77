//===- RunningStats.h - batch normalization's two modes ---------*- C++ -*-===//
//
// A batch normalization with running statistics (ofex.stat mean and var)
// runs in one of two modes per compiled function. Training graphs normalise
// with the batch's statistics and move the running ones towards them;
// functions that act or read features normalise with the running statistics,
// so one observation is normalised as the batches it was trained on were.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRANSFORMS_RUNNINGSTATS_H
#define OFEX_TRANSFORMS_RUNNINGSTATS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace ofex {

/// The momentum of the reference code's batch normalization (Keras' default:
/// the running statistics keep 0.99 of themselves per update). The running
/// variance is the unbiased one, as PyTorch's; at batch 256 the two differ by
/// a factor 256/255.
inline constexpr double kDefaultStatsMomentum = 0.01;

/// Makes every batch normalization of `f` with running statistics normalise
/// with them (`inference`). Returns how many it changed.
unsigned useRunningStats(mlir::func::FuncOp f);

/// Inserts, after every batch normalization of `f` that normalises with the
/// batch's statistics and keeps running ones, an ofex.update_stats of its
/// input into those statistics. Returns how many it inserted; fails (with a
/// diagnostic) on running statistics that are not ofex.stat values.
mlir::FailureOr<unsigned> appendRunningStatUpdates(mlir::func::FuncOp f,
                                                   double momentum);

} // namespace ofex

#endif // OFEX_TRANSFORMS_RUNNINGSTATS_H
