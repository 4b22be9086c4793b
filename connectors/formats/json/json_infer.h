#pragma once
// Schema inference for JSON topics: proposes columns from sampled record values, for
// CREATE STREAM s WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON') without columns.
//
// Rules (simple and predictable, so the proposal can be read and copied):
// - integers -> BIGINT (JSON carries no width; a later 2^31 must not overflow, and ksqlDB maps
//   a JSON Schema "integer" to BIGINT too), other numbers -> DOUBLE, true/false -> BOOLEAN,
//   strings -> STRING (timestamps stay STRING), objects -> STRUCT<...> (fields merged over all
//   records), arrays -> ARRAY<merged element type>;
// - types widen: BIGINT with DOUBLE -> DOUBLE; any other disagreement (a string with a number,
//   an object with an array, ...) -> STRING, which riffle's JSON decoder fills with the value's
//   JSON text; nulls decide nothing; a field never seen with a value, an array never seen with
//   an element and an object never seen with a field become STRING / ARRAY<STRING> / STRING;
// - fields in the order first seen; names upper-cased, as ksqlDB's unquoted names are (riffle's
//   JSON decoder matches a key to the upper-case column name); keys that differ only by case
//   ("name", "Name") are one column, since column names are case-insensitive.
// Not thread-safe.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/type.h"

namespace riffle::formats {

class JsonTypeInferrer {
 public:
  JsonTypeInferrer();
  ~JsonTypeInferrer();
  JsonTypeInferrer(const JsonTypeInferrer&) = delete;
  JsonTypeInferrer& operator=(const JsonTypeInferrer&) = delete;

  // Merges one record's bytes. Returns false (the record is counted as failed and the first
  // failure's reason kept) when the bytes are not valid JSON, or, with `objects_only`, are
  // neither a JSON object nor null. A JSON_SR framing prefix (magic byte 0 and a 4-byte schema
  // id) is skipped.
  bool Add(std::string_view json, bool objects_only = false);

  int64_t added() const { return added_; }    // records merged
  int64_t failed() const { return failed_; }  // records not merged
  const std::string& first_error() const { return first_error_; }

  // True when some merged record was a JSON object and no other merged record was a non-null
  // value other than an object.
  bool AllObjects() const;
  // True when some merged record was not null.
  bool HasValues() const;
  // The fields of the merged objects, in first-seen order, names upper-cased.
  // REQUIRES: AllObjects().
  std::vector<StructField> Fields() const;
  // The merged type of all records (any JSON), e.g. for a key column.
  // REQUIRES: HasValues().
  TypePtr MergedType() const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  int64_t added_ = 0;
  int64_t failed_ = 0;
  std::string first_error_;
};

// `type` as a user writes it in CREATE: "BIGINT", "ARRAY<STRING>", "STRUCT<ID BIGINT, `a-b`
// STRING>" (struct field names written as FormatIdentifier writes them).
std::string TypeToSql(const Type& type);

}  // namespace riffle::formats
