#include "core/runtime/job.h"

#include <chrono>
#include <exception>

namespace riffle {

const char* JobStateName(JobState state) {
  switch (state) {
    case JobState::kCreated: return "CREATED";
    case JobState::kRunning: return "RUNNING";
    case JobState::kPaused: return "PAUSED";
    case JobState::kFailed: return "FAILED";
    case JobState::kTerminated: return "TERMINATED";
    case JobState::kFinished: return "FINISHED";
  }
  return "UNKNOWN";
}

Job::Job(std::string id, std::unique_ptr<JobBody> body)
    : id_(std::move(id)), body_(std::move(body)) {}

Job::~Job() {
  Cancel();
  Join();
}

void Job::Start(bool paused) {
  metrics_.started_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  rate_sampled_at_ = std::chrono::steady_clock::now();
  // A job restored from a checkpoint starts at the stream time its state was saved with.
  metrics_.AdvanceWatermark(body_->RestoredStreamTime());
  paused_ = paused;
  SetState(paused ? JobState::kPaused : JobState::kRunning, "");
  thread_ = std::thread([this] { Run(); });
}

void Job::Cancel() {
  cancel_ = true;
  cv_.notify_all();
}

void Job::Pause() {
  if (state_ != JobState::kRunning) return;
  paused_ = true;
  SetState(JobState::kPaused, "");
  // Wait for the step in progress to end, so that nothing is processed once Pause returns.
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::seconds(10), [this] {
    return in_pause_ || state_ == JobState::kFailed || state_ == JobState::kTerminated ||
           state_ == JobState::kFinished || std::this_thread::get_id() == thread_.get_id();
  });
}

void Job::Resume() {
  if (state_ != JobState::kPaused) return;
  paused_ = false;
  SetState(JobState::kRunning, "");
  cv_.notify_all();
}

void Job::Join() {
  if (thread_.joinable()) thread_.join();
}

bool Job::WaitUntilStopped(int timeout_ms) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] {
    JobState s = state_.load();
    return s == JobState::kFailed || s == JobState::kTerminated || s == JobState::kFinished;
  });
}

std::string Job::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void Job::SetState(JobState state, const std::string& error) {
  {
    std::lock_guard lock(mutex_);
    state_ = state;
    if (!error.empty()) error_ = error;
  }
  cv_.notify_all();
  if (on_state_change_) on_state_change_(state, error);
}

void Job::SampleRate() {
  constexpr auto kInterval = std::chrono::seconds(1);
  auto now = std::chrono::steady_clock::now();
  if (now - rate_sampled_at_ < kInterval) return;
  int64_t records = metrics_.records_in.load(std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(now - rate_sampled_at_).count();
  metrics_.input_rate.store(static_cast<double>(records - rate_sampled_records_) / seconds,
                            std::memory_order_relaxed);
  rate_sampled_at_ = now;
  rate_sampled_records_ = records;
}

void Job::Run() {
  JobState final_state = JobState::kTerminated;
  std::string error;
  try {
    while (!cancel_) {
      SampleRate();
      if (paused_) {
        std::unique_lock lock(mutex_);
        if (!in_pause_) {
          in_pause_ = true;
          cv_.notify_all();
        }
        cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return !paused_ || cancel_; });
        continue;
      }
      if (in_pause_) {
        std::lock_guard lock(mutex_);
        in_pause_ = false;
      }
      metrics_.batches.fetch_add(1, std::memory_order_relaxed);
      if (!body_->Step(metrics_)) {
        final_state = JobState::kFinished;
        break;
      }
    }
  } catch (const std::exception& e) {
    final_state = JobState::kFailed;
    error = e.what();
  }
  try {
    body_->Close();
  } catch (const std::exception& e) {
    if (error.empty()) error = e.what();
  }
  SetState(final_state, error);
}

}  // namespace riffle
