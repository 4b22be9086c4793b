#pragma once
// Boxed tables in the style of ksqlDB's CLI, for people at a terminal.
//
// Table() sizes every column to its widest cell, so nothing is cut. A streaming result cannot
// know its rows in advance: BeginRows sizes columns from the header and the column type (a
// BIGINT needs 20 columns, a DATE 10, ...), narrowed to fit the terminal width when known, and a
// longer value wraps onto continuation lines inside its cell rather than being truncated.
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
  // Writes one logical row; cells wider than their column wrap onto extra lines.
  void WriteRow(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                const std::vector<bool>& right_align);
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
};

// The escaped, single-line text of a cell as the table renderer shows it.
std::string TableCellText(const Value& value, const TypePtr& type);

// The width a streaming column starts with for values of `type` (without the header).
size_t PreferredStreamingWidth(const TypePtr& type);

}  // namespace riffle::shell
