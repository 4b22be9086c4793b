// PROTOBUF decoder / encoder: round trips, Confluent framing, ksqlDB's defaults for absent
// fields, interop with libprotobuf's DynamicMessage as the reference, schema evolution, bad bytes.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include "connectors/formats/protobuf/proto_schema.h"
#include "core/common/error.h"
#include "tests/unit/formats/format_test_util.h"

namespace riffle::formats {
namespace {

using namespace testing;  // NOLINT
namespace gpb = google::protobuf;

FormatSpec ProtoSpec(const std::string& text = "", int32_t id = 7, bool is_key = false) {
  FormatSpec spec = Spec("PROTOBUF", is_key);
  spec.schema.id = id;
  spec.schema.format = "PROTOBUF";
  spec.schema.text = text;
  return spec;
}

std::string Framed(int32_t id, const std::string& payload,
                   const std::string& indexes = std::string(1, '\0')) {
  std::string out(1, '\0');
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((id >> shift) & 0xff));
  out += indexes;
  return out + payload;
}

std::vector<Value> RoundTrip(const FormatSpec& spec, const std::vector<FieldBinding>& fields,
                             const std::vector<Value>& row) {
  auto enc = EncodeOne(spec, fields, row);
  EXPECT_TRUE(enc.ok) << enc.error;
  auto dec = DecodeOne(spec, fields, enc.bytes);
  EXPECT_TRUE(dec.ok) << dec.error;
  dec.row.resize(fields.size());
  return dec.row;
}

TEST(ProtobufCodecTest, FramingIsConfluents) {
  auto fields = Fields({{"A", Type::Int()}});
  auto enc = EncodeOne(ProtoSpec("", 0x01020304), fields, {I(150)});
  ASSERT_TRUE(enc.ok) << enc.error;
  // magic, id, index list [0] as one byte, then field 1 varint 150.
  EXPECT_EQ(enc.bytes, std::string("\0\1\2\3\4\0\x08\x96\x01", 9));
}

TEST(ProtobufCodecTest, RoundTripsEveryPrimitive) {
  auto fields = Fields({{"I", Type::Int()},          {"L", Type::Bigint()},
                        {"D", Type::Double()},       {"B", Type::Boolean()},
                        {"S", Type::String()},       {"BY", Type::Bytes()},
                        {"DEC", Type::Decimal(10, 2)}, {"DT", Type::Date()},
                        {"T", Type::Time()},         {"TS", Type::Timestamp()}});
  std::vector<Value> row = {I(-5),           I(-9000000000LL), D(-2.5),  B(true),
                            Str("héllo"),    Str(std::string("\0\xff", 2)),
                            Dec(-12345, 10, 2), I(-719162),   I(86399999), I(-1500)};
  EXPECT_EQ(RoundTrip(ProtoSpec(), fields, row), row);
  std::vector<Value> row2 = {I(2147483647), I(1), D(1e300), B(true), Str("x"), Str("y"),
                             Dec(99999999, 10, 2), I(19000), I(1), I(1700000000123LL)};
  EXPECT_EQ(RoundTrip(ProtoSpec(), fields, row2), row2);
}

TEST(ProtobufCodecTest, RoundTripsNestedRepeatedAndMaps) {
  auto inner = Type::Struct({{"ID", Type::Bigint()}, {"NAME", Type::String()}});
  auto outer = Type::Struct({{"N", Type::Int()}, {"IN", inner}});
  auto fields = Fields({{"S", outer},
                        {"AL", Type::Array(Type::Bigint())},
                        {"AS", Type::Array(Type::String())},
                        {"AST", Type::Array(inner)},
                        {"M", Type::Map(Type::String(), Type::Double())},
                        {"MS", Type::Map(Type::String(), inner)},
                        {"AD", Type::Array(Type::Decimal(4, 1))}});
  std::string big(300, 'z');  // a nested length that needs a two-byte varint
  std::vector<Value> row = {
      Value::List({I(3), Value::List({I(7), Str(big)})}),
      Value::List({I(12), I(-34), I(999)}),
      Value::List({Str("a"), Str(""), Str("Bc")}),
      Value::List({Value::List({I(1), Str("x")}), Value::List({I(2), Str("y")})}),
      Value::Map({{Str("a"), D(1.1)}, {Str("b"), D(2.2)}}),
      Value::Map({{Str("k"), Value::List({I(5), Str("v")})}}),
      Value::List({Dec(15, 4, 1), Dec(-1, 4, 1)})};
  EXPECT_EQ(RoundTrip(ProtoSpec(), fields, row), row);
}

TEST(ProtobufCodecTest, AbsentFieldsReadAsKsqlDbDefaults) {
  auto fields = Fields({{"I", Type::Int()},
                        {"S", Type::String()},
                        {"B", Type::Boolean()},
                        {"D", Type::Double()},
                        {"ST", Type::Struct({{"F0", Type::Int()}})},
                        {"A", Type::Array(Type::Bigint())},
                        {"M", Type::Map(Type::String(), Type::Double())},
                        {"TS", Type::Timestamp()}});
  std::vector<Value> nulls(fields.size());
  auto got = RoundTrip(ProtoSpec(), fields, nulls);
  EXPECT_EQ(got, (std::vector<Value>{I(0), Str(""), B(false), D(0), Value(), Value::List({}),
                                     Value::Map({}), Value()}));
  // A present struct with a NULL field fills the field's default.
  std::vector<Value> inner_null = nulls;
  inner_null[4] = Value::List({Value()});
  EXPECT_EQ(RoundTrip(ProtoSpec(), fields, inner_null)[4], Value::List({I(0)}));
}

TEST(ProtobufCodecTest, NullRecordsAndKeys) {
  auto fields = Fields({{"K", Type::String()}});
  auto dec = DecodeOne(ProtoSpec(), fields, "", true);
  ASSERT_TRUE(dec.ok);
  EXPECT_TRUE(dec.row[0].is_null());
  EXPECT_EQ(dec.row[1], I(-999));
  auto key = EncodeOne(ProtoSpec("", 7, true), fields, {Value()});
  EXPECT_TRUE(key.ok && key.is_null);
  auto value = EncodeOne(ProtoSpec(), fields, {Value()});
  EXPECT_TRUE(value.ok && !value.is_null);
  EXPECT_EQ(value.bytes, Framed(7, ""));  // an empty message, never a Kafka null
}

TEST(ProtobufCodecTest, BadBytesFailWithAMessage) {
  auto fields = Fields({{"A", Type::Int()}, {"S", Type::String()},
                        {"ST", Type::Struct({{"X", Type::Int()}})}});
  auto spec = ProtoSpec();
  std::vector<std::string> bad = {
      "",
      std::string("\0\0\0", 3),
      Framed(7, "\x08\x01").replace(0, 1, "\x01"),          // wrong magic
      Framed(7, "\x08"),                                     // truncated varint
      Framed(7, std::string(11, '\xff')),                    // over-long varint
      Framed(7, "\x12\x05" "ab"),                            // truncated string
      Framed(7, "\x1a\x03\x08"),                             // nested length past the end
      Framed(7, "\x1a\x02\x08\xff"),                         // truncated varint inside a struct
      Framed(7, "\x0f"),                                     // wire type 7
      std::string("\0\0\0\0\7\x7f", 6),                      // bad index count
  };
  for (const auto& bytes : bad) {
    auto r = DecodeOne(spec, fields, bytes);
    EXPECT_FALSE(r.ok);
    EXPECT_FALSE(r.error.empty());
  }
  // Unknown fields of every wire type are skipped.
  auto ok = DecodeOne(spec, fields,
                      Framed(7, std::string("\x28\x05\x31", 3) + std::string(8, '\1') +
                                    "\x3a\x01z\x45\1\1\1\1\x08\x09"));
  ASSERT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(ok.row[0], I(9));
}

TEST(ProtobufCodecTest, TruncatedAndCorruptedRecordsNeverCrash) {
  auto inner = Type::Struct({{"ID", Type::Bigint()}, {"NAME", Type::String()}});
  auto fields = Fields({{"S", inner}, {"A", Type::Array(inner)},
                        {"M", Type::Map(Type::String(), Type::Double())},
                        {"DEC", Type::Decimal(8, 3)}, {"TS", Type::Timestamp()}});
  std::vector<Value> row = {Value::List({I(1), Str("n")}),
                            Value::List({Value::List({I(2), Str("x")})}),
                            Value::Map({{Str("k"), D(1.5)}}), Dec(12345, 8, 3), I(99)};
  auto enc = EncodeOne(ProtoSpec(), fields, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  auto decoder = MakeDecoder(ProtoSpec(), fields);
  std::vector<Value> out(fields.size());
  std::string error;
  int failures = 0;
  for (size_t len = 0; len < enc.bytes.size(); ++len) {
    if (!decoder->Decode(std::string_view(enc.bytes).substr(0, len), false, out, error)) ++failures;
  }
  EXPECT_GT(failures, 0);
  for (size_t i = 6; i < enc.bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string corrupt = enc.bytes;
      corrupt[i] = static_cast<char>(corrupt[i] ^ (1 << bit));
      decoder->Decode(corrupt, false, out, error);  // any result, but no crash
    }
  }
  ASSERT_TRUE(decoder->Decode(enc.bytes, false, out, error)) << error;
  EXPECT_EQ(out, row);
}

// libprotobuf as the reference: the same descriptor, through DynamicMessage.
class ProtobufInteropTest : public ::testing::Test {
 protected:
  const std::string kSchema =
      "syntax = \"proto3\";\n"
      "import \"google/protobuf/timestamp.proto\";\n"
      "import \"google/protobuf/wrappers.proto\";\n"
      "import \"google/type/date.proto\";\n"
      "import \"confluent/type/decimal.proto\";\n"
      "message Order {\n"
      "  enum Status { NEW = 0; PAID = 1; SHIPPED = 5; }\n"
      "  message Item { string sku = 1; sint64 qty = 2; }\n"
      "  int64 id = 1; float price = 2; uint32 count = 3; Status status = 4;\n"
      "  repeated int32 packed = 5; repeated int32 unpacked = 6 [packed = false];\n"
      "  map<string, Item> items = 7; google.protobuf.Timestamp at = 8;\n"
      "  google.protobuf.Int64Value maybe = 9; google.type.Date day = 10;\n"
      "  optional string note = 11; bytes raw = 12; repeated Item list = 13;\n"
      "  confluent.type.Decimal amount = 14 [(confluent.field_meta) = { params: [{ key: "
      "\"precision\", value: \"6\" }, { key: \"scale\", value: \"2\" }]}];\n"
      "  double unused = 15; fixed64 f64 = 16; sfixed32 sf32 = 17;\n"
      "}\n";

  void SetUp() override {
    file_ = proto::ProtoFile::Parse({7, "PROTOBUF", kSchema, {}});
    desc_ = file_->Select("");
    fields_ = Fields({{"ID", Type::Bigint()},
                      {"PRICE", Type::Double()},
                      {"COUNT", Type::Bigint()},
                      {"STATUS", Type::String()},
                      {"PACKED", Type::Array(Type::Int())},
                      {"UNPACKED", Type::Array(Type::Int())},
                      {"ITEMS", Type::Map(Type::String(), Type::Struct({{"SKU", Type::String()},
                                                                        {"QTY", Type::Bigint()}}))},
                      {"AT", Type::Timestamp()},
                      {"MAYBE", Type::Bigint()},
                      {"DAY", Type::Date()},
                      {"NOTE", Type::String()},
                      {"RAW", Type::Bytes()},
                      {"LIST", Type::Array(Type::Struct({{"SKU", Type::String()},
                                                         {"QTY", Type::Bigint()}}))},
                      {"AMOUNT", Type::Decimal(6, 2)},
                      {"F64", Type::Bigint()},
                      {"SF32", Type::Int()}});
  }

  std::unique_ptr<gpb::Message> NewMessage() {
    return std::unique_ptr<gpb::Message>(factory_.GetPrototype(desc_)->New());
  }
  const gpb::FieldDescriptor* F(const char* name) { return desc_->FindFieldByName(name); }

  std::unique_ptr<proto::ProtoFile> file_;
  const gpb::Descriptor* desc_ = nullptr;
  gpb::DynamicMessageFactory factory_;
  std::vector<FieldBinding> fields_;
};

TEST_F(ProtobufInteropTest, DecodesWhatLibprotobufWrites) {
  auto m = NewMessage();
  const gpb::Reflection* r = m->GetReflection();
  r->SetInt64(m.get(), F("id"), -42);
  r->SetFloat(m.get(), F("price"), 1.1234f);
  r->SetUInt32(m.get(), F("count"), 4000000000u);
  r->SetEnumValue(m.get(), F("status"), 5);
  for (int v : {1, -2, 300}) r->AddInt32(m.get(), F("packed"), v);
  for (int v : {7, 8}) r->AddInt32(m.get(), F("unpacked"), v);
  gpb::Message* entry = r->AddMessage(m.get(), F("items"));
  const gpb::Descriptor* ed = entry->GetDescriptor();
  entry->GetReflection()->SetString(entry, ed->FindFieldByName("key"), "k1");
  gpb::Message* item = entry->GetReflection()->MutableMessage(entry, ed->FindFieldByName("value"));
  item->GetReflection()->SetString(item, item->GetDescriptor()->FindFieldByName("sku"), "A-1");
  item->GetReflection()->SetInt64(item, item->GetDescriptor()->FindFieldByName("qty"), -3);
  gpb::Message* at = r->MutableMessage(m.get(), F("at"));
  at->GetReflection()->SetInt64(at, at->GetDescriptor()->FindFieldByName("seconds"), -2);
  at->GetReflection()->SetInt32(at, at->GetDescriptor()->FindFieldByName("nanos"), 500000000);
  r->MutableMessage(m.get(), F("maybe"));  // present wrapper, default inside: 0, not NULL
  gpb::Message* day = r->MutableMessage(m.get(), F("day"));
  day->GetReflection()->SetInt32(day, day->GetDescriptor()->FindFieldByName("year"), 2020);
  day->GetReflection()->SetInt32(day, day->GetDescriptor()->FindFieldByName("month"), 3);
  day->GetReflection()->SetInt32(day, day->GetDescriptor()->FindFieldByName("day"), 1);
  r->SetString(m.get(), F("raw"), std::string("\0\1", 2));
  r->AddMessage(m.get(), F("list"));  // an empty element
  gpb::Message* amount = r->MutableMessage(m.get(), F("amount"));
  const gpb::Descriptor* ad = amount->GetDescriptor();
  amount->GetReflection()->SetString(amount, ad->FindFieldByName("value"),
                                     std::string("\xfe\x0c", 2));  // -500
  amount->GetReflection()->SetInt32(amount, ad->FindFieldByName("scale"), 3);
  r->SetUInt64(m.get(), F("f64"), 77);
  r->SetInt32(m.get(), F("sf32"), -9);
  r->SetDouble(m.get(), F("unused"), 3.5);  // not bound: skipped

  auto dec = DecodeOne(ProtoSpec(kSchema), fields_, Framed(7, m->SerializeAsString()));
  ASSERT_TRUE(dec.ok) << dec.error;
  std::vector<Value> want = {
      I(-42), D(static_cast<double>(1.1234f)), I(4000000000LL), Str("SHIPPED"),
      Value::List({I(1), I(-2), I(300)}), Value::List({I(7), I(8)}),
      Value::Map({{Str("k1"), Value::List({Str("A-1"), I(-3)})}}), I(-1500), I(0),
      I(18322), Value(), Str(std::string("\0\1", 2)), Value::List({Value::List({Str(""), I(0)})}),
      Dec(-50, 6, 2) /* -0.500 rounded HALF_UP to scale 2 */, I(77), I(-9)};
  dec.row.resize(fields_.size());
  EXPECT_EQ(dec.row, want);
}

TEST_F(ProtobufInteropTest, LibprotobufReadsWhatRiffleWrites) {
  std::vector<Value> row = {
      I(9), D(0.5), I(3000000000LL), Str("PAID"), Value::List({I(-1), I(2)}),
      Value::List({I(5)}), Value::Map({{Str("x"), Value::List({Str("S"), I(-7)})}}),
      I(1001), Value(), I(-1), Str("n"), Str("rw"), Value::List({Value::List({Str("q"), I(1)})}),
      Dec(12345, 6, 2), I(-1), I(-2)};
  auto enc = EncodeOne(ProtoSpec(kSchema), fields_, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  ASSERT_EQ(enc.bytes.substr(0, 6), Framed(7, ""));
  auto m = NewMessage();
  ASSERT_TRUE(m->ParseFromString(enc.bytes.substr(6)));
  const gpb::Reflection* r = m->GetReflection();
  EXPECT_EQ(r->GetInt64(*m, F("id")), 9);
  EXPECT_EQ(r->GetFloat(*m, F("price")), 0.5f);
  EXPECT_EQ(r->GetUInt32(*m, F("count")), 3000000000u);
  EXPECT_EQ(r->GetEnumValue(*m, F("status")), 1);
  ASSERT_EQ(r->FieldSize(*m, F("packed")), 2);
  EXPECT_EQ(r->GetRepeatedInt32(*m, F("packed"), 0), -1);
  EXPECT_EQ(r->GetRepeatedInt32(*m, F("unpacked"), 0), 5);
  ASSERT_EQ(r->FieldSize(*m, F("items")), 1);
  const gpb::Message& entry = r->GetRepeatedMessage(*m, F("items"), 0);
  EXPECT_EQ(entry.GetReflection()->GetString(entry, entry.GetDescriptor()->field(0)), "x");
  const gpb::Message& at = r->GetMessage(*m, F("at"));
  EXPECT_EQ(at.GetReflection()->GetInt64(at, at.GetDescriptor()->field(0)), 1);
  EXPECT_EQ(at.GetReflection()->GetInt32(at, at.GetDescriptor()->field(1)), 1000000);
  EXPECT_FALSE(r->HasField(*m, F("maybe")));
  const gpb::Message& day = r->GetMessage(*m, F("day"));
  EXPECT_EQ(day.GetReflection()->GetInt32(day, day.GetDescriptor()->field(0)), 1969);
  EXPECT_EQ(day.GetReflection()->GetInt32(day, day.GetDescriptor()->field(1)), 12);
  EXPECT_EQ(day.GetReflection()->GetInt32(day, day.GetDescriptor()->field(2)), 31);
  EXPECT_TRUE(r->HasField(*m, F("note")));
  EXPECT_EQ(r->GetString(*m, F("raw")), "rw");
  const gpb::Message& amount = r->GetMessage(*m, F("amount"));
  EXPECT_EQ(amount.GetReflection()->GetString(amount, amount.GetDescriptor()->field(0)),
            std::string("\x30\x39", 2));  // 12345
  EXPECT_EQ(amount.GetReflection()->GetInt32(amount, amount.GetDescriptor()->field(2)), 2);
  EXPECT_EQ(r->GetUInt64(*m, F("f64")), ~uint64_t{0});
  EXPECT_EQ(r->GetInt32(*m, F("sf32")), -2);
  // And back through riffle.
  auto dec = DecodeOne(ProtoSpec(kSchema), fields_, enc.bytes);
  ASSERT_TRUE(dec.ok) << dec.error;
  dec.row.resize(fields_.size());
  row[8] = Value();  // absent wrapper stays NULL
  EXPECT_EQ(dec.row, row);
}

TEST(ProtobufCodecTest, UnknownEnumNameFailsToEncode) {
  auto spec = ProtoSpec("syntax = \"proto3\"; message M { enum E { A = 0; B = 1; } E e = 1; }");
  auto fields = Fields({{"E", Type::String()}});
  EXPECT_TRUE(EncodeOne(spec, fields, {Str("B")}).ok);
  auto bad = EncodeOne(spec, fields, {Str("C")});
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.error.find("'C'"), std::string::npos);
}

TEST(ProtobufCodecTest, SchemaEvolutionThroughLookup) {
  auto reader = ProtoSpec("syntax = \"proto3\"; message V { int32 a = 1; string b = 2; }", 1);
  reader.lookup = [](int32_t id) -> std::optional<RegisteredSchema> {
    if (id != 2) return std::nullopt;
    return RegisteredSchema{2, "PROTOBUF",
                            "syntax = \"proto3\"; message V { string b = 1; int64 c = 3; "
                            "sint32 a = 4; }",
                            {}};
  };
  auto fields = Fields({{"A", Type::Int()}, {"B", Type::String()}});
  // Written with id 2: b=1 "hi", a=4 zigzag(-3)=5.
  auto dec = DecodeOne(reader, fields, Framed(2, std::string("\x0a\x02hi\x18\x01\x20\x05", 8)));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], I(-3));
  EXPECT_EQ(dec.row[1], Str("hi"));
  // An id the lookup does not know reads with the reader's schema.
  auto unknown = DecodeOne(reader, fields, Framed(9, "\x08\x04"));
  ASSERT_TRUE(unknown.ok) << unknown.error;
  EXPECT_EQ(unknown.row[0], I(4));
  // A writer schema whose types do not fit the columns is a record error, not a throw.
  reader.lookup = [](int32_t) -> std::optional<RegisteredSchema> {
    return RegisteredSchema{3, "PROTOBUF", "syntax = \"proto3\"; message V { bool a = 1; }", {}};
  };
  auto clash = DecodeOne(reader, fields, Framed(3, "\x08\x01"));
  EXPECT_FALSE(clash.ok);
  EXPECT_NE(clash.error.find("schema id 3"), std::string::npos) << clash.error;
}

TEST(ProtobufCodecTest, MessageSelectionAndIndexes) {
  std::string text =
      "syntax = \"proto3\"; message P1 { uint32 k1 = 1; } message P2 { string k1 = 1; "
      "message Inner { int32 z = 1; } }";
  auto spec = ProtoSpec(text, 4);
  spec.schema_full_name = "P2";
  auto fields = Fields({{"K1", Type::String()}});
  auto enc = EncodeOne(spec, fields, {Str("A")});
  ASSERT_TRUE(enc.ok) << enc.error;
  // Index list [1]: count 1 and index 1, both zigzag.
  EXPECT_EQ(enc.bytes, Framed(4, "\x0a\x01" "A", "\x02\x02"));
  auto dec = DecodeOne(spec, fields, enc.bytes);
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], Str("A"));
  // The framing's indexes pick the writer's message within the same schema id.
  auto inner = DecodeOne(spec, Fields({{"Z", Type::Int()}}), Framed(4, "\x08\x06", std::string("\x04\x02\x00", 3)));
  ASSERT_TRUE(inner.ok) << inner.error;
  EXPECT_EQ(inner.row[0], I(6));
  auto missing = DecodeOne(spec, fields, Framed(4, "", "\x02\x08"));
  EXPECT_FALSE(missing.ok);
}

TEST(ProtobufCodecTest, ImportsThroughReferences) {
  auto spec = ProtoSpec("syntax = \"proto3\";\nimport \"event.proto\";\n"
                        "message Logistics { Event event = 1; }");
  spec.schema.references = {{"event.proto", "syntax = \"proto3\";\nmessage Event {\n"
                                            " int64 timestamp = 1;\n}"}};
  auto fields = Fields({{"event", Type::Struct({{"timestamp", Type::Bigint()}})}});
  std::vector<Value> row = {Value::List({I(1)})};
  EXPECT_EQ(RoundTrip(spec, fields, row), row);
}

TEST(ProtobufCodecTest, ColumnsBindByNameCaseInsensitively) {
  auto spec = ProtoSpec("syntax = \"proto3\"; message V { int32 c2 = 1; string c1 = 2; }");
  auto dec = DecodeOne(spec, Fields({{"C1", Type::String()}, {"C2", Type::Int()},
                                     {"C3", Type::Int()}}),
                       Framed(7, "\x08\x05\x12\x01x"));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], Str("x"));
  EXPECT_EQ(dec.row[1], I(5));
  EXPECT_TRUE(dec.row[2].is_null());  // no such field in the schema
  EXPECT_THROW(MakeDecoder(spec, Fields({{"C1", Type::Int()}})), RiffleError);
  EXPECT_THROW(MakeEncoder(spec, Fields({{"C3", Type::Int()}})), RiffleError);
}

}  // namespace
}  // namespace riffle::formats
