//===- EventWriterTest.cpp - TensorBoard event files, CRC-32C, reader -----===//
//
// EventWriter.TensorBoardSample also writes the sample that
// bench/check-tensorboard.sh loads with TensorBoard's own reader: with
// OFEX_EVENTS_OUT=DIR set (DIR new or without event files) it writes its two
// event files and expected.json (the series TensorBoard must show, as this
// library's reader sees them) into DIR instead of a scratch directory.
//
//===----------------------------------------------------------------------===//
#include "ofex/io/EventWriter.h"
#include "TestUtil.h"
#include "ofex/io/Crc32c.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

using namespace ofex::io;
using ofex::io::test::readFile;
using ofex::io::test::ScratchDir;
using ofex::io::test::writeFile;

namespace {

/// A clock that starts at `start` and advances by `tick` on every reading,
/// so each event gets a distinct, predictable wall_time.
WallClock steppingClock(double start, double tick) {
  auto now = std::make_shared<double>(start - tick);
  return [now, tick] { return *now += tick; };
}

EventWriterOptions fixedClock(double t) {
  EventWriterOptions o;
  o.clock = [t] { return t; };
  return o;
}

std::string bytes(std::initializer_list<unsigned char> list) {
  return std::string(list.begin(), list.end());
}

std::vector<std::string> eventFiles(const std::filesystem::path &dir) {
  std::vector<std::string> names;
  for (const auto &entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().rfind("events.out.tfevents.", 0) == 0)
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end()); // TensorBoard's reading order
  return names;
}

std::string what(const std::string &path) {
  try {
    readEvents(path);
  } catch (const std::runtime_error &e) {
    return e.what();
  }
  return "";
}

} // namespace

//===----------------------------------------------------------------------===//
// CRC-32C
//===----------------------------------------------------------------------===//

TEST(Crc32c, CheckValueAndRfc3720Vectors) {
  // The CRC catalogue's check value of CRC-32C.
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(crc32c("", 0), 0u);
  // RFC 3720 (iSCSI), appendix B.4: 32 bytes of 0x00, of 0xFF, 0..31.
  std::string zeros(32, '\0'), ones(32, '\xFF'), ramp(32, '\0');
  for (int i = 0; i < 32; ++i)
    ramp[i] = static_cast<char>(i);
  EXPECT_EQ(crc32c(zeros.data(), 32), 0x8A9136AAu);
  EXPECT_EQ(crc32c(ones.data(), 32), 0x62A8AB43u);
  EXPECT_EQ(crc32c(ramp.data(), 32), 0x46DD794Eu);
}

TEST(Crc32c, ContinuesAcrossCalls) {
  const std::string s = "123456789";
  for (std::size_t cut = 0; cut <= s.size(); ++cut)
    EXPECT_EQ(crc32c(s.data() + cut, s.size() - cut, crc32c(s.data(), cut)),
              0xE3069283u)
        << "split at " << cut;
}

TEST(Crc32c, MaskedValueOfAKnownString) {
  // crc = 0xE3069283; crc >> 15 = 0x0001C60D; crc << 17 (32 bits) =
  // 0x25060000; or-ed: 0x2507C60D; + 0xA282EAD8 = 0xC78AB0E5.
  EXPECT_EQ(maskCrc32c(crc32c("123456789", 9)), 0xC78AB0E5u);
  // The empty string's CRC is 0, which masks to the delta itself.
  EXPECT_EQ(maskCrc32c(crc32c("", 0)), 0xA282EAD8u);
  for (std::uint32_t c : {0u, 1u, 0xE3069283u, 0xFFFFFFFFu, 0x80000000u})
    EXPECT_EQ(unmaskCrc32c(maskCrc32c(c)), c);
}

//===----------------------------------------------------------------------===//
// Bytes on disk
//===----------------------------------------------------------------------===//

TEST(EventWriter, RecordsAreTheHandAssembledBytes) {
  ScratchDir dir;
  std::string path;
  {
    EventWriter w(dir.path().string(), fixedClock(1.5));
    path = w.path();
    w.scalar("loss", 300, 0.25);
  }
  // Every integer of the framing is little-endian; a protobuf key is the
  // varint (field number << 3 | wire type), wire type 0 varint, 1 fixed64,
  // 2 length-delimited, 5 fixed32. The CRCs were computed with a bitwise
  // (table-free) CRC-32C, independent of Crc32c.cpp.
  //
  // Record 1: Event {wall_time 1.5, file_version "brain.Event:2"}; its data
  // is 9 (wall_time) + 2 + 13 (file_version) = 24 bytes.
  const std::string file_version_record =
      bytes({0x18, 0, 0, 0, 0, 0, 0, 0}) + // uint64 data length 24
      bytes({0xA3, 0x7F, 0x4B, 0x22}) +    // masked CRC of the 8 bytes above,
                                           // 0x224B7FA3
      bytes({0x09}) +                      // key: field 1 wall_time, fixed64
      bytes({0, 0, 0, 0, 0, 0, 0xF8, 0x3F}) + // 1.5 = 0x3FF8000000000000
      bytes({0x1A, 0x0D}) +            // key: field 3 file_version, length 13
      "brain.Event:2" +                //
      bytes({0x2A, 0x28, 0x64, 0x6C}); // masked CRC of the 24 data bytes,
                                       // 0x6C64282A
  // Record 2: Event {wall_time 1.5, step 300,
  //                  summary {value {tag "loss", simple_value 0.25}}};
  // its data is 9 (wall_time) + 3 (step) + 2 + 13 (summary) = 27 bytes.
  const std::string scalar_record =
      bytes({0x1B, 0, 0, 0, 0, 0, 0, 0}) + // uint64 data length 27
      bytes({0x1A, 0x0D, 0x9E, 0x13}) +    // masked CRC of the 8 bytes above,
                                           // 0x139E0D1A
      bytes({0x09}) +                      // key: field 1 wall_time, fixed64
      bytes({0, 0, 0, 0, 0, 0, 0xF8, 0x3F}) + // 1.5
      bytes({0x10}) +                         // key: field 2 step, varint
      bytes({0xAC, 0x02}) + // 300 = 0b10'0101100: low 7 bits 0x2C with the
                            // continuation bit (0xAC), then 0b10 (0x02)
      bytes({0x2A, 0x0D}) + // key: field 5 summary, length 13
      bytes({0x0A, 0x0B}) + //   Summary key: field 1 value, length 11
      bytes({0x0A, 0x04}) + //     Value key: field 1 tag, length 4
      "loss" +              //
      bytes({0x15}) +       //     Value key: field 2 simple_value, fixed32
      bytes({0x00, 0x00, 0x80, 0x3E}) + //     0.25f = 0x3E800000
      bytes({0x99, 0x08, 0xDE, 0xED});  // masked CRC of the 27 data bytes,
                                        // 0xEDDE0899
  ASSERT_EQ(file_version_record.size(), 8u + 4u + 24u + 4u);
  ASSERT_EQ(scalar_record.size(), 8u + 4u + 27u + 4u);
  EXPECT_EQ(readFile(path), file_version_record + scalar_record);
}

TEST(EventWriter, FileNameIsTheOneTensorBoardGlobs) {
  ScratchDir dir;
  EventWriter w(dir.path().string(), fixedClock(1700000000.75));
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof host - 1), 0);
  EXPECT_EQ(std::filesystem::path(w.path()).filename().string(),
            "events.out.tfevents.1700000000." + std::string(host) + "." +
                std::to_string(::getpid()) + ".0");
  EXPECT_EQ(std::filesystem::path(w.path()).parent_path(), dir.path());
  // Small times are zero-padded: names sort as the times do.
  EventWriter early(dir.path().string(), fixedClock(42.0));
  EXPECT_NE(early.path().find("events.out.tfevents.0000000042."),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Round trip
//===----------------------------------------------------------------------===//

TEST(EventWriter, ScalarsReadBack) {
  ScratchDir dir;
  EventWriterOptions o;
  o.clock = steppingClock(1700000000.0, 0.5);
  std::string path;
  {
    EventWriter w(dir.path().string(), o); // reads the clock once
    path = w.path();
    w.scalar("eval/return", 0, -12.5);
    w.scalar("eval/return", 5000, 310.75);
    w.scalar("loss/critic", 3000000000LL, 0.1); // > 2^31
    w.scalar("loss/critic", 1LL << 62, -1e-3);  // far beyond
    w.scalar("alpha", 7, 0.0);                  // a zero still counts
    w.scalar("weird tag/ü", -3, 123456789.0);   // rounds to 123456792
    w.flush();
  }
  const EventFile f = readEvents(path);
  EXPECT_EQ(f.file_version, "brain.Event:2");
  EXPECT_EQ(f.records, 7u);
  EXPECT_TRUE(f.session_starts.empty());
  struct Expected {
    const char *tag;
    std::int64_t step;
    float value;
  };
  const std::vector<Expected> expected = {{"eval/return", 0, -12.5f},
                                          {"eval/return", 5000, 310.75f},
                                          {"loss/critic", 3000000000LL, 0.1f},
                                          {"loss/critic", 1LL << 62, -1e-3f},
                                          {"alpha", 7, 0.0f},
                                          {"weird tag/ü", -3, 123456792.0f}};
  ASSERT_EQ(f.scalars.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(f.scalars[i].tag, expected[i].tag);
    EXPECT_EQ(f.scalars[i].step, expected[i].step);
    EXPECT_EQ(f.scalars[i].value, expected[i].value);
    EXPECT_EQ(f.scalars[i].wall_time, 1700000000.5 + 0.5 * i);
  }
  // simple_value is a float: 0.1 comes back as the float nearest to it.
  EXPECT_NE(static_cast<double>(f.scalars[2].value), 0.1);
}

TEST(EventWriter, DestructorFlushes) {
  ScratchDir dir;
  std::string path;
  {
    EventWriter w(dir.path().string(), fixedClock(10.0));
    path = w.path();
    w.scalar("a", 1, 2.0);
    // Buffered until flush(): only the file_version record is on disk.
    EXPECT_EQ(readEvents(path).records, 1u);
  }
  ASSERT_EQ(readEvents(path).scalars.size(), 1u);
}

TEST(EventWriter, ResumeWritesASessionStart) {
  ScratchDir dir;
  EventWriterOptions o = fixedClock(20.0);
  o.resume_step = 10000;
  std::string path;
  {
    EventWriter w(dir.path().string(), o);
    path = w.path();
    w.scalar("eval/return", 10000, 1.0);
  }
  const EventFile f = readEvents(path);
  EXPECT_EQ(f.file_version, "brain.Event:2");
  ASSERT_EQ(f.session_starts.size(), 1u);
  EXPECT_EQ(f.session_starts[0].step, 10000);
  EXPECT_EQ(f.session_starts[0].scalars_before, 0u);
  EXPECT_EQ(f.session_starts[0].wall_time, 20.0);
  EXPECT_EQ(f.scalars.size(), 1u);
}

TEST(EventWriter, NeverReusesAFileName) {
  ScratchDir dir;
  // Same clock, host and pid: only the last number tells the files apart.
  EventWriter a(dir.path().string(), fixedClock(30.0));
  EventWriter b(dir.path().string(), fixedClock(30.0));
  EXPECT_EQ(a.suffix(), 0u);
  EXPECT_EQ(b.suffix(), 1u);
  EXPECT_NE(a.path(), b.path());
  EventWriterOptions o = fixedClock(30.0);
  o.first_suffix = 1; // taken by b: the next free one
  EventWriter c(dir.path().string(), o);
  EXPECT_EQ(c.suffix(), 2u);
  o.first_suffix = 7;
  EventWriter d(dir.path().string(), o);
  EXPECT_EQ(d.suffix(), 7u);
  b.scalar("x", 1, 1.0);
  b.close();
  EXPECT_EQ(readEvents(a.path()).records, 1u); // a's file untouched
  EXPECT_EQ(readEvents(b.path()).scalars.size(), 1u);
}

//===----------------------------------------------------------------------===//
// The reader's checks
//===----------------------------------------------------------------------===//

namespace {

/// A small file of three records; returns its path.
std::string smallFile(const ScratchDir &dir) {
  EventWriter w(dir.path().string(), fixedClock(1.5));
  w.scalar("loss", 300, 0.25);
  w.scalar("eval/return", 5000, -1.0);
  return w.path();
}

} // namespace

TEST(EventReader, DetectsEveryFlippedByte) {
  ScratchDir dir;
  const std::string path = smallFile(dir);
  const std::string good = readFile(path);
  ASSERT_EQ(readEvents(path).scalars.size(), 2u);
  const std::string copy = dir.file("flipped");
  // A changed byte in a length, a CRC or the data: each is covered by a
  // CRC-32C, which catches every error burst up to 32 bits.
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    writeFile(copy, bad);
    EXPECT_THROW(readEvents(copy), std::runtime_error) << "byte " << i;
  }
  // The message names the file and the offset of the broken record: the
  // first record is 40 bytes, the second's data starts at 40 + 12, so byte
  // 60 is in the data of the record at offset 40.
  std::string bad = good;
  bad[60] = static_cast<char>(bad[60] ^ 1);
  writeFile(copy, bad);
  const std::string msg = what(copy);
  EXPECT_NE(msg.find(copy), std::string::npos) << msg;
  EXPECT_NE(msg.find("byte offset 40"), std::string::npos) << msg;
  EXPECT_NE(msg.find("data CRC mismatch"), std::string::npos) << msg;
}

TEST(EventReader, DetectsTruncation) {
  ScratchDir dir;
  const std::string path = smallFile(dir);
  const std::string good = readFile(path);
  // Record ends: 40 (file_version), 83 (loss), then eval/return.
  const std::size_t first = 40, second = 83;
  ASSERT_GT(good.size(), second);
  const std::string copy = dir.file("cut");
  for (std::size_t n = 1; n < good.size(); ++n) {
    writeFile(copy, good.substr(0, n));
    if (n == first || n == second) {
      // Cut between records: a shorter file, not a broken one.
      EXPECT_EQ(readEvents(copy).records, n == first ? 1u : 2u);
      continue;
    }
    const std::string msg = what(copy);
    EXPECT_NE(msg.find("truncated"), std::string::npos) << n << ": " << msg;
    EXPECT_NE(msg.find(copy), std::string::npos) << msg;
  }
  writeFile(copy, good.substr(0, second + 5));
  EXPECT_NE(what(copy).find("record at byte offset 83: truncated header"),
            std::string::npos)
      << what(copy);
}

TEST(EventReader, RejectsAnEventThatDoesNotParse) {
  ScratchDir dir;
  // Well framed, but the data is field 1 with wire type 2 (bytes) where
  // wall_time is a double.
  const std::string data = bytes({0x0A, 0x01, 0x00});
  std::string record;
  const std::string length = bytes({0x03, 0, 0, 0, 0, 0, 0, 0});
  auto le32 = [](std::uint32_t v) {
    return bytes({static_cast<unsigned char>(v),
                  static_cast<unsigned char>(v >> 8),
                  static_cast<unsigned char>(v >> 16),
                  static_cast<unsigned char>(v >> 24)});
  };
  record = length + le32(maskCrc32c(crc32c(length.data(), 8))) + data +
           le32(maskCrc32c(crc32c(data.data(), data.size())));
  const std::string path = dir.file("events.out.tfevents.bad");
  writeFile(path, record);
  const std::string msg = what(path);
  EXPECT_NE(msg.find("byte offset 0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("wire type 2"), std::string::npos) << msg;
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(EventWriter, ErrorsNameTheFile) {
  ScratchDir dir;
  writeFile(dir.file("plain"), "x");
  // A directory that cannot exist: its parent is a regular file.
  const std::string under_file = dir.file("plain/run");
  try {
    EventWriter w(under_file, fixedClock(1.0));
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(under_file), std::string::npos)
        << e.what();
  }
  const std::string missing = dir.file("events.out.tfevents.missing");
  EXPECT_NE(what(missing).find(missing), std::string::npos) << what(missing);

  EventWriter w(dir.path().string(), fixedClock(1.0));
  EXPECT_THROW(w.scalar("", 1, 1.0), std::invalid_argument);
  w.close();
  w.close(); // a second close does nothing
  try {
    w.scalar("a", 1, 1.0);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error &e) {
    EXPECT_NE(std::string(e.what()).find(w.path()), std::string::npos)
        << e.what();
  }
}

//===----------------------------------------------------------------------===//
// The sample bench/check-tensorboard.sh checks
//===----------------------------------------------------------------------===//

namespace {

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v); // round-trips a double
  return buf;
}

} // namespace

TEST(EventWriter, TensorBoardSample) {
  ScratchDir scratch;
  const char *out = std::getenv("OFEX_EVENTS_OUT");
  const std::filesystem::path dir =
      out && *out ? std::filesystem::path(out) : scratch.path();
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(eventFiles(dir).empty())
      << dir << " holds event files already; the sample needs a new dir";

  // A run stopped after step 15000, its last checkpoint at 10000; the
  // resumed run logs from 10000 again, in a second file.
  EventWriterOptions first;
  first.clock = steppingClock(1700000000.0, 1.0);
  {
    EventWriter w(dir.string(), first);
    w.scalar("eval/return", 0, -12.5);
    w.scalar("loss/critic", 2500, 0.1);
    w.scalar("eval/return", 5000, 310.75);
    w.scalar("loss/critic", 7500, -0.0034);
    w.scalar("eval/return", 10000, 1234.5);      // dropped by the resume
    w.scalar("loss/critic", 12500, 123456789.0); // dropped by the resume
    w.scalar("eval/return", 15000, 99.0);        // dropped by the resume
  }
  EventWriterOptions resumed;
  resumed.clock = steppingClock(1700000100.0, 1.0);
  resumed.resume_step = 10000;
  {
    EventWriter w(dir.string(), resumed);
    w.scalar("eval/return", 10000, 1500.25);
    w.scalar("loss/critic", 12500, 2.5);
    w.scalar("eval/return", 15000, 1750.5);
    w.scalar("big/step", 3000000000LL, 1.0);     // > 2^31
    w.scalar("big/step", (1LL << 40) + 1, -2.0); // > 2^40
  }

  // What TensorBoard shows, from this library's reader: the files in name
  // order, each SessionLog START dropping the earlier events at its step
  // and later ones.
  const std::vector<std::string> files = eventFiles(dir);
  ASSERT_EQ(files.size(), 2u);
  std::vector<ScalarEvent> shown;
  for (const std::string &name : files) {
    const EventFile f = readEvents((dir / name).string());
    ASSERT_EQ(f.file_version, "brain.Event:2");
    std::size_t next = 0;
    for (const SessionStart &s : f.session_starts) {
      for (; next < s.scalars_before; ++next)
        shown.push_back(f.scalars[next]);
      shown.erase(std::remove_if(
                      shown.begin(), shown.end(),
                      [&](const ScalarEvent &e) { return e.step >= s.step; }),
                  shown.end());
    }
    shown.insert(shown.end(), f.scalars.begin() + next, f.scalars.end());
  }
  std::map<std::string, std::vector<std::pair<std::int64_t, float>>> series;
  for (const ScalarEvent &e : shown)
    series[e.tag].emplace_back(e.step, e.value);
  using Series = std::vector<std::pair<std::int64_t, float>>;
  EXPECT_EQ(
      series["eval/return"],
      (Series{
          {0, -12.5f}, {5000, 310.75f}, {10000, 1500.25f}, {15000, 1750.5f}}));
  EXPECT_EQ(series["loss/critic"],
            (Series{{2500, 0.1f}, {7500, -0.0034f}, {12500, 2.5f}}));
  EXPECT_EQ(series["big/step"],
            (Series{{3000000000LL, 1.0f}, {(1LL << 40) + 1, -2.0f}}));
  EXPECT_EQ(series.size(), 3u);

  // {"files": [...], "scalars": {tag: [[step, value, wall_time], ...]}}
  std::map<std::string, std::vector<const ScalarEvent *>> by_tag;
  for (const ScalarEvent &e : shown)
    by_tag[e.tag].push_back(&e);
  std::string json = "{\n  \"files\": [";
  for (std::size_t i = 0; i < files.size(); ++i)
    json += (i ? ", " : "") + jsonString(files[i]);
  json += "],\n  \"scalars\": {";
  bool first_tag = true;
  for (const auto &[tag, events] : by_tag) {
    json +=
        std::string(first_tag ? "" : ",") + "\n    " + jsonString(tag) + ": [";
    first_tag = false;
    for (std::size_t i = 0; i < events.size(); ++i)
      json += std::string(i ? ", " : "") + "[" +
              std::to_string(events[i]->step) + ", " +
              number(events[i]->value) + ", " + number(events[i]->wall_time) +
              "]";
    json += "]";
  }
  json += "\n  }\n}\n";
  writeFile((dir / "expected.json").string(), json);
}
