//===- ProgressLine.cpp - Training progress on stderr
//----------------------===//
#include "ofex/io/ProgressLine.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace ofex::io {
namespace {

std::string formatDuration(double seconds) {
  auto s = static_cast<std::uint64_t>(seconds + 0.5);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%llu:%02llu:%02llu",
                static_cast<unsigned long long>(s / 3600),
                static_cast<unsigned long long>(s / 60 % 60),
                static_cast<unsigned long long>(s % 60));
  return buf;
}

} // namespace

std::string formatProgress(std::uint64_t step, std::uint64_t total_steps,
                           double steps_per_s,
                           std::optional<double> last_eval_return) {
  char buf[160];
  double pct = total_steps ? 100.0 * static_cast<double>(step) /
                                 static_cast<double>(total_steps)
                           : 0.0;
  std::snprintf(buf, sizeof(buf), "step %llu/%llu (%.1f%%) | %.1f steps/s",
                static_cast<unsigned long long>(step),
                static_cast<unsigned long long>(total_steps), pct, steps_per_s);
  std::string line = buf;
  if (steps_per_s > 0.0 && std::isfinite(steps_per_s)) {
    double left = step < total_steps ? double(total_steps - step) : 0.0;
    line += " | ETA " + formatDuration(left / steps_per_s);
  } else {
    line += " | ETA ?";
  }
  if (last_eval_return) {
    std::snprintf(buf, sizeof(buf), " | eval %.1f", *last_eval_return);
    line += buf;
  } else {
    line += " | eval -";
  }
  return line;
}

ProgressLine::ProgressLine(std::uint64_t total_steps, ProgressOptions options)
    : total_(total_steps), opts_(std::move(options)),
      out_(opts_.out ? opts_.out : stderr) {
  if (!(opts_.plain_interval_s > 0.0) || !(opts_.tty_interval_s >= 0.0))
    throw std::invalid_argument(
        "ProgressLine: plain_interval_s must be > 0 and tty_interval_s >= 0");
  tty_ = opts_.tty ? *opts_.tty : ::isatty(::fileno(out_)) != 0;
  start_time_ = now();
  last_print_ = start_time_;
  last_step_ = opts_.start_step;
}

ProgressLine::~ProgressLine() {
  if (!finished_ && printed_)
    finish();
}

double ProgressLine::now() const {
  if (opts_.clock)
    return opts_.clock();
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void ProgressLine::update(std::uint64_t step) {
  last_step_ = step;
  double t = now();
  double interval = tty_ ? opts_.tty_interval_s : opts_.plain_interval_s;
  if (t - last_print_ >= interval)
    print(step, t);
}

void ProgressLine::print(std::uint64_t step, double t) {
  double elapsed = t - start_time_;
  double done = step > opts_.start_step ? double(step - opts_.start_step) : 0.0;
  double rate = elapsed > 0.0 ? done / elapsed : 0.0;
  std::string line = formatProgress(step, total_, rate, last_eval_);
  if (tty_) {
    std::size_t width = line.size();
    if (line.size() < last_width_)
      line.append(last_width_ - line.size(), ' '); // erase the old tail
    last_width_ = width;
    std::fprintf(out_, "\r%s", line.c_str());
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  last_print_ = t;
  printed_ = true;
}

void ProgressLine::finish() {
  if (finished_)
    return;
  finished_ = true;
  print(last_step_, now());
  if (tty_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

} // namespace ofex::io
