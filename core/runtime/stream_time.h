#pragma once
// What a running query knows about time, for the shell's status line (and any other view of a
// running query, e.g. a window timeline): per source, its stream time (the largest event time
// read from it so far: the watermark that decides lateness), and how many records its windowed
// operators and joins dropped as late.
//
// The job thread publishes a fresh StreamTimeStatus after each batch; any thread may read it,
// also after the query ended (the board is shared for that reason).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace riffle {

struct SourceStreamTime {
  std::string source;                     // the stream or table read, as named in the catalog
  std::optional<int64_t> stream_time_ms;  // none before the first record
};

struct StreamTimeStatus {
  std::vector<SourceStreamTime> sources;  // in the query's FROM/JOIN order
  int64_t late_dropped = 0;               // records dropped as later than a window's grace
};

class StreamTimeBoard {
 public:
  void Set(StreamTimeStatus status) {
    std::lock_guard lock(mu_);
    status_ = std::move(status);
  }
  StreamTimeStatus Get() const {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  mutable std::mutex mu_;
  StreamTimeStatus status_;
};

}  // namespace riffle
