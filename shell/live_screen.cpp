#include "shell/live_screen.h"

#include <optional>
#include <ostream>

namespace riffle::shell {

LiveScreen::LiveScreen(std::ostream& out, LiveTable table, std::function<void()> before_output,
                       LiveScreenProbes probes)
    : out_(out),
      before_output_(std::move(before_output)),
      probes_(std::move(probes)),
      table_(std::move(table)) {
  {
    std::unique_lock lock(mu_);
    Probe(lock);
    RedrawLocked();
  }
  thread_ = std::thread([this] { Run(); });
}

LiveScreen::~LiveScreen() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LiveScreen::RedrawLocked() {
  if (before_output_) before_output_();
  out_ << table_.Redraw(LiveTable::Clock::now());
  out_.flush();
}

void LiveScreen::Apply(const std::vector<Value>& marked_row) {
  std::lock_guard lock(mu_);
  table_.Apply(marked_row);
  if (!stop_ && table_.Due(LiveTable::Clock::now())) RedrawLocked();
}

void LiveScreen::Interject(const std::function<void()>& write) {
  std::lock_guard lock(mu_);
  if (table_.dirty()) RedrawLocked();
  write();
  table_.Detach();
}

void LiveScreen::Finish() {
  {
    std::unique_lock lock(mu_);
    if (!stop_) Probe(lock);
    if (table_.dirty()) RedrawLocked();
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int LiveScreen::redraws() const {
  std::lock_guard lock(mu_);
  return table_.redraws();
}

void LiveScreen::Probe(std::unique_lock<std::mutex>& lock) {
  if (!probes_.status && !probes_.terminal_size) return;
  lock.unlock();
  std::optional<std::string> status;
  if (probes_.status) status = probes_.status();
  std::optional<std::pair<size_t, size_t>> size;
  if (probes_.terminal_size) size = probes_.terminal_size();
  lock.lock();
  if (status) table_.SetStatus(std::move(*status));
  if (size && size->first > 0) table_.Resize(size->first, size->second);
}

void LiveScreen::Run() {
  std::unique_lock lock(mu_);
  auto probed = std::chrono::steady_clock::now();
  while (!stop_) {
    // Changes that came too soon after a redraw are shown once the interval has passed.
    cv_.wait_for(lock, std::chrono::milliseconds(25), [this] { return stop_; });
    if (stop_) break;
    if (auto now = std::chrono::steady_clock::now(); now - probed >= probes_.poll) {
      probed = now;
      Probe(lock);
      if (stop_) break;
    }
    if (table_.Due(LiveTable::Clock::now())) RedrawLocked();
  }
}

}  // namespace riffle::shell
