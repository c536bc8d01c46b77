//===- Csv.cpp - Numeric CSV tables with a header row ---------------------===//
#include "Csv.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>

namespace ofex::report {
namespace {

std::string trim(const std::string &s) {
  const char *space = " \t\r";
  std::size_t b = s.find_first_not_of(space);
  if (b == std::string::npos)
    return "";
  return s.substr(b, s.find_last_not_of(space) - b + 1);
}

std::vector<std::string> splitFields(const std::string &line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string::npos)
      return fields;
    start = comma + 1;
  }
}

/// The whole field as a number (strtod also reads nan and inf), or nothing.
std::optional<double> parseNumber(const std::string &field) {
  if (field.empty())
    return std::nullopt;
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(field.c_str(), &end);
  if (end != field.c_str() + field.size())
    return std::nullopt;
  return v;
}

} // namespace

std::size_t Table::index(const std::string &name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end())
    throw InputError(path + ": no column '" + name + "'");
  return static_cast<std::size_t>(it - columns.begin());
}

std::vector<double> Table::column(const std::string &name) const {
  std::size_t i = index(name);
  std::vector<double> values;
  values.reserve(rows.size());
  for (const auto &row : rows)
    values.push_back(row[i]);
  return values;
}

Table readCsv(const std::filesystem::path &path,
              const std::vector<std::string> &required) {
  Table table;
  table.path = path.string();
  std::error_code ec;
  if (std::filesystem::exists(path, ec) &&
      !std::filesystem::is_regular_file(path, ec))
    throw InputError(table.path + ": not a regular file");
  std::ifstream in(path);
  if (!in)
    throw InputError(table.path + ": cannot read the file");
  std::string line;
  std::size_t lineNo = 0;
  bool haveHeader = false;
  while (std::getline(in, line)) {
    ++lineNo;
    if (trim(line).empty())
      continue;
    std::vector<std::string> fields = splitFields(line);
    if (!haveHeader) {
      table.columns = fields;
      haveHeader = true;
      for (const std::string &name : required)
        if (std::find(fields.begin(), fields.end(), name) == fields.end())
          throw InputError(table.path + ": header lacks the column '" + name +
                           "'");
      continue;
    }
    if (fields.size() != table.columns.size())
      throw InputError(table.path + ": line " + std::to_string(lineNo) +
                       " has " + std::to_string(fields.size()) +
                       " fields, the header " +
                       std::to_string(table.columns.size()));
    std::vector<double> row;
    row.reserve(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::optional<double> v = parseNumber(fields[i]);
      if (!v)
        throw InputError(table.path + ": line " + std::to_string(lineNo) +
                         ", column '" + table.columns[i] + "': not a number '" +
                         fields[i] + "'");
      row.push_back(*v);
    }
    table.rows.push_back(std::move(row));
  }
  if (in.bad())
    throw InputError(table.path + ": cannot read the file");
  if (!haveHeader)
    throw InputError(table.path + ": empty file, expected a header row");
  return table;
}

std::optional<Table> readOptionalCsv(const std::filesystem::path &path,
                                     const std::vector<std::string> &required) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return std::nullopt;
  return readCsv(path, required);
}

} // namespace ofex::report
