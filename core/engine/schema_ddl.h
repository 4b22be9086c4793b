#pragma once
// CREATE without columns: columns taken from registered schemas (AVRO, PROTOBUF, JSON_SR:
// CREATE STREAM s WITH (KAFKA_TOPIC='t', VALUE_FORMAT='AVRO'); KEY_/VALUE_SCHEMA_ID) or inferred
// from the topic's records (JSON), and CREATE ... AS SELECT sinks written with a given schema id
// checked against the query's columns. ksqlDB's rules and messages where ksqlDB has them.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_record.h"
#include "connectors/kafka/kafka_source.h"
#include "core/sql/ast.h"
#include "core/types/schema.h"

namespace riffle {

struct RegistryColumns {
  std::vector<ColumnDef> key;
  std::vector<ColumnDef> value;
  std::map<std::string, std::string> properties;  // KEY_/VALUE_SCHEMA_ID of the schemas used
  // Set when the columns were inferred from the topic's records: what was inferred, as a
  // CREATE statement the user can copy ("Inferred 3 columns from 10 records of 't': ...").
  std::string notice;
  // Then also the CREATE statement with the inferred columns declared.
  std::string statement;
};

// Reads the first records of a topic for inference; nullopt when the topic does not exist.
using TopicSampler =
    std::function<std::optional<std::vector<kafka::KafkaRecord>>(const std::string& topic)>;

// How many records, and for how long, CREATE reads to infer a JSON topic's columns.
inline constexpr size_t kInferSampleRecords = 1000;
inline constexpr int kInferSampleMs = 2000;

// The columns of the sides of CREATE `s` that declare none and whose format reads them from the
// registry: the schema named by <SIDE>_SCHEMA_ID, else the latest of the topic's subject (a
// missing value schema is an error; a missing key schema means no key columns). `topic` is the
// source's topic; key_default / value_default the session's default formats.
// With `sample` set, a CREATE with no value columns and VALUE_FORMAT JSON infers them from the
// topic's first records (connectors/formats/json/json_infer.h has the rules): value columns from
// the JSON objects, and, when no key column is declared, a key column ROWKEY from the keys: a
// JSON key as the values are, a KAFKA key when every non-null key reads as the same one of
// STRING, INT, BIGINT or DOUBLE as PRINT detects them (core/engine/format_detection.h). Records
// that are not JSON objects are counted in the notice. It is an error when the topic does not
// exist, is empty, or holds no JSON object, unless key columns are declared (the source is then
// what was declared, as in ksqlDB, and the notice says why nothing was inferred), and for a
// TABLE whose key cannot be inferred (the message says how to declare it).
// Throws RiffleError(kBind) with ksqlDB's messages.
RegistryColumns InferRegistryColumns(const CreateSourceStmt& s, const std::string& topic,
                                     const std::string& key_default,
                                     const std::string& value_default,
                                     const SchemaRegistry& registry,
                                     const TopicSampler& sample = {});

// Reads `options.topic` from its earliest offsets until every partition's end (as of now),
// `max_records` records or `max_ms`, whichever comes first. nullopt when the topic does not
// exist. Throws RiffleError(kConnector) when the cluster cannot be reached.
std::optional<std::vector<kafka::KafkaRecord>> SampleTopic(kafka::KafkaAdmin& admin,
                                                           kafka::KafkaSourceOptions options,
                                                           size_t max_records = kInferSampleRecords,
                                                           int max_ms = kInferSampleMs);

// The CREATE statement `s` with `columns` declared explicitly (key, header and value columns,
// in order), for the user to copy; no ';'.
std::string ProposedStatement(const CreateSourceStmt& s, const std::vector<ColumnDef>& columns);

// A CREATE ... AS SELECT sink given VALUE_SCHEMA_ID: the schema's columns must begin with the
// sink's value columns, same names, types and order. Throws RiffleError(kBind) otherwise.
void CheckSinkSchema(const SourceInfo& target, const SchemaRegistry& registry);

}  // namespace riffle
