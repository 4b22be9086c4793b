// Interop with avro-c as the reference implementation: bytes riffle writes decode with avro-c's
// generic reader to the same values, and bytes avro-c writes decode in riffle.

#include <avro.h>
#include <gtest/gtest.h>

#include <memory>

#include "connectors/formats/schema_format.h"
#include "tests/unit/formats/avro_test_util.h"

namespace riffle::formats::testing {
namespace {

// RAII for the avro-c objects a test uses.
struct AvroC {
  avro_schema_t schema = nullptr;
  avro_value_iface_t* iface = nullptr;
  avro_value_t value{};
  bool has_value = false;

  explicit AvroC(const std::string& text) {
    EXPECT_EQ(avro_schema_from_json_length(text.data(), text.size(), &schema), 0)
        << avro_strerror();
    iface = avro_generic_class_from_schema(schema);
    EXPECT_EQ(avro_generic_value_new(iface, &value), 0);
    has_value = true;
  }
  ~AvroC() {
    if (has_value) avro_value_decref(&value);
    if (iface != nullptr) avro_value_iface_decref(iface);
    if (schema != nullptr) avro_schema_decref(schema);
  }

  // Reads Avro binary (no framing) into `value`.
  bool Read(const std::string& payload) {
    avro_reader_t reader = avro_reader_memory(payload.data(), static_cast<int64_t>(payload.size()));
    int rc = avro_value_read(reader, &value);
    avro_reader_free(reader);
    return rc == 0;
  }
  std::string Write() {
    std::string buf(4096, '\0');
    avro_writer_t writer = avro_writer_memory(buf.data(), static_cast<int64_t>(buf.size()));
    EXPECT_EQ(avro_value_write(writer, &value), 0) << avro_strerror();
    buf.resize(static_cast<size_t>(avro_writer_tell(writer)));
    avro_writer_free(writer);
    return buf;
  }
};

avro_value_t Field(avro_value_t& record, const char* name) {
  avro_value_t f;
  EXPECT_EQ(avro_value_get_by_name(&record, name, &f, nullptr), 0) << name;
  return f;
}

bool IsNullBranch(avro_value_t& u) {
  int disc = -1;
  EXPECT_EQ(avro_value_get_discriminant(&u, &disc), 0);
  return disc == 0;
}

// The non-null branch of a ["null", T] field.
avro_value_t Branch(avro_value_t& u) {
  EXPECT_FALSE(IsNullBranch(u));
  avro_value_t b;
  EXPECT_EQ(avro_value_get_current_branch(&u, &b), 0);
  return b;
}

avro_value_t SetBranch(avro_value_t& u, int index) {
  avro_value_t b;
  EXPECT_EQ(avro_value_set_branch(&u, index, &b), 0);
  return b;
}

std::vector<FieldBinding> MixedFields() {
  return Fields({{"ID", Type::Bigint()},
                 {"NAME", Type::String()},
                 {"PRICE", Type::Decimal(6, 2)},
                 {"TAGS", Type::Array(Type::String())},
                 {"ATTRS", Type::Map(Type::String(), Type::Int())},
                 {"ADDR", Type::Struct({{"CITY", Type::String()}, {"ZIP", Type::Int()}})},
                 {"DAY", Type::Date()},
                 {"MISSING", Type::Double()}});
}

TEST(AvroInteropTest, RiffleBytesReadByAvroC) {
  auto fields = MixedFields();
  auto spec = AvroSpec(false, "", 9);
  std::vector<Value> row = {I(1234567890123), Str("widget"), Dec(-1999, 6, 2),
                            Value::List({Str("a"), Value()}),
                            Value::Map({{Str("k"), I(3)}}),
                            Value::List({Str("Paris"), I(75001)}), I(19500), Value()};
  auto enc = EncodeOne(spec, fields, row);
  ASSERT_TRUE(enc.ok) << enc.error;
  ASSERT_EQ(enc.bytes.substr(0, 5), std::string("\0\0\0\0\x09", 5));

  AvroC c(DeriveSchema(spec, fields));
  ASSERT_TRUE(c.Read(enc.bytes.substr(5))) << avro_strerror();

  auto id = Field(c.value, "ID");
  int64_t l = 0;
  avro_value_t b104 = Branch(id);
  avro_value_get_long(&b104, &l);
  EXPECT_EQ(l, 1234567890123);

  auto name = Field(c.value, "NAME");
  const char* s = nullptr;
  size_t size = 0;
  avro_value_t b111 = Branch(name);
  avro_value_get_string(&b111, &s, &size);
  EXPECT_EQ(std::string(s, size - 1), "widget");  // avro-c counts the NUL

  auto price = Field(c.value, "PRICE");
  const void* bytes = nullptr;
  avro_value_t b117 = Branch(price);
  avro_value_get_bytes(&b117, &bytes, &size);
  // -1999 = 0xF831 in two's complement.
  EXPECT_EQ(std::string(static_cast<const char*>(bytes), size), std::string("\xf8\x31", 2));

  auto tags = Field(c.value, "TAGS");
  auto tags_v = Branch(tags);
  avro_value_get_size(&tags_v, &size);
  ASSERT_EQ(size, 2u);
  avro_value_t item;
  avro_value_get_by_index(&tags_v, 1, &item, nullptr);
  EXPECT_TRUE(IsNullBranch(item));

  // MAP is an array of MapEntry records, as ksqlDB writes it.
  auto attrs = Field(c.value, "ATTRS");
  auto attrs_v = Branch(attrs);
  avro_value_get_size(&attrs_v, &size);
  ASSERT_EQ(size, 1u);
  avro_value_t entry;
  avro_value_get_by_index(&attrs_v, 0, &entry, nullptr);
  auto key = Field(entry, "key");
  avro_value_t b138 = Branch(key);
  avro_value_get_string(&b138, &s, &size);
  EXPECT_EQ(std::string(s, size - 1), "k");
  auto val = Field(entry, "value");
  int32_t i32 = 0;
  avro_value_t b143 = Branch(val);
  avro_value_get_int(&b143, &i32);
  EXPECT_EQ(i32, 3);

  auto addr = Field(c.value, "ADDR");
  auto addr_v = Branch(addr);
  auto zip = Field(addr_v, "ZIP");
  avro_value_t b150 = Branch(zip);
  avro_value_get_int(&b150, &i32);
  EXPECT_EQ(i32, 75001);

  auto day = Field(c.value, "DAY");
  avro_value_t b155 = Branch(day);
  avro_value_get_int(&b155, &i32);
  EXPECT_EQ(i32, 19500);
  auto missing = Field(c.value, "MISSING");
  EXPECT_TRUE(IsNullBranch(missing));
}

TEST(AvroInteropTest, AvroCBytesReadByRiffle) {
  // A producer's own schema: non-optional fields, a native Avro map, an enum, a float, a field
  // riffle does not bind, in its own order.
  const std::string schema = R"({"type":"record","name":"Order","namespace":"shop","fields":[
      {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
      {"name":"ignored","type":{"type":"array","items":"string"}},
      {"name":"id","type":"long"},
      {"name":"amount","type":"float"},
      {"name":"labels","type":{"type":"map","values":"string"}},
      {"name":"note","type":["null","string"]},
      {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]})";
  AvroC c(schema);
  avro_value_t f;
  f = Field(c.value, "status");
  avro_value_set_enum(&f, 1);
  f = Field(c.value, "ignored");
  avro_value_t elem;
  avro_value_append(&f, &elem, nullptr);
  avro_value_set_string(&elem, "skip me");
  f = Field(c.value, "id");
  avro_value_set_long(&f, -42);
  f = Field(c.value, "amount");
  avro_value_set_float(&f, 2.5f);
  f = Field(c.value, "labels");
  avro_value_t mv;
  avro_value_add(&f, "color", &mv, nullptr, nullptr);
  avro_value_set_string(&mv, "red");
  f = Field(c.value, "note");
  auto note = SetBranch(f, 1);
  avro_value_set_string(&note, "hi");
  f = Field(c.value, "ts");
  avro_value_set_long(&f, 1700000000000);
  std::string payload = c.Write();

  auto fields = Fields({{"ID", Type::Bigint()},
                        {"STATUS", Type::String()},
                        {"AMOUNT", Type::Double()},
                        {"LABELS", Type::Map(Type::String(), Type::String())},
                        {"NOTE", Type::String()},
                        {"TS", Type::Timestamp()},
                        {"ABSENT", Type::Int()}});
  auto dec = DecodeOne(AvroSpec(false, schema, 11), fields, Framed(11, payload));
  ASSERT_TRUE(dec.ok) << dec.error;
  EXPECT_EQ(dec.row[0], I(-42));
  EXPECT_EQ(dec.row[1], Str("PAID"));
  EXPECT_EQ(dec.row[2], D(2.5));
  EXPECT_EQ(dec.row[3], Value::Map({{Str("color"), Str("red")}}));
  EXPECT_EQ(dec.row[4], Str("hi"));
  EXPECT_EQ(dec.row[5], I(1700000000000));
  EXPECT_TRUE(dec.row[6].is_null());

  // And riffle writes the same bytes avro-c wrote for this schema, given the same values.
  auto enc_fields = Fields({{"status", Type::String()}, {"ignored", Type::Array(Type::String())},
                            {"id", Type::Bigint()}, {"amount", Type::Double()},
                            {"labels", Type::Map(Type::String(), Type::String())},
                            {"note", Type::String()}, {"ts", Type::Timestamp()}});
  auto enc = EncodeOne(AvroSpec(false, schema, 11), enc_fields,
                       {Str("PAID"), Value::List({Str("skip me")}), I(-42), D(2.5),
                        Value::Map({{Str("color"), Str("red")}}), Str("hi"), I(1700000000000)});
  ASSERT_TRUE(enc.ok) << enc.error;
  EXPECT_EQ(enc.bytes, Framed(11, payload));
}

}  // namespace
}  // namespace riffle::formats::testing
