#pragma once
// Detects the format of a topic's keys or values from their bytes, as ksqlDB's PRINT does; used
// by PRINT (to report and show records), by CREATE without columns (KAFKA keys) and by a query
// over a quoted topic name (SELECT * FROM 'orders').
//
// A detector starts with every candidate format; a candidate that fails to read a non-null
// record is dropped for good, and each record is shown through the first candidate still
// standing that reads it. Bytes cannot always tell: 8 bytes read as KAFKA_BIGINT and as
// KAFKA_DOUBLE, "12" is JSON and KAFKA_STRING. AVRO, PROTOBUF and JSON_SR records are recognised
// by Confluent's framing (magic byte 0, 4-byte schema id) and a schema of that format registered
// in the catalog (or the Schema Registry riffle is given) under that id, and shown decoded, as JSON. Unlike ksqlDB, KAFKA_STRING does not
// accept control characters other than TAB, CR and LF (binary data is not shown as text), and it
// is preferred to KAFKA_INT / KAFKA_BIGINT / KAFKA_DOUBLE for bytes that are such text ("abcd"
// is shown as text, not as the INT 1633837924). Not thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/schema_registry.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

enum class DetectedFormat {
  kAvro,
  kProtobuf,
  kJsonSr,
  kJson,
  kKafkaString,
  kKafkaInt,
  kKafkaBigint,
  kKafkaDouble,
};

// "AVRO", "KAFKA_INT", ... as PRINT reports them.
const char* DetectedFormatName(DetectedFormat f);

class FormatDetector {
 public:
  // `schemas` (the catalog or a Schema Registry) must outlive the detector.
  FormatDetector(bool is_key, const SchemaRegistry& schemas);
  ~FormatDetector();
  FormatDetector(const FormatDetector&) = delete;
  FormatDetector& operator=(const FormatDetector&) = delete;

  // Narrows the candidates with `bytes` (null decides nothing) and returns its display text:
  // through the first candidate that reads it, else as text when it is text, else in hex.
  Value Format(const std::optional<std::string>& bytes);

  // The candidates still standing, in order of preference.
  const std::vector<DetectedFormat>& candidates() const { return candidates_; }
  // Whether some non-null bytes were seen.
  bool seen() const { return seen_; }
  bool is_key() const { return is_key_; }
  // "KAFKA_INT", "JSON or KAFKA_STRING", "unrecognised bytes", "unknown (only null keys)".
  std::string Describe() const;

 private:
  struct SchemaCodec;
  std::optional<std::string> TryRead(DetectedFormat f, const std::string& bytes);
  SchemaCodec* CodecFor(const std::string& bytes);
  std::unique_ptr<SchemaCodec> MakeCodec(const StoredSchema& stored);

  bool is_key_;
  const SchemaRegistry& schemas_;
  std::vector<DetectedFormat> candidates_;
  bool seen_ = false;
  std::map<int32_t, std::unique_ptr<SchemaCodec>> codecs_;  // null: not readable
};

// The type of a KAFKA-format column that reads every non-null record `detector` has seen:
// STRING when they are all text (as PRINT shows them), else the only one of INT, BIGINT and
// DOUBLE that reads them all. nullptr when there is none or it is ambiguous, with `why` set
// ("8-byte keys read as BIGINT or DOUBLE", "only null keys").
TypePtr KafkaColumnType(const FormatDetector& detector, std::string& why);

}  // namespace riffle
