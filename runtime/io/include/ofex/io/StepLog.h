//===- StepLog.h - a step-keyed CSV log mirrored to TensorBoard -*- C++ -*-===//
//
// Every log of a run is keyed by its step: one CSV row per record, and, when
// the run writes TensorBoard events, the same values as scalars tagged
// `<prefix>/<column>` at that step (SB3's keyed logger in one small piece:
// the column names are declared once, in the header).
//
//===----------------------------------------------------------------------===//

#ifndef OFEX_IO_STEPLOG_H
#define OFEX_IO_STEPLOG_H

#include "ofex/io/CsvWriter.h"
#include "ofex/io/EventWriter.h"

#include <string>
#include <vector>

namespace ofex::io {

class StepLog {
public:
  /// `header[0]` is the step column. `events` (may be null: CSV only) must
  /// outlive the log.
  StepLog(const std::string &path, std::vector<std::string> header,
          EventWriter *events, std::string prefix);

  /// Appends `values` (values[0] the step) to the CSV and, as scalars, to
  /// the events. NaN cells (no value yet, e.g. a loss before the first
  /// update) are written to the CSV but not as scalars.
  void writeRow(const std::vector<double> &values);
  /// Mirrors later rows to `e` (null: CSV only).
  void mirrorTo(EventWriter *e) { events = e; }

private:
  CsvWriter csv;
  std::vector<std::string> header;
  EventWriter *events;
  std::string prefix;
};

} // namespace ofex::io

#endif // OFEX_IO_STEPLOG_H
