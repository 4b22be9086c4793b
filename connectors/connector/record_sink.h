#pragma once
// Where a sink's encoded records go: a Kafka topic, a file. The counterpart of RecordSource
// (connectors/source/record_source.h); the job's sink (core/exec/sink_writer.h) encodes rows
// and writes them here, whichever connector the registry (connector_registry.h) opened.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/reachability.h"

namespace riffle {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // Writes one encoded record (nullopt: a null key, or a tombstone). `key_window_bytes` (0, 8
  // or 16) says the key ends with that many bytes of window: the record's partition comes from
  // the key without them, so every window of a key lands in one partition (Kafka Streams'
  // WindowedStreamPartitioner). `timestamp` is the record's event time in ms. Returns false,
  // setting `error`, when this record cannot be written (the sink goes on with the next).
  virtual bool Write(std::optional<std::string_view> key, std::optional<std::string_view> value,
                     int64_t timestamp, uint8_t key_window_bytes, std::string& error) = 0;
  // Makes everything written durable enough to checkpoint past it. Throws
  // RiffleError(kConnector) on failure.
  virtual void Flush() = 0;
  // For a sink with nothing to write: lets it hear of errors and, while what it writes to is
  // unreachable, of its recovery. Job thread only.
  virtual void Poll() {}
  // Whether the sink can reach what it writes to (a file always can). Thread-safe.
  virtual ReachabilityStatus Reachability() const { return {}; }
};

}  // namespace riffle
