//===- CsvWriterTest.cpp - CSV header once, resume, partial rows ----------===//
#include "ofex/io/CsvWriter.h"
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace ofex::io;
using ofex::io::test::readFile;
using ofex::io::test::ScratchDir;
using ofex::io::test::writeFile;

TEST(CsvWriter, WritesTheHeaderOnceAndAppendsRows) {
  ScratchDir dir;
  std::string path = dir.file("eval.csv");
  {
    CsvWriter w(path, {"step", "return"});
    w.writeRow(std::vector<double>{5000, 123.25});
    // Flushed per row: visible while the writer is still open.
    EXPECT_EQ(readFile(path), "step,return\n5000,123.25\n");
  }
  EXPECT_EQ(readFile(path), "step,return\n5000,123.25\n");
}

TEST(CsvWriter, ResumeKeepsTheFileAndOneHeader) {
  ScratchDir dir;
  std::string path = dir.file("eval.csv");
  {
    CsvWriter w(path, {"step", "return"});
    w.writeRow(std::vector<double>{5000, 1.5});
  }
  {
    CsvWriter w(path, {"step", "return"});
    w.writeRow(std::vector<double>{10000, 2.5});
  }
  EXPECT_EQ(readFile(path), "step,return\n5000,1.5\n10000,2.5\n");
}

TEST(CsvWriter, ResumeCutsAPartialLastRow) {
  ScratchDir dir;
  std::string path = dir.file("eval.csv");
  writeFile(path, "step,return\n5000,1.5\n10000,2."); // crashed mid-row
  {
    CsvWriter w(path, {"step", "return"});
    w.writeRow(std::vector<double>{10000, 2.5});
  }
  EXPECT_EQ(readFile(path), "step,return\n5000,1.5\n10000,2.5\n");
}

TEST(CsvWriter, EmptyExistingFileGetsTheHeader) {
  ScratchDir dir;
  std::string path = dir.file("eval.csv");
  writeFile(path, "");
  CsvWriter w(path, {"a"});
  EXPECT_EQ(readFile(path), "a\n");
}

TEST(CsvWriter, ResumeRefusesADifferentHeader) {
  ScratchDir dir;
  std::string path = dir.file("eval.csv");
  writeFile(path, "step,loss\n1,2\n");
  EXPECT_THROW(CsvWriter(path, {"step", "return"}), std::runtime_error);
  EXPECT_EQ(readFile(path), "step,loss\n1,2\n");
}

TEST(CsvWriter, QuotesCellsAndChecksWidth) {
  ScratchDir dir;
  std::string path = dir.file("log.csv");
  CsvWriter w(path, {"name", "note"});
  w.writeRow(std::vector<std::string>{"a,b", "say \"hi\""});
  EXPECT_EQ(readFile(path), "name,note\n\"a,b\",\"say \"\"hi\"\"\"\n");
  EXPECT_THROW(w.writeRow(std::vector<double>{1.0}), std::invalid_argument);
}

TEST(CsvWriter, UnopenablePathIsNamed) {
  ScratchDir dir;
  std::string path = dir.file("missing/dir/x.csv");
  try {
    CsvWriter w(path, {"a"});
    ADD_FAILURE() << "opened " << path;
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

// A resume cuts the log back to its checkpoint's step: later rows and a
// partial last row go, the header and earlier rows stay byte for byte.
TEST(CsvWriter, TruncateRowsAfterKeepsRowsUpToTheStep) {
  ScratchDir dir;
  std::string path = dir.file("progress.csv");
  writeFile(path, "step,x\n100,1\n200,2\n200,2b\n300,3\n40");
  truncateRowsAfter(path, 200);
  EXPECT_EQ(readFile(path), "step,x\n100,1\n200,2\n200,2b\n");
  truncateRowsAfter(path, 200); // nothing more to cut: unchanged
  EXPECT_EQ(readFile(path), "step,x\n100,1\n200,2\n200,2b\n");
  truncateRowsAfter(path, 0);
  EXPECT_EQ(readFile(path), "step,x\n");
  truncateRowsAfter(dir.file("missing.csv"), 5); // no file: nothing to do
  writeFile(path, "step,x\nabc,1\n");
  EXPECT_THROW(truncateRowsAfter(path, 5), std::runtime_error);
}
