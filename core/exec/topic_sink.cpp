#include "core/exec/topic_sink.h"

#include "core/common/error.h"

namespace riffle {

namespace {

void AppendBigEndian(std::string& out, int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

}  // namespace

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

void TopicSink::StampWithTimestampColumn() {
  timestamp_.emplace(layout_.schema[layout_.timestamp_column].name, layout_.timestamp_format);
}

void TopicSink::Write(const Batch& batch, JobMetrics& metrics) {
  size_t n = batch.num_rows();
  for (size_t r = 0; r < n; ++r) {
    if (batch.kinds[r] == RowKind::kUpdateBefore) continue;
    for (size_t c = 0; c < row_.size(); ++c) row_[c] = batch.columns[c][r];
    int64_t timestamp = batch.rowtime[r];
    if (timestamp_ && batch.kinds[r] != RowKind::kDelete &&
        !timestamp_->Extract(row_[layout_.timestamp_column], &timestamp, &error_)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_) {
        log_->Add(ProcessingErrorType::kTimestamp, job_id_, topic_, batch.partition[r],
                  batch.offset[r], "Error writing row with extracted timestamp: " + error_);
      }
      continue;
    }
    bool key_null = true, value_null = false;
    bool ok = layout_.key_fields.empty() ||
              key_encoder_->Encode(row_, key_bytes_, key_null, error_);
    // As Kafka Streams' WindowedStreamPartitioner: a windowed key's partition comes from the
    // key without its window, so all windows of a key share a partition (ksqlDB's ROWPARTITION,
    // co-partitioned joins). A NULL key is left to the partitioner as before.
    uint8_t key_window_bytes = 0;
    if (ok && windowed_) {
      if (key_null) {
        key_bytes_.clear();
      } else {
        key_window_bytes = session_ ? 16 : 8;
      }
      key_null = false;
      const Value& start = batch.columns[window_start_column_][r];
      const Value& end = batch.columns[window_end_column_][r];
      if (session_) AppendBigEndian(key_bytes_, end.is_int() ? end.as_int() : 0);
      AppendBigEndian(key_bytes_, start.is_int() ? start.as_int() : 0);
    }
    if (ok && batch.kinds[r] == RowKind::kDelete) {
      value_null = true;
    } else if (ok) {
      ok = value_encoder_->Encode(row_, value_bytes_, value_null, error_);
    }
    if (!ok) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_) {
        log_->Add(ProcessingErrorType::kSerialization, job_id_, topic_, batch.partition[r],
                  batch.offset[r], "encode: " + error_);
      }
      continue;
    }
    // librdkafka stamps a record produced with timestamp 0 with the current time, so an event
    // time of exactly 0 is written as -1 (Kafka's "no timestamp"), which SourceScan reads back
    // as 0.
    if (writer_ != nullptr) {
      if (!writer_->Write(key_null ? std::nullopt : std::optional<std::string_view>(key_bytes_),
                          value_null ? std::nullopt
                                     : std::optional<std::string_view>(value_bytes_),
                          timestamp, error_)) {
        metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
        if (log_) {
          log_->Add(ProcessingErrorType::kProduction, job_id_, topic_, batch.partition[r],
                    batch.offset[r], error_);
        }
        continue;
      }
      metrics.records_out.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    producer_->Produce(topic_, -1,
                       key_null ? std::nullopt : std::optional<std::string_view>(key_bytes_),
                       value_null ? std::nullopt : std::optional<std::string_view>(value_bytes_),
                       timestamp == 0 ? -1 : timestamp, {}, key_window_bytes);
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
}

void TopicSink::Poll() {
  if (writer_ == nullptr && producer_ != nullptr) producer_->Poll();
}

ReachabilityStatus TopicSink::Reachability() const {
  if (writer_ != nullptr || producer_ == nullptr) return {};
  return producer_->reachability();
}

void TopicSink::Flush() {
  if (writer_ != nullptr) {
    writer_->Flush();
    return;
  }
  if (!producer_->Flush(30000)) {
    throw RiffleError(ErrorKind::kConnector,
                      "could not write to topic " + topic_ + ": " + producer_->last_error());
  }
}

}  // namespace riffle
