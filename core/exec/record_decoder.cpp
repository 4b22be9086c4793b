#include "core/exec/record_decoder.h"


namespace riffle {

RecordDecoder::RecordDecoder(const SourceLayout& layout)
    : layout_(layout),
      key_decoder_(formats::MakeDecoder(layout.key_format, layout.key_fields)),
      value_decoder_(formats::MakeDecoder(layout.value_format, layout.value_fields)),
      row_(layout.schema.size()) {
  if (layout.timestamp_column >= 0) {
    timestamp_.emplace(layout.schema[layout.timestamp_column].name, layout.timestamp_format);
  }
}

bool RecordDecoder::EventTime(int64_t record_time, bool value_null, int64_t* time,
                              std::string& error) const {
  // A tombstone has no value columns to take a time from: it keeps its record's time, so that a
  // delete is never lost (ksqlDB would log and skip it when TIMESTAMP names a value column).
  bool tombstone = timestamp_ && value_null && !layout_.value_fields.empty() &&
                   layout_.schema[layout_.timestamp_column].role != ColumnRole::kKey;
  if (timestamp_ && !tombstone) {
    return timestamp_->Extract(row_[layout_.timestamp_column], time, &error);
  }
  *time = record_time < 0 ? 0 : record_time;
  return true;
}

bool RecordDecoder::Append(std::string_view key, bool key_null, std::string_view value,
                           bool value_null, int64_t record_time, int32_t partition,
                           int64_t offset, Batch& out, std::string& error,
                           size_t value_readable_after) {
  for (auto& v : row_) v = Value();
  timestamp_failed_ = false;
  int64_t window_start = 0, window_end = 0;
  if (layout_.window != SourceLayout::Window::kNone && !key_null) {
    size_t suffix = layout_.window == SourceLayout::Window::kSession ? 16 : 8;
    if (key.size() < suffix) {
      error = "key: a windowed key needs " + std::to_string(suffix) + " bytes of window";
      return false;
    }
    auto read64 = [&](size_t at) {
      uint64_t u = 0;
      for (size_t i = 0; i < 8; ++i) u = (u << 8) | static_cast<uint8_t>(key[at + i]);
      return static_cast<int64_t>(u);
    };
    size_t at = key.size() - suffix;
    if (layout_.window == SourceLayout::Window::kSession) {
      window_end = read64(at);
      window_start = read64(at + 8);
    } else {
      window_start = read64(at);
      window_end = window_start + layout_.window_size_ms;
    }
    key = key.substr(0, at);
  }
  if (!layout_.key_fields.empty() && !key_decoder_->Decode(key, key_null, row_, error)) {
    error = "key: " + error;
    return false;
  }
  if (!value_decoder_->DecodeFollowed(value, value_readable_after, value_null, row_, error)) {
    error = "value: " + error;
    return false;
  }
  // A null value is a tombstone: a delete for tables, a null row that sinks write as null.
  RowKind kind =
      value_null && !layout_.value_fields.empty() ? RowKind::kDelete : RowKind::kInsert;
  int64_t time = 0;
  if (!EventTime(record_time, value_null, &time, error)) {
    error = "Failed to extract timestamp from row: " + error;
    timestamp_failed_ = true;
    return false;
  }
  out.AddRowMeta(kind, time, partition, offset);
  for (size_t c = 0; c < row_.size(); ++c) out.columns[c].push_back(std::move(row_[c]));
  if (layout_.window != SourceLayout::Window::kNone) {
    out.columns[row_.size()].push_back(key_null ? Value() : Value::Int(window_start));
    out.columns[row_.size() + 1].push_back(key_null ? Value() : Value::Int(window_end));
  }
  return true;
}

}  // namespace riffle
