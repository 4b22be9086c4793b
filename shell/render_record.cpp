#include "shell/render_record.h"

#include <algorithm>
#include <ostream>

#include "shell/display_width.h"
#include "shell/render_table.h"

namespace riffle::shell {

void RecordRenderer::Notice(const std::string& text) { WriteLine(out_, text); }
void RecordRenderer::Warning(const std::string& text) {
  out_.flush();
  WriteWarning(err_, text, options_.color);
}
void RecordRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text, options_.color);
}

void RecordRenderer::WriteRecord(const std::vector<ResultColumn>& columns,
                                 const std::vector<Value>& row) {
  ++record_;
  std::vector<std::string> names;
  size_t name_width = 0;
  for (const ResultColumn& c : columns) {
    names.push_back(TableCellText(Value::String(c.name), Type::String()));
    name_width = std::max(name_width, DisplayWidth(names.back()));
  }
  if (style_ == RecordStyle::kVertical) {
    out_ << "-[ RECORD " << record_ << " ]" << std::string(name_width > 2 ? name_width - 2 : 1, '-')
         << '\n';
  } else if (record_ > 1) {
    out_ << '\n';
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string value = i < row.size() ? TableCellText(row[i], columns[i]) : "";
    std::string pad(name_width - DisplayWidth(names[i]), ' ');
    if (style_ == RecordStyle::kLine) {
      out_ << pad << names[i] << " = " << value << '\n';
    } else {
      out_ << names[i] << pad << " | " << value << '\n';
    }
  }
}

void RecordRenderer::Table(const std::vector<ResultColumn>& columns,
                           const std::vector<std::vector<Value>>& rows) {
  if (columns.empty()) return;
  record_ = 0;
  size_t shown = rows.size();
  if (options_.max_rows > 0) shown = std::min(shown, options_.max_rows);
  for (size_t r = 0; r < shown; ++r) WriteRecord(columns, rows[r]);
  std::string footer = RowCountFooter(rows.size(), shown, false);
  if (!footer.empty()) out_ << '\n' << footer << '\n';
  out_.flush();
}

void RecordRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  columns_ = columns;
  record_ = 0;
}

void RecordRenderer::Row(const std::vector<Value>& row) {
  WriteRecord(columns_, row);
  out_.flush();
}

void RecordRenderer::EndRows(const std::string& summary) {
  columns_.clear();
  if (!summary.empty()) {
    if (record_ > 0 && style_ == RecordStyle::kLine) out_ << '\n';
    WriteLine(out_, summary);
  } else {
    out_.flush();
  }
}

}  // namespace riffle::shell
