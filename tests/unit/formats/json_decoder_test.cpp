#include <gtest/gtest.h>

#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

class JsonDecodeTest : public ::testing::Test {
 protected:
  FormatSpec json_ = Spec("JSON");
};

TEST_F(JsonDecodeTest, AllPrimitiveTypes) {
  auto fields = Fields({{"B", Type::Boolean()},
                        {"I", Type::Int()},
                        {"L", Type::Bigint()},
                        {"D", Type::Double()},
                        {"S", Type::String()},
                        {"DEC", Type::Decimal(6, 2)},
                        {"BY", Type::Bytes()},
                        {"DT", Type::Date()},
                        {"TM", Type::Time()},
                        {"TS", Type::Timestamp()}});
  auto r = DecodeOne(json_, fields,
                     R"({"B":true,"I":-7,"L":9007199254740993,"D":2.5,"S":"hi","DEC":12.3,)"
                     R"("BY":"IQ==","DT":18000,"TM":3600000,"TS":1600000000123})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], B(true));
  EXPECT_EQ(r.row[1], I(-7));
  EXPECT_EQ(r.row[2], I(9007199254740993));
  EXPECT_EQ(r.row[3], D(2.5));
  EXPECT_EQ(r.row[4], Str("hi"));
  ASSERT_TRUE(r.row[5].is_decimal());
  EXPECT_EQ(r.row[5].as_decimal().unscaled, 1230);
  EXPECT_EQ(r.row[5].as_decimal().scale, 2);
  EXPECT_EQ(r.row[5].as_decimal().precision, 6);
  EXPECT_EQ(r.row[6], Str("!"));
  EXPECT_EQ(r.row[7], I(18000));
  EXPECT_EQ(r.row[8], I(3600000));
  EXPECT_EQ(r.row[9], I(1600000000123));
  EXPECT_EQ(r.row[10], I(-999)) << "a slot not bound to a field must stay untouched";
}

TEST_F(JsonDecodeTest, FieldNamesMatchCaseInsensitivelyAndMissingAreNull) {
  auto fields = Fields({{"ID", Type::Bigint()}, {"NAME", Type::String()}, {"GONE", Type::Int()}});
  auto r = DecodeOne(json_, fields, R"({"name":"x","Id":3,"extra":[1,{"a":2}]})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(3));
  EXPECT_EQ(r.row[1], Str("x"));
  EXPECT_TRUE(r.row[2].is_null());
}

TEST_F(JsonDecodeTest, LongAndNearMissNamesMatchPrecisely) {
  // Names around the 8-byte word boundaries of the key comparison.
  auto fields = Fields({{"CREATED_AT", Type::Int()},
                        {"CREATED_AX", Type::Int()},
                        {"ABCDEFGH", Type::Int()},
                        {"ABCDEFGHIJKLMNOPQ", Type::Int()},
                        {"Mixed_Case", Type::Int()}});
  auto r = DecodeOne(json_, fields,
                     R"({"created_ax":2,"abcdefgh":3,"ABCDEFGHIJKLMNOPq":4,"created_at":1,)"
                     R"("abcdefghijklmnopr":9,"ABCDEFGHX":9,"mixed_case":9})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
  EXPECT_EQ(r.row[1], I(2));
  EXPECT_EQ(r.row[2], I(3));
  EXPECT_EQ(r.row[3], I(4));
  EXPECT_TRUE(r.row[4].is_null()) << "a name with lower-case letters matches only exactly";
  r = DecodeOne(json_, fields, R"({"Mixed_Case":5,"CrEaTeD_aT":6})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(6));
  EXPECT_EQ(r.row[4], I(5));
}

TEST_F(JsonDecodeTest, QuotedLowerCaseColumnMatchesOnlyExactly) {
  auto fields = Fields({{"foo", Type::Int()}});
  FormatSpec spec = json_;
  auto r = DecodeOne(spec, Fields({{"foo", Type::Int()}, {"BAR", Type::Int()}}),
                     R"({"FOO":1,"bar":2})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.row[0].is_null());
  EXPECT_EQ(r.row[1], I(2));
  r = DecodeOne(spec, Fields({{"foo", Type::Int()}, {"BAR", Type::Int()}}), R"({"foo":1})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
}

TEST_F(JsonDecodeTest, ExactMatchBeatsCaseInsensitiveInEitherOrder) {
  auto fields = Fields({{"ID", Type::Int()}});
  auto r = DecodeOne(json_, fields, R"({"ID":1,"id":2})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
  r = DecodeOne(json_, fields, R"({"id":2,"ID":1})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
}

TEST_F(JsonDecodeTest, EscapedKeysAndStrings) {
  auto fields = Fields({{"ID", Type::Int()}, {"S", Type::String()}});
  auto r = DecodeOne(json_, fields, R"({"I\u0044":5,"S":"a\"b\n\u00e9\ud83d\ude00"})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(5));
  EXPECT_EQ(r.row[1], Str("a\"b\n\xc3\xa9\xf0\x9f\x98\x80"));
}

TEST_F(JsonDecodeTest, NullsAndNullRecords) {
  auto fields = Fields({{"A", Type::Int()}, {"B", Type::String()}});
  auto r = DecodeOne(json_, fields, R"({"A":null,"B":null})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.row[0].is_null());
  EXPECT_TRUE(r.row[1].is_null());
  for (std::string_view bytes : {"null", " null "}) {
    r = DecodeOne(json_, fields, bytes);
    ASSERT_TRUE(r.ok) << "'" << bytes << "': " << r.error;
    EXPECT_TRUE(r.row[0].is_null());
  }
  // No JSON at all is a bad record, as ksqlDB counts it, not a row of nulls.
  r = DecodeOne(json_, fields, "");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "empty, not JSON");
  r = DecodeOne(json_, fields, "  \n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "only whitespace, not JSON");
  r = DecodeOne(json_, fields, "ignored", /*is_null=*/true);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.row[0].is_null() && r.row[1].is_null());
}

TEST_F(JsonDecodeTest, NumbersCoerceLikeJava) {
  auto fields = Fields({{"I", Type::Int()}, {"L", Type::Bigint()}, {"D", Type::Double()}});
  auto r = DecodeOne(json_, fields, R"({"I":1.9,"L":-2.7,"D":10})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
  EXPECT_EQ(r.row[1], I(-2));
  EXPECT_EQ(r.row[2], D(10.0));
  // intValue() keeps the low 32 bits; longValue() the low 64.
  r = DecodeOne(json_, fields, R"({"I":4294967297,"L":18446744073709551615})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
  EXPECT_EQ(r.row[1], I(-1));
  r = DecodeOne(json_, fields, R"({"L":1e300})");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("out of range"), std::string::npos) << r.error;
}

TEST_F(JsonDecodeTest, StringsCoerceToNumbers) {
  auto fields = Fields({{"I", Type::Int()},
                        {"L", Type::Bigint()},
                        {"D", Type::Double()},
                        {"DEC", Type::Decimal(4, 2)},
                        {"TS", Type::Timestamp()}});
  auto r = DecodeOne(json_, fields, R"({"I":"10","L":"-5","D":" 1.5 ","DEC":"1.5","TS":"7"})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(10));
  EXPECT_EQ(r.row[1], I(-5));
  EXPECT_EQ(r.row[2], D(1.5));
  EXPECT_EQ(r.row[3].as_decimal().unscaled, 150);
  EXPECT_EQ(r.row[4], I(7));
  for (const char* bad : {R"({"I":"abc"})", R"({"I":"1.5"})", R"({"I":"2147483648"})",
                          R"({"L":""})", R"({"D":"1.5x"})", R"({"D":"0x10"})"}) {
    r = DecodeOne(json_, fields, bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_NE(r.error.find("Can't coerce string"), std::string::npos) << r.error;
  }
}

TEST_F(JsonDecodeTest, AnythingCoercesToString) {
  auto fields = Fields({{"A", Type::String()},
                        {"B", Type::String()},
                        {"C", Type::String()},
                        {"D", Type::String()},
                        {"E", Type::String()}});
  auto r = DecodeOne(json_, fields,
                     R"({"A":10,"B":1.50,"C":false,"D":{ "x" : [1, 2] },"E":[ "s" , null ]})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("10"));
  EXPECT_EQ(r.row[1], Str("1.50"));
  EXPECT_EQ(r.row[2], Str("false"));
  EXPECT_EQ(r.row[3], Str(R"({"x":[1,2]})"));
  EXPECT_EQ(r.row[4], Str(R"(["s",null])"));
}

TEST_F(JsonDecodeTest, WrongJsonKindIsAnErrorNamingTheField) {
  struct Case {
    TypePtr type;
    const char* value;
  };
  for (const Case& c : {Case{Type::Boolean(), "\"true\""}, Case{Type::Boolean(), "1"},
                        Case{Type::Int(), "true"}, Case{Type::Int(), "[1]"},
                        Case{Type::Double(), "{}"}, Case{Type::Bytes(), "12"},
                        Case{Type::Array(Type::Int()), "1"},
                        Case{Type::Map(Type::String(), Type::Int()), "[]"},
                        Case{Type::Struct({{"F", Type::Int()}}), "\"x\""}}) {
    auto r = DecodeOne(json_, Fields({{"COL", c.type}}), std::string("{\"COL\":") + c.value + "}");
    EXPECT_FALSE(r.ok) << c.type->ToString() << " from " << c.value;
    EXPECT_NE(r.error.find("`COL`"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("Can't convert type"), std::string::npos) << r.error;
  }
}

TEST_F(JsonDecodeTest, DecimalsAreExact) {
  auto fields = Fields({{"A", Type::Decimal(21, 19)}, {"B", Type::Decimal(6, 4)}});
  auto r = DecodeOne(json_, fields, R"({"A":10.123451234512345,"B":0.1})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0].as_decimal().unscaled, static_cast<__int128>(10123451234512345) * 10000);
  EXPECT_EQ(r.row[0].as_decimal().ToString(), "10.1234512345123450000");
  EXPECT_EQ(r.row[1].as_decimal().unscaled, 1000);
  EXPECT_EQ(r.row[1].as_decimal().scale, 4);
  r = DecodeOne(json_, fields, R"({"B":1.23455})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[1].as_decimal().unscaled, 12346) << "HALF_UP";
  r = DecodeOne(json_, fields, R"({"B":-1.5e1})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[1].as_decimal().unscaled, -150000);
  r = DecodeOne(json_, fields, R"({"B":123.4})");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("Numeric field overflow"), std::string::npos) << r.error;
}

TEST_F(JsonDecodeTest, BytesAreBase64) {
  auto fields = Fields({{"B", Type::Bytes()}});
  auto r = DecodeOne(json_, fields, R"({"B":"AAEC/w=="})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str(std::string("\x00\x01\x02\xff", 4)));
  r = DecodeOne(json_, fields, R"({"B":"not base64!"})");
  EXPECT_FALSE(r.ok);
}

TEST_F(JsonDecodeTest, NestedArraysMapsStructs) {
  auto point = Type::Struct({{"X", Type::Int()}, {"LABEL", Type::String()}});
  auto fields = Fields({{"ARR", Type::Array(Type::Array(Type::String()))},
                        {"M", Type::Map(Type::String(), Type::Int())},
                        {"P", point},
                        {"PS", Type::Array(point)},
                        {"STRS", Type::Array(Type::String())}});
  auto r = DecodeOne(json_, fields,
                     R"({"arr":[["a","b"],[],null,["c",null]],"m":{"k1":1,"k2":null,"k1":3},)"
                     R"("p":{"x":5},"ps":[{"LABEL":"q","X":"6"},null],"strs":[1,2,3]})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Value::List({Value::List({Str("a"), Str("b")}), Value::List({}), Value(),
                                   Value::List({Str("c"), Value()})}));
  EXPECT_EQ(r.row[1], Value::Map({{Str("k1"), I(3)}, {Str("k2"), Value()}}))
      << "a repeated key keeps its first position and last value";
  EXPECT_EQ(r.row[2], Value::List({I(5), Value()}));
  EXPECT_EQ(r.row[3], Value::List({Value::List({I(6), Str("q")}), Value()}));
  EXPECT_EQ(r.row[4], Value::List({Str("1"), Str("2"), Str("3")}));
}

TEST_F(JsonDecodeTest, MapValuesCoerceToStrings) {
  auto fields = Fields({{"ID", Type::Bigint()}, {"THING", Type::Map(Type::String(), Type::String())}});
  auto r = DecodeOne(json_, fields, R"({"id": 1, "thing": {"other": 11, "status": false}})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[1], Value::Map({{Str("other"), Str("11")}, {Str("status"), Str("false")}}));
}

TEST_F(JsonDecodeTest, MapWithIntKeysParsesKeys) {
  auto fields = Fields({{"M", Type::Map(Type::Int(), Type::Double())}});
  auto r = DecodeOne(json_, fields, R"({"M":{"1":1.5,"-2":2}})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Value::Map({{I(1), D(1.5)}, {I(-2), D(2.0)}}));
  r = DecodeOne(json_, fields, R"({"M":{"x":1}})");
  EXPECT_FALSE(r.ok);
}

TEST_F(JsonDecodeTest, UnwrappedSingleValue) {
  FormatSpec spec = Spec("JSON", false, {{"WRAP_SINGLE_VALUE", "false"}});
  auto r = DecodeOne(spec, Fields({{"FOO", Type::String()}}), R"("bar")");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("bar"));
  r = DecodeOne(spec, Fields({{"FOO", Type::String()}}), "10");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("10"));
  r = DecodeOne(spec, Fields({{"FOO", Type::Array(Type::String())}}), "[1, 2, 3]");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Value::List({Str("1"), Str("2"), Str("3")}));
  r = DecodeOne(spec, Fields({{"FOO", Type::Struct({{"F1", Type::String()}})}}),
                R"({"F1":"bar"})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Value::List({Str("bar")}));
  struct Trailing {
    TypePtr type;
    const char* bytes;
  };
  for (const Trailing& t : {Trailing{Type::Int(), "12 13"}, Trailing{Type::String(), "\"a\" \"b\""},
                            Trailing{Type::String(), "12 13"}, Trailing{Type::Boolean(), "true 1"},
                            Trailing{Type::Decimal(4, 2), "65.21 77"},
                            Trailing{Type::Decimal(4, 2), "65.2.1"},
                            Trailing{Type::Double(), "1.5]"},
                            Trailing{Type::Array(Type::Int()), "[1] 2"},
                            Trailing{Type::String(), "[1] 2"}}) {
    r = DecodeOne(spec, Fields({{"FOO", t.type}}), t.bytes);
    EXPECT_FALSE(r.ok) << "trailing content accepted: " << t.bytes;
  }
}

TEST_F(JsonDecodeTest, WrappedSingleValueNeedsAnObject) {
  auto fields = Fields({{"FOO", Type::String()}});
  auto r = DecodeOne(json_, fields, R"({"foo":"x"})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("x"));
  r = DecodeOne(json_, fields, R"("bar")");
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("TextNode"), std::string::npos) << r.error;
}

TEST_F(JsonDecodeTest, KeysAreUnwrappedForOneColumnAndObjectsForMore) {
  FormatSpec key = Spec("JSON", true);
  auto r = DecodeOne(key, Fields({{"K", Type::String()}}), R"("hello")");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("hello"));
  r = DecodeOne(key, Fields({{"K", Type::Decimal(4, 2)}}), "65.21");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0].as_decimal().unscaled, 6521);
  r = DecodeOne(key, Fields({{"K1", Type::String()}, {"K2", Type::Int()}}),
                R"({"K1":"foo","k2":2})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("foo"));
  EXPECT_EQ(r.row[1], I(2));
  r = DecodeOne(key, {}, "anything at all {");
  EXPECT_TRUE(r.ok) << "a keyless source ignores the key";
}

TEST_F(JsonDecodeTest, JsonSrSkipsSchemaRegistryFraming) {
  auto fields = Fields({{"A", Type::Int()}});
  std::string framed("\0\0\0\0\x07{\"A\":4}", 12);
  auto r = DecodeOne(Spec("JSON_SR"), fields, framed);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(4));
  r = DecodeOne(Spec("JSON_SR"), fields, R"({"A":5})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(5));
}

TEST_F(JsonDecodeTest, MalformedInputIsAnErrorNotACrash) {
  auto fields = Fields({{"A", Type::Int()}, {"S", Type::String()}});
  for (std::string_view bad :
       {std::string_view("{"), std::string_view(R"({"A":)"), std::string_view(R"({"A":1,)"),
        std::string_view(R"({"A" 1})"), std::string_view(R"({"A":}")"),
        std::string_view(R"({"S":"unterminated})"), std::string_view("garbage"),
        std::string_view(R"({"A":1} trailing)"), std::string_view(R"({"A":1}{"A":2})"),
        std::string_view("[1,2]"), std::string_view("42"), std::string_view(R"({"A":tru})"),
        std::string_view(R"({"A":nul})"), std::string_view(R"({"A":01})"),
        std::string_view(R"({"A":-})"), std::string_view("\x00\xff\xfe", 3),
        std::string_view(R"({"S":"bad utf8 )"
                         "\xff\xfe"
                         R"("})")}) {
    auto r = DecodeOne(json_, fields, bad);
    EXPECT_FALSE(r.ok) << "accepted: " << bad;
    EXPECT_FALSE(r.error.empty());
  }
}

TEST_F(JsonDecodeTest, EveryTruncationOfAGoodRecordIsHandled) {
  auto fields = Fields({{"ID", Type::Bigint()},
                        {"NAME", Type::String()},
                        {"TAGS", Type::Array(Type::String())},
                        {"P", Type::Struct({{"X", Type::Double()}})},
                        {"M", Type::Map(Type::String(), Type::Int())}});
  std::string good =
      R"({"ID":12,"NAME":"a\"b","TAGS":["x","y"],"P":{"X":1.5},"M":{"a":1},"Z":[{"q":1}]})";
  auto decoder = MakeDecoder(json_, fields);
  std::vector<Value> row(fields.size());
  std::string error;
  ASSERT_TRUE(decoder->Decode(good, false, row, error)) << error;
  for (size_t len = 1; len < good.size(); ++len) {
    // Must not crash; a prefix of an object is never a complete document.
    EXPECT_FALSE(decoder->Decode(std::string_view(good).substr(0, len), false, row, error))
        << good.substr(0, len);
  }
  ASSERT_TRUE(decoder->Decode(good, false, row, error)) << error;
  EXPECT_EQ(row[1], Str("a\"b"));
}

TEST_F(JsonDecodeTest, DecoderIsReusableAcrossRecordSizes) {
  auto fields = Fields({{"S", Type::String()}});
  auto decoder = MakeDecoder(json_, fields);
  std::vector<Value> row(1);
  std::string error;
  std::string big = R"({"S":")" + std::string(100000, 'x') + R"("})";
  ASSERT_TRUE(decoder->Decode(big, false, row, error)) << error;
  EXPECT_EQ(row[0].as_string().size(), 100000u);
  ASSERT_TRUE(decoder->Decode(R"({"S":"y"})", false, row, error)) << error;
  EXPECT_EQ(row[0], Str("y"));
  ASSERT_TRUE(decoder->Decode(R"({})", false, row, error)) << error;
  EXPECT_TRUE(row[0].is_null()) << "fields missing from a record reset to NULL";
}

}  // namespace
}  // namespace riffle::formats::testing

namespace riffle::formats::testing {
namespace {

// Parsing in place (DecodeFollowed, bytes followed by the rest of a source's buffer) gives
// exactly what parsing a padded copy gives, whatever follows the record: digits, quotes,
// backslashes and brackets right after it must not change a value, a match or an error.
TEST(JsonDecodeFollowedTest, SameAsDecodeWhateverFollows) {
  FormatSpec wrapped = Spec("JSON");
  FormatSpec unwrapped = Spec("JSON", false, {{"WRAP_SINGLE_VALUE", "false"}});
  auto fields = Fields({{"A", Type::Bigint()}, {"S", Type::String()}, {"D", Type::Double()}});
  struct Case {
    const FormatSpec* spec;
    std::vector<FieldBinding> fields;
    std::string bytes;
  };
  std::vector<Case> cases = {
      {&wrapped, fields, R"({"A": 12, "S": "x\"y", "D": 1.5})"},
      {&wrapped, fields, R"({"A": 12, "S": "xy"  )"},
      {&wrapped, fields, R"({"A": 12, "S": "x)"},
      {&wrapped, fields, R"({"A": 1)"},
      {&wrapped, fields, "  {\"A\": -3}\r"},
      {&wrapped, fields, R"({"A": 12} {"A": 13})"},
      {&wrapped, fields, "null"},
      {&unwrapped, Fields({{"A", Type::Bigint()}}), "12"},
      {&unwrapped, Fields({{"A", Type::Bigint()}}), "12 "},
      {&unwrapped, Fields({{"A", Type::Double()}}), "1.5"},
      {&unwrapped, Fields({{"A", Type::String()}}), R"("ab)"},
      {&unwrapped, Fields({{"A", Type::String()}}), "tru"},
  };
  const std::vector<std::string> tails = {
      std::string(80, '7'), "\"" + std::string(80, '\\'), "}]" + std::string(80, ' '),
      "\n{\"A\": 99, \"S\": \"next\", \"D\": 2}\n" + std::string(64, 'x')};
  for (const Case& c : cases) {
    DecodeResult copy = DecodeOne(*c.spec, c.fields, c.bytes);
    for (const std::string& tail : tails) {
      std::string buffer = c.bytes + tail;
      auto decoder = MakeDecoder(*c.spec, c.fields);
      DecodeResult in_place;
      in_place.row.resize(c.fields.size() + 1, Value::Int(-999));
      in_place.ok = decoder->DecodeFollowed(std::string_view(buffer).substr(0, c.bytes.size()),
                                            tail.size(), false, in_place.row, in_place.error);
      EXPECT_EQ(in_place.ok, copy.ok) << c.bytes << " followed by " << tail;
      EXPECT_EQ(in_place.error, copy.error) << c.bytes;
      if (copy.ok) {
        EXPECT_EQ(in_place.row, copy.row) << c.bytes;
      }
    }
  }
}

}  // namespace
}  // namespace riffle::formats::testing
