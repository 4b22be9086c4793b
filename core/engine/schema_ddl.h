#pragma once
// CREATE and CREATE ... AS SELECT over AVRO / PROTOBUF: columns taken from registered schemas
// (CREATE STREAM s WITH (KAFKA_TOPIC='t', VALUE_FORMAT='AVRO'); KEY_/VALUE_SCHEMA_ID), and
// sinks written with a given schema id checked against the query's columns. ksqlDB's rules and
// messages.

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/sql/ast.h"
#include "core/types/schema.h"

namespace riffle {

struct RegistryColumns {
  std::vector<ColumnDef> key;
  std::vector<ColumnDef> value;
  std::map<std::string, std::string> properties;  // KEY_/VALUE_SCHEMA_ID of the schemas used
};

// The columns of the sides of CREATE `s` that declare none and whose format reads them from the
// registry: the schema named by <SIDE>_SCHEMA_ID, else the latest of the topic's subject (a
// missing value schema is an error; a missing key schema means no key columns). `topic` is the
// source's topic; key_default / value_default the session's default formats.
// Throws RiffleError(kBind) with ksqlDB's messages.
RegistryColumns InferRegistryColumns(const CreateSourceStmt& s, const std::string& topic,
                                     const std::string& key_default,
                                     const std::string& value_default, const Catalog& catalog);

// A CREATE ... AS SELECT sink given VALUE_SCHEMA_ID: the schema's columns must begin with the
// sink's value columns, same names, types and order. Throws RiffleError(kBind) otherwise.
void CheckSinkSchema(const SourceInfo& target, const Catalog& catalog);

}  // namespace riffle
