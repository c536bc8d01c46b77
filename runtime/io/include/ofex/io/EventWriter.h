//===- EventWriter.h - TensorBoard scalar event files ----------*- C++ -*-===//
//
// Writes the event files TensorBoard reads (it globs a log directory for
// events.out.tfevents.*), without TensorFlow or a protobuf library: each
// record is an Event message, encoded by hand in the protobuf wire format,
// in TFRecord framing (uint64 length, masked CRC-32C of the length, the
// bytes, masked CRC-32C of the bytes; all little-endian). Only what the
// training loop needs is written: the file_version record, scalars
// (Summary.Value.simple_value) and, on a resume, a SessionLog START.
//
// readEvents reads such a file back, checking the framing and both CRCs of
// every record; it is for the tests and ofex's own tools.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_EVENTWRITER_H
#define OFEX_IO_EVENTWRITER_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ofex::io {

/// Seconds since the Unix epoch, with a fraction.
using WallClock = std::function<double()>;

/// The system clock as a WallClock.
double systemWallTime();

struct EventWriterOptions {
  /// Stamps every event and names the file; empty means systemWallTime.
  /// Tests pass a fixed clock to get deterministic bytes.
  WallClock clock;
  /// The file name's last number to start from: the writer takes the first
  /// n >= first_suffix whose file does not exist yet, so it never appends to
  /// or replaces another writer's file.
  unsigned first_suffix = 0;
  /// Set when a run resumes from a checkpoint at this step: a SessionLog
  /// START at this step follows the file_version record. TensorBoard then
  /// drops the events of the directory's earlier files at steps >= it (the
  /// steps logged after the checkpoint by the run that stopped, which the
  /// resumed run logs again), instead of showing both.
  std::optional<std::int64_t> resume_step;
};

class EventWriter {
public:
  /// Creates `dir` if needed and a new file in it named
  /// events.out.tfevents.<seconds, 10 digits>.<hostname>.<pid>.<n> (the
  /// name TensorFlow's writers use; TensorBoard reads a directory's files in
  /// name order, so a later file sorts after an earlier one), then writes
  /// and flushes the Event {wall_time, file_version "brain.Event:2"} (and
  /// the SessionLog START of options.resume_step). Throws std::runtime_error
  /// naming the directory or the file and the system's reason when it
  /// cannot.
  explicit EventWriter(const std::string &dir, EventWriterOptions options = {});
  /// Closes the file; an error doing so is lost (call close() to see it).
  ~EventWriter();
  EventWriter(const EventWriter &) = delete;
  EventWriter &operator=(const EventWriter &) = delete;

  /// Appends Event {wall_time, step, Summary {Value {tag, simple_value}}}.
  /// simple_value is a float: `value` is rounded to the nearest float.
  /// Buffered: reaches the file with flush() (or when 64 KiB are pending).
  /// Throws std::invalid_argument for an empty tag, std::runtime_error
  /// naming the file when a write fails or the writer is closed.
  void scalar(const std::string &tag, std::int64_t step, double value);

  /// Writes the buffered records to the file (to the OS; no fsync: the file
  /// is a log to look at, and a crash can only lose its tail, which a
  /// reader detects as a truncated record). Throws std::runtime_error naming
  /// the file when a write fails.
  void flush();

  /// Flushes and closes; later scalar() calls throw. Throws
  /// std::runtime_error naming the file when the flush or the close fails.
  /// Closing twice does nothing.
  void close();

  const std::string &path() const { return path_; }
  /// The n of the file name.
  unsigned suffix() const { return suffix_; }

private:
  void append(const std::string &event);
  void writeOut(const std::string &bytes);

  WallClock clock_;
  std::string path_;
  unsigned suffix_ = 0;
  int fd_ = -1;
  std::string pending_;
};

/// One Summary.Value with a simple_value, with its Event's stamp.
struct ScalarEvent {
  double wall_time = 0.0;
  std::int64_t step = 0;
  std::string tag;
  float value = 0.0f;
};

/// A SessionLog START event (see EventWriterOptions::resume_step).
struct SessionStart {
  double wall_time = 0.0;
  std::int64_t step = 0;
  /// How many of the file's scalars precede it (0 in ofex's files): a START
  /// drops only the events before it.
  std::size_t scalars_before = 0;
};

struct EventFile {
  /// The file_version of the first record that has one ("" if none does).
  std::string file_version;
  std::vector<ScalarEvent> scalars; ///< in file order
  std::vector<SessionStart> session_starts;
  std::size_t records = 0; ///< every record, including skipped events
};

/// Reads an event file. Events of other kinds (images, graphs, tensor
/// summaries, ...) and unknown fields are skipped. Throws std::runtime_error
/// naming the file and the byte offset of the record when a record is
/// truncated, a CRC does not match, or an Event does not parse.
EventFile readEvents(const std::string &path);

} // namespace ofex::io

#endif // OFEX_IO_EVENTWRITER_H
