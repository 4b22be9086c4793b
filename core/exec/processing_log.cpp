#include "core/exec/processing_log.h"

#include <chrono>

#include "core/common/text.h"

namespace riffle {

const char* ProcessingErrorTypeName(ProcessingErrorType type) {
  switch (type) {
    case ProcessingErrorType::kDeserialization:
      return "DESERIALIZATION";
    case ProcessingErrorType::kSerialization:
      return "SERIALIZATION";
    case ProcessingErrorType::kProduction:
      return "PRODUCTION";
    case ProcessingErrorType::kEvaluation:
      return "EVALUATION";
    case ProcessingErrorType::kLateRecord:
      return "LATE_RECORD";
    case ProcessingErrorType::kSkippedOffsets:
      return "SKIPPED_OFFSETS";
    case ProcessingErrorType::kStreamTimeJump:
      return "STREAM_TIME_JUMP";
    case ProcessingErrorType::kRowBeforeTable:
      return "ROW_BEFORE_TABLE";
    case ProcessingErrorType::kTimestamp:
      return "TIMESTAMP";
  }
  return "UNKNOWN";
}

namespace {

// True when `s` is valid UTF-8 without control characters other than tab and line breaks.
bool IsPrintableUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || c == 0xC0 || c == 0xC1 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

}  // namespace

std::string ShowRecord(std::string_view bytes) {
  std::string_view shown = bytes.substr(0, kMaxShownRecordBytes);
  std::string out;
  // A cut may split a UTF-8 sequence: back up to its start so the text stays valid.
  if (shown.size() < bytes.size()) {
    size_t end = shown.size();
    for (int k = 0; k < 3 && end > 0 && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80;
         ++k) {
      --end;
    }
    shown = shown.substr(0, end);
  }
  if (IsPrintableUtf8(shown)) {
    out.assign(shown);
  } else {
    static const char kHex[] = "0123456789abcdef";
    shown = bytes.substr(0, kMaxShownRecordBytes / 2);  // two digits a byte: the same width
    out = "hex:";
    for (unsigned char c : shown) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (shown.size() < bytes.size()) out += StrCat("... (", std::to_string(bytes.size()), " bytes)");
  return out;
}

void ProcessingLog::Add(ProcessingLogEntry entry) {
  if (entry.logged_at_ms == 0) {
    entry.logged_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  }
  std::lock_guard lock(mutex_);
  ++counts_[entry.job_id];
  if (max_unpublished_ > 0) {
    if (unpublished_.size() < max_unpublished_) {
      unpublished_.push_back(entry);
    } else {
      ++dropped_unpublished_;
    }
  }
  entries_.push_back(std::move(entry));
  if (entries_.size() > capacity_) entries_.pop_front();
}

void ProcessingLog::Add(ProcessingErrorType type, const std::string& job_id,
                        const std::string& topic, int32_t partition, int64_t offset,
                        const std::string& message) {
  ProcessingLogEntry entry;
  entry.type = type;
  entry.job_id = job_id;
  entry.topic = topic;
  entry.partition = partition;
  entry.offset = offset;
  entry.message = message;
  Add(std::move(entry));
}

std::vector<ProcessingLogEntry> ProcessingLog::Recent(const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  std::vector<ProcessingLogEntry> out;
  for (const auto& e : entries_) {
    if (job_id.empty() || e.job_id == job_id) out.push_back(e);
  }
  return out;
}

int64_t ProcessingLog::Count(const std::string& job_id) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(job_id);
  return it == counts_.end() ? 0 : it->second;
}

void ProcessingLog::EnablePublishing(size_t max_unpublished) {
  std::lock_guard lock(mutex_);
  max_unpublished_ = max_unpublished;
}

std::vector<ProcessingLogEntry> ProcessingLog::TakeUnpublished() {
  std::lock_guard lock(mutex_);
  std::vector<ProcessingLogEntry> out;
  out.swap(unpublished_);
  return out;
}

int64_t ProcessingLog::dropped_unpublished() const {
  std::lock_guard lock(mutex_);
  return dropped_unpublished_;
}

}  // namespace riffle
