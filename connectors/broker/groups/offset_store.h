#pragma once
// Durable committed offsets of consumer groups: an append-only file of framed, checksummed
// records, replayed into memory on Open.
//
// File: <dir>/offsets.log (0600; dir 0700). Each record is
//   u32 payload length | u32 CRC-32 (IEEE) of the payload | payload
// and a payload is one of
//   kCommit:       group, topic, partition, offset, leader epoch, metadata (nullable),
//                  commit time
//   kDeleteOffset: group, topic, partition
//   kDeleteGroup:  group (all of its offsets and its protocol type)
//   kGroupType:    group, protocol type (so an Empty group still lists as "consumer")
// with strings as u16 length + bytes and integers big-endian.
//
// Durability: Append* returns after write() returned, so an acknowledged commit survives kill -9
// of this process; Flush() fsyncs (the server calls it on an interval and at shutdown). A failed
// write is cut back off the file (ftruncate) so no half record stays behind; the caller answers
// the client with an error and nothing in memory changed.
//
// Recovery: Open replays records until the first one that is short or fails its CRC: that torn
// tail (a crash mid-write) is truncated and reported. When the file holds many more records than
// live entries (commits overwrite each other), Open rewrites it with only the live set (write a
// temporary file, fsync, rename over, fsync the directory), so an old file never grows without
// bound across restarts.
//
// Threading: not thread-safe; the broker's event-loop thread owns it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riffle::broker {

struct CommittedOffset {
  int64_t offset = -1;
  int32_t leader_epoch = -1;
  std::optional<std::string> metadata;
  int64_t commit_time_ms = -1;
};

using TopicPartitionKey = std::pair<std::string, int32_t>;

// What one group has stored: its offsets by (topic, partition), sorted.
struct StoredGroup {
  std::string protocol_type;
  std::map<TopicPartitionKey, CommittedOffset> offsets;
};

// What Open found and did, for the server's startup log.
struct RecoveryNotes {
  int64_t records = 0;          // Records replayed.
  int64_t groups = 0;           // Groups with stored state after replay.
  int64_t offsets = 0;          // Live committed offsets after replay.
  int64_t truncated_bytes = 0;  // Torn or corrupt tail cut off.
  bool compacted = false;       // The file was rewritten with only the live set.
  std::vector<std::string> notes;
};

class OffsetStore {
  // Only Open constructs: the constructor takes this private key.
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens or creates <dir>/offsets.log and replays it. Throws RiffleError(kConnector) when the
  // directory or file cannot be created, read or repaired.
  static std::unique_ptr<OffsetStore> Open(const std::string& dir, RecoveryNotes* notes);
  ~OffsetStore();
  OffsetStore(Key, std::string dir, int fd) : dir_(std::move(dir)), fd_(fd) {}
  OffsetStore(const OffsetStore&) = delete;
  OffsetStore& operator=(const OffsetStore&) = delete;

  // Durably records the commits (one write for all) then applies them in memory. Returns false
  // (and changes nothing) when the write failed; `error` then says why.
  bool AppendCommits(const std::string& group,
                     const std::vector<std::pair<TopicPartitionKey, CommittedOffset>>& commits,
                     std::string* error);
  bool AppendDeleteOffsets(const std::string& group, const std::vector<TopicPartitionKey>& keys,
                           std::string* error);
  bool AppendDeleteGroup(const std::string& group, std::string* error);
  bool AppendGroupType(const std::string& group, const std::string& protocol_type,
                       std::string* error);

  // nullptr when nothing is stored for the group.
  const StoredGroup* Find(const std::string& group) const;
  const std::map<std::string, StoredGroup>& groups() const { return groups_; }

  void Flush();
  // Fsyncs and closes the file; later appends fail. Idempotent.
  void Close();

 private:
  bool AppendPayloads(const std::vector<std::string>& payloads, std::string* error);
  // Applies one payload to groups_; false when it does not parse.
  bool Apply(std::string_view payload);
  int64_t LiveEntries() const;

  std::string dir_;
  int fd_ = -1;
  bool dirty_ = false;
  std::map<std::string, StoredGroup> groups_;
};

}  // namespace riffle::broker
