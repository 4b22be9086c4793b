#pragma once
// A source of raw records (key/value bytes, timestamp, partition, offset) that SourceScan decodes
// into batches. Kafka topics, files and generators implement it, so every connector shares one
// decode path. One virtual call per batch, never per record.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace riffle {

// A borrowed record. The views stay valid until the next Poll of the source that produced it.
struct RawRecord {
  std::string_view key;
  std::string_view value;
  bool key_null = true;
  bool value_null = false;
  int64_t timestamp = -1;  // milliseconds since the epoch; -1 when the record has none
  int32_t partition = 0;
  int64_t offset = 0;
};

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Clears `out`, then fills it with up to `max_records` records, waiting at most `timeout_ms`
  // for the first. Returns out.size(). Views in `out` are valid until the next Poll.
  virtual size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) = 0;
  // Next position to read per partition (what a checkpoint stores).
  virtual std::map<int32_t, int64_t> Positions() const = 0;
  // True when everything that exists now has been read (bounded reads stop here).
  virtual bool AtEnd() = 0;
  // The name positions are stored under in checkpoints and the processing log: the Kafka topic,
  // the file path, or "datagen:<generator>".
  virtual const std::string& name() const = 0;
};

}  // namespace riffle
