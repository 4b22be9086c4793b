#pragma once
// Result renderers: the shell's ResultSink implementations.
//
// Where output goes (the same for every format, so scripts can rely on it):
//   - rows (Table, BeginRows/Row/Rows) go to `out`, flushed as each row (Row) or each group of
//     rows that arrived together (Rows) is written;
//   - warnings and errors go to `err`;
//   - notices ("Stream ORDERS created.") and streaming summaries ("Limit Reached") go to `out`
//     in table format, and to `err` in json and csv formats so that stdout stays pure data.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/engine/result_sink.h"
#include "shell/output_format.h"

namespace riffle::shell {

struct RenderOptions {
  // Terminal width in columns: tables are narrowed to fit it and values too wide for their
  // column are cut with an ellipsis, so a row is always one line; 0 = unknown (no narrowing:
  // a value wider than its column wraps inside its cell, nothing is lost).
  size_t terminal_width = 0;
  // Terminal height in lines: a streaming table repeats its header every screenful; 0 = unknown
  // (header shown once).
  size_t terminal_height = 0;
  // Complete results (Table(), pull queries) in the human formats show their first `max_rows`
  // rows, then how many were not shown; 0 = no limit. JSON and CSV always show every row.
  size_t max_rows = 0;
  // Query results in the table format show a second header line with the column types.
  bool show_types = false;
  // ANSI colours: bold headers, red errors, yellow warnings. Only for a terminal.
  bool color = false;
  // Complete results in the table format end with their row count ("3 rows"), even when every
  // row is shown. For a person at a terminal.
  bool row_count = false;
};

// What the shell's renderers add to ResultSink.
class Renderer : public ResultSink {
 public:
  // True while rows of a streaming result are held back (to size the columns from them):
  // FlushRows() may then write. The shell clears its progress line only before output.
  virtual bool HoldingRows() const { return false; }
};

// Creates the renderer for `format`. `out` and `err` must outlive it.
std::unique_ptr<Renderer> MakeRenderer(OutputFormat format, std::ostream& out, std::ostream& err,
                                       RenderOptions options = {});

// Writes a warning ("WARNING: " prefixed unless already) or an error (as formatted by the
// engine) to `err` with exactly one trailing newline, and flushes it.
// With `color`, the text is red (errors) or yellow (warnings).
void WriteWarning(std::ostream& err, const std::string& text, bool color = false);
void WriteError(std::ostream& err, const std::string& text, bool color = false);
// The line below a complete result of `total` rows of which the first `shown` are shown: when
// rows were left out, "300,000 rows; the first 40 shown, 299,960 rows not shown (.maxrows 0
// shows all)."; otherwise "3 rows" with `count_always`, else "".
std::string RowCountFooter(uint64_t total, uint64_t shown, bool count_always);
// 1234567 as "1,234,567".
std::string GroupDigits(uint64_t n);
// Writes `text` and one trailing newline (none added if it already ends in one), then flushes.
void WriteLine(std::ostream& os, const std::string& text);

}  // namespace riffle::shell
