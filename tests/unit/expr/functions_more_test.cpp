// TRUNC with places, constructor literal coercion and NULL comparisons, as ksqlDB does them.

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

TEST(TruncTest, MirrorsRoundSignatures) {
  ExprFixture f;
  EXPECT_EQ(f.TypeName("TRUNC(1.7e0)"), "BIGINT");
  EXPECT_EQ(f.Show("TRUNC(1.7e0)"), "1");
  EXPECT_EQ(f.Show("TRUNC(-1.7e0)"), "-1");
  EXPECT_EQ(f.Show("TRUNC(1.29e0, 1)"), "1.2");
  EXPECT_EQ(f.Show("TRUNC(0.29e0, 2)"), "0.29");
  EXPECT_EQ(f.Show("TRUNC(15.5e0, -1)"), "10.0");
  EXPECT_EQ(f.Show("TRUNC(1.2345, 2)"), "1.2300");
  EXPECT_EQ(f.Show("TRUNC(-1.2345)"), "-1");
  EXPECT_EQ(f.Show("TRUNC(1234, -2)"), "1200");
}

TEST(ConstructorCoercionTest, StringLiteralsTakeTheElementType) {
  ExprFixture f;
  EXPECT_EQ(f.TypeName("ARRAY[1, '2e1', CAST(3 AS BIGINT)]"), "ARRAY<DECIMAL(19, 0)>");
  EXPECT_EQ(f.Show("ARRAY[1, '2e1', CAST(3 AS BIGINT)]"), "[1, 20, 3]");
  EXPECT_EQ(f.Show("MAP('a' := TRUE, 'b' := 'no')"), "{a=true, b=false}");
  EXPECT_NE(f.BindError("ARRAY[1, 'x']").message().find(
                "invalid input syntax for type INTEGER: \"x\""),
            std::string::npos);
  EXPECT_NE(f.BindError("MAP('a' := NULL)").message().find("all NULL values"), std::string::npos);
}

TEST(ConstructorCoercionTest, StructElementsUniteTheirFields) {
  ExprFixture f;
  f.Column("A", Type::Int(), {Value::Int(30)});
  f.Column("B", Type::Bigint(), {Value::Int(40)});
  const char* e = "ARRAY[NULL, STRUCT(X := a, Y := b), STRUCT(Y := a, Z := b)]";
  EXPECT_EQ(f.TypeName(e), "ARRAY<STRUCT<`X` INTEGER, `Y` BIGINT, `Z` BIGINT>>");
  EXPECT_EQ(f.Show(e), "[null, {X=30, Y=40, Z=null}, {X=null, Y=30, Z=40}]");
}

TEST(NullComparisonTest, MessageNamesTheOperands) {
  ExprFixture f;
  EXPECT_NE(f.BindError("NULL <> NULL").message().find(
                "Comparison with NULL not supported: NULL <> NULL"),
            std::string::npos);
}

}  // namespace
}  // namespace riffle
