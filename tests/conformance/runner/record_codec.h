#pragma once
// Turns the corpus' JSON records into Kafka bytes for a source's formats, and Kafka bytes read
// from a sink back into the corpus' JSON shape, so they can be compared with `outputs`.
//
// The corpus writes a JSON (or JSON_SR) key/value as the JSON it is (numbers keep their text, so
// DECIMALs stay exact), a DELIMITED one as its raw text, a KAFKA one as a bare primitive, and
// BYTES as base64, DATE as days, TIME as milliseconds of the day, TIMESTAMP as epoch ms.

#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "catalog/catalog_types.h"
#include "core/exec/source_layout.h"
#include "core/types/value.h"
#include "tests/conformance/runner/lenient_json.h"

namespace riffle::conformance {

// A value of `type` in the corpus' JSON form.
JNode ValueToJson(const Value& value, const Type& type);
// The corpus' JSON form of a value of `type` (lenient: numeric strings become numbers, scalars
// become strings for STRING). Throws std::runtime_error when it cannot be converted.
Value JsonToValue(const JNode& node, const Type& type);

// How a source's windowed key is laid out after the inner key (ksqlDB's windowed serdes).
enum class WindowKind { kNone, kTime, kSession };

// Encodes and decodes the records of one source (its key and value formats and columns).
class RecordCodec {
 public:
  // Throws RiffleError / std::runtime_error when the source's formats are not supported.
  // `catalog` (may be null) gives AVRO / PROTOBUF sources their registered schemas.
  explicit RecordCodec(const SourceInfo& source, const Catalog* catalog = nullptr);
  // For a topic with no source over it: keys and values are raw strings or JSON text.
  RecordCodec();
  ~RecordCodec();

  // Serializes a key / value. nullopt means a Kafka null. Throws std::runtime_error when the
  // JSON cannot be encoded for the column types.
  std::optional<std::string> EncodeKey(const JNode& key);
  std::optional<std::string> EncodeValue(const JNode& value);

  // Deserializes a key / value into the corpus' JSON form. For a windowed source the key's
  // window bounds are stripped off the key and stored into `window` ({start, end, type}).
  // Throws std::runtime_error for bytes that do not decode.
  JNode DecodeKey(const std::optional<std::string>& bytes, std::optional<JNode>* window);
  JNode DecodeValue(const std::optional<std::string>& bytes);

  // The STRUCT-like type of the key and of the value as the corpus writes them (a single
  // unwrapped column gives that column's type), for type-aware comparison; nullptr when unknown.
  const Type* key_type() const { return key_type_.get(); }
  const Type* value_type() const { return value_type_.get(); }

 private:
  struct Side;
  std::optional<std::string> Encode(Side& side, const JNode& node);
  std::optional<std::string> EncodeFields(Side& side, const JNode& node);
  JNode Decode(Side& side, const std::optional<std::string>& bytes);

  std::unique_ptr<Side> key_;
  std::unique_ptr<Side> value_;
  TypePtr key_type_;
  TypePtr value_type_;
  WindowKind window_kind_ = WindowKind::kNone;
  int64_t window_size_ms_ = 0;
};

}  // namespace riffle::conformance
