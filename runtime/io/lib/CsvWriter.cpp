//===- CsvWriter.cpp - Append-only CSV log that survives a resume
//----------===//
#include "ofex/io/CsvWriter.h"

#include "ofex/io/AtomicFile.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace ofex::io {
namespace {

std::runtime_error csvError(const std::string &path, const std::string &why) {
  return std::runtime_error("csv '" + path + "': " + why);
}

std::string quote(const std::string &cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos)
    return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

/// Size of the file up to and including its last '\n' (0 if none).
std::uintmax_t completeLinesSize(const std::string &path, std::uintmax_t size) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw csvError(path, "cannot open for reading");
  constexpr std::uintmax_t kChunk = 4096;
  std::string buf;
  std::uintmax_t end = size;
  while (end > 0) {
    std::uintmax_t begin = end > kChunk ? end - kChunk : 0;
    buf.resize(static_cast<std::size_t>(end - begin));
    in.seekg(static_cast<std::streamoff>(begin));
    if (!in.read(buf.data(), static_cast<std::streamsize>(buf.size())))
      throw csvError(path, "read failed");
    auto nl = buf.rfind('\n');
    if (nl != std::string::npos)
      return begin + nl + 1;
    end = begin;
  }
  return 0;
}

/// Checks the first line of an existing file and cuts a partial last row.
/// Returns false when the file is new or empty (the header must be written).
bool prepareExisting(const std::string &path, const std::string &header) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec))
    return false;
  std::uintmax_t size = fs::file_size(path, ec);
  if (ec)
    throw csvError(path, "cannot stat: " + ec.message());
  std::uintmax_t keep = completeLinesSize(path, size);
  if (keep < size) {
    fs::resize_file(path, keep, ec);
    if (ec)
      throw csvError(path, "cannot cut the partial last row: " + ec.message());
  }
  if (keep == 0)
    return false;
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  if (first != header)
    throw csvError(path, "existing header '" + first +
                             "' differs from the expected '" + header + "'");
  return true;
}

} // namespace

std::string csvLine(const std::vector<std::string> &cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i)
      line += ',';
    line += quote(cells[i]);
  }
  return line;
}

CsvWriter::CsvWriter(std::string path, std::vector<std::string> header)
    : path_(std::move(path)), columns_(header.size()) {
  if (header.empty())
    throw std::invalid_argument("CsvWriter '" + path_ + "': empty header");
  std::string header_line = csvLine(header);
  bool resumed = prepareExisting(path_, header_line);
  out_.open(path_, std::ios::out | std::ios::app);
  if (!out_)
    throw csvError(path_, "cannot open for appending");
  if (!resumed) {
    out_ << header_line << '\n';
    out_.flush();
    if (!out_)
      throw csvError(path_, "write failed");
  }
}

void CsvWriter::writeRow(const std::vector<double> &values) {
  std::vector<std::string> cells;
  cells.reserve(values.size());
  char buf[32];
  for (double v : values) {
    std::snprintf(buf, sizeof(buf), "%.10g", v);
    cells.emplace_back(buf);
  }
  writeRow(cells);
}

void CsvWriter::writeRow(const std::vector<std::string> &cells) {
  if (cells.size() != columns_)
    throw std::invalid_argument(
        "CsvWriter '" + path_ + "': row has " + std::to_string(cells.size()) +
        " cells, header has " + std::to_string(columns_));
  out_ << csvLine(cells) << '\n';
  out_.flush();
  if (!out_)
    throw csvError(path_, "write failed");
}

std::string rowsUpTo(const std::string &path, long long max_step) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path))
      return "";
    throw csvError(path, "cannot open for reading");
  }
  std::string kept, line;
  for (bool header = true; std::getline(in, line); header = false) {
    if (in.eof()) // no final newline: a row cut by a crash
      break;
    if (!header) {
      char *end = nullptr;
      const long long step = std::strtoll(line.c_str(), &end, 10);
      if (end == line.c_str() || (*end != ',' && *end != '\0'))
        throw csvError(path,
                       "a row without a step: '" + line.substr(0, 60) + "'");
      if (step > max_step)
        continue;
    }
    kept += line;
    kept += '\n';
  }
  return kept;
}

void truncateRowsAfter(const std::string &path, long long max_step) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return;
  const std::string kept = rowsUpTo(path, max_step);
  // The kept rows are a subset of the file's lines: the same size is the
  // same text, and the file is left as it is.
  if (kept.size() == std::filesystem::file_size(path, ec) && !ec)
    return;
  AtomicFileWriter w(path);
  w.stream() << kept;
  w.commit();
}

} // namespace ofex::io
