#include "shell/render_markdown.h"

#include <algorithm>
#include <ostream>

#include "shell/display_width.h"
#include "shell/render_table.h"

namespace riffle::shell {
namespace {

std::string EscapePipes(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// Right-aligned as a number (a window bound shows as a timestamp instead).
bool IsNumeric(const ResultColumn& c) {
  return !c.window_bound && c.type != nullptr && c.type->IsNumeric();
}

void WriteCells(std::ostream& os, const std::vector<std::string>& cells,
                const std::vector<size_t>& widths, const std::vector<bool>& right) {
  os << '|';
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t width = i < widths.size() ? widths[i] : 0;
    size_t used = DisplayWidth(cells[i]);
    std::string pad(width > used ? width - used : 0, ' ');
    bool r = i < right.size() && right[i];
    os << ' ' << (r ? pad + cells[i] : cells[i] + pad) << " |";
  }
  os << '\n';
}

// The header line and the alignment line ("---:" right-aligns numbers).
void WriteHeader(std::ostream& os, const std::vector<ResultColumn>& columns,
                 const std::vector<size_t>& widths) {
  std::vector<std::string> names;
  std::vector<bool> right;
  for (const ResultColumn& c : columns) {
    names.push_back(EscapePipes(TableCellText(Value::String(c.name), Type::String())));
    right.push_back(false);
  }
  WriteCells(os, names, widths, right);
  os << '|';
  for (size_t i = 0; i < columns.size(); ++i) {
    size_t width = std::max<size_t>(i < widths.size() ? widths[i] : 0, 3);
    if (IsNumeric(columns[i])) {
      os << ' ' << std::string(width - 1, '-') << ": |";
    } else {
      os << ' ' << std::string(width, '-') << " |";
    }
  }
  os << '\n';
}

std::vector<std::string> Cells(const std::vector<ResultColumn>& columns,
                               const std::vector<Value>& row) {
  std::vector<std::string> cells;
  for (size_t i = 0; i < columns.size(); ++i) {
    cells.push_back(i < row.size() ? MarkdownCell(row[i], columns[i]) : std::string());
  }
  return cells;
}

std::vector<bool> RightAlign(const std::vector<ResultColumn>& columns) {
  std::vector<bool> right;
  for (const ResultColumn& c : columns) right.push_back(IsNumeric(c));
  return right;
}

}  // namespace

std::string MarkdownCell(const Value& value, const ResultColumn& column) {
  return EscapePipes(TableCellText(value, column));
}

void MarkdownRenderer::Notice(const std::string& text) { WriteLine(out_, text); }
void MarkdownRenderer::Warning(const std::string& text) {
  out_.flush();
  WriteWarning(err_, text, options_.color);
}
void MarkdownRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text, options_.color);
}

void MarkdownRenderer::Table(const std::vector<ResultColumn>& columns,
                             const std::vector<std::vector<Value>>& rows) {
  if (columns.empty()) return;
  size_t shown = rows.size();
  if (options_.max_rows > 0) shown = std::min(shown, options_.max_rows);
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const ResultColumn& c : columns) {
    widths.push_back(std::max<size_t>(DisplayWidth(EscapePipes(c.name)), 3));
  }
  for (size_t r = 0; r < shown; ++r) {
    cells.push_back(Cells(columns, rows[r]));
    for (size_t i = 0; i < columns.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells.back()[i]));
    }
  }
  WriteHeader(out_, columns, widths);
  std::vector<bool> right = RightAlign(columns);
  for (const auto& row : cells) WriteCells(out_, row, widths, right);
  std::string footer = RowCountFooter(rows.size(), shown, false);
  if (!footer.empty()) out_ << '\n' << footer << '\n';
  out_.flush();
}

void MarkdownRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  columns_ = columns;
  if (columns.empty()) return;
  WriteHeader(out_, columns, {});
  out_.flush();
}

void MarkdownRenderer::Row(const std::vector<Value>& row) {
  WriteCells(out_, Cells(columns_, row), {}, {});
  out_.flush();
}

void MarkdownRenderer::EndRows(const std::string& summary) {
  columns_.clear();
  if (!summary.empty()) {
    WriteLine(out_, summary);
  } else {
    out_.flush();
  }
}

}  // namespace riffle::shell
