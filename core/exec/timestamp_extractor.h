#pragma once
// Reads a row's event time from its TIMESTAMP column, as ksqlDB's timestamp extractors do
// (LongTimestampExtractor, TimestampColumnExtractor, StringTimestampExtractor): a BIGINT is epoch
// milliseconds, a TIMESTAMP its instant, a STRING is parsed with TIMESTAMP_FORMAT (in UTC unless
// the text carries a zone). A NULL, an unparsable string or a negative time yields no time: the
// caller drops the row and logs it, as ksqlDB does (its extractor logs and returns -1, and Kafka
// Streams skips a record with a negative timestamp; its sink logs and drops the row).

#include <cstdint>
#include <memory>
#include <string>

#include "core/types/value.h"

namespace riffle {

class JavaTimeFormat;

class TimestampExtractor {
 public:
  // `column` names the column in messages; `format` is TIMESTAMP_FORMAT ("" for a BIGINT or
  // TIMESTAMP column). REQUIRES: the column and format passed ResolveTimestampColumn.
  TimestampExtractor(std::string column, const std::string& format);

  // Sets *time from `value` (the column's cell) and returns true; returns false with *error
  // saying why when the value gives no valid event time.
  bool Extract(const Value& value, int64_t* time, std::string* error) const;

 private:
  std::string column_;
  std::string pattern_;
  std::shared_ptr<const JavaTimeFormat> format_;  // null for BIGINT / TIMESTAMP columns
};

}  // namespace riffle
