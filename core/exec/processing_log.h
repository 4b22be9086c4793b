#pragma once
// The processing log: records that could not be processed (decode and encode failures,
// evaluation errors, late records, skipped offsets), with where they came from. Thread-safe.
// Two consumers read it: EXPLAIN and warnings take the most recent entries of a job (a ring
// buffer, with a total count per job so nothing is dropped silently when it wraps), and the
// publisher (core/engine/processing_log_stream.h) takes every new entry, in order, to write it
// to the KSQL_PROCESSING_LOG stream.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace riffle {

// What went wrong; its name is the ERROR_TYPE column of KSQL_PROCESSING_LOG.
enum class ProcessingErrorType {
  kDeserialization,  // a record's key or value could not be decoded
  kSerialization,    // a result row could not be encoded for its sink
  kProduction,       // a sink could not write an encoded row
  kEvaluation,       // an expression failed on a row (division by zero, bad cast, ...)
  kLateRecord,       // a record arrived after its window closed and was dropped
  kSkippedOffsets,   // a reader's position fell outside what a partition keeps
  kStreamTimeJump,   // a record moved stream time far ahead at once (run_operators.h)
  kRowBeforeTable,   // stream rows came before a joined table's first row (join_driver.h)
  kTimestamp,        // a row's TIMESTAMP column gave no valid event time (timestamp_extractor.h)
};
const char* ProcessingErrorTypeName(ProcessingErrorType type);

struct ProcessingLogEntry {
  int64_t logged_at_ms = 0;
  ProcessingErrorType type = ProcessingErrorType::kDeserialization;
  std::string job_id;
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string message;
  std::string record;  // the record as text or hex, capped (ShowRecord); "" when not at hand
};

// The first kMaxShownRecordBytes of `bytes` as text when they are printable UTF-8, otherwise
// as "hex:" and hex digits; a cut record ends with its full length. Values of megabytes stay
// out of the log this way, and binary ones stay readable.
inline constexpr size_t kMaxShownRecordBytes = 1024;
std::string ShowRecord(std::string_view bytes);

class ProcessingLog {
 public:
  explicit ProcessingLog(size_t capacity = 1000) : capacity_(capacity) {}

  void Add(ProcessingLogEntry entry);
  // Shorthand for an entry without the record (logged_at is now).
  void Add(ProcessingErrorType type, const std::string& job_id, const std::string& topic,
           int32_t partition, int64_t offset, const std::string& message);

  // The most recent entries, oldest first (all jobs, or one when job_id is non-empty).
  std::vector<ProcessingLogEntry> Recent(const std::string& job_id = "") const;
  int64_t Count(const std::string& job_id) const;

  // Publishing: after EnablePublishing, every entry added is also queued (at most
  // `max_unpublished`; past that entries are counted in dropped_unpublished() instead) until
  // TakeUnpublished moves them out.
  void EnablePublishing(size_t max_unpublished);
  std::vector<ProcessingLogEntry> TakeUnpublished();
  int64_t dropped_unpublished() const;

 private:
  mutable std::mutex mutex_;
  size_t capacity_;
  std::deque<ProcessingLogEntry> entries_;
  std::map<std::string, int64_t> counts_;
  size_t max_unpublished_ = 0;  // 0: not publishing
  std::vector<ProcessingLogEntry> unpublished_;
  int64_t dropped_unpublished_ = 0;
};

}  // namespace riffle
