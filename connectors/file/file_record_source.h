#pragma once
// RecordSource over a text file, one record per line (delimited files: quoted fields may span
// lines). Reads the file once, or with `follow` keeps tailing it like `tail -F`: new lines are
// read as they are appended, and a rotation (the path renamed away and recreated, or truncated)
// continues with the new file from its start. Positions are byte offsets (partition 0), so a
// checkpointed job resumes where it stopped. Not thread-safe: one thread polls.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connectors/file/byte_reader.h"
#include "connectors/source/record_source.h"

namespace riffle {

struct FileSourceOptions {
  std::string path = {};   // already resolved and allowed (see ResolveDataPath)
  bool csv = false;        // delimited: honour quoted fields spanning lines
  char delimiter = ',';
  bool header = false;     // the first line names the columns and is not a record
  bool follow = false;
  // Next byte to read (from a checkpoint); -1 for the start, or for the current end when
  // following with `from_beginning` false.
  int64_t start_offset = -1;
  bool from_beginning = true;
};

class FileRecordSource : public RecordSource {
 public:
  // Opens the file (a followed file that does not exist yet is waited for). Throws
  // RiffleError(kConnector) when it cannot be read, or is gzip-compressed and followed.
  explicit FileRecordSource(FileSourceOptions options);

  size_t Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) override;
  std::map<int32_t, int64_t> Positions() const override { return {{0, position()}}; }
  bool AtEnd() override;
  const std::string& name() const override { return options_.path; }

  // The header line's field names (HEADER=true), unquoted; empty otherwise.
  const std::vector<std::string>& header() const { return header_; }
  // How many times a followed file was rotated or truncated.
  int64_t rotations() const { return rotations_; }

 private:
  int64_t position() const { return buf_offset_ + static_cast<int64_t>(consumed_); }
  bool TryOpen(int64_t offset);
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
};

}  // namespace riffle
