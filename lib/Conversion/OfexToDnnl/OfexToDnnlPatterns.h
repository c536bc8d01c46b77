//===- OfexToDnnlPatterns.h - ofex ops to dnnl primitives --------*- C++
//-*-===//
//
// One conversion pattern per ofex op (in the manner of CIRCT's CombToArith),
// for lower-ofex-to-dnnl. The type converter fixes the batch dimension of
// every tensor at a function's row count.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_LIB_CONVERSION_OFEXTODNNL_PATTERNS_H
#define OFEX_LIB_CONVERSION_OFEXTODNNL_PATTERNS_H

#include "mlir/Transforms/DialectConversion.h"

namespace ofex {

/// Tensors with their dynamic (batch) dimension fixed at `rows`.
class BatchTypeConverter : public mlir::TypeConverter {
public:
  explicit BatchTypeConverter(int64_t rows);
};

/// The patterns of every ofex op a training graph holds, and func.return. A
/// linear layer whose only user is an activation, itself only feeding a
/// fixed gate, becomes one matmul with its eltwise post-op and gate row.
void populateOfexToDnnlPatterns(mlir::RewritePatternSet &patterns,
                                mlir::TypeConverter &converter);

} // namespace ofex

#endif // OFEX_LIB_CONVERSION_OFEXTODNNL_PATTERNS_H
