#include <gtest/gtest.h>

#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

class DelimitedTest : public ::testing::Test {
 protected:
  FormatSpec csv_ = Spec("DELIMITED");
  std::vector<FieldBinding> three_ =
      Fields({{"ID", Type::Bigint()}, {"NAME", Type::String()}, {"VALUE", Type::Int()}});
};

TEST_F(DelimitedTest, DecodesFields) {
  auto r = DecodeOne(csv_, three_, "100,zero,-5");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(100));
  EXPECT_EQ(r.row[1], Str("zero"));
  EXPECT_EQ(r.row[2], I(-5));
  EXPECT_EQ(r.row[3], I(-999));
}

TEST_F(DelimitedTest, EmptyFieldsAreNull) {
  auto r = DecodeOne(csv_, three_, ",,");
  ASSERT_TRUE(r.ok) << r.error;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(r.row[i].is_null());
  r = DecodeOne(csv_, three_, R"(1,"",2)");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.row[1].is_null()) << "a quoted empty field is NULL too, as in ksqlDB";
}

TEST_F(DelimitedTest, QuotedFields) {
  auto r = DecodeOne(csv_, three_, R"("7","a ""quoted"", comma
and newline" ,"8")");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(7));
  EXPECT_EQ(r.row[1], Str("a \"quoted\", comma\nand newline"));
  EXPECT_EQ(r.row[2], I(8));
  // A quote inside an unquoted field is literal.
  r = DecodeOne(csv_, three_, R"(1,ab"c,2)");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[1], Str("ab\"c"));
}

TEST_F(DelimitedTest, OnlyTheFirstRecordCounts) {
  auto r = DecodeOne(csv_, three_, "\r\n1,a,2\r\n3,b,4\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(1));
  EXPECT_EQ(r.row[2], I(2));
}

TEST_F(DelimitedTest, FieldCountMismatch) {
  auto r = DecodeOne(csv_, three_, "1,2");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "Unexpected field count, csvFields:2 schemaFields:3");
  r = DecodeOne(csv_, three_, "1,2,3,");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "Unexpected field count, csvFields:4 schemaFields:3");
  r = DecodeOne(csv_, three_, "");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "No fields in record");
}

TEST_F(DelimitedTest, BadQuoting) {
  for (const char* bad : {R"("unterminated,1,2)", R"("a"x,1,2)"}) {
    auto r = DecodeOne(csv_, three_, bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_FALSE(r.error.empty());
  }
}

TEST_F(DelimitedTest, StrictTypedParsing) {
  auto fields = Fields({{"B", Type::Boolean()},
                        {"I", Type::Int()},
                        {"L", Type::Bigint()},
                        {"D", Type::Double()},
                        {"DEC", Type::Decimal(6, 4)},
                        {"BY", Type::Bytes()},
                        {"DT", Type::Date()},
                        {"TM", Type::Time()},
                        {"TS", Type::Timestamp()}});
  auto r = DecodeOne(csv_, fields, "TRUE,+12,-9223372036854775808,1e3,12.3650,IQ==,-10,1000,5");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], B(true));
  EXPECT_EQ(r.row[1], I(12));
  EXPECT_EQ(r.row[2], I(INT64_MIN));
  EXPECT_EQ(r.row[3], D(1000.0));
  EXPECT_EQ(r.row[4].as_decimal().unscaled, 123650);
  EXPECT_EQ(r.row[5], Str("!"));
  EXPECT_EQ(r.row[6], I(-10));
  EXPECT_EQ(r.row[7], I(1000));
  EXPECT_EQ(r.row[8], I(5));
  for (const char* bad : {"yes,1,1,1,1,IQ==,1,1,1", "true,2147483648,1,1,1,IQ==,1,1,1",
                          "true,1, 1,1,1,IQ==,1,1,1", "true,1,1,1.2.3,1,IQ==,1,1,1",
                          "true,1,1,1,123.45,IQ==,1,1,1", "true,1,1,1,1,!!,1,1,1",
                          "true,1,1,1,1,IQ==,x,1,1"}) {
    r = DecodeOne(csv_, fields, bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_NE(r.error.find("field `"), std::string::npos) << r.error;
  }
}

TEST_F(DelimitedTest, DecimalsFromKsqlTests) {
  auto fields = Fields({{"V", Type::Decimal(33, 16)}});
  auto r = DecodeOne(csv_, fields, ".12");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0].as_decimal().ToString(), "0.1200000000000000");
  r = DecodeOne(csv_, fields, "\"-12345.12\"");
  ASSERT_TRUE(r.ok) << r.error;
  auto e = EncodeOne(csv_, fields, r.row);
  EXPECT_EQ(e.bytes, "\"-12345.1200000000000000\"");
  r = DecodeOne(csv_, fields, "12345678987654321.2345678987654321");
  ASSERT_TRUE(r.ok) << r.error;
  e = EncodeOne(csv_, fields, r.row);
  EXPECT_EQ(e.bytes, "12345678987654321.2345678987654321");
}

TEST_F(DelimitedTest, CustomDelimiters) {
  struct Case {
    const char* property;
    const char* record;
  };
  for (const Case& c : {Case{"|", "0|zero|0"}, Case{"TAB", "0\tzero\t0"},
                        Case{"SPACE", "0 zero 0"}, Case{"$", "0$zero$0"}}) {
    FormatSpec spec = Spec("DELIMITED", false, {{"VALUE_DELIMITER", c.property}});
    auto r = DecodeOne(spec, three_, c.record);
    ASSERT_TRUE(r.ok) << c.property << ": " << r.error;
    EXPECT_EQ(r.row[1], Str("zero"));
    auto e = EncodeOne(spec, three_, r.row);
    ASSERT_TRUE(e.ok);
    EXPECT_EQ(e.bytes, c.record);
  }
  FormatSpec key = Spec("DELIMITED", true, {{"KEY_DELIMITER", ";"}});
  auto r = DecodeOne(key, Fields({{"K1", Type::String()}, {"K2", Type::String()}}), "foo,bar;baz");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], Str("foo,bar"));
  EXPECT_EQ(r.row[1], Str("baz"));
}

TEST_F(DelimitedTest, EncodeQuotesAsCommonsCsv) {
  auto fields = Fields({{"A", Type::String()}, {"B", Type::String()}, {"C", Type::String()}});
  struct Case {
    std::vector<Value> row;
    const char* bytes;
  };
  for (const Case& c : std::vector<Case>{
           {{Str("!"), Str("IQ=="), Str("!")}, R"("!",IQ==,"!")"},
           {{Str("#"), Str("Iw=="), Str("#")}, R"("#",Iw==,"#")"},
           {{Str("-1"), Str("a"), Str("-1")}, R"("-1",a,-1)"},
           {{Str("a,b"), Str("say \"hi\""), Str("x\ny")}, "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\""},
           {{Str(""), Str(""), Value()}, R"("",,)"},
           {{Value(), Str("trailing "), Str(" leading")}, R"(,"trailing "," leading")"},
           {{Str("\xc3\xa9t\xc3\xa9"), Str("\xc3\xa9t\xc3\xa9"), Str("ok")},
            "\"\xc3\xa9t\xc3\xa9\",\xc3\xa9t\xc3\xa9,ok"},
       }) {
    auto e = EncodeOne(csv_, fields, c.row);
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_EQ(e.bytes, c.bytes);
  }
  // ksqlDB's embedded-code test: a value made of quotes.
  auto e = EncodeOne(csv_, Fields({{"X", Type::String()}}),
                     {Str("\" + new java.util.function.Supplier<String>(){public String get() "
                          "{return \"boom\";}}.get() + \"")});
  EXPECT_EQ(e.bytes,
            "\"\"\" + new java.util.function.Supplier<String>(){public String get() "
            "{return \"\"boom\"\";}}.get() + \"\"\"");
}

TEST_F(DelimitedTest, EncodeTypes) {
  auto fields = Fields({{"B", Type::Boolean()},
                        {"I", Type::Int()},
                        {"D", Type::Double()},
                        {"D2", Type::Double()},
                        {"DEC", Type::Decimal(6, 4)},
                        {"BY", Type::Bytes()},
                        {"DT", Type::Date()},
                        {"TS", Type::Timestamp()}});
  auto e = EncodeOne(csv_, fields,
                     {B(false), I(-2147483647), D(4.9e-324), D(10.1), Dec(100000, 6, 4),
                      Str("#"), I(-10), I(0)});
  ASSERT_TRUE(e.ok) << e.error;
  EXPECT_EQ(e.bytes, "false,-2147483647,4.9E-324,10.1,10.0000,Iw==,-10,0");
  e = EncodeOne(csv_, Fields({{"DT", Type::Date()}}), {I(-10)});
  EXPECT_EQ(e.bytes, "\"-10\"") << "a first field not starting alphanumeric is quoted";
}

TEST_F(DelimitedTest, KeysAndNulls) {
  FormatSpec key = Spec("DELIMITED", true);
  auto e = EncodeOne(key, Fields({{"K", Type::Boolean()}}), {Value()});
  ASSERT_TRUE(e.ok);
  EXPECT_TRUE(e.is_null);
  auto r = DecodeOne(key, Fields({{"K", Type::Boolean()}}), "\"true\"");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], B(true));
  r = DecodeOne(key, Fields({{"K", Type::Boolean()}}), "", /*is_null=*/true);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.row[0].is_null());
  e = EncodeOne(csv_, Fields({{"V", Type::Int()}}), {Value()});
  ASSERT_TRUE(e.ok);
  EXPECT_FALSE(e.is_null) << "a value row with a NULL column is still a record";
  EXPECT_EQ(e.bytes, "");
}

TEST_F(DelimitedTest, RoundTripsEveryType) {
  auto fields = Fields({{"B", Type::Boolean()},
                        {"I", Type::Int()},
                        {"L", Type::Bigint()},
                        {"D", Type::Double()},
                        {"DEC", Type::Decimal(10, 3)},
                        {"S", Type::String()},
                        {"BY", Type::Bytes()},
                        {"DT", Type::Date()},
                        {"TM", Type::Time()},
                        {"TS", Type::Timestamp()}});
  std::vector<Value> row = {B(true),    I(-3),         I(INT64_MAX),
                            D(-2.5e-9), Dec(-1, 10, 3), Str("a,\"b\"\r\nc "),
                            Str(std::string("\0\x01", 2)), I(19000),
                            I(1), I(-1)};
  auto e = EncodeOne(csv_, fields, row);
  ASSERT_TRUE(e.ok) << e.error;
  auto r = DecodeOne(csv_, fields, e.bytes);
  ASSERT_TRUE(r.ok) << r.error << "\n" << e.bytes;
  for (size_t i = 0; i < row.size(); ++i) EXPECT_EQ(r.row[i], row[i]) << fields[i].name;
}

}  // namespace
}  // namespace riffle::formats::testing
