// Fields a query never reads (FieldBinding::unread): JSON and DELIMITED leave their slots as they
// were, but still fail a record whose value for them would not decode, as ksqlDB, which
// deserializes every declared column, does.

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats::testing {
namespace {

// Every field of `fields` unread except those named in `read`.
std::vector<FieldBinding> ReadOnly(std::vector<FieldBinding> fields,
                                   const std::vector<std::string>& read) {
  for (auto& f : fields) {
    f.unread = std::find(read.begin(), read.end(), f.name) == read.end();
  }
  return fields;
}

std::vector<FieldBinding> BidFields() {
  return Fields({{"AUCTION", Type::Bigint()},
                 {"PRICE", Type::Bigint()},
                 {"CHANNEL", Type::String()},
                 {"URL", Type::String()},
                 {"RATE", Type::Double()},
                 {"TAGS", Type::Array(Type::String())}});
}

TEST(UnreadJsonFieldsTest, OnlyReadFieldsAreMaterialised) {
  auto fields = ReadOnly(BidFields(), {"AUCTION", "URL"});
  auto r = DecodeOne(Spec("JSON"), fields,
                     R"({"auction":7,"price":90,"channel":"web","url":"https://x/y?a=1",)"
                     R"("rate":0.5,"tags":["a","b"]})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[0], I(7));
  EXPECT_EQ(r.row[3], Str("https://x/y?a=1"));
  for (int unread : {1, 2, 4, 5}) {
    EXPECT_EQ(r.row[unread], I(-999)) << "unread slot " << unread << " must stay untouched";
  }
}

TEST(UnreadJsonFieldsTest, EscapedAndNullUnreadValuesAreAccepted) {
  auto fields = ReadOnly(BidFields(), {"PRICE"});
  auto r = DecodeOne(Spec("JSON"), fields,
                     R"({"auction":null,"price":3,"channel":"a\"b\u00e9","url":12.5,)"
                     R"("rate":"2.5","tags":null})");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[1], I(3));
  EXPECT_EQ(r.row[0], I(-999));
}

// Each record fails with the same message whether the field is read or not.
TEST(UnreadJsonFieldsTest, AWrongTypeInAnUnreadFieldStillFailsTheRecord) {
  const char* bad[] = {
      R"({"auction":"seven","price":1})",      // BIGINT from a non-numeric string
      R"({"auction":true,"price":1})",         // BIGINT from a boolean
      R"({"rate":[1],"price":1})",             // DOUBLE from an array
      R"({"tags":{"a":1},"price":1})",         // ARRAY from an object
  };
  auto all_read = BidFields();
  auto price_only = ReadOnly(BidFields(), {"PRICE"});
  for (const char* record : bad) {
    auto read = DecodeOne(Spec("JSON"), all_read, record);
    auto unread = DecodeOne(Spec("JSON"), price_only, record);
    EXPECT_FALSE(read.ok) << record;
    EXPECT_FALSE(unread.ok) << record;
    EXPECT_EQ(unread.error, read.error) << record;
  }
  // STRING accepts any JSON, nested or not, read or not.
  auto nested = DecodeOne(Spec("JSON"), price_only, R"({"tags":[1,[2]],"url":{"a":[]},"price":1})");
  EXPECT_TRUE(nested.ok) << nested.error;
}

TEST(UnreadJsonFieldsTest, MalformedJsonInAnUnreadFieldStillFailsTheRecord) {
  auto price_only = ReadOnly(BidFields(), {"PRICE"});
  for (const char* bad : {R"({"auction":12x,"price":1})", R"({"channel":"a\qb","price":1})",
                          R"({"url":tru,"price":1})", R"({"price":1,"channel":"x")",
                          R"({"price":1,"url":"x"} trailing)"}) {
    auto r = DecodeOne(Spec("JSON"), price_only, bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_FALSE(r.error.empty()) << bad;
  }
}

TEST(UnreadJsonFieldsTest, AnUnreadSingleUnwrappedValueIsCheckedNotStored) {
  auto spec = Spec("JSON", false, {{"WRAP_SINGLE_VALUE", "false"}});
  auto fields = ReadOnly(Fields({{"N", Type::Int()}}), {});
  auto ok = DecodeOne(spec, fields, "42");
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.row[0], I(-999));
  EXPECT_FALSE(DecodeOne(spec, fields, "\"forty-two\"").ok);
}

TEST(UnreadDelimitedFieldsTest, OnlyReadFieldsAreMaterialised) {
  auto fields = ReadOnly(
      Fields({{"ID", Type::Bigint()}, {"NAME", Type::String()}, {"VALUE", Type::Int()}}),
      {"VALUE"});
  auto r = DecodeOne(Spec("DELIMITED"), fields, R"(1,"a, b",3)");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.row[2], I(3));
  EXPECT_TRUE(r.row[0].is_null()) << "DELIMITED sets every bound slot to NULL first";
  EXPECT_TRUE(r.row[1].is_null());
}

TEST(UnreadDelimitedFieldsTest, AWrongTypeOrCountStillFailsTheRecord) {
  auto all = Fields({{"ID", Type::Bigint()}, {"NAME", Type::String()}, {"VALUE", Type::Int()}});
  auto value_only = ReadOnly(all, {"VALUE"});
  for (const char* bad : {"x,a,3", "1,a", "1,a,3,4", "1,\"a,3"}) {
    auto read = DecodeOne(Spec("DELIMITED"), all, bad);
    auto unread = DecodeOne(Spec("DELIMITED"), value_only, bad);
    EXPECT_FALSE(read.ok) << bad;
    EXPECT_FALSE(unread.ok) << bad;
    EXPECT_EQ(unread.error, read.error) << bad;
  }
}

}  // namespace
}  // namespace riffle::formats::testing
