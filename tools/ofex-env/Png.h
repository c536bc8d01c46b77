//===- Png.h - Writing an RGB image as PNG --------------------------------===//
#ifndef OFEX_ENV_PNG_H
#define OFEX_ENV_PNG_H

#include <string>
#include <vector>

namespace ofex::envtool {

/// Writes 8-bit RGB pixels, rows top to bottom, as a PNG file (zlib
/// compression). Throws std::runtime_error naming the file on failure.
void writePng(const std::string &path, int width, int height,
              const std::vector<unsigned char> &rgb);

} // namespace ofex::envtool

#endif // OFEX_ENV_PNG_H
