#include "core/exec/topic_sink.h"

#include "core/common/error.h"

namespace riffle {

TopicSink::TopicSink(const SourceLayout& layout, std::string topic,
                     kafka::KafkaProducer* producer, std::string job_id, ProcessingLog* log)
    : layout_(layout),
      topic_(std::move(topic)),
      producer_(producer),
      key_encoder_(formats::MakeEncoder(layout.key_format, layout.key_fields)),
      value_encoder_(formats::MakeEncoder(layout.value_format, layout.value_fields)),
      row_(layout.schema.size()),
      job_id_(std::move(job_id)),
      log_(log) {}

void TopicSink::Write(const Batch& batch, JobMetrics& metrics) {
  size_t n = batch.num_rows();
  for (size_t r = 0; r < n; ++r) {
    for (size_t c = 0; c < row_.size(); ++c) row_[c] = batch.columns[c][r];
    bool key_null = true, value_null = false;
    bool ok = layout_.key_fields.empty() ||
              key_encoder_->Encode(row_, key_bytes_, key_null, error_);
    if (ok && batch.kinds[r] == RowKind::kDelete) {
      value_null = true;
    } else if (ok) {
      ok = value_encoder_->Encode(row_, value_bytes_, value_null, error_);
    }
    if (!ok) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_) log_->Add(job_id_, topic_, batch.partition[r], batch.offset[r], "encode: " + error_);
      continue;
    }
    producer_->Produce(topic_, -1,
                       key_null ? std::nullopt : std::optional<std::string_view>(key_bytes_),
                       value_null ? std::nullopt : std::optional<std::string_view>(value_bytes_),
                       batch.rowtime[r]);
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
}

void TopicSink::Flush() {
  if (!producer_->Flush(30000)) {
    throw RiffleError(ErrorKind::kConnector,
                      "could not write to topic " + topic_ + ": " + producer_->last_error());
  }
}

}  // namespace riffle
