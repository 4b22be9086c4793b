#include "core/exec/sink_writer.h"

#include "connectors/connector/connector_registry.h"
#include "core/common/error.h"
#include "core/exec/source_scan.h"

namespace riffle {

namespace {

void AppendBigEndian(std::string& out, int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
}

}  // namespace

SinkWriter::SinkWriter(const SourceLayout& layout, std::string name,
                       std::unique_ptr<RecordSink> sink, std::string job_id, ProcessingLog* log)
    : layout_(layout),
      name_(std::move(name)),
      sink_(std::move(sink)),
      key_encoder_(formats::MakeEncoder(layout.key_format, layout.key_fields)),
      value_encoder_(formats::MakeEncoder(layout.value_format, layout.value_fields)),
      row_(layout.schema.size()),
      job_id_(std::move(job_id)),
      log_(log) {}

void SinkWriter::StampWithTimestampColumn() {
  timestamp_.emplace(layout_.schema[layout_.timestamp_column].name, layout_.timestamp_format);
}

void SinkWriter::Write(const Batch& batch, JobMetrics& metrics) {
  size_t n = batch.num_rows();
  for (size_t r = 0; r < n; ++r) {
    if (batch.kinds[r] == RowKind::kUpdateBefore) continue;
    for (size_t c = 0; c < row_.size(); ++c) row_[c] = batch.columns[c][r];
    int64_t timestamp = batch.rowtime[r];
    if (timestamp_ && batch.kinds[r] != RowKind::kDelete &&
        !timestamp_->Extract(row_[layout_.timestamp_column], &timestamp, &error_)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_) {
        log_->Add(ProcessingErrorType::kTimestamp, job_id_, name_, batch.partition[r],
                  batch.offset[r], "Error writing row with extracted timestamp: " + error_);
      }
      continue;
    }
    bool key_null = true, value_null = false;
    bool ok =
        layout_.key_fields.empty() || key_encoder_->Encode(row_, key_bytes_, key_null, error_);
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
        log_->Add(ProcessingErrorType::kSerialization, job_id_, name_, batch.partition[r],
                  batch.offset[r], "encode: " + error_);
      }
      continue;
    }
    if (!sink_->Write(key_null ? std::nullopt : std::optional<std::string_view>(key_bytes_),
                      value_null ? std::nullopt : std::optional<std::string_view>(value_bytes_),
                      timestamp, key_window_bytes, error_)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_) {
        log_->Add(ProcessingErrorType::kProduction, job_id_, name_, batch.partition[r],
                  batch.offset[r], error_);
      }
      continue;
    }
    metrics.records_out.fetch_add(1, std::memory_order_relaxed);
  }
}

std::unique_ptr<SinkWriter> MakeSinkWriter(const SourceInfo& target, kafka::KafkaProducer* producer,
                                           const std::string& job_id, ProcessingLog* log,
                                           const PathPolicy& paths, const SchemaRegistry* schemas) {
  const Connector& connector = SourceConnector(target);
  if (!connector.writable()) {
    throw RiffleError(ErrorKind::kConnector,
                      "CONNECTOR='" + connector.name + "' cannot be written to.");
  }
  SourceLayout layout = MakeSourceLayout(target, schemas);
  // Records without a key of their own carry the whole row in the value.
  if (!connector.kafka_topic) layout = WholeRowLayout(layout);
  SinkRequest request;
  request.location = target.topic;
  request.properties = target.properties;
  request.producer = producer;
  request.paths = paths;
  for (const auto& field : layout.value_fields) request.value_field_names.push_back(field.name);
  request.delimiter = layout.value_format.delimiter;
  return std::make_unique<SinkWriter>(layout, target.topic, connector.open_sink(request), job_id,
                                      log);
}

}  // namespace riffle
