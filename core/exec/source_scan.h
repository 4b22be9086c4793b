#pragma once
// Reads a source a batch at a time: polls its RecordSource (a Kafka topic, a file, a generator)
// without copying record bytes and decodes keys and values straight into the batch's columns.
// Records that fail to decode are counted and reported to the processing log, never dropped
// silently and never fatal.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog_types.h"
#include "connectors/connector/connector_registry.h"
#include "connectors/file/path_policy.h"
#include "connectors/source/record_source.h"
#include "core/exec/job_metrics.h"
#include "core/exec/processing_log.h"
#include "core/exec/record_decoder.h"
#include "core/exec/source_layout.h"
#include "core/types/batch.h"

namespace riffle {

class SourceScan {
 public:
  // REQUIRES: source != nullptr.
  SourceScan(const SourceLayout& layout, std::unique_ptr<RecordSource> source, std::string job_id,
             ProcessingLog* log);

  // Polls up to `max_records` and decodes them into `out` (reset first), waiting at most
  // `timeout_ms` for the first. Returns the number of records consumed, bad ones included.
  // Records the source could not deliver (a file line over MAX_RECORD_BYTES) count as read and
  // bad, and are written to the processing log.
  // Offsets the source skipped (a position below a partition's start or beyond its end) are
  // added to metrics.skipped_offsets, written to the processing log (one entry per skip) and
  // passed to the skip handler.
  size_t Next(Batch& out, size_t max_records, int timeout_ms, JobMetrics& metrics);

  // Called on the job thread for each skip, after it is counted and logged.
  using SkipHandler = std::function<void(const std::string& source, const SourceSkip& skip)>;
  void set_skip_handler(SkipHandler handler) { on_skip_ = std::move(handler); }

  // Next position to read per partition (Kafka offsets; byte offsets for files).
  std::map<int32_t, int64_t> Positions() const { return source_->Positions(); }
  bool AtEnd() { return source_->AtEnd(); }
  // The name checkpoints store positions under: topic, file path or "datagen:<generator>".
  const std::string& topic() const { return source_->name(); }
  // Whether the source can reach its cluster (RecordSource::Reachability). Thread-safe.
  ReachabilityStatus Reachability() const { return source_->Reachability(); }

 private:
  size_t num_columns_;
  std::unique_ptr<RecordSource> source_;
  std::vector<RawRecord> records_;
  RecordDecoder decoder_;
  std::string job_id_;
  ProcessingLog* log_;
  SkipHandler on_skip_;
};

// Where a scan starts and what it may touch: what its connector reads with.
using ScanOptions = ReadOptions;

// Opens the source `info` describes through the connector its CONNECTOR property names
// (connector_registry.h; 'kafka' when absent). Throws RiffleError(kConnector) when it cannot be
// opened (missing topic or file, a path outside the allowed directories, an unknown generator).
std::unique_ptr<SourceScan> OpenSourceScan(const SourceInfo& info, const SourceLayout& layout,
                                           const ScanOptions& options, std::string job_id,
                                           ProcessingLog* log);

// The layout of a file or generated source: every column, key columns included, is read from
// the record's value, in schema order (such records have no separate key).
SourceLayout WholeRowLayout(const SourceLayout& layout);

// The connector a source uses (ConnectorOf its properties). Throws RiffleError(kConnector) for a
// CONNECTOR no connector is registered under.
const Connector& SourceConnector(const SourceInfo& info);

}  // namespace riffle
