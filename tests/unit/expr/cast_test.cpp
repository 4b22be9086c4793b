// CAST semantics (ksqlDB's cast.json cases) and CastValue.

#include "core/expr/cast.h"

#include "tests/unit/expr/expr_test_util.h"

namespace riffle {
namespace {

using testing::ExprFixture;

TEST(CastTest, ImplicitCastsAreKsqlDbsWidenings) {
  EXPECT_TRUE(CanImplicitlyCast(*Type::Int(), *Type::Int()));
  EXPECT_TRUE(CanImplicitlyCast(*Type::Int(), *Type::Bigint()));
  EXPECT_TRUE(CanImplicitlyCast(*Type::Int(), *Type::Decimal(5, 2)));
  EXPECT_TRUE(CanImplicitlyCast(*Type::Bigint(), *Type::Double()));
  EXPECT_TRUE(CanImplicitlyCast(*Type::Decimal(2, 1), *Type::Decimal(5, 2)));
  EXPECT_TRUE(CanImplicitlyCast(*Type::Decimal(4, 2), *Type::Double()));
  EXPECT_FALSE(CanImplicitlyCast(*Type::Bigint(), *Type::Int()));
  EXPECT_FALSE(CanImplicitlyCast(*Type::Double(), *Type::Decimal(10, 2)));
  EXPECT_FALSE(CanImplicitlyCast(*Type::Decimal(6, 3), *Type::Decimal(5, 2)));  // scale
  EXPECT_FALSE(CanImplicitlyCast(*Type::Decimal(5, 1), *Type::Decimal(5, 2)));  // integer digits
  EXPECT_FALSE(CanImplicitlyCast(*Type::Int(), *Type::String()));
  EXPECT_FALSE(CanImplicitlyCast(*Type::Array(Type::Int()), *Type::Array(Type::Bigint())));
}

TEST(CastTest, Numeric) {
  ExprFixture f;
  EXPECT_EQ(f.Show("CAST(3.3e0 - 2.1e0 AS INT)"), "1");
  EXPECT_EQ(f.Show("CAST(-2.9e0 AS BIGINT)"), "-2");
  EXPECT_EQ(f.Show("CAST(2147483648 AS INT)"), "-2147483648");
  EXPECT_EQ(f.Show("CAST(1 AS DECIMAL(2, 1))"), "1.0");
  EXPECT_EQ(f.Show("CAST(0.1e0 AS DECIMAL(2, 1))"), "0.1");
  EXPECT_EQ(f.Show("CAST(10.12 AS DECIMAL(5, 3))"), "10.120");
  EXPECT_EQ(f.Show("CAST(1.25 AS DECIMAL(3, 1))"), "1.3");
  EXPECT_EQ(f.Show("CAST(-1.25 AS DECIMAL(3, 1))"), "-1.3");
  EXPECT_EQ(f.Show("CAST(10.99 AS INT)"), "10");
  EXPECT_EQ(f.Show("CAST(0.01 AS DOUBLE)"), "0.01");
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("CAST(100 AS DECIMAL(2, 1))"), "null");  // does not fit
  EXPECT_EQ(f.ctx().errors, 1);
}

TEST(CastTest, Strings) {
  ExprFixture f;
  EXPECT_EQ(f.Show("CAST(' 42 ' AS INT)"), "42");
  EXPECT_EQ(f.Show("CAST('1e3' AS DOUBLE)"), "1000.0");
  EXPECT_EQ(f.Show("CAST('0.1' AS DECIMAL(2, 1))"), "0.1");
  EXPECT_EQ(f.Show("CAST('yes' AS BOOLEAN)"), "true");
  EXPECT_EQ(f.Show("CAST('F' AS BOOLEAN)"), "false");
  EXPECT_EQ(f.Show("CAST(true AS STRING)"), "true");
  EXPECT_EQ(f.Show("CAST(-1 AS STRING)"), "-1");
  EXPECT_EQ(f.Show("CAST(1.5e0 AS STRING)"), "1.5");
  EXPECT_EQ(f.Show("CAST(10.00 AS STRING)"), "10.00");
  f.ctx().ClearErrors();
  EXPECT_EQ(f.Show("CAST('abc' AS INT)"), "null");
  EXPECT_EQ(f.Show("CAST('maybe' AS BOOLEAN)"), "null");
  EXPECT_EQ(f.Show("CAST('99999999999' AS INT)"), "null");
  EXPECT_EQ(f.ctx().errors, 3);
  EXPECT_EQ(f.Show("CAST(NULL AS INT)"), "null");
}

TEST(CastTest, UnsupportedPairsFailAtBindTime) {
  ExprFixture f;
  EXPECT_EQ(f.BindError("CAST(CAST('2022-04-28' AS TIMESTAMP) AS BIGINT)").kind(),
            ErrorKind::kType);
  EXPECT_EQ(f.BindError("CAST(true AS INT)").kind(), ErrorKind::kType);
}

TEST(CastTest, TemporalValues) {
  ExprFixture f;
  f.Column("S", Type::String(),
           {Value::String("2022-04-28T21:44:47.943"), Value::String("2022-04-28T21:44:47.943Z")});
  auto ts = f.Eval("CAST(S AS TIMESTAMP)");
  EXPECT_EQ(ts[0].as_int(), 1651182287943);
  EXPECT_EQ(ts[1].as_int(), 1651182287943);
  EXPECT_EQ(f.Show("CAST(CAST(S AS TIMESTAMP) AS STRING)"), "2022-04-28T21:44:47.943");
  EXPECT_EQ(f.Show("CAST(CAST(S AS TIMESTAMP) AS DATE)"), "2022-04-28");
  EXPECT_EQ(f.Show("CAST(CAST(S AS TIMESTAMP) AS TIME)"), "21:44:47.943");
  EXPECT_EQ(f.Show("CAST('2020-01-01' AS DATE)"), "2020-01-01");
  EXPECT_EQ(f.Show("CAST(CAST('2020-01-01' AS DATE) AS TIMESTAMP)"), "2020-01-01T00:00:00.000");
  EXPECT_EQ(f.Show("CAST('12:30:00' AS TIME)"), "12:30:00");
}

TEST(CastTest, Collections) {
  ExprFixture f;
  f.Column("A", Type::Array(Type::Bigint()),
           {Value::List({Value::Int(1), Value::Int(3), Value::Int(2147483648)})});
  f.Column("M", Type::Map(Type::String(), Type::Map(Type::String(), Type::String())),
           {Value::Map(
               {{Value::String("k1"), Value::Map({{Value::String("k2"), Value::String("10")}})}})});
  f.Column("ST", Type::Struct({{"F0", Type::Int()}, {"f1", Type::Int()}}),
           {Value::List({Value::Int(1), Value::Int(3)})});
  EXPECT_EQ(f.Show("CAST(A AS ARRAY<INT>)"), "[1, 3, -2147483648]");
  EXPECT_EQ(f.Show("CAST(A AS ARRAY<STRING>)"), "[1, 3, 2147483648]");
  EXPECT_EQ(f.Show("CAST(A AS STRING)"), "[1, 3, 2147483648]");
  EXPECT_EQ(f.Show("CAST(M AS MAP<STRING, MAP<STRING, INT>>)"), "{k1={k2=10}}");
  EXPECT_EQ(f.Show("CAST(ST AS STRING)"), "Struct{F0=1,f1=3}");
  EXPECT_EQ(f.Show("CAST(ST AS STRUCT<F0 STRING, F3 STRING>)"), "{F0=1, F3=null}");
}

TEST(CastValueTest, DirectCalls) {
  bool ok = false;
  std::string err;
  Value v = CastValue(Value::String("12.5"), *Type::String(), *Type::Decimal(3, 1), &ok, &err);
  EXPECT_TRUE(ok);
  EXPECT_EQ(v.as_decimal().ToString(), "12.5");
  v = CastValue(Value::String("x"), *Type::String(), *Type::Double(), &ok, &err);
  EXPECT_FALSE(ok);
  EXPECT_TRUE(v.is_null());
  EXPECT_FALSE(err.empty());
  EXPECT_FALSE(CanCast(*Type::Boolean(), *Type::Int()));
  EXPECT_TRUE(CanCast(*Type::Null(), *Type::Array(Type::Int())));
  EXPECT_FALSE(CanCast(*Type::String(), *Type::Map(Type::String(), Type::Int())));
}

}  // namespace
}  // namespace riffle
