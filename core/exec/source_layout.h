#pragma once
// How a catalog source is laid out in Kafka records: which schema columns come from the key and
// which from the value, in which formats, and where event time comes from. Built once per query
// from the catalog's SourceInfo; shared by scans (decode) and sinks and INSERT (encode).

#include <vector>

#include "catalog/catalog.h"
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
  // Windowed sources (WINDOW_TYPE, e.g. a windowed aggregation's table): the key bytes end with
  // the window (time windows: 8-byte big-endian start; sessions: end then start), and decoded
  // batches carry WINDOWSTART and WINDOWEND as two extra columns after the schema's.
  enum class Window : uint8_t { kNone, kTime, kSession };
  Window window = Window::kNone;
  int64_t window_size_ms = 0;  // time windows: WINDOWEND = WINDOWSTART + size

  // Columns in a decoded batch: the schema's, plus the window bounds of a windowed source.
  size_t batch_width() const { return schema.size() + (window == Window::kNone ? 0 : 2); }
};

// Parses a WINDOW_SIZE property: milliseconds ("30000") or a duration ("30 SECONDS"). Returns
// -1 when it is neither.
int64_t ParseWindowSize(const std::string& text);

// Builds the layout of `source`. Throws RiffleError(kBind) when its formats cannot carry its
// columns (see formats::ValidateFormatSchema). With a schema registry (the catalog, or a
// Schema Registry), AVRO / PROTOBUF sides get their registered schema (KEY_/VALUE_SCHEMA_ID) and
// a lookup for other writers' schema ids; the registry must outlive decoders and encoders built
// from the layout.
SourceLayout MakeSourceLayout(const SourceInfo& source, const SchemaRegistry* registry = nullptr);

}  // namespace riffle
