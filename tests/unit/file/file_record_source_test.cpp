#include "connectors/file/file_record_source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "tests/unit/file/file_test_util.h"

namespace riffle::testing {
namespace {

class FileRecordSourceTest : public TempDirTest {
 protected:
  FileSourceOptions Options(const std::string& path) {
    FileSourceOptions o;
    o.path = path;
    o.paths.data_dir = dir_;
    return o;
  }
  // Values of the records one Poll returns.
  static std::vector<std::string> PollValues(FileRecordSource& s, int timeout_ms = 0) {
    std::vector<RawRecord> records;
    s.Poll(records, 1000, timeout_ms);
    std::vector<std::string> values;
    for (const auto& r : records) values.emplace_back(r.value);
    return values;
  }
  using Lines = std::vector<std::string>;
};

TEST_F(FileRecordSourceTest, ReadsEveryLineOnceWithByteOffsets) {
  std::string path = Write("a.json", "{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":3}");
  FileRecordSource s(Options(path));
  std::vector<RawRecord> records;
  ASSERT_EQ(s.Poll(records, 100, 0), 3u);
  EXPECT_EQ(records[0].value, "{\"a\":1}");
  EXPECT_EQ(records[0].offset, 0);
  EXPECT_EQ(records[1].value, "{\"a\":2}");
  EXPECT_EQ(records[1].offset, 9);
  EXPECT_EQ(records[2].value, "{\"a\":3}") << "a last line without a newline is a record";
  EXPECT_TRUE(records[0].key_null);
  EXPECT_GT(records[0].timestamp, 0);
  EXPECT_EQ(s.Positions().at(0), 25);
  EXPECT_TRUE(PollValues(s).empty());
  EXPECT_TRUE(s.AtEnd());
  EXPECT_EQ(s.name(), path);
}

TEST_F(FileRecordSourceTest, RespectsMaxRecordsAndResumesFromAPosition) {
  std::string path = Write("a.csv", "1\n2\n3\n4\n");
  FileRecordSource s(Options(path));
  std::vector<RawRecord> records;
  ASSERT_EQ(s.Poll(records, 2, 0), 2u);
  EXPECT_EQ(s.Positions().at(0), 4);
  FileSourceOptions o = Options(path);
  o.start_offset = 4;
  FileRecordSource resumed(o);
  EXPECT_EQ(PollValues(resumed), (Lines{"3", "4"}));
}

TEST_F(FileRecordSourceTest, HeaderIsReadAndSkipped) {
  std::string path = Write("h.csv", "name,\"id\"\nbob,1\n\"a, \"\"b\"\"\nc\",2\n");
  FileSourceOptions o = Options(path);
  o.csv = true;
  o.header = true;
  FileRecordSource s(o);
  EXPECT_EQ(s.header(), (Lines{"name", "id"}));
  EXPECT_EQ(PollValues(s), (Lines{"bob,1", "\"a, \"\"b\"\"\nc\",2"}));
}

TEST_F(FileRecordSourceTest, ReadsGzipByContent) {
  std::string path = WriteGzip("orders.data", "x,1\ny,2\n");
  FileRecordSource s(Options(path));
  EXPECT_EQ(PollValues(s), (Lines{"x,1", "y,2"}));
  FileSourceOptions o = Options(path);
  o.start_offset = 4;  // uncompressed bytes
  FileRecordSource resumed(o);
  EXPECT_EQ(PollValues(resumed), (Lines{"y,2"}));
  o.follow = true;
  EXPECT_THROW(FileRecordSource followed(o), RiffleError);
}

TEST_F(FileRecordSourceTest, CorruptGzipIsAnError) {
  std::string gz = WriteGzip("c.gz", std::string(100000, 'x'));
  std::string bytes;
  {
    std::ifstream in(gz, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (size_t i = 20; i < bytes.size() - 8; i += 3) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  Write("c.gz", bytes);
  FileRecordSource s(Options(gz));
  std::vector<RawRecord> records;
  EXPECT_THROW(s.Poll(records, 10, 0), RiffleError);
}

TEST_F(FileRecordSourceTest, MissingFileIsAnErrorUnlessFollowed) {
  EXPECT_THROW(FileRecordSource s(Options(Path("nope.csv"))), RiffleError);
  FileSourceOptions o = Options(Path("later.csv"));
  o.follow = true;
  FileRecordSource s(o);
  EXPECT_TRUE(PollValues(s).empty());
  Write("later.csv", "hello\n");
  EXPECT_EQ(PollValues(s, 200), (Lines{"hello"}));
}

TEST_F(FileRecordSourceTest, FollowReadsAppendedLinesButNotHalfLines) {
  std::string path = Write("f.log", "one\n");
  FileSourceOptions o = Options(path);
  o.follow = true;
  FileRecordSource s(o);
  EXPECT_EQ(PollValues(s), (Lines{"one"}));
  Write("f.log", "tw", true);
  EXPECT_TRUE(PollValues(s, 50).empty()) << "a line still being written is not a record";
  EXPECT_TRUE(s.AtEnd());
  Write("f.log", "o\nthree\n", true);
  EXPECT_EQ(PollValues(s, 200), (Lines{"two", "three"}));
  EXPECT_EQ(s.Positions().at(0), 14);
}

TEST_F(FileRecordSourceTest, FollowStartsAtTheEndWhenNotFromTheBeginning) {
  std::string path = Write("f.log", "old\n");
  FileSourceOptions o = Options(path);
  o.follow = true;
  o.from_beginning = false;
  FileRecordSource s(o);
  EXPECT_TRUE(PollValues(s).empty());
  Write("f.log", "new\n", true);
  EXPECT_EQ(PollValues(s, 200), (Lines{"new"}));
}

TEST_F(FileRecordSourceTest, FollowSurvivesRotationByRename) {
  std::string path = Write("app.log", "a\n");
  FileSourceOptions o = Options(path);
  o.follow = true;
  FileRecordSource s(o);
  EXPECT_EQ(PollValues(s), (Lines{"a"}));
  Write("app.log", "b\nlast-without-newline", true);
  ASSERT_EQ(std::rename(path.c_str(), Path("app.log.1").c_str()), 0);
  Write("app.log", "c\n");
  Lines seen;
  for (int i = 0; i < 20 && seen.size() < 3; ++i) {
    for (auto& v : PollValues(s, 50)) seen.push_back(v);
  }
  EXPECT_EQ(seen, (Lines{"b", "last-without-newline", "c"}));
  EXPECT_EQ(s.rotations(), 1);
  EXPECT_EQ(s.Positions().at(0), 2) << "positions restart in the new file";
}

TEST_F(FileRecordSourceTest, FollowRestartsAfterTruncation) {
  std::string path = Write("t.log", "first line\n");
  FileSourceOptions o = Options(path);
  o.follow = true;
  FileRecordSource s(o);
  EXPECT_EQ(PollValues(s), (Lines{"first line"}));
  Write("t.log", "x\n");  // truncated and rewritten, shorter than before
  Lines seen;
  for (int i = 0; i < 10 && seen.empty(); ++i) seen = PollValues(s, 50);
  EXPECT_EQ(seen, (Lines{"x"}));
}

TEST_F(FileRecordSourceTest, LongRecordsSpanReads) {
  std::string big(3 << 20, 'z');
  std::string path = Write("big.txt", big + "\nsmall\n");
  FileRecordSource s(Options(path));
  std::vector<RawRecord> records;
  ASSERT_EQ(s.Poll(records, 10, 0), 2u);
  EXPECT_EQ(records[0].value.size(), big.size());
  EXPECT_EQ(records[1].value, "small");
}

TEST_F(FileRecordSourceTest, RecordsOverTheLimitAreBadAndSkipped) {
  std::string path = Write("a.txt", "a\n" + std::string(300, 'z') + "\nb\n");
  FileSourceOptions o = Options(path);
  o.max_record_bytes = 100;
  FileRecordSource s(o);
  EXPECT_EQ(PollValues(s), (Lines{"a", "b"}));
  std::vector<SourceBadRecord> bad = s.TakeBadRecords();
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].offset, 2);
  EXPECT_NE(bad[0].message.find("longer than MAX_RECORD_BYTES (100)"), std::string::npos)
      << bad[0].message;
  EXPECT_TRUE(s.TakeBadRecords().empty());  // reported once
}

TEST_F(FileRecordSourceTest, AnOverlongRecordIsSkippedWithoutBufferingIt) {
  // Longer than one read (256 KiB): the source stops buffering at the limit and drops the rest up
  // to the newline as it reads it.
  std::string big(5 << 20, 'z');
  std::string path = Write("big.txt", "first\n" + big + "\nlast\n" + big);
  FileSourceOptions o = Options(path);
  o.max_record_bytes = 64 << 10;
  FileRecordSource s(o);
  Lines seen;
  for (int i = 0; i < 50 && !s.AtEnd(); ++i) {
    for (auto& v : PollValues(s)) seen.push_back(v);
  }
  EXPECT_EQ(seen, (Lines{"first", "last"}));
  std::vector<SourceBadRecord> bad = s.TakeBadRecords();
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].offset, 6);
  EXPECT_EQ(bad[1].offset, static_cast<int64_t>(6 + big.size() + 1 + 5));
  EXPECT_EQ(s.Positions().at(0), static_cast<int64_t>(6 + 2 * big.size() + 1 + 5));
}

TEST_F(FileRecordSourceTest, AFollowedLineGrowingPastTheLimitIsSkipped) {
  std::string path = Write("log.txt", "a\n");
  FileSourceOptions o = Options(path);
  o.follow = true;
  o.max_record_bytes = 1000;
  FileRecordSource s(o);
  EXPECT_EQ(PollValues(s), (Lines{"a"}));
  Write("log.txt", std::string(600, 'x'), /*append=*/true);
  EXPECT_TRUE(PollValues(s).empty());  // an incomplete line, within the limit: waited for
  EXPECT_EQ(s.Positions().at(0), 2);
  Write("log.txt", std::string(600, 'x'), /*append=*/true);
  EXPECT_TRUE(PollValues(s).empty());  // past the limit: skipped, to the newline to come
  EXPECT_EQ(s.TakeBadRecords().size(), 1u);
  EXPECT_EQ(s.Positions().at(0), 2);  // a checkpoint never lands inside the skipped record
  Write("log.txt", std::string(600, 'x') + "\nb\n", /*append=*/true);
  EXPECT_EQ(PollValues(s), (Lines{"b"}));
  EXPECT_EQ(s.Positions().at(0), 2 + 1800 + 1 + 2);
}

TEST_F(FileRecordSourceTest, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("pipe").c_str(), 0600), 0);
  try {
    FileRecordSource s(Options(Path("pipe")));
    FAIL() << "a FIFO was opened";
  } catch (const RiffleError& e) {
    EXPECT_NE(e.message().find("FIFO"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace riffle::testing
