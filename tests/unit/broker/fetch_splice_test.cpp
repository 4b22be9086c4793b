// Fetched records leave the broker as spans of its segment files, sent with sendfile(2), not as
// copies: the spans name exactly the bytes a copying read returns, survive the removal of their
// files, and arrive over TCP byte for byte and in request order, flexible versions or not.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/broker_server.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "connectors/broker/log/file_util.h"
#include "connectors/broker/log/log_store.h"
#include "tests/unit/broker/batch_builder.h"
#include "tests/unit/broker/fetch_frames.h"
#include "tests/unit/broker/frame_fuzzer.h"
#include "tests/unit/broker/log_test_util.h"
#include "tests/unit/broker/tcp_client.h"

namespace riffle::broker {
namespace {

using testing::Client;
using testing::SimpleBatch;
using testing::TempDir;

// The bytes a read hands out, spans read back from their files.
std::string Materialize(const ReadRecords& records) {
  std::string out = records.bytes;
  for (const FileSpan& span : records.spans) {
    std::string part(static_cast<size_t>(span.length), '\0');
    EXPECT_EQ(PreadFull(span.fd.get(), part.data(), part.size(), span.offset), span.length);
    out += part;
  }
  return out;
}

class FetchSpliceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Small segments and index steps, so that reads cross segments and start mid-index.
    LogStoreOptions options;
    options.segment_bytes = 16 << 10;
    options.index_interval_bytes = 1024;
    store_ = LogStore::Open(dir_.path() + "/log", options, nullptr);
    std::string message;
    ASSERT_EQ(store_->CreateTopic("t", 2, {}, false, &message), ErrorCode::kNone);
    // Batches of 1 to 40 records of 100-byte values: sizes vary from ~150 B to ~5 KiB.
    for (int i = 0; i < 120; ++i) {
      ASSERT_EQ(store_->Append("t", i % 2, SimpleBatch(1 + i % 40, 1000 + i, {}, 100), 0).error,
                ErrorCode::kNone);
    }
  }

  int64_t LogEnd(int32_t partition) {
    int64_t start = 0, end = 0;
    EXPECT_EQ(store_->Offsets("t", partition, &start, &end), ErrorCode::kNone);
    return end;
  }

  TempDir dir_;
  std::unique_ptr<LogStore> store_;
};

TEST_F(FetchSpliceTest, SpansNameTheBytesACopyingReadReturns) {
  bool several_segments = false;
  for (int64_t offset = 0; offset <= LogEnd(0); offset += 7) {
    for (int32_t max_bytes : {1, 500, 5000, 20000, 1 << 20}) {
      SCOPED_TRACE("offset " + std::to_string(offset) + ", max_bytes " +
                   std::to_string(max_bytes));
      std::string copy;
      ReadResult copied = store_->Read("t", 0, offset, max_bytes, &copy);
      ReadRecords records;
      ReadResult spliced = store_->ReadSpans("t", 0, offset, max_bytes, &records);
      EXPECT_EQ(spliced.error, copied.error);
      EXPECT_EQ(spliced.high_watermark, copied.high_watermark);
      EXPECT_TRUE(records.bytes.empty()) << "a store on files hands out spans";
      EXPECT_EQ(records.size(), static_cast<int64_t>(copy.size()));
      EXPECT_EQ(Materialize(records), copy);
      several_segments = several_segments || records.spans.size() > 1;
    }
  }
  EXPECT_TRUE(several_segments) << "some reads should have crossed a segment boundary";
  ReadRecords past_end;
  EXPECT_EQ(store_->ReadSpans("t", 0, LogEnd(0) + 1, 100, &past_end).error,
            ErrorCode::kOffsetOutOfRange);
  EXPECT_EQ(past_end.size(), 0);
}

TEST_F(FetchSpliceTest, ASpanOutlivesItsTopic) {
  std::string copy;
  ASSERT_EQ(store_->Read("t", 1, 0, 1 << 20, &copy).error, ErrorCode::kNone);
  ReadRecords records;
  ASSERT_EQ(store_->ReadSpans("t", 1, 0, 1 << 20, &records).error, ErrorCode::kNone);
  ASSERT_EQ(store_->DeleteTopic("t"), ErrorCode::kNone);
  EXPECT_EQ(Materialize(records), copy);
}

TEST(WriterSplice, SpansSitBetweenBytesAndTruncateWithThem) {
  TempDir dir;
  std::string error;
  UniqueFd file = OpenReadWrite(dir.path() + "/f", true, &error);
  ASSERT_TRUE(file.valid()) << error;
  ASSERT_TRUE(PwriteFull(file.get(), "xyz", 3, 0));
  auto span = [&](int64_t length) {
    FileSpan s;
    s.fd = UniqueFd(dup(file.get()));
    s.length = length;
    return s;
  };

  std::string bytes;
  std::vector<SplicedSpan> spans;
  Writer w(&bytes, false, &spans);
  ASSERT_TRUE(w.can_splice());
  EXPECT_FALSE(Writer(false).can_splice());
  const Writer::Mark start = w.GetMark();
  w.Raw("ab");
  const Writer::Mark after_ab = w.GetMark();
  w.Splice(span(3));
  w.Splice(span(0));  // Nothing to send: not queued.
  w.Raw("c");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].at, 2u);
  EXPECT_EQ(w.LengthSince(start), 6);
  EXPECT_EQ(w.LengthSince(after_ab), 4);
  w.TruncateTo(after_ab);
  EXPECT_EQ(bytes, "ab");
  EXPECT_TRUE(spans.empty());
}

// A server over the store; the test touches the store only while the server is stopped.
class Served {
 public:
  Served(LogStore& store, const std::string& groups_dir) {
    groups_ = GroupCoordinator::Open(groups_dir, nullptr);
    server_ = std::make_unique<BrokerServer>(BrokerServerOptions{}, store, *groups_, identity_);
    server_->Start();
  }
  ~Served() {
    server_->Stop();
    groups_->Close();
  }
  int port() const { return server_->port(); }

 private:
  BrokerIdentity identity_;
  std::unique_ptr<GroupCoordinator> groups_;
  std::unique_ptr<BrokerServer> server_;
};

TEST_F(FetchSpliceTest, FetchOverTcpCarriesTheLogByteForByte) {
  // What each request must return, read by copying before the server starts.
  struct Case {
    int16_t version;
    int64_t offset;
    int32_t partition_max_bytes;
    int32_t max_bytes;
  };
  // The response limit of the last case leaves 10 bytes after partition 0's first 9000.
  std::string head;
  ASSERT_EQ(store_->Read("t", 0, 0, 9000, &head).error, ErrorCode::kNone);
  const int32_t tight = static_cast<int32_t>(head.size()) + 10;
  const std::vector<Case> cases = {
      {4, 0, 1 << 20, 50 << 20},   // everything, both partitions, many segments
      {12, 3, 1 << 20, 50 << 20},  // flexible: a varint length before the spans
      {11, 17, 6000, 50 << 20},    // partition limits cut mid-log
      {12, 0, 9000, tight},        // the response limit: the second partition gets none
  };
  std::vector<std::vector<std::string>> expected;
  for (const Case& c : cases) {
    std::vector<std::string> parts;
    int64_t budget = c.max_bytes;
    for (int32_t p = 0; p < 2; ++p) {
      std::string copy;
      const int32_t limit = static_cast<int32_t>(std::min<int64_t>(c.partition_max_bytes, budget));
      if (limit > 0 || p == 0) store_->Read("t", p, c.offset, std::max(limit, 1), &copy);
      if (p > 0 && static_cast<int64_t>(copy.size()) > limit) copy.clear();
      budget -= static_cast<int64_t>(copy.size());
      parts.push_back(copy);
    }
    expected.push_back(parts);
  }
  ASSERT_FALSE(expected[0][0].empty());
  ASSERT_TRUE(expected[3][1].empty()) << "the response limit should leave partition 1 out";

  Served served(*store_, dir_.path() + "/groups");
  Client client(served.port());
  ASSERT_TRUE(client.connected());
  // Every request before any answer: responses, spans and all, must come back in order.
  const int16_t fetch = static_cast<int16_t>(ApiKey::kFetch);
  for (size_t i = 0; i < cases.size(); ++i) {
    FetchArgs args;
    args.max_bytes = cases[i].max_bytes;
    for (int32_t p = 0; p < 2; ++p) {
      args.wants.push_back({"t", p, cases[i].offset, cases[i].partition_max_bytes});
    }
    const bool flexible = cases[i].version >= 12;
    ASSERT_TRUE(client.SendFrame(fuzz::RequestFrame(fetch, cases[i].version,
                                                    100 + static_cast<int32_t>(i), flexible,
                                                    FetchFrame(cases[i].version, args))));
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE("request " + std::to_string(i));
    std::optional<std::string> frame = client.ReadFrame();
    ASSERT_TRUE(frame.has_value());
    Reader header(*frame, false);
    EXPECT_EQ(header.Int32(), 100 + static_cast<int32_t>(i));
    if (cases[i].version >= 12) {
      header.set_flexible(true);
      header.SkipTaggedFields();
    }
    FetchOut out = DecodeFetch(cases[i].version, frame->substr(frame->size() - header.remaining()));
    ASSERT_EQ(out.parts.size(), 2u);
    for (size_t p = 0; p < 2; ++p) {
      EXPECT_EQ(out.parts[p].error, 0);
      EXPECT_EQ(out.parts[p].records, expected[i][p]) << "partition " << p;
    }
  }
}

}  // namespace
}  // namespace riffle::broker
