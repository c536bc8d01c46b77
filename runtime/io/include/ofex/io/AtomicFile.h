//===- AtomicFile.h - Replace a file atomically (tmp, fsync, rename) ------===//
//
// Writes go to "<path>.tmp"; commit() flushes, fsyncs, closes, renames it over
// <path> and fsyncs the directory. A writer destroyed without commit() (an
// exception mid-write) removes the tmp file, so <path> keeps its old content.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_ATOMICFILE_H
#define OFEX_IO_ATOMICFILE_H

#include <memory>
#include <ostream>
#include <string>

namespace ofex::io {

class AtomicFileWriter {
public:
  /// Creates/truncates "<path>.tmp"; throws std::runtime_error naming it and
  /// the system's reason when it cannot.
  explicit AtomicFileWriter(std::string path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter &) = delete;
  AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

  /// Buffered binary stream onto the tmp file. A failed write sets badbit;
  /// commit() then refuses.
  std::ostream &stream();

  /// Publishes the file; throws std::runtime_error (and leaves <path> as it
  /// was) if any write, the fsync or the rename failed.
  void commit();

  const std::string &path() const { return path_; }
  const std::string &tmpPath() const { return tmp_path_; }

private:
  class FdBuf;
  void abandon() noexcept;

  std::string path_;
  std::string tmp_path_;
  int fd_ = -1;
  std::unique_ptr<FdBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
};

} // namespace ofex::io

#endif // OFEX_IO_ATOMICFILE_H
