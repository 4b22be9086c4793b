#pragma once
// Shared helpers for the catalog unit tests.

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "catalog/catalog_types.h"
#include "tests/unit/temp_dir.h"

namespace riffle::testing {

// Permission bits of `path`, or -1 when it does not exist.
inline int ModeOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

// A small stream: ID BIGINT KEY, NAME STRING, AMOUNT DECIMAL(10, 2).
inline SourceInfo MakeStream(const std::string& name) {
  SourceInfo info;
  info.name = name;
  info.is_table = false;
  info.schema.Add(ColumnDef{"ID", Type::Bigint(), ColumnRole::kKey, ""});
  info.schema.Add(ColumnDef{"NAME", Type::String(), ColumnRole::kValue, ""});
  info.schema.Add(ColumnDef{"AMOUNT", Type::Decimal(10, 2), ColumnRole::kValue, ""});
  info.topic = name + "_topic";
  info.key_format = "KAFKA";
  info.value_format = "JSON";
  info.properties = {{"KAFKA_TOPIC", info.topic}, {"VALUE_FORMAT", "JSON"}, {"PARTITIONS", "4"}};
  info.sql = "CREATE STREAM " + name +
             " (ID BIGINT KEY, NAME STRING, AMOUNT DECIMAL(10, 2)) "
             "WITH (KAFKA_TOPIC='" +
             info.topic + "', VALUE_FORMAT='JSON', PARTITIONS=4);";
  return info;
}

}  // namespace riffle::testing
