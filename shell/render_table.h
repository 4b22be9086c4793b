#pragma once
// Boxed tables in the style of ksqlDB's CLI, for people at a terminal.
//
// Table() sizes every column to its widest cell; when the terminal width is known and the table
// is wider, the widest columns are narrowed and their values cut with an ellipsis. With
// RenderOptions::max_rows, rows past the limit are left out and counted below the table.
// A streaming result cannot know its rows in advance: BeginRows sizes columns from the header
// and the column type (a BIGINT needs 20 columns, a DATE 10, ...), narrowed to fit the terminal
// width when known, and a longer value wraps onto continuation lines inside its cell rather than
// being truncated. With show_types the header has a second line of column types; with a known
// terminal height the header is repeated every screenful, so it stays in sight.
// Control characters in values are shown escaped (\n, \t, \x1b) so a value cannot break the box.
// Numeric columns are right-aligned. See renderer.h for which stream gets what.

#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class TableRenderer : public ResultSink {
 public:
  TableRenderer(std::ostream& out, std::ostream& err, RenderOptions options = {})
      : out_(out), err_(err), options_(options) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  void EndRows(const std::string& summary) override;

 private:
  void WriteBorder(const std::vector<size_t>& widths);
  // Writes one logical row; cells wider than their column wrap onto extra lines. Returns the
  // number of lines written. `bold` (header) applies only with colours on.
  size_t WriteRow(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                  const std::vector<bool>& right_align, bool bold = false);
  // Border, header line(s), border for the streaming result in progress.
  void WriteStreamHeader();
  std::vector<std::string> RowCells(const std::vector<ResultColumn>& columns,
                                    const std::vector<Value>& row) const;

  std::ostream& out_;
  std::ostream& err_;
  RenderOptions options_;
  // The streaming result in progress (between BeginRows and EndRows).
  bool streaming_ = false;
  std::vector<ResultColumn> stream_columns_;
  std::vector<size_t> stream_widths_;
  std::vector<bool> stream_right_;
  std::vector<std::string> stream_header_;
  std::vector<std::string> stream_types_;  // empty unless show_types
  size_t lines_since_header_ = 0;
};

// Narrows `widths` (each column's content width) until the boxed table fits `terminal_width`
// columns, taking one column at a time from the widest; no column goes below
// min(its width, `floor`). No-op when terminal_width is 0.
void FitWidths(std::vector<size_t>& widths, size_t terminal_width, size_t floor);

// The escaped, single-line text of a cell as the table renderer shows it.
std::string TableCellText(const Value& value, const TypePtr& type);

// The width a streaming column starts with for values of `type` (without the header).
size_t PreferredStreamingWidth(const TypePtr& type);

}  // namespace riffle::shell
