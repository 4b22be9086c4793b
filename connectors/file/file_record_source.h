#pragma once
// RecordSource over a text file, one record per line (delimited files: quoted fields may span
// lines). Reads the file once, or with `follow` keeps tailing it like `tail -F`: new lines are
// read as they are appended, and a rotation (the path renamed away and recreated, or truncated)
// continues with the new file from its start. Positions are byte offsets (partition 0), so a
// checkpointed job resumes where it stopped. The file is opened through OpenDataFile at every
// (re)open: beneath its allowed directory, regular files only. A record longer than
// `max_record_bytes` is a bad record (TakeBadRecords): it is skipped up to the next newline
// without being buffered whole. Not thread-safe: one thread polls.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/file/byte_reader.h"
#include "connectors/file/path_policy.h"
#include "connectors/source/record_source.h"

namespace riffle {

// MAX_RECORD_BYTES' default: a line longer than this is a bad record.
constexpr int64_t kDefaultMaxRecordBytes = int64_t{64} << 20;

struct FileSourceOptions {
  std::string path = {};   // already resolved and allowed (see ResolveDataPath)
  PathPolicy paths = {};   // the directories `path` must be opened beneath
  bool csv = false;        // delimited: honour quoted fields spanning lines
  char delimiter = ',';
  bool header = false;     // the first line names the columns and is not a record
  bool follow = false;
  // Next byte to read (from a checkpoint); -1 for the start, or for the current end when
  // following with `from_beginning` false.
  int64_t start_offset = -1;
  bool from_beginning = true;
  int64_t max_record_bytes = kDefaultMaxRecordBytes;  // longer records are bad (MAX_RECORD_BYTES)
};

class FileRecordSource : public RecordSource {
 public:
  // Opens the file (a followed file that does not exist yet is waited for). Throws
  // RiffleError(kConnector) when it cannot be read (see OpenDataFile: outside its directory, a
  // FIFO or a device), or is gzip-compressed and followed. Poll throws the same errors when the
  // file is reopened after a rotation.
  explicit FileRecordSource(FileSourceOptions options);

  size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) override;
  // While an overlong record is being skipped, its start: a checkpoint never lands inside it.
  std::map<int32_t, int64_t> Positions() const override {
    return {{0, skipping_ ? skip_from_ : position()}};
  }
  bool AtEnd() override;
  const std::string& name() const override { return options_.path; }
  std::vector<SourceBadRecord> TakeBadRecords() override { return std::exchange(bad_, {}); }
  std::vector<std::string> FieldNames() const override { return header_; }

  // The header line's field names (HEADER=true), unquoted; empty otherwise.
  const std::vector<std::string>& header() const { return header_; }
  // How many times a followed file was rotated or truncated.
  int64_t rotations() const { return rotations_; }

 private:
  int64_t position() const { return buf_offset_ + static_cast<int64_t>(consumed_); }
  bool TryOpen(int64_t offset);
  // Opens the file from `offset`; null when it does not exist.
  std::unique_ptr<ByteReader> OpenReader(int64_t offset) const;
  // Reports the record at buf_[pos...] as too long and starts skipping it.
  void StartSkipping(size_t pos);
  // Skipping an overlong record: drops buffered bytes through the next newline (or all of
  // them); it ends at that newline, or at the end of the file when `final`.
  void ContinueSkipping(bool final);
  // Reads until ~1 MiB is buffered past consumed_ or the file ends; true when it ended.
  bool Fill();
  // Following: true when the path now names another file, or the file shrank.
  bool Rotated() const;
  void ReadHeader();
  // With HEADER=true, reads the header and moves past it when positioned before its end.
  void SkipHeader();

  FileSourceOptions options_;
  std::unique_ptr<ByteReader> reader_;
  std::string buf_;
  int64_t buf_offset_ = 0;  // file offset of buf_[0]
  size_t consumed_ = 0;     // bytes of buf_ already returned as records
  size_t want_ = 1 << 20;   // bytes Fill() buffers past consumed_
  bool at_eof_ = false;
  bool draining_ = false;   // the followed file was rotated: finish its last line, then switch
  int64_t header_end_ = 0;
  std::vector<std::string> header_;
  int64_t rotations_ = 0;
  bool skipping_ = false;   // dropping the rest of an overlong record
  int64_t skip_from_ = 0;   // where that record starts
  std::vector<SourceBadRecord> bad_;
};

}  // namespace riffle
