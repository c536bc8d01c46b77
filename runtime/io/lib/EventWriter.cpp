//===- EventWriter.cpp - TensorBoard scalar event files -------------------===//
//
// The protobuf wire format, as far as these messages need it: a field is a
// varint key (field number << 3 | wire type) and a value; wire type 0 is a
// varint, 1 eight little-endian bytes (double), 2 a varint length and that
// many bytes (string, embedded message), 5 four little-endian bytes (float).
// The fields written (numbers from TensorFlow's event.proto and
// summary.proto):
//   Event       1 wall_time double, 2 step int64, 3 file_version string,
//               5 summary Summary, 7 session_log SessionLog
//   Summary     1 value repeated Value
//   Value       1 tag string, 2 simple_value float
//   SessionLog  1 status enum (START = 1)
// As a proto3 serializer does, wall_time and step are left out when zero
// (the reader's default); simple_value is in a oneof, so it is always
// written, zero included.
//
//===----------------------------------------------------------------------===//
#include "ofex/io/EventWriter.h"

#include "ofex/io/Crc32c.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace ofex::io {
namespace {

constexpr const char *kFileVersion = "brain.Event:2";
constexpr std::size_t kFlushThreshold = 64 * 1024;
/// Bytes of a record around its data: length, its CRC, the data's CRC.
constexpr std::size_t kHeaderBytes = 8 + 4;
constexpr std::size_t kFooterBytes = 4;

enum WireType : unsigned {
  kVarint = 0,
  kFixed64 = 1,
  kBytes = 2,
  kFixed32 = 5
};

std::runtime_error fileError(const std::string &path, const std::string &why) {
  return std::runtime_error("events file '" + path + "': " + why);
}

std::runtime_error fileError(const std::string &path, const std::string &why,
                             int err) {
  return fileError(path, why + ": " + std::strerror(err));
}

//===--------------------------------------------------------------------===//
// Encoding
//===--------------------------------------------------------------------===//

void putVarint(std::string &out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

/// `bytes` little-endian bytes of `v`, by shifts: the file's byte order does
/// not depend on the machine's.
void putLittleEndian(std::string &out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void putKey(std::string &out, unsigned field, WireType type) {
  putVarint(out, (static_cast<std::uint64_t>(field) << 3) | type);
}

void putDouble(std::string &out, unsigned field, double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  putKey(out, field, kFixed64);
  putLittleEndian(out, bits, 8);
}

void putFloat(std::string &out, unsigned field, float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  putKey(out, field, kFixed32);
  putLittleEndian(out, bits, 4);
}

void putLengthDelimited(std::string &out, unsigned field,
                        const std::string &bytes) {
  putKey(out, field, kBytes);
  putVarint(out, bytes.size());
  out += bytes;
}

/// Event's wall_time and step, each left out when zero (proto3's default).
std::string eventStamp(double wall_time, std::int64_t step) {
  std::string event;
  std::uint64_t bits;
  std::memcpy(&bits, &wall_time, sizeof bits);
  if (bits != 0)
    putDouble(event, 1, wall_time);
  if (step != 0) {
    // int64 is the varint of its two's complement bits: a negative step
    // takes 10 bytes, as in protobuf.
    putKey(event, 2, kVarint);
    putVarint(event, static_cast<std::uint64_t>(step));
  }
  return event;
}

std::string fileVersionEvent(double wall_time) {
  std::string event = eventStamp(wall_time, 0);
  putLengthDelimited(event, 3, kFileVersion);
  return event;
}

std::string scalarEvent(double wall_time, std::int64_t step,
                        const std::string &tag, float value) {
  std::string summary_value;
  putLengthDelimited(summary_value, 1, tag);
  putFloat(summary_value, 2, value);
  std::string summary;
  putLengthDelimited(summary, 1, summary_value);
  std::string event = eventStamp(wall_time, step);
  putLengthDelimited(event, 5, summary);
  return event;
}

std::string sessionStartEvent(double wall_time, std::int64_t step) {
  std::string session_log;
  putKey(session_log, 1, kVarint);
  putVarint(session_log, 1); // SessionLog.START
  std::string event = eventStamp(wall_time, step);
  putLengthDelimited(event, 7, session_log);
  return event;
}

std::uint32_t maskedCrc(const char *data, std::size_t size) {
  return maskCrc32c(crc32c(data, size));
}

/// TFRecord framing of one record.
std::string frameRecord(const std::string &data) {
  std::string record;
  record.reserve(kHeaderBytes + data.size() + kFooterBytes);
  putLittleEndian(record, data.size(), 8);
  putLittleEndian(record, maskedCrc(record.data(), 8), 4);
  record += data;
  putLittleEndian(record, maskedCrc(data.data(), data.size()), 4);
  return record;
}

std::string hostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0')
    return "localhost";
  return buf;
}

std::string eventFileName(double wall_time, const std::string &host,
                          unsigned suffix) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "events.out.tfevents.%010lld.%s.%ld.%u",
                static_cast<long long>(std::floor(wall_time)), host.c_str(),
                static_cast<long>(::getpid()), suffix);
  return buf;
}

//===--------------------------------------------------------------------===//
// Decoding
//===--------------------------------------------------------------------===//

/// A malformed Event; readEvents adds the file and the record's offset.
struct WireError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::uint64_t getLittleEndian(const unsigned char *p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i)
    v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return v;
}

struct Field {
  unsigned number = 0;
  unsigned type = 0;
  std::uint64_t scalar = 0;            ///< varint, fixed64 or fixed32 value
  const unsigned char *data = nullptr; ///< length-delimited bytes
  std::size_t size = 0;
};

/// Walks the fields of one message.
class FieldReader {
public:
  FieldReader(const unsigned char *data, std::size_t size, const char *message)
      : p_(data), end_(data + size), message_(message) {}

  bool next(Field &f) {
    if (p_ == end_)
      return false;
    const std::uint64_t key = varint();
    f.number = static_cast<unsigned>(key >> 3);
    f.type = static_cast<unsigned>(key & 7);
    if (f.number == 0 || key >> 32)
      fail("invalid field number");
    switch (f.type) {
    case kVarint:
      f.scalar = varint();
      break;
    case kFixed64:
      f.scalar = getLittleEndian(take(8), 8);
      break;
    case kFixed32:
      f.scalar = getLittleEndian(take(4), 4);
      break;
    case kBytes: {
      const std::uint64_t n = varint();
      if (n > static_cast<std::uint64_t>(end_ - p_))
        fail("field " + std::to_string(f.number) + " has length " +
             std::to_string(n) + ", " + std::to_string(end_ - p_) +
             " bytes left");
      f.size = static_cast<std::size_t>(n);
      f.data = take(f.size);
      break;
    }
    default: // 3 and 4 (groups) are not in these messages; 6 and 7 invalid
      fail("field " + std::to_string(f.number) + " has wire type " +
           std::to_string(f.type));
    }
    return true;
  }

  /// Throws unless `f` has wire type `type` (a known field of another type
  /// means the bytes are not the message we think).
  void expect(const Field &f, WireType type) const {
    if (f.type != type)
      fail("field " + std::to_string(f.number) + " has wire type " +
           std::to_string(f.type) + ", expected " + std::to_string(type));
  }

  [[noreturn]] void fail(const std::string &why) const {
    throw WireError(std::string(message_) + ": " + why);
  }

private:
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_)
        fail("truncated varint");
      const unsigned char b = *p_++;
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80))
        return v;
    }
    fail("varint longer than 10 bytes");
  }

  const unsigned char *take(std::size_t n) {
    if (n > static_cast<std::size_t>(end_ - p_))
      fail("truncated field");
    const unsigned char *at = p_;
    p_ += n;
    return at;
  }

  const unsigned char *p_;
  const unsigned char *end_;
  const char *message_;
};

double asDouble(std::uint64_t bits) {
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

float asFloat(std::uint64_t bits) {
  const auto b32 = static_cast<std::uint32_t>(bits);
  float v;
  std::memcpy(&v, &b32, sizeof v);
  return v;
}

/// Appends the simple_value entries of one Summary to `values` (tag and
/// value; the stamp comes from the Event).
void parseSummary(const unsigned char *data, std::size_t size,
                  std::vector<ScalarEvent> &values) {
  FieldReader summary(data, size, "Summary");
  Field f;
  while (summary.next(f)) {
    if (f.number != 1)
      continue;
    summary.expect(f, kBytes);
    FieldReader value(f.data, f.size, "Summary.Value");
    ScalarEvent scalar;
    bool simple = false;
    Field g;
    while (value.next(g)) {
      if (g.number == 1) {
        value.expect(g, kBytes);
        scalar.tag.assign(reinterpret_cast<const char *>(g.data), g.size);
      } else if (g.number == 2) {
        value.expect(g, kFixed32);
        scalar.value = asFloat(g.scalar);
        simple = true;
      }
    }
    if (simple) // other kinds of value (images, tensors, ...) are skipped
      values.push_back(std::move(scalar));
  }
}

/// Parses one Event into `file`.
void parseEvent(const unsigned char *data, std::size_t size, EventFile &file) {
  FieldReader event(data, size, "Event");
  double wall_time = 0.0;
  std::int64_t step = 0;
  std::vector<ScalarEvent> values;
  bool start = false;
  Field f;
  while (event.next(f)) {
    switch (f.number) {
    case 1:
      event.expect(f, kFixed64);
      wall_time = asDouble(f.scalar);
      break;
    case 2:
      event.expect(f, kVarint);
      step = static_cast<std::int64_t>(f.scalar);
      break;
    case 3:
      event.expect(f, kBytes);
      if (file.file_version.empty())
        file.file_version.assign(reinterpret_cast<const char *>(f.data),
                                 f.size);
      break;
    case 5:
      event.expect(f, kBytes);
      parseSummary(f.data, f.size, values);
      break;
    case 7: {
      event.expect(f, kBytes);
      FieldReader log(f.data, f.size, "SessionLog");
      Field g;
      while (log.next(g))
        if (g.number == 1) {
          log.expect(g, kVarint);
          start = g.scalar == 1;
        }
      break;
    }
    default:
      break;
    }
  }
  // The stamp may follow the summary in the bytes: applied once all is read.
  if (start)
    file.session_starts.push_back({wall_time, step, file.scalars.size()});
  for (ScalarEvent &v : values) {
    v.wall_time = wall_time;
    v.step = step;
    file.scalars.push_back(std::move(v));
  }
}

std::string hex(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

} // namespace

double systemWallTime() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

EventWriter::EventWriter(const std::string &dir, EventWriterOptions options)
    : clock_(options.clock ? std::move(options.clock)
                           : WallClock(systemWallTime)) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw std::runtime_error("events directory '" + dir +
                             "': cannot create: " + ec.message());
  const double now = clock_();
  if (!std::isfinite(now))
    throw std::invalid_argument("EventWriter: the clock's time is not finite");
  const std::string host = hostName();
  // O_EXCL: an existing file (another writer's, or a stopped run's) is
  // never reopened, so the first n free at creation time is taken.
  for (unsigned n = options.first_suffix;; ++n) {
    path_ = (std::filesystem::path(dir) / eventFileName(now, host, n)).string();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
      suffix_ = n;
      break;
    }
    if (errno != EEXIST || n == std::numeric_limits<unsigned>::max())
      throw fileError(path_, "cannot create", errno);
  }
  try {
    append(fileVersionEvent(now));
    if (options.resume_step)
      append(sessionStartEvent(now, *options.resume_step));
    flush();
  } catch (...) {
    // No object, so no destructor: close here, and drop the partial file.
    ::close(fd_);
    fd_ = -1;
    ::unlink(path_.c_str());
    throw;
  }
}

EventWriter::~EventWriter() {
  try {
    close();
  } catch (const std::exception &) {
    // Documented: the destructor cannot report; close() can.
  }
}

void EventWriter::scalar(const std::string &tag, std::int64_t step,
                         double value) {
  if (tag.empty())
    throw std::invalid_argument("EventWriter '" + path_ + "': empty tag");
  append(scalarEvent(clock_(), step, tag, static_cast<float>(value)));
}

void EventWriter::append(const std::string &event) {
  if (fd_ < 0)
    throw fileError(path_, "written after close");
  pending_ += frameRecord(event);
  if (pending_.size() >= kFlushThreshold)
    flush();
}

void EventWriter::flush() {
  if (fd_ < 0)
    return;
  // What was written leaves the buffer at once, so a flush retried after an
  // error continues where the failed one stopped instead of writing a
  // record's bytes twice.
  while (!pending_.empty()) {
    const ssize_t n = ::write(fd_, pending_.data(), pending_.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      throw fileError(path_, "write failed", errno);
    }
    pending_.erase(0, static_cast<std::size_t>(n));
  }
}

void EventWriter::close() {
  if (fd_ < 0)
    return;
  std::string flush_error;
  try {
    flush();
  } catch (const std::runtime_error &e) {
    flush_error = e.what();
  }
  const int rc = ::close(fd_);
  const int err = errno;
  fd_ = -1;
  pending_.clear();
  if (!flush_error.empty())
    throw std::runtime_error(flush_error);
  if (rc != 0)
    throw fileError(path_, "close failed", err);
}

EventFile readEvents(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw fileError(path, "cannot open for reading", errno);
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  if (in.bad())
    throw fileError(path, "read failed");
  const auto *base = reinterpret_cast<const unsigned char *>(bytes.data());
  EventFile file;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    auto corrupt = [&](const std::string &why) {
      return fileError(path, "record at byte offset " + std::to_string(pos) +
                                 ": " + why);
    };
    const std::size_t left = bytes.size() - pos;
    if (left < kHeaderBytes)
      throw corrupt("truncated header (" + std::to_string(left) + " of " +
                    std::to_string(kHeaderBytes) + " bytes)");
    const std::uint64_t length = getLittleEndian(base + pos, 8);
    const auto length_crc =
        static_cast<std::uint32_t>(getLittleEndian(base + pos + 8, 4));
    const std::uint32_t length_computed = maskedCrc(bytes.data() + pos, 8);
    if (length_crc != length_computed)
      throw corrupt("length CRC mismatch (stored " + hex(length_crc) +
                    ", computed " + hex(length_computed) + ")");
    if (length > left - kHeaderBytes ||
        left - kHeaderBytes - length < kFooterBytes)
      throw corrupt("truncated: " + std::to_string(length) +
                    " data bytes and a 4-byte CRC announced, " +
                    std::to_string(left - kHeaderBytes) + " bytes left");
    const std::size_t data = pos + kHeaderBytes;
    const auto size = static_cast<std::size_t>(length);
    const auto data_crc =
        static_cast<std::uint32_t>(getLittleEndian(base + data + size, 4));
    const std::uint32_t data_computed = maskedCrc(bytes.data() + data, size);
    if (data_crc != data_computed)
      throw corrupt("data CRC mismatch (stored " + hex(data_crc) +
                    ", computed " + hex(data_computed) + ")");
    try {
      parseEvent(base + data, size, file);
    } catch (const WireError &e) {
      throw corrupt(e.what());
    }
    ++file.records;
    pos = data + size + kFooterBytes;
  }
  return file;
}

} // namespace ofex::io
