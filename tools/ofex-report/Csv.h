//===- Csv.h - Numeric CSV tables with a header row -----------------------===//
#ifndef OFEX_REPORT_CSV_H
#define OFEX_REPORT_CSV_H

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ToolMain.h"

namespace ofex::report {

/// Bad input (a missing or malformed file): one line, exit status 2.
struct InputError : tool::UsageError {
  using tool::UsageError::UsageError;
};

/// A CSV file of numbers under a header row; `nan` (and `inf`) are allowed.
struct Table {
  std::string path;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  /// The index of column `name`; the reader checked required columns exist.
  std::size_t index(const std::string &name) const;
  /// Every row's value of column `name`.
  std::vector<double> column(const std::string &name) const;
};

/// Reads `path`; throws InputError naming the file when it cannot be read,
/// has no header, lacks one of `required`, or a row has the wrong number of
/// fields or a field that is not a number.
Table readCsv(const std::filesystem::path &path,
              const std::vector<std::string> &required);

/// Like readCsv, but a file that does not exist gives no table.
std::optional<Table> readOptionalCsv(const std::filesystem::path &path,
                                     const std::vector<std::string> &required);

} // namespace ofex::report

#endif // OFEX_REPORT_CSV_H
