#include <gtest/gtest.h>

#include "tests/conformance/runner/post_checks.h"
#include "tests/conformance/runner/rest_responses.h"

namespace riffle::conformance {
namespace {

class PostChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = Catalog::Open(":memory:");
    SourceInfo t;
    t.name = "OUTPUT";
    t.is_table = true;
    t.topic = "OUTPUT";
    t.key_format = "KAFKA";
    t.value_format = "JSON";
    t.schema = Schema({{"ID", Type::Int(), ColumnRole::kKey, ""},
                       {"S", Type::Struct({{"F1", Type::String()}}), ColumnRole::kValue, ""}});
    t.properties["WINDOW_TYPE"] = "TUMBLING";
    t.properties["WINDOW_SIZE"] = "1000";
    catalog_->CreateSource(t, false);
  }
  std::string Check(const std::string& post) {
    return CheckPost(ParseLenientJson(post), *catalog_, {"OUTPUT", "input"});
  }
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(PostChecks, SchemasCompareAsSchemasNotStrings) {
  EXPECT_EQ(Check(R"({"sources": [{"name": "OUTPUT", "type": "table",
                       "schema": "ID INT KEY, S STRUCT<F1 VARCHAR>"}]})"),
            "");
  EXPECT_EQ(Check(R"({"sources": [{"name": "OUTPUT", "type": "table",
                       "schema": "`ID` INTEGER PRIMARY KEY, `S` STRUCT<`F1` STRING>"}]})"),
            "");
  EXPECT_NE(Check(R"({"sources": [{"name": "OUTPUT", "type": "table",
                       "schema": "ID BIGINT KEY, S STRUCT<F1 VARCHAR>"}]})"),
            "");
}

TEST_F(PostChecks, TypeFormatsWindowsAndTopics) {
  EXPECT_NE(Check(R"({"sources": [{"name": "OUTPUT", "type": "stream"}]})"), "");
  EXPECT_NE(Check(R"({"sources": [{"name": "MISSING", "type": "stream"}]})"), "");
  EXPECT_EQ(Check(R"({"sources": [{"name": "OUTPUT", "type": "table", "valueFormat": "JSON",
                       "keyFormat": {"format": "KAFKA", "windowType": "TUMBLING",
                                     "windowSize": 1000}}]})"),
            "");
  EXPECT_NE(Check(R"({"sources": [{"name": "OUTPUT", "type": "table",
                       "keyFormat": {"format": "KAFKA", "windowType": "SESSION"}}]})"),
            "");
  EXPECT_EQ(Check(R"({"topics": {"topics": [{"name": "input"}], "blacklist": ".*-repartition"}})"),
            "");
  EXPECT_NE(Check(R"({"topics": {"topics": [{"name": "nope"}]}})"), "");
  EXPECT_NE(Check(R"({"topics": {"blacklist": "in.*"}})"), "");
}

TEST(RestResponses, HeaderAndRowsCompare) {
  QueryResult r;
  r.columns = {{"K", Type::String()}, {"ID", Type::Int()}};
  r.rows = {{Value::String("11"), Value::Int(100)}};
  r.summary = "Limit Reached";
  EXPECT_EQ(HeaderSchema(r.columns), "`K` STRING, `ID` INTEGER");
  JNode expected = ParseLenientJson(R"([
    {"admin": {"@type": "currentStatus"}},
    {"query": [{"header": {"schema": "`K` STRING, `ID` INTEGER"}},
               {"row": {"columns": ["11", 100]}},
               {"finalMessage": "Limit Reached"}]}])");
  std::vector<RestResponse> actual = {{false, {}}, {true, r}};
  EXPECT_EQ(CompareResponses(expected, actual, false), "");
  actual[1].result.rows[0][1] = Value::Int(101);
  EXPECT_NE(CompareResponses(expected, actual, false), "");
  actual.pop_back();
  EXPECT_NE(CompareResponses(expected, actual, false), "");
}

// ksqlDB's REST harness compares a query's rows in any order unless the case sets
// outputConditions.verifyOrder; each expected row must still match a row of its own.
TEST(RestResponses, RowsInAnyOrderUnlessVerifyOrder) {
  QueryResult r;
  r.columns = {{"ID", Type::Int()}};
  r.rows = {{Value::Int(2)}, {Value::Int(1)}, {Value::Int(2)}};
  JNode expected = ParseLenientJson(R"([
    {"query": [{"header": {"schema": "`ID` INTEGER"}},
               {"row": {"columns": [1]}}, {"row": {"columns": [2]}}, {"row": {"columns": [2]}}]}])");
  std::vector<RestResponse> actual = {{true, r}};
  EXPECT_EQ(CompareResponses(expected, actual, false), "");
  EXPECT_NE(CompareResponses(expected, actual, true), "");
  actual[0].result.rows[2] = {Value::Int(1)};  // 2, 1, 1: not the same multiset
  EXPECT_NE(CompareResponses(expected, actual, false), "");
  actual[0].result.rows = {{Value::Int(1)}, {Value::Int(2)}, {Value::Int(2)}};
  EXPECT_EQ(CompareResponses(expected, actual, true), "");
}

}  // namespace
}  // namespace riffle::conformance
