//===- Png.cpp - A minimal PNG encoder over zlib --------------------------===//
//
// Three chunks are enough: IHDR, one IDAT with filter type 0 on every row,
// IEND. zlib is already a dependency of the build, libpng would be a new one.
//
//===----------------------------------------------------------------------===//
#include "Png.h"

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <zlib.h>

namespace ofex::envtool {
namespace {

void put32(std::vector<unsigned char> &out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<unsigned char>(v >> shift));
}

void chunk(std::vector<unsigned char> &out, const char type[4],
           const std::vector<unsigned char> &body) {
  put32(out, static_cast<std::uint32_t>(body.size()));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), body.begin(), body.end());
  uLong crc =
      crc32(0L, out.data() + start, static_cast<uInt>(out.size() - start));
  put32(out, static_cast<std::uint32_t>(crc));
}

} // namespace

void writePng(const std::string &path, int width, int height,
              const std::vector<unsigned char> &rgb) {
  const std::size_t stride = static_cast<std::size_t>(width) * 3;
  std::vector<unsigned char> raw;
  raw.reserve((stride + 1) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0); // filter: none
    const unsigned char *row =
        rgb.data() + stride * static_cast<std::size_t>(y);
    raw.insert(raw.end(), row, row + stride);
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<unsigned char> packed(packed_size);
  if (compress2(packed.data(), &packed_size, raw.data(),
                static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw std::runtime_error("cannot compress image for '" + path + "'");
  packed.resize(packed_size);

  std::vector<unsigned char> header;
  put32(header, static_cast<std::uint32_t>(width));
  put32(header, static_cast<std::uint32_t>(height));
  header.insert(header.end(), {8, 2, 0, 0, 0}); // 8-bit RGB, no interlace

  std::vector<unsigned char> file = {0x89, 'P',  'N',  'G',
                                     '\r', '\n', 0x1a, '\n'};
  chunk(file, "IHDR", header);
  chunk(file, "IDAT", packed);
  chunk(file, "IEND", {});
  std::ofstream os(path, std::ios::binary);
  os.write(reinterpret_cast<const char *>(file.data()),
           static_cast<std::streamsize>(file.size()));
  if (!os)
    throw std::runtime_error("cannot write '" + path + "'");
}

} // namespace ofex::envtool
