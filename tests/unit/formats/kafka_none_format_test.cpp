#include <gtest/gtest.h>

#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(KafkaFormatTest, WireLayouts) {
  FormatSpec kafka = Spec("KAFKA");
  struct Case {
    TypePtr type;
    Value value;
    std::string bytes;
  };
  for (const Case& c : std::vector<Case>{
           {Type::Int(), I(2), Bytes({0, 0, 0, 2})},
           {Type::Int(), I(-2), Bytes({0xff, 0xff, 0xff, 0xfe})},
           {Type::Bigint(), I(1), Bytes({0, 0, 0, 0, 0, 0, 0, 1})},
           {Type::Bigint(), I(INT64_MIN), Bytes({0x80, 0, 0, 0, 0, 0, 0, 0})},
           {Type::Double(), D(2.2), Bytes({0x40, 0x01, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a})},
           {Type::Double(), D(-0.0), Bytes({0x80, 0, 0, 0, 0, 0, 0, 0})},
           {Type::String(), Str("bar"), "bar"},
           {Type::String(), Str(""), ""},
           {Type::Bytes(), Str(std::string("\0\xff", 2)), std::string("\0\xff", 2)},
       }) {
    auto fields = Fields({{"V", c.type}});
    auto e = EncodeOne(kafka, fields, {c.value});
    ASSERT_TRUE(e.ok) << e.error;
    EXPECT_FALSE(e.is_null);
    EXPECT_EQ(e.bytes, c.bytes) << c.type->ToString();
    auto r = DecodeOne(kafka, fields, c.bytes);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.row[0], c.value) << c.type->ToString();
  }
}

TEST(KafkaFormatTest, WrongLengthIsAnError) {
  FormatSpec kafka = Spec("KAFKA");
  for (auto [type, len] : {std::pair{Type::Int(), 3}, std::pair{Type::Int(), 8},
                           std::pair{Type::Bigint(), 4}, std::pair{Type::Double(), 0},
                           std::pair{Type::Double(), 9}}) {
    auto r = DecodeOne(kafka, Fields({{"V", type}}), std::string(len, '\x01'));
    EXPECT_FALSE(r.ok) << type->ToString() << " " << len;
    EXPECT_NE(r.error.find("Size of data received by"), std::string::npos) << r.error;
  }
}

TEST(KafkaFormatTest, NullsAndKeyless) {
  FormatSpec kafka = Spec("KAFKA", true);
  auto r = DecodeOne(kafka, Fields({{"K", Type::Int()}}), "", /*is_null=*/true);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.row[0].is_null());
  auto e = EncodeOne(kafka, Fields({{"K", Type::Int()}}), {Value()});
  ASSERT_TRUE(e.ok);
  EXPECT_TRUE(e.is_null);
  r = DecodeOne(kafka, {}, "ignored");
  EXPECT_TRUE(r.ok);
  e = EncodeOne(kafka, {}, {});
  EXPECT_TRUE(e.ok && e.is_null);
}

TEST(KafkaFormatTest, IntOutOfRangeCannotBeEncoded) {
  auto e = EncodeOne(Spec("KAFKA"), Fields({{"V", Type::Int()}}), {I(1LL << 40)});
  EXPECT_FALSE(e.ok);
  EXPECT_NE(e.error.find("does not fit"), std::string::npos) << e.error;
}

TEST(NoneFormatTest, IgnoresBytesAndWritesNull) {
  FormatSpec none = Spec("NONE", true);
  auto r = DecodeOne(none, {}, "data that should be ignored");
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.row[0], I(-999));
  auto e = EncodeOne(none, {}, {});
  EXPECT_TRUE(e.ok);
  EXPECT_TRUE(e.is_null);
}

}  // namespace
}  // namespace riffle::formats::testing
