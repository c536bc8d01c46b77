//===- CheckpointBytes.h - doubles as checkpoint strings ---------*- C++
//-*-===//
//
// A checkpoint holds float arrays; values that must come back bit for bit in
// double precision (returns, running sums) are kept as their bytes.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_TRAIN_LIB_CHECKPOINTBYTES_H
#define OFEX_TRAIN_LIB_CHECKPOINTBYTES_H

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace ofex::train {

inline std::string bytesOf(const void *p, size_t n) {
  if (n == 0) // p may be an empty vector's null data()
    return {};
  return std::string(static_cast<const char *>(p), n);
}

inline std::string doublesBytes(const std::vector<double> &v) {
  return bytesOf(v.data(), v.size() * sizeof(double));
}

inline std::vector<double> doublesOf(const std::string &bytes) {
  std::vector<double> v(bytes.size() / sizeof(double));
  if (!v.empty())
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(double));
  return v;
}

inline double doubleOf(const std::string &bytes) {
  double v = 0;
  std::memcpy(&v, bytes.data(), std::min(bytes.size(), sizeof v));
  return v;
}

} // namespace ofex::train

#endif // OFEX_TRAIN_LIB_CHECKPOINTBYTES_H
