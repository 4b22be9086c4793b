#include "core/exec/record_decoder.h"

#include "core/types/datetime.h"

namespace riffle {

RecordDecoder::RecordDecoder(const SourceLayout& layout)
    : layout_(layout),
      key_decoder_(formats::MakeDecoder(layout.key_format, layout.key_fields)),
      value_decoder_(formats::MakeDecoder(layout.value_format, layout.value_fields)),
      row_(layout.schema.size()) {}

int64_t RecordDecoder::EventTime(int64_t record_time) const {
  if (layout_.timestamp_column >= 0) {
    const Value& v = row_[layout_.timestamp_column];
    if (v.is_int()) return v.as_int();
    if (v.is_string()) {
      if (auto ts = ParseTimestampIso(v.as_string())) return *ts;
    }
  }
  return record_time < 0 ? 0 : record_time;
}

bool RecordDecoder::Append(std::string_view key, bool key_null, std::string_view value,
                           bool value_null, int64_t record_time, int32_t partition,
                           int64_t offset, Batch& out, std::string& error) {
  for (auto& v : row_) v = Value();
  if (!layout_.key_fields.empty() && !key_decoder_->Decode(key, key_null, row_, error)) {
    error = "key: " + error;
    return false;
  }
  if (!value_decoder_->Decode(value, value_null, row_, error)) {
    error = "value: " + error;
    return false;
  }
  // A null value is a tombstone: a delete for tables, a null row that sinks write as null.
  RowKind kind =
      value_null && !layout_.value_fields.empty() ? RowKind::kDelete : RowKind::kInsert;
  out.AddRowMeta(kind, EventTime(record_time), partition, offset);
  for (size_t c = 0; c < row_.size(); ++c) out.columns[c].push_back(std::move(row_[c]));
  return true;
}

}  // namespace riffle
