#include <gtest/gtest.h>

#include "batch_builder.h"
#include "connectors/broker/log/crc32c.h"
#include "connectors/broker/log/producer_state.h"
#include "connectors/broker/log/record_batch.h"
#include "connectors/broker/log/topic_config.h"

namespace riffle::broker {
namespace {

using testing::BatchOptions;
using testing::SimpleBatch;

void Recrc(std::string* batch) {
  StoreBE32(batch->data() + 17,
            static_cast<int32_t>(Crc32c(batch->data() + kCrcStart, batch->size() - kCrcStart)));
}

TEST(RecordBatchTest, ParsesTheHeader) {
  std::string b =
      SimpleBatch(3, 1000, {.producer_id = 42, .producer_epoch = 3, .base_sequence = 10});
  BatchHeader h = ParseBatchHeader(b.data());
  EXPECT_EQ(h.size(), static_cast<int64_t>(b.size()));
  EXPECT_EQ(h.magic, 2);
  EXPECT_EQ(h.records_count, 3);
  EXPECT_EQ(h.last_offset_delta, 2);
  EXPECT_EQ(h.base_timestamp, 1000);
  EXPECT_EQ(h.max_timestamp, 1002);
  EXPECT_EQ(h.producer_id, 42);
  EXPECT_EQ(h.producer_epoch, 3);
  EXPECT_EQ(h.base_sequence, 10);
  EXPECT_EQ(h.last_sequence(), 12);
  BatchHeader out;
  std::string message;
  EXPECT_EQ(ValidateBatch(b, 1 << 20, &out, &message), ErrorCode::kNone) << message;
}

TEST(RecordBatchTest, ValidationCodes) {
  BatchHeader h;
  std::string message;
  std::string b = SimpleBatch(3);
  std::string count = b;
  StoreBE32(count.data() + 57, 4);  // count disagrees with lastOffsetDelta
  Recrc(&count);
  EXPECT_EQ(ValidateBatch(count, 1 << 20, &h, &message), ErrorCode::kInvalidRecord);
  std::string control = b;
  control[22] |= kControlFlag;
  Recrc(&control);
  EXPECT_EQ(ValidateBatch(control, 1 << 20, &h, &message), ErrorCode::kInvalidRecord);
  std::string magic = b;
  magic[16] = 3;
  EXPECT_EQ(ValidateBatch(magic, 1 << 20, &h, &message), ErrorCode::kCorruptMessage);
  std::string length = b;
  StoreBE32(length.data() + 8, 10);
  EXPECT_EQ(ValidateBatch(length, 1 << 20, &h, &message), ErrorCode::kCorruptMessage);
  EXPECT_EQ(ValidateBatch(b.substr(0, 40), 1 << 20, &h, &message), ErrorCode::kCorruptMessage);
  EXPECT_EQ(ValidateBatch(b, 10, &h, &message), ErrorCode::kMessageTooLarge);
  // The base offset is outside the CRC.
  std::string offset = b;
  SetBaseOffset(offset.data(), 12345);
  EXPECT_EQ(ValidateBatch(offset, 1 << 20, &h, &message), ErrorCode::kNone);
  EXPECT_EQ(h.base_offset, 12345);
}

TEST(RecordBatchTest, RecordTimesOfAnUncompressedBatch) {
  std::string b = testing::BuildBatch({{"a", "1", {{"h", "v"}}, 50}, {"b", "2", {}, 40}});
  std::vector<std::pair<int64_t, int64_t>> seen;
  EXPECT_TRUE(ForEachRecordTime(b, [&](int64_t o, int64_t t) {
    seen.emplace_back(o, t);
    return false;
  }));
  EXPECT_EQ(seen, (std::vector<std::pair<int64_t, int64_t>>{{0, 50}, {1, 40}}));
}

TEST(ProducerStateTest, DuplicatesGapsEpochsAndTheFiveBatchWindow) {
  ProducerStateTable table;
  auto header = [](int16_t epoch, int32_t seq, int32_t n) {
    std::string b =
        SimpleBatch(n, 0, {.producer_id = 1, .producer_epoch = epoch, .base_sequence = seq});
    return ParseBatchHeader(b.data());
  };
  int64_t dup = 0;
  for (int i = 0; i < 7; ++i) {
    BatchHeader h = header(0, i * 2, 2);
    ASSERT_EQ(table.Check(h, &dup), ErrorCode::kNone);
    ASSERT_EQ(dup, -1);
    table.Record(h, 100 + i * 2);
  }
  EXPECT_EQ(table.Check(header(0, 12, 2), &dup), ErrorCode::kNone);
  EXPECT_EQ(dup, 112);
  EXPECT_EQ(table.Check(header(0, 4, 2), &dup), ErrorCode::kNone);  // Fifth from last.
  EXPECT_EQ(dup, 104);
  // Older than the last five: no longer known, so it is out of order.
  EXPECT_EQ(table.Check(header(0, 2, 2), &dup), ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(table.Check(header(0, 15, 1), &dup), ErrorCode::kOutOfOrderSequenceNumber);
  EXPECT_EQ(table.Check(header(0, 14, 1), &dup), ErrorCode::kNone);
  EXPECT_EQ(dup, -1);
  // An unknown producer may start anywhere (its state may have been deleted with its data).
  std::string other =
      SimpleBatch(1, 0, {.producer_id = 2, .producer_epoch = 0, .base_sequence = 77});
  EXPECT_EQ(table.Check(ParseBatchHeader(other.data()), &dup), ErrorCode::kNone);
}

TEST(TopicConfigTest, ValidatesResolvesAndDescribes) {
  std::string message;
  EXPECT_TRUE(ValidateTopicConfig({{"cleanup.policy", "compact,delete"},
                                   {"compression.type", "zstd"},
                                   {"message.timestamp.type", "LogAppendTime"},
                                   {"min.insync.replicas", "1"},
                                   {"retention.ms", "-1"}},
                                  &message))
      << message;
  EXPECT_FALSE(ValidateTopicConfig({{"cleanup.policy", "forever"}}, &message));
  EXPECT_FALSE(ValidateTopicConfig({{"retention.bytes", "-2"}}, &message));
  EXPECT_FALSE(ValidateTopicConfig({{"segment.bytes", "99999999999"}}, &message));
  EXPECT_FALSE(ValidateTopicConfig({{"message.timestamp.type", "Now"}}, &message));
  EXPECT_NE(message.find("message.timestamp.type"), std::string::npos);
  EXPECT_FALSE(ValidateTopicConfig({{"min.insync.replicas", "0"}}, &message));
  LogStoreOptions options;
  options.segment_bytes = 4096;
  EffectiveTopicConfig c = ResolveTopicConfig(
      {{"retention.ms", "60000"}, {"message.timestamp.type", "LogAppendTime"}}, options);
  EXPECT_EQ(c.retention_ms, 60000);
  EXPECT_EQ(c.retention_bytes, -1);
  EXPECT_EQ(c.segment_bytes, 4096);
  EXPECT_TRUE(c.log_append_time);
  auto entries = DescribeTopicConfig({}, options);
  std::map<std::string, std::string> values;
  for (const auto& e : entries) values[e.name] = e.value;
  EXPECT_EQ(values["cleanup.policy"], "delete");
  EXPECT_EQ(values["retention.ms"], "-1");
  EXPECT_EQ(values["segment.bytes"], "4096");
  EXPECT_EQ(values["message.timestamp.type"], "CreateTime");
  EXPECT_EQ(values["compression.type"], "producer");
  EXPECT_EQ(values["min.insync.replicas"], "1");
}

}  // namespace
}  // namespace riffle::broker
