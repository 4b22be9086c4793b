#pragma once
// Decodes Kafka record keys and values straight into a batch's columns, per a source's layout.
// Shared by the Kafka scan and by anything decoding in-memory records (benchmarks, tests).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/exec/source_layout.h"
#include "core/exec/timestamp_extractor.h"
#include "core/types/batch.h"

namespace riffle {

class RecordDecoder {
 public:
  explicit RecordDecoder(const SourceLayout& layout);

  // Decodes one record and appends it as a row of `out` (which must have layout.batch_width()
  // columns: one per schema column, then WINDOWSTART and WINDOWEND for a windowed source). Returns false, appending nothing and setting `error`, for a record that cannot be
  // decoded. `record_time` < 0 means the record has no timestamp (read as 0). A source with a
  // TIMESTAMP column takes the row's time from it; a row whose column gives no valid time is not
  // appended either (see timestamp_extractor.h), and timestamp_failed() then says so.
  // `value_readable_after`: see RawRecord.
  bool Append(std::string_view key, bool key_null, std::string_view value, bool value_null,
              int64_t record_time, int32_t partition, int64_t offset, Batch& out,
              std::string& error, size_t value_readable_after = 0);

  // Whether the last failed Append failed on the TIMESTAMP column rather than on decoding.
  bool timestamp_failed() const { return timestamp_failed_; }

 private:
  bool EventTime(int64_t record_time, bool value_null, int64_t* time, std::string& error) const;

  SourceLayout layout_;
  std::unique_ptr<formats::Decoder> key_decoder_;
  std::unique_ptr<formats::Decoder> value_decoder_;
  std::vector<Value> row_;
  std::optional<TimestampExtractor> timestamp_;
  bool timestamp_failed_ = false;
};

}  // namespace riffle
