#pragma once
// Where a sink's encoded records go when they do not go to a Kafka topic (e.g. a file).

#include <cstdint>
#include <optional>
#include <string_view>

namespace riffle {

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  // Writes one encoded record (nullopt: a null key or a tombstone). Returns false, setting
  // `error`, when it cannot be written.
  virtual bool Write(std::optional<std::string_view> key, std::optional<std::string_view> value,
                     int64_t timestamp, std::string& error) = 0;
  // Makes everything written durable enough to checkpoint past it. Throws
  // RiffleError(kConnector) on failure.
  virtual void Flush() = 0;
};

}  // namespace riffle
