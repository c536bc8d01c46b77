//===- ProgressLineTest.cpp - Progress formatting and pacing
//---------------===//
#include "ofex/io/ProgressLine.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

using namespace ofex::io;

namespace {

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};

std::string contents(std::FILE *f) {
  std::fflush(f);
  std::rewind(f);
  std::string s;
  int c;
  while ((c = std::fgetc(f)) != EOF)
    s += static_cast<char>(c);
  return s;
}

int count(const std::string &s, char c) {
  int n = 0;
  for (char x : s)
    n += x == c;
  return n;
}

} // namespace

TEST(ProgressLine, FormatsStepsRateEtaAndEval) {
  EXPECT_EQ(formatProgress(1200, 1000000, 512.0, 1234.5),
            "step 1200/1000000 (0.1%) | 512.0 steps/s | ETA 0:32:31 | "
            "eval 1234.5");
  EXPECT_EQ(formatProgress(0, 10, 0.0, std::nullopt),
            "step 0/10 (0.0%) | 0.0 steps/s | ETA ? | eval -");
}

TEST(ProgressLine, PlainLinesEveryIntervalWhenNotATty) {
  std::unique_ptr<std::FILE, FileCloser> f(std::tmpfile());
  double t = 0.0;
  ProgressOptions o;
  o.out = f.get();
  o.tty = false;
  o.plain_interval_s = 10.0;
  o.clock = [&t] { return t; };
  {
    ProgressLine p(1000, o);
    for (int step = 1; step <= 100; ++step) {
      t = step * 0.5; // 2 steps/s, 50 s in all
      p.update(step);
    }
    p.setEvalReturn(7.0);
    p.finish();
  }
  std::string out = contents(f.get());
  EXPECT_EQ(count(out, '\r'), 0);
  EXPECT_EQ(count(out, '\n'), 6) << out; // t = 10, 20, 30, 40, 50 + finish
  EXPECT_NE(out.find("step 20/1000 (2.0%) | 2.0 steps/s | ETA 0:08:10"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("eval 7.0\n"), std::string::npos) << out;
}

TEST(ProgressLine, RewritesOneLineOnATty) {
  std::unique_ptr<std::FILE, FileCloser> f(std::tmpfile());
  double t = 0.0;
  ProgressOptions o;
  o.out = f.get();
  o.tty = true;
  o.tty_interval_s = 1.0;
  o.clock = [&t] { return t; };
  {
    ProgressLine p(100, o);
    for (int step = 1; step <= 4; ++step) {
      t = step;
      p.update(step);
    }
  } // the destructor finishes the line
  std::string out = contents(f.get());
  EXPECT_EQ(count(out, '\r'), 5) << out; // 4 updates + finish
  EXPECT_EQ(count(out, '\n'), 1) << out;
  EXPECT_EQ(out.back(), '\n');
}
