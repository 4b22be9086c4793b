#pragma once
// One conformance case as read from a ksqlDB QTT (or REST QTT) file, after `format` and `config`
// expansion: what to execute, what to produce, and what must come out.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/conformance/runner/lenient_json.h"

namespace riffle::conformance {

struct TestRecord {
  std::string topic;
  JNode key;    // null when absent or null
  JNode value;  // null: tombstone
  std::optional<int64_t> timestamp;
  std::optional<JNode> window;   // {start, end, type}
  std::optional<JNode> headers;  // [{KEY, VALUE(base64)}]
};

// A schema the case registers for a topic's keys or values before its statements run.
struct TopicSchema {
  std::string format;  // AVRO, PROTOBUF, JSON_SR (upper-cased)
  std::string text;    // Avro JSON (dumped when the corpus gives an object), .proto, JSON schema
  int id = 0;          // keySchemaId / valueSchemaId; 0: assigned in registration order
  std::vector<std::pair<std::string, std::string>> references;  // name, text
};

struct TestTopic {
  std::string name;
  int partitions = 1;
  bool partitions_given = false;  // without it, a CREATE's PARTITIONS decides (ksqlDB's harness)
  std::optional<TopicSchema> key_schema;
  std::optional<TopicSchema> value_schema;
};

struct ExpectedException {
  std::string type;  // ksqlDB's Java class name
  std::string message;
};

struct TestCase {
  std::string file;  // relative to the corpus directory
  std::string name;  // "<file> - <test name>[ - <FORMAT or config>]"
  bool enabled = true;
  bool rest = false;  // from rest-query-validation-tests: compare `responses`
  std::vector<std::string> statements;
  std::map<std::string, std::string> properties;
  std::vector<TestTopic> topics;
  std::vector<TestRecord> inputs;
  std::vector<TestRecord> outputs;
  bool has_outputs = false;  // an `outputs` member was given (possibly empty)
  std::optional<ExpectedException> expected_exception;
  JNode post;       // the `post` object, null when absent
  JNode responses;  // REST: expected `responses`, null when absent
  // REST: `outputConditions.verifyOrder`. Without it ksqlDB's harness compares a query's rows
  // in any order (RestTestExecutor.matchResponseFields), and so does this runner.
  bool verify_order = false;
};

// Reads every case of one file, expanding `format` and `config`. `rest` marks REST files.
// Throws std::runtime_error when the file cannot be read or parsed.
std::vector<TestCase> LoadTestFile(const std::string& path, const std::string& relative_name,
                                   bool rest);

}  // namespace riffle::conformance
