// PROTOBUF schemas: derived text (ksqlDB's, as the QTT corpus pins it), .proto → columns, and
// the format's column checks.

#include <gtest/gtest.h>

#include "tests/unit/formats/format_test_util.h"
#include "connectors/formats/schema_format.h"
#include "core/common/error.h"

namespace riffle::formats {
namespace {

using testing::Fields;
using testing::Spec;

std::string Derive(std::vector<std::pair<std::string, TypePtr>> cols, bool is_key = false,
                   const std::string& full_name = "") {
  FormatSpec spec = Spec("PROTOBUF", is_key);
  spec.schema_full_name = full_name;
  return DeriveSchema(spec, Fields(std::move(cols)));
}

std::vector<StructField> Columns(const std::string& text, const std::string& full_name = "",
                                 std::vector<SchemaReference> refs = {}) {
  FormatSpec spec = Spec("PROTOBUF");
  spec.schema_full_name = full_name;
  RegisteredSchema schema{1, "PROTOBUF", text, std::move(refs)};
  return SchemaColumns(spec, schema);
}

std::string Describe(const std::vector<StructField>& cols) {
  std::string s;
  for (const auto& c : cols) s += (s.empty() ? "" : ", ") + c.name + " " + c.type->ToString();
  return s;
}

TEST(ProtobufSchemaTest, DerivesPrimitivesAsKsqlDb) {
  EXPECT_EQ(Derive({{"I", Type::Int()}, {"L", Type::Bigint()}, {"D", Type::Double()},
                    {"B", Type::Boolean()}, {"S", Type::String()}}),
            "syntax = \"proto3\";\n\nmessage ConnectDefault1 {\n  int32 I = 1;\n  int64 L = 2;\n"
            "  double D = 3;\n  bool B = 4;\n  string S = 5;\n}\n");
}

TEST(ProtobufSchemaTest, DerivesMapsAsEntryMessages) {
  EXPECT_EQ(Derive({{"ID", Type::Bigint()},
                    {"FILTERED_TRANSFORMED", Type::Map(Type::String(), Type::Int())}}),
            "syntax = \"proto3\";\n\nmessage ConnectDefault1 {\n  int64 ID = 1;\n"
            "  repeated ConnectDefault2Entry FILTERED_TRANSFORMED = 2;\n\n"
            "  message ConnectDefault2Entry {\n    string key = 1;\n    int32 value = 2;\n  }\n}\n");
}

TEST(ProtobufSchemaTest, DerivesStructsDepthFirst) {
  auto header = Type::Struct({{"KEY", Type::String()}, {"VALUE", Type::Bytes()}});
  EXPECT_EQ(Derive({{"MYKEY", Type::Int()}, {"MYVALUE", Type::Int()},
                    {"MYHEADERS", Type::Array(header)}}),
            "syntax = \"proto3\";\n\nmessage ConnectDefault1 {\n  int32 MYKEY = 1;\n"
            "  int32 MYVALUE = 2;\n  repeated ConnectDefault2 MYHEADERS = 3;\n\n"
            "  message ConnectDefault2 {\n    string KEY = 1;\n    bytes VALUE = 2;\n  }\n}\n");
  // Names are numbered in depth-first order: the inner struct comes before the next column.
  auto inner = Type::Struct({{"X", Type::Int()}});
  std::string text = Derive({{"A", Type::Struct({{"IN", inner}})}, {"B", Type::Struct({})}});
  EXPECT_NE(text.find("ConnectDefault2 A = 1;"), std::string::npos) << text;
  EXPECT_NE(text.find("ConnectDefault3 IN = 1;"), std::string::npos) << text;
  EXPECT_NE(text.find("ConnectDefault4 B = 2;"), std::string::npos) << text;
}

TEST(ProtobufSchemaTest, DerivedLogicalTypesParseBackToTheSameColumns) {
  std::vector<std::pair<std::string, TypePtr>> cols = {
      {"DEC", Type::Decimal(21, 19)}, {"D", Type::Date()},       {"T", Type::Time()},
      {"TS", Type::Timestamp()},      {"BY", Type::Bytes()},     {"ARR", Type::Array(Type::Double())},
      {"M", Type::Map(Type::String(), Type::Struct({{"Q", Type::Decimal(4, 2)}}))}};
  std::string text = Derive(cols);
  EXPECT_NE(text.find("import \"confluent/type/decimal.proto\";"), std::string::npos) << text;
  EXPECT_NE(text.find("import \"google/protobuf/timestamp.proto\";"), std::string::npos);
  auto back = Columns(text);
  ASSERT_EQ(back.size(), cols.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    EXPECT_EQ(back[i].name, cols[i].first);
    EXPECT_EQ(back[i].type->ToString(), cols[i].second->ToString()) << cols[i].first;
  }
}

TEST(ProtobufSchemaTest, FullNameGivesPackageAndMessage) {
  std::string text = Derive({{"K", Type::String()}}, true, "com.acme.OrderKey");
  EXPECT_EQ(text, "syntax = \"proto3\";\npackage com.acme;\n\nmessage OrderKey {\n"
                  "  string K = 1;\n}\n");
  FormatSpec spec = Spec("PROTOBUF");
  spec.schema_full_name = "com.acme.OrderKey";
  EXPECT_EQ(Describe(SchemaColumns(spec, {0, "PROTOBUF", text, {}})), "K STRING");
}

TEST(ProtobufSchemaTest, ColumnsForScalarsAsKsqlDbMapsThem) {
  EXPECT_EQ(Describe(Columns("syntax = \"proto3\"; message ConfluentDefault1 {float c1 = 1; "
                             "uint32 c2 = 2; uint64 c3 = 3; sint32 c4 = 4; sint64 c5 = 5; "
                             "bool c6 = 6; bytes c7 = 7; fixed32 c8 = 8; sfixed32 c9 = 9;}")),
            "c1 DOUBLE, c2 BIGINT, c3 BIGINT, c4 INTEGER, c5 BIGINT, c6 BOOLEAN, c7 BYTES, "
            "c8 BIGINT, c9 INTEGER");
}

TEST(ProtobufSchemaTest, ColumnsForMessagesEnumsWrappersAndMaps) {
  EXPECT_EQ(Describe(Columns(
                "syntax = \"proto3\"; import 'google/protobuf/wrappers.proto'; "
                "message V { enum Suit {SPADES = 0; HEARTS = 1;} message Something {int32 f1 = 1;}"
                " Suit c1 = 1; Something c2 = 2; repeated string c3 = 3; map<string, int64> c4 = 4;"
                " google.protobuf.Int32Value c5 = 5; google.protobuf.StringValue c6 = 6;"
                " repeated XEntry c7 = 7; message XEntry { string key = 1; double value = 2; } }")),
            "c1 STRING, c2 STRUCT<`f1` INTEGER>, c3 ARRAY<STRING>, c4 MAP<STRING, BIGINT>, "
            "c5 INTEGER, c6 STRING, c7 MAP<STRING, DOUBLE>");
}

TEST(ProtobufSchemaTest, DecimalPrecisionFromFieldMeta) {
  // The corpus schema imports only decimal.proto yet uses (confluent.field_meta).
  EXPECT_EQ(Describe(Columns(
                "syntax = \"proto3\"; import \"confluent/type/decimal.proto\"; message M "
                "{confluent.type.Decimal c6 = 6 [(confluent.field_meta) = { params: [{ value: "
                "\"4\", key: \"precision\" }, { value: \"2\", key: \"scale\" }]}];}")),
            "c6 DECIMAL(4, 2)");
}

TEST(ProtobufSchemaTest, SelectsMessageAndResolvesReferences) {
  std::string two = "syntax = \"proto3\"; message P1 {uint32 k1 = 1;} message P2 {string k1 = 1;}";
  EXPECT_EQ(Describe(Columns(two)), "k1 BIGINT");
  EXPECT_EQ(Describe(Columns(two, "P2")), "k1 STRING");
  EXPECT_THROW(Columns(two, "P3"), RiffleError);
  EXPECT_EQ(Describe(Columns("syntax = \"proto3\";\nimport \"event.proto\";\n"
                             "message Logistics { Event event = 1; }",
                             "", {{"event.proto", "syntax = \"proto3\";\nmessage Event {\n"
                                                  " int64 timestamp = 1;\n}"}})),
            "event STRUCT<`timestamp` BIGINT>");
}

TEST(ProtobufSchemaTest, BadSchemaTextIsABindErrorWithPosition) {
  try {
    Columns("syntax = \"proto3\"; message M { int32 a = ; }");
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_NE(std::string(e.what()).find("Invalid PROTOBUF schema: 1:"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Columns("syntax = \"proto3\"; message M { Missing a = 1; }"), RiffleError);
  EXPECT_THROW(Columns("syntax = \"proto3\"; message M { M self = 1; }"), RiffleError);
}

TEST(ProtobufSchemaTest, KsqlDbColumnChecks) {
  auto check = [](const FormatSpec& spec, std::vector<std::pair<std::string, TypePtr>> cols,
                  const std::string& message) {
    try {
      ValidateFormatSchema(spec, Fields(std::move(cols)));
      ADD_FAILURE() << "expected: " << message;
    } catch (const RiffleError& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  };
  check(Spec("PROTOBUF"), {{"FOO", Type::Map(Type::Int(), Type::Double())}},
        "PROTOBUF format only supports MAP types with STRING keys");
  check(Spec("PROTOBUF", false, {{"WRAP_SINGLE_VALUE", "false"}}), {{"FOO", Type::Int()}},
        "Format 'PROTOBUF' does not support 'WRAP_SINGLE_VALUE' set to 'false'.");
  EXPECT_THROW(ValidateFormatSchema(Spec("PROTOBUF"),
                                    Fields({{"A", Type::Array(Type::Array(Type::Int()))}})),
               RiffleError);
  EXPECT_NO_THROW(ValidateFormatSchema(Spec("PROTOBUF", false, {{"WRAP_SINGLE_VALUE", "true"}}),
                                       Fields({{"FOO", Type::Int()}})));
}

TEST(ProtobufSchemaTest, NestingUpToProtobufsLimitParsesBackPastItIsRefused) {
  auto nested = [](int levels) {
    TypePtr t = Type::Int();
    for (int i = 0; i < levels; ++i) t = Type::Struct({{"F", t}});
    return t;
  };
  // 30 levels of STRUCT plus the record's own message: 31 nested messages, libprotoc's most.
  std::vector<StructField> cols = Columns(Derive({{"X", nested(30)}}));
  ASSERT_EQ(cols.size(), 1u);
  EXPECT_TRUE(TypeEquals(*cols[0].type, *nested(30)));
  for (int levels : {31, 5000 / 10}) {
    try {
      Derive({{"X", nested(levels)}});
      ADD_FAILURE() << levels << " levels";
    } catch (const RiffleError& e) {
      EXPECT_NE(std::string(e.what()).find("at most 30 levels of nested STRUCT and MAP"),
                std::string::npos)
          << e.what();
    }
  }
  // A MAP is a nested entry message too.
  EXPECT_THROW(Derive({{"X", Type::Map(Type::String(), nested(30))}}), RiffleError);
}

TEST(ProtobufSchemaTest, KeysAndValuesAreAlwaysWrapped) {
  EXPECT_FALSE(IsUnwrapped(Spec("PROTOBUF", true), 1));
  EXPECT_FALSE(IsUnwrapped(Spec("PROTOBUF", false), 1));
  EXPECT_TRUE(IsUnwrapped(Spec("JSON", true), 1));
}

}  // namespace
}  // namespace riffle::formats
