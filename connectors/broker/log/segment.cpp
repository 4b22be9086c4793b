#include "connectors/broker/log/segment.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>

#include "connectors/broker/wire.h"

namespace riffle::broker {
namespace {

constexpr size_t kIndexEntrySize = 8;
constexpr size_t kTimeIndexEntrySize = 12;

// Sequential reads over a file through one buffer, so scans cost one pread per chunk rather
// than one per batch.
class ChunkReader {
 public:
  ChunkReader(int fd, int64_t file_size, size_t chunk)
      : fd_(fd), file_size_(file_size), chunk_(chunk) {}

  // Pointer to `n` bytes at `pos`, or nullptr when fewer exist in the file (or on error, then
  // *failed is set). Valid until the next call.
  const char* Get(int64_t pos, size_t n, bool* failed) {
    if (pos < 0 || pos + static_cast<int64_t>(n) > file_size_) return nullptr;
    if (pos >= buf_pos_ && pos + static_cast<int64_t>(n) <= buf_pos_ + buf_len_) {
      return buf_.data() + (pos - buf_pos_);
    }
    size_t want = std::max(n, chunk_);
    want = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(want), file_size_ - pos));
    if (buf_.size() < want) buf_.resize(want);
    ssize_t got = PreadFull(fd_, buf_.data(), want, pos);
    if (got < static_cast<ssize_t>(n)) {
      if (got < 0) *failed = true;
      buf_len_ = 0;
      return nullptr;
    }
    buf_pos_ = pos;
    buf_len_ = got;
    return buf_.data();
  }

 private:
  int fd_;
  int64_t file_size_;
  size_t chunk_;
  std::string buf_;
  int64_t buf_pos_ = 0;
  int64_t buf_len_ = 0;
};

std::string FormatBase(int64_t base) {
  char name[32];
  std::snprintf(name, sizeof name, "%020lld", static_cast<long long>(base));
  return name;
}

}  // namespace

Segment::Segment(Key /*key*/, std::string stem, int64_t base_offset)
    : stem_(std::move(stem)),
      log_path_(stem_ + ".log"),
      base_offset_(base_offset),
      next_offset_(base_offset) {}

std::string Segment::PathStem(const std::string& dir, int64_t base_offset) {
  return dir + "/" + FormatBase(base_offset);
}

std::unique_ptr<Segment> Segment::OpenFiles(const std::string& dir, int64_t base_offset,
                                            std::string* error) {
  auto s = std::make_unique<Segment>(Key(), PathStem(dir, base_offset), base_offset);
  s->log_fd_ = OpenReadWrite(s->log_path_, true, error);
  if (!s->log_fd_.valid()) return nullptr;
  s->index_fd_ = OpenReadWrite(s->stem_ + ".index", true, error);
  if (!s->index_fd_.valid()) return nullptr;
  s->time_index_fd_ = OpenReadWrite(s->stem_ + ".timeindex", true, error);
  if (!s->time_index_fd_.valid()) return nullptr;
  s->size_ = FileSize(s->log_fd_.get());
  if (s->size_ < 0) {
    *error = ErrnoMessage("cannot stat " + s->log_path_);
    return nullptr;
  }
  return s;
}

std::unique_ptr<Segment> Segment::Create(const std::string& dir, int64_t base_offset,
                                         std::string* error) {
  auto s = OpenFiles(dir, base_offset, error);
  if (s == nullptr) return nullptr;
  // A leftover file with this name (a crash between creating and using it) holds nothing valid.
  if (s->size_ != 0 || FileSize(s->index_fd_.get()) != 0 ||
      FileSize(s->time_index_fd_.get()) != 0) {
    if (::ftruncate(s->log_fd_.get(), 0) != 0 || ::ftruncate(s->index_fd_.get(), 0) != 0 ||
        ::ftruncate(s->time_index_fd_.get(), 0) != 0) {
      *error = ErrnoMessage("cannot truncate " + s->log_path_);
      return nullptr;
    }
    s->size_ = 0;
  }
  return s;
}

bool Segment::LoadTrusted(std::string* problem) {
  std::string index_bytes, time_bytes;
  int64_t index_size = FileSize(index_fd_.get());
  int64_t time_size = FileSize(time_index_fd_.get());
  if (index_size < 0 || time_size < 0 || index_size % kIndexEntrySize != 0 ||
      time_size % kTimeIndexEntrySize != 0 ||
      index_size / static_cast<int64_t>(kIndexEntrySize) !=
          time_size / static_cast<int64_t>(kTimeIndexEntrySize)) {
    *problem = "index files are incomplete";
    return false;
  }
  index_bytes.resize(static_cast<size_t>(index_size));
  time_bytes.resize(static_cast<size_t>(time_size));
  if (PreadFull(index_fd_.get(), index_bytes.data(), index_bytes.size(), 0) != index_size ||
      PreadFull(time_index_fd_.get(), time_bytes.data(), time_bytes.size(), 0) != time_size) {
    *problem = "index files cannot be read";
    return false;
  }
  index_.clear();
  size_t count = index_bytes.size() / kIndexEntrySize;
  for (size_t i = 0; i < count; ++i) {
    IndexEntry e;
    e.relative_offset = LoadBE32(index_bytes.data() + i * kIndexEntrySize);
    e.position = LoadBE32(index_bytes.data() + i * kIndexEntrySize + 4);
    e.max_timestamp_before = LoadBE64(time_bytes.data() + i * kTimeIndexEntrySize);
    int32_t time_relative = LoadBE32(time_bytes.data() + i * kTimeIndexEntrySize + 8);
    bool ordered = index_.empty() ? (e.relative_offset == 0 && e.position == 0)
                                  : (e.relative_offset > index_.back().relative_offset &&
                                     e.position > index_.back().position &&
                                     e.max_timestamp_before >= index_.back().max_timestamp_before);
    if (time_relative != e.relative_offset || !ordered || e.position >= size_) {
      *problem = "index entry " + std::to_string(i) + " is inconsistent";
      index_.clear();
      return false;
    }
    index_.push_back(e);
  }
  if (index_.empty() && size_ > 0) {
    *problem = "index is empty";
    return false;
  }
  // Walk the headers after the last entry: they must tile the file exactly.
  max_timestamp_ = index_.empty() ? -1 : index_.back().max_timestamp_before;
  next_offset_ = base_offset_;
  int64_t pos = index_.empty() ? 0 : index_.back().position;
  int64_t expected_base =
      index_.empty() ? base_offset_ : base_offset_ + index_.back().relative_offset;
  bool first = true;
  ChunkReader reader(log_fd_.get(), size_, 16 << 10);
  bool failed = false;
  while (pos < size_) {
    const char* p = reader.Get(pos, kBatchHeaderSize, &failed);
    BatchHeader h = p != nullptr ? ParseBatchHeader(p) : BatchHeader{};
    if (p == nullptr || h.magic != 2 ||
        h.batch_length < static_cast<int32_t>(kBatchHeaderSize - kBatchLengthPrefix) ||
        h.size() > size_ - pos) {
      *problem = "batch at position " + std::to_string(pos) + " is torn or malformed";
      return false;
    }
    if ((first && h.base_offset != expected_base) || (!first && h.base_offset < expected_base) ||
        h.last_offset() - base_offset_ > INT32_MAX) {
      *problem = "batch at position " + std::to_string(pos) + " has an unexpected offset";
      return false;
    }
    first = false;
    expected_base = h.last_offset() + 1;
    next_offset_ = expected_base;
    max_timestamp_ = std::max(max_timestamp_, h.max_timestamp);
    pos += h.size();
  }
  return true;
}

int64_t Segment::Recover(int64_t index_interval_bytes,
                         const std::function<void(const BatchHeader&)>& on_batch,
                         std::string* reason, std::string* error) {
  index_.clear();
  max_timestamp_ = -1;
  next_offset_ = base_offset_;
  int64_t file_size = FileSize(log_fd_.get());
  if (file_size < 0) {
    *error = ErrnoMessage("cannot stat " + log_path_);
    return -1;
  }
  ChunkReader reader(log_fd_.get(), file_size, 1 << 20);
  int64_t pos = 0;
  bool failed = false;
  while (pos < file_size) {
    const char* p = reader.Get(pos, kBatchHeaderSize, &failed);
    if (p == nullptr) {
      *reason = "a torn batch header";
      break;
    }
    BatchHeader h = ParseBatchHeader(p);
    if (h.magic != 2 ||
        h.batch_length < static_cast<int32_t>(kBatchHeaderSize - kBatchLengthPrefix)) {
      *reason = "a malformed batch header";
      break;
    }
    if (h.size() > file_size - pos) {
      *reason = "a torn batch";
      break;
    }
    p = reader.Get(pos, static_cast<size_t>(h.size()), &failed);
    if (p == nullptr) break;
    if (!BatchLooksValid(p, static_cast<size_t>(h.size()), true)) {
      *reason = "a CRC mismatch";
      break;
    }
    if (h.base_offset < next_offset_ || h.last_offset() < h.base_offset ||
        h.last_offset() - base_offset_ > INT32_MAX) {
      *reason = "an out-of-order offset";
      break;
    }
    if (WantIndexEntry(pos, index_interval_bytes)) {
      index_.push_back({static_cast<int32_t>(h.base_offset - base_offset_),
                        static_cast<int32_t>(pos), max_timestamp_});
    }
    next_offset_ = h.last_offset() + 1;
    max_timestamp_ = std::max(max_timestamp_, h.max_timestamp);
    on_batch(h);
    pos += h.size();
  }
  if (failed) {
    *error = ErrnoMessage("cannot read " + log_path_);
    return -1;
  }
  int64_t cut = file_size - pos;
  if (cut > 0 && ::ftruncate(log_fd_.get(), pos) != 0) {
    *error = ErrnoMessage("cannot truncate " + log_path_);
    return -1;
  }
  size_ = pos;
  dirty_ = true;
  if (!RewriteIndexes(error)) return -1;
  return cut;
}

bool Segment::RewriteIndexes(std::string* error) {
  std::string index_bytes(index_.size() * kIndexEntrySize, '\0');
  std::string time_bytes(index_.size() * kTimeIndexEntrySize, '\0');
  for (size_t i = 0; i < index_.size(); ++i) {
    StoreBE32(index_bytes.data() + i * kIndexEntrySize, index_[i].relative_offset);
    StoreBE32(index_bytes.data() + i * kIndexEntrySize + 4, index_[i].position);
    StoreBE64(time_bytes.data() + i * kTimeIndexEntrySize, index_[i].max_timestamp_before);
    StoreBE32(time_bytes.data() + i * kTimeIndexEntrySize + 8, index_[i].relative_offset);
  }
  if (::ftruncate(index_fd_.get(), 0) != 0 || ::ftruncate(time_index_fd_.get(), 0) != 0 ||
      !PwriteFull(index_fd_.get(), index_bytes.data(), index_bytes.size(), 0) ||
      !PwriteFull(time_index_fd_.get(), time_bytes.data(), time_bytes.size(), 0)) {
    *error = ErrnoMessage("cannot write the index of " + log_path_);
    return false;
  }
  return true;
}

bool Segment::Append(const std::vector<iovec>& bytes, const std::vector<BatchHeader>& headers,
                     int64_t index_interval_bytes, std::string* error) {
  if (!PwritevFull(log_fd_.get(), bytes, size_)) {
    *error = ErrnoMessage("cannot write " + log_path_);
    if (::ftruncate(log_fd_.get(), size_) != 0) *error += " (and cannot truncate it back)";
    return false;
  }
  size_t old_entries = index_.size();
  int64_t old_max_timestamp = max_timestamp_;
  int64_t old_next = next_offset_;
  int64_t pos = size_;
  std::string index_bytes, time_bytes;
  for (const BatchHeader& h : headers) {
    if (WantIndexEntry(pos, index_interval_bytes)) {
      IndexEntry e{static_cast<int32_t>(h.base_offset - base_offset_), static_cast<int32_t>(pos),
                   max_timestamp_};
      index_.push_back(e);
      char entry[kTimeIndexEntrySize];
      StoreBE32(entry, e.relative_offset);
      StoreBE32(entry + 4, e.position);
      index_bytes.append(entry, kIndexEntrySize);
      StoreBE64(entry, e.max_timestamp_before);
      StoreBE32(entry + 8, e.relative_offset);
      time_bytes.append(entry, kTimeIndexEntrySize);
    }
    max_timestamp_ = std::max(max_timestamp_, h.max_timestamp);
    next_offset_ = h.last_offset() + 1;
    pos += h.size();
  }
  if (!index_bytes.empty()) {
    int64_t index_end = static_cast<int64_t>(old_entries * kIndexEntrySize);
    int64_t time_end = static_cast<int64_t>(old_entries * kTimeIndexEntrySize);
    if (!PwriteFull(index_fd_.get(), index_bytes.data(), index_bytes.size(), index_end) ||
        !PwriteFull(time_index_fd_.get(), time_bytes.data(), time_bytes.size(), time_end)) {
      *error = ErrnoMessage("cannot write the index of " + log_path_);
      // Put everything back as it was: the log bytes and whatever index bytes went out.
      [[maybe_unused]] int ignored = ::ftruncate(log_fd_.get(), size_);
      ignored = ::ftruncate(index_fd_.get(), index_end);
      ignored = ::ftruncate(time_index_fd_.get(), time_end);
      index_.resize(old_entries);
      max_timestamp_ = old_max_timestamp;
      next_offset_ = old_next;
      return false;
    }
  }
  size_ = pos;
  dirty_ = true;
  return true;
}

int64_t Segment::FindPosition(int64_t offset) {
  if (offset >= next_offset_ || size_ == 0) return -1;
  int64_t start = 0;
  if (offset > base_offset_) {
    int64_t rel = offset - base_offset_;
    auto it =
        std::upper_bound(index_.begin(), index_.end(), rel,
                         [](int64_t r, const IndexEntry& e) { return r < e.relative_offset; });
    if (it != index_.begin()) start = std::prev(it)->position;
  }
  int64_t found = -1;
  bool ok = ScanHeaders(start, [&](const BatchHeader& h, int64_t pos) {
    if (h.last_offset() >= offset) {
      found = pos;
      return false;
    }
    return true;
  });
  return ok ? found : -1;
}

bool Segment::ScanHeaders(int64_t position,
                          const std::function<bool(const BatchHeader&, int64_t)>& fn,
                          size_t chunk) {
  ChunkReader reader(log_fd_.get(), size_, chunk);
  bool failed = false;
  while (position < size_) {
    const char* p = reader.Get(position, kBatchHeaderSize, &failed);
    if (p == nullptr) return false;
    BatchHeader h = ParseBatchHeader(p);
    if (h.batch_length <= 0 || h.size() > size_ - position) return false;
    if (!fn(h, position)) return true;
    position += h.size();
  }
  return true;
}

bool Segment::ReadBatch(int64_t position, int64_t size, std::string* out) {
  out->resize(static_cast<size_t>(size));
  return PreadFull(log_fd_.get(), out->data(), out->size(), position) == size;
}

int64_t Segment::WholeBatchBytes(int64_t position, int64_t max_bytes, bool at_least_one) {
  const int64_t remaining = size_ - position;
  if (remaining <= 0) return 0;
  if (remaining <= max_bytes) return remaining;  // A segment holds whole batches only.
  const int64_t limit = position + std::max<int64_t>(max_bytes, 0);
  // Index entries are batch starts: scan headers from the last one at or before the limit.
  auto it = std::upper_bound(index_.begin(), index_.end(), limit,
                             [](int64_t p, const IndexEntry& e) { return p < e.position; });
  int64_t end = position;
  if (it != index_.begin()) end = std::max<int64_t>(end, std::prev(it)->position);
  // Headers only: a small chunk, as batches near the limit are usually far apart.
  constexpr size_t kHeaderChunk = 4 << 10;
  bool ok = ScanHeaders(
      end,
      [&](const BatchHeader& h, int64_t pos) {
        if (pos + h.size() > limit) return false;
        end = pos + h.size();
        return true;
      },
      kHeaderChunk);
  if (ok && end == position && at_least_one) {
    ok = ScanHeaders(
        position,
        [&](const BatchHeader& h, int64_t pos) {
          end = pos + h.size();
          return false;
        },
        kHeaderChunk);
  }
  return ok ? end - position : -1;
}

bool Segment::CopyRange(int64_t position, int64_t length, std::string* out) {
  const size_t old = out->size();
  out->resize(old + static_cast<size_t>(length));
  if (PreadFull(log_fd_.get(), out->data() + old, static_cast<size_t>(length), position) !=
      length) {
    out->resize(old);
    return false;
  }
  return true;
}

FileSpan Segment::Span(int64_t position, int64_t length) const {
  FileSpan span;
  span.fd = UniqueFd(::fcntl(log_fd_.get(), F_DUPFD_CLOEXEC, 0));
  span.offset = position;
  span.length = length;
  return span;
}

int64_t Segment::TimeSearchStart(int64_t timestamp_ms) const {
  auto it = std::partition_point(index_.begin(), index_.end(), [&](const IndexEntry& e) {
    return e.max_timestamp_before < timestamp_ms;
  });
  return it == index_.begin() ? 0 : std::prev(it)->position;
}

bool Segment::Flush() {
  if (!dirty_) return true;
  dirty_ = false;
  bool ok = ::fdatasync(log_fd_.get()) == 0;
  ok = ::fdatasync(index_fd_.get()) == 0 && ok;
  return ::fdatasync(time_index_fd_.get()) == 0 && ok;
}

bool Segment::TakeUnsynced(std::vector<int>* fds) {
  if (!dirty_) return true;
  for (const UniqueFd* fd : {&log_fd_, &index_fd_, &time_index_fd_}) {
    int copy = ::fcntl(fd->get(), F_DUPFD_CLOEXEC, 0);
    if (copy < 0) return Flush();
    fds->push_back(copy);
  }
  dirty_ = false;
  return true;
}

void Segment::RemoveFiles() {
  log_fd_.Reset();
  index_fd_.Reset();
  time_index_fd_.Reset();
  ::unlink(log_path_.c_str());
  ::unlink((stem_ + ".index").c_str());
  ::unlink((stem_ + ".timeindex").c_str());
}

}  // namespace riffle::broker
