#pragma once
// A ResultSink that records what one statement reported, rendering result rows as the lines a
// script compares against: cells tab-separated, NULL as "NULL", "" as "(empty)", and tabs,
// newlines and backslashes inside a cell escaped (\t, \n, \\) so one row stays one line.

#include <functional>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"

namespace riffle::sqltest {

// Renders one cell as described above.
std::string RenderCell(const Value& value, const Type& type);

class CaptureSink : public ResultSink {
 public:
  // `header`: emit each result's column names (tab-separated) as a line before its rows.
  // `on_row` is called after each streamed row with the number of rows received so far.
  explicit CaptureSink(bool header = false, std::function<void(size_t)> on_row = {})
      : header_(header), on_row_(std::move(on_row)) {}

  void Notice(const std::string& text) override { notices.push_back(text); }
  void Warning(const std::string& text) override { warnings.push_back(text); }
  void Error(const std::string& text) override { errors.push_back(text); }
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  void EndRows(const std::string& summary) override;

  std::vector<std::string> notices;
  std::vector<std::string> warnings;
  std::vector<std::string> errors;
  std::vector<std::string> lines;  // rendered rows (and header lines) of every result
  size_t rows = 0;                 // data rows among `lines`
  bool streamed = false;           // BeginRows was called
  bool ended = false;              // EndRows was called
  std::string summary;             // EndRows' summary

 private:
  void AddHeader(const std::vector<ResultColumn>& columns);
  std::string RenderRow(const std::vector<Value>& row) const;

  bool header_;
  std::function<void(size_t)> on_row_;
  std::vector<ResultColumn> columns_;
};

}  // namespace riffle::sqltest
