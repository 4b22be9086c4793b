#pragma once
// The broker's on-disk log: topics, their partitions and the record batches producers sent.
//
// Layout under the data directory (created 0700; files 0600):
//   topics/<topic>/topic.json              name, 16-byte id (hex), partition count, config
//                                          overrides; replaced atomically (write + rename)
//   topics/<topic>/<partition>/<base>.log  append-only segments of record batches (magic 2),
//                                          stored byte for byte as sent except the base offset
//                                          (and, with LogAppendTime, the max timestamp), which
//                                          the broker assigns; compression passes through
//   topics/<topic>/<partition>/<base>.index   sparse (relative offset, position) entries
//   topics/<topic>/<partition>/<base>.timeindex sparse (max timestamp, relative offset) entries
//   producers.json                         the next producer id (idempotent producers)
// <base> is the segment's first offset, 20 digits, so names sort as offsets do.
//
// Durability: an append is acknowledged after write() returns (the bytes are in the kernel, so
// they survive kill -9 of this process); Flush() fsyncs (the server calls it on an interval and
// at shutdown). Open() recovers every partition: it checks the CRC32C of each batch after the
// last clean point of the active segment and truncates a torn or corrupt tail (counted in
// RecoveryReport). A clean shutdown (Close) lets the next Open skip that scan, so opening a large
// log costs about the same as an empty one.
//
// Idempotent producers: a batch with a producer id (>= 0) is checked against the last five
// batches of that producer on that partition (rebuilt from the active segment's batch headers
// when the partition gets its first such batch after Open, so Open does not read them): a
// duplicate is not appended again and is answered with its original base offset; a gap in
// sequence numbers is kOutOfOrderSequenceNumber.
//
// Retention: only when a topic's config sets retention.ms or retention.bytes (default -1: keep
// everything); whole closed segments are deleted and the log start offset moves up.
//
// Threading: not thread-safe. The broker calls everything from its event-loop thread; Open and
// Stats may also be called before that thread starts.
//
// Errors: Open throws RiffleError(kConnector) when the directory cannot be created or read. All
// other methods report problems as protocol error codes; a failed write (disk full, I/O error)
// returns kKafkaStorageError with a message and leaves the partition as it was before the call
// (the partial write is truncated away), so nothing acknowledged is ever lost or half-written.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/broker/log/file_span.h"
#include "connectors/broker/protocol.h"

namespace riffle::broker {

struct LogStoreOptions {
  int64_t segment_bytes = 128LL << 20;  // Roll to a new segment past this size.
  int32_t index_interval_bytes = 4096;  // An index entry at least every this many bytes.
  int32_t max_message_bytes = 64 << 20; // Largest batch accepted (topic config may lower it).
};

// A topic's configuration as Describe/AlterConfigs see it.
struct TopicConfigEntry {
  std::string name;
  std::string value;
  bool is_default = true;   // Not set on the topic: value is the broker default.
  bool sensitive = false;
};

struct TopicMetadata {
  std::string name;
  std::string id;  // 16 raw bytes (Kafka's topic UUID).
  int32_t partitions = 0;
  std::map<std::string, std::string> config;  // Overrides only.
};

struct RecoveryReport {
  int32_t topics = 0;
  int32_t partitions = 0;
  int64_t bytes = 0;             // Sum of segment sizes after recovery.
  int64_t records = 0;           // Sum over partitions of (log end - log start) offsets.
  int64_t truncated_bytes = 0;   // Torn or corrupt tails cut off.
  std::vector<std::string> notes;  // One line per truncation, naming the file.
};

struct AppendResult {
  ErrorCode error = ErrorCode::kNone;
  std::string error_message;  // Set with an error; safe to show a client.
  int64_t base_offset = -1;   // Offset given to the first record of the first batch.
  int64_t log_append_time = -1;  // Set when the topic uses LogAppendTime.
  int64_t log_start_offset = 0;
};

// The batches LogStore::ReadSpans hands out: spans of the store's files, or bytes copied (a
// store without files, or no descriptor to spare for a span). Never both.
struct ReadRecords {
  std::vector<FileSpan> spans;
  std::string bytes;

  int64_t size() const {
    int64_t n = static_cast<int64_t>(bytes.size());
    for (const FileSpan& s : spans) n += s.length;
    return n;
  }
  void Clear() {
    spans.clear();
    bytes.clear();
  }
};

struct ReadResult {
  ErrorCode error = ErrorCode::kNone;
  int64_t high_watermark = 0;  // Log end offset (one replica: everything is committed).
  int64_t log_start_offset = 0;
};

class LogStore {
 public:
  // Opens or creates the store in `dir` and recovers it. Throws RiffleError(kConnector).
  static std::unique_ptr<LogStore> Open(const std::string& dir, const LogStoreOptions& options,
                                        RecoveryReport* report);
  virtual ~LogStore() = default;

  // Fsyncs everything and marks the shutdown clean. Called once; the destructor calls it too.
  virtual void Close() = 0;
  // Fsyncs segments written since the last Flush.
  virtual void Flush() = 0;
  // Flush for another thread: hands over duplicated descriptors of the files written since the
  // last Flush (appended to *fds; the caller fsyncs and closes them), so that the thread serving
  // clients never waits for the disk. A store without files fsyncs here and hands none.
  virtual void TakeUnsynced(std::vector<int>* fds) { (void)fds; Flush(); }
  // An fsync of descriptors from TakeUnsynced failed: Close must not mark the shutdown clean.
  virtual void NoteSyncFailure() {}

  // --- topics -------------------------------------------------------------------------------
  // Names sorted.
  virtual std::vector<std::string> TopicNames() const = 0;
  // nullptr when absent. Valid until the next call that changes topics.
  virtual const TopicMetadata* FindTopic(std::string_view name) const = 0;
  virtual const TopicMetadata* FindTopicById(std::string_view id) const = 0;
  // kTopicAlreadyExists, kInvalidTopicException (name not [a-zA-Z0-9._-]{1,249}, "." or ".."),
  // kInvalidPartitions (< 1 or > 10000), kInvalidConfig (unknown key or bad value; message says
  // which). With validate_only nothing changes.
  virtual ErrorCode CreateTopic(const std::string& name, int32_t partitions,
                                const std::map<std::string, std::string>& config,
                                bool validate_only, std::string* message) = 0;
  // Removes the topic and its files. kUnknownTopicOrPartition when absent.
  virtual ErrorCode DeleteTopic(const std::string& name) = 0;
  // Grows the topic to `total` partitions. kInvalidPartitions when total <= current.
  virtual ErrorCode AddPartitions(const std::string& name, int32_t total, bool validate_only,
                                  std::string* message) = 0;
  // Replaces all overrides (AlterConfigs) or applies set/delete operations (Incremental, where
  // a nullopt value deletes the key). kInvalidConfig for an unknown key or bad value.
  virtual ErrorCode SetConfig(const std::string& name,
                              const std::map<std::string, std::optional<std::string>>& changes,
                              bool replace_all, bool validate_only, std::string* message) = 0;
  // Every known topic config with its effective value, sorted by name.
  virtual std::vector<TopicConfigEntry> DescribeConfig(const std::string& name) const = 0;

  // --- data ---------------------------------------------------------------------------------
  // Appends one or more record batches (magic 2) exactly as a producer sent them. Validates
  // every batch first (length, magic, CRC32C, record count, max size): a bad one rejects the
  // whole call (kCorruptMessage / kInvalidRecord / kMessageTooLarge /
  // kUnsupportedForMessageFormat for magic 0 or 1) and appends nothing.
  virtual AppendResult Append(std::string_view topic, int32_t partition, std::string_view batches,
                              int64_t now_ms) = 0;
  // Appends to `out` whole batches starting with the one that holds `offset`, up to `max_bytes`
  // in all but always at least one batch when any exists at or after `offset` (so a batch
  // larger than max_bytes still makes progress). kOffsetOutOfRange when offset is below the log
  // start or above the log end; offset == log end appends nothing.
  virtual ReadResult Read(std::string_view topic, int32_t partition, int64_t offset,
                          int32_t max_bytes, std::string* out) = 0;
  // Read for sending: the same batches, as spans of the store's files when it has them (the
  // server sends those with sendfile(2), without copying them through memory). *records must
  // be empty; it stays empty on an error. This default copies.
  virtual ReadResult ReadSpans(std::string_view topic, int32_t partition, int64_t offset,
                               int32_t max_bytes, ReadRecords* records) {
    return Read(topic, partition, offset, max_bytes, &records->bytes);
  }
  // Log start and end offsets. kUnknownTopicOrPartition when absent.
  virtual ErrorCode Offsets(std::string_view topic, int32_t partition, int64_t* log_start,
                            int64_t* log_end) const = 0;
  // The first offset whose record timestamp is >= timestamp_ms and that record's timestamp;
  // offset -1 (timestamp -1) when none is. timestamp_ms == -3 asks for the record with the
  // largest timestamp (ListOffsets v7).
  virtual ErrorCode OffsetForTimestamp(std::string_view topic, int32_t partition,
                                       int64_t timestamp_ms, int64_t* offset,
                                       int64_t* timestamp) = 0;
  // Moves the log start offset up to `offset` (-1: the log end), deleting whole segments below
  // it (DeleteRecords). kOffsetOutOfRange when offset > log end.
  virtual ErrorCode DeleteRecordsBefore(std::string_view topic, int32_t partition, int64_t offset,
                                        int64_t* new_log_start) = 0;
  // Applies retention.ms / retention.bytes where a topic sets them. Returns segments deleted.
  virtual int EnforceRetention(int64_t now_ms) = 0;

  // A new producer id for InitProducerId, never handed out before by this store; -1 when the
  // reservation cannot be made durable (a write error).
  virtual int64_t NextProducerId() = 0;

  // Totals as RecoveryReport reports them, now.
  virtual RecoveryReport Stats() const = 0;
};

// Bytes in the segments (<base>.log files) of `topic`'s `partition` under the data directory
// `dir`, read from the file system: any process may ask while the owner writes (the figure is
// then a moment's). nullopt when there is no such partition directory or `topic` is not a
// legal topic name (so no path outside `dir` is ever looked at).
std::optional<int64_t> PartitionSegmentBytes(const std::string& dir, const std::string& topic,
                                             int32_t partition);

}  // namespace riffle::broker
