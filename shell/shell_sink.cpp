#include "shell/shell_sink.h"

#include <cerrno>
#include <cstring>

#include "shell/progress.h"

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
  // The row limit is for reading results on a screen; a file is for keeping them.
  file_options.max_rows = 0;
  file_options.row_count = false;
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

std::pair<size_t, size_t> ShellSink::TerminalSize() const {
  if (!terminal()) return {0, 0};
  if (terminal_size_) {
    auto size = terminal_size_();
    if (size.first > 0) return size;
  }
  return {options_.terminal_width, options_.terminal_height};
}

void ShellSink::DrawOnTerminal(const std::string& text) {
  if (!terminal()) return;
  BeforeOutput();
  out_ << text;
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
  BeginRowsOf(RowsKind::kPush, columns);
}

void ShellSink::BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) {
  in_result_ = true;
  result_kind_ = kind;
  result_rows_ = 0;
  result_shown_ = 0;
  BeforeOutput();
  renderer_->BeginRowsOf(kind, columns);
}

void ShellSink::Row(const std::vector<Value>& row) {
  rows_received_.fetch_add(1, std::memory_order_relaxed);
  ++result_rows_;
  if (live_) return live_->Apply(row);  // it clears the progress line when it redraws
  // Rows past a complete result's limit are counted, not shown; nothing is written, so the
  // progress line stays up meanwhile.
  bool human = format_ != OutputFormat::kJson && format_ != OutputFormat::kCsv;
  size_t limit = output_path_.empty() ? options_.max_rows : 0;
  if (result_kind_ == RowsKind::kPull && human && limit > 0 && result_shown_ >= limit) return;
  ++result_shown_;
  BeforeOutput();
  renderer_->Row(row);
}

void ShellSink::Rows(const std::vector<std::vector<Value>>& rows) {
  bool human = format_ != OutputFormat::kJson && format_ != OutputFormat::kCsv;
  size_t limit = output_path_.empty() ? options_.max_rows : 0;
  bool limited = result_kind_ == RowsKind::kPull && human && limit > 0;
  if (live_ || (limited && result_shown_ + rows.size() > limit)) {
    for (const auto& row : rows) Row(row);  // row by row where rows may be left out
    return;
  }
  rows_received_.fetch_add(rows.size(), std::memory_order_relaxed);
  result_rows_ += rows.size();
  result_shown_ += rows.size();
  BeforeOutput();
  renderer_->Rows(rows);
}

void ShellSink::FlushRows() {
  if (live_ || !renderer_->HoldingRows()) return;
  BeforeOutput();
  renderer_->FlushRows();
}

void ShellSink::EndRows(const std::string& summary) {
  {
    // The live table's last frame still shows the final status: read it before it ends.
    if (live_) live_->Finish();
    std::lock_guard lock(lag_mu_);
    lag_ = nullptr;
    stream_time_ = nullptr;
  }
  if (live_) {
    live_.reset();
    live_shown_ = false;
  }
  std::string text = summary;
  if (in_result_ && result_kind_ == RowsKind::kPull) {
    bool count = terminal() && format_ == OutputFormat::kTable && options_.row_count;
    std::string footer = RowCountFooter(result_rows_, result_shown_, count);
    if (!footer.empty()) text = summary.empty() ? footer : footer + "\n" + summary;
  }
  in_result_ = false;
  BeforeOutput();
  renderer_->EndRows(text);
}

void ShellSink::BeginStatement() {
  statement_base_.store(rows_received(), std::memory_order_relaxed);
  if (!terminal_size_ || options_.terminal_width == 0) return;
  auto [width, height] = terminal_size_();
  if (width == 0 || (width == options_.terminal_width && height == options_.terminal_height)) {
    return;
  }
  options_.terminal_width = width;
  options_.terminal_height = height;
  Rebuild();
}

void ShellSink::CloseResult() {
  if (in_result_) EndRows("");
}

bool ShellSink::BeginLiveTable(const std::vector<ResultColumn>& columns) {
  if (!live_view_ || !terminal() || format_ != OutputFormat::kTable) return false;
  BeforeOutput();
  LiveScreenProbes probes;
  probes.status = [this] { return StreamStatus(); };
  probes.terminal_size = terminal_size_;
  live_ = std::make_unique<LiveScreen>(
      out_, LiveTable(columns, options_), [this] { BeforeOutput(); }, std::move(probes));
  live_shown_ = true;
  return true;
}

void ShellSink::SetLagProvider(std::function<std::optional<int64_t>()> lag) {
  std::lock_guard lock(lag_mu_);
  lag_ = std::move(lag);
}

void ShellSink::SetStreamTimeProvider(std::function<StreamTimeStatus()> status) {
  std::lock_guard lock(lag_mu_);
  stream_time_ = std::move(status);
}

std::string ShellSink::StreamStatus() const {
  std::function<StreamTimeStatus()> status;
  {
    std::lock_guard lock(lag_mu_);
    status = stream_time_;
  }
  return status ? StreamTimeText(status()) : "";
}

std::string ShellSink::ProgressStatus() const { return live_shown_.load() ? "" : StreamStatus(); }

size_t ShellSink::CurrentWidth() const {
  if (!terminal()) return 0;
  return terminal_size_ ? terminal_size_().first : options_.terminal_width;
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
