#pragma once
// How a catalog source is laid out in Kafka records: which schema columns come from the key and
// which from the value, in which formats, and where event time comes from. Built once per query
// from the catalog's SourceInfo; shared by scans (decode) and sinks and INSERT (encode).

#include <vector>

#include "catalog/catalog_types.h"
#include "connectors/formats/format.h"
#include "core/types/schema.h"

namespace riffle {

struct SourceLayout {
  Schema schema;  // the source's columns, in declaration order; batch column i = schema[i]
  formats::FormatSpec key_format;
  formats::FormatSpec value_format;
  std::vector<formats::FieldBinding> key_fields;    // key columns -> row slots
  std::vector<formats::FieldBinding> value_fields;  // value columns -> row slots
  int timestamp_column = -1;  // schema index of the TIMESTAMP column, -1 for the record time
  std::string timestamp_format;
};

// Builds the layout of `source`. Throws RiffleError(kBind) when its formats cannot carry its
// columns (see formats::ValidateFormatSchema).
SourceLayout MakeSourceLayout(const SourceInfo& source);

}  // namespace riffle
