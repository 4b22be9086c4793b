// Timestamp strings compared with ROWTIME and window bounds (ksqlDB's implicit conversion).

#include "core/expr/timestamp_literal.h"

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

TEST(TimestampLiteralTest, ParsesPartialTimestampsAndZones) {
  int64_t ms = 0;
  ASSERT_TRUE(ParseTimestampLiteral("2018", &ms));
  EXPECT_EQ(ms, 1514764800000);
  ASSERT_TRUE(ParseTimestampLiteral("2018-01-01T00:00:00.001", &ms));
  EXPECT_EQ(ms, 1514764800001);
  ASSERT_TRUE(ParseTimestampLiteral("2019-01-01T00:00:00+0445", &ms));
  EXPECT_EQ(ms, 1546300800000 - (4 * 3600 + 45 * 60) * 1000LL);
  ASSERT_TRUE(ParseTimestampLiteral("2020-02-23T22:45:12.000-0100", &ms));
  EXPECT_EQ(ms, 1582501512000);
  EXPECT_FALSE(ParseTimestampLiteral("yesterday", &ms));
  EXPECT_FALSE(ParseTimestampLiteral("2018-13", &ms));
}

TEST(TimestampLiteralTest, ComparesRowtimeWithStrings) {
  ExprFixture f;
  f.Column("X", Type::Int(), {Value::Int(1), Value::Int(2)});  // rowtimes 1000, 1001
  EXPECT_EQ(f.Show("ROWTIME > '1970-01-01T00:00:01.000'", 0), "false");
  EXPECT_EQ(f.Show("ROWTIME > '1970-01-01T00:00:01.000'", 1), "true");
  EXPECT_EQ(f.Show("'1970-01-01T00:00:01' = ROWTIME", 0), "true");
  EXPECT_EQ(f.Show("ROWTIME BETWEEN '1970' AND '1970-01-01T00:00:01.000Z'", 1), "false");
  EXPECT_NE(f.BindError("ROWTIME > 'soon'").message().find("Cannot compare"), std::string::npos);
}

}  // namespace
}  // namespace riffle
