//===- CsvWriter.h - Append-only CSV log that survives a resume
//------------===//
#ifndef OFEX_IO_CSVWRITER_H
#define OFEX_IO_CSVWRITER_H

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

namespace ofex::io {

class CsvWriter {
public:
  /// Opens `path` for appending. A new or empty file gets the header line.
  /// An existing file is kept (resume): its first line must equal the header
  /// (else std::runtime_error naming the file), and a partial last row left
  /// by a crash mid-write (no final newline) is cut off first. Throws
  /// std::runtime_error naming the file when it cannot be opened.
  CsvWriter(std::string path, std::vector<std::string> header);

  /// Appends one row and flushes. Numbers use "%.10g" (integers below 1e10
  /// are exact). The cell count must match the header.
  void writeRow(const std::vector<double> &values);
  /// Cells containing ',', '"' or a newline are quoted ("" escapes '"').
  void writeRow(const std::vector<std::string> &cells);

  std::size_t columns() const { return columns_; }
  const std::string &path() const { return path_; }

private:
  std::string path_;
  std::size_t columns_;
  std::ofstream out_;
};

/// The CSV text of one row, without the newline.
std::string csvLine(const std::vector<std::string> &cells);

/// The text of a step-keyed log cut back to `max_step`: the header and the
/// complete rows whose first cell (an integer step) is <= `max_step` (a
/// partial last row left by a crash is dropped); "" when the file does not
/// exist. Throws std::runtime_error naming the file for a row without an
/// integer step.
std::string rowsUpTo(const std::string &path, long long max_step);

/// Cuts a step-keyed log back to a checkpoint (rowsUpTo, in place): keeps the
/// header and the complete rows whose first cell (an integer step) is <=
/// `max_step`, and drops the rest, including a partial last row. Rewritten
/// atomically; nothing happens when the file does not exist. Throws
/// std::runtime_error naming the file for a row without an integer step.
void truncateRowsAfter(const std::string &path, long long max_step);

} // namespace ofex::io

#endif // OFEX_IO_CSVWRITER_H
