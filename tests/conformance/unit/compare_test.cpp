#include "tests/conformance/runner/compare.h"

#include <gtest/gtest.h>

namespace riffle::conformance {
namespace {

JNode J(const std::string& text) { return ParseLenientJson(text); }

TEST(JsonMatches, DecimalsCompareExactlyIncludingScale) {
  TypePtr dec = Type::Decimal(4, 2);
  EXPECT_TRUE(JsonMatches(J("10.50"), J("10.50"), dec.get()));
  EXPECT_FALSE(JsonMatches(J("10.50"), J("10.5"), dec.get()));
  EXPECT_TRUE(JsonMatches(J("\"10.50\""), J("10.50"), dec.get()));
}

TEST(JsonMatches, DoublesWithinToleranceIntegersExactly) {
  TypePtr dbl = Type::Double();
  TypePtr big = Type::Bigint();
  EXPECT_TRUE(JsonMatches(J("0.1"), J("0.1000000001"), dbl.get()));
  EXPECT_FALSE(JsonMatches(J("0.1"), J("0.2"), dbl.get()));
  EXPECT_TRUE(JsonMatches(J("1"), J("1.0"), dbl.get()));
  EXPECT_TRUE(JsonMatches(J("9007199254740993"), J("9007199254740993"), big.get()));
  EXPECT_FALSE(JsonMatches(J("9007199254740993"), J("9007199254740992"), big.get()));
  EXPECT_FALSE(JsonMatches(J("1"), J("\"1\""), nullptr));
}

TEST(JsonMatches, FieldNamesExactlyThenIgnoringCase) {
  EXPECT_TRUE(JsonMatches(J(R"({"id": 1, "NAME": "x"})"), J(R"({"ID": 1, "NAME": "x"})"), nullptr));
  EXPECT_FALSE(JsonMatches(J(R"({"ID": 1})"), J(R"({"ID": 1, "X": 2})"), nullptr));
  EXPECT_FALSE(JsonMatches(J(R"({"ID": null})"), J(R"({"ID": 0})"), nullptr));
  // ksqlDB's comparator reads a field the actual record lacks as null.
  EXPECT_TRUE(JsonMatches(J(R"({"A": null})"), J(R"({"B": null})"), nullptr));
  EXPECT_FALSE(JsonMatches(J(R"({"A": 1})"), J(R"({"B": 1})"), nullptr));
}

TestRecord Rec(const std::string& key, const std::string& value, std::optional<int64_t> ts = {}) {
  TestRecord r;
  r.topic = std::string("T");
  r.key = J(key);
  r.value = J(value);
  r.timestamp = ts;
  return r;
}

ActualRecord Act(const std::string& key, const std::string& value, int64_t ts, int partition = 0) {
  return {Rec(key, value, ts), partition};
}

TEST(CompareTopic, OrderCountTimestampsAndHeaders) {
  std::vector<TestRecord> expected = {Rec("1", "{\"A\":1}", 0), Rec("2", "{\"A\":2}")};
  EXPECT_EQ(CompareTopic("T", expected, {Act("1", "{\"A\":1}", 0), Act("2", "{\"A\":2}", 7)}, {}),
            "");
  // Wrong order, a wrong timestamp, an extra record and headers all fail.
  EXPECT_NE(CompareTopic("T", expected, {Act("2", "{\"A\":2}", 0), Act("1", "{\"A\":1}", 0)}, {}),
            "");
  EXPECT_NE(CompareTopic("T", expected, {Act("1", "{\"A\":1}", 5), Act("2", "{\"A\":2}", 0)}, {}),
            "");
  std::string diff = CompareTopic(
      "T", expected, {Act("1", "{\"A\":1}", 0), Act("2", "{\"A\":2}", 0), Act("3", "{\"A\":3}", 0)},
      {});
  EXPECT_NE(diff.find("expected 2 record(s), got 3"), std::string::npos) << diff;
  ActualRecord with_header = Act("2", "{\"A\":2}", 0);
  with_header.record.headers = J(R"([{"KEY": "h", "VALUE": "IQ=="}])");
  EXPECT_NE(CompareTopic("T", expected, {Act("1", "{\"A\":1}", 0), with_header}, {}), "");
}

TEST(CompareTopic, PartitionsMayInterleave) {
  std::vector<TestRecord> expected = {Rec("1", "1"), Rec("2", "2"), Rec("1", "3")};
  // Partition 0 holds key 1's records in order, partition 1 key 2's.
  EXPECT_EQ(CompareTopic("T", expected,
                         {Act("1", "1", 0, 0), Act("1", "3", 0, 0), Act("2", "2", 0, 1)}, {}),
            "");
  // But each partition's own order must hold.
  EXPECT_NE(CompareTopic("T", expected,
                         {Act("1", "3", 0, 0), Act("1", "1", 0, 0), Act("2", "2", 0, 1)}, {}),
            "");
}

TEST(CompareTopic, WindowsMustMatch) {
  TestRecord e = Rec("1", "1");
  e.window = J(R"({"start": 0, "end": 1000, "type": "time"})");
  ActualRecord a = Act("1", "1", 0);
  EXPECT_NE(CompareTopic("T", {e}, {a}, {}), "");
  a.record.window = J(R"({"start": 0, "end": 1000, "type": "time"})");
  EXPECT_EQ(CompareTopic("T", {e}, {a}, {}), "");
  a.record.window = J(R"({"start": 0, "end": 2000, "type": "time"})");
  EXPECT_NE(CompareTopic("T", {e}, {a}, {}), "");
}

}  // namespace
}  // namespace riffle::conformance
