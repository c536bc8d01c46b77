//===- ProgressLine.h - Training progress on stderr
//------------------------===//
//
// On a terminal (isatty): one line rewritten in place with '\r', at most every
// tty_interval_s. Otherwise (a log file, CI): a plain line every
// plain_interval_s. Content: steps, steps/s (since construction), ETA and the
// last evaluation return.
//
//===----------------------------------------------------------------------===//
#ifndef OFEX_IO_PROGRESSLINE_H
#define OFEX_IO_PROGRESSLINE_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

namespace ofex::io {

struct ProgressOptions {
  std::FILE *out = nullptr;       ///< nullptr means stderr
  double plain_interval_s = 30.0; ///< non-TTY: one line per this many seconds
  double tty_interval_s = 0.2;    ///< TTY: redraw at most this often
  std::uint64_t start_step = 0;   ///< resumed runs: rate counts from here
  std::optional<bool> tty;        ///< override isatty (tests)
  std::function<double()> clock;  ///< seconds; default steady_clock
};

/// "step 1200/1000000 (0.1%) | 512.0 steps/s | ETA 0:32:30 | eval 1234.5"
/// (rate <= 0 shows "ETA ?"; no eval yet shows "eval -").
std::string formatProgress(std::uint64_t step, std::uint64_t total_steps,
                           double steps_per_s,
                           std::optional<double> last_eval_return);

class ProgressLine {
public:
  ProgressLine(std::uint64_t total_steps, ProgressOptions options = {});
  ~ProgressLine();
  ProgressLine(const ProgressLine &) = delete;
  ProgressLine &operator=(const ProgressLine &) = delete;

  /// Reports the current step; prints when the interval has passed.
  void update(std::uint64_t step);
  void setEvalReturn(double value) { last_eval_ = value; }
  /// Prints the final state (and ends the TTY line). Called by the destructor
  /// if not called before.
  void finish();

  bool isTty() const { return tty_; }

private:
  double now() const;
  void print(std::uint64_t step, double t);

  std::uint64_t total_;
  ProgressOptions opts_;
  std::FILE *out_;
  bool tty_;
  double start_time_;
  double last_print_;
  std::uint64_t last_step_;
  std::size_t last_width_ = 0;
  bool printed_ = false;
  bool finished_ = false;
  std::optional<double> last_eval_;
};

} // namespace ofex::io

#endif // OFEX_IO_PROGRESSLINE_H
