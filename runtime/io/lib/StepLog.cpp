//===- StepLog.cpp - a step-keyed CSV log mirrored to TensorBoard ---------===//

#include "ofex/io/StepLog.h"

#include <cmath>
#include <stdexcept>

namespace ofex::io {

StepLog::StepLog(const std::string &path, std::vector<std::string> header,
                 EventWriter *events, std::string prefix)
    : csv(path, header), header(std::move(header)), events(events),
      prefix(std::move(prefix)) {}

void StepLog::writeRow(const std::vector<double> &values) {
  if (values.size() != header.size())
    throw std::logic_error(csv.path() + ": a row of " +
                           std::to_string(values.size()) + " cells for " +
                           std::to_string(header.size()) + " columns");
  csv.writeRow(values);
  if (!events)
    return;
  const auto step = static_cast<std::int64_t>(values[0]);
  for (size_t i = 1; i < values.size(); ++i)
    if (std::isfinite(values[i]))
      events->scalar(prefix + "/" + header[i], step, values[i]);
}

} // namespace ofex::io
