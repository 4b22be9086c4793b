#include "tests/sql/runner/capture_sink.h"

namespace riffle::sqltest {

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderCell(const Value& value, const Type& type) {
  if (value.is_null()) return "NULL";
  std::string text = ValueToDisplayString(value, type);
  if (text.empty()) return "(empty)";
  return Escape(text);
}

void CaptureSink::AddHeader(const std::vector<ResultColumn>& columns) {
  if (!header_) return;
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) line += '\t';
    line += Escape(columns[i].name);
  }
  lines.push_back(line);
}

std::string CaptureSink::RenderRow(const std::vector<Value>& row) const {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) line += '\t';
    if (i < columns_.size() && columns_[i].type) {
      line += RenderCell(row[i], *columns_[i].type);
    } else {
      line += row[i].is_null() ? "NULL" : "?";  // a row wider than its columns: shows as a diff
    }
  }
  return line;
}

void CaptureSink::Table(const std::vector<ResultColumn>& columns,
                        const std::vector<std::vector<Value>>& table_rows) {
  columns_ = columns;
  AddHeader(columns);
  for (const auto& row : table_rows) {
    lines.push_back(RenderRow(row));
    ++rows;
  }
}

void CaptureSink::BeginRows(const std::vector<ResultColumn>& columns) {
  streamed = true;
  columns_ = columns;
  AddHeader(columns);
}

void CaptureSink::Row(const std::vector<Value>& row) {
  lines.push_back(RenderRow(row));
  ++rows;
  if (on_row_) on_row_(rows);
}

void CaptureSink::EndRows(const std::string& text) {
  ended = true;
  summary = text;
}

}  // namespace riffle::sqltest
