//===- AtomicFile.cpp - Replace a file atomically (tmp, fsync, rename) ----===//
#include "ofex/io/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <streambuf>
#include <vector>

namespace ofex::io {
namespace {

std::runtime_error ioError(const std::string &file, const char *what, int err) {
  return std::runtime_error("atomic write of '" + file + "': " + what + ": " +
                            std::strerror(err));
}

std::string parentDir(const std::string &path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

/// A write-only streambuf over a file descriptor; remembers the first error.
class AtomicFileWriter::FdBuf : public std::streambuf {
public:
  explicit FdBuf(int fd) : fd_(fd), buffer_(1 << 16) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  int error() const { return error_; }

protected:
  int_type overflow(int_type ch) override {
    if (!drain())
      return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

private:
  bool drain() {
    const char *p = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        return false;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return true;
  }

  int fd_;
  int error_ = 0;
  std::vector<char> buffer_;
};

AtomicFileWriter::AtomicFileWriter(std::string path)
    : path_(std::move(path)), tmp_path_(path_ + ".tmp") {
  if (path_.empty())
    throw std::invalid_argument("AtomicFileWriter: empty path");
  fd_ =
      ::open(tmp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw ioError(tmp_path_, "cannot create", errno);
  buf_ = std::make_unique<FdBuf>(fd_);
  stream_ = std::make_unique<std::ostream>(buf_.get());
}

AtomicFileWriter::~AtomicFileWriter() { abandon(); }

std::ostream &AtomicFileWriter::stream() {
  if (!stream_)
    throw std::logic_error("AtomicFileWriter '" + path_ +
                           "': stream() after commit");
  return *stream_;
}

void AtomicFileWriter::abandon() noexcept {
  if (fd_ < 0)
    return;
  ::close(fd_);
  fd_ = -1;
  ::unlink(tmp_path_.c_str());
}

void AtomicFileWriter::commit() {
  if (fd_ < 0)
    throw std::logic_error("AtomicFileWriter '" + path_ +
                           "': commit() called twice");
  stream_->flush();
  if (!*stream_) {
    int err = buf_->error() ? buf_->error() : EIO;
    abandon();
    throw ioError(tmp_path_, "write failed", err);
  }
  if (::fsync(fd_) != 0) {
    int err = errno;
    abandon();
    throw ioError(tmp_path_, "fsync failed", err);
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp_path_.c_str());
    throw ioError(tmp_path_, "close failed", err);
  }
  if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp_path_.c_str());
    throw ioError(path_, "rename failed", err);
  }
  stream_.reset();
  // Make the rename itself durable; failure here does not undo the publish.
  int dir =
      ::open(parentDir(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

} // namespace ofex::io
