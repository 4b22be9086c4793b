// ListOffsets, OffsetForLeaderEpoch, DeleteRecords and InitProducerId.

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

class ApiOffsetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string m;
    ASSERT_EQ(b_.log().CreateTopic("t", 1, {}, false, &m), ErrorCode::kNone);
    b_.log().Append("t", 0, MakeBatch(2, 100), 0);  // offsets 0-1, timestamps 100-101
    b_.log().Append("t", 0, MakeBatch(3, 200), 0);  // offsets 2-4, timestamps 200-202
  }
  TestBroker b_;
};

struct OffsetOut {
  int16_t error = 0;
  int64_t timestamp = 0;
  int64_t offset = 0;
  int32_t leader_epoch = 0;
};

OffsetOut ListOne(TestBroker& b, int16_t version, int64_t timestamp, int32_t partition = 0,
                  int32_t current_epoch = -1) {
  bool flex = version >= 6;
  auto res = b.Call(HandleListOffsets, version, flex, Frame(flex, [&](Writer& w) {
                      w.Int32(-1);
                      if (version >= 2) w.Int8(0);
                      w.ArrayLength(1);
                      w.Str("t");
                      w.ArrayLength(1);
                      w.Int32(partition);
                      if (version >= 4) w.Int32(current_epoch);
                      w.Int64(timestamp);
                      w.EmptyTaggedFields();
                      w.EmptyTaggedFields();
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  Reader r(res.body, flex);
  if (version >= 2) {
    EXPECT_EQ(r.Int32(), 0);
  }
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Str(), "t");
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int32(), partition);
  OffsetOut o;
  o.error = r.Int16();
  o.timestamp = r.Int64();
  o.offset = r.Int64();
  if (version >= 4) o.leader_epoch = r.Int32();
  r.SkipTaggedFields();
  r.SkipTaggedFields();
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return o;
}

TEST_F(ApiOffsetsTest, ListOffsetsLatestEarliestAndByTime) {
  int64_t start = 0;
  b_.log().DeleteRecordsBefore("t", 0, 2, &start);
  EXPECT_EQ(ListOne(b_, 1, -1).offset, 5);
  EXPECT_EQ(ListOne(b_, 1, -1).timestamp, -1);
  EXPECT_EQ(ListOne(b_, 1, -2).offset, 2);
  OffsetOut by_time = ListOne(b_, 6, 150);
  EXPECT_EQ(by_time.error, 0);
  EXPECT_EQ(by_time.offset, 2);
  EXPECT_EQ(by_time.leader_epoch, 0);
  EXPECT_EQ(ListOne(b_, 5, 999).offset, -1);
  OffsetOut max = ListOne(b_, 7, -3);
  EXPECT_EQ(max.offset, 4);
  EXPECT_EQ(max.timestamp, 202);
}

TEST_F(ApiOffsetsTest, ListOffsetsErrors) {
  EXPECT_EQ(ListOne(b_, 3, -1, 1).error, Code(ErrorCode::kUnknownTopicOrPartition));
  OffsetOut fenced = ListOne(b_, 4, -1, 0, 3);
  EXPECT_EQ(fenced.error, Code(ErrorCode::kUnknownLeaderEpoch));
  EXPECT_EQ(fenced.offset, -1);
  EXPECT_EQ(fenced.leader_epoch, -1);
  EXPECT_EQ(ListOne(b_, 6, -3).error, Code(ErrorCode::kUnsupportedVersion));
  EXPECT_EQ(ListOne(b_, 7, -4).error, Code(ErrorCode::kInvalidRequest));
}

TEST_F(ApiOffsetsTest, OffsetForLeaderEpochAnswersTheLogEnd) {
  for (int16_t v : {0, 2, 3, 4}) {
    bool flex = v >= 4;
    auto res = b_.Call(HandleOffsetForLeaderEpoch, v, flex, Frame(flex, [&](Writer& w) {
                         if (v >= 3) w.Int32(-1);
                         w.ArrayLength(2);
                         for (const char* name : {"t", "nope"}) {
                           w.Str(name);
                           w.ArrayLength(1);
                           w.Int32(0);
                           if (v >= 2) w.Int32(0);
                           w.Int32(0);
                           w.EmptyTaggedFields();
                           w.EmptyTaggedFields();
                         }
                         w.EmptyTaggedFields();
                       }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    Reader r(res.body, flex);
    if (v >= 2) {
      EXPECT_EQ(r.Int32(), 0);
    }
    EXPECT_EQ(r.ArrayLength(), 2);
    EXPECT_EQ(r.Str(), "t");
    EXPECT_EQ(r.ArrayLength(), 1);
    EXPECT_EQ(r.Int16(), 0);
    EXPECT_EQ(r.Int32(), 0);
    if (v >= 1) {
      EXPECT_EQ(r.Int32(), 0);
    }
    EXPECT_EQ(r.Int64(), 5);
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    EXPECT_EQ(r.Str(), "nope");
    EXPECT_EQ(r.ArrayLength(), 1);
    EXPECT_EQ(r.Int16(), Code(ErrorCode::kUnknownTopicOrPartition));
    EXPECT_EQ(r.Int32(), 0);
    if (v >= 1) {
      EXPECT_EQ(r.Int32(), -1);
    }
    EXPECT_EQ(r.Int64(), -1);
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u) << "version " << v;
  }
}

TEST_F(ApiOffsetsTest, DeleteRecordsMovesTheLowWatermark) {
  for (int16_t v : {0, 2}) {
    bool flex = v >= 2;
    auto res = b_.Call(HandleDeleteRecords, v, flex, Frame(flex, [&](Writer& w) {
                         w.ArrayLength(1);
                         w.Str("t");
                         w.ArrayLength(3);
                         w.Int32(0);
                         w.Int64(v == 0 ? 3 : -1);  // -1: up to the log end
                         w.EmptyTaggedFields();
                         w.Int32(0);
                         w.Int64(99);
                         w.EmptyTaggedFields();
                         w.Int32(4);
                         w.Int64(0);
                         w.EmptyTaggedFields();
                         w.EmptyTaggedFields();
                         w.Int32(1000);
                         w.EmptyTaggedFields();
                       }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    Reader r(res.body, flex);
    EXPECT_EQ(r.Int32(), 0);
    EXPECT_EQ(r.ArrayLength(), 1);
    EXPECT_EQ(r.Str(), "t");
    EXPECT_EQ(r.ArrayLength(), 3);
    EXPECT_EQ(r.Int32(), 0);
    EXPECT_EQ(r.Int64(), v == 0 ? 3 : 5);
    EXPECT_EQ(r.Int16(), 0);
    r.SkipTaggedFields();
    EXPECT_EQ(r.Int32(), 0);
    EXPECT_EQ(r.Int64(), -1);
    EXPECT_EQ(r.Int16(), Code(ErrorCode::kOffsetOutOfRange));
    r.SkipTaggedFields();
    EXPECT_EQ(r.Int32(), 4);
    EXPECT_EQ(r.Int64(), -1);
    EXPECT_EQ(r.Int16(), Code(ErrorCode::kUnknownTopicOrPartition));
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
  }
}

struct ProducerOut {
  int16_t error = 0;
  int64_t id = 0;
  int16_t epoch = 0;
};

ProducerOut InitProducer(TestBroker& b, int16_t version, std::optional<std::string> txn,
                         int64_t id = -1, int16_t epoch = -1) {
  bool flex = version >= 2;
  auto res = b.Call(HandleInitProducerId, version, flex, Frame(flex, [&](Writer& w) {
                      w.NullableStr(txn);
                      w.Int32(60000);
                      if (version >= 3) {
                        w.Int64(id);
                        w.Int16(epoch);
                      }
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  Reader r(res.body, flex);
  EXPECT_EQ(r.Int32(), 0);
  ProducerOut o;
  o.error = r.Int16();
  o.id = r.Int64();
  o.epoch = r.Int16();
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return o;
}

TEST(ApiInitProducerIdTest, IdsEpochBumpsAndNoTransactions) {
  TestBroker b;
  ProducerOut first = InitProducer(b, 0, std::nullopt);
  EXPECT_EQ(first.error, 0);
  EXPECT_EQ(first.epoch, 0);
  ProducerOut second = InitProducer(b, 2, std::nullopt);
  EXPECT_NE(second.id, first.id);
  ProducerOut bumped = InitProducer(b, 4, std::nullopt, second.id, 0);
  EXPECT_EQ(bumped.id, second.id);
  EXPECT_EQ(bumped.epoch, 1);
  ProducerOut exhausted = InitProducer(b, 3, std::nullopt, second.id, 32766);
  EXPECT_NE(exhausted.id, second.id);
  EXPECT_EQ(exhausted.epoch, 0);
  EXPECT_EQ(InitProducer(b, 3, std::nullopt, 5, -1).error, Code(ErrorCode::kInvalidRequest));
  ProducerOut txn = InitProducer(b, 1, "tx-1");
  EXPECT_EQ(txn.error, Code(ErrorCode::kTransactionalIdAuthorizationFailed));
  EXPECT_EQ(txn.id, -1);
  EXPECT_EQ(txn.epoch, -1);
}

}  // namespace
}  // namespace riffle::broker
