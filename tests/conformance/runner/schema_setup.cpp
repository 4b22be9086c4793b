#include "tests/conformance/runner/schema_setup.h"

#include <set>

#include "core/sql/parser.h"

namespace riffle::conformance {

namespace {

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool HasRegistry(const std::string& format) {
  return format == "AVRO" || format == "PROTOBUF" || format == "JSON_SR";
}

std::string PropertyOr(const Properties& props, const std::string& name, std::string fallback) {
  auto it = props.find(name);
  return it == props.end() ? fallback : Upper(it->second.AsString());
}

// How many schemas the case's CREATE statements with columns register (ksqlDB's harness does
// so for topics the case does not give a schema for).
int DerivedSchemaCount(const TestCase& test) {
  std::set<std::pair<std::string, bool>> explicit_schemas;
  for (const TestTopic& t : test.topics) {
    if (t.key_schema) explicit_schemas.insert({t.name, true});
    if (t.value_schema) explicit_schemas.insert({t.name, false});
  }
  auto session = [&](const char* name, const char* fallback) {
    auto it = test.properties.find(name);
    return it == test.properties.end() ? std::string(fallback) : Upper(it->second);
  };
  std::string key_default = session("ksql.persistence.default.format.key", "KAFKA");
  std::string value_default = session("ksql.persistence.default.format.value", "");
  std::set<std::pair<std::string, bool>> counted;
  for (const std::string& text : test.statements) {
    std::vector<Statement> parsed;
    try {
      parsed = ParseStatements(text);
    } catch (const std::exception&) {
      continue;
    }
    for (const Statement& st : parsed) {
      const auto* create = std::get_if<CreateSourceStmt>(&st.body);
      if (create == nullptr || create->as_query || create->columns.empty()) continue;
      std::string topic = PropertyOr(create->properties, "KAFKA_TOPIC", create->name);
      if (auto it = create->properties.find("KAFKA_TOPIC"); it != create->properties.end()) {
        topic = it->second.AsString();
      }
      std::string format = PropertyOr(create->properties, "FORMAT", "");
      std::string key_format =
          format.empty() ? PropertyOr(create->properties, "KEY_FORMAT", key_default) : format;
      std::string value_format =
          format.empty() ? PropertyOr(create->properties, "VALUE_FORMAT", value_default) : format;
      bool has_key = false, has_value = false;
      for (const ColumnSpec& c : create->columns) {
        if (c.headers) continue;
        (c.key || c.primary_key ? has_key : has_value) = true;
      }
      for (bool is_key : {true, false}) {
        if (!(is_key ? has_key : has_value)) continue;
        if (!HasRegistry(is_key ? key_format : value_format)) continue;
        if (explicit_schemas.count({topic, is_key})) continue;
        counted.insert({topic, is_key});
      }
    }
  }
  return static_cast<int>(counted.size());
}

}  // namespace

void RegisterTopicSchemas(const TestCase& test, Catalog& catalog) {
  int next = DerivedSchemaCount(test) + 1;
  for (const TestTopic& t : test.topics) {
    for (bool is_key : {true, false}) {
      const std::optional<TopicSchema>& schema = is_key ? t.key_schema : t.value_schema;
      if (!schema) continue;
      StoredSchema stored;
      stored.format = schema->format == "JSON_SR" ? "JSON" : schema->format;
      stored.text = schema->text;
      stored.references = schema->references;
      stored.id = schema->id > 0 ? schema->id : next++;
      catalog.RegisterSchema(t.name + (is_key ? "-key" : "-value"), stored);
    }
  }
}

}  // namespace riffle::conformance
