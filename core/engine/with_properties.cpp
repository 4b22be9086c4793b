#include "core/engine/with_properties.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace riffle {

namespace {

// ksqlDB's CommonCreateConfigs: what every CREATE, with or without AS SELECT, takes.
const std::vector<std::string> kCommon = {
    "KAFKA_TOPIC",
    "PARTITIONS",
    "REPLICAS",
    "RETENTION_MS",
    "KEY_FORMAT",
    "VALUE_FORMAT",
    "FORMAT",
    "TIMESTAMP",
    "TIMESTAMP_FORMAT",
    "VALUE_DELIMITER",
    "KEY_DELIMITER",
    "WRAP_SINGLE_VALUE",
    "KEY_SCHEMA_ID",
    "VALUE_SCHEMA_ID",
    "KEY_SCHEMA_FULL_NAME",
    "VALUE_SCHEMA_FULL_NAME",
    "VALUE_AVRO_SCHEMA_FULL_NAME",
};

std::vector<std::string> Known(WithClause clause) {
  std::vector<std::string> known;
  switch (clause) {
    case WithClause::kCreateSource:
      known = kCommon;
      // ksqlDB's CreateConfigs, then riffle's file and datagen connectors (connector_ddl.h).
      known.insert(known.end(), {"WINDOW_TYPE", "WINDOW_SIZE", "CLEANUP_POLICY", "CONNECTOR",
                                 "PATH", "FOLLOW", "HEADER", "MAX_RECORD_BYTES", "GENERATOR", "RATE",
                                 "COUNT", "SEED"});
      break;
    case WithClause::kCreateAsSelect:
      known = kCommon;
      known.insert(known.end(), {"CONNECTOR", "PATH", "HEADER"});  // a file sink
      break;
    case WithClause::kInsertSelect:
      known = {"QUERY_ID"};
      break;
  }
  return known;
}

}  // namespace

void ValidateWithProperties(const Properties& props, WithClause clause) {
  const std::vector<std::string> known = Known(clause);
  for (const auto& [name, value] : props) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string hint = ClosestMatch(name, known);
    std::string valid;
    if (clause == WithClause::kInsertSelect) {
      valid = "INSERT INTO ... SELECT takes only QUERY_ID";
    } else {
      valid =
          "valid properties include KAFKA_TOPIC, VALUE_FORMAT, KEY_FORMAT, PARTITIONS, "
          "TIMESTAMP";
    }
    ThrowBind(value.name_pos, "Invalid WITH property: " + name,
              hint.empty() ? valid : "did you mean " + hint + "?");
  }
  if (clause == WithClause::kCreateAsSelect && !props.count("CONNECTOR")) {
    for (const char* name : {"PATH", "HEADER"}) {
      if (props.count(name)) {
        ThrowBind(props.at(name).name_pos, std::string(name) + " needs CONNECTOR='file'.");
      }
    }
  }
}

}  // namespace riffle
