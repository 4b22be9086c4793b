#pragma once
// The shell's one ResultSink: forwards to the renderer of the current output format and lets
// dot commands change that format (.mode), the row limit (.maxrows) and where results go
// (.output FILE until changed back, .once FILE for the next statement only). Errors and
// warnings always go to the error stream, so a spooled file holds only results.
//
// A pull query's rows are a complete result: in the human formats (not json or csv) only the
// first max_rows are passed on, the rest are counted, and the result ends with how many were
// not shown; at a terminal in the table format it ends with its row count in any case
// ("300,000 rows"). A file (.output, .once) gets every row.

#include <atomic>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/engine/result_sink.h"
#include "shell/live_screen.h"
#include "shell/output_format.h"
#include "shell/renderer.h"

namespace riffle::shell {

class ShellSink : public ResultSink {
 public:
  // `out` and `err` must outlive the sink. `options` describe `out` (a file gets no colours and
  // no terminal size).
  ShellSink(OutputFormat format, std::ostream& out, std::ostream& err, RenderOptions options);

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  // As BeginRowsOf(kPush, columns).
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  // As Row for each, but written (and flushed) together: one write for the rows the engine
  // handed over at once, instead of one per row.
  void Rows(const std::vector<std::vector<Value>>& rows) override;
  void FlushRows() override;
  void EndRows(const std::string& summary) override;
  // Accepted when the live view is on and results go to a terminal in table format; otherwise
  // the engine streams rows as usual (so piped output stays plain).
  bool BeginLiveTable(const std::vector<ResultColumn>& columns) override;
  void SetLagProvider(std::function<std::optional<int64_t>()> lag) override;
  void SetStreamTimeProvider(std::function<StreamTimeStatus()> status) override;

  OutputFormat format() const { return format_; }
  void SetFormat(OutputFormat format);
  size_t max_rows() const { return options_.max_rows; }
  void SetMaxRows(size_t max_rows);
  const RenderOptions& options() const { return options_; }
  // .live: show push queries on tables as a table redrawn in place (at a terminal).
  bool live_view() const { return live_view_; }
  void SetLiveView(bool on) { live_view_ = on; }

  // Sends results to `path` (created or truncated) instead of `out`: until ResetOutput() when
  // `once` is false, for the next statement only (see StatementDone) when true. Returns "" on
  // success, else why the file could not be opened (output is then unchanged).
  std::string RedirectOutput(const std::string& path, bool once);
  // Results go to `out` again (closing any file).
  void ResetOutput();
  // Called after each statement (or dot command): ends a .once redirection.
  void StatementDone();
  // Called when a statement starts: statement_rows() counts from here, and the terminal size is
  // asked again (see set_terminal_size).
  void BeginStatement();
  // Where the terminal's current {width, height} comes from, for a terminal that is resized
  // during the session; empty (the default): the size given at construction stays.
  void set_terminal_size(std::function<std::pair<size_t, size_t>()> size) {
    terminal_size_ = std::move(size);
  }
  // Called when the engine is done with a statement: a result it left open (it failed between
  // BeginRows and EndRows) is closed, so its held rows and warnings are shown.
  void CloseResult();
  // The file results go to; "" when they go to `out`.
  const std::string& output_path() const { return output_path_; }

  // True when results go to a terminal (not redirected, terminal width known).
  bool terminal() const { return output_path_.empty() && options_.terminal_width > 0; }
  // Clears the terminal (cursor home, erase screen) when terminal(); no-op otherwise.
  void ClearScreen();
  // The terminal's size now, {columns, rows} (asked again each call, see set_terminal_size);
  // {0, 0} when not terminal().
  std::pair<size_t, size_t> TerminalSize() const;
  // Writes `text` as it is (an in-place view's escape sequences and frame) and flushes, when
  // terminal(); no-op otherwise.
  void DrawOnTerminal(const std::string& text);

  // Called before anything is written (so a progress line can be cleared first); may be empty.
  void set_before_output(std::function<void()> hook) { before_output_ = std::move(hook); }
  // Rows received (Row() calls) since the sink was created.
  uint64_t rows_received() const { return rows_received_.load(std::memory_order_relaxed); }
  // Rows received since the last BeginStatement(): the progress line reads it, from any thread.
  uint64_t statement_rows() const {
    return rows_received() - statement_base_.load(std::memory_order_relaxed);
  }
  // Records the running streaming result has still to read (see ResultSink::SetLagProvider);
  // nullopt when unknown or when no result is streaming. Callable from any thread.
  std::optional<int64_t> Lag() const;
  // The running push query's status line (StreamTimeText: stream time per source, late records
  // dropped); "" when no push query is streaming. Callable from any thread.
  std::string StreamStatus() const;
  // StreamStatus() for the progress line: "" while a live table shows it in its own frame.
  std::string ProgressStatus() const;
  // The terminal's width now (asked again, as it may have been resized); 0 when results do not
  // go to a terminal. Callable from any thread.
  size_t CurrentWidth() const;

 private:
  void Rebuild();
  void BeforeOutput() {
    if (before_output_) before_output_();
  }

  OutputFormat format_;
  std::ostream& out_;
  std::ostream& err_;
  RenderOptions options_;
  std::ofstream file_;
  std::string output_path_;
  bool once_ = false;
  std::unique_ptr<Renderer> renderer_;
  std::function<void()> before_output_;
  std::function<std::pair<size_t, size_t>()> terminal_size_;
  std::atomic<uint64_t> rows_received_{0};
  std::atomic<uint64_t> statement_base_{0};
  // The streaming result in progress, if any.
  bool in_result_ = false;
  RowsKind result_kind_ = RowsKind::kPush;
  uint64_t result_rows_ = 0;  // rows received
  uint64_t result_shown_ = 0;  // rows passed to the renderer
  bool live_view_ = false;
  std::unique_ptr<LiveScreen> live_;  // the live table being shown
  std::atomic<bool> live_shown_{false};  // live_ is set (readable from other threads)
  mutable std::mutex lag_mu_;
  std::function<std::optional<int64_t>()> lag_;  // guarded by lag_mu_
  std::function<StreamTimeStatus()> stream_time_;  // guarded by lag_mu_
};

}  // namespace riffle::shell
