#include "connectors/broker/log/log_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>

#include "batch_builder.h"
#include "connectors/broker/log/background_sync.h"
#include "connectors/broker/log/record_batch.h"
#include "core/common/error.h"
#include "log_test_util.h"

namespace riffle::broker {
namespace {

using testing::BatchOptions;
using testing::BuildBatch;
using testing::SimpleBatch;
using testing::TempDir;
using testing::TestRecord;

class LogStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<LogStore> OpenStore(RecoveryReport* report = nullptr) {
    RecoveryReport local;
    return LogStore::Open(dir_.path(), options_, report != nullptr ? report : &local);
  }
  std::string PartitionDir(const std::string& topic, int p = 0) {
    return dir_.path() + "/topics/" + topic + "/" + std::to_string(p);
  }
  void CreateTopic(LogStore& store, const std::string& name, int partitions = 1,
                   std::map<std::string, std::string> config = {}) {
    std::string message;
    ASSERT_EQ(store.CreateTopic(name, partitions, config, false, &message), ErrorCode::kNone)
        << message;
  }
  // Every batch from `offset` on, split into headers.
  std::vector<BatchHeader> ReadHeaders(LogStore& store, const std::string& topic,
                                       int64_t offset = 0, std::string* bytes = nullptr) {
    std::string out;
    int64_t start = 0, end = 0;
    EXPECT_EQ(store.Offsets(topic, 0, &start, &end), ErrorCode::kNone);
    while (offset < end) {
      std::string chunk;
      ReadResult r = store.Read(topic, 0, offset, 1 << 20, &chunk);
      EXPECT_EQ(r.error, ErrorCode::kNone);
      if (chunk.empty()) break;
      out += chunk;
      BatchHeader last{};
      for (size_t pos = 0; pos < chunk.size();) {
        last = ParseBatchHeader(chunk.data() + pos);
        pos += static_cast<size_t>(last.size());
      }
      offset = last.last_offset() + 1;
    }
    std::vector<BatchHeader> headers;
    for (size_t pos = 0; pos < out.size();) {
      headers.push_back(ParseBatchHeader(out.data() + pos));
      EXPECT_TRUE(BatchLooksValid(out.data() + pos, out.size() - pos, true));
      pos += static_cast<size_t>(headers.back().size());
    }
    if (bytes != nullptr) *bytes = out;
    return headers;
  }
  int64_t LogEnd(LogStore& store, const std::string& topic, int p = 0) {
    int64_t start = 0, end = 0;
    EXPECT_EQ(store.Offsets(topic, p, &start, &end), ErrorCode::kNone);
    return end;
  }
  int64_t LogStart(LogStore& store, const std::string& topic, int p = 0) {
    int64_t start = 0, end = 0;
    EXPECT_EQ(store.Offsets(topic, p, &start, &end), ErrorCode::kNone);
    return start;
  }

  TempDir dir_;
  LogStoreOptions options_;
};

TEST_F(LogStoreTest, AppendReadRoundTripKeepsRecordBytes) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::string b1 = BuildBatch({{"key-1", "value-1", {{"h1", "x"}, {"h2", ""}}, 1000},
                               {std::nullopt, "no key", {}, 1005},
                               {"tomb", std::nullopt, {}, 1003}});
  std::string b2 = SimpleBatch(5, 2000);
  AppendResult r1 = store->Append("t", 0, b1, 0);
  ASSERT_EQ(r1.error, ErrorCode::kNone) << r1.error_message;
  EXPECT_EQ(r1.base_offset, 0);
  EXPECT_EQ(r1.log_append_time, -1);
  AppendResult r2 = store->Append("t", 0, b2, 0);
  EXPECT_EQ(r2.base_offset, 3);
  EXPECT_EQ(LogEnd(*store, "t"), 8);

  std::string out;
  ReadResult rr = store->Read("t", 0, 0, 1 << 20, &out);
  EXPECT_EQ(rr.error, ErrorCode::kNone);
  EXPECT_EQ(rr.high_watermark, 8);
  ASSERT_EQ(out.size(), b1.size() + b2.size());
  // Byte for byte as sent, except the base offsets the broker assigned.
  std::string expect1 = b1, expect2 = b2;
  StoreBE64(expect2.data(), 3);
  EXPECT_EQ(out.substr(0, b1.size()), expect1);
  EXPECT_EQ(out.substr(b1.size()), expect2);

  // Reading from inside the second batch returns that whole batch.
  out.clear();
  store->Read("t", 0, 5, 1 << 20, &out);
  EXPECT_EQ(out, expect2);
  // At the log end nothing; past it, out of range.
  out.clear();
  EXPECT_EQ(store->Read("t", 0, 8, 100, &out).error, ErrorCode::kNone);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(store->Read("t", 0, 9, 100, &out).error, ErrorCode::kOffsetOutOfRange);
  EXPECT_EQ(store->Read("t", 1, 0, 100, &out).error, ErrorCode::kUnknownTopicOrPartition);
  EXPECT_EQ(store->Read("nope", 0, 0, 100, &out).error, ErrorCode::kUnknownTopicOrPartition);
}

TEST_F(LogStoreTest, ReadReturnsWholeBatchesAndAtLeastOne) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::string b = SimpleBatch(2, 0, {}, 100);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(store->Append("t", 0, b, 0).error, ErrorCode::kNone);
  std::string out;
  store->Read("t", 0, 0, 10, &out);  // Smaller than one batch: still one batch.
  EXPECT_EQ(out.size(), b.size());
  out.clear();
  store->Read("t", 0, 0, static_cast<int32_t>(b.size() * 3 + 5), &out);
  EXPECT_EQ(out.size(), b.size() * 3);
  out.clear();
  store->Read("t", 0, 3, static_cast<int32_t>(b.size() * 2), &out);
  ASSERT_EQ(out.size(), b.size() * 2);
  EXPECT_EQ(ParseBatchHeader(out.data()).base_offset, 2);
}

TEST_F(LogStoreTest, LogAppendTimeSetsMaxTimestampAndValidCrc) {
  auto store = OpenStore();
  CreateTopic(*store, "t", 1, {{"message.timestamp.type", "LogAppendTime"}});
  AppendResult r = store->Append("t", 0, SimpleBatch(3, 1000), 555555);
  ASSERT_EQ(r.error, ErrorCode::kNone);
  EXPECT_EQ(r.log_append_time, 555555);
  std::string out;
  store->Read("t", 0, 0, 1 << 20, &out);
  BatchHeader h = ParseBatchHeader(out.data());
  EXPECT_TRUE(h.log_append_time());
  EXPECT_EQ(h.max_timestamp, 555555);
  EXPECT_EQ(h.base_timestamp, 1000);
  EXPECT_TRUE(BatchLooksValid(out.data(), out.size(), true));
}

TEST_F(LogStoreTest, BadBatchRejectsTheWholeCall) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::string good = SimpleBatch(2);
  std::string bad_crc = SimpleBatch(2);
  bad_crc.back() ^= 1;
  AppendResult r = store->Append("t", 0, good + bad_crc, 0);
  EXPECT_EQ(r.error, ErrorCode::kCorruptMessage);
  EXPECT_FALSE(r.error_message.empty());
  EXPECT_EQ(LogEnd(*store, "t"), 0);

  std::string truncated = good.substr(0, good.size() - 3);
  EXPECT_EQ(store->Append("t", 0, good + truncated, 0).error, ErrorCode::kCorruptMessage);
  std::string v1 = good;
  v1[16] = 1;
  EXPECT_EQ(store->Append("t", 0, v1, 0).error, ErrorCode::kUnsupportedForMessageFormat);
  EXPECT_EQ(store->Append("t", 0, "", 0).error, ErrorCode::kInvalidRecord);
  std::string big = SimpleBatch(1, 0, {}, 2000);
  std::string message;
  ASSERT_EQ(store->SetConfig("t", {{"max.message.bytes", "1000"}}, false, false, &message),
            ErrorCode::kNone);
  EXPECT_EQ(store->Append("t", 0, big, 0).error, ErrorCode::kMessageTooLarge);
  EXPECT_EQ(LogEnd(*store, "t"), 0);
  EXPECT_EQ(store->Append("t", 0, good, 0).error, ErrorCode::kNone);
  EXPECT_EQ(LogEnd(*store, "t"), 2);
}

TEST_F(LogStoreTest, OffsetsAndDataSurviveCloseAndReopen) {
  std::string before;
  {
    auto store = OpenStore();
    CreateTopic(*store, "t", 3, {{"retention.ms", "100000"}});
    for (int i = 0; i < 20; ++i) store->Append("t", 0, SimpleBatch(3, 1000 + i), 0);
    store->Append("t", 2, SimpleBatch(4), 0);
    ReadHeaders(*store, "t", 0, &before);
    store->Close();
  }
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.topics, 1);
  EXPECT_EQ(report.partitions, 3);
  EXPECT_EQ(report.records, 64);
  EXPECT_EQ(report.truncated_bytes, 0);
  EXPECT_EQ(LogEnd(*store, "t", 0), 60);
  EXPECT_EQ(LogEnd(*store, "t", 1), 0);
  EXPECT_EQ(LogEnd(*store, "t", 2), 4);
  std::string after;
  ReadHeaders(*store, "t", 0, &after);
  EXPECT_EQ(after, before);
  const TopicMetadata* meta = store->FindTopic("t");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->partitions, 3);
  EXPECT_EQ(meta->id.size(), 16u);
  EXPECT_EQ(meta->config.at("retention.ms"), "100000");
  EXPECT_EQ(store->FindTopicById(meta->id), meta);
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1), 0).base_offset, 60);
}

TEST_F(LogStoreTest, ReopenAfterKillKeepsEverything) {
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    store->Close();
  }
  // The child appends and dies without Close, as kill -9 would leave it.
  testing::RunAndKill([&] {
    auto store = OpenStore();
    for (int i = 0; i < 50; ++i) {
      if (store->Append("t", 0, SimpleBatch(2, i), 0).error != ErrorCode::kNone) ::_exit(1);
    }
    ::_exit(0);
  });
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 0);
  EXPECT_EQ(LogEnd(*store, "t"), 100);
  EXPECT_EQ(ReadHeaders(*store, "t").size(), 50u);
}

TEST_F(LogStoreTest, TornTailIsTruncatedAndReported) {
  std::string batch = SimpleBatch(3);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    store->Append("t", 0, batch, 0);
    store->Append("t", 0, batch, 0);
  }  // Destructor closes cleanly; the damage below happens "after" a crash.
  std::string log = testing::SegmentFiles(PartitionDir("t")).back();
  ::unlink((dir_.path() + "/.clean-shutdown").c_str());
  testing::AppendToFile(log, batch.substr(0, batch.size() / 2));
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, static_cast<int64_t>(batch.size() / 2));
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find(log), std::string::npos) << report.notes[0];
  EXPECT_EQ(LogEnd(*store, "t"), 6);
  EXPECT_EQ(std::filesystem::file_size(log), batch.size() * 2);
  EXPECT_EQ(store->Append("t", 0, batch, 0).base_offset, 6);
  EXPECT_EQ(ReadHeaders(*store, "t").size(), 3u);
}

TEST_F(LogStoreTest, TornTailIsFoundEvenAfterACleanMarker) {
  std::string batch = SimpleBatch(3);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    store->Append("t", 0, batch, 0);
  }
  // Garbage after a clean shutdown: the index walk does not reach the end exactly, so the
  // segment is scanned and cut.
  testing::AppendToFile(testing::SegmentFiles(PartitionDir("t")).back(), "garbage!");
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 8);
  EXPECT_EQ(LogEnd(*store, "t"), 3);
}

TEST_F(LogStoreTest, CorruptCrcInTheTailIsTruncated) {
  std::string batch = SimpleBatch(3);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 3; ++i) store->Append("t", 0, batch, 0);
  }
  std::string log = testing::SegmentFiles(PartitionDir("t")).back();
  ::unlink((dir_.path() + "/.clean-shutdown").c_str());
  testing::PatchFile(log, static_cast<off_t>(batch.size() * 2 + 70), "\x7f");
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, static_cast<int64_t>(batch.size()));
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("CRC"), std::string::npos) << report.notes[0];
  EXPECT_EQ(LogEnd(*store, "t"), 6);
}

TEST_F(LogStoreTest, CleanOpenTrustsTheActiveSegmentWithoutACrcScan) {
  options_.index_interval_bytes = 100;
  std::string batch = SimpleBatch(3, 0, {}, 30);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 10; ++i) store->Append("t", 0, batch, 0);
  }
  // A flipped byte inside a record (not the structure) after a clean shutdown: the next Open
  // does not read record bytes at all, so nothing is truncated. (Without the marker it would be.)
  std::string log = testing::SegmentFiles(PartitionDir("t")).back();
  testing::PatchFile(log, static_cast<off_t>(batch.size() * 2 + 80), "!");
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 0);
  EXPECT_TRUE(report.notes.empty());
  EXPECT_EQ(LogEnd(*store, "t"), 30);
}

TEST_F(LogStoreTest, InconsistentIndexAfterCleanShutdownFallsBackToAScan) {
  options_.index_interval_bytes = 100;
  std::string batch = SimpleBatch(3, 0, {}, 30);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 10; ++i) store->Append("t", 0, batch, 0);
  }
  std::string log = testing::SegmentFiles(PartitionDir("t")).back();
  std::string index = log.substr(0, log.size() - 4) + ".index";
  testing::PatchFile(index, 8, std::string("\0\0\0\x05\0\0\0\x07", 8));  // Mid-batch.
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 0);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("index"), std::string::npos);
  EXPECT_EQ(LogEnd(*store, "t"), 30);
  EXPECT_EQ(ReadHeaders(*store, "t").size(), 10u);
  std::string out;
  store->Read("t", 0, 16, 1, &out);
  EXPECT_EQ(ParseBatchHeader(out.data()).base_offset, 15);
}

TEST_F(LogStoreTest, FailedWriteLeavesThePartitionAsItWas) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::string batch = SimpleBatch(5, 0, {}, 200);
  ASSERT_EQ(store->Append("t", 0, batch, 0).error, ErrorCode::kNone);
  std::string log = testing::SegmentFiles(PartitionDir("t")).back();
  // A file size limit stands in for a full disk: the write stops part way (then EFBIG).
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = batch.size() + batch.size() / 2;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  AppendResult r = store->Append("t", 0, batch, 0);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old), 0);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(r.error, ErrorCode::kKafkaStorageError);
  EXPECT_NE(r.error_message.find(".log"), std::string::npos) << r.error_message;
  EXPECT_EQ(std::filesystem::file_size(log), batch.size());
  EXPECT_EQ(LogEnd(*store, "t"), 5);
  EXPECT_EQ(store->Append("t", 0, batch, 0).base_offset, 5);
  store->Close();
  RecoveryReport report;
  store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 0);
  EXPECT_EQ(ReadHeaders(*store, "t").size(), 2u);
}

TEST_F(LogStoreTest, CleanShutdownMarkerIsRemovedByTheFirstAppend) {
  std::string marker = dir_.path() + "/.clean-shutdown";
  auto store = OpenStore();
  CreateTopic(*store, "t");
  EXPECT_FALSE(std::filesystem::exists(marker));
  store->Close();
  EXPECT_TRUE(std::filesystem::exists(marker));
  store = OpenStore();
  EXPECT_TRUE(std::filesystem::exists(marker));
  store->Append("t", 0, SimpleBatch(1), 0);
  EXPECT_FALSE(std::filesystem::exists(marker));
}

// The broker's loop hands the fsyncs to another thread: what it takes is each written segment's
// three files, once.
TEST_F(LogStoreTest, TakeUnsyncedHandsOverWrittenFilesOnce) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::vector<int> fds;
  store->TakeUnsynced(&fds);
  std::vector<int> none;
  ASSERT_EQ(store->Append("t", 0, SimpleBatch(2), 0).error, ErrorCode::kNone);
  store->TakeUnsynced(&fds);
  EXPECT_EQ(fds.size() % 3, 0u);
  EXPECT_GE(fds.size(), 3u);
  store->TakeUnsynced(&none);
  EXPECT_TRUE(none.empty());  // nothing written since
  BackgroundSync sync;
  sync.Add(fds);
  sync.Drain();
  EXPECT_FALSE(sync.TakeFailure());
  for (int fd : fds) EXPECT_EQ(::fcntl(fd, F_GETFD), -1) << "fd " << fd << " left open";
}

// A failed background fsync may have lost bytes: the shutdown is not marked clean, so the next
// Open checks the tails.
TEST_F(LogStoreTest, ASyncFailureKeepsTheShutdownUnclean) {
  std::string marker = dir_.path() + "/.clean-shutdown";
  auto store = OpenStore();
  CreateTopic(*store, "t");
  ASSERT_EQ(store->Append("t", 0, SimpleBatch(2), 0).error, ErrorCode::kNone);
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  BackgroundSync sync;
  sync.Add({pipe_fds[0]});  // fdatasync fails on a pipe (EINVAL)
  sync.Drain();
  ::close(pipe_fds[1]);
  ASSERT_TRUE(sync.TakeFailure());
  store->NoteSyncFailure();
  store->Close();
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST_F(LogStoreTest, IdempotentDuplicateIsDedupedAcrossKill) {
  BatchOptions p{.producer_id = 7, .producer_epoch = 0, .base_sequence = 0};
  std::string first = SimpleBatch(3, 0, p);
  p.base_sequence = 3;
  std::string second = SimpleBatch(2, 0, p);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    store->Close();
  }
  testing::RunAndKill([&] {
    auto store = OpenStore();
    store->Append("t", 0, SimpleBatch(1), 0);  // offset 0, no producer id
    if (store->Append("t", 0, first, 0).base_offset != 1) ::_exit(1);
    if (store->Append("t", 0, second, 0).base_offset != 4) ::_exit(1);
    ::_exit(0);
  });
  auto store = OpenStore();
  // Retries of either batch are answered with their original offsets and not stored again.
  AppendResult r = store->Append("t", 0, first, 0);
  EXPECT_EQ(r.error, ErrorCode::kNone);
  EXPECT_EQ(r.base_offset, 1);
  r = store->Append("t", 0, second, 0);
  EXPECT_EQ(r.error, ErrorCode::kNone);
  EXPECT_EQ(r.base_offset, 4);
  EXPECT_EQ(LogEnd(*store, "t"), 6);
  // The next sequence goes in.
  p.base_sequence = 5;
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).base_offset, 6);
  // And survives a clean restart too.
  store->Close();
  store = OpenStore();
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).base_offset, 6);
  EXPECT_EQ(LogEnd(*store, "t"), 7);
}

TEST_F(LogStoreTest, IdempotentStateIsReadLazilyAfterPlainAppendsAndARoll) {
  // Open leaves the producer state unread until a batch with a producer id comes; plain
  // appends (and the segment they roll to) before it must not hide the older batches.
  options_.segment_bytes = 1000;
  BatchOptions p{.producer_id = 7, .producer_epoch = 0, .base_sequence = 0};
  std::string first = SimpleBatch(3, 0, p);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    ASSERT_EQ(store->Append("t", 0, first, 0).base_offset, 0);
    store->Close();
  }
  auto store = OpenStore();
  for (int i = 0; i < 10; ++i) store->Append("t", 0, SimpleBatch(1, 0, {}, 200), 0);
  ASSERT_GT(testing::SegmentFiles(PartitionDir("t")).size(), 2u);
  AppendResult r = store->Append("t", 0, first, 0);
  EXPECT_EQ(r.error, ErrorCode::kNone);
  EXPECT_EQ(r.base_offset, 0);  // The retry is answered with the original offset.
  EXPECT_EQ(LogEnd(*store, "t"), 13);
  p.base_sequence = 5;  // Expected 3.
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).error,
            ErrorCode::kOutOfOrderSequenceNumber);
}

TEST_F(LogStoreTest, SequenceGapsAndEpochs) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  BatchOptions p{.producer_id = 9, .producer_epoch = 2, .base_sequence = 0};
  ASSERT_EQ(store->Append("t", 0, SimpleBatch(2, 0, p), 0).error, ErrorCode::kNone);
  p.base_sequence = 5;  // expected 2
  AppendResult r = store->Append("t", 0, SimpleBatch(1, 0, p), 0);
  EXPECT_EQ(r.error, ErrorCode::kOutOfOrderSequenceNumber);
  p.base_sequence = 2;
  p.producer_epoch = 1;
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).error, ErrorCode::kInvalidProducerEpoch);
  p.producer_epoch = 3;  // a new epoch starts at sequence 0
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).error,
            ErrorCode::kOutOfOrderSequenceNumber);
  p.base_sequence = 0;
  EXPECT_EQ(store->Append("t", 0, SimpleBatch(1, 0, p), 0).error, ErrorCode::kNone);
  EXPECT_EQ(LogEnd(*store, "t"), 3);
  // Several batches of one producer in one call: checked in order.
  p.base_sequence = 1;
  std::string a = SimpleBatch(1, 0, p);
  p.base_sequence = 2;
  std::string b = SimpleBatch(1, 0, p);
  EXPECT_EQ(store->Append("t", 0, a + b, 0).base_offset, 3);
  p.base_sequence = 4;  // gap after 3 within the call rejects the whole call
  p.base_sequence = 3;
  std::string c = SimpleBatch(1, 0, p);
  p.base_sequence = 9;
  std::string d = SimpleBatch(1, 0, p);
  EXPECT_EQ(store->Append("t", 0, c + d, 0).error, ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(LogEnd(*store, "t"), 5);
}

TEST_F(LogStoreTest, RollsSegmentsAndReadsAcrossThem) {
  options_.segment_bytes = 1000;
  options_.index_interval_bytes = 200;
  std::string batch = SimpleBatch(4, 0, {}, 50);  // ~300 bytes
  std::string all_before;
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 20; ++i) ASSERT_EQ(store->Append("t", 0, batch, 0).error, ErrorCode::kNone);
    auto files = testing::SegmentFiles(PartitionDir("t"));
    EXPECT_GE(files.size(), 6u);
    for (const auto& f : files) EXPECT_LE(std::filesystem::file_size(f), 1000u);
    EXPECT_EQ(ReadHeaders(*store, "t", 0, &all_before).size(), 20u);
    // A read spanning segment boundaries still returns whole batches in order.
    std::string out;
    store->Read("t", 0, 13, 5000, &out);
    BatchHeader h = ParseBatchHeader(out.data());
    EXPECT_EQ(h.base_offset, 12);
    EXPECT_EQ(out.size() % batch.size(), 0u);
    EXPECT_GT(out.size(), batch.size() * 5);
    // Every offset is found.
    for (int64_t o = 0; o < 80; ++o) {
      out.clear();
      store->Read("t", 0, o, 1, &out);
      ASSERT_FALSE(out.empty());
      EXPECT_EQ(ParseBatchHeader(out.data()).base_offset, o / 4 * 4);
    }
  }
  auto store = OpenStore();
  std::string all_after;
  ReadHeaders(*store, "t", 0, &all_after);
  EXPECT_EQ(all_after, all_before);
}

TEST_F(LogStoreTest, MissingIndexOfAnOldSegmentIsRebuilt) {
  options_.segment_bytes = 1000;
  std::string batch = SimpleBatch(4, 0, {}, 50);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 10; ++i) store->Append("t", 0, batch, 0);
  }
  auto files = testing::SegmentFiles(PartitionDir("t"));
  std::string first_index = files[0].substr(0, files[0].size() - 4) + ".index";
  std::filesystem::remove(first_index);
  RecoveryReport report;
  auto store = OpenStore(&report);
  EXPECT_EQ(report.truncated_bytes, 0);
  EXPECT_EQ(LogEnd(*store, "t"), 40);
  EXPECT_EQ(ReadHeaders(*store, "t").size(), 10u);
  EXPECT_GT(std::filesystem::file_size(first_index), 0u);
}

TEST_F(LogStoreTest, RetentionBytesDeletesOldSegments) {
  options_.segment_bytes = 1000;
  auto store = OpenStore();
  CreateTopic(*store, "keep");
  CreateTopic(*store, "t", 1, {{"retention.bytes", "2000"}});
  std::string batch = SimpleBatch(4, 0, {}, 50);
  for (int i = 0; i < 20; ++i) {
    store->Append("t", 0, batch, 0);
    store->Append("keep", 0, batch, 0);
  }
  int64_t size_before = store->Stats().bytes;
  int deleted = store->EnforceRetention(0);
  EXPECT_GT(deleted, 0);
  EXPECT_LT(store->Stats().bytes, size_before);
  EXPECT_GT(LogStart(*store, "t"), 0);
  EXPECT_EQ(LogStart(*store, "keep"), 0);  // No retention set: everything kept.
  int64_t t_bytes = 0;
  for (const auto& f : testing::SegmentFiles(PartitionDir("t"))) {
    t_bytes += static_cast<int64_t>(std::filesystem::file_size(f));
  }
  EXPECT_GE(t_bytes, 2000);
  EXPECT_LT(t_bytes, 3000);
  std::string out;
  EXPECT_EQ(store->Read("t", 0, 0, 100, &out).error, ErrorCode::kOffsetOutOfRange);
  EXPECT_EQ(store->Read("t", 0, LogStart(*store, "t"), 100, &out).error, ErrorCode::kNone);
  EXPECT_EQ(store->EnforceRetention(0), 0);
}

TEST_F(LogStoreTest, RetentionMsDeletesSegmentsOlderThanIt) {
  options_.segment_bytes = 1000;
  auto store = OpenStore();
  CreateTopic(*store, "t", 1, {{"retention.ms", "1000"}});
  std::string old_batch = SimpleBatch(4, 5000, {}, 50);
  std::string new_batch = SimpleBatch(4, 100000, {}, 50);
  for (int i = 0; i < 6; ++i) store->Append("t", 0, old_batch, 0);
  for (int i = 0; i < 6; ++i) store->Append("t", 0, new_batch, 0);
  size_t files = testing::SegmentFiles(PartitionDir("t")).size();
  // At 50000 the segments holding only 5000-stamped batches are past 1000 ms; newer ones not.
  EXPECT_EQ(store->EnforceRetention(50000), 2);
  EXPECT_EQ(LogStart(*store, "t"), 24);
  EXPECT_EQ(store->EnforceRetention(50000), 0);
  EXPECT_EQ(store->EnforceRetention(100500), 0);
  // Much later everything closed goes; the active segment stays.
  EXPECT_EQ(store->EnforceRetention(1000000), static_cast<int>(files) - 3);
  EXPECT_EQ(testing::SegmentFiles(PartitionDir("t")).size(), 1u);
  EXPECT_EQ(LogEnd(*store, "t"), 48);
  int64_t start = LogStart(*store, "t");
  EXPECT_GT(start, 24);
  store->Close();
  store = OpenStore();
  EXPECT_EQ(LogStart(*store, "t"), start);
  EXPECT_EQ(LogEnd(*store, "t"), 48);
}

TEST_F(LogStoreTest, DeleteRecordsBeforeSurvivesReopen) {
  options_.segment_bytes = 1000;
  std::string batch = SimpleBatch(4, 0, {}, 50);
  {
    auto store = OpenStore();
    CreateTopic(*store, "t");
    for (int i = 0; i < 10; ++i) store->Append("t", 0, batch, 0);
    size_t files_before = testing::SegmentFiles(PartitionDir("t")).size();
    int64_t start = 0;
    EXPECT_EQ(store->DeleteRecordsBefore("t", 0, 41, &start), ErrorCode::kOffsetOutOfRange);
    EXPECT_EQ(store->DeleteRecordsBefore("t", 0, 17, &start), ErrorCode::kNone);
    EXPECT_EQ(start, 17);
    EXPECT_LT(testing::SegmentFiles(PartitionDir("t")).size(), files_before);
    EXPECT_EQ(store->DeleteRecordsBefore("t", 0, 5, &start), ErrorCode::kNone);
    EXPECT_EQ(start, 17);  // Never moves back.
    std::string out;
    EXPECT_EQ(store->Read("t", 0, 16, 100, &out).error, ErrorCode::kOffsetOutOfRange);
    EXPECT_EQ(store->Read("t", 0, 17, 100, &out).error, ErrorCode::kNone);
    EXPECT_EQ(ParseBatchHeader(out.data()).base_offset, 16);  // The batch holding 17.
    EXPECT_EQ(store->Stats().records, 40 - 17);
  }
  auto store = OpenStore();
  EXPECT_EQ(LogStart(*store, "t"), 17);
  EXPECT_EQ(LogEnd(*store, "t"), 40);
  int64_t start = 0;
  EXPECT_EQ(store->DeleteRecordsBefore("t", 0, -1, &start), ErrorCode::kNone);
  EXPECT_EQ(start, 40);
  store->Close();
  store = OpenStore();
  EXPECT_EQ(LogStart(*store, "t"), 40);
  EXPECT_EQ(store->Append("t", 0, batch, 0).base_offset, 40);
}

TEST_F(LogStoreTest, TopicNamesAreValidated) {
  auto store = OpenStore();
  std::string message;
  for (const std::string& bad : std::vector<std::string>{"", ".", "..", "../x", "a/b", "with space",
                                                         "\xc3\xbc", std::string(250, 'a')}) {
    EXPECT_EQ(store->CreateTopic(bad, 1, {}, false, &message), ErrorCode::kInvalidTopicException)
        << bad;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/x"));
  EXPECT_EQ(store->CreateTopic(std::string(249, 'a'), 1, {}, false, &message), ErrorCode::kNone);
  EXPECT_EQ(store->CreateTopic("a.b_c-D9", 1, {}, false, &message), ErrorCode::kNone);
  EXPECT_EQ(store->CreateTopic("a.b_c-D9", 1, {}, false, &message), ErrorCode::kTopicAlreadyExists);
  EXPECT_EQ(store->CreateTopic("p", 0, {}, false, &message), ErrorCode::kInvalidPartitions);
  EXPECT_EQ(store->CreateTopic("p", 10001, {}, false, &message), ErrorCode::kInvalidPartitions);
  EXPECT_EQ(store->CreateTopic("p", 1, {{"bogus", "1"}}, false, &message),
            ErrorCode::kInvalidConfig);
  EXPECT_NE(message.find("bogus"), std::string::npos);
  EXPECT_EQ(store->CreateTopic("p", 1, {{"retention.ms", "soon"}}, false, &message),
            ErrorCode::kInvalidConfig);
  EXPECT_EQ(store->CreateTopic("p", 1, {}, true, &message), ErrorCode::kNone);
  EXPECT_EQ(store->FindTopic("p"), nullptr);  // validate_only
  EXPECT_EQ(store->TopicNames(), (std::vector<std::string>{"a.b_c-D9", std::string(249, 'a')}));
}

TEST_F(LogStoreTest, FilesAndDirectoriesArePrivate) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  store->Append("t", 0, SimpleBatch(1), 0);
  store->Close();
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path())) {
    struct stat st {};
    ASSERT_EQ(::stat(e.path().c_str(), &st), 0);
    mode_t mode = st.st_mode & 0777;
    EXPECT_EQ(mode & 0077, 0u) << e.path() << " " << std::oct << mode;
  }
}

TEST_F(LogStoreTest, DeleteTopicAddPartitionsAndConfigs) {
  auto store = OpenStore();
  CreateTopic(*store, "t", 2);
  std::string message;
  EXPECT_EQ(store->AddPartitions("t", 2, false, &message), ErrorCode::kInvalidPartitions);
  EXPECT_EQ(store->AddPartitions("t", 4, true, &message), ErrorCode::kNone);
  EXPECT_EQ(store->FindTopic("t")->partitions, 2);
  EXPECT_EQ(store->AddPartitions("t", 4, false, &message), ErrorCode::kNone);
  EXPECT_EQ(store->Append("t", 3, SimpleBatch(2), 0).base_offset, 0);
  EXPECT_EQ(store->AddPartitions("nope", 4, false, &message), ErrorCode::kUnknownTopicOrPartition);

  EXPECT_EQ(store->SetConfig("t", {{"retention.ms", "5000"}, {"cleanup.policy", "compact"}}, false,
                             false, &message),
            ErrorCode::kNone);
  EXPECT_EQ(store->SetConfig("t", {{"retention.ms", std::nullopt}}, false, false, &message),
            ErrorCode::kNone);
  EXPECT_EQ(store->FindTopic("t")->config,
            (std::map<std::string, std::string>{{"cleanup.policy", "compact"}}));
  EXPECT_EQ(store->SetConfig("t", {{"segment.bytes", "1"}}, false, false, &message),
            ErrorCode::kInvalidConfig);
  EXPECT_EQ(store->SetConfig("t", {{"retention.bytes", "100"}}, true, false, &message),
            ErrorCode::kNone);
  EXPECT_EQ(store->FindTopic("t")->config,
            (std::map<std::string, std::string>{{"retention.bytes", "100"}}));
  auto entries = store->DescribeConfig("t");
  ASSERT_FALSE(entries.empty());
  EXPECT_TRUE(std::is_sorted(entries.begin(), entries.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
  bool saw = false;
  for (const auto& e : entries) {
    if (e.name == "retention.bytes") {
      saw = true;
      EXPECT_EQ(e.value, "100");
      EXPECT_FALSE(e.is_default);
    }
    if (e.name == "segment.bytes") {
      EXPECT_EQ(e.value, std::to_string(options_.segment_bytes));
    }
    if (e.name == "cleanup.policy") {
      EXPECT_TRUE(e.is_default);
    }
  }
  EXPECT_TRUE(saw);

  store->Close();
  store = OpenStore();
  EXPECT_EQ(store->FindTopic("t")->partitions, 4);
  EXPECT_EQ(LogEnd(*store, "t", 3), 2);
  std::string id = store->FindTopic("t")->id;
  EXPECT_EQ(store->DeleteTopic("t"), ErrorCode::kNone);
  EXPECT_EQ(store->DeleteTopic("t"), ErrorCode::kUnknownTopicOrPartition);
  EXPECT_EQ(store->FindTopic("t"), nullptr);
  EXPECT_EQ(store->FindTopicById(id), nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/topics/t"));
  CreateTopic(*store, "t");
  EXPECT_EQ(LogEnd(*store, "t"), 0);
  EXPECT_NE(store->FindTopic("t")->id, id);
}

TEST_F(LogStoreTest, OffsetForTimestamp) {
  options_.segment_bytes = 600;
  auto store = OpenStore();
  CreateTopic(*store, "t");
  // Offsets 0-2 at 100,101,102; 3-5 at 200..; ...; 27-29 at 1000..
  for (int i = 1; i <= 10; ++i) store->Append("t", 0, SimpleBatch(3, i * 100, {}, 40), 0);
  EXPECT_GT(testing::SegmentFiles(PartitionDir("t")).size(), 2u);
  int64_t offset = 0, ts = 0;
  auto lookup = [&](int64_t t) {
    EXPECT_EQ(store->OffsetForTimestamp("t", 0, t, &offset, &ts), ErrorCode::kNone);
  };
  lookup(0);
  EXPECT_EQ(offset, 0);
  EXPECT_EQ(ts, 100);
  lookup(101);
  EXPECT_EQ(offset, 1);
  EXPECT_EQ(ts, 101);
  lookup(150);
  EXPECT_EQ(offset, 3);
  EXPECT_EQ(ts, 200);
  lookup(702);
  EXPECT_EQ(offset, 20);
  EXPECT_EQ(ts, 702);
  lookup(1002);
  EXPECT_EQ(offset, 29);
  lookup(1003);
  EXPECT_EQ(offset, -1);
  EXPECT_EQ(ts, -1);
  lookup(-3);
  EXPECT_EQ(offset, 29);
  EXPECT_EQ(ts, 1002);
  lookup(-2);
  EXPECT_EQ(offset, 0);
  lookup(-1);
  EXPECT_EQ(offset, 30);
  // Below the log start nothing is returned.
  int64_t start = 0;
  store->DeleteRecordsBefore("t", 0, 10, &start);
  lookup(0);
  EXPECT_EQ(offset, 10);
  EXPECT_EQ(ts, 401);
  // The result is the same after a restart (indexes reloaded).
  store->Close();
  store = OpenStore();
  lookup(702);
  EXPECT_EQ(offset, 20);
  EXPECT_EQ(store->OffsetForTimestamp("x", 0, 0, &offset, &ts),
            ErrorCode::kUnknownTopicOrPartition);
}

TEST_F(LogStoreTest, MaxTimestampNotLast) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  store->Append("t", 0, BuildBatch({{"a", "1", {}, 10}, {"b", "2", {}, 90}, {"c", "3", {}, 20}}),
                0);
  store->Append("t", 0, SimpleBatch(2, 50), 0);
  int64_t offset = 0, ts = 0;
  ASSERT_EQ(store->OffsetForTimestamp("t", 0, -3, &offset, &ts), ErrorCode::kNone);
  EXPECT_EQ(offset, 1);
  EXPECT_EQ(ts, 90);
  ASSERT_EQ(store->OffsetForTimestamp("t", 0, 60, &offset, &ts), ErrorCode::kNone);
  EXPECT_EQ(offset, 1);
}

TEST_F(LogStoreTest, StatsCountTopicsPartitionsBytesRecords) {
  auto store = OpenStore();
  EXPECT_EQ(store->Stats().topics, 0);
  CreateTopic(*store, "a", 2);
  CreateTopic(*store, "b", 3);
  std::string batch = SimpleBatch(5);
  store->Append("a", 1, batch, 0);
  store->Append("b", 2, batch, 0);
  store->Append("b", 2, batch, 0);
  RecoveryReport s = store->Stats();
  EXPECT_EQ(s.topics, 2);
  EXPECT_EQ(s.partitions, 5);
  EXPECT_EQ(s.records, 15);
  EXPECT_EQ(s.bytes, static_cast<int64_t>(batch.size() * 3));
}

TEST_F(LogStoreTest, ProducerIdsAreNeverReused) {
  int64_t last = -1;
  {
    auto store = OpenStore();
    for (int i = 0; i < 5; ++i) {
      int64_t id = store->NextProducerId();
      EXPECT_GT(id, last);
      last = id;
    }
  }
  testing::RunAndKill([&] {
    auto store = OpenStore();
    if (store->NextProducerId() <= last) ::_exit(1);
    ::_exit(0);
  });
  auto store = OpenStore();
  EXPECT_GT(store->NextProducerId(), last + 1);
}

TEST_F(LogStoreTest, SecondOpenOfTheSameDirectoryFails) {
  auto store = OpenStore();
  EXPECT_THROW(OpenStore(), RiffleError);
}

TEST_F(LogStoreTest, CompressedBatchesPassThrough) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  // The payload is opaque to the broker; attribute bits 0-2 say "lz4".
  std::string batch = SimpleBatch(3, 100, {.compression = 3});
  ASSERT_EQ(store->Append("t", 0, batch, 0).error, ErrorCode::kNone);
  std::string out;
  store->Read("t", 0, 0, 1 << 20, &out);
  EXPECT_EQ(out, batch);
  int64_t offset = 0, ts = 0;
  store->OffsetForTimestamp("t", 0, 101, &offset, &ts);
  EXPECT_EQ(offset, 0);  // Not decoded: the batch's first offset stands for it.
}

// One call with more batches than one gathering write takes (two pieces per batch, IOV_MAX
// 1024): every batch lands in order with its offsets, the records written as sent.
TEST_F(LogStoreTest, OneAppendOfMoreBatchesThanOneWriteTakes) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  ASSERT_EQ(store->Append("t", 0, SimpleBatch(2), 0).error, ErrorCode::kNone);
  std::string sent;
  for (int i = 0; i < 1500; ++i) sent += SimpleBatch(1 + i % 3, 1000 + i);
  AppendResult r = store->Append("t", 0, sent, 0);
  ASSERT_EQ(r.error, ErrorCode::kNone);
  EXPECT_EQ(r.base_offset, 2);
  std::string stored;
  std::vector<BatchHeader> headers = ReadHeaders(*store, "t", 2, &stored);
  ASSERT_EQ(headers.size(), 1500u);
  int64_t next = 2;
  for (const BatchHeader& h : headers) {
    EXPECT_EQ(h.base_offset, next);
    next = h.last_offset() + 1;
  }
  EXPECT_EQ(LogEnd(*store, "t"), next);
  // The same bytes but for the base offsets the broker assigned.
  ASSERT_EQ(stored.size(), sent.size());
  for (size_t pos = 0; pos < sent.size();) {
    const auto size = static_cast<size_t>(ParseBatchHeader(sent.data() + pos).size());
    EXPECT_EQ(stored.compare(pos + 8, size - 8, sent, pos + 8, size - 8), 0);
    pos += size;
  }
}

TEST_F(LogStoreTest, AppendThroughputMicroCheck) {
  auto store = OpenStore();
  CreateTopic(*store, "t");
  std::string batch = SimpleBatch(100, 0, {}, 100);
  auto start = std::chrono::steady_clock::now();
  int n = 2000;
  for (int i = 0; i < n; ++i) ASSERT_EQ(store->Append("t", 0, batch, 0).error, ErrorCode::kNone);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("append: %.0f batches/s, %.1f MB/s (%zu-byte batches)\n", n / s,
              n * batch.size() / s / 1e6, batch.size());
  EXPECT_EQ(LogEnd(*store, "t"), n * 100);
}

}  // namespace
}  // namespace riffle::broker
