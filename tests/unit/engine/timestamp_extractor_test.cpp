// ksqlDB's rules for TIMESTAMP columns: which columns may be one (core/plan/timestamp_column.h)
// and what time a cell gives (core/exec/timestamp_extractor.h).

#include "core/exec/timestamp_extractor.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/common/error.h"
#include "core/plan/timestamp_column.h"

namespace riffle {
namespace {

Schema Columns() {
  return Schema({{"K", Type::Bigint(), ColumnRole::kKey, ""},
                 {"MS", Type::Bigint(), ColumnRole::kValue, ""},
                 {"AT", Type::Timestamp(), ColumnRole::kValue, ""},
                 {"TEXT", Type::String(), ColumnRole::kValue, ""},
                 {"N", Type::Int(), ColumnRole::kValue, ""}});
}

std::string Refusal(const std::string& column, std::optional<std::string> format) {
  try {
    ResolveTimestampColumn(Columns(), column, format, {});
  } catch (const RiffleError& e) {
    return e.message();
  }
  return "";
}

TEST(TimestampColumnTest, AcceptsBigintTimestampKeyAndFormattedString) {
  EXPECT_EQ(ResolveTimestampColumn(Columns(), "k", std::nullopt, {}), 0);
  EXPECT_EQ(ResolveTimestampColumn(Columns(), "ms", std::nullopt, {}), 1);
  EXPECT_EQ(ResolveTimestampColumn(Columns(), "AT", std::nullopt, {}), 2);
  EXPECT_EQ(ResolveTimestampColumn(Columns(), "text", std::string("yyyy-MM-dd"), {}), 3);
}

TEST(TimestampColumnTest, RefusesWithKsqlDbsMessages) {
  EXPECT_EQ(Refusal("nope", std::nullopt),
            "The TIMESTAMP column set in the WITH clause does not exist in the schema: 'NOPE'");
  EXPECT_EQ(Refusal("text", std::nullopt),
            "A String timestamp field has been specified without also specifying the "
            "timestamp_format");
  EXPECT_EQ(Refusal("ms", std::string("yyyy")),
            "'TIMESTAMP_FORMAT' set in the WITH clause can only be used when the timestamp "
            "column is of type STRING.");
  EXPECT_EQ(Refusal("n", std::nullopt),
            "Timestamp column, `N`, should be LONG(INT64), TIMESTAMP, or a String with a "
            "timestamp_format specified.");
  EXPECT_NE(Refusal("text", std::string("yyyy'")).find("Invalid TIMESTAMP_FORMAT"),
            std::string::npos);
}

TEST(TimestampExtractorTest, NumbersAreEpochMillis) {
  TimestampExtractor extractor("MS", "");
  int64_t time = -1;
  std::string error;
  ASSERT_TRUE(extractor.Extract(Value::Int(1600000000000), &time, &error));
  EXPECT_EQ(time, 1600000000000);
  ASSERT_TRUE(extractor.Extract(Value::Int(0), &time, &error));
  EXPECT_EQ(time, 0);
}

TEST(TimestampExtractorTest, StringsParseWithThePatternInUtcUnlessTheyCarryAZone) {
  int64_t time = -1;
  std::string error;
  TimestampExtractor plain("TEXT", "yyyy-MM-dd HH:mm");
  ASSERT_TRUE(plain.Extract(Value::String("1970-01-01 00:01"), &time, &error)) << error;
  EXPECT_EQ(time, 60000);
  TimestampExtractor zoned("TEXT", "yyyy-MM-dd HH:mm X");
  ASSERT_TRUE(zoned.Extract(Value::String("1970-01-01 02:01 +02"), &time, &error)) << error;
  EXPECT_EQ(time, 60000);
}

TEST(TimestampExtractorTest, NullUnparsableAndNegativeGiveNoTime) {
  int64_t time = 0;
  std::string error;
  TimestampExtractor ms("MS", "");
  EXPECT_FALSE(ms.Extract(Value::Null(), &time, &error));
  EXPECT_EQ(error, "the TIMESTAMP column MS is NULL");
  EXPECT_FALSE(ms.Extract(Value::Int(-2), &time, &error));
  EXPECT_EQ(error, "Invalid (negative) timestamp of -2 in the TIMESTAMP column MS");
  TimestampExtractor text("TEXT", "yyyy-MM-dd");
  EXPECT_FALSE(text.Extract(Value::String("soon"), &time, &error));
  EXPECT_EQ(error, "Unable to parse string timestamp. TEXT='soon' timestamp_format=yyyy-MM-dd");
}

}  // namespace
}  // namespace riffle
