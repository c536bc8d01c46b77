//===- ByteCodec.h - Little-endian encode/decode with bounds checks -------===//
#ifndef OFEX_IO_BYTECODEC_H
#define OFEX_IO_BYTECODEC_H

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ofex_io's file formats are little-endian and read/written raw"
#endif

namespace ofex::io::detail {

/// Appends raw little-endian values to a byte string.
class ByteWriter {
public:
  explicit ByteWriter(std::string &out) : out_(out) {}

  template <typename T> void put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.append(reinterpret_cast<const char *>(&value), sizeof(T));
  }
  void putBytes(const void *data, std::size_t size) {
    out_.append(static_cast<const char *>(data), size);
  }
  void putString(const std::string &s) {
    put<std::uint64_t>(s.size());
    putBytes(s.data(), s.size());
  }

private:
  std::string &out_;
};

/// Reads values back; throws std::runtime_error("<what> truncated ...") when
/// fewer bytes remain than a read needs.
class ByteReader {
public:
  ByteReader(const char *data, std::size_t size, std::string what)
      : data_(data), size_(size), what_(std::move(what)) {}

  template <typename T> T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }
  const char *take(std::size_t n) {
    if (n > size_ - pos_)
      throw std::runtime_error(what_ + " truncated: needs " +
                               std::to_string(n) + " bytes at offset " +
                               std::to_string(pos_) + ", " +
                               std::to_string(size_ - pos_) + " left");
    const char *p = data_ + pos_;
    pos_ += n;
    return p;
  }
  std::string getString() {
    auto n = get<std::uint64_t>();
    return std::string(take(static_cast<std::size_t>(n)), n);
  }
  std::size_t remaining() const { return size_ - pos_; }

private:
  const char *data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::string what_;
};

} // namespace ofex::io::detail

#endif // OFEX_IO_BYTECODEC_H
