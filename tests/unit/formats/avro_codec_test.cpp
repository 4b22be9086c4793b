#include <gtest/gtest.h>

#include "core/common/error.h"
#include "tests/unit/formats/avro_test_util.h"

namespace riffle::formats::testing {
namespace {

std::vector<FieldBinding> AllTypes() {
  return Fields({
      {"BOOL", Type::Boolean()},
      {"I", Type::Int()},
      {"BIG", Type::Bigint()},
      {"DBL", Type::Double()},
      {"DEC", Type::Decimal(10, 2)},
      {"S", Type::String()},
      {"BY", Type::Bytes()},
      {"DT", Type::Date()},
      {"TM", Type::Time()},
      {"TS", Type::Timestamp()},
      {"ARR", Type::Array(Type::Int())},
      {"M", Type::Map(Type::String(), Type::Double())},
      {"ST", Type::Struct({{"A", Type::Int()},
                           {"B", Type::Array(Type::Struct({{"X", Type::String()}}))}})},
  });
}

std::vector<Value> AllValues() {
  return {B(true),
          I(-7),
          I(1234567890123),
          D(2.5),
          Dec(-12345, 10, 2),
          Str("héllo"),
          Str(std::string("\0\x01\xff", 3)),
          I(19000),
          I(3600000),
          I(1700000000123),
          Value::List({I(1), Value(), I(3)}),
          Value::Map({{Str("a"), D(1.5)}, {Str("b"), Value()}}),
          Value::List({I(9), Value::List({Value::List({Str("x")}), Value()})})};
}

TEST(AvroCodecTest, RoundTripsEveryType) {
  auto fields = AllTypes();
  auto spec = AvroSpec(false, "", 42);
  auto row = AllValues();
  auto enc = EncodeOne(spec, fields, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  EXPECT_FALSE(enc.is_null);
  ASSERT_GE(enc.bytes.size(), 5u);
  EXPECT_EQ(enc.bytes.substr(0, 5), std::string("\0\0\0\0\x2a", 5));
  auto dec = DecodeOne(spec, fields, enc.bytes);
  ASSERT_TRUE(dec.ok) << dec.error;
  for (size_t i = 0; i < row.size(); ++i) EXPECT_EQ(dec.row[i], row[i]) << fields[i].name;
  EXPECT_EQ(dec.row.back(), I(-999));  // unbound slot untouched
}

TEST(AvroCodecTest, RoundTripsNulls) {
  auto fields = AllTypes();
  auto spec = AvroSpec();
  std::vector<Value> row(fields.size());
  auto enc = EncodeOne(spec, fields, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  // Every field is the null branch of its union: one zero byte each.
  EXPECT_EQ(enc.bytes, Framed(0, std::string(fields.size(), '\0')));
  auto dec = DecodeOne(spec, fields, enc.bytes);
  ASSERT_TRUE(dec.ok) << dec.error;
  for (size_t i = 0; i < row.size(); ++i) EXPECT_TRUE(dec.row[i].is_null());
}

TEST(AvroCodecTest, WritesKsqlLayoutByteForByte) {
  // FOO INT, BAR STRING: each field a ["null", T] union, branch 1 for values.
  auto fields = Fields({{"FOO", Type::Int()}, {"BAR", Type::String()}});
  auto enc = EncodeOne(AvroSpec(false, "", 7), fields, {I(-2), Str("ab")});
  ASSERT_TRUE(enc.ok);
  EXPECT_EQ(enc.bytes, Framed(7, Zig(1) + Zig(-2) + Zig(1) + AvroStr("ab")));
}

TEST(AvroCodecTest, DecimalBytesAreMinimalTwosComplement) {
  auto fields = Fields({{"D", Type::Decimal(4, 2)}});
  auto spec = AvroSpec(false, "", 0, {{"WRAP_SINGLE_VALUE", "false"}});
  auto enc = EncodeOne(spec, fields, {Dec(-128, 4, 2)});
  ASSERT_TRUE(enc.ok);
  EXPECT_EQ(enc.bytes, Framed(0, Zig(1) + std::string("\x80", 1)));
  enc = EncodeOne(spec, fields, {Dec(128, 4, 2)});
  EXPECT_EQ(enc.bytes, Framed(0, Zig(2) + std::string("\x00\x80", 2)));
  // A value with another scale is rescaled to the schema's.
  enc = EncodeOne(spec, fields, {Dec(15, 3, 1)});
  auto dec = DecodeOne(spec, fields, enc.bytes);
  ASSERT_TRUE(dec.ok);
  EXPECT_EQ(dec.row[0].as_decimal().ToString(), "1.50");
}

TEST(AvroCodecTest, UnwrappedKeyIsBarePrimitive) {
  auto fields = Fields({{"K", Type::Int()}});
  auto spec = AvroSpec(true, "", 3);
  auto enc = EncodeOne(spec, fields, {I(10)});
  ASSERT_TRUE(enc.ok);
  EXPECT_EQ(enc.bytes, Framed(3, Zig(10)));
  auto null_key = EncodeOne(spec, fields, {Value()});
  EXPECT_TRUE(null_key.ok);
  EXPECT_TRUE(null_key.is_null);
  auto dec = DecodeOne(spec, fields, enc.bytes);
  ASSERT_TRUE(dec.ok);
  EXPECT_EQ(dec.row[0], I(10));
}

TEST(AvroCodecTest, UnwrappedValueNullIsKafkaNull) {
  auto fields = Fields({{"FOO", Type::Boolean()}});
  auto spec = AvroSpec(false, "", 0, {{"WRAP_SINGLE_VALUE", "false"}});
  auto enc = EncodeOne(spec, fields, {Value()});
  EXPECT_TRUE(enc.ok);
  EXPECT_TRUE(enc.is_null);
  enc = EncodeOne(spec, fields, {B(true)});
  EXPECT_EQ(enc.bytes, Framed(0, std::string("\x01", 1)));
}

TEST(AvroCodecTest, NullRecordDecodesToNulls) {
  auto fields = Fields({{"A", Type::Int()}, {"B", Type::String()}});
  auto dec = DecodeOne(AvroSpec(), fields, "", /*is_null=*/true);
  ASSERT_TRUE(dec.ok);
  EXPECT_TRUE(dec.row[0].is_null());
  EXPECT_TRUE(dec.row[1].is_null());
}

TEST(AvroCodecTest, BadBytesFailWithMessage) {
  auto fields = AllTypes();
  auto spec = AvroSpec();
  auto no_magic = DecodeOne(spec, fields, "{\"a\":1}");
  EXPECT_FALSE(no_magic.ok);
  EXPECT_EQ(no_magic.error, "Unknown magic byte!");
  auto short_header = DecodeOne(spec, fields, std::string("\0\0", 2));
  EXPECT_FALSE(short_header.ok);
  EXPECT_FALSE(short_header.error.empty());

  auto enc = EncodeOne(spec, fields, AllValues());
  ASSERT_TRUE(enc.ok);
  auto decoder = MakeDecoder(spec, fields);
  std::vector<Value> row(fields.size());
  std::string error;
  // Every truncation fails cleanly.
  for (size_t n = 0; n < enc.bytes.size(); ++n) {
    error.clear();
    EXPECT_FALSE(decoder->Decode(std::string_view(enc.bytes).substr(0, n), false, row, error))
        << n;
    EXPECT_FALSE(error.empty());
  }
  // Corrupted bytes never crash (they may decode to something or fail).
  uint32_t seed = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes = enc.bytes;
    for (int k = 0; k < 3; ++k) {
      seed = seed * 1103515245 + 12345;
      size_t pos = 5 + (seed >> 8) % (bytes.size() - 5);
      bytes[pos] = static_cast<char>(seed >> 16);
    }
    decoder->Decode(bytes, false, row, error);
  }
  // A huge array count with no data behind it fails instead of looping.
  auto arr = Fields({{"A", Type::Array(Type::Int())}});
  auto big = DecodeOne(AvroSpec(), arr, Framed(0, Zig(1) + Zig(1000000000)));
  EXPECT_FALSE(big.ok);
}

TEST(AvroCodecTest, NullForNonNullableSchemaFieldFailsNamingField) {
  const std::string schema =
      R"({"type":"record","name":"T","fields":[{"name":"eventID","type":"string"},)"
      R"({"name":"n","type":["null","int"]}]})";
  auto fields = Fields({{"eventID", Type::String()}, {"N", Type::Int()}});
  auto spec = AvroSpec(false, schema, 102);
  auto ok = EncodeOne(spec, fields, {Str("e1"), I(4)});
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.bytes, Framed(102, AvroStr("e1") + Zig(1) + Zig(4)));
  auto bad = EncodeOne(spec, fields, {Value(), I(4)});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("eventID"), std::string::npos) << bad.error;
}

TEST(AvroCodecTest, EncodeRefusesSchemaWithoutColumnForRequiredField) {
  const std::string schema =
      R"({"type":"record","name":"T","fields":[{"name":"a","type":"string"}]})";
  EXPECT_THROW(MakeEncoder(AvroSpec(false, schema, 1), Fields({{"B", Type::String()}})),
               RiffleError);
}

TEST(AvroCodecTest, DecodesWithCoercionFromWriterTypes) {
  // Writer ints read as STRING (ksqlDB's "with coercion" cases), floats as DOUBLE, enums as
  // STRING, fixed as BYTES.
  const std::string schema =
      R"({"type":"record","name":"blah","fields":[{"name":"c1","type":"int"},)"
      R"({"name":"c2","type":"float"},{"name":"c3","type":{"type":"enum","name":"Suit",)"
      R"("symbols":["SPADES","HEARTS"]}},{"name":"c4","type":{"type":"fixed","name":"md5","size":2}},)"
      R"({"name":"c5","type":"long"}]})";
  auto fields = Fields({{"C1", Type::String()}, {"C2", Type::Double()}, {"C3", Type::String()},
                        {"C4", Type::Bytes()}, {"C5", Type::Double()}});
  std::string payload = Zig(10) + std::string("\x00\x00\x80\x40", 4) + Zig(1) + "ab" + Zig(3);
  auto dec = DecodeOne(AvroSpec(false, schema, 5), fields, Framed(5, payload));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], Str("10"));
  EXPECT_EQ(dec.row[1], D(4.0));
  EXPECT_EQ(dec.row[2], Str("HEARTS"));
  EXPECT_EQ(dec.row[3], Str("ab"));
  EXPECT_EQ(dec.row[4], D(3.0));
}

TEST(AvroCodecTest, DecodesAvroMapAndNestedRecords) {
  const std::string schema =
      R"({"type":"record","name":"blah","fields":[{"name":"c1","type":{"type":"map","values":"long"}},)"
      R"({"name":"c2","type":{"type":"record","name":"something","fields":[{"name":"f1","type":"int"}]}}]})";
  auto fields = Fields({{"C1", Type::Map(Type::String(), Type::Bigint())},
                        {"C2", Type::Struct({{"F1", Type::Int()}})}});
  std::string payload = Zig(1) + AvroStr("f1") + Zig(1) + Zig(0) + Zig(5);
  auto dec = DecodeOne(AvroSpec(false, schema, 1), fields, Framed(1, payload));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], Value::Map({{Str("f1"), I(1)}}));
  EXPECT_EQ(dec.row[1], Value::List({I(5)}));
}

TEST(AvroCodecTest, GeneralUnionReadsAsStructOfBranches) {
  const std::string schema =
      R"({"type":"record","name":"r","fields":[{"name":"u","type":["null","int","string"]}]})";
  auto spec = AvroSpec(false, schema, 1);
  auto fields = Fields({{"U", Type::Struct({{"int", Type::Int()}, {"string", Type::String()}})}});
  auto dec = DecodeOne(spec, fields, Framed(1, Zig(2) + AvroStr("x")));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], Value::List({Value(), Str("x")}));
  dec = DecodeOne(spec, fields, Framed(1, Zig(0)));
  ASSERT_TRUE(dec.ok);
  EXPECT_TRUE(dec.row[0].is_null());
}

TEST(AvroCodecTest, TypeMismatchFailsTheRecordNamingTheField) {
  const std::string schema =
      R"({"type":"record","name":"r","fields":[{"name":"A","type":["null","string"]}]})";
  auto dec = DecodeOne(AvroSpec(false, schema, 1), Fields({{"A", Type::Int()}}),
                       Framed(1, Zig(1) + AvroStr("x")));
  EXPECT_FALSE(dec.ok);
  EXPECT_NE(dec.error.find("`A`"), std::string::npos) << dec.error;
}

// Schema evolution: records carry their writer's id; the decoder asks the lookup for it.
class AvroEvolutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_[1] = R"({"type":"record","name":"V","fields":[{"name":"A","type":["null","int"]},)"
                   R"({"name":"B","type":["null","string"]}]})";
    // v2: an extra field, in another order, with a different case for A.
    registry_[2] = R"({"type":"record","name":"V","fields":[{"name":"B","type":["null","string"]},)"
                   R"({"name":"X","type":{"type":"array","items":"long"}},{"name":"a","type":"int"}]})";
    // v3: B missing.
    registry_[3] = R"({"type":"record","name":"V","fields":[{"name":"A","type":"int"}]})";
    spec_ = AvroSpec(false, registry_[1], 1);
    spec_.lookup = [this](int32_t id) -> std::optional<RegisteredSchema> {
      ++lookups_;
      auto it = registry_.find(id);
      if (it == registry_.end()) return std::nullopt;
      return RegisteredSchema{id, "AVRO", it->second, {}};
    };
  }
  std::map<int32_t, std::string> registry_;
  FormatSpec spec_;
  int lookups_ = 0;
  std::vector<FieldBinding> fields_ = Fields({{"A", Type::Int()}, {"B", Type::String()}});
};

TEST_F(AvroEvolutionTest, ReadsOtherWriterSchemasByName) {
  auto decoder = MakeDecoder(spec_, fields_);
  std::vector<Value> row(2);
  std::string error;
  ASSERT_TRUE(decoder->Decode(Framed(1, Zig(1) + Zig(5) + Zig(1) + AvroStr("x")), false, row,
                              error)) << error;
  EXPECT_EQ(row, (std::vector<Value>{I(5), Str("x")}));
  std::string v2 = Framed(2, Zig(1) + AvroStr("y") + Zig(2) + Zig(7) + Zig(8) + Zig(0) + Zig(6));
  ASSERT_TRUE(decoder->Decode(v2, false, row, error)) << error;
  EXPECT_EQ(row, (std::vector<Value>{I(6), Str("y")}));
  ASSERT_TRUE(decoder->Decode(Framed(3, Zig(9)), false, row, error)) << error;
  EXPECT_EQ(row, (std::vector<Value>{I(9), Value()}));
  // Plans are cached per id: decoding v2 again asks nothing.
  int before = lookups_;
  ASSERT_TRUE(decoder->Decode(v2, false, row, error));
  EXPECT_EQ(lookups_, before);
}

TEST_F(AvroEvolutionTest, UnknownIdUsesReaderSchema) {
  auto decoder = MakeDecoder(spec_, fields_);
  std::vector<Value> row(2);
  std::string error;
  ASSERT_TRUE(decoder->Decode(Framed(99, Zig(1) + Zig(5) + Zig(0)), false, row, error)) << error;
  EXPECT_EQ(row, (std::vector<Value>{I(5), Value()}));
}

TEST(AvroCodecTest, DerivedReaderWhenNoSchemaText) {
  // No text and no lookup: decode with the schema derived from the columns, whatever the id.
  auto fields = Fields({{"A", Type::Int()}});
  auto dec = DecodeOne(AvroSpec(), fields, Framed(77, Zig(1) + Zig(3)));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], I(3));
}

}  // namespace
}  // namespace riffle::formats::testing
