//===- AlignedBuffer.h - Zeroed, cache-line aligned byte storage ----------===//
#ifndef OFEX_EXEC_LIB_ALIGNEDBUFFER_H
#define OFEX_EXEC_LIB_ALIGNEDBUFFER_H

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

namespace ofex::exec::detail {

/// Owns `size` zeroed bytes aligned to `Alignment`; empty when size is 0.
template <size_t Alignment = 64> class AlignedBuffer {
public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t size) : size_(size) {
    if (size == 0)
      return;
    data_.reset(static_cast<std::byte *>(
        ::operator new(size, std::align_val_t(Alignment))));
    std::memset(data_.get(), 0, size);
  }

  std::byte *data() const { return data_.get(); }
  size_t size() const { return size_; }

private:
  struct Delete {
    void operator()(std::byte *p) const {
      ::operator delete(p, std::align_val_t(Alignment));
    }
  };
  std::unique_ptr<std::byte[], Delete> data_;
  size_t size_ = 0;
};

} // namespace ofex::exec::detail

#endif // OFEX_EXEC_LIB_ALIGNEDBUFFER_H
