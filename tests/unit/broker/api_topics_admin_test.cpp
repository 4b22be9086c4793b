// CreateTopics, DeleteTopics and CreatePartitions.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

struct NewTopic {
  using Configs = std::vector<std::pair<std::string, std::optional<std::string>>>;
  NewTopic(std::string n, int32_t p, int16_t r, std::vector<std::vector<int32_t>> a = {},
           Configs c = {})
      : name(std::move(n)),
        partitions(p),
        replication(r),
        assignments(std::move(a)),
        configs(std::move(c)) {}
  std::string name;
  int32_t partitions = -1;
  int16_t replication = -1;
  std::vector<std::vector<int32_t>> assignments;  // index = partition
  Configs configs;
};

std::string CreateFrame(int16_t version, const std::vector<NewTopic>& topics, bool validate) {
  bool flex = version >= 5;
  return Frame(flex, [&](Writer& w) {
    w.ArrayLength(static_cast<int32_t>(topics.size()));
    for (const NewTopic& t : topics) {
      w.Str(t.name);
      w.Int32(t.partitions);
      w.Int16(t.replication);
      w.ArrayLength(static_cast<int32_t>(t.assignments.size()));
      for (size_t p = 0; p < t.assignments.size(); ++p) {
        w.Int32(static_cast<int32_t>(p));
        w.ArrayLength(static_cast<int32_t>(t.assignments[p].size()));
        for (int32_t id : t.assignments[p]) w.Int32(id);
        w.EmptyTaggedFields();
      }
      w.ArrayLength(static_cast<int32_t>(t.configs.size()));
      for (const auto& [k, v] : t.configs) {
        w.Str(k);
        w.NullableStr(v);
        w.EmptyTaggedFields();
      }
      w.EmptyTaggedFields();
    }
    w.Int32(30000);
    if (version >= 1) w.Bool(validate);
    w.EmptyTaggedFields();
  });
}

struct CreatedOut {
  std::string name;
  std::string id;
  int16_t error = 0;
  std::optional<std::string> message;
  int32_t partitions = 0;
  int16_t replication = 0;
  std::map<std::string, std::pair<std::string, int8_t>> configs;  // name -> (value, source)
};

std::vector<CreatedOut> DecodeCreate(int16_t version, const std::string& body) {
  bool flex = version >= 5;
  Reader r(body, flex);
  if (version >= 2) {
    EXPECT_EQ(r.Int32(), 0);
  }
  std::vector<CreatedOut> out;
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    CreatedOut c;
    c.name = r.Str();
    if (version >= 7) c.id = r.Uuid();
    c.error = r.Int16();
    if (version >= 1) c.message = r.NullableStr();
    if (version >= 5) {
      c.partitions = r.Int32();
      c.replication = r.Int16();
      int32_t configs = r.ArrayLength();
      for (int32_t k = 0; k < configs; ++k) {
        std::string name = r.Str();
        std::string value = r.NullableStr().value_or("<null>");
        EXPECT_FALSE(r.Bool());
        int8_t source = r.Int8();
        EXPECT_FALSE(r.Bool());
        r.SkipTaggedFields();
        c.configs[name] = {value, source};
      }
    }
    r.SkipTaggedFields();
    out.push_back(c);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

TEST(ApiCreateTopicsTest, V0CreatesWithDefaultsAndAssignments) {
  TestBroker b;
  auto res = b.Call(HandleCreateTopics, 0, false,
                    CreateFrame(0, {{"a", -1, -1}, {"b", 3, 1}, {"c", -1, -1, {{7}, {7}}}}, false));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  auto out = DecodeCreate(0, res.body);
  ASSERT_EQ(out.size(), 3u);
  for (const auto& c : out) EXPECT_EQ(c.error, 0) << c.name;
  EXPECT_EQ(b.log().FindTopic("a")->partitions, 1);
  EXPECT_EQ(b.log().FindTopic("b")->partitions, 3);
  EXPECT_EQ(b.log().FindTopic("c")->partitions, 2);
}

TEST(ApiCreateTopicsTest, V1ErrorsCarryMessages) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("exists", 1, {}, false, &m);
  auto out =
      DecodeCreate(1, b.Call(HandleCreateTopics, 1, false,
                             CreateFrame(1,
                                         {{"rf", 1, 3},
                                          {"np", 0, 1},
                                          {"exists", 1, 1},
                                          {"bad assignment", -1, -1, {{7, 8}}},
                                          {"gap", -1, -1, {{7}, {}}},
                                          {"both", 2, -1, {{7}}},
                                          {"dup", 1, 1},
                                          {"dup", 1, 1},
                                          {"nullcfg", 1, 1, {}, {{"retention.ms", std::nullopt}}},
                                          {"badcfg", 1, 1, {}, {{"no.such", "1"}}}},
                                         false))
                          .body);
  ASSERT_EQ(out.size(), 10u);
  EXPECT_EQ(out[0].error, Code(ErrorCode::kInvalidReplicationFactor));
  ASSERT_TRUE(out[0].message);
  EXPECT_NE(out[0].message->find("one node"), std::string::npos);
  EXPECT_EQ(out[1].error, Code(ErrorCode::kInvalidPartitions));
  EXPECT_EQ(out[2].error, Code(ErrorCode::kTopicAlreadyExists));
  EXPECT_EQ(out[3].error, Code(ErrorCode::kInvalidReplicaAssignment));
  EXPECT_EQ(out[4].error, Code(ErrorCode::kInvalidReplicaAssignment));
  EXPECT_EQ(out[5].error, Code(ErrorCode::kInvalidRequest));
  EXPECT_EQ(out[6].error, Code(ErrorCode::kInvalidRequest));
  EXPECT_EQ(out[7].error, Code(ErrorCode::kInvalidRequest));
  EXPECT_EQ(out[8].error, Code(ErrorCode::kInvalidConfig));
  EXPECT_EQ(out[9].error, Code(ErrorCode::kInvalidConfig));
  EXPECT_EQ(b.log().TopicNames(), std::vector<std::string>{"exists"});
}

TEST(ApiCreateTopicsTest, V7AnswersIdPartitionsAndConfigs) {
  TestBroker b;
  auto res = b.Call(HandleCreateTopics, 7, true,
                    CreateFrame(7, {{"t", 2, -1, {}, {{"retention.ms", "1000"}}}}, false));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  auto out = DecodeCreate(7, res.body);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].error, 0);
  EXPECT_EQ(out[0].message, std::nullopt);
  EXPECT_EQ(out[0].id, b.log().FindTopic("t")->id);
  EXPECT_EQ(out[0].partitions, 2);
  EXPECT_EQ(out[0].replication, 1);
  EXPECT_EQ(out[0].configs["retention.ms"], std::make_pair(std::string("1000"), int8_t{1}));
  EXPECT_EQ(out[0].configs["cleanup.policy"], std::make_pair(std::string("delete"), int8_t{5}));
  EXPECT_EQ(b.notifications(), 1);
}

TEST(ApiCreateTopicsTest, ValidateOnlyCreatesNothing) {
  TestBroker b;
  auto out = DecodeCreate(
      5, b.Call(HandleCreateTopics, 5, true, CreateFrame(5, {{"t", 4, 1}}, true)).body);
  EXPECT_EQ(out[0].error, 0);
  EXPECT_EQ(out[0].partitions, 4);
  EXPECT_EQ(b.log().FindTopic("t"), nullptr);
}

TEST(ApiDeleteTopicsTest, ByNameOldAndFlexible) {
  for (int16_t v : {0, 1, 4, 5}) {
    TestBroker b;
    std::string m;
    b.log().CreateTopic("t", 1, {}, false, &m);
    bool flex = v >= 4;
    auto res = b.Call(HandleDeleteTopics, v, flex, Frame(flex, [](Writer& w) {
                        w.ArrayLength(2);
                        w.Str("t");
                        w.Str("nope");
                        w.Int32(1000);
                        w.EmptyTaggedFields();
                      }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    Reader r(res.body, flex);
    if (v >= 1) {
      EXPECT_EQ(r.Int32(), 0);
    }
    EXPECT_EQ(r.ArrayLength(), 2);
    EXPECT_EQ(r.Str(), "t");
    EXPECT_EQ(r.Int16(), 0);
    if (v >= 5) {
      EXPECT_EQ(r.NullableStr(), std::nullopt);
    }
    r.SkipTaggedFields();
    EXPECT_EQ(r.Str(), "nope");
    EXPECT_EQ(r.Int16(), Code(ErrorCode::kUnknownTopicOrPartition));
    if (v >= 5) r.NullableStr();
    r.SkipTaggedFields();
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(b.log().FindTopic("t"), nullptr);
    EXPECT_EQ(b.notifications(), 1);
  }
}

TEST(ApiDeleteTopicsTest, V6ByNameOrId) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("a", 1, {}, false, &m);
  b.log().CreateTopic("b", 1, {}, false, &m);
  const std::string id_a = b.log().FindTopic("a")->id;
  const std::string id_b = b.log().FindTopic("b")->id;
  auto res = b.Call(HandleDeleteTopics, 6, true, Frame(true, [&](Writer& w) {
                      w.ArrayLength(4);
                      w.NullStr();
                      w.Uuid(id_a);
                      w.EmptyTaggedFields();
                      w.Str("b");
                      w.Uuid("");
                      w.EmptyTaggedFields();
                      w.NullStr();
                      w.Uuid(FakeTopicId(77));
                      w.EmptyTaggedFields();
                      w.Str("x");
                      w.Uuid(FakeTopicId(78));
                      w.EmptyTaggedFields();
                      w.Int32(1000);
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  Reader r(res.body, true);
  EXPECT_EQ(r.Int32(), 0);
  EXPECT_EQ(r.ArrayLength(), 4);
  auto next = [&](std::optional<std::string> name, std::string id, ErrorCode error) {
    EXPECT_EQ(r.NullableStr(), name);
    EXPECT_EQ(r.Uuid(), id);
    EXPECT_EQ(r.Int16(), Code(error));
    r.NullableStr();
    r.SkipTaggedFields();
  };
  next("a", id_a, ErrorCode::kNone);
  next("b", id_b, ErrorCode::kNone);
  next(std::nullopt, FakeTopicId(77), ErrorCode::kUnknownTopicId);
  next("x", FakeTopicId(78), ErrorCode::kInvalidRequest);
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_TRUE(b.log().TopicNames().empty());
}

TEST(ApiCreatePartitionsTest, GrowsTopicsOldAndFlexible) {
  for (int16_t v : {0, 1, 2, 3}) {
    TestBroker b;
    std::string m;
    b.log().CreateTopic("t", 1, {}, false, &m);
    b.log().CreateTopic("u", 1, {}, false, &m);
    bool flex = v >= 2;
    auto res = b.Call(HandleCreatePartitions, v, flex, Frame(flex, [](Writer& w) {
                        w.ArrayLength(4);
                        w.Str("t");  // grow to 3, assignments given
                        w.Int32(3);
                        w.ArrayLength(2);
                        for (int i = 0; i < 2; ++i) {
                          w.ArrayLength(1);
                          w.Int32(7);
                          w.EmptyTaggedFields();
                        }
                        w.EmptyTaggedFields();
                        w.Str("u");  // shrink: refused
                        w.Int32(1);
                        w.ArrayLength(-1);
                        w.EmptyTaggedFields();
                        w.Str("nope");
                        w.Int32(2);
                        w.ArrayLength(-1);
                        w.EmptyTaggedFields();
                        w.Str("u");  // and u twice
                        w.Int32(4);
                        w.ArrayLength(-1);
                        w.EmptyTaggedFields();
                        w.Int32(1000);
                        w.Bool(false);
                        w.EmptyTaggedFields();
                      }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    Reader r(res.body, flex);
    EXPECT_EQ(r.Int32(), 0);
    EXPECT_EQ(r.ArrayLength(), 4);
    auto next = [&](const std::string& name, ErrorCode error) {
      EXPECT_EQ(r.Str(), name);
      EXPECT_EQ(r.Int16(), Code(error)) << name;
      auto message = r.NullableStr();
      EXPECT_EQ(message.has_value(),
                error != ErrorCode::kNone && error != ErrorCode::kUnknownTopicOrPartition);
      r.SkipTaggedFields();
    };
    next("t", ErrorCode::kNone);
    next("u", ErrorCode::kInvalidRequest);
    next("nope", ErrorCode::kUnknownTopicOrPartition);
    next("u", ErrorCode::kInvalidRequest);
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
    EXPECT_EQ(b.log().FindTopic("t")->partitions, 3);
    EXPECT_EQ(b.notifications(), 1);
  }
}

TEST(ApiCreatePartitionsTest, RefusesShrinkingAndForeignReplicasAndValidatesOnly) {
  TestBroker b;
  std::string m;
  b.log().CreateTopic("t", 2, {}, false, &m);
  auto call = [&](int32_t count, std::optional<int32_t> replica, bool validate) {
    auto res = b.Call(HandleCreatePartitions, 0, false, Frame(false, [&](Writer& w) {
                        w.ArrayLength(1);
                        w.Str("t");
                        w.Int32(count);
                        if (replica) {
                          w.ArrayLength(1);
                          w.ArrayLength(1);
                          w.Int32(*replica);
                        } else {
                          w.ArrayLength(-1);
                        }
                        w.Int32(1000);
                        w.Bool(validate);
                      }));
    Reader r(res.body, false);
    r.Int32();
    r.ArrayLength();
    r.Str();
    return r.Int16();
  };
  EXPECT_EQ(call(2, std::nullopt, false), Code(ErrorCode::kInvalidPartitions));
  EXPECT_EQ(call(3, 8, false), Code(ErrorCode::kInvalidReplicaAssignment));
  EXPECT_EQ(call(4, 7, false), Code(ErrorCode::kInvalidReplicaAssignment));  // one of two given
  EXPECT_EQ(call(3, 7, true), 0);
  EXPECT_EQ(b.log().FindTopic("t")->partitions, 2);
  EXPECT_EQ(call(3, 7, false), 0);
  EXPECT_EQ(b.log().FindTopic("t")->partitions, 3);
}

}  // namespace
}  // namespace riffle::broker
