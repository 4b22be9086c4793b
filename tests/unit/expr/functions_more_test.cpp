// TRUNC with places, constructor literal coercion and NULL comparisons, as ksqlDB does them;
// the size limit on strings that functions build.

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
  // ksqlDB joins each element's fields to those seen so far, the element's own fields first.
  EXPECT_EQ(f.TypeName(e), "ARRAY<STRUCT<`Y` BIGINT, `Z` BIGINT, `X` INTEGER>>");
  EXPECT_EQ(f.Show(e), "[null, {Y=40, Z=null, X=30}, {Y=30, Z=40, X=null}]");
}

TEST(NullComparisonTest, MessageNamesTheOperands) {
  ExprFixture f;
  EXPECT_NE(f.BindError("NULL <> NULL").message().find(
                "Comparison with NULL not supported: NULL <> NULL"),
            std::string::npos);
}

TEST(StringFunctionsTest, ResultsOverAHundredMebibytesAreRowErrors) {
  // LPAD to 2^31 characters filled gigabytes (or threw std::bad_alloc), REPLACE around every
  // character multiplies a value's length: each now stops at 100 MiB with a row error.
  testing::ExprFixture f;
  f.Column("V", Type::String(), {Value::String(std::string(20000, 'a'))});
  EXPECT_EQ(f.Show("LPAD('x', 2147483647, 'ab')"), "null");
  EXPECT_EQ(f.Show("RPAD('x', 9000000000, 'ab')"), "null");
  EXPECT_EQ(f.Show("LEN(LPAD('x', 1000, 'ab'))"), "1000");
  EXPECT_EQ(f.Show("REPLACE(v, '', v)"), "null");
  EXPECT_EQ(f.Show("REPLACE(v, 'a', v)"), "null");
  EXPECT_EQ(f.Show("REGEXP_REPLACE(v, '', v)"), "null");
  EXPECT_EQ(f.Show("LEN(REPLACE(v, 'a', 'bb'))"), "40000");
  EXPECT_EQ(f.ctx().errors, 5);
  EXPECT_NE(f.ctx().first_error.find("LPAD: the result would be over 100 MiB"), std::string::npos)
      << f.ctx().first_error;
  // A REDUCE that doubles its state.
  f.Column("A", Type::Array(Type::Int()), {Value::List(std::vector<Value>(40, Value::Int(1)))});
  EXPECT_EQ(f.Show("REDUCE(a, v, (s, x) => s || s)"), "null");
  EXPECT_EQ(f.Show("REDUCE(a, v, (s, x) => CONCAT(s, s))"), "null");
}

}  // namespace
}  // namespace riffle
