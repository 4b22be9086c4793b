#include "tests/conformance/runner/record_codec.h"

#include <gtest/gtest.h>

namespace riffle::conformance {
namespace {

SourceInfo Source(const std::string& key_format, const std::string& value_format) {
  SourceInfo s;
  s.name = "S";
  s.topic = "s";
  s.key_format = key_format;
  s.value_format = value_format;
  s.schema = Schema({{"K", Type::Int(), ColumnRole::kKey, ""},
                     {"NAME", Type::String(), ColumnRole::kValue, ""},
                     {"AMOUNT", Type::Decimal(4, 2), ColumnRole::kValue, ""}});
  return s;
}

TEST(RecordCodec, KafkaKeysRoundTripAndJsonValuesPassThrough) {
  RecordCodec codec(Source("KAFKA", "JSON"));
  std::optional<std::string> key = codec.EncodeKey(ParseLenientJson("258"));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, std::string("\0\0\x01\x02", 4));
  EXPECT_EQ(codec.DecodeKey(key, nullptr).Dump(), "258");
  EXPECT_FALSE(codec.EncodeKey(JNode::Null()).has_value());

  JNode value = ParseLenientJson(R"({"name": "a", "amount": 1.50})");
  EXPECT_EQ(codec.EncodeValue(value), R"({"name":"a","amount":1.50})");
  EXPECT_EQ(codec.DecodeValue(std::string(R"({"NAME":"a","AMOUNT":1.50})")).Dump(),
            R"({"NAME":"a","AMOUNT":1.50})");
  EXPECT_FALSE(codec.EncodeValue(JNode::Null()).has_value());  // a tombstone
  ASSERT_NE(codec.value_type(), nullptr);
  EXPECT_EQ(codec.value_type()->kind, TypeKind::kStruct);
  EXPECT_EQ(codec.key_type()->kind, TypeKind::kInt);
}

TEST(RecordCodec, DelimitedValuesAreRawText) {
  RecordCodec codec(Source("KAFKA", "DELIMITED"));
  EXPECT_EQ(codec.EncodeValue(JNode::String("a,1.50")), "a,1.50");
  EXPECT_EQ(codec.DecodeValue(std::string("a,1.50")).text(), "a,1.50");
}

TEST(RecordCodec, WindowedKeysCarryTheirBounds) {
  SourceInfo s = Source("KAFKA", "JSON");
  s.properties["WINDOW_TYPE"] = "TUMBLING";
  s.properties["WINDOW_SIZE"] = "1000";
  RecordCodec codec(s);
  std::string bytes("\0\0\0\x07", 4);
  bytes += std::string("\0\0\0\0\0\0\x07\xd0", 8);  // window start 2000
  std::optional<JNode> window;
  EXPECT_EQ(codec.DecodeKey(bytes, &window).Dump(), "7");
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->Dump(), R"({"start":2000,"end":3000,"type":"time"})");
}

TEST(RecordCodec, ValuesConvertByType) {
  TypePtr decimal = Type::Decimal(5, 2);
  Value v = JsonToValue(ParseLenientJson("1.5"), *decimal);
  ASSERT_TRUE(v.is_decimal());
  EXPECT_EQ(ValueToJson(v, *decimal).text(), "1.50");
  EXPECT_EQ(ValueToJson(JsonToValue(JNode::String("AQI="), *Type::Bytes()), *Type::Bytes()).text(),
            "AQI=");
  TypePtr st = Type::Struct({{"A", Type::Int()}, {"B", Type::Array(Type::String())}});
  JNode in = ParseLenientJson(R"({"a": 1, "b": ["x", null]})");
  EXPECT_EQ(ValueToJson(JsonToValue(in, *st), *st).Dump(), R"({"A":1,"B":["x",null]})");
  EXPECT_THROW(JsonToValue(JNode::String("nope"), *Type::Int()), std::runtime_error);
}

TEST(RecordCodec, TopicsWithoutSourceUseRawText) {
  RecordCodec codec;
  EXPECT_EQ(codec.EncodeValue(JNode::String("raw")), "raw");
  EXPECT_EQ(codec.EncodeValue(ParseLenientJson(R"({"a":1})")), R"({"a":1})");
  EXPECT_EQ(codec.DecodeValue(std::string("not json")).text(), "not json");
}

}  // namespace
}  // namespace riffle::conformance
