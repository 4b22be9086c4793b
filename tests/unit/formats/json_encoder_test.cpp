#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

TEST(JsonEncodeTest, WritesColumnsInSchemaOrderCompactly) {
  auto fields = Fields({{"ID", Type::Bigint()},
                        {"NAME", Type::String()},
                        {"D", Type::Double()},
                        {"DEC", Type::Decimal(6, 4)},
                        {"B", Type::Boolean()},
                        {"BY", Type::Bytes()},
                        {"TS", Type::Timestamp()},
                        {"N", Type::Int()}});
  auto r = EncodeOne(Spec("JSON"), fields,
                     {I(1), Str("x"), D(1.0), Dec(100000, 6, 4), B(true), Str("!"),
                      I(1600000000000), Value()});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.is_null);
  EXPECT_EQ(r.bytes,
            R"({"ID":1,"NAME":"x","D":1.0,"DEC":10.0000,"B":true,"BY":"IQ==",)"
            R"("TS":1600000000000,"N":null})");
}

TEST(JsonEncodeTest, DoublesPrintAsJava) {
  auto fields = Fields({{"D", Type::Double()}});
  FormatSpec spec = Spec("JSON");
  struct Case {
    double d;
    const char* text;
  };
  for (const Case& c : {Case{0.0, "0.0"}, Case{-0.0, "-0.0"}, Case{100.5, "100.5"},
                        Case{1e10, "1.0E10"}, Case{1.234e-5, "1.234E-5"}, Case{0.001, "0.001"},
                        Case{1e7, "1.0E7"}, Case{9999999.0, "9999999.0"},
                        Case{123456789.125, "1.23456789125E8"}, Case{0.1 + 0.2, "0.30000000000000004"},
                        Case{4.9e-324, "4.9E-324"}, Case{1.7976931348623157e308, "1.7976931348623157E308"},
                        Case{NAN, "\"NaN\""}, Case{-INFINITY, "\"-Infinity\""}}) {
    auto r = EncodeOne(spec, fields, {D(c.d)});
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.bytes, std::string("{\"D\":") + c.text + "}");
  }
}

TEST(JsonEncodeTest, EscapesStringsAsJackson) {
  auto fields = Fields({{"S", Type::String()}});
  auto r = EncodeOne(Spec("JSON"), fields, {Str("q\"b\\s/\n\t\x01\xc3\xa9")});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.bytes, "{\"S\":\"q\\\"b\\\\s/\\n\\t\\u0001\xc3\xa9\"}");
}

TEST(JsonEncodeTest, NestedTypes) {
  auto point = Type::Struct({{"X", Type::Int()}, {"Label", Type::String()}});
  auto fields = Fields({{"A", Type::Array(Type::Array(Type::Int()))},
                        {"M", Type::Map(Type::String(), Type::Double())},
                        {"P", point},
                        {"MI", Type::Map(Type::Int(), Type::Boolean())}});
  auto r = EncodeOne(Spec("JSON"), fields,
                     {Value::List({Value::List({I(1), Value()}), Value::List({})}),
                      Value::Map({{Str("k"), D(2.0)}, {Str("z"), Value()}}),
                      Value::List({I(3), Str("p")}), Value::Map({{I(7), B(false)}})});
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.bytes,
            R"({"A":[[1,null],[]],"M":{"k":2.0,"z":null},"P":{"X":3,"Label":"p"},)"
            R"("MI":{"7":false}})");
}

TEST(JsonEncodeTest, UnwrappedValuesAndKeys) {
  FormatSpec unwrapped = Spec("JSON", false, {{"WRAP_SINGLE_VALUE", "false"}});
  auto r = EncodeOne(unwrapped, Fields({{"FOO", Type::String()}}), {Str("bar")});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.bytes, "\"bar\"");
  r = EncodeOne(unwrapped, Fields({{"FOO", Type::String()}}), {Value()});
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.is_null);

  FormatSpec key = Spec("JSON", true);
  r = EncodeOne(key, Fields({{"K", Type::Int()}}), {I(42)});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.bytes, "42");
  r = EncodeOne(key, Fields({{"K1", Type::String()}, {"K2", Type::String()}}),
                {Str("foo"), Value()});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.bytes, R"({"K1":"foo","K2":null})");
  r = EncodeOne(key, Fields({{"K1", Type::String()}, {"K2", Type::String()}}), {Value(), Value()});
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.is_null) << "an all-NULL key is a null key";
  r = EncodeOne(key, {}, {});
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.is_null);
}

TEST(JsonEncodeTest, WrappedSingleValueIsAnObject) {
  auto r = EncodeOne(Spec("JSON"), Fields({{"FOO", Type::String()}}), {Str("bar")});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.bytes, R"({"FOO":"bar"})");
}

TEST(JsonEncodeTest, ValueOfWrongKindIsAnError) {
  auto r = EncodeOne(Spec("JSON"), Fields({{"A", Type::Int()}}), {Str("x")});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("`A`"), std::string::npos) << r.error;
  r = EncodeOne(Spec("JSON"), Fields({{"P", Type::Struct({{"X", Type::Int()}})}}),
                {Value::List({I(1), I(2)})});
  EXPECT_FALSE(r.ok) << "struct arity mismatch";
}

TEST(JsonEncodeTest, RoundTripsEveryType) {
  auto fields = Fields({{"B", Type::Boolean()},
                        {"I", Type::Int()},
                        {"L", Type::Bigint()},
                        {"D", Type::Double()},
                        {"DEC", Type::Decimal(38, 10)},
                        {"S", Type::String()},
                        {"BY", Type::Bytes()},
                        {"DT", Type::Date()},
                        {"TM", Type::Time()},
                        {"TS", Type::Timestamp()},
                        {"A", Type::Array(Type::String())},
                        {"M", Type::Map(Type::String(), Type::Bigint())},
                        {"ST", Type::Struct({{"Q", Type::Double()}, {"R", Type::Bytes()}})}});
  __int128 big = static_cast<__int128>(1234567890123456789LL) * 10000000000LL + 1;
  std::vector<Value> row = {B(false),
                            I(-2147483648LL),
                            I(INT64_MIN),
                            D(-1.0000000000000002),
                            Dec(-big, 38, 10),
                            Str("\"quoted\",\n\xe2\x82\xac"),
                            Str(std::string("\x00\xff", 2)),
                            I(-1),
                            I(86399999),
                            I(-5),
                            Value::List({Str("a"), Value()}),
                            Value::Map({{Str("x"), I(INT64_MAX)}}),
                            Value::List({D(0.5), Str("raw")})};
  auto enc = EncodeOne(Spec("JSON"), fields, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  auto dec = DecodeOne(Spec("JSON"), fields, enc.bytes);
  ASSERT_TRUE(dec.ok) << dec.error << "\n" << enc.bytes;
  for (size_t i = 0; i < row.size(); ++i) EXPECT_EQ(dec.row[i], row[i]) << fields[i].name;
  EXPECT_EQ(dec.row[4].as_decimal().unscaled, -big);
}

}  // namespace
}  // namespace riffle::formats::testing
