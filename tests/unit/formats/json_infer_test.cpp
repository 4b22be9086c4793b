// JSON schema inference from records (json_infer.h) and JSON Schema -> columns (json_schema.h).
#include "connectors/formats/json/json_infer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connectors/formats/json/json_schema.h"
#include "core/common/error.h"

namespace riffle::formats {
namespace {

// "NAME TYPE, NAME TYPE" in the form a user writes them.
std::string Describe(const std::vector<StructField>& fields) {
  std::string out;
  for (const auto& f : fields) {
    out += (out.empty() ? "" : ", ") + f.name + " " + TypeToSql(*f.type);
  }
  return out;
}

std::string Infer(const std::vector<std::string>& records) {
  JsonTypeInferrer inferrer;
  for (const auto& r : records) inferrer.Add(r, /*objects_only=*/true);
  EXPECT_TRUE(inferrer.AllObjects());
  return Describe(inferrer.Fields());
}

TEST(JsonInferTest, PrimitivesAndFirstSeenOrder) {
  EXPECT_EQ(Infer({R"({"id": 1, "name": "a", "price": 2.5, "ok": true})",
                   R"({"id": 2, "extra": "x", "name": "b"})"}),
            "ID BIGINT, NAME STRING, PRICE DOUBLE, OK BOOLEAN, EXTRA STRING");
}

TEST(JsonInferTest, TypesWiden) {
  EXPECT_EQ(Infer({R"({"a": 1, "b": 1, "c": true, "d": {"x": 1}})",
                   R"({"a": 1.5, "b": "two", "c": 3, "d": [1]})"}),
            "A DOUBLE, B STRING, C STRING, D STRING");
  // Once STRING, later values cannot narrow it again.
  EXPECT_EQ(Infer({R"({"a": "x"})", R"({"a": 1})", R"({"a": {"b": 1}})"}), "A STRING");
  // Integers beyond BIGINT's range only fit a DOUBLE.
  EXPECT_EQ(Infer({R"({"a": 18446744073709551615})"}), "A DOUBLE");
}

TEST(JsonInferTest, NullsDecideNothing) {
  EXPECT_EQ(Infer({R"({"a": null, "b": null})", R"({"a": 3})", "null"}), "A BIGINT, B STRING");
}

TEST(JsonInferTest, NestedObjectsAndArraysMerge) {
  EXPECT_EQ(Infer({R"({"who": {"name": "ann", "age": 30}, "tags": ["a"], "pts": []})",
                   R"({"who": {"age": 31.5, "city": "x"}, "tags": [], "pts": [[1, 2]]})"}),
            "WHO STRUCT<NAME STRING, AGE DOUBLE, CITY STRING>, TAGS ARRAY<STRING>, "
            "PTS ARRAY<ARRAY<BIGINT>>");
  EXPECT_EQ(Infer({R"({"items": [{"id": 1}, {"id": 2, "qty": 3}]})"}),
            "ITEMS ARRAY<STRUCT<ID BIGINT, QTY BIGINT>>");
  // Never seen with content: STRING, ARRAY<STRING>.
  EXPECT_EQ(Infer({R"({"o": {}, "e": []})"}), "O STRING, E ARRAY<STRING>");
}

TEST(JsonInferTest, NamesUpperCasedAndMergedByCase) {
  // "id" and "Id" are one column (names are case-insensitive): a number and a string -> STRING.
  EXPECT_EQ(Infer({R"({"id": 1, "Id": "x", "first-name": "a", "from": 2})", R"({"ID": null})"}),
            "ID STRING, FIRST-NAME STRING, FROM BIGINT");
  EXPECT_EQ(Infer({R"({"o": {"a": 1}})", R"({"O": {"A": 2.5, "b": true}})"}),
            "O STRUCT<A DOUBLE, B BOOLEAN>");
  EXPECT_EQ(TypeToSql(*Type::Struct({{"a-b", Type::String()}})), "STRUCT<`a-b` STRING>");
  EXPECT_EQ(TypeToSql(*Type::Struct({{"FROM", Type::Bigint()}})), "STRUCT<`FROM` BIGINT>");
}

TEST(JsonInferTest, BadRecordsAreCountedNotMerged) {
  JsonTypeInferrer inferrer;
  EXPECT_TRUE(inferrer.Add(R"({"a": 1})", true));
  EXPECT_FALSE(inferrer.Add("not json", true));
  EXPECT_FALSE(inferrer.Add("[1, 2]", true));
  EXPECT_FALSE(inferrer.Add("42", true));
  EXPECT_EQ(inferrer.added(), 1);
  EXPECT_EQ(inferrer.failed(), 3);
  EXPECT_NE(inferrer.first_error().find("not json"), std::string::npos);
  EXPECT_TRUE(inferrer.AllObjects());
  EXPECT_EQ(Describe(inferrer.Fields()), "A BIGINT");
}

TEST(JsonInferTest, OnlyBadRecordsGiveNoObjects) {
  JsonTypeInferrer inferrer;
  inferrer.Add("{", true);
  inferrer.Add("null", true);
  EXPECT_FALSE(inferrer.AllObjects());
  EXPECT_FALSE(inferrer.HasValues());
}

TEST(JsonInferTest, AnyJsonForKeys) {
  JsonTypeInferrer keys;
  keys.Add("1");
  keys.Add("2");
  EXPECT_EQ(TypeToSql(*keys.MergedType()), "BIGINT");
  keys.Add("\"x\"");
  EXPECT_EQ(TypeToSql(*keys.MergedType()), "STRING");
}

TEST(JsonInferTest, SkipsJsonSrFraming) {
  JsonTypeInferrer inferrer;
  std::string framed("\0\0\0\0\x07", 5);
  framed += R"({"v": 1})";
  EXPECT_TRUE(inferrer.Add(framed, true));
  EXPECT_EQ(Describe(inferrer.Fields()), "V BIGINT");
}

// ---- JSON Schema (JSON_SR) ----

FormatSpec Spec(bool is_key, std::optional<bool> wrap = std::nullopt) {
  FormatSpec spec;
  spec.name = "JSON_SR";
  spec.is_key = is_key;
  spec.wrap_single_value = wrap;
  return spec;
}

TEST(JsonSchemaTest, ObjectPropertiesBecomeColumns) {
  EXPECT_EQ(Describe(JsonSchemaColumns(Spec(false), R"({"type":"object", "properties": {
      "ID": {"type": "number"}, "NAME": {"type": "string"}, "VALUE": {"type": "integer"}}})")),
            "ID DOUBLE, NAME STRING, VALUE BIGINT");
}

TEST(JsonSchemaTest, ConnectHintsAndOptionalUnions) {
  EXPECT_EQ(Describe(JsonSchemaColumns(Spec(false), R"({"type":"object","properties":{
      "B": {"connect.index": 1, "oneOf": [{"type": "null"}, {"type": "integer", "connect.type": "int32"}]},
      "A": {"connect.index": 0, "type": ["null", "string"]},
      "D": {"connect.index": 2, "type": "number", "title": "org.apache.kafka.connect.data.Decimal",
            "connect.parameters": {"scale": "2", "connect.decimal.precision": "4"}},
      "T": {"connect.index": 3, "type": "integer", "title": "org.apache.kafka.connect.data.Timestamp"},
      "Y": {"connect.index": 4, "type": "string", "connect.type": "bytes"}}})")),
            "A STRING, B INTEGER, D DECIMAL(4, 2), T TIMESTAMP, Y BYTES");
}

TEST(JsonSchemaTest, NestedArraysMapsAndRefs) {
  EXPECT_EQ(Describe(JsonSchemaColumns(Spec(false), R"({"type":"object",
      "definitions": {"Addr": {"type": "object", "properties": {"city": {"type": "string"}}}},
      "properties": {
        "tags": {"type": "array", "items": {"type": "string"}},
        "home": {"$ref": "#/definitions/Addr"},
        "m": {"type": "object", "additionalProperties": {"type": "integer"}},
        "m2": {"type": "array", "connect.type": "map", "items": {"type": "object",
               "properties": {"key": {"type": "integer", "connect.type": "int32"},
                              "value": {"type": "boolean"}}}}}})")),
            "tags ARRAY<STRING>, home STRUCT<`city` STRING>, m MAP<STRING, BIGINT>, "
            "m2 MAP<INTEGER, BOOLEAN>");
}

TEST(JsonSchemaTest, PrimitivesAndKeysAreSingleColumns) {
  EXPECT_EQ(Describe(JsonSchemaColumns(Spec(true), R"({"type": "string"})")), "ROWKEY STRING");
  EXPECT_EQ(
      Describe(JsonSchemaColumns(
          Spec(true), R"({"oneOf":[{"type":"null"},{"type":"integer","connect.type":"int32"}]})")),
      "ROWKEY INTEGER");
  // A key object is one STRUCT column: keys are unwrapped.
  EXPECT_EQ(Describe(JsonSchemaColumns(
                Spec(true), R"({"type":"object","properties":{"F1":{"type":"string"}}})")),
            "ROWKEY STRUCT<F1 STRING>");
  EXPECT_EQ(Describe(JsonSchemaColumns(
                Spec(false, false), R"({"type":"object","properties":{"F1":{"type":"string"}}})")),
            "ROWVAL STRUCT<F1 STRING>");
  EXPECT_EQ(
      Describe(JsonSchemaColumns(Spec(false), R"({"type":"array","items":{"type":"number"}})")),
      "ROWVAL ARRAY<DOUBLE>");
}

TEST(JsonSchemaTest, UnmappableSchemasNameTheField) {
  try {
    JsonSchemaColumns(Spec(false), R"({"type":"object","properties":{"x":{"oneOf":[
        {"type":"string"},{"type":"integer"}]}}})");
    FAIL() << "expected an error";
  } catch (const RiffleError& e) {
    EXPECT_NE(e.message().find("`x`"), std::string::npos) << e.message();
  }
  EXPECT_THROW(JsonSchemaColumns(Spec(false), "not json"), RiffleError);
  EXPECT_THROW(
      JsonSchemaColumns(Spec(false), R"({"type":"object","properties":{"r":{"$ref":"#/nope"}}})"),
      RiffleError);
}

}  // namespace
}  // namespace riffle::formats
