#include "connectors/formats/text_codec.h"

#include <gtest/gtest.h>

#include <cmath>

namespace riffle::formats {
namespace {

std::string JavaDouble(double d) {
  std::string s;
  AppendJavaDouble(d, s);
  return s;
}

TEST(TextCodecTest, JavaDoubleToString) {
  EXPECT_EQ(JavaDouble(1.0), "1.0");
  EXPECT_EQ(JavaDouble(-1.5), "-1.5");
  EXPECT_EQ(JavaDouble(654.321), "654.321");
  EXPECT_EQ(JavaDouble(0.001), "0.001");
  EXPECT_EQ(JavaDouble(0.000999), "9.99E-4");
  EXPECT_EQ(JavaDouble(1234567.0), "1234567.0");
  EXPECT_EQ(JavaDouble(12345678.0), "1.2345678E7");
  EXPECT_EQ(JavaDouble(2.2250738585072014E-308), "2.2250738585072014E-308");
  EXPECT_EQ(JavaDouble(1e-300), "1.0E-300");
  EXPECT_EQ(JavaDouble(INFINITY), "Infinity");
  EXPECT_EQ(JavaDouble(std::nan("")), "NaN");
}

TEST(TextCodecTest, JavaIntegerParsing) {
  int64_t v = 0;
  EXPECT_TRUE(ParseJavaInt32("-2147483648", v));
  EXPECT_EQ(v, INT32_MIN);
  EXPECT_TRUE(ParseJavaInt32("+7", v));
  EXPECT_EQ(v, 7);
  EXPECT_FALSE(ParseJavaInt32("2147483648", v));
  EXPECT_FALSE(ParseJavaInt32("", v));
  EXPECT_FALSE(ParseJavaInt32("-", v));
  EXPECT_FALSE(ParseJavaInt32("1 ", v));
  EXPECT_FALSE(ParseJavaInt32("1.0", v));
  EXPECT_TRUE(ParseJavaInt64("9223372036854775807", v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_TRUE(ParseJavaInt64("-9223372036854775808", v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(ParseJavaInt64("9223372036854775808", v));
  EXPECT_FALSE(ParseJavaInt64("99999999999999999999999", v));
}

TEST(TextCodecTest, JavaDoubleParsing) {
  double d = 0;
  EXPECT_TRUE(ParseJavaDouble(" 1.5 ", d));
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(ParseJavaDouble("-.5e1", d));
  EXPECT_EQ(d, -5.0);
  EXPECT_TRUE(ParseJavaDouble("2.", d));
  EXPECT_EQ(d, 2.0);
  EXPECT_TRUE(ParseJavaDouble("1f", d));
  EXPECT_EQ(d, 1.0);
  EXPECT_TRUE(ParseJavaDouble("-Infinity", d));
  EXPECT_TRUE(std::isinf(d) && d < 0);
  EXPECT_TRUE(ParseJavaDouble("NaN", d));
  EXPECT_TRUE(std::isnan(d));
  EXPECT_TRUE(ParseJavaDouble("1e999", d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(ParseJavaDouble("1e-999", d));
  EXPECT_EQ(d, 0.0);
  for (const char* bad : {"", ".", "e5", "1e", "inf", "nan", "0x1p3", "1,5", "--1", "1.5.2"}) {
    EXPECT_FALSE(ParseJavaDouble(bad, d)) << bad;
  }
}

TEST(TextCodecTest, Base64) {
  for (std::string raw : {std::string(""), std::string("a"), std::string("ab"), std::string("abc"),
                          std::string("\0\xff\x10\x80", 4)}) {
    std::string enc;
    AppendBase64(raw, enc);
    std::string dec;
    ASSERT_TRUE(DecodeBase64(enc, dec)) << enc;
    EXPECT_EQ(dec, raw);
  }
  std::string out;
  EXPECT_TRUE(DecodeBase64("YWI", out)) << "padding is optional";
  EXPECT_EQ(out, "ab");
  EXPECT_FALSE(DecodeBase64("Y", out));
  EXPECT_FALSE(DecodeBase64("YW=I", out));
  EXPECT_FALSE(DecodeBase64("YWJj=", out));
  EXPECT_FALSE(DecodeBase64("YW\n", out));
}

TEST(TextCodecTest, DecimalParseAndFormat) {
  Decimal d;
  std::string error;
  auto text = [](const Decimal& x) {
    std::string s;
    AppendDecimal(x, s);
    return s;
  };
  ASSERT_TRUE(ParseDecimalFit("12.3", 6, 4, d, error)) << error;
  EXPECT_EQ(text(d), "12.3000");
  ASSERT_TRUE(ParseDecimalFit("-0.00005", 6, 4, d, error)) << error;
  EXPECT_EQ(text(d), "-0.0001") << "HALF_UP rounds away from zero";
  ASSERT_TRUE(ParseDecimalFit("0.00004", 6, 4, d, error)) << error;
  EXPECT_EQ(text(d), "0.0000");
  ASSERT_TRUE(ParseDecimalFit("1.5E+2", 5, 1, d, error)) << error;
  EXPECT_EQ(text(d), "150.0");
  ASSERT_TRUE(ParseDecimalFit("000123", 3, 0, d, error)) << error;
  EXPECT_EQ(text(d), "123");
  ASSERT_TRUE(ParseDecimalFit("99.995", 4, 2, d, error) == false);
  EXPECT_NE(error.find("Numeric field overflow"), std::string::npos) << "rounds up to 100.00";
  ASSERT_TRUE(ParseDecimalFit("99999999999999999999999999999999999999", 38, 0, d, error)) << error;
  EXPECT_EQ(text(d), "99999999999999999999999999999999999999");
  EXPECT_FALSE(ParseDecimalFit("1e100", 38, 0, d, error));
  ASSERT_TRUE(ParseDecimalFit("1e-100", 38, 2, d, error)) << error;
  EXPECT_EQ(text(d), "0.00");
  ASSERT_TRUE(ParseDecimalFit(std::string(200, '0') + "1.25", 3, 1, d, error)) << error;
  EXPECT_EQ(text(d), "1.3");
  for (const char* bad : {"", "-", ".", "1..2", "1e", "abc", "1.2x", " 1"}) {
    EXPECT_FALSE(ParseDecimalFit(bad, 10, 2, d, error)) << bad;
  }
}

TEST(TextCodecTest, JsonStringEscapes) {
  std::string out;
  AppendJsonString(std::string("a\"\\\b\f\n\r\t\x1f\x7f/", 11), out);
  EXPECT_EQ(out, "\"a\\\"\\\\\\b\\f\\n\\r\\t\\u001f\x7f/\"");
}

}  // namespace
}  // namespace riffle::formats
