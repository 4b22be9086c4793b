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
  // Terminal width in columns used to narrow streaming tables; 0 = unknown (no narrowing).
  size_t terminal_width = 0;
};

// Creates the renderer for `format`. `out` and `err` must outlive it.
std::unique_ptr<ResultSink> MakeRenderer(OutputFormat format, std::ostream& out, std::ostream& err,
                                         RenderOptions options = {});

// Writes a warning ("WARNING: " prefixed unless already) or an error (as formatted by the
// engine) to `err` with exactly one trailing newline, and flushes it.
void WriteWarning(std::ostream& err, const std::string& text);
void WriteError(std::ostream& err, const std::string& text);
// Writes `text` and one trailing newline (none added if it already ends in one), then flushes.
void WriteLine(std::ostream& os, const std::string& text);

}  // namespace riffle::shell
