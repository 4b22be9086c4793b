#pragma once
// A background job's live status: what SHOW JOBS, EXPLAIN <job> and `riffle run --metrics` report.
// Counters are this process's (they start at zero when the job starts here).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/reachability.h"

namespace riffle {

struct JobStatus {
  std::string id;                    // CSAS_X_1
  std::string kind;                  // CSAS, CTAS, INSERT
  std::string sink;                  // the stream or table it writes
  std::vector<std::string> sources;  // the streams/tables it reads, upper-cased
  // The catalog state, or FAILED as soon as the job fails, or UNREACHABLE (riffle's) while a
  // RUNNING job cannot reach its Kafka cluster: it keeps running and recovers by itself.
  std::string state;
  std::string error;                 // why it failed, or since when and why it cannot reach Kafka
  ReachabilityStatus broker;         // whether the job reaches its cluster (running jobs only)
  bool running = false;              // has a job thread in this process (counters below)
  int64_t uptime_ms = 0;
  int64_t records_in = 0;
  int64_t records_out = 0;
  int64_t bad_records = 0;
  int64_t skipped_offsets = 0;       // source offsets never read (below the start, beyond the end)
  int64_t late_records = 0;          // dropped by windowed operators as too late
  int64_t state_bytes = 0;           // operator state held in memory
  double rate = 0;                   // records read per second, last second or so
  std::optional<int64_t> lag;        // records not read yet, over all partitions
  std::optional<int64_t> watermark_ms;  // the latest event time seen; none before a record
};

}  // namespace riffle
