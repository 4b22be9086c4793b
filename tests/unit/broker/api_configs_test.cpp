// DescribeConfigs, AlterConfigs, IncrementalAlterConfigs and DescribeCluster.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "connectors/broker/api_util.h"
#include "tests/unit/broker/api_test_context.h"
#include "tests/unit/broker/api_test_frames.h"

namespace riffle::broker {
namespace {

struct ConfigOut {
  std::optional<std::string> value;
  bool read_only = false;
  bool is_default = false;
  int8_t source = -1;
  int32_t synonyms = 0;
  int8_t type = 0;
};

struct ResourceOut {
  int16_t error = 0;
  std::optional<std::string> message;
  int8_t type = 0;
  std::string name;
  std::map<std::string, ConfigOut> configs;
};

std::vector<ResourceOut> Describe(TestBroker& b, int16_t version,
                                  const std::vector<std::pair<int8_t, std::string>>& resources,
                                  std::optional<std::vector<std::string>> keys = std::nullopt,
                                  bool synonyms = false) {
  bool flex = version >= 4;
  auto res = b.Call(HandleDescribeConfigs, version, flex, Frame(flex, [&](Writer& w) {
                      w.ArrayLength(static_cast<int32_t>(resources.size()));
                      for (const auto& [type, name] : resources) {
                        w.Int8(type);
                        w.Str(name);
                        w.ArrayLength(keys ? static_cast<int32_t>(keys->size()) : -1);
                        if (keys) {
                          for (const auto& k : *keys) w.Str(k);
                        }
                        w.EmptyTaggedFields();
                      }
                      if (version >= 1) w.Bool(synonyms);
                      if (version >= 3) w.Bool(true);
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  Reader r(res.body, flex);
  EXPECT_EQ(r.Int32(), 0);
  std::vector<ResourceOut> out;
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    ResourceOut ro;
    ro.error = r.Int16();
    ro.message = r.NullableStr();
    ro.type = r.Int8();
    ro.name = r.Str();
    int32_t configs = r.ArrayLength();
    for (int32_t c = 0; c < configs; ++c) {
      std::string name = r.Str();
      ConfigOut co;
      co.value = r.NullableStr();
      co.read_only = r.Bool();
      if (version == 0) co.is_default = r.Bool();
      if (version >= 1) co.source = r.Int8();
      EXPECT_FALSE(r.Bool());  // sensitive
      if (version >= 1) {
        co.synonyms = r.ArrayLength();
        for (int32_t s = 0; s < co.synonyms; ++s) {
          EXPECT_EQ(r.Str(), name);
          EXPECT_EQ(r.NullableStr(), co.value);
          EXPECT_EQ(r.Int8(), co.source);
          r.SkipTaggedFields();
        }
      }
      if (version >= 3) {
        co.type = r.Int8();
        EXPECT_EQ(r.NullableStr(), std::nullopt);
      }
      r.SkipTaggedFields();
      ro.configs[name] = co;
    }
    r.SkipTaggedFields();
    out.push_back(ro);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return out;
}

class ApiConfigsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string m;
    ASSERT_EQ(b_.log().CreateTopic("t", 1, {{"retention.ms", "1000"}}, false, &m),
              ErrorCode::kNone);
  }
  TestBroker b_;
};

TEST_F(ApiConfigsTest, DescribeTopicV0AndV4) {
  auto v0 = Describe(b_, 0, {{kResourceTopic, "t"}});
  ASSERT_EQ(v0.size(), 1u);
  EXPECT_EQ(v0[0].error, 0);
  EXPECT_EQ(v0[0].name, "t");
  EXPECT_EQ(v0[0].type, kResourceTopic);
  EXPECT_EQ(v0[0].configs.size(), FakeLogStore::Defaults().size());
  EXPECT_EQ(v0[0].configs["retention.ms"].value, "1000");
  EXPECT_FALSE(v0[0].configs["retention.ms"].is_default);
  EXPECT_TRUE(v0[0].configs["cleanup.policy"].is_default);

  auto v4 = Describe(b_, 4, {{kResourceTopic, "t"}},
                     std::vector<std::string>{"retention.ms", "cleanup.policy"}, true);
  ASSERT_EQ(v4[0].configs.size(), 2u);
  EXPECT_EQ(v4[0].configs["retention.ms"].source, kConfigSourceDynamicTopic);
  EXPECT_EQ(v4[0].configs["retention.ms"].synonyms, 1);
  EXPECT_EQ(v4[0].configs["retention.ms"].type, static_cast<int8_t>(ConfigType::kLong));
  EXPECT_EQ(v4[0].configs["cleanup.policy"].source, kConfigSourceDefault);
  EXPECT_EQ(v4[0].configs["cleanup.policy"].type, static_cast<int8_t>(ConfigType::kList));
}

TEST_F(ApiConfigsTest, DescribeBrokerAndErrors) {
  auto out = Describe(b_, 1,
                      {{kResourceBroker, "7"},
                       {kResourceBroker, ""},
                       {kResourceBroker, "3"},
                       {kResourceTopic, "nope"},
                       {kResourceTopic, "bad name"},
                       {8, "group"}});
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0].error, 0);
  EXPECT_EQ(out[0].configs["broker.id"].value, "7");
  EXPECT_TRUE(out[0].configs["broker.id"].read_only);
  EXPECT_EQ(out[0].configs["broker.id"].source, kConfigSourceStaticBroker);
  EXPECT_EQ(out[1].error, 0);
  EXPECT_EQ(out[2].error, Code(ErrorCode::kInvalidRequest));
  EXPECT_TRUE(out[2].message);
  EXPECT_EQ(out[3].error, Code(ErrorCode::kUnknownTopicOrPartition));
  EXPECT_EQ(out[4].error, Code(ErrorCode::kInvalidTopicException));
  EXPECT_EQ(out[5].error, Code(ErrorCode::kInvalidRequest));
}

std::vector<int16_t> Alter(
    TestBroker& b, ApiHandler handler, int16_t version, bool flex,
    const std::vector<std::pair<int8_t, std::string>>& resources,
    const std::vector<std::tuple<std::string, int8_t, std::optional<std::string>>>& changes,
    bool validate_only = false) {
  const bool incremental = handler == HandleIncrementalAlterConfigs;
  auto res = b.Call(handler, version, flex, Frame(flex, [&](Writer& w) {
                      w.ArrayLength(static_cast<int32_t>(resources.size()));
                      for (const auto& [type, name] : resources) {
                        w.Int8(type);
                        w.Str(name);
                        w.ArrayLength(static_cast<int32_t>(changes.size()));
                        for (const auto& [key, op, value] : changes) {
                          w.Str(key);
                          if (incremental) w.Int8(op);
                          w.NullableStr(value);
                          w.EmptyTaggedFields();
                        }
                        w.EmptyTaggedFields();
                      }
                      w.Bool(validate_only);
                      w.EmptyTaggedFields();
                    }));
  EXPECT_EQ(res.unread_request_bytes, 0u);
  Reader r(res.body, flex);
  EXPECT_EQ(r.Int32(), 0);
  std::vector<int16_t> errors;
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    int16_t error = r.Int16();
    auto message = r.NullableStr();
    if (error == 0) {
      EXPECT_EQ(message, std::nullopt);
    }
    EXPECT_EQ(r.Int8(), resources[static_cast<size_t>(i)].first);
    EXPECT_EQ(r.Str(), resources[static_cast<size_t>(i)].second);
    r.SkipTaggedFields();
    errors.push_back(error);
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return errors;
}

TEST_F(ApiConfigsTest, AlterConfigsReplacesOverrides) {
  for (int16_t v : {0, 2}) {
    std::string m;
    b_.log().SetConfig("t", {{"retention.ms", "1000"}}, true, false, &m);
    auto errors = Alter(b_, HandleAlterConfigs, v, v >= 2, {{kResourceTopic, "t"}},
                        {{"retention.bytes", 0, "5"}});
    EXPECT_EQ(errors, std::vector<int16_t>{0});
    const auto& config = b_.log().FindTopic("t")->config;
    EXPECT_EQ(config.size(), 1u);
    EXPECT_EQ(config.at("retention.bytes"), "5");
  }
  auto errors = Alter(b_, HandleAlterConfigs, 1, false,
                      {{kResourceTopic, "nope"}, {kResourceBroker, "7"}, {kResourceTopic, "t"}},
                      {{"no.such", 0, "1"}});
  EXPECT_EQ(errors, (std::vector<int16_t>{Code(ErrorCode::kUnknownTopicOrPartition),
                                          Code(ErrorCode::kInvalidRequest),
                                          Code(ErrorCode::kInvalidConfig)}));
  EXPECT_EQ(Alter(b_, HandleAlterConfigs, 0, false, {{kResourceTopic, "t"}},
                  {{"retention.ms", 0, "9"}}, true),
            std::vector<int16_t>{0});
  EXPECT_EQ(b_.log().FindTopic("t")->config.count("retention.ms"), 0u);  // validate only
}

TEST_F(ApiConfigsTest, IncrementalSetDeleteAppendSubtract) {
  auto errors = Alter(b_, HandleIncrementalAlterConfigs, 1, true, {{kResourceTopic, "t"}},
                      {{"retention.bytes", 0, "7"},
                       {"retention.ms", 1, std::nullopt},
                       {"cleanup.policy", 2, "compact"}});
  EXPECT_EQ(errors, std::vector<int16_t>{0});
  auto config = b_.log().FindTopic("t")->config;
  EXPECT_EQ(config.at("retention.bytes"), "7");
  EXPECT_EQ(config.count("retention.ms"), 0u);
  EXPECT_EQ(config.at("cleanup.policy"), "delete,compact");

  errors = Alter(b_, HandleIncrementalAlterConfigs, 0, false, {{kResourceTopic, "t"}},
                 {{"cleanup.policy", 3, "delete"}});
  EXPECT_EQ(errors, std::vector<int16_t>{0});
  EXPECT_EQ(b_.log().FindTopic("t")->config.at("cleanup.policy"), "compact");

  EXPECT_EQ(Alter(b_, HandleIncrementalAlterConfigs, 0, false, {{kResourceTopic, "t"}},
                  {{"retention.ms", 2, "5"}}),
            std::vector<int16_t>{Code(ErrorCode::kInvalidRequest)});
  EXPECT_EQ(Alter(b_, HandleIncrementalAlterConfigs, 0, false, {{kResourceTopic, "t"}},
                  {{"retention.ms", 9, "5"}}),
            std::vector<int16_t>{Code(ErrorCode::kInvalidRequest)});
  EXPECT_EQ(
      Alter(b_, HandleIncrementalAlterConfigs, 0, false,
            {{kResourceTopic, "t"}, {kResourceTopic, "t"}}, {{"retention.ms", 0, "5"}}),
      (std::vector<int16_t>{Code(ErrorCode::kInvalidRequest), Code(ErrorCode::kInvalidRequest)}));
}

TEST(ApiDescribeClusterTest, ThisBrokerIsTheCluster) {
  for (int16_t v : {0, 1}) {
    TestBroker b;
    auto res = b.Call(HandleDescribeCluster, v, true, Frame(true, [&](Writer& w) {
                        w.Bool(false);
                        if (v >= 1) w.Int8(1);
                        w.EmptyTaggedFields();
                      }));
    EXPECT_EQ(res.unread_request_bytes, 0u);
    Reader r(res.body, true);
    EXPECT_EQ(r.Int32(), 0);
    EXPECT_EQ(r.Int16(), 0);
    EXPECT_EQ(r.NullableStr(), std::nullopt);
    if (v >= 1) {
      EXPECT_EQ(r.Int8(), 1);
    }
    EXPECT_EQ(r.Str(), b.identity().cluster_id);
    EXPECT_EQ(r.Int32(), 7);
    EXPECT_EQ(r.ArrayLength(), 1);
    EXPECT_EQ(r.Int32(), 7);
    EXPECT_EQ(r.Str(), "broker.test");
    EXPECT_EQ(r.Int32(), 9092);
    EXPECT_EQ(r.NullableStr(), std::nullopt);
    r.SkipTaggedFields();
    EXPECT_EQ(r.Int32(), kUnknownAuthorizedOperations);
    r.SkipTaggedFields();
    EXPECT_EQ(r.remaining(), 0u);
  }
}

TEST(ApiDescribeClusterTest, ControllerEndpointsAreNotServed) {
  TestBroker b;
  auto res = b.Call(HandleDescribeCluster, 1, true, Frame(true, [](Writer& w) {
                      w.Bool(false);
                      w.Int8(2);
                      w.EmptyTaggedFields();
                    }));
  Reader r(res.body, true);
  r.Int32();
  EXPECT_EQ(r.Int16(), Code(ErrorCode::kUnsupportedVersion));
}

}  // namespace
}  // namespace riffle::broker
