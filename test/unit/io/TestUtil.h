//===- TestUtil.h - Shared helpers for the ofex_io unit tests -------------===//
#ifndef OFEX_TEST_UNIT_IO_TESTUTIL_H
#define OFEX_TEST_UNIT_IO_TESTUTIL_H

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace ofex::io::test {


/// A fresh directory, removed with its content on destruction.
class ScratchDir {
public:
  ScratchDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "ofex-io-XXXXXX").string();
    if (!::mkdtemp(tmpl.data()))
      throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string &name) const {
    return (path_ / name).string();
  }
  const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
};

inline std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

inline void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace ofex::io::test

#endif // OFEX_TEST_UNIT_IO_TESTUTIL_H
