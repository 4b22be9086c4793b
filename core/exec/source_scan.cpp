#include "core/exec/source_scan.h"

#include "core/types/datetime.h"

namespace riffle {

SourceScan::SourceScan(const SourceLayout& layout, const kafka::KafkaSourceOptions& options,
                       std::string job_id, ProcessingLog* log)
    : layout_(layout),
      source_(options),
      key_decoder_(formats::MakeDecoder(layout.key_format, layout.key_fields)),
      value_decoder_(formats::MakeDecoder(layout.value_format, layout.value_fields)),
      row_(layout.schema.size()),
      job_id_(std::move(job_id)),
      log_(log) {}

bool SourceScan::DecodeOne(const kafka::MessageView& m, std::string& error) {
  for (auto& v : row_) v = Value();
  if (!layout_.key_fields.empty() &&
      !key_decoder_->Decode(m.key(), m.key_is_null(), row_, error)) {
    error = "key: " + error;
    return false;
  }
  if (!value_decoder_->Decode(m.value(), m.value_is_null(), row_, error)) {
    error = "value: " + error;
    return false;
  }
  return true;
}

int64_t SourceScan::EventTime(const kafka::MessageView& m) const {
  if (layout_.timestamp_column < 0) return m.timestamp() < 0 ? 0 : m.timestamp();
  const Value& v = row_[layout_.timestamp_column];
  if (v.is_int()) return v.as_int();
  if (v.is_string()) {
    if (auto ts = ParseTimestampIso(v.as_string())) return *ts;
  }
  return m.timestamp() < 0 ? 0 : m.timestamp();
}

size_t SourceScan::Next(Batch& out, size_t max_records, int timeout_ms, JobMetrics& metrics) {
  out.Reset(layout_.schema.size());
  size_t n = source_.PollBatch(messages_, max_records, timeout_ms);
  std::string error;
  for (size_t i = 0; i < n; ++i) {
    kafka::MessageView m = messages_[i];
    if (!DecodeOne(m, error)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_ != nullptr) {
        log_->Add(job_id_, source_.topic(), m.partition(), m.offset(), error);
      }
      continue;
    }
    out.AddRowMeta(RowKind::kInsert, EventTime(m), m.partition(), m.offset());
    for (size_t c = 0; c < row_.size(); ++c) out.columns[c].push_back(std::move(row_[c]));
  }
  messages_.Clear();
  metrics.records_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  return n;
}

}  // namespace riffle
