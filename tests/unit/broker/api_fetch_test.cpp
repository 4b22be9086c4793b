// Fetch: reads, size limits, errors, sessions refused, long polling.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"
#include "tests/unit/broker/fetch_frames.h"

namespace riffle::broker {
namespace {

class ApiFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string m;
    ASSERT_EQ(b_.log().CreateTopic("t", 2, {}, false, &m), ErrorCode::kNone);
  }
  void Append(int32_t partition, int32_t records, size_t payload = 20) {
    ASSERT_EQ(b_.log().Append("t", partition, MakeBatch(records, 10, payload), 0).error,
              ErrorCode::kNone);
  }
  TestBroker b_;
};

TEST_F(ApiFetchTest, V4ReadsBatchesFromTheOffset) {
  Append(0, 2);
  Append(0, 3);
  const size_t batch = MakeBatch(1, 0).size();
  FetchArgs a;
  a.wants = {{"t", 0, 2}, {"t", 1, 0}};
  auto res = b_.Call(HandleFetch, 4, false, FetchFrame(4, a));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  ASSERT_FALSE(res.pending);
  FetchOut f = DecodeFetch(4, res.body);
  ASSERT_EQ(f.parts.size(), 2u);
  EXPECT_EQ(f.parts[0].error, 0);
  EXPECT_EQ(f.parts[0].high_watermark, 5);
  EXPECT_EQ(f.parts[0].aborted, -1);  // read_uncommitted: null
  ASSERT_EQ(f.parts[0].records.size(), batch);
  EXPECT_EQ(LoadBE64(f.parts[0].records.data()), 2);  // the batch that holds offset 2
  EXPECT_EQ(f.parts[1].high_watermark, 0);
  EXPECT_TRUE(f.parts[1].records.empty());
}

TEST_F(ApiFetchTest, V12FlexibleWithLogStartAndReadCommitted) {
  Append(1, 4);
  FetchArgs a;
  a.isolation_level = 1;
  a.session_epoch = 0;  // a client asking for a new session gets session id 0
  a.wants = {{"t", 1, 0}};
  auto res = b_.Call(HandleFetch, 12, true, FetchFrame(12, a));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  FetchOut f = DecodeFetch(12, res.body);
  EXPECT_EQ(f.error, 0);
  ASSERT_EQ(f.parts.size(), 1u);
  EXPECT_EQ(f.parts[0].high_watermark, 4);
  EXPECT_EQ(f.parts[0].log_start_offset, 0);
  EXPECT_EQ(f.parts[0].aborted, 0);
  EXPECT_EQ(f.parts[0].records, [&] {
    std::string out;
    b_.log().Read("t", 1, 0, 1 << 20, &out);
    return out;
  }());
}

TEST_F(ApiFetchTest, PartitionErrors) {
  Append(0, 2);
  std::string m;
  b_.log().CreateTopic("u", 1, {}, false, &m);
  FetchArgs a;
  a.max_wait_ms = 500;
  a.wants = {{"t", 0, 3}, {"nope", 0, 0}, {"t", 5, 0}, {"u", 0, 0, 1 << 20, 1}};
  auto res = b_.Call(HandleFetch, 9, false, FetchFrame(9, a));
  ASSERT_FALSE(res.pending);  // errors answer at once
  FetchOut f = DecodeFetch(9, res.body);
  ASSERT_EQ(f.parts.size(), 4u);
  EXPECT_EQ(f.parts[0].error, Code(ErrorCode::kOffsetOutOfRange));
  EXPECT_EQ(f.parts[0].high_watermark, -1);
  EXPECT_EQ(f.parts[1].error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(f.parts[2].error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(f.parts[3].error, Code(ErrorCode::kUnknownLeaderEpoch));
}

TEST_F(ApiFetchTest, SessionsAreRefused) {
  FetchArgs a;
  a.session_id = 12;
  a.session_epoch = 3;
  a.wants = {{"t", 0, 0}};
  FetchOut f = DecodeFetch(7, b_.Call(HandleFetch, 7, false, FetchFrame(7, a)).body);
  EXPECT_EQ(f.error, Code(ErrorCode::kFetchSessionIdNotFound));
  EXPECT_TRUE(f.parts.empty());
  a.session_id = 0;
  f = DecodeFetch(7, b_.Call(HandleFetch, 7, false, FetchFrame(7, a)).body);
  EXPECT_EQ(f.error, Code(ErrorCode::kInvalidFetchSessionEpoch));
}

TEST_F(ApiFetchTest, PartitionMaxBytesAndMaxBytes) {
  const size_t batch = MakeBatch(1, 0, 100).size();
  for (int i = 0; i < 3; ++i) Append(0, 1, 100);
  for (int i = 0; i < 3; ++i) Append(1, 1, 100);
  FetchArgs a;
  // Partition 0 may take two batches; the response as a whole three.
  a.max_bytes = static_cast<int32_t>(3 * batch);
  a.wants = {{"t", 0, 0, static_cast<int32_t>(2 * batch)}, {"t", 1, 0, 1 << 20}};
  FetchOut f = DecodeFetch(11, b_.Call(HandleFetch, 11, false, FetchFrame(11, a)).body);
  ASSERT_EQ(f.parts.size(), 2u);
  EXPECT_EQ(f.parts[0].records.size(), 2 * batch);
  EXPECT_EQ(f.parts[1].records.size(), batch);

  // A first batch larger than every limit is still returned; a later one is not.
  a.max_bytes = 10;
  a.wants = {{"t", 0, 0, 10}, {"t", 1, 0, 10}};
  f = DecodeFetch(11, b_.Call(HandleFetch, 11, false, FetchFrame(11, a)).body);
  EXPECT_EQ(f.parts[0].records.size(), batch);
  EXPECT_TRUE(f.parts[1].records.empty());
  EXPECT_EQ(f.parts[1].high_watermark, 3);
  EXPECT_EQ(f.parts[1].error, 0);

  // max_bytes bounds the first partition too, beyond its first batch.
  a.max_bytes = static_cast<int32_t>(batch);
  a.wants = {{"t", 0, 0, 1 << 20}};
  f = DecodeFetch(11, b_.Call(HandleFetch, 11, false, FetchFrame(11, a)).body);
  EXPECT_EQ(f.parts[0].records.size(), batch);
}

TEST_F(ApiFetchTest, LongPollParksUntilAnAppend) {
  FetchArgs a;
  a.max_wait_ms = 500;
  a.wants = {{"t", 0, 0}};
  auto res = b_.Call(HandleFetch, 12, true, FetchFrame(12, a));
  ASSERT_TRUE(res.pending);
  EXPECT_TRUE(res.body.empty());
  EXPECT_EQ(res.pending->deadline_ms, b_.now_ms + 500);
  // Nothing changed: stays parked.
  EXPECT_FALSE(b_.Resume(*res.pending, true, false));
  Append(0, 2);
  auto body = b_.Resume(*res.pending, true, false);
  ASSERT_TRUE(body);
  FetchOut f = DecodeFetch(12, *body);
  ASSERT_EQ(f.parts.size(), 1u);
  EXPECT_EQ(f.parts[0].high_watermark, 2);
  EXPECT_FALSE(f.parts[0].records.empty());
}

TEST_F(ApiFetchTest, LongPollWaitsForMinBytesAndAnswersEmptyWhenExpired) {
  Append(0, 1);
  FetchArgs a;
  a.max_wait_ms = 100;
  a.min_bytes = 1 << 20;
  a.wants = {{"t", 0, 0}};
  auto res = b_.Call(HandleFetch, 4, false, FetchFrame(4, a));
  ASSERT_TRUE(res.pending);
  EXPECT_FALSE(b_.Resume(*res.pending, false, false));
  b_.now_ms += 100;
  auto body = b_.Resume(*res.pending, false, true);
  ASSERT_TRUE(body);
  FetchOut f = DecodeFetch(4, *body);
  EXPECT_EQ(f.parts[0].error, 0);
  EXPECT_FALSE(f.parts[0].records.empty());  // what there is, even below min_bytes

  // Expired with nothing at all: an empty answer.
  a.min_bytes = 1;
  a.wants = {{"t", 1, 0}};
  res = b_.Call(HandleFetch, 4, false, FetchFrame(4, a));
  ASSERT_TRUE(res.pending);
  body = b_.Resume(*res.pending, false, true);
  ASSERT_TRUE(body);
  f = DecodeFetch(4, *body);
  EXPECT_TRUE(f.parts[0].records.empty());
  EXPECT_EQ(f.parts[0].high_watermark, 0);
}

TEST_F(ApiFetchTest, ParkedFetchAnswersWhenItsTopicIsDeleted) {
  FetchArgs a;
  a.max_wait_ms = 500;
  a.wants = {{"t", 0, 0}};
  auto res = b_.Call(HandleFetch, 10, false, FetchFrame(10, a));
  ASSERT_TRUE(res.pending);
  b_.log().DeleteTopic("t");
  auto body = b_.Resume(*res.pending, false, false);
  ASSERT_TRUE(body);
  EXPECT_EQ(DecodeFetch(10, *body).parts[0].error, Code(ErrorCode::kUnknownTopicOrPartition));
}

TEST_F(ApiFetchTest, NoWaitAnswersAtOnce) {
  FetchArgs a;
  a.max_wait_ms = 0;
  a.wants = {{"t", 0, 0}};
  auto res = b_.Call(HandleFetch, 6, false, FetchFrame(6, a));
  EXPECT_FALSE(res.pending);
  EXPECT_TRUE(DecodeFetch(6, res.body).parts[0].records.empty());
}

}  // namespace
}  // namespace riffle::broker
