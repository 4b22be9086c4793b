#pragma once
// Decodes Kafka record keys and values straight into a batch's columns, per a source's layout.
// Shared by the Kafka scan and by anything decoding in-memory records (benchmarks, tests).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/exec/source_layout.h"
#include "core/types/batch.h"

namespace riffle {

class RecordDecoder {
 public:
  explicit RecordDecoder(const SourceLayout& layout);

  // Decodes one record and appends it as a row of `out` (which must have layout.batch_width()
  // columns: one per schema column, then WINDOWSTART and WINDOWEND for a windowed source). Returns false, appending nothing and setting `error`, for a record that cannot be
  // decoded. `record_time` < 0 means the record has no timestamp (read as 0).
  bool Append(std::string_view key, bool key_null, std::string_view value, bool value_null,
              int64_t record_time, int32_t partition, int64_t offset, Batch& out,
              std::string& error);

 private:
  int64_t EventTime(int64_t record_time) const;

  SourceLayout layout_;
  std::unique_ptr<formats::Decoder> key_decoder_;
  std::unique_ptr<formats::Decoder> value_decoder_;
  std::vector<Value> row_;
};

}  // namespace riffle
