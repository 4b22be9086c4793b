#pragma once
// One segment of a partition's log: <base>.log holding whole record batches back to back, with a
// sparse offset index (<base>.index: relative offset int32, position int32, big-endian) and a
// time index (<base>.timeindex: timestamp int64, relative offset int32). Both indexes have an
// entry for the first batch and then one at least every index.interval.bytes, at the same
// batches. A time index entry holds the largest timestamp of the batches *before* its batch
// (-1 for the first), so every batch before the entry is known to be older than it: a search
// for timestamp t starts at the last entry whose timestamp is < t.
//
// The indexes are also kept in memory (a 128 MiB segment has a few thousand entries), so lookups
// never read the index files; the files only spare a rebuild when the log is opened again.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connectors/broker/log/file_span.h"
#include "connectors/broker/log/file_util.h"
#include "connectors/broker/log/record_batch.h"

namespace riffle::broker {

class Segment {
 public:
  struct IndexEntry {
    int32_t relative_offset = 0;
    int32_t position = 0;
    int64_t max_timestamp_before = -1;
  };

  // "<dir>/<base, 20 digits>" without the extension.
  static std::string PathStem(const std::string& dir, int64_t base_offset);

  // Creates an empty segment (its three files) at `base_offset`. nullptr and *error on failure.
  static std::unique_ptr<Segment> Create(const std::string& dir, int64_t base_offset,
                                         std::string* error);
  // Opens an existing segment's files (creating missing index files) without reading them;
  // follow with LoadTrusted or Recover.
  static std::unique_ptr<Segment> OpenFiles(const std::string& dir, int64_t base_offset,
                                            std::string* error);

  // For a segment written completely before (an older segment, or the active one after a
  // clean shutdown): loads the index files, checks they are consistent with the log, and walks
  // batch headers from the last entry to the end of the file. False (and *problem) when
  // anything does not add up; the caller then runs Recover.
  bool LoadTrusted(std::string* problem);

  // Checks the CRC of every batch from the start, truncates the file at the first batch that is
  // torn, corrupt or out of order, and rewrites both index files. Calls on_batch for each good
  // batch in order. Returns the number of bytes cut off (0 when the file was whole); -1 and
  // *error when the file cannot be read or truncated. *reason says why a tail was cut.
  int64_t Recover(int64_t index_interval_bytes,
                  const std::function<void(const BatchHeader&)>& on_batch, std::string* reason,
                  std::string* error);

  // Appends `bytes` (gathered in order from its pieces), whole batches whose headers (offsets
  // already assigned) are `headers`, with one gathering write. On failure the file is
  // truncated back, nothing changes and *error is set.
  bool Append(const std::vector<iovec>& bytes, const std::vector<BatchHeader>& headers,
              int64_t index_interval_bytes, std::string* error);

  // Position of the batch holding `offset`, or of the first batch after it when `offset` falls
  // in a gap; -1 when no batch at or after `offset` is in this segment.
  int64_t FindPosition(int64_t offset);

  // Length of the whole batches starting at `position` (a batch start) that fit in max_bytes,
  // but at least the first one when at_least_one. Found from the index and the batch headers
  // near the limit, without reading the records; -1 on a read error.
  int64_t WholeBatchBytes(int64_t position, int64_t max_bytes, bool at_least_one);
  // Appends the `length` bytes at `position` to *out. False on a read error.
  bool CopyRange(int64_t position, int64_t length, std::string* out);
  // The `length` bytes at `position` as a span of the log file (file_span.h). An invalid fd
  // (errno set) when the descriptor cannot be duplicated.
  FileSpan Span(int64_t position, int64_t length) const;

  // Calls fn(header, position) for each batch header from `position` on until fn returns false.
  // False on a read error or a malformed header. Reads the file `chunk` bytes at a time.
  bool ScanHeaders(int64_t position, const std::function<bool(const BatchHeader&, int64_t)>& fn,
                   size_t chunk = 16 << 10);

  // Reads the whole batch at `position` (size from its header) into *out.
  bool ReadBatch(int64_t position, int64_t size, std::string* out);

  // The first batch that could hold a record with timestamp >= t: the position to start a scan.
  int64_t TimeSearchStart(int64_t timestamp_ms) const;

  // fsyncs the log and both indexes when written since the last Flush. False on failure.
  bool Flush();
  // Like Flush, but leaves the fsyncs to the caller: appends duplicates of the three files'
  // descriptors (the caller fsyncs and closes them, on any thread) when written since the last
  // Flush. False when a descriptor could not be duplicated (then it fsyncs here instead).
  bool TakeUnsynced(std::vector<int>* fds);
  void RemoveFiles();  // Closes and unlinks the three files.

  int64_t base_offset() const { return base_offset_; }
  int64_t next_offset() const { return next_offset_; }  // One past the last offset here.
  int64_t size() const { return size_; }
  int64_t max_timestamp() const { return max_timestamp_; }  // -1 when empty.
  bool empty() const { return size_ == 0; }
  const std::string& log_path() const { return log_path_; }

 private:
  // Only Create and OpenFiles make segments (std::make_unique needs a public constructor).
  class Key {
    friend class Segment;
    Key() = default;
  };

 public:
  Segment(Key key, std::string stem, int64_t base_offset);

 private:
  bool RewriteIndexes(std::string* error);
  bool WantIndexEntry(int64_t position, int64_t interval) const {
    return index_.empty() || position - index_.back().position >= interval;
  }

  std::string stem_;
  std::string log_path_;
  int64_t base_offset_;
  int64_t next_offset_;
  int64_t size_ = 0;
  int64_t max_timestamp_ = -1;
  UniqueFd log_fd_;
  UniqueFd index_fd_;
  UniqueFd time_index_fd_;
  std::vector<IndexEntry> index_;
  bool dirty_ = false;  // Written since the last Flush.
};

}  // namespace riffle::broker
