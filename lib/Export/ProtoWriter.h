//===- ProtoWriter.h - a minimal protobuf wire-format encoder ---*- C++ -*-===//
//
// Enough of the protobuf encoding for writing ONNX models: varints, 32-bit
// floats, and length-delimited strings, bytes and nested messages. Each field
// is written as its key (field number << 3 | wire type) and value.
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_LIB_EXPORT_PROTOWRITER_H
#define OFEX_LIB_EXPORT_PROTOWRITER_H

#include <cstdint>
#include <cstring>
#include <string>

namespace ofex {

class ProtoWriter {
public:
  void varint(uint32_t field, uint64_t v) {
    key(field, 0);
    raw(v);
  }
  void f32(uint32_t field, float v) {
    key(field, 5);
    char b[4];
    std::memcpy(b, &v, 4); // little-endian hosts only (x86-64, aarch64)
    out.append(b, 4);
  }
  void bytes(uint32_t field, const std::string &v) {
    key(field, 2);
    raw(v.size());
    out += v;
  }
  void message(uint32_t field, const ProtoWriter &m) { bytes(field, m.out); }
  const std::string &str() const { return out; }

private:
  void key(uint32_t field, uint32_t wire) { raw(uint64_t(field) << 3 | wire); }
  void raw(uint64_t v) {
    while (v >= 0x80) {
      out.push_back(char(v & 0x7f | 0x80));
      v >>= 7;
    }
    out.push_back(char(v));
  }
  std::string out;
};

} // namespace ofex

#endif // OFEX_LIB_EXPORT_PROTOWRITER_H
