#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/types/batch.h"
#include "core/types/datetime.h"
#include "core/types/schema.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {
namespace {

TEST(TypeTest, PrimitivesAreSharedSingletons) {
  EXPECT_EQ(Type::Int().get(), Type::Int().get());
  EXPECT_EQ(Type::Of(TypeKind::kString).get(), Type::String().get());
}

TEST(TypeTest, ToStringUsesKsqlSpelling) {
  EXPECT_EQ(Type::Bigint()->ToString(), "BIGINT");
  EXPECT_EQ(Type::Int()->ToString(), "INTEGER");
  EXPECT_EQ(Type::Decimal(4, 2)->ToString(), "DECIMAL(4, 2)");
  EXPECT_EQ(Type::Map(Type::String(), Type::Int())->ToString(), "MAP<STRING, INTEGER>");
  auto st = Type::Struct({{"A", Type::Int()}, {"B", Type::Array(Type::String())}});
  EXPECT_EQ(st->ToString(), "STRUCT<`A` INTEGER, `B` ARRAY<STRING>>");
  EXPECT_EQ(st->ToSqlString(), "STRUCT<A INTEGER, B ARRAY<STRING>>");
}

TEST(TypeTest, ParseTypeRoundTrips) {
  for (const char* text : {"BIGINT", "DECIMAL(10, 3)", "ARRAY<STRING>", "MAP<STRING, DOUBLE>",
                           "STRUCT<`A` INTEGER, `B` STRUCT<`C` BOOLEAN>>", "TIMESTAMP"}) {
    EXPECT_EQ(ParseType(text)->ToString(), text);
  }
  EXPECT_TRUE(TypeEquals(ParseType("varchar"), Type::String()));
  EXPECT_TRUE(TypeEquals(ParseType("int"), Type::Int()));
  EXPECT_TRUE(TypeEquals(ParseType("decimal(4,2)"), Type::Decimal(4, 2)));
  EXPECT_TRUE(TypeEquals(ParseType("struct<a int>"), Type::Struct({{"A", Type::Int()}})));
  EXPECT_FALSE(TypeEquals(Type::Decimal(4, 2), Type::Decimal(4, 1)));
}

TEST(TypeTest, ParseTypeRejectsGarbage) {
  for (const char* text : {"", "FOO", "ARRAY<INT", "DECIMAL(2,5)", "MAP<INT>", "INT INT"}) {
    EXPECT_THROW(ParseType(text), RiffleError) << text;
  }
}

TEST(TypeTest, FieldIndexFallsBackToCaseInsensitive) {
  auto st = Type::Struct({{"a", Type::Int()}, {"B", Type::Int()}});
  EXPECT_EQ(st->FieldIndex("B"), 1);
  EXPECT_EQ(st->FieldIndex("b"), 1);
  EXPECT_EQ(st->FieldIndex("A"), 0);
  EXPECT_EQ(st->FieldIndex("C"), -1);
  EXPECT_TRUE(Type::Decimal(3, 1)->IsNumeric());
  EXPECT_FALSE(Type::String()->IsNumeric());
  EXPECT_TRUE(Type::Bigint()->IsIntegral());
  EXPECT_FALSE(st->IsPrimitive());
}

TEST(DecimalTest, ParseAndPrint) {
  Decimal d = Decimal::Parse("12.30");
  EXPECT_EQ(d.unscaled, 1230);
  EXPECT_EQ(d.scale, 2);
  EXPECT_EQ(d.precision, 4);
  EXPECT_EQ(d.ToString(), "12.30");
  EXPECT_EQ(Decimal::Parse("-0.5").ToString(), "-0.5");
  EXPECT_EQ(Decimal::Parse("-0.5").precision, 1);
  EXPECT_EQ(Decimal::Parse("7").ToString(), "7");
  EXPECT_EQ(Decimal::Parse("0.05").ToString(), "0.05");
  EXPECT_EQ(Decimal::Parse("1.5e2").ToString(), "150");
  EXPECT_THROW(Decimal::Parse("1.2.3"), RiffleError);
  EXPECT_THROW(Decimal::Parse("abc"), RiffleError);
  EXPECT_DOUBLE_EQ(Decimal::Parse("-2.25").ToDouble(), -2.25);
}

TEST(DecimalTest, RescaleRoundsHalfUp) {
  EXPECT_EQ(Decimal::Parse("1.25").Rescale(1).ToString(), "1.3");
  EXPECT_EQ(Decimal::Parse("-1.25").Rescale(1).ToString(), "-1.3");
  EXPECT_EQ(Decimal::Parse("1.24").Rescale(1).ToString(), "1.2");
  EXPECT_EQ(Decimal::Parse("1.5").Rescale(3).ToString(), "1.500");
  EXPECT_EQ(Decimal::Parse("9.5").Rescale(0).ToString(), "10");
}

TEST(ValueTest, EqualityCompareHash) {
  EXPECT_EQ(Value::Int(3), Value::Int(3));
  EXPECT_NE(Value::Int(3), Value::Double(3));
  EXPECT_EQ(Value(), Value::Null());
  EXPECT_EQ(Value::Dec(Decimal::Parse("1.50")), Value::Dec(Decimal::Parse("1.5")));
  EXPECT_EQ(HashValue(Value::Dec(Decimal::Parse("1.50"))),
            HashValue(Value::Dec(Decimal::Parse("1.5"))));
  EXPECT_EQ(Value::List({Value::Int(1), Value::String("a")}),
            Value::List({Value::Int(1), Value::String("a")}));
  EXPECT_LT(CompareValues(Value(), Value::Int(-5)), 0);
  EXPECT_LT(CompareValues(Value::Int(1), Value::Double(1.5)), 0);
  EXPECT_GT(CompareValues(Value::String("b"), Value::String("a")), 0);
  EXPECT_EQ(CompareValues(Value::Double(0.0), Value::Double(-0.0)), 0);
  EXPECT_EQ(HashValue(Value::Double(0.0)), HashValue(Value::Double(-0.0)));
}

TEST(ValueTest, DisplayStrings) {
  EXPECT_EQ(ValueToDisplayString(Value(), *Type::Int()), "null");
  EXPECT_EQ(ValueToDisplayString(Value::Double(1), *Type::Double()), "1.0");
  EXPECT_EQ(ValueToDisplayString(Value::Int(0), *Type::Timestamp()), "1970-01-01T00:00:00.000");
  EXPECT_EQ(ValueToDisplayString(Value::Int(18262), *Type::Date()), "2020-01-01");
  EXPECT_EQ(ValueToDisplayString(Value::Int(43200000), *Type::Time()), "12:00:00");
  EXPECT_EQ(ValueToDisplayString(Value::String("hi"), *Type::Bytes()), "aGk=");
  EXPECT_EQ(
      ValueToDisplayString(Value::List({Value::Int(1), Value::Int(2)}), *Type::Array(Type::Int())),
      "[1, 2]");
  EXPECT_EQ(ValueToDisplayString(Value::Map({{Value::String("a"), Value::Int(1)}}),
                                 *Type::Map(Type::String(), Type::Int())),
            "{a=1}");
  auto st = Type::Struct({{"A", Type::Int()}, {"B", Type::String()}});
  EXPECT_EQ(ValueToDisplayString(Value::List({Value::Int(1), Value::String("x")}), *st),
            "{A=1, B=x}");
}

TEST(ValueTest, JavaDoubleFormatting) {
  EXPECT_EQ(DoubleToString(1.0), "1.0");
  EXPECT_EQ(DoubleToString(0.1), "0.1");
  EXPECT_EQ(DoubleToString(-2.5), "-2.5");
  EXPECT_EQ(DoubleToString(123456.0), "123456.0");
  EXPECT_EQ(DoubleToString(1e7), "1.0E7");
  EXPECT_EQ(DoubleToString(1.5e-4), "1.5E-4");
  EXPECT_EQ(DoubleToString(0.001), "0.001");
  EXPECT_EQ(DoubleToString(1.0 / 0.0), "Infinity");
}

TEST(ValueTest, Base64RoundTrip) {
  std::vector<std::string> inputs = {"", "a", "ab", "abc", "abcd", std::string("\0\xff", 2)};
  for (const std::string& s : inputs) {
    std::string out;
    ASSERT_TRUE(Base64Decode(Base64Encode(s), &out));
    EXPECT_EQ(out, s);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("a*b=", &out));
}

TEST(DateTimeTest, CivilRoundTripAndIsoParsing) {
  EXPECT_EQ(CivilToDays(1970, 1, 1), 0);
  EXPECT_EQ(CivilToDays(2020, 1, 1), 18262);
  CivilDate c = DaysToCivil(-1);
  EXPECT_EQ(c.year, 1969);
  EXPECT_EQ(c.month, 12);
  EXPECT_EQ(c.day, 31);
  EXPECT_EQ(FormatTimestampIso(-1), "1969-12-31T23:59:59.999");
  EXPECT_EQ(ParseTimestampIso("2020-01-01T00:00:00.000"), 18262LL * 86400000);
  EXPECT_EQ(ParseTimestampIso("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseDateIso("2020-02-30"), std::nullopt);
  // Partial dates are completed with the first month and day, as ksqlDB does.
  EXPECT_EQ(ParseDateIso("1970-01"), 0);
  EXPECT_EQ(ParseDateIso("2020"), 18262);
  EXPECT_EQ(ParseDateIso("2020-13"), std::nullopt);
  EXPECT_EQ(ParseDateIso("foo"), std::nullopt);
  EXPECT_EQ(ParseTimestampIso("2020-02"), (18262LL + 31) * 86400000);
  EXPECT_EQ(ParseTimeIso("12:00:01.5"), 43201500);
  EXPECT_EQ(DayOfWeek(0), 3);  // Thursday
}

TEST(SchemaTest, FindKeysAndToString) {
  Schema s({{"ID", Type::Bigint(), ColumnRole::kKey, ""},
            {"name", Type::String(), ColumnRole::kValue, ""}});
  EXPECT_EQ(s.Find("ID"), 0);
  EXPECT_EQ(s.Find("NAME"), 1);
  EXPECT_EQ(s.Find("X"), -1);
  EXPECT_EQ(s.KeyIndexes(), std::vector<int>{0});
  EXPECT_EQ(s.ValueIndexes(), std::vector<int>{1});
  EXPECT_EQ(s.ToString(false), "ID BIGINT KEY, name STRING");
  EXPECT_EQ(s.ToString(true), "ID BIGINT PRIMARY KEY, name STRING");
}

// One digit counter for DECIMAL precision everywhere (it had five copies, the signed ones
// undefined for the most negative value).
TEST(ValueTest, DecimalDigitCountCountsTheMagnitude) {
  EXPECT_EQ(DecimalDigitCount(__int128{0}), 1);
  EXPECT_EQ(DecimalDigitCount(__int128{9}), 1);
  EXPECT_EQ(DecimalDigitCount(__int128{10}), 2);
  EXPECT_EQ(DecimalDigitCount(__int128{-12345}), 5);
  __int128 ten_pow_38 = 1;
  for (int i = 0; i < 38; ++i) ten_pow_38 *= 10;
  EXPECT_EQ(DecimalDigitCount(ten_pow_38 - 1), 38);
  EXPECT_EQ(DecimalDigitCount(ten_pow_38), 39);
  const __int128 min = static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(DecimalDigitCount(min), 39);  // 170141183460469231731687303715884105728
  EXPECT_EQ(DecimalDigitCount(~static_cast<unsigned __int128>(0)), 39);
}

}  // namespace
}  // namespace riffle
