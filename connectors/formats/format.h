#pragma once
// Serialization formats for Kafka record keys and values, laid out on the wire exactly as ksqlDB
// lays them out: JSON (and JSON_SR, read without a registry), DELIMITED, KAFKA, NONE, and the
// schema formats AVRO and PROTOBUF (Confluent wire framing; see schema_format.h).
//
// A FormatSpec says how bytes look; a list of FieldBinding says which slot of a row each
// serialized field fills (decoding) or comes from (encoding). Decoders and encoders are built
// once per source or sink and reused for every record: they keep their scratch buffers, so the
// per-record path allocates nothing except the strings it stores into the row.
//
// Decoders and encoders never throw for bad data: they return false with a message, because a
// bad record is counted and logged, not fatal. Building them (ParseFormatSpec, MakeDecoder,
// ValidateFormatSchema) throws RiffleError, because those errors come from a statement.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle::formats {

// A schema as a Schema Registry holds it. riffle's registry lives in the catalog
// (Catalog::RegisterSchema); ids are what Confluent's wire framing carries after the magic byte.
struct SchemaReference {
  std::string name;  // the import path, e.g. "event.proto"
  std::string text;  // its schema text
};
struct RegisteredSchema {
  int32_t id = 0;       // 0: not registered (written as id 0)
  std::string format;   // AVRO, PROTOBUF or JSON
  std::string text;     // Avro schema JSON, or .proto source
  std::vector<SchemaReference> references;  // protobuf imports
};
// Finds a registered schema by id, for records written with a schema other than the reader's.
using SchemaLookup = std::function<std::optional<RegisteredSchema>(int32_t id)>;

struct FormatSpec {
  std::string name;  // upper-case: JSON, JSON_SR, DELIMITED, KAFKA, NONE, AVRO, PROTOBUF
  char delimiter = ',';  // DELIMITED only
  // WRAP_SINGLE_VALUE as given in WITH (or resolved from ksql.persistence.wrap.single.values by
  // the caller); unset means the format's default: values wrapped, keys unwrapped.
  std::optional<bool> wrap_single_value;
  bool is_key = false;  // keys never wrap a single column

  // AVRO and PROTOBUF only. The physical schema: given (KEY_/VALUE_SCHEMA_ID, VALUE_SCHEMA_FILE)
  // or registered for the source; empty text means "derived from the columns" (DeriveSchema).
  // Encoders write schema.id in the framing.
  RegisteredSchema schema;
  std::string schema_full_name;  // KEY_/VALUE_SCHEMA_FULL_NAME: Avro record / protobuf message
  SchemaLookup lookup;           // may be empty: then only the reader's schema is known
};

// Resolves the key (is_key) or value format of a source or sink from its WITH properties:
// KEY_FORMAT / VALUE_FORMAT, else FORMAT, else `default_name` (the session default; may be
// empty). Property names are matched case-insensitively; values are already unquoted.
// Also reads KEY_DELIMITER / VALUE_DELIMITER (',', 'TAB', 'SPACE' or any single character) and,
// for values, WRAP_SINGLE_VALUE ('true' / 'false').
// Throws RiffleError(kBind) for an unknown format name (with a "did you mean" suggestion), FORMAT
// given together with KEY_FORMAT or VALUE_FORMAT, a missing value format, a bad delimiter, a
// delimiter on a format other than DELIMITED, or WRAP_SINGLE_VALUE=true on KAFKA / DELIMITED.
// The format names WITH gives, checked alone (before the columns are known): throws as
// ParseFormatSpec does for FORMAT with KEY_FORMAT or VALUE_FORMAT, and for an unknown name.
void CheckFormatNames(const std::map<std::string, std::string>& with_properties);

FormatSpec ParseFormatSpec(const std::string& default_name,
                           const std::map<std::string, std::string>& with_properties,
                           bool is_key);

// Which slot of a row a serialized field is read into or written from. `name` is the column
// name as stored (unquoted identifiers upper-cased); `index` is the row slot.
struct FieldBinding {
  std::string name;
  TypePtr type;
  int index = 0;
  // Decoding only: no part of the query reads this column (core/plan/read_columns.h). JSON and
  // DELIMITED then check the field's value as they would decode it, so a record whose value
  // cannot be converted to the column's type is still bad (ksqlDB deserializes every declared
  // column), but store nothing: the slot is left as it was. Other formats decode it as usual.
  // Encoders ignore it.
  bool unread = false;
};

// Throws RiffleError(kBind) when `spec` cannot carry `fields`: NONE with any column, KAFKA with
// more than one column or a type other than INT/BIGINT/DOUBLE/STRING/BYTES, DELIMITED with
// ARRAY/MAP/STRUCT, a key containing a MAP, WRAP_SINGLE_VALUE with other than one value column.
// Messages follow ksqlDB's.
void ValidateFormatSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields);

// True when a single field is written bare rather than inside an object / record.
bool IsUnwrapped(const FormatSpec& spec, size_t num_fields);

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Decodes one key or value into row[binding.index] for every bound field (missing fields and
  // null records become NULL; other slots are untouched). An unread field (see FieldBinding)
  // may be left untouched too, but fails the record exactly as decoding it would. Returns false and sets `error` for a
  // record that cannot be decoded; the row's bound slots are then unspecified.
  // REQUIRES: row.size() > every bound index.
  virtual bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
                      std::string& error) = 0;
  // Decode for bytes followed by `readable_after` more bytes that may be read but are not part
  // of the record (the rest of the source's buffer), so that a parser needing padding (JSON's
  // simdjson) can parse in place. By default the same as Decode.
  virtual bool DecodeFollowed(std::string_view bytes, size_t readable_after, bool is_null,
                              std::vector<Value>& row, std::string& error) {
    (void)readable_after;
    return Decode(bytes, is_null, row, error);
  }
};

class Encoder {
 public:
  virtual ~Encoder() = default;
  // Encodes the bound fields of `row` into `out` (replacing its contents, keeping capacity).
  // Sets is_null when the record is to be written as a Kafka null (e.g. a NULL single value,
  // an all-NULL key, the NONE format). Returns false and sets `error` when a value cannot be
  // represented (e.g. a KAFKA-format INT out of range).
  // REQUIRES: row.size() > every bound index; each value matches its field's type or is NULL.
  virtual bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
                      std::string& error) = 0;
};

// Build a decoder / encoder for `spec` over `fields`. Validates as ValidateFormatSchema does and
// throws RiffleError(kBind) for a format riffle does not implement.
std::unique_ptr<Decoder> MakeDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields);
std::unique_ptr<Encoder> MakeEncoder(const FormatSpec& spec, std::vector<FieldBinding> fields);

}  // namespace riffle::formats
