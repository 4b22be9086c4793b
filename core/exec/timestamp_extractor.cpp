#include "core/exec/timestamp_extractor.h"

#include "core/expr/time_format.h"

namespace riffle {

TimestampExtractor::TimestampExtractor(std::string column, const std::string& format)
    : column_(std::move(column)), pattern_(format) {
  if (!format.empty()) {
    std::string error;
    format_ = JavaTimeFormat::Compile(format, &error);
  }
}

bool TimestampExtractor::Extract(const Value& value, int64_t* time, std::string* error) const {
  if (value.is_null()) {
    *error = "the TIMESTAMP column " + column_ + " is NULL";
    return false;
  }
  if (value.is_string()) {
    ZoneRef utc;
    if (format_ == nullptr || !format_->Parse(value.as_string(), utc, time)) {
      *error = "Unable to parse string timestamp. " + column_ + "='" + value.as_string() +
               "' timestamp_format=" + pattern_;
      return false;
    }
  } else if (value.is_int()) {
    *time = value.as_int();
  } else {
    *error = "the TIMESTAMP column " + column_ + " holds no time";
    return false;
  }
  if (*time < 0) {
    // Kafka Streams refuses a negative timestamp (the record is skipped at a source and not
    // written at a sink).
    *error = "Invalid (negative) timestamp of " + std::to_string(*time) +
             " in the TIMESTAMP column " + column_;
    return false;
  }
  return true;
}

}  // namespace riffle
