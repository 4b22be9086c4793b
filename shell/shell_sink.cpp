#include "shell/shell_sink.h"

#include <cerrno>
#include <cstring>

namespace riffle::shell {

ShellSink::ShellSink(OutputFormat format, std::ostream& out, std::ostream& err,
                     RenderOptions options)
    : format_(format), out_(out), err_(err), options_(options) {
  Rebuild();
}

void ShellSink::Rebuild() {
  if (output_path_.empty()) {
    renderer_ = MakeRenderer(format_, out_, err_, options_);
    return;
  }
  // A file is not a terminal: no colours, no width to fit, no screenful to
  // repeat headers in.
  RenderOptions file_options = options_;
  file_options.terminal_width = 0;
  file_options.terminal_height = 0;
  file_options.color = false;
  file_options.show_types = false;
  renderer_ = MakeRenderer(format_, file_, err_, file_options);
}

void ShellSink::SetFormat(OutputFormat format) {
  format_ = format;
  Rebuild();
}

void ShellSink::SetMaxRows(size_t max_rows) {
  options_.max_rows = max_rows;
  Rebuild();
}

std::string ShellSink::RedirectOutput(const std::string& path, bool once) {
  std::ofstream file(path, std::ios::out | std::ios::trunc);
  if (!file) return "cannot write " + path + ": " + std::strerror(errno);
  if (file_.is_open()) file_.close();
  file_ = std::move(file);
  output_path_ = path;
  once_ = once;
  Rebuild();
  return "";
}

void ShellSink::ResetOutput() {
  if (output_path_.empty()) return;
  file_.close();
  output_path_.clear();
  once_ = false;
  Rebuild();
}

void ShellSink::StatementDone() {
  if (once_) ResetOutput();
}

void ShellSink::ClearScreen() {
  if (!terminal()) return;
  BeforeOutput();
  out_ << "\x1b[H\x1b[2J";
  out_.flush();
}

void ShellSink::Notice(const std::string& text) {
  if (live_) return live_->Interject([&] {
    BeforeOutput();
    renderer_->Notice(text);
  });
  BeforeOutput();
  renderer_->Notice(text);
}
void ShellSink::Warning(const std::string& text) {
  if (live_) return live_->Interject([&] {
    BeforeOutput();
    renderer_->Warning(text);
  });
  BeforeOutput();
  renderer_->Warning(text);
}
void ShellSink::Error(const std::string& text) {
  if (live_) return live_->Interject([&] {
    BeforeOutput();
    renderer_->Error(text);
  });
  BeforeOutput();
  renderer_->Error(text);
}
void ShellSink::Table(const std::vector<ResultColumn>& columns,
                      const std::vector<std::vector<Value>>& rows) {
  BeforeOutput();
  renderer_->Table(columns, rows);
}
void ShellSink::BeginRows(const std::vector<ResultColumn>& columns) {
  BeforeOutput();
  renderer_->BeginRows(columns);
}
void ShellSink::Row(const std::vector<Value>& row) {
  rows_received_.fetch_add(1, std::memory_order_relaxed);
  if (live_) return live_->Apply(row);  // it clears the progress line when it redraws
  BeforeOutput();
  renderer_->Row(row);
}
void ShellSink::EndRows(const std::string& summary) {
  {
    std::lock_guard lock(lag_mu_);
    lag_ = nullptr;
  }
  if (live_) {
    live_->Finish();
    live_.reset();
  }
  BeforeOutput();
  renderer_->EndRows(summary);
}

bool ShellSink::BeginLiveTable(const std::vector<ResultColumn>& columns) {
  if (!live_view_ || !terminal() || format_ != OutputFormat::kTable) return false;
  BeforeOutput();
  live_ = std::make_unique<LiveScreen>(out_, LiveTable(columns, options_),
                                       [this] { BeforeOutput(); });
  return true;
}

void ShellSink::SetLagProvider(std::function<std::optional<int64_t>()> lag) {
  std::lock_guard lock(lag_mu_);
  lag_ = std::move(lag);
}

std::optional<int64_t> ShellSink::Lag() const {
  std::function<std::optional<int64_t>()> lag;
  {
    std::lock_guard lock(lag_mu_);
    lag = lag_;
  }
  // Called outside the lock: it may ask the broker, and EndRows must not wait for that.
  return lag ? lag() : std::nullopt;
}

}  // namespace riffle::shell
