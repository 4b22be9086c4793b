#include "core/exec/source_scan.h"

#include <algorithm>

#include "connectors/source/connector_properties.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

SourceScan::SourceScan(const SourceLayout& layout, std::unique_ptr<RecordSource> source,
                       std::string job_id, ProcessingLog* log)
    : num_columns_(layout.batch_width()),
      source_(std::move(source)),
      decoder_(layout),
      job_id_(std::move(job_id)),
      log_(log) {}

size_t SourceScan::Next(Batch& out, size_t max_records, int timeout_ms, JobMetrics& metrics) {
  out.Reset(num_columns_);
  size_t n = source_->Poll(records_, max_records, timeout_ms);
  for (const SourceSkip& skip : source_->TakeSkips()) {
    metrics.skipped_offsets.fetch_add(skip.count, std::memory_order_relaxed);
    if (log_ != nullptr) {
      log_->Add(ProcessingErrorType::kSkippedOffsets, job_id_, source_->name(), skip.partition,
                skip.from, "skipped " + skip.message);
    }
    if (on_skip_) on_skip_(source_->name(), skip);
  }
  for (SourceBadRecord& bad : source_->TakeBadRecords()) {
    metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
    metrics.records_in.fetch_add(1, std::memory_order_relaxed);
    if (log_ != nullptr) {
      log_->Add(ProcessingErrorType::kDeserialization, job_id_, source_->name(), bad.partition,
                bad.offset, bad.message);
    }
  }
  std::string error;
  out.Reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const RawRecord& r = records_[i];
    if (!decoder_.Append(r.key, r.key_null, r.value, r.value_null, r.timestamp, r.partition,
                         r.offset, out, error, r.value_readable_after)) {
      metrics.bad_records.fetch_add(1, std::memory_order_relaxed);
      if (log_ != nullptr) {
        ProcessingLogEntry entry;
        entry.type = decoder_.timestamp_failed() ? ProcessingErrorType::kTimestamp
                                                 : ProcessingErrorType::kDeserialization;
        entry.job_id = job_id_;
        entry.topic = source_->name();
        entry.partition = r.partition;
        entry.offset = r.offset;
        entry.message = error;
        // The value, or the key when there is no value to blame.
        entry.record = ShowRecord(!r.value_null ? std::string_view(r.value)
                                  : !r.key_null ? std::string_view(r.key)
                                                : std::string_view());
        log_->Add(std::move(entry));
      }
    }
  }
  metrics.records_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  return n;
}

const Connector& SourceConnector(const SourceInfo& info) { return ConnectorOf(info.properties); }

SourceLayout WholeRowLayout(const SourceLayout& layout) {
  SourceLayout whole = layout;
  for (const auto& f : layout.key_fields) whole.value_fields.push_back(f);
  whole.key_fields.clear();
  std::sort(whole.value_fields.begin(), whole.value_fields.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  return whole;
}

namespace {

// A delimited file's header may list the columns in another order: bind fields to match it.
void BindHeader(SourceLayout& layout, const std::vector<std::string>& header,
                const std::string& path) {
  if (header.empty()) return;
  if (header.size() != layout.value_fields.size()) {
    throw RiffleError(ErrorKind::kConnector,
                      "the header of '" + path + "' names " + std::to_string(header.size()) +
                          " column(s), the stream has " +
                          std::to_string(layout.value_fields.size()));
  }
  std::vector<formats::FieldBinding> ordered;
  for (const auto& name : header) {
    auto it = std::find_if(layout.value_fields.begin(), layout.value_fields.end(),
                           [&](const auto& f) { return AsciiUpper(f.name) == AsciiUpper(name); });
    if (it == layout.value_fields.end()) {
      throw RiffleError(ErrorKind::kConnector, "the header of '" + path + "' names column '" +
                                                   name + "', which the stream does not have");
    }
    ordered.push_back(*it);
  }
  layout.value_fields = std::move(ordered);
}

}  // namespace

std::unique_ptr<SourceScan> OpenSourceScan(const SourceInfo& info, const SourceLayout& layout,
                                           const ScanOptions& options, std::string job_id,
                                           ProcessingLog* log) {
  const Connector* connector = FindConnector(ConnectorName(info.properties));
  if (connector == nullptr) {
    throw RiffleError(ErrorKind::kConnector,
                      "unknown CONNECTOR '" + ConnectorName(info.properties) + "' for " + info.name,
                      SourcePos{}, "use " + ConnectorNameList());
  }
  // Records without a key of their own carry the whole row in the value.
  SourceLayout scan_layout = connector->kafka_topic ? layout : WholeRowLayout(layout);
  std::unique_ptr<RecordSource> source = connector->open_source(
      {info.name, info.topic, info.properties, options,
       scan_layout.value_format.name == "DELIMITED", scan_layout.value_format.delimiter});
  BindHeader(scan_layout, source->FieldNames(), source->name());
  return std::make_unique<SourceScan>(scan_layout, std::move(source), std::move(job_id), log);
}

}  // namespace riffle
