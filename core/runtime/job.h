#pragma once
// A Job is one running plan on its own thread: a transient push query whose sink is the
// terminal, or (later) a persistent query writing a topic. The thread repeatedly asks the job's
// body to do one step of work; cancellation and pause are cooperative and checked between steps,
// and a step never blocks for longer than its poll timeout (~100 ms), so both are prompt.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace riffle {

enum class JobState { kCreated, kRunning, kPaused, kFailed, kTerminated, kFinished };
const char* JobStateName(JobState state);

// Counters read by SHOW/EXPLAIN while the job runs; written only by the job thread.
struct JobMetrics {
  std::atomic<int64_t> records_in{0};     // records read from the source
  std::atomic<int64_t> records_out{0};    // rows delivered to the sink
  std::atomic<int64_t> bad_records{0};    // records that failed to decode or evaluate
  // Source offsets never read: positions below a partition's log start (records deleted before
  // they were read) or beyond its end (topic truncated or re-created).
  std::atomic<int64_t> skipped_offsets{0};
  std::atomic<int64_t> batches{0};
  std::atomic<int64_t> started_at_ms{0};  // wall clock when the job thread started
  // Records read per second over the last sampling interval (about a second); 0 when paused.
  std::atomic<double> input_rate{0};
  // The job's stream time: the largest event time (ROWTIME) read so far; kNoWatermark before
  // the first record.
  static constexpr int64_t kNoWatermark = INT64_MIN;
  std::atomic<int64_t> watermark_ms{kNoWatermark};
  // Records that moved the watermark more than kStreamTimeJumpMs ahead at once (run_operators.h).
  std::atomic<int64_t> stream_time_jumps{0};
  // Stream rows a stream-table join looked up before the table's first row in event time
  // (JoinDriver::EarlyRows): they found the table empty.
  std::atomic<int64_t> rows_before_table{0};

  // Raises the watermark to `event_time_ms` if it is larger. Job thread only.
  void AdvanceWatermark(int64_t event_time_ms) {
    if (event_time_ms > watermark_ms.load(std::memory_order_relaxed)) {
      watermark_ms.store(event_time_ms, std::memory_order_relaxed);
    }
  }
};

// The work of a job. Step() is called on the job thread only.
class JobBody {
 public:
  virtual ~JobBody() = default;
  // Does one bounded unit of work. Returns false when the job has finished (e.g. LIMIT reached).
  // Throws RiffleError (or any std::exception) to fail the job.
  virtual bool Step(JobMetrics& metrics) = 0;
  // Called once on the job thread after the last Step, whatever the outcome.
  virtual void Close() {}
  // The stream time (event time, ms) the body's restored state has reached, or
  // JobMetrics::kNoWatermark: the job's watermark starts there. Called by Start, before Step.
  virtual int64_t RestoredStreamTime() const { return JobMetrics::kNoWatermark; }
};

class Job {
 public:
  Job(std::string id, std::unique_ptr<JobBody> body);
  ~Job();  // Cancels and joins.
  Job(const Job&) = delete;
  Job& operator=(const Job&) = delete;

  const std::string& id() const { return id_; }
  // Starts the job thread; with `paused` the job starts PAUSED and reads nothing until Resume.
  void Start(bool paused = false);
  // Asks the job to stop; returns at once. Join() waits for the thread.
  void Cancel();
  // Pauses the job and waits until the step in progress (if any) has ended: once Pause
  // returns, no more records are processed until Resume.
  void Pause();
  void Resume();
  void Join();
  // Blocks until the job is no longer running or `timeout_ms` passes; true if it stopped.
  bool WaitUntilStopped(int timeout_ms);

  JobState state() const { return state_.load(); }
  std::string error() const;
  const JobMetrics& metrics() const { return metrics_; }
  // Called (on the job thread) whenever the state changes; set before Start().
  void set_on_state_change(std::function<void(JobState, const std::string&)> fn) {
    on_state_change_ = std::move(fn);
  }

 private:
  void Run();
  // Updates metrics_.input_rate when a sampling interval has passed.
  void SampleRate();
  void SetState(JobState state, const std::string& error);

  std::string id_;
  std::unique_ptr<JobBody> body_;
  JobMetrics metrics_;
  std::atomic<JobState> state_{JobState::kCreated};
  std::atomic<bool> cancel_{false};
  std::atomic<bool> paused_{false};
  bool in_pause_ = false;  // the job thread is waiting out a pause (guarded by mutex_)
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::string error_;
  std::function<void(JobState, const std::string&)> on_state_change_;
  std::thread thread_;
  std::chrono::steady_clock::time_point rate_sampled_at_;
  int64_t rate_sampled_records_ = 0;
};

}  // namespace riffle
