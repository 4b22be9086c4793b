// Produce: appends, per-partition errors, acks, transactions refused, response layout.

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

std::string ProduceFrame(bool flexible, std::optional<std::string> txn, int16_t acks,
                         const std::string& topic, int32_t partition,
                         std::optional<std::string> records) {
  return Frame(flexible, [&](Writer& w) {
    w.NullableStr(txn);
    w.Int16(acks);
    w.Int32(30000);
    w.ArrayLength(1);
    w.Str(topic);
    w.ArrayLength(1);
    w.Int32(partition);
    if (records) {
      w.Bytes(*records);
    } else {
      w.NullBytes();
    }
    w.EmptyTaggedFields();
    w.EmptyTaggedFields();
    w.EmptyTaggedFields();
  });
}

struct PartitionOut {
  int32_t index = 0;
  int16_t error = 0;
  int64_t base_offset = 0;
  int64_t log_append_time = 0;
  int64_t log_start_offset = 0;
  std::optional<std::string> message;
};

PartitionOut DecodeOne(int16_t version, bool flexible, const std::string& body,
                       const std::string& topic) {
  Reader r(body, flexible);
  PartitionOut p;
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Str(), topic);
  EXPECT_EQ(r.ArrayLength(), 1);
  p.index = r.Int32();
  p.error = r.Int16();
  p.base_offset = r.Int64();
  p.log_append_time = r.Int64();
  if (version >= 5) p.log_start_offset = r.Int64();
  if (version >= 8) {
    EXPECT_EQ(r.ArrayLength(), 0);
    p.message = r.NullableStr();
  }
  r.SkipTaggedFields();
  r.SkipTaggedFields();
  EXPECT_EQ(r.Int32(), 0);  // throttle_time_ms comes last
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return p;
}

class ApiProduceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string m;
    ASSERT_EQ(b_.log().CreateTopic("t", 2, {}, false, &m), ErrorCode::kNone);
  }
  TestBroker b_;
};

TEST_F(ApiProduceTest, V3AppendsAndAnswersBaseOffsets) {
  for (int i = 0; i < 2; ++i) {
    auto res = b_.Call(HandleProduce, 3, false,
                       ProduceFrame(false, std::nullopt, 1, "t", 1, MakeBatch(3, 100)));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    EXPECT_FALSE(res.pending);
    EXPECT_FALSE(res.no_response);
    PartitionOut p = DecodeOne(3, false, res.body, "t");
    EXPECT_EQ(p.index, 1);
    EXPECT_EQ(p.error, 0);
    EXPECT_EQ(p.base_offset, 3 * i);
    EXPECT_EQ(p.log_append_time, -1);
  }
  int64_t start = 0, end = 0;
  b_.log().Offsets("t", 1, &start, &end);
  EXPECT_EQ(end, 6);
  EXPECT_EQ(b_.notifications(), 2);
}

TEST_F(ApiProduceTest, V9FlexibleCarriesLogStartOffsetAndMessage) {
  std::string m;
  b_.log().SetConfig("t", {{"message.timestamp.type", "LogAppendTime"}}, false, false, &m);
  b_.now_ms = 5555;
  auto res = b_.Call(HandleProduce, 9, true,
                     ProduceFrame(true, std::nullopt, -1, "t", 0, MakeBatch(2, 1)));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  PartitionOut p = DecodeOne(9, true, res.body, "t");
  EXPECT_EQ(p.error, 0);
  EXPECT_EQ(p.base_offset, 0);
  EXPECT_EQ(p.log_append_time, 5555);
  EXPECT_EQ(p.log_start_offset, 0);
  EXPECT_EQ(p.message, std::nullopt);
}

TEST_F(ApiProduceTest, PerPartitionErrors) {
  auto unknown = DecodeOne(8, false,
                           b_.Call(HandleProduce, 8, false,
                                   ProduceFrame(false, std::nullopt, 1, "t", 2, MakeBatch(1, 1)))
                               .body,
                           "t");
  EXPECT_EQ(unknown.error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(unknown.base_offset, -1);
  EXPECT_EQ(unknown.log_start_offset, -1);

  auto no_topic =
      DecodeOne(5, false,
                b_.Call(HandleProduce, 5, false,
                        ProduceFrame(false, std::nullopt, 1, "nope", 0, MakeBatch(1, 1)))
                    .body,
                "nope");
  EXPECT_EQ(no_topic.error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(b_.log().FindTopic("nope"), nullptr);  // produce never creates topics

  auto bad_acks = DecodeOne(7, false,
                            b_.Call(HandleProduce, 7, false,
                                    ProduceFrame(false, std::nullopt, 2, "t", 0, MakeBatch(1, 1)))
                                .body,
                            "t");
  EXPECT_EQ(bad_acks.error, Code(ErrorCode::kInvalidRequiredAcks));

  auto txn = DecodeOne(
      8, false,
      b_.Call(HandleProduce, 8, false, ProduceFrame(false, "tx", 1, "t", 0, MakeBatch(1, 1))).body,
      "t");
  EXPECT_EQ(txn.error, Code(ErrorCode::kTransactionalIdAuthorizationFailed));
  ASSERT_TRUE(txn.message);

  auto corrupt = DecodeOne(
      8, false,
      b_.Call(HandleProduce, 8, false, ProduceFrame(false, std::nullopt, 1, "t", 0, "garbage"))
          .body,
      "t");
  EXPECT_EQ(corrupt.error, Code(ErrorCode::kCorruptMessage));
  EXPECT_EQ(corrupt.base_offset, -1);
  EXPECT_TRUE(corrupt.message);

  int64_t start = 0, end = 0;
  b_.log().Offsets("t", 0, &start, &end);
  EXPECT_EQ(end, 0);
  EXPECT_EQ(b_.notifications(), 0);
}

TEST_F(ApiProduceTest, NullRecordsAppendNothing) {
  auto p = DecodeOne(
      5, false,
      b_.Call(HandleProduce, 5, false, ProduceFrame(false, std::nullopt, 1, "t", 0, std::nullopt))
          .body,
      "t");
  EXPECT_EQ(p.error, 0);
  EXPECT_EQ(p.base_offset, -1);
  EXPECT_EQ(b_.notifications(), 0);
}

TEST_F(ApiProduceTest, AcksZeroAppendsWithoutResponse) {
  auto res =
      b_.Call(HandleProduce, 9, true, ProduceFrame(true, std::nullopt, 0, "t", 0, MakeBatch(4, 1)));
  EXPECT_TRUE(res.no_response);
  EXPECT_TRUE(res.body.empty());
  int64_t start = 0, end = 0;
  b_.log().Offsets("t", 0, &start, &end);
  EXPECT_EQ(end, 4);
  EXPECT_EQ(b_.notifications(), 1);
}

TEST_F(ApiProduceTest, AcksZeroFailureClosesTheConnection) {
  // Kafka closes the connection: a producer that asked for no answer learns of the failure so.
  EXPECT_THROW(b_.Call(HandleProduce, 3, false,
                       ProduceFrame(false, std::nullopt, 0, "nope", 0, MakeBatch(1, 1))),
               ProtocolError);
}

}  // namespace
}  // namespace riffle::broker
