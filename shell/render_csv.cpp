#include "shell/render_csv.h"

#include <ostream>

#include "shell/renderer.h"
#include "shell/value_text.h"

namespace riffle::shell {

std::string CsvField(const std::string& text) {
  bool quote = text.empty() || text.front() == ' ' || text.back() == ' ' ||
               text.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void CsvRenderer::WriteHeader(const std::vector<ResultColumn>& columns) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out_ << ',';
    out_ << CsvField(columns[i].name);
  }
  out_ << "\r\n";
}

void CsvRenderer::WriteRecord(const std::vector<ResultColumn>& columns,
                              const std::vector<Value>& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out_ << ',';
    if (row[i].is_null()) continue;
    out_ << CsvField(CellText(row[i], i < columns.size() ? columns[i].type.get() : nullptr));
  }
  out_ << "\r\n";
}

void CsvRenderer::Notice(const std::string& text) { WriteLine(err_, text); }
void CsvRenderer::Warning(const std::string& text) { WriteWarning(err_, text); }
void CsvRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text);
}

void CsvRenderer::Table(const std::vector<ResultColumn>& columns,
                        const std::vector<std::vector<Value>>& rows) {
  if (columns.empty()) return;
  WriteHeader(columns);
  for (const auto& row : rows) WriteRecord(columns, row);
  out_.flush();
}

void CsvRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  columns_ = columns;
  if (!columns.empty()) WriteHeader(columns);
  out_.flush();
}

void CsvRenderer::Row(const std::vector<Value>& row) {
  WriteRecord(columns_, row);
  out_.flush();
}

void CsvRenderer::Rows(const std::vector<std::vector<Value>>& rows) {
  for (const auto& row : rows) WriteRecord(columns_, row);
  out_.flush();
}

void CsvRenderer::EndRows(const std::string& summary) {
  columns_.clear();
  out_.flush();
  if (!summary.empty()) WriteLine(err_, summary);
}

}  // namespace riffle::shell
