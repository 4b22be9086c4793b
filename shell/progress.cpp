#include "shell/progress.h"

#include <ostream>

#include "shell/display_width.h"
#include "shell/renderer.h"
#include "shell/value_text.h"

namespace riffle::shell {

std::string StreamTimeText(const StreamTimeStatus& status) {
  if (status.sources.empty()) return "";
  std::string text = "stream time";
  for (size_t i = 0; i < status.sources.size(); ++i) {
    const SourceStreamTime& s = status.sources[i];
    text += (i == 0 ? " " : ", ") + s.source + " " +
            (s.stream_time_ms ? TimestampText(*s.stream_time_ms) : std::string("none yet"));
  }
  return text + " \xC2\xB7 " + GroupDigits(static_cast<uint64_t>(status.late_dropped)) +
         " late dropped";
}

std::string ProgressText(double seconds, uint64_t rows, std::optional<int64_t> lag,
                         const std::string& status) {
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f s", seconds);
  std::string text =
      std::string(elapsed) + " \xC2\xB7 " + GroupDigits(rows) + (rows == 1 ? " row" : " rows");
  // A status takes the rate's room: at 80 columns a stream time and the late count must fit.
  if (seconds >= 1 && status.empty()) {
    text += " \xC2\xB7 " + GroupDigits(static_cast<uint64_t>(static_cast<double>(rows) / seconds)) +
            " rows/s";
  }
  if (lag && *lag > 0) text += " \xC2\xB7 " + GroupDigits(static_cast<uint64_t>(*lag)) + " behind";
  if (!status.empty()) text += " \xC2\xB7 " + status;
  return text + " \xC2\xB7 Ctrl-C cancels";
}

ProgressLine::ProgressLine(std::ostream& os, std::function<uint64_t()> rows,
                           std::chrono::milliseconds delay, std::chrono::milliseconds interval,
                           std::function<std::optional<int64_t>()> lag,
                           std::chrono::milliseconds lag_interval,
                           std::function<std::string()> status, std::function<size_t()> width)
    : os_(os),
      rows_(std::move(rows)),
      lag_(std::move(lag)),
      status_(std::move(status)),
      width_(std::move(width)),
      lag_interval_(lag_interval),
      delay_(delay),
      interval_(interval),
      started_(std::chrono::steady_clock::now()),
      last_output_(started_),
      thread_([this] { Run(); }) {}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    EraseLocked();
  }
  cv_.notify_all();
  thread_.join();
}

void ProgressLine::EraseLocked() {
  if (!shown_) return;
  os_ << "\r\x1b[2K" << std::flush;  // carriage return, erase the whole line
  shown_ = false;
}

void ProgressLine::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  EraseLocked();
  last_output_ = std::chrono::steady_clock::now();
}

int ProgressLine::draws() const {
  std::lock_guard<std::mutex> lock(mu_);
  return draws_;
}

void ProgressLine::Run() {
  std::optional<int64_t> lag;
  std::optional<std::chrono::steady_clock::time_point> lag_read;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval_, [this] { return stop_; });
    if (stop_) break;
    auto now = std::chrono::steady_clock::now();
    if (now - last_output_ < delay_) continue;
    // The providers run unlocked: output (Clear) must never wait for a broker round trip.
    lock.unlock();
    uint64_t rows = rows_();
    if (lag_ && (!lag_read || now - *lag_read >= lag_interval_)) {
      lag = lag_();
      lag_read = now;
    }
    std::chrono::duration<double> elapsed = now - started_;
    std::string text = ProgressText(elapsed.count(), rows, lag, status_ ? status_() : "");
    // Cut to the width less one: a line that fills the last column could wrap.
    if (size_t width = width_ ? width_() : 0; width > 1) text = CutLineToWidth(text, width - 1);
    lock.lock();
    // Output may have come meanwhile; then the line waits for the next quiet period.
    if (stop_ || std::chrono::steady_clock::now() - last_output_ < delay_) continue;
    os_ << "\r\x1b[2K" << text << std::flush;
    shown_ = true;
    ++draws_;
  }
}

}  // namespace riffle::shell
