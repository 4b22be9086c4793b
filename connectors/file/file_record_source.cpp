#include "connectors/file/file_record_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <thread>

#include "connectors/file/data_file.h"
#include "connectors/file/record_splitter.h"
#include "core/common/error.h"

namespace riffle {

namespace {

// Bytes read ahead at a time. About what one Poll of 2,000 typical lines consumes, so that Poll
// takes nearly all of it and the bytes not yet read that it moves to the buffer's front (an
// erase) stay few: with 1 MiB, each Poll moved ~0.6 MiB, ~6% of a JSON GROUP BY's CPU.
constexpr size_t kChunk = 1 << 18;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Splits a header line on `delimiter`, removing the quotes of quoted names.
std::vector<std::string> SplitHeader(std::string_view line, char delimiter) {
  std::vector<std::string> names(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        names.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        names.back() += c;
      }
    } else if (c == '"' && names.back().empty()) {
      quoted = true;
    } else if (c == delimiter) {
      names.emplace_back();
    } else {
      names.back() += c;
    }
  }
  for (auto& n : names) {
    while (!n.empty() && (n.back() == ' ' || n.back() == '\t')) n.pop_back();
    size_t start = n.find_first_not_of(" \t");
    n = start == std::string::npos ? "" : n.substr(start);
  }
  return names;
}

}  // namespace

FileRecordSource::FileRecordSource(FileSourceOptions options) : options_(std::move(options)) {
  int64_t start = options_.start_offset;
  if (start < 0 && options_.follow && !options_.from_beginning) {
    struct stat st {};
    start = StatDataFile(options_.path, options_.paths, &st) ? st.st_size : 0;
  }
  if (!TryOpen(std::max<int64_t>(start, 0))) {
    if (!options_.follow) {
      throw RiffleError(ErrorKind::kConnector,
                        "cannot read file '" + options_.path + "': it does not exist", {},
                        "check PATH, or set FOLLOW=true to wait for it");
    }
    return;
  }
  if (reader_->gzip() && options_.follow) {
    throw RiffleError(ErrorKind::kConnector, "cannot follow the gzip-compressed file '" +
                                                 options_.path + "'",
                      {}, "remove FOLLOW=true to read it once");
  }
  SkipHeader();
}

void FileRecordSource::SkipHeader() {
  if (!options_.header || reader_ == nullptr) return;
  ReadHeader();
  if (position() < header_end_) TryOpen(header_end_);
}

std::unique_ptr<ByteReader> FileRecordSource::OpenReader(int64_t offset) const {
  FileDescriptor fd = OpenDataFile(options_.path, options_.paths, DataFileAccess::kRead);
  if (!fd.valid()) return nullptr;
  return std::make_unique<ByteReader>(options_.path, std::move(fd), offset);
}

bool FileRecordSource::TryOpen(int64_t offset) {
  std::unique_ptr<ByteReader> reader = OpenReader(offset);
  if (reader == nullptr) return false;
  reader_ = std::move(reader);
  buf_.clear();
  consumed_ = 0;
  buf_offset_ = reader_->offset();
  at_eof_ = false;
  skipping_ = false;
  return true;
}

void FileRecordSource::ReadHeader() {
  std::unique_ptr<ByteReader> reader = OpenReader(0);
  if (reader == nullptr) return;
  ByteReader& header_reader = *reader;
  std::string bytes;
  while (true) {
    size_t old = bytes.size();
    bytes.resize(old + 65536);
    size_t got = header_reader.Read(bytes.data() + old, 65536);
    bytes.resize(old + got);
    SplitResult s = SplitRecord(bytes, options_.csv, options_.delimiter, got == 0);
    if (s.complete) {
      if (s.next > 0) header_ = SplitHeader(std::string_view(bytes).substr(0, s.record_end),
                                            options_.delimiter);
      header_end_ = static_cast<int64_t>(s.next);
      return;
    }
    if (got == 0 || static_cast<int64_t>(bytes.size()) > options_.max_record_bytes) return;
  }
}

bool FileRecordSource::Fill() {
  if (reader_ == nullptr) return true;
  while (buf_.size() - consumed_ < want_) {
    size_t old = buf_.size();
    buf_.resize(old + kChunk);
    size_t got = reader_->Read(buf_.data() + old, kChunk);
    buf_.resize(old + got);
    if (got == 0) return at_eof_ = true;
  }
  return at_eof_ = false;
}

bool FileRecordSource::Rotated() const {
  struct stat st {};
  // False: renamed, not yet recreated.
  if (!StatDataFile(options_.path, options_.paths, &st)) return false;
  if (st.st_dev != reader_->device() || st.st_ino != reader_->inode()) return true;
  return st.st_size < reader_->offset();
}

size_t FileRecordSource::Poll(std::vector<RawRecord>& out, size_t max_records, int timeout_ms) {
  out.clear();
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(timeout_ms, 0));
  while (true) {
    // Views handed out by the previous Poll are dead now: drop what they covered.
    buf_offset_ += static_cast<int64_t>(consumed_);
    buf_.erase(0, consumed_);
    consumed_ = 0;
    if (reader_ == nullptr && options_.follow && TryOpen(0)) SkipHeader();
    bool eof = Fill();
    bool final = eof && (!options_.follow || draining_);
    if (skipping_) ContinueSkipping(final);
    const int64_t now = NowMs();
    size_t pos = 0;
    bool incomplete = false;  // the loop stopped at a record that runs past the buffer
    std::string_view bytes(buf_);
    while (out.size() < max_records && pos < bytes.size()) {
      SplitResult s = SplitRecord(bytes.substr(pos), options_.csv, options_.delimiter, final);
      if (!s.complete) {
        incomplete = true;
        break;
      }
      std::string_view line = bytes.substr(pos, s.record_end);
      if (static_cast<int64_t>(line.size()) > options_.max_record_bytes) {
        bad_.push_back({0, buf_offset_ + static_cast<int64_t>(pos),
                        "record of " + std::to_string(line.size()) +
                            " bytes is longer than MAX_RECORD_BYTES (" +
                            std::to_string(options_.max_record_bytes) + "); skipped"});
      } else if (line.find_first_not_of(" \t") != std::string_view::npos) {
        RawRecord& r = out.emplace_back();
        r.value = line;
        r.value_readable_after = bytes.size() - pos - line.size();
        r.value_null = false;
        r.key_null = true;
        r.timestamp = now;
        r.partition = 0;
        r.offset = buf_offset_ + static_cast<int64_t>(pos);
      }
      pos += s.next;
    }
    consumed_ = pos;
    if (!out.empty()) {
      want_ = kChunk;
      return out.size();
    }
    if (incomplete && static_cast<int64_t>(buf_.size() - pos) > options_.max_record_bytes) {
      StartSkipping(pos);
      continue;
    }
    if (pos > 0) continue;  // only blank lines or overlong records so far
    if (!eof) {
      // A record longer than what is buffered: read more, doubling (so that scanning it again
      // costs linear time) up to one byte past the limit, which tells that it is too long.
      want_ = std::min<size_t>(std::max(buf_.size() + kChunk, 2 * buf_.size()),
                               static_cast<size_t>(options_.max_record_bytes) + 1);
      // Room for it at once: growing by doubling would briefly hold twice the limit.
      buf_.reserve(want_ + kChunk);
      continue;
    }
    if (options_.follow && reader_ != nullptr) {
      if (draining_) {
        draining_ = false;
        ++rotations_;
        if (TryOpen(0)) SkipHeader();
        continue;
      }
      if (Rotated()) {
        draining_ = true;  // read the old file to its end first
        continue;
      }
    }
    auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::milliseconds(0)) return 0;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        left, std::chrono::milliseconds(20)));
  }
}

void FileRecordSource::StartSkipping(size_t pos) {
  skip_from_ = buf_offset_ + static_cast<int64_t>(pos);
  bad_.push_back({0, skip_from_,
                  "record longer than MAX_RECORD_BYTES (" +
                      std::to_string(options_.max_record_bytes) +
                      " bytes); skipped to the next newline"});
  skipping_ = true;
  // Nothing borrows buf_ now (no record was returned): drop it and give its memory back.
  buf_offset_ += static_cast<int64_t>(buf_.size());
  buf_.clear();
  buf_.shrink_to_fit();
  consumed_ = 0;
  want_ = kChunk;
}

void FileRecordSource::ContinueSkipping(bool final) {
  size_t newline = buf_.find('\n');
  size_t drop = newline == std::string::npos ? buf_.size() : newline + 1;
  buf_offset_ += static_cast<int64_t>(drop);
  buf_.erase(0, drop);
  if (newline != std::string::npos || final) skipping_ = false;
}

bool FileRecordSource::AtEnd() {
  if (reader_ == nullptr) return true;
  if (!at_eof_) return false;
  // A followed file's incomplete last line is not a record yet.
  return options_.follow || buf_.size() == consumed_;
}

}  // namespace riffle
