#include "shell/render_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "shell/display_width.h"
#include "shell/value_text.h"

namespace riffle::shell {
namespace {

// Streaming columns never shrink below this when fitting the terminal (unless
// the header is narrower still), so values stay readable.
constexpr size_t kMinShrunkWidth = 8;

std::string EscapeControl(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  return out;
}

bool IsNumeric(const TypePtr& type) { return type != nullptr && type->IsNumeric(); }

std::vector<bool> RightAlign(const std::vector<ResultColumn>& columns) {
  std::vector<bool> right;
  right.reserve(columns.size());
  for (const ResultColumn& c : columns) right.push_back(IsNumeric(c.type));
  return right;
}

// Pads `text` (of display width `width`) to `target` columns.
void WritePadded(std::ostream& os, const std::string& text, size_t target, bool right) {
  size_t width = DisplayWidth(text);
  std::string pad(target > width ? target - width : 0, ' ');
  if (right) {
    os << pad << text;
  } else {
    os << text << pad;
  }
}

}  // namespace

std::string TableCellText(const Value& value, const TypePtr& type) {
  return EscapeControl(CellText(value, type));
}

size_t PreferredStreamingWidth(const TypePtr& type) {
  if (type == nullptr) return 10;
  switch (type->kind) {
    case TypeKind::kBoolean:
      return 5;
    case TypeKind::kInt:
      return 11;
    case TypeKind::kBigint:
      return 20;
    case TypeKind::kDouble:
      return 12;
    case TypeKind::kDecimal:
      return static_cast<size_t>(std::clamp(type->precision + 2, 4, 40));
    case TypeKind::kString:
    case TypeKind::kBytes:
      return 20;
    case TypeKind::kDate:
      return 10;
    case TypeKind::kTime:
      return 12;
    case TypeKind::kTimestamp:
      return 23;
    case TypeKind::kArray:
    case TypeKind::kMap:
    case TypeKind::kStruct:
      return 30;
    case TypeKind::kNull:
      return 4;
  }
  return 10;
}

void FitWidths(std::vector<size_t>& widths, size_t terminal_width, size_t floor) {
  if (terminal_width == 0 || widths.empty()) return;
  // Each column costs its width plus 3 ("| " and " "), plus the final '|'.
  size_t total = 1;
  for (size_t w : widths) total += w + 3;
  while (total > terminal_width) {
    size_t widest = widths.size();
    for (size_t i = 0; i < widths.size(); ++i) {
      if (widths[i] > floor && (widest == widths.size() || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest == widths.size()) return;
    --widths[widest];
    --total;
  }
}

void TableRenderer::Notice(const std::string& text) { WriteLine(out_, text); }
void TableRenderer::Warning(const std::string& text) {
  out_.flush();
  WriteWarning(err_, text, options_.color);
}
void TableRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text, options_.color);
}

std::vector<std::string> TableRenderer::RowCells(const std::vector<ResultColumn>& columns,
                                                 const std::vector<Value>& row) const {
  std::vector<std::string> cells;
  cells.reserve(std::max(columns.size(), row.size()));
  for (size_t i = 0; i < row.size(); ++i) {
    cells.push_back(TableCellText(row[i], i < columns.size() ? columns[i].type : nullptr));
  }
  // A short row (an engine bug) still lines up: missing cells show empty.
  while (cells.size() < columns.size()) cells.emplace_back();
  return cells;
}

void TableRenderer::WriteBorder(const std::vector<size_t>& widths) {
  out_ << '+';
  for (size_t w : widths) out_ << std::string(w + 2, '-') << '+';
  out_ << '\n';
}

size_t TableRenderer::WriteRow(const std::vector<std::string>& cells,
                               const std::vector<size_t>& widths,
                               const std::vector<bool>& right_align, bool bold) {
  std::vector<std::vector<std::string>> pieces(cells.size());
  size_t lines = 1;
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t width = i < widths.size() ? std::max<size_t>(widths[i], 1) : DisplayWidth(cells[i]);
    pieces[i] = WrapToWidth(cells[i], std::max<size_t>(width, 1));
    lines = std::max(lines, pieces[i].size());
  }
  const bool colour = bold && options_.color;
  for (size_t line = 0; line < lines; ++line) {
    out_ << '|';
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& text = line < pieces[i].size() ? pieces[i][line] : std::string();
      size_t width = i < widths.size() ? widths[i] : DisplayWidth(cells[i]);
      out_ << ' ';
      if (colour) out_ << "\x1b[1m";
      // Continuation lines of a wrapped value read left to right, even in
      // numeric columns.
      WritePadded(out_, text, width, right_align.size() > i && right_align[i] && lines == 1);
      if (colour) out_ << "\x1b[0m";
      out_ << " |";
    }
    out_ << '\n';
  }
  return lines;
}

void TableRenderer::Table(const std::vector<ResultColumn>& columns,
                          const std::vector<std::vector<Value>>& rows) {
  if (columns.empty()) return;
  size_t shown = rows.size();
  if (options_.max_rows > 0) shown = std::min(shown, options_.max_rows);
  std::vector<std::vector<std::string>> cells;
  cells.reserve(shown);
  for (size_t r = 0; r < shown; ++r) cells.push_back(RowCells(columns, rows[r]));
  std::vector<size_t> widths;
  std::vector<std::string> header;
  for (const ResultColumn& c : columns) {
    header.push_back(EscapeControl(c.name));
    widths.push_back(DisplayWidth(header.back()));
  }
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i < widths.size()) {
        widths[i] = std::max(widths[i], DisplayWidth(row[i]));
      } else {
        widths.push_back(DisplayWidth(row[i]));
      }
    }
  }
  std::vector<bool> right = RightAlign(columns);
  while (header.size() < widths.size()) header.emplace_back();
  FitWidths(widths, options_.terminal_width, kMinShrunkWidth);
  // Complete results are cut, not wrapped: one line per row keeps a listing
  // scannable.
  auto cut = [&](std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      row[i] = TruncateToWidth(row[i], widths[i]);
    }
  };
  cut(header);
  WriteBorder(widths);
  WriteRow(header, widths, std::vector<bool>(widths.size(), false),
           /*bold=*/true);
  WriteBorder(widths);
  for (auto& row : cells) {
    while (row.size() < widths.size()) row.emplace_back();
    cut(row);
    WriteRow(row, widths, right);
  }
  WriteBorder(widths);
  std::string footer = RowsNotShown(rows.size(), shown);
  if (!footer.empty()) out_ << footer << '\n';
  out_.flush();
}

void TableRenderer::WriteStreamHeader() {
  WriteBorder(stream_widths_);
  WriteRow(stream_header_, stream_widths_, std::vector<bool>(stream_widths_.size(), false),
           /*bold=*/true);
  if (!stream_types_.empty()) {
    WriteRow(stream_types_, stream_widths_, std::vector<bool>(stream_widths_.size(), false));
  }
  WriteBorder(stream_widths_);
  lines_since_header_ = 0;
}

void TableRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  streaming_ = true;
  stream_columns_ = columns;
  stream_widths_.clear();
  stream_header_.clear();
  stream_types_.clear();
  size_t floor = kMinShrunkWidth;
  for (const ResultColumn& c : columns) {
    stream_header_.push_back(EscapeControl(c.name));
    size_t header_width = DisplayWidth(stream_header_.back());
    if (options_.show_types) {
      stream_types_.push_back(c.type != nullptr ? c.type->ToSqlString() : "");
      header_width = std::max(header_width, DisplayWidth(stream_types_.back()));
    }
    stream_widths_.push_back(std::max(header_width, PreferredStreamingWidth(c.type)));
  }
  if (options_.terminal_width > 0 && !columns.empty()) {
    // Headers stay whole: a column narrows to its header but no further (and
    // not below the floor unless its preferred width is smaller still).
    std::vector<size_t> minimum;
    for (size_t i = 0; i < columns.size(); ++i) {
      size_t header_width = DisplayWidth(stream_header_[i]);
      if (!stream_types_.empty()) {
        header_width = std::max(header_width, DisplayWidth(stream_types_[i]));
      }
      minimum.push_back(std::max(header_width, std::min(floor, stream_widths_[i])));
    }
    size_t total = 1;
    for (size_t w : stream_widths_) total += w + 3;
    while (total > options_.terminal_width) {
      size_t widest = columns.size();
      for (size_t i = 0; i < columns.size(); ++i) {
        if (stream_widths_[i] > minimum[i] &&
            (widest == columns.size() || stream_widths_[i] > stream_widths_[widest])) {
          widest = i;
        }
      }
      if (widest == columns.size()) break;
      --stream_widths_[widest];
      --total;
    }
  }
  stream_right_ = RightAlign(columns);
  if (columns.empty()) return;
  WriteStreamHeader();
  out_.flush();
}

void TableRenderer::Row(const std::vector<Value>& row) {
  // Repeat the header once a screenful of rows has scrolled it away (its own
  // lines and the prompt line are part of the screen too).
  size_t header_lines = stream_types_.empty() ? 3 : 4;
  if (options_.terminal_height > header_lines + 2 &&
      lines_since_header_ >= options_.terminal_height - header_lines - 1) {
    WriteStreamHeader();
  }
  std::vector<std::string> cells = RowCells(stream_columns_, row);
  lines_since_header_ += WriteRow(cells, stream_widths_, stream_right_);
  out_.flush();
}

void TableRenderer::EndRows(const std::string& summary) {
  if (streaming_ && !stream_columns_.empty()) WriteBorder(stream_widths_);
  streaming_ = false;
  stream_columns_.clear();
  stream_widths_.clear();
  stream_right_.clear();
  stream_header_.clear();
  stream_types_.clear();
  if (!summary.empty()) {
    WriteLine(out_, summary);
  } else {
    out_.flush();
  }
}

}  // namespace riffle::shell
