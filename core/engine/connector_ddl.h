#pragma once
// CREATE STREAM/TABLE for the file and datagen connectors: property checks, generated columns,
// and what the catalog stores for them (the resolved path or generator in place of a topic).

#include "catalog/catalog_types.h"
#include "connectors/file/path_policy.h"
#include "core/sql/ast.h"

namespace riffle {

// True when WITH names CONNECTOR='file' or 'datagen' (no Kafka topic is created or read).
// Throws RiffleError(kBind) at the value for an unknown connector.
bool IsExternalConnector(const Properties& props);

// Before formats are resolved, for every CREATE STREAM/TABLE (Kafka too: file and datagen
// properties are refused there): checks the connector's properties (PATH given, FOLLOW and HEADER
// booleans, RATE/COUNT/SEED numbers, known GENERATOR), defaults the value format (JSON for
// datagen) and, for datagen without declared columns, fills info.schema with the generator's.
// Throws RiffleError(kBind) with the offending property's position.
void PrepareConnectorSource(const Properties& props, SourceInfo& info);

// After formats are resolved: stores the resolved file path (or "datagen:<generator>") as
// info.topic, reads key columns from the value (key format = value format) and checks the path
// against `paths`. Throws RiffleError when the path escapes the data directory, or a file read
// once does not exist.
void FinishConnectorSource(const Properties& props, const PathPolicy& paths, SourceInfo& info);

// CREATE STREAM ... WITH (CONNECTOR='file', PATH=...) AS SELECT: checks the sink's properties,
// stores the resolved path as target.topic, reads key columns into the value and creates the
// file empty. An existing non-empty file is replaced only with OR REPLACE. Throws RiffleError.
void FinishFileSink(const Properties& props, const PathPolicy& paths, bool replace,
                    SourceInfo& target);

}  // namespace riffle
