#pragma once
// Writes result rows to a Kafka topic in a sink's key and value formats. Rows that cannot be
// encoded are counted and reported to the processing log, not dropped silently.

#include <memory>
#include <string>
#include <vector>

#include "connectors/formats/format.h"
#include "connectors/kafka/kafka_producer.h"
#include "core/exec/job_metrics.h"
#include "core/exec/processing_log.h"
#include "core/exec/record_writer.h"
#include "core/exec/source_layout.h"
#include "core/types/batch.h"

namespace riffle {

class TopicSink {
 public:
  // `layout` is the sink's layout (its schema's column i is batch column i).
  TopicSink(const SourceLayout& layout, std::string topic, kafka::KafkaProducer* producer,
            std::string job_id, ProcessingLog* log);

  // Makes keys windowed, as ksqlDB writes a windowed table's keys: the key bytes, then for time
  // windows the 8-byte big-endian window start, for session windows the end then the start.
  // The bounds are read from batch columns `start_column` and `end_column` (BIGINT).
  void set_window(bool session, int start_column, int end_column) {
    windowed_ = true;
    session_ = session;
    window_start_column_ = start_column;
    window_end_column_ = end_column;
  }

  // Sends the encoded records to `writer` (e.g. a file) instead of the producer, which may then
  // be null.
  void set_writer(std::unique_ptr<RecordWriter> writer) { writer_ = std::move(writer); }

  // Encodes and produces every row of `batch`; tombstones (value NULL) for kDelete rows.
  // kUpdateBefore rows are skipped: a changelog topic holds only the new row of an update.
  void Write(const Batch& batch, JobMetrics& metrics);
  // Waits until every produced record is delivered. Throws RiffleError(kConnector) on failure.
  void Flush();
  // For a sink with nothing to write: lets the producer hear of errors and, while its cluster
  // is unreachable, of its recovery (KafkaProducer::Poll). Job thread only.
  void Poll();
  // Whether the sink can reach its cluster; a file sink always can. Thread-safe.
  ReachabilityStatus Reachability() const;

 private:
  SourceLayout layout_;
  std::string topic_;
  kafka::KafkaProducer* producer_;
  std::unique_ptr<formats::Encoder> key_encoder_;
  std::unique_ptr<formats::Encoder> value_encoder_;
  std::vector<Value> row_;
  std::string key_bytes_, value_bytes_, error_;
  std::string job_id_;
  ProcessingLog* log_;
  bool windowed_ = false;
  bool session_ = false;
  int window_start_column_ = -1;
  int window_end_column_ = -1;
  std::unique_ptr<RecordWriter> writer_;
};

}  // namespace riffle
