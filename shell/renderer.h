#pragma once
// Result renderers: the shell's ResultSink implementations.
//
// Where output goes (the same for every format, so scripts can rely on it):
//   - rows (Table, BeginRows/Row) go to `out`, flushed as each row arrives;
//   - warnings and errors go to `err`;
//   - notices ("Stream ORDERS created.") and streaming summaries ("Limit Reached") go to `out`
//     in table format, and to `err` in json and csv formats so that stdout stays pure data.

#include <iosfwd>
#include <memory>

#include "core/engine/result_sink.h"
#include "shell/output_format.h"

namespace riffle::shell {

struct RenderOptions {
  // Terminal width in columns: tables are narrowed to fit it (complete results truncate wide
  // values with an ellipsis, streaming ones wrap them); 0 = unknown (no narrowing).
  size_t terminal_width = 0;
  // Terminal height in lines: a streaming table repeats its header every screenful; 0 = unknown
  // (header shown once).
  size_t terminal_height = 0;
  // Complete results (Table()) in the human formats show at most this many rows, then
  // "N rows not shown"; 0 = no limit. JSON and CSV always show every row.
  size_t max_rows = 0;
  // Streaming results in the table format show a second header line with the column types.
  bool show_types = false;
  // ANSI colours: bold headers, red errors, yellow warnings. Only for a terminal.
  bool color = false;
};

// Creates the renderer for `format`. `out` and `err` must outlive it.
std::unique_ptr<ResultSink> MakeRenderer(OutputFormat format, std::ostream& out, std::ostream& err,
                                         RenderOptions options = {});

// Writes a warning ("WARNING: " prefixed unless already) or an error (as formatted by the
// engine) to `err` with exactly one trailing newline, and flushes it.
// With `color`, the text is red (errors) or yellow (warnings).
void WriteWarning(std::ostream& err, const std::string& text, bool color = false);
void WriteError(std::ostream& err, const std::string& text, bool color = false);
// The footer of a result cut by RenderOptions::max_rows ("3 rows not shown (.maxrows 0 shows
// all)."); "" when nothing was cut.
std::string RowsNotShown(size_t total, size_t shown);
// Writes `text` and one trailing newline (none added if it already ends in one), then flushes.
void WriteLine(std::ostream& os, const std::string& text);

}  // namespace riffle::shell
