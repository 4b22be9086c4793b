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

#include "core/exec/job_metrics.h"

namespace riffle {

enum class JobState { kCreated, kRunning, kPaused, kFailed, kTerminated, kFinished };
const char* JobStateName(JobState state);

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
