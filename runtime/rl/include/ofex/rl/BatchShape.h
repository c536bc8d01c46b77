//===- BatchShape.h - Shape of a row-major float batch
//---------------------===//
#ifndef OFEX_RL_BATCHSHAPE_H
#define OFEX_RL_BATCHSHAPE_H

#include <cstddef>

namespace ofex::rl {

/// A batch of `rows` rows with `cols` floats each, stored row-major.
struct BatchShape {
  std::size_t rows = 0;
  std::size_t cols = 0;

  std::size_t size() const { return rows * cols; }
};

} // namespace ofex::rl

#endif // OFEX_RL_BATCHSHAPE_H
