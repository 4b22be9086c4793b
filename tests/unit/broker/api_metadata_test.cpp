// Metadata: brokers, cluster, controller, topics by name/id, auto-creation, errors.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/broker/api_util.h"
#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

struct TopicOut {
  int16_t error = 0;
  std::optional<std::string> name;
  std::string id;
  int32_t partitions = 0;
};

// Decodes a Metadata response checking the broker list and each partition's fixed fields.
std::vector<TopicOut> DecodeMetadata(int16_t version, bool flexible, const std::string& body,
                                     const BrokerIdentity& id) {
  Reader r(body, flexible);
  if (version >= 3) {
    EXPECT_EQ(r.Int32(), 0);
  }
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int32(), id.node_id);
  EXPECT_EQ(r.Str(), id.host);
  EXPECT_EQ(r.Int32(), id.port);
  if (version >= 1) {
    EXPECT_EQ(r.NullableStr(), std::nullopt);
  }
  r.SkipTaggedFields();
  if (version >= 2) {
    EXPECT_EQ(r.NullableStr(), id.cluster_id);
  }
  if (version >= 1) {
    EXPECT_EQ(r.Int32(), id.node_id);
  }
  std::vector<TopicOut> topics;
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    TopicOut t;
    t.error = r.Int16();
    t.name = r.NullableStr();
    if (version >= 10) t.id = r.Uuid();
    if (version >= 1) {
      EXPECT_FALSE(r.Bool());
    }
    t.partitions = r.ArrayLength();
    for (int32_t p = 0; p < t.partitions; ++p) {
      EXPECT_EQ(r.Int16(), 0);
      EXPECT_EQ(r.Int32(), p);
      EXPECT_EQ(r.Int32(), id.node_id);
      if (version >= 7) {
        EXPECT_EQ(r.Int32(), 0);
      }
      EXPECT_EQ(r.ArrayLength(), 1);
      EXPECT_EQ(r.Int32(), id.node_id);
      EXPECT_EQ(r.ArrayLength(), 1);
      EXPECT_EQ(r.Int32(), id.node_id);
      if (version >= 5) {
        EXPECT_EQ(r.ArrayLength(), 0);
      }
      r.SkipTaggedFields();
    }
    if (version >= 8) {
      EXPECT_EQ(r.Int32(), kUnknownAuthorizedOperations);
    }
    r.SkipTaggedFields();
    topics.push_back(t);
  }
  if (version >= 8 && version <= 10) {
    EXPECT_EQ(r.Int32(), kUnknownAuthorizedOperations);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return topics;
}

TEST(ApiMetadataTest, V0EmptyListMeansAllTopics) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("b", 2, {}, false, &m);
  b.log().CreateTopic("a", 1, {}, false, &m);
  auto res = b.Call(HandleMetadata, 0, false, Frame(false, [](Writer& w) { w.ArrayLength(0); }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  auto topics = DecodeMetadata(0, false, res.body, b.identity());
  ASSERT_EQ(topics.size(), 2u);
  EXPECT_EQ(topics[0].name, "a");
  EXPECT_EQ(topics[0].partitions, 1);
  EXPECT_EQ(topics[1].name, "b");
  EXPECT_EQ(topics[1].partitions, 2);
}

TEST(ApiMetadataTest, V1EmptyListMeansNoTopicsAndNullMeansAll) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("a", 1, {}, false, &m);
  auto none = b.Call(HandleMetadata, 1, false, Frame(false, [](Writer& w) { w.ArrayLength(0); }));
  EXPECT_TRUE(DecodeMetadata(1, false, none.body, b.identity()).empty());
  auto all = b.Call(HandleMetadata, 1, false, Frame(false, [](Writer& w) { w.ArrayLength(-1); }));
  EXPECT_EQ(DecodeMetadata(1, false, all.body, b.identity()).size(), 1u);
}

TEST(ApiMetadataTest, OldVersionsAutoCreateUnknownTopics) {
  TestBroker b;
  auto res = b.Call(HandleMetadata, 3, false, Frame(false, [](Writer& w) {
                      w.ArrayLength(1);
                      w.Str("orders");
                    }));
  auto topics = DecodeMetadata(3, false, res.body, b.identity());
  ASSERT_EQ(topics.size(), 1u);
  EXPECT_EQ(topics[0].error, 0);
  EXPECT_EQ(topics[0].partitions, kAutoCreatePartitions);
  EXPECT_NE(b.log().FindTopic("orders"), nullptr);
  EXPECT_EQ(b.notifications(), 1);
}

TEST(ApiMetadataTest, V4HonoursAllowAutoTopicCreationAndRejectsBadNames) {
  TestBroker b;
  auto encode = [](bool allow) {
    return Frame(false, [&](Writer& w) {
      w.ArrayLength(2);
      w.Str("orders");
      w.Str("bad name!");
      w.Bool(allow);
    });
  };
  auto off =
      DecodeMetadata(4, false, b.Call(HandleMetadata, 4, false, encode(false)).body, b.identity());
  ASSERT_EQ(off.size(), 2u);
  EXPECT_EQ(off[0].error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(off[0].partitions, 0);
  EXPECT_EQ(off[1].error, Code(ErrorCode::kInvalidTopicException));
  EXPECT_EQ(b.log().FindTopic("orders"), nullptr);
  auto on =
      DecodeMetadata(4, false, b.Call(HandleMetadata, 4, false, encode(true)).body, b.identity());
  EXPECT_EQ(on[0].error, 0);
  EXPECT_EQ(on[1].error, Code(ErrorCode::kInvalidTopicException));
}

TEST(ApiMetadataTest, V9FlexibleAndV8AuthorizedOperations) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("t", 3, {}, false, &m);
  for (int16_t v : {8, 9}) {
    bool flex = v >= 9;
    auto res = b.Call(HandleMetadata, v, flex, Frame(flex, [](Writer& w) {
                        w.ArrayLength(1);
                        w.Str("t");
                        w.EmptyTaggedFields();
                        w.Bool(false);
                        w.Bool(true);
                        w.Bool(true);
                        w.EmptyTaggedFields();
                      }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    auto topics = DecodeMetadata(v, flex, res.body, b.identity());
    ASSERT_EQ(topics.size(), 1u);
    EXPECT_EQ(topics[0].partitions, 3);
  }
}

TEST(ApiMetadataTest, V12TopicsByIdAndByName) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("t", 2, {}, false, &m);
  const std::string id = b.log().FindTopic("t")->id;
  auto res = b.Call(HandleMetadata, 12, true, Frame(true, [&](Writer& w) {
                      w.ArrayLength(3);
                      w.Uuid(id);  // by id
                      w.NullStr();
                      w.EmptyTaggedFields();
                      w.Uuid(FakeTopicId(99));  // unknown id
                      w.NullStr();
                      w.EmptyTaggedFields();
                      w.Uuid("");  // by name
                      w.Str("t");
                      w.EmptyTaggedFields();
                      w.Bool(false);
                      w.Bool(false);
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  auto topics = DecodeMetadata(12, true, res.body, b.identity());
  ASSERT_EQ(topics.size(), 3u);
  EXPECT_EQ(topics[0].name, "t");
  EXPECT_EQ(topics[0].id, id);
  EXPECT_EQ(topics[0].partitions, 2);
  EXPECT_EQ(topics[1].error, Code(ErrorCode::kUnknownTopicId));
  EXPECT_EQ(topics[1].name, std::nullopt);
  EXPECT_EQ(topics[1].id, std::string(16, '\0'));
  EXPECT_EQ(topics[2].name, "t");
  EXPECT_EQ(topics[2].id, id);
}

}  // namespace
}  // namespace riffle::broker
