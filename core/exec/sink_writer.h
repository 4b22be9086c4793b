#pragma once
// The sink of a persistent query: encodes result rows in the sink's key and value formats and
// writes them to the connector's RecordSink (a Kafka topic, a file; connector_registry.h), as
// SourceScan decodes what a RecordSource reads. Rows that cannot be encoded or written are
// counted and reported to the processing log, not dropped silently.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/catalog_types.h"
#include "connectors/connector/record_sink.h"
#include "connectors/file/path_policy.h"
#include "connectors/formats/format.h"
#include "core/exec/job_metrics.h"
#include "core/exec/processing_log.h"
#include "core/exec/source_layout.h"
#include "core/exec/timestamp_extractor.h"
#include "core/types/batch.h"

namespace riffle {

namespace kafka {
class KafkaProducer;
}

class SinkWriter {
 public:
  // `layout` is the sink's layout (its schema's column i is batch column i); `name` (the topic
  // or path) names it in the processing log. REQUIRES: sink != nullptr.
  SinkWriter(const SourceLayout& layout, std::string name, std::unique_ptr<RecordSink> sink,
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

  // Stamps each record with the time in the layout's TIMESTAMP column instead of the row's
  // ROWTIME, as ksqlDB's sink does for a CSAS/CTAS with its own TIMESTAMP (SinkBuilder). A row
  // whose column gives no valid time (NULL, unparsable, negative) is not written: it is counted
  // and logged (TIMESTAMP). A tombstone keeps its row's ROWTIME. REQUIRES: the layout has one.
  void StampWithTimestampColumn();
  // Encodes and writes every row of `batch`; tombstones (value NULL) for kDelete rows.
  // kUpdateBefore rows are skipped: a changelog topic holds only the new row of an update.
  void Write(const Batch& batch, JobMetrics& metrics);
  // Waits until every written record is delivered. Throws RiffleError(kConnector) on failure.
  void Flush() { sink_->Flush(); }
  // For a sink with nothing to write (RecordSink::Poll). Job thread only.
  void Poll() { sink_->Poll(); }
  // Whether the sink can reach what it writes to; a file always can. Thread-safe.
  ReachabilityStatus Reachability() const { return sink_->Reachability(); }

 private:
  SourceLayout layout_;
  std::string name_;
  std::unique_ptr<RecordSink> sink_;
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
  std::optional<TimestampExtractor> timestamp_;
};

// The sink a persistent query writing `target` uses, opened by its connector (the registry's
// open_sink): the Kafka topic through `producer`, or the file at target.topic (the resolved
// path, opened beneath its directory in `paths`; the whole row in the value). Throws
// RiffleError(kConnector) when the connector cannot be written to or the file cannot be opened.
// `schemas` (may be null) gives AVRO / PROTOBUF sinks their registered schema; it must outlive
// the sink.
std::unique_ptr<SinkWriter> MakeSinkWriter(const SourceInfo& target, kafka::KafkaProducer* producer,
                                           const std::string& job_id, ProcessingLog* log,
                                           const PathPolicy& paths,
                                           const SchemaRegistry* schemas = nullptr);

}  // namespace riffle
