#include "core/exec/source_scan.h"


namespace riffle {

SourceScan::SourceScan(const SourceLayout& layout, const kafka::KafkaSourceOptions& options,
                       std::string job_id, ProcessingLog* log)
    : num_columns_(layout.batch_width()),
      source_(options),
      decoder_(layout),
      job_id_(std::move(job_id)),
      log_(log) {}

size_t SourceScan::Next(Batch& out, size_t max_records, int timeout_ms, JobMetrics& metrics) {
  out.Reset(num_columns_);
  size_t n = source_.PollBatch(messages_, max_records, timeout_ms);
  std::string error;
  for (size_t i = 0; i < n; ++i) {
    kafka::MessageView m = messages_[i];
    if (!decoder_.Append(m.key(), m.key_is_null(), m.value(), m.value_is_null(), m.timestamp(),
                         m.partition(), m.offset(), out, error)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_ != nullptr) log_->Add(job_id_, source_.topic(), m.partition(), m.offset(), error);
    }
  }
  messages_.Clear();
  metrics.records_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  return n;
}

}  // namespace riffle
