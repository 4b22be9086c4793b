// Every handler, given every strict prefix of a well-formed request, throws ProtocolError: the
// decoders read every field before acting, so a short frame never half-applies a request and
// never reads past its end (this runs under ASan/UBSan in CI).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

struct Case {
  const char* name;
  ApiHandler handler;
  int16_t version;
  bool flexible;
  std::function<void(Writer&)> encode;
};

// Writes the topic/partition layout common to several APIs: one topic "t", partition 0, with
// `fields` writing the partition's fields.
void OneTopic(Writer& w, const std::function<void(Writer&)>& fields) {
  w.ArrayLength(1);
  w.Str("t");
  w.ArrayLength(1);
  fields(w);
  w.EmptyTaggedFields();
  w.EmptyTaggedFields();
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (int16_t v : {3, 9}) {
    cases.push_back({"Produce", HandleProduce, v, v >= 9, [](Writer& w) {
                       w.NullStr();
                       w.Int16(1);
                       w.Int32(1000);
                       OneTopic(w, [](Writer& w) {
                         w.Int32(0);
                         w.Bytes(MakeBatch(2, 1));
                       });
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {4, 12}) {
    cases.push_back({"Fetch", HandleFetch, v, v >= 12, [v](Writer& w) {
                       w.Int32(-1);
                       w.Int32(0);
                       w.Int32(1);
                       w.Int32(1 << 20);
                       w.Int8(0);
                       if (v >= 7) {
                         w.Int32(0);
                         w.Int32(-1);
                       }
                       OneTopic(w, [v](Writer& w) {
                         w.Int32(0);
                         if (v >= 9) w.Int32(-1);
                         w.Int64(0);
                         if (v >= 12) w.Int32(-1);
                         if (v >= 5) w.Int64(-1);
                         w.Int32(1 << 20);
                       });
                       if (v >= 7) {
                         w.ArrayLength(1);
                         w.Str("x");
                         w.ArrayLength(1);
                         w.Int32(0);
                         w.EmptyTaggedFields();
                       }
                       if (v >= 11) w.Str("rack");
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {1, 7}) {
    cases.push_back({"ListOffsets", HandleListOffsets, v, v >= 6, [v](Writer& w) {
                       w.Int32(-1);
                       if (v >= 2) w.Int8(0);
                       OneTopic(w, [v](Writer& w) {
                         w.Int32(0);
                         if (v >= 4) w.Int32(-1);
                         w.Int64(-1);
                       });
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 4, 12}) {
    cases.push_back({"Metadata", HandleMetadata, v, v >= 9, [v](Writer& w) {
                       w.ArrayLength(1);
                       if (v >= 10) w.Uuid("");
                       w.Str("t");
                       w.EmptyTaggedFields();
                       if (v >= 4) w.Bool(true);
                       if (v >= 8 && v <= 10) w.Bool(false);
                       if (v >= 8) w.Bool(false);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 5}) {
    cases.push_back({"CreateTopics", HandleCreateTopics, v, v >= 5, [v](Writer& w) {
                       w.ArrayLength(1);
                       w.Str("new");
                       w.Int32(-1);
                       w.Int16(-1);
                       w.ArrayLength(1);
                       w.Int32(0);
                       w.ArrayLength(1);
                       w.Int32(7);
                       w.EmptyTaggedFields();
                       w.ArrayLength(1);
                       w.Str("retention.ms");
                       w.Str("10");
                       w.EmptyTaggedFields();
                       w.EmptyTaggedFields();
                       w.Int32(1000);
                       if (v >= 1) w.Bool(false);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {1, 4, 6}) {
    cases.push_back({"DeleteTopics", HandleDeleteTopics, v, v >= 4, [v](Writer& w) {
                       w.ArrayLength(1);
                       if (v >= 6) {
                         w.Str("t");
                         w.Uuid("");
                         w.EmptyTaggedFields();
                       } else {
                         w.Str("t");
                       }
                       w.Int32(1000);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 2}) {
    cases.push_back({"CreatePartitions", HandleCreatePartitions, v, v >= 2, [](Writer& w) {
                       w.ArrayLength(1);
                       w.Str("t");
                       w.Int32(2);
                       w.ArrayLength(1);
                       w.ArrayLength(1);
                       w.Int32(7);
                       w.EmptyTaggedFields();
                       w.EmptyTaggedFields();
                       w.Int32(1000);
                       w.Bool(false);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 2}) {
    cases.push_back({"DeleteRecords", HandleDeleteRecords, v, v >= 2, [](Writer& w) {
                       OneTopic(w, [](Writer& w) {
                         w.Int32(0);
                         w.Int64(1);
                       });
                       w.Int32(1000);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 4}) {
    cases.push_back({"InitProducerId", HandleInitProducerId, v, v >= 2, [v](Writer& w) {
                       w.NullStr();
                       w.Int32(1000);
                       if (v >= 3) {
                         w.Int64(-1);
                         w.Int16(-1);
                       }
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 4}) {
    cases.push_back({"OffsetForLeaderEpoch", HandleOffsetForLeaderEpoch, v, v >= 4, [v](Writer& w) {
                       if (v >= 3) w.Int32(-1);
                       OneTopic(w, [v](Writer& w) {
                         w.Int32(0);
                         if (v >= 2) w.Int32(0);
                         w.Int32(0);
                       });
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 4}) {
    cases.push_back({"DescribeConfigs", HandleDescribeConfigs, v, v >= 4, [v](Writer& w) {
                       w.ArrayLength(1);
                       w.Int8(2);
                       w.Str("t");
                       w.ArrayLength(1);
                       w.Str("retention.ms");
                       w.EmptyTaggedFields();
                       if (v >= 1) w.Bool(true);
                       if (v >= 3) w.Bool(false);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 2}) {
    cases.push_back({"AlterConfigs", HandleAlterConfigs, v, v >= 2, [](Writer& w) {
                       w.ArrayLength(1);
                       w.Int8(2);
                       w.Str("t");
                       w.ArrayLength(1);
                       w.Str("retention.ms");
                       w.Str("5");
                       w.EmptyTaggedFields();
                       w.EmptyTaggedFields();
                       w.Bool(false);
                       w.EmptyTaggedFields();
                     }});
  }
  for (int16_t v : {0, 1}) {
    cases.push_back(
        {"IncrementalAlterConfigs", HandleIncrementalAlterConfigs, v, v >= 1, [](Writer& w) {
           w.ArrayLength(1);
           w.Int8(2);
           w.Str("t");
           w.ArrayLength(1);
           w.Str("retention.ms");
           w.Int8(0);
           w.Str("5");
           w.EmptyTaggedFields();
           w.EmptyTaggedFields();
           w.Bool(false);
           w.EmptyTaggedFields();
         }});
  }
  for (int16_t v : {0, 1}) {
    cases.push_back({"DescribeCluster", HandleDescribeCluster, v, true, [v](Writer& w) {
                       w.Bool(false);
                       if (v >= 1) w.Int8(1);
                       w.EmptyTaggedFields();
                     }});
  }
  return cases;
}

void Seed(TestBroker& b) {
  std::string m;
  b.log().CreateTopic("t", 1, {}, false, &m);
  b.log().Append("t", 0, MakeBatch(3, 1), 0);
}

TEST(ApiTruncationTest, EveryPrefixOfEveryRequestThrowsProtocolError) {
  int prefixes = 0;
  for (const Case& c : Cases()) {
    SCOPED_TRACE(std::string(c.name) + " v" + std::to_string(c.version));
    const std::string frame = Frame(c.flexible, c.encode);
    {
      TestBroker b;
      Seed(b);
      HandlerResult whole;
      ASSERT_NO_THROW(whole = b.Call(c.handler, c.version, c.flexible, frame));
      EXPECT_EQ(whole.unread_request_bytes, 0u);
      EXPECT_TRUE(whole.pending || whole.no_response || !whole.body.empty());
    }
    for (size_t len = 0; len < frame.size(); ++len) {
      TestBroker b;
      Seed(b);
      // A copy of exactly `len` bytes, so ASan catches any read past the prefix.
      std::string prefix = frame.substr(0, len);
      EXPECT_THROW(b.Call(c.handler, c.version, c.flexible, prefix), ProtocolError)
          << "prefix of " << len << " bytes";
      EXPECT_EQ(b.notifications(), 0);
      EXPECT_EQ(b.log().TopicNames(), std::vector<std::string>{"t"});
      ++prefixes;
    }
  }
  EXPECT_GT(prefixes, 500);
}

TEST(ApiTruncationTest, HugeArrayCountsAreRefusedBeforeAllocating) {
  TestBroker b;
  std::string frame = Frame(false, [](Writer& w) {
    w.Int32(0x7fffffff);  // topics
  });
  EXPECT_THROW(b.Call(HandleMetadata, 1, false, frame), ProtocolError);
  EXPECT_THROW(b.Call(HandleDescribeConfigs, 0, false, frame), ProtocolError);
  std::string produce = Frame(true, [](Writer& w) {
    w.NullStr();
    w.Int16(1);
    w.Int32(1000);
    w.UnsignedVarInt(0xfffffff0u);  // topics, compact
  });
  EXPECT_THROW(b.Call(HandleProduce, 9, true, produce), ProtocolError);
}

}  // namespace
}  // namespace riffle::broker
