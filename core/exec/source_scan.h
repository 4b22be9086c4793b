#pragma once
// Reads a Kafka-backed source a batch at a time: polls the topic without copying message bytes
// and decodes keys and values straight into the batch's columns. Records that fail to decode are
// counted and reported to the processing log, never dropped silently and never fatal.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/kafka/kafka_source.h"
#include "connectors/kafka/message_batch.h"
#include "core/exec/record_decoder.h"
#include "core/plan/source_layout.h"
#include "core/runtime/job.h"
#include "core/runtime/processing_log.h"
#include "core/types/batch.h"

namespace riffle {

class SourceScan {
 public:
  // Throws RiffleError(kConnector) when the topic cannot be read.
  SourceScan(const SourceLayout& layout, const kafka::KafkaSourceOptions& options,
             std::string job_id, ProcessingLog* log);

  // Polls up to `max_records` and decodes them into `out` (reset first), waiting at most
  // `timeout_ms` for the first. Returns the number of records consumed, bad ones included.
  size_t Next(Batch& out, size_t max_records, int timeout_ms, JobMetrics& metrics);

  // Next offset to read per partition.
  std::map<int32_t, int64_t> Positions() const { return source_.Positions(); }
  bool AtEnd() { return source_.AtEnd(); }
  const std::string& topic() const { return source_.topic(); }

 private:
  size_t num_columns_;
  kafka::KafkaSource source_;
  kafka::MessageBatch messages_;
  RecordDecoder decoder_;
  std::string job_id_;
  ProcessingLog* log_;
};

}  // namespace riffle
