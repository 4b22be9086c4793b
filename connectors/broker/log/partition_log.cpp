#include "connectors/broker/log/partition_log.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>

namespace riffle::broker {
namespace {

constexpr const char* kLogStartFile = "log-start-offset";

// Base offsets of the "<20 digits>.log" files in `dir`, sorted; stray files from an interrupted
// step (temporary files, indexes whose log is gone) are removed.
bool ListSegments(const std::string& dir, std::vector<int64_t>* bases, std::string* error) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    *error = ErrnoMessage("cannot read " + dir);
    return false;
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) names.emplace_back(e->d_name);
  ::closedir(d);
  auto is_stem = [](const std::string& name, size_t dot) {
    return dot == 20 && std::all_of(name.begin(), name.begin() + 20, [](char c) {
             return std::isdigit(static_cast<unsigned char>(c));
           });
  };
  for (const auto& name : names) {
    size_t dot = name.find('.');
    if (dot == std::string::npos) continue;
    std::string ext = name.substr(dot);
    if (ext == ".log" && is_stem(name, dot))
      bases->push_back(std::atoll(name.substr(0, dot).c_str()));
  }
  std::sort(bases->begin(), bases->end());
  for (const auto& name : names) {
    size_t dot = name.find('.');
    if (dot == std::string::npos) continue;
    std::string ext = name.substr(dot);
    bool orphan_index =
        (ext == ".index" || ext == ".timeindex") && is_stem(name, dot) &&
        !std::binary_search(bases->begin(), bases->end(), std::atoll(name.substr(0, dot).c_str()));
    bool tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0;
    if (orphan_index || tmp) ::unlink((dir + "/" + name).c_str());
  }
  return true;
}

}  // namespace

std::unique_ptr<PartitionLog> PartitionLog::Create(const std::string& dir, std::string* error) {
  auto log = std::make_unique<PartitionLog>(dir);
  auto segment = Segment::Create(dir, 0, error);
  if (segment == nullptr) return nullptr;
  log->segments_.push_back(std::move(segment));
  return log;
}

std::unique_ptr<PartitionLog> PartitionLog::Open(const std::string& dir,
                                                 const EffectiveTopicConfig& config, bool clean,
                                                 RecoveryReport* report, std::string* error) {
  auto log = std::make_unique<PartitionLog>(dir);
  std::vector<int64_t> bases;
  if (!ListSegments(dir, &bases, error)) return nullptr;
  std::string start_text;
  int64_t persisted_start = 0;
  if (ReadSmallFile(dir + "/" + kLogStartFile, &start_text)) {
    persisted_start = std::max<int64_t>(0, std::atoll(start_text.c_str()));
  }
  if (bases.empty()) bases.push_back(persisted_start);
  std::vector<bool> recovered;
  for (size_t i = 0; i < bases.size(); ++i) {
    bool active = i + 1 == bases.size();
    auto segment = Segment::OpenFiles(dir, bases[i], error);
    if (segment == nullptr) return nullptr;
    std::string problem;
    bool trusted = (!active || clean) && segment->LoadTrusted(&problem);
    if (!trusted) {
      std::string reason;
      int64_t cut = segment->Recover(
          config.index_interval_bytes,
          [&](const BatchHeader& h) { log->producers_.Record(h, h.base_offset); }, &reason, error);
      if (cut < 0) return nullptr;
      if (cut > 0) {
        report->truncated_bytes += cut;
        report->notes.push_back("truncated " + std::to_string(cut) + " bytes of " +
                                segment->log_path() + " at position " +
                                std::to_string(segment->size()) + " (" + reason + ")");
      }
      if (!problem.empty()) {
        report->notes.push_back("rebuilt the index of " + segment->log_path() + ": " + problem);
      }
    }
    recovered.push_back(!trusted);
    log->segments_.push_back(std::move(segment));
  }
  // Producer state of trusted segments comes from batch headers: the active segment's, and the
  // previous one's when the active one is empty (just rolled). Older batches are not looked at,
  // so a producer seen only there is treated as new (see producer_state.h). The headers are read
  // when a batch first needs the state (LoadProducerState): reading them here made opening a
  // log cost a pass over every active segment, up to segment_bytes per partition.
  size_t from = log->segments_.size() - 1;
  if (from > 0 && log->segments_[from]->empty()) --from;
  for (size_t i = from; i < log->segments_.size(); ++i) {
    if (!recovered[i]) log->unscanned_segments_.push_back(log->segments_[i]->base_offset());
  }
  log->log_start_ = std::clamp(persisted_start, log->segments_.front()->base_offset(),
                               std::max(log->segments_.front()->base_offset(), log->log_end()));
  return log;
}

int64_t PartitionLog::size_bytes() const {
  int64_t total = 0;
  for (const auto& s : segments_) total += s->size();
  return total;
}

void PartitionLog::LoadProducerState() {
  // Batches appended since Open had no producer id (this runs before the first that has one),
  // so reading the segments Open named, whole, gives the state Open would have built.
  for (int64_t base : unscanned_segments_) {
    for (const auto& s : segments_) {
      if (s->base_offset() != base) continue;
      s->ScanHeaders(0, [&](const BatchHeader& h, int64_t) {
        producers_.Record(h, h.base_offset);
        return true;
      });
    }
  }
  unscanned_segments_.clear();
}

bool PartitionLog::Roll(std::string* error) {
  Segment& active = *segments_.back();
  if (!active.Flush()) {
    *error = ErrnoMessage("cannot fsync " + active.log_path());
    return false;
  }
  auto next = Segment::Create(dir_, active.next_offset(), error);
  if (next == nullptr) return false;
  segments_.push_back(std::move(next));
  FsyncDir(dir_);
  return true;
}

AppendResult PartitionLog::Append(std::string_view batches, const EffectiveTopicConfig& config,
                                  int64_t now_ms) {
  AppendResult result;
  result.log_start_offset = log_start_;
  // Pass 1: every batch must be valid before anything is written.
  std::vector<BatchHeader> headers;
  std::vector<size_t> starts;
  for (size_t pos = 0; pos < batches.size();) {
    BatchHeader h;
    ErrorCode code =
        ValidateBatch(batches.substr(pos), config.max_message_bytes, &h, &result.error_message);
    if (code != ErrorCode::kNone) {
      result.error = code;
      return result;
    }
    headers.push_back(h);
    starts.push_back(pos);
    pos += static_cast<size_t>(h.size());
  }
  if (headers.empty()) {
    result.error = ErrorCode::kInvalidRecord;
    result.error_message = "no record batches to append";
    return result;
  }
  bool idempotent = std::any_of(headers.begin(), headers.end(),
                                [](const BatchHeader& h) { return h.producer_id >= 0; });
  if (idempotent) LoadProducerState();
  // Pass 2: producer sequence checks (against a scratch copy when one call carries several
  // batches, so a later batch sees the earlier ones), offsets and the bytes to write.
  ProducerStateTable staged_copy;
  ProducerStateTable* staged = &producers_;
  if (headers.size() > 1) {
    staged_copy = producers_;
    staged = &staged_copy;
  }
  // The bytes to write: each batch as the request holds it, after its base offset, which goes
  // in from offsets_ (no copy of the records); a batch the broker rewrites (LogAppendTime) is
  // copied to scratch_ and patched there.
  scratch_.clear();
  offsets_.clear();
  offsets_.reserve(headers.size() * 8);  // Pointers into it must stay valid.
  struct Piece {
    const char* rest;  // The batch after its base offset; nullptr: in scratch_ at scratch_at.
    size_t scratch_at;
    size_t size;
  };
  std::vector<Piece> pieces;
  std::vector<BatchHeader> written;
  int64_t next = log_end();
  size_t total = 0;
  for (size_t i = 0; i < headers.size(); ++i) {
    BatchHeader h = headers[i];
    int64_t duplicate = -1;
    ErrorCode code = staged->Check(h, &duplicate);
    if (code != ErrorCode::kNone) {
      result.error = code;
      result.error_message = code == ErrorCode::kInvalidProducerEpoch
                                 ? "producer epoch " + std::to_string(h.producer_epoch) +
                                       " is older than the current one"
                                 : "out of order sequence " + std::to_string(h.base_sequence) +
                                       " for producer " + std::to_string(h.producer_id);
      return result;
    }
    if (duplicate >= 0) {
      if (i == 0) result.base_offset = duplicate;
      continue;
    }
    const auto size = static_cast<size_t>(h.size());
    const char* batch = batches.data() + starts[i];
    if (config.log_append_time) {
      size_t at = scratch_.size();
      scratch_.append(batch, size);
      SetBaseOffset(scratch_.data() + at, next);
      SetLogAppendTime(scratch_.data() + at, size, now_ms);
      pieces.push_back({nullptr, at, size});
      h.attributes |= kTimestampTypeLogAppend;
      h.max_timestamp = now_ms;
      result.log_append_time = now_ms;
    } else {
      char base[8];
      SetBaseOffset(base, next);
      offsets_.append(base, 8);
      pieces.push_back({batch + 8, 0, size});
    }
    total += size;
    h.base_offset = next;
    if (i == 0) result.base_offset = next;
    next = h.last_offset() + 1;
    if (staged != &producers_) staged->Record(h, h.base_offset);
    written.push_back(h);
  }
  if (written.empty()) return result;  // All duplicates: answered with the original offsets.
  if (total > static_cast<size_t>(INT32_MAX)) {
    result.error = ErrorCode::kRecordListTooLarge;
    result.error_message = "one append may not exceed 2 GiB";
    return result;
  }
  std::vector<iovec> bytes;
  size_t offset_at = 0;
  for (const Piece& p : pieces) {
    if (p.rest == nullptr) {
      bytes.push_back({scratch_.data() + p.scratch_at, p.size});
      continue;
    }
    bytes.push_back({offsets_.data() + offset_at, 8});
    bytes.push_back({const_cast<char*>(p.rest), p.size - 8});  // pwritev only reads it.
    offset_at += 8;
  }
  Segment* active = segments_.back().get();
  bool would_overflow =
      active->size() + static_cast<int64_t>(total) > config.segment_bytes ||
      next - 1 - active->base_offset() > INT32_MAX;
  if (!active->empty() && would_overflow) {
    std::string error;
    if (!Roll(&error)) {
      result.error = ErrorCode::kKafkaStorageError;
      result.error_message = error;
      return result;
    }
    active = segments_.back().get();
  }
  std::string error;
  if (!active->Append(bytes, written, config.index_interval_bytes, &error)) {
    result = AppendResult{};
    result.error = ErrorCode::kKafkaStorageError;
    result.error_message = error;
    result.log_start_offset = log_start_;
    return result;
  }
  if (staged == &producers_) {
    for (const BatchHeader& h : written) producers_.Record(h, h.base_offset);
  } else {
    producers_ = std::move(staged_copy);
  }
  return result;
}

ReadResult PartitionLog::Locate(int64_t offset, int32_t max_bytes,
                                std::vector<ReadRange>* ranges) {
  ReadResult result;
  result.high_watermark = log_end();
  result.log_start_offset = log_start_;
  if (offset < log_start_ || offset > log_end()) {
    result.error = ErrorCode::kOffsetOutOfRange;
    return result;
  }
  if (offset == log_end()) return result;
  size_t index = 0;
  SegmentFor(offset, &index);
  int64_t budget = max_bytes;
  for (size_t i = index; i < segments_.size(); ++i) {
    Segment& s = *segments_[i];
    int64_t pos = i == index ? s.FindPosition(offset) : 0;
    if (pos < 0 || s.empty()) continue;
    int64_t n = s.WholeBatchBytes(pos, budget, ranges->empty());
    if (n < 0) {
      result.error = ErrorCode::kKafkaStorageError;
      return result;
    }
    if (n > 0) ranges->push_back({&s, pos, n});
    budget -= n;
    if (pos + n < s.size() || budget <= 0) break;
  }
  return result;
}

ReadResult PartitionLog::Read(int64_t offset, int32_t max_bytes, std::string* out) {
  std::vector<ReadRange> ranges;
  ReadResult result = Locate(offset, max_bytes, &ranges);
  if (result.error != ErrorCode::kNone) return result;
  const size_t old = out->size();
  for (const ReadRange& r : ranges) {
    if (!r.segment->CopyRange(r.position, r.length, out)) {
      out->resize(old);
      result.error = ErrorCode::kKafkaStorageError;
      break;
    }
  }
  return result;
}

ReadResult PartitionLog::ReadSpans(int64_t offset, int32_t max_bytes, ReadRecords* records) {
  std::vector<ReadRange> ranges;
  ReadResult result = Locate(offset, max_bytes, &ranges);
  if (result.error != ErrorCode::kNone) return result;
  for (const ReadRange& r : ranges) {
    records->spans.push_back(r.segment->Span(r.position, r.length));
    if (!records->spans.back().fd.valid()) {
      // Out of descriptors (each span holds one): copy instead, which needs none.
      records->Clear();
      return Read(offset, max_bytes, &records->bytes);
    }
  }
  return result;
}

Segment* PartitionLog::SegmentFor(int64_t offset, size_t* index) {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](int64_t o, const auto& s) { return o < s->base_offset(); });
  *index = it == segments_.begin() ? 0 : static_cast<size_t>(it - segments_.begin() - 1);
  return segments_[*index].get();
}

ErrorCode PartitionLog::OffsetForTimestamp(int64_t timestamp_ms, int64_t* offset,
                                           int64_t* timestamp) {
  *offset = -1;
  *timestamp = -1;
  if (timestamp_ms == -2) {
    *offset = log_start_;
    return ErrorCode::kNone;
  }
  if (timestamp_ms == -1) {
    *offset = log_end();
    return ErrorCode::kNone;
  }
  std::string batch;
  if (timestamp_ms == -3) {
    Segment* best = nullptr;
    for (const auto& s : segments_) {
      if (s->next_offset() > log_start_ &&
          (best == nullptr || s->max_timestamp() > best->max_timestamp())) {
        best = s.get();
      }
    }
    if (best == nullptr || best->max_timestamp() < 0) return ErrorCode::kNone;
    int64_t max_ts = best->max_timestamp();
    bool ok = best->ScanHeaders(0, [&](const BatchHeader& h, int64_t pos) {
      if (h.max_timestamp != max_ts || h.last_offset() < log_start_) return true;
      *timestamp = max_ts;
      *offset = h.last_offset();
      if (best->ReadBatch(pos, h.size(), &batch)) {
        ForEachRecordTime(batch, [&](int64_t o, int64_t t) {
          if (o < log_start_ || t != max_ts) return false;
          *offset = o;
          return true;
        });
      }
      return false;
    });
    return ok ? ErrorCode::kNone : ErrorCode::kKafkaStorageError;
  }
  if (timestamp_ms < 0) return ErrorCode::kNone;
  for (const auto& s : segments_) {
    if (s->next_offset() <= log_start_ || s->max_timestamp() < timestamp_ms) continue;
    bool found = false;
    bool ok =
        s->ScanHeaders(s->TimeSearchStart(timestamp_ms), [&](const BatchHeader& h, int64_t pos) {
          if (h.last_offset() < log_start_ || h.max_timestamp < timestamp_ms) return true;
          // Compressed batches are not decoded: the batch's first offset stands for it (the
          // records before the match are returned too, never fewer than asked for).
          int64_t match = std::max(h.base_offset, log_start_);
          int64_t match_ts = h.max_timestamp;
          if (h.compression() == 0 && !h.log_append_time() && s->ReadBatch(pos, h.size(), &batch)) {
            bool hit = false;
            bool decoded = ForEachRecordTime(batch, [&](int64_t o, int64_t t) {
              if (o < log_start_ || t < timestamp_ms) return false;
              match = o;
              match_ts = t;
              hit = true;
              return true;
            });
            if (decoded && !hit) return true;
          }
          *offset = match;
          *timestamp = match_ts;
          found = true;
          return false;
        });
    if (!ok) return ErrorCode::kKafkaStorageError;
    if (found) return ErrorCode::kNone;
  }
  return ErrorCode::kNone;
}

bool PartitionLog::PersistLogStart(std::string* error) {
  return WriteFileAtomically(dir_ + "/" + kLogStartFile, std::to_string(log_start_) + "\n", error);
}

ErrorCode PartitionLog::DeleteRecordsBefore(int64_t offset, int64_t* new_log_start) {
  if (offset == -1) offset = log_end();
  if (offset < 0 || offset > log_end()) return ErrorCode::kOffsetOutOfRange;
  if (offset > log_start_) {
    int64_t old = log_start_;
    log_start_ = offset;
    std::string error;
    if (!PersistLogStart(&error)) {
      log_start_ = old;
      return ErrorCode::kKafkaStorageError;
    }
    // Everything gone: start a fresh segment so the old one can be deleted too.
    if (log_start_ == log_end() && !segments_.back()->empty()) Roll(&error);
    while (segments_.size() > 1 && segments_[1]->base_offset() <= log_start_) {
      DeleteOldestSegment();
    }
  }
  *new_log_start = log_start_;
  return ErrorCode::kNone;
}

void PartitionLog::DeleteOldestSegment() {
  log_start_ = std::max(log_start_, segments_[1]->base_offset());
  segments_.front()->RemoveFiles();
  segments_.erase(segments_.begin());
}

int PartitionLog::EnforceRetention(const EffectiveTopicConfig& config, int64_t now_ms) {
  int deleted = 0;
  if (config.retention_ms >= 0) {
    while (segments_.size() > 1 &&
           segments_.front()->max_timestamp() < now_ms - config.retention_ms) {
      DeleteOldestSegment();
      ++deleted;
    }
  }
  if (config.retention_bytes >= 0) {
    int64_t total = size_bytes();
    while (segments_.size() > 1 && total - segments_.front()->size() >= config.retention_bytes) {
      total -= segments_.front()->size();
      DeleteOldestSegment();
      ++deleted;
    }
  }
  return deleted;
}

bool PartitionLog::Flush() {
  bool ok = true;
  for (const auto& s : segments_) ok = s->Flush() && ok;
  return ok;
}

bool PartitionLog::TakeUnsynced(std::vector<int>* fds) {
  bool ok = true;
  for (const auto& s : segments_) ok = s->TakeUnsynced(fds) && ok;
  return ok;
}

void PartitionLog::RemoveFiles() {
  for (const auto& s : segments_) s->RemoveFiles();
  segments_.clear();
  ::unlink((dir_ + "/" + kLogStartFile).c_str());
}

}  // namespace riffle::broker
