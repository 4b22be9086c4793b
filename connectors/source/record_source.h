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

#include "core/common/reachability.h"

namespace riffle {

// A borrowed record. The views stay valid until the next Poll of the source that produced it.
struct RawRecord {
  std::string_view key;
  std::string_view value;
  // Bytes after `value` that may be read (the rest of the source's buffer, not part of the
  // record): a decoder can then parse in place instead of copying into a padded buffer.
  size_t value_readable_after = 0;
  bool key_null = true;
  bool value_null = false;
  int64_t timestamp = -1;  // milliseconds since the epoch; -1 when the record has none
  int32_t partition = 0;
  int64_t offset = 0;
};

// Offsets a source skipped because its position fell out of a partition's range: below its log
// start (records deleted before they were read) or beyond its end (the topic truncated or
// re-created). Reading continues at `to`.
struct SourceSkip {
  int32_t partition = 0;
  int64_t from = 0;
  int64_t to = 0;
  int64_t count = 0;
  // "500 offsets of orders[0] (log start moved from 10 to 510): records deleted (retention or
  // DeleteRecords) before they were read".
  std::string message;
};

// A record a source read but could not deliver (a file's line longer than its MAX_RECORD_BYTES):
// counted and logged as a bad record, like one that does not decode.
struct SourceBadRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string message;
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
  // The skips since the last call, oldest first (see SourceSkip); none for files and generators.
  virtual std::vector<SourceSkip> TakeSkips() { return {}; }
  // The records since the last call that could not be delivered (see SourceBadRecord), oldest
  // first; none for Kafka topics and generators.
  virtual std::vector<SourceBadRecord> TakeBadRecords() { return {}; }
  // Whether the source can reach what it reads: a Kafka topic whose brokers are all down says
  // since when and why (see core/common/reachability.h); the outage ends at the next exchange
  // that succeeds, which Poll seeks while it lasts. Files and generators are always reachable.
  // Thread-safe, unlike the rest: SHOW and the job supervisor ask while the job polls.
  virtual ReachabilityStatus Reachability() const { return {}; }
  // The names of the value's fields in the order records hold them, when the source says (a
  // delimited file WITH HEADER=true: its header line); empty otherwise. Valid after the
  // constructor.
  virtual std::vector<std::string> FieldNames() const { return {}; }
};

}  // namespace riffle
