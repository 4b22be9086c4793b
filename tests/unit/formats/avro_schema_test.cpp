#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "connectors/formats/schema_format.h"
#include "core/common/error.h"
#include "tests/unit/formats/avro_test_util.h"

namespace riffle::formats::testing {
namespace {

using nlohmann::json;

json Derived(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  return json::parse(DeriveSchema(spec, fields));
}

TEST(AvroSchemaTest, DerivesKsqlValueRecord) {
  // As in the corpus (avro.json "STRUCT - key - inference", valueSchema of OUTPUT).
  json expected = json::parse(
      R"({"type":"record","name":"KsqlDataSourceSchema","namespace":"io.confluent.ksql.avro_schemas",
          "fields":[{"name":"FOO","type":["null","int"],"default":null}],
          "connect.name":"io.confluent.ksql.avro_schemas.KsqlDataSourceSchema"})");
  EXPECT_EQ(Derived(AvroSpec(), Fields({{"FOO", Type::Int()}})), expected);
}

TEST(AvroSchemaTest, DerivesKeyRecordWithFullName) {
  // group-by.json "AVRO group by struct": a STRUCT key column is unwrapped into the named record.
  json expected = json::parse(
      R"({"type":"record","name":"OutputKey","namespace":"io.confluent.ksql.avro_schemas",
          "fields":[{"name":"A","type":["null","int"],"default":null},
                    {"name":"B","type":["null","int"],"default":null}],
          "connect.name":"io.confluent.ksql.avro_schemas.OutputKey"})");
  FormatSpec spec = AvroSpec(true);
  spec.schema_full_name = "io.confluent.ksql.avro_schemas.OutputKey";
  auto fields = Fields({{"K", Type::Struct({{"A", Type::Int()}, {"B", Type::Int()}})}});
  EXPECT_EQ(Derived(spec, fields), expected);
}

TEST(AvroSchemaTest, UnwrappedSchemasAreNotOptional) {
  EXPECT_EQ(Derived(AvroSpec(true), Fields({{"K", Type::Int()}})), json("int"));
  auto spec = AvroSpec(false, "", 0, {{"WRAP_SINGLE_VALUE", "false"}});
  // avro.json "serialize anonymous array - value".
  EXPECT_EQ(Derived(spec, Fields({{"FOO", Type::Array(Type::Bigint())}})),
            json::parse(R"({"type":"array","items":["null","long"]})"));
}

TEST(AvroSchemaTest, NestedNamesFollowKsqlConvention) {
  auto fields = Fields({{"FOO", Type::Struct({{"BAR", Type::Struct({{"X", Type::Int()}})}})},
                        {"M", Type::Map(Type::String(), Type::Struct({{"Y", Type::Int()}}))}});
  json s = Derived(AvroSpec(), fields);
  const json& foo = s["fields"][0]["type"][1];
  EXPECT_EQ(foo["name"], "KsqlDataSourceSchema_FOO");
  EXPECT_EQ(foo["fields"][0]["type"][1]["name"], "KsqlDataSourceSchema_FOO_BAR");
  const json& m = s["fields"][1]["type"][1];
  EXPECT_EQ(m["type"], "array");
  EXPECT_EQ(m["items"]["name"], "KsqlDataSourceSchema_M");
  EXPECT_EQ(m["items"]["connect.internal.type"], "MapEntry");
  EXPECT_EQ(m["items"]["fields"][0], json::parse(R"({"name":"key","type":["null","string"],"default":null})"));
  EXPECT_EQ(m["items"]["fields"][1]["type"][1]["name"], "KsqlDataSourceSchema_M_MapValue");
}

TEST(AvroSchemaTest, DerivesLogicalTypes) {
  auto fields = Fields({{"D", Type::Decimal(4, 2)}, {"DT", Type::Date()}, {"T", Type::Time()},
                        {"TS", Type::Timestamp()}, {"B", Type::Bytes()}});
  json s = Derived(AvroSpec(), fields);
  EXPECT_EQ(s["fields"][0]["type"][1],
            json::parse(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":2})"));
  EXPECT_EQ(s["fields"][1]["type"][1], json::parse(R"({"type":"int","logicalType":"date"})"));
  EXPECT_EQ(s["fields"][2]["type"][1], json::parse(R"({"type":"int","logicalType":"time-millis"})"));
  EXPECT_EQ(s["fields"][3]["type"][1],
            json::parse(R"({"type":"long","logicalType":"timestamp-millis"})"));
  EXPECT_EQ(s["fields"][4]["type"][1], "bytes");
}

TEST(AvroSchemaTest, CustomFullName) {
  FormatSpec spec = AvroSpec();
  spec.schema_full_name = "com.acme.Order";
  json s = Derived(spec, Fields({{"S", Type::Struct({{"X", Type::Int()}})}}));
  EXPECT_EQ(s["name"], "Order");
  EXPECT_EQ(s["namespace"], "com.acme");
  EXPECT_EQ(s["fields"][0]["type"][1]["name"], "Order_S");
}

void ExpectBindError(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no error; expected: " << message;
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_EQ(e.message(), message);
  }
}

TEST(AvroSchemaTest, KsqlErrorsForColumnsAvroCannotCarry) {
  ExpectBindError(
      [] { ValidateFormatSchema(AvroSpec(), Fields({{"FOO", Type::Map(Type::Int(), Type::Double())}})); },
      "Avro only supports MAPs with STRING keys");
  ExpectBindError(
      [] {
        ValidateFormatSchema(AvroSpec(),
                             Fields({{"1AvroDoesNotLikeFieldsThatStartWithNumbers", Type::Double()}}));
      },
      "Schema is not compatible with Avro: Illegal initial character: "
      "1AvroDoesNotLikeFieldsThatStartWithNumbers");
  ExpectBindError(
      [] { ValidateFormatSchema(AvroSpec(), Fields({{"S", Type::Struct({{"a-b", Type::Int()}})}})); },
      "Schema is not compatible with Avro: Illegal character in: a-b");
}

std::string ColumnsText(const std::vector<StructField>& cols) {
  std::string out;
  for (const auto& c : cols) {
    if (!out.empty()) out += ", ";
    out += c.name + " " + c.type->ToSqlString();
  }
  return out;
}

TEST(AvroSchemaTest, ColumnsFromSchema) {
  RegisteredSchema s{1, "AVRO",
                     R"({"name":"blah","type":"record","fields":[{"name":"c1","type":"boolean"},
                         {"name":"c2","type":"int"},{"name":"c3","type":"long"},
                         {"name":"c4","type":"double"},{"name":"c5","type":"string"},
                         {"name":"c6","type":"float"},
                         {"name":"c7","type":{"type":"enum","name":"Suit","symbols":["A"]}},
                         {"name":"c8","type":["null",{"type":"fixed","size":16,"name":"md5"}]},
                         {"name":"c9","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":2}},
                         {"name":"c10","type":{"type":"int","logicalType":"date"}},
                         {"name":"c11","type":{"type":"int","logicalType":"time-millis"}},
                         {"name":"c12","type":{"type":"long","logicalType":"timestamp-millis"}},
                         {"name":"c13","type":{"type":"array","items":"string"}},
                         {"name":"c14","type":{"type":"map","values":["null","long"]}},
                         {"name":"c15","type":{"type":"record","name":"s","fields":[{"name":"f1","type":"int"}]}}]})",
                     {}};
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(), s)),
            "c1 BOOLEAN, c2 INTEGER, c3 BIGINT, c4 DOUBLE, c5 STRING, c6 DOUBLE, c7 STRING, c8 BYTES, "
            "c9 DECIMAL(4, 2), c10 DATE, c11 TIME, c12 TIMESTAMP, c13 ARRAY<STRING>, "
            "c14 MAP<STRING, BIGINT>, c15 STRUCT<f1 INTEGER>");
}

TEST(AvroSchemaTest, ColumnsOfUnwrappedSchemas) {
  RegisteredSchema prim{1, "AVRO", R"({"type":"int"})", {}};
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(true), prim)), "ROWKEY INTEGER");
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(), prim)), "ROWVAL INTEGER");
  RegisteredSchema rec{1, "AVRO",
                       R"({"type":"record","name":"r","fields":[{"name":"F0","type":["null","int"]}]})",
                       {}};
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(false, "", 0, {{"WRAP_SINGLE_VALUE", "false"}}), rec)),
            "ROWVAL STRUCT<F0 INTEGER>");
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(true), rec)), "ROWKEY STRUCT<F0 INTEGER>");
}

TEST(AvroSchemaTest, RoundTripsDerivedMapSchemaToColumns) {
  auto fields = Fields({{"M", Type::Map(Type::String(), Type::Int())}});
  RegisteredSchema s{1, "AVRO", DeriveSchema(AvroSpec(), fields), {}};
  EXPECT_EQ(ColumnsText(SchemaColumns(AvroSpec(), s)), "M MAP<STRING, INTEGER>");
}

TEST(AvroSchemaTest, FullNameSelectsRecord) {
  RegisteredSchema s{1, "AVRO",
                     R"([{"type":"record","name":"A","namespace":"x","fields":[{"name":"a","type":"int"}]},
                         {"type":"record","name":"B","namespace":"x","fields":[{"name":"b","type":"long"}]}])",
                     {}};
  FormatSpec spec = AvroSpec();
  spec.schema_full_name = "x.B";
  EXPECT_EQ(ColumnsText(SchemaColumns(spec, s)), "b BIGINT");
  spec.schema_full_name = "x.C";
  EXPECT_THROW(SchemaColumns(spec, s), RiffleError);
}

TEST(AvroSchemaTest, InvalidSchemaTextIsBindError) {
  RegisteredSchema s{1, "AVRO", R"({"type":"recrd"})", {}};
  try {
    SchemaColumns(AvroSpec(), s);
    ADD_FAILURE();
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBind);
    EXPECT_NE(e.message().find("recrd"), std::string::npos) << e.message();
  }
  RegisteredSchema n{1, "AVRO", R"({"type":"null"})", {}};
  EXPECT_THROW(SchemaColumns(AvroSpec(), n), RiffleError);
}

TEST(AvroSchemaTest, DeepColumnsMapBackToTheirTypes) {
  // Mapping a registered schema back to columns counted schema nodes against a cap of 32 and
  // called a 17-level column "recursive".
  for (int levels : {17, 200}) {
    TypePtr array = Type::Int(), record = Type::Int(), map = Type::Int();
    for (int i = 0; i < levels; ++i) {
      array = Type::Array(array);
      record = Type::Struct({{"F", record}});
      map = Type::Map(Type::String(), map);
    }
    auto fields = Fields({{"A", array}, {"R", record}, {"M", map}});
    RegisteredSchema s{1, "AVRO", DeriveSchema(AvroSpec(), fields), {}};
    std::vector<StructField> columns = SchemaColumns(AvroSpec(), s);
    ASSERT_EQ(columns.size(), 3u);
    EXPECT_TRUE(TypeEquals(*columns[0].type, *array)) << levels;
    EXPECT_TRUE(TypeEquals(*columns[1].type, *record)) << levels;
    EXPECT_TRUE(TypeEquals(*columns[2].type, *map)) << levels;
  }
}

TEST(AvroSchemaTest, RecursiveSchemasAreStillRefused) {
  RegisteredSchema s{1, "AVRO",
                     R"({"type":"record","name":"Node","fields":[
                          {"name":"NEXT","type":["null","Node"],"default":null}]})",
                     {}};
  try {
    SchemaColumns(AvroSpec(), s);
    ADD_FAILURE() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_NE(std::string(e.what()).find("is recursive"), std::string::npos) << e.what();
  }
}

TEST(AvroSchemaTest, SchemasAvroCCannotParseAreRefusedWhenDerived) {
  // avro-c's JSON parser stops at 2048 levels: 600 levels of STRUCT are four JSON levels each.
  TypePtr record = Type::Int();
  for (int i = 0; i < 600; ++i) record = Type::Struct({{"F", record}});
  EXPECT_THROW(DeriveSchema(AvroSpec(), Fields({{"R", record}})), RiffleError);
}

}  // namespace
}  // namespace riffle::formats::testing
