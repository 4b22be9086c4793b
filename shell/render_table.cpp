#include "shell/render_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "core/types/datetime.h"
#include "shell/display_width.h"
#include "shell/value_text.h"

namespace riffle::shell {
namespace {

// Columns never shrink below this when fitting the terminal (unless their content is narrower
// still), so values stay readable.
constexpr size_t kMinShrunkWidth = 8;
// The first column names its row (a query id, a stream, a topic): it keeps up to this much,
// and up to a third of the terminal.
constexpr size_t kFirstColumnKeeps = 40;

size_t FirstColumnKeeps(size_t terminal_width) {
  return std::clamp(terminal_width / 3, kMinShrunkWidth, kFirstColumnKeeps);
}

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
// Right-aligned and sized as a number: a window bound is shown as a timestamp instead.
bool ShownAsNumber(const ResultColumn& c) { return !c.window_bound && IsNumeric(c.type); }

bool ShownAsTimestamp(const ResultColumn& c) {
  return c.window_bound || (c.type != nullptr && c.type->kind == TypeKind::kTimestamp);
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

std::vector<TableRenderer::CellKind> TableRenderer::ShownCellKinds(
    const std::vector<ResultColumn>& columns, const ColumnLayout& layout) {
  std::vector<CellKind> shown;
  for (size_t i : layout.source) {
    CellKind kind = CellKind::kText;
    if (i != ColumnLayout::kGap && i < columns.size()) {
      if (ShownAsNumber(columns[i])) kind = CellKind::kNumber;
      if (ShownAsTimestamp(columns[i])) kind = CellKind::kTimestamp;
    }
    shown.push_back(kind);
  }
  return shown;
}

std::string TableCellText(const Value& value, const TypePtr& type) {
  return EscapeControl(CellText(value, type));
}

std::string TableCellText(const Value& value, const ResultColumn& column) {
  return EscapeControl(ColumnCellText(value, column));
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

void FitWidths(std::vector<size_t>& widths, size_t terminal_width, size_t floor,
               size_t first_floor) {
  if (terminal_width == 0 || widths.empty()) return;
  // Each column costs its width plus 3 ("| " and " "), plus the final '|'.
  size_t total = 1;
  for (size_t w : widths) total += w + 3;
  while (total > terminal_width) {
    size_t widest = widths.size();
    for (size_t i = 0; i < widths.size(); ++i) {
      if (widths[i] > (i == 0 ? std::max(floor, first_floor) : floor) &&
          (widest == widths.size() || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest == widths.size()) return;
    --widths[widest];
    --total;
  }
}

std::vector<std::string> ColumnLayout::Project(const std::vector<std::string>& cells) const {
  std::vector<std::string> shown;
  shown.reserve(source.size());
  for (size_t i : source) {
    shown.push_back(i == kGap ? "\u2026" : i < cells.size() ? cells[i] : std::string());
  }
  return shown;
}

ColumnLayout LayOutColumns(const std::vector<size_t>& widths, size_t terminal_width) {
  ColumnLayout layout;
  std::vector<size_t> kept(widths.size());
  for (size_t i = 0; i < kept.size(); ++i) kept[i] = i;
  if (terminal_width > 0) {
    // The narrowest the kept columns can get, with the "…" column (1 + 3) once any is left out.
    auto narrowest = [&] {
      size_t total = 1 + (kept.size() < widths.size() ? 4 : 0);
      for (size_t i : kept) {
        total += std::min(widths[i], i == 0 ? FirstColumnKeeps(terminal_width) : kMinShrunkWidth) + 3;
      }
      return total;
    };
    // Taking the middle one each time leaves a first and a last part with the gap between.
    while (kept.size() > 1 && narrowest() > terminal_width) {
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(kept.size() / 2));
    }
  }
  layout.hidden = widths.size() - kept.size();
  for (size_t k = 0; k < kept.size(); ++k) {
    if (layout.hidden > 0 && k > 0 && kept[k] != kept[k - 1] + 1) {
      layout.source.push_back(ColumnLayout::kGap);
      layout.widths.push_back(1);
    }
    layout.source.push_back(kept[k]);
    layout.widths.push_back(widths[kept[k]]);
  }
  // With a single column kept the gap is at the end.
  if (layout.hidden > 0 && kept.size() == 1) {
    layout.source.push_back(ColumnLayout::kGap);
    layout.widths.push_back(1);
  }
  const bool first_shown = !layout.source.empty() && layout.source[0] == 0;
  FitWidths(layout.widths, terminal_width, kMinShrunkWidth,
            first_shown ? std::min(widths[0], FirstColumnKeeps(terminal_width)) : 0);
  return layout;
}

void TableRenderer::Notice(const std::string& text) { WriteLine(out_, text); }
void TableRenderer::Warning(const std::string& text) {
  if (state_ == State::kHolding || state_ == State::kRows) {
    warnings_.push_back(text);  // after the table, not inside its box
    return;
  }
  out_.flush();
  WriteWarning(err_, text, options_.color);
}
void TableRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text, options_.color);
}

void TableRenderer::WriteWarnings() {
  std::vector<std::string> warnings;
  warnings.swap(warnings_);
  if (warnings.empty()) return;
  out_.flush();
  for (const std::string& w : warnings) WriteWarning(err_, w, options_.color);
}

std::vector<std::string> TableRenderer::RowCells(const std::vector<ResultColumn>& columns,
                                                 const std::vector<Value>& row) const {
  std::vector<std::string> cells;
  cells.reserve(std::max(columns.size(), row.size()));
  for (size_t i = 0; i < row.size(); ++i) {
    cells.push_back(i < columns.size() ? TableCellText(row[i], columns[i])
                                       : TableCellText(row[i], TypePtr()));
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
                               const std::vector<CellKind>& kinds, bool bold) {
  const bool cut = options_.terminal_width > 0;
  std::vector<std::vector<std::string>> pieces(cells.size());
  size_t lines = 1;
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t width = i < widths.size() ? widths[i] : DisplayWidth(cells[i]);
    if (cut) {
      bool timestamp = i < kinds.size() && kinds[i] == CellKind::kTimestamp;
      pieces[i] = {timestamp ? FitTimestampToWidth(cells[i], width)
                             : TruncateToWidth(cells[i], width)};
    } else {
      pieces[i] = WrapToWidth(cells[i], std::max<size_t>(width, 1));
    }
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
      // A number is right-aligned whatever its neighbours do; only a value wrapped onto
      // several lines reads left to right.
      bool right = i < kinds.size() && kinds[i] == CellKind::kNumber && pieces[i].size() == 1;
      WritePadded(out_, text, width, right);
      if (colour) out_ << "\x1b[0m";
      out_ << " |";
    }
    out_ << '\n';
  }
  return lines;
}

void TableRenderer::WriteHiddenColumns(const ColumnLayout& layout, size_t columns) {
  if (layout.hidden == 0) return;
  out_ << GroupDigits(layout.hidden) << " of " << GroupDigits(columns)
       << " columns not shown to fit the terminal (.mode vertical shows them all).\n";
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
  ColumnLayout layout = LayOutColumns(widths, options_.terminal_width);
  std::vector<CellKind> kinds = ShownCellKinds(columns, layout);
  WriteBorder(layout.widths);
  WriteRow(layout.Project(header), layout.widths, {}, /*bold=*/true);
  WriteBorder(layout.widths);
  for (const auto& row : cells) WriteRow(layout.Project(row), layout.widths, kinds);
  WriteBorder(layout.widths);
  WriteHiddenColumns(layout, widths.size());
  std::string footer = RowCountFooter(rows.size(), shown, options_.row_count);
  if (!footer.empty()) out_ << footer << '\n';
  out_.flush();
}

void TableRenderer::WriteHeader() {
  WriteBorder(layout_.widths);
  WriteRow(layout_.Project(header_), layout_.widths, {}, /*bold=*/true);
  if (!types_.empty()) WriteRow(layout_.Project(types_), layout_.widths, {});
  WriteBorder(layout_.widths);
  lines_since_header_ = 0;
}

void TableRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  BeginRowsOf(RowsKind::kPush, columns);
}

void TableRenderer::BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) {
  WriteWarnings();  // of a result left open (an engine bug), not lost
  kind_ = kind;
  columns_ = columns;
  held_.clear();
  layout_ = {};
  kinds_.clear();
  header_.clear();
  types_.clear();
  began_ = now_();
  state_ = kind == RowsKind::kPrint ? State::kRecords : State::kHolding;
}

size_t TableRenderer::HoldLimit() const {
  if (kind_ == RowsKind::kPull && options_.max_rows > 0) {
    return std::min(options_.max_rows, kSizingRows);
  }
  return kSizingRows;
}

void TableRenderer::StartTable() {
  state_ = State::kRows;
  if (columns_.empty()) {
    held_.clear();
    return;
  }
  for (const ResultColumn& c : columns_) {
    header_.push_back(EscapeControl(c.name));
    if (options_.show_types) types_.push_back(ColumnTypeLabel(c));
  }
  std::vector<size_t> widths;
  for (size_t i = 0; i < columns_.size(); ++i) {
    size_t width = DisplayWidth(header_[i]);
    if (!types_.empty()) width = std::max(width, DisplayWidth(types_[i]));
    // A push query with no row yet: room for a typical value of the type. A pull query with
    // no row has nothing to make room for.
    if (held_.empty() && kind_ == RowsKind::kPush) {
      width = std::max(width, columns_[i].window_bound ? TimestampText(0).size()
                                                       : PreferredStreamingWidth(columns_[i].type));
    }
    size_t data = 0;
    for (const auto& row : held_) data = std::max(data, DisplayWidth(row[i]));
    width = std::max(width, data);
    // Later rows of a push query may bring larger numbers: a few digits of room (cut, a
    // number says little).
    if (kind_ == RowsKind::kPush && ShownAsNumber(columns_[i])) {
      width = std::max(width, std::min(PreferredStreamingWidth(columns_[i].type), data + 4));
    }
    widths.push_back(width);
  }
  layout_ = LayOutColumns(widths, options_.terminal_width);
  kinds_ = ShownCellKinds(columns_, layout_);
  WriteHeader();
  for (const auto& row : held_) WriteTableRow(row);
  held_.clear();
  out_.flush();
}

void TableRenderer::WriteTableRow(const std::vector<std::string>& cells) {
  // Repeat the header once a screenful of rows has scrolled it away (its own
  // lines and the prompt line are part of the screen too).
  size_t header_lines = types_.empty() ? 3 : 4;
  if (options_.terminal_height > header_lines + 2 &&
      lines_since_header_ >= options_.terminal_height - header_lines - 1) {
    WriteHeader();
  }
  lines_since_header_ += WriteRow(layout_.Project(cells), layout_.widths, kinds_);
}

void TableRenderer::Row(const std::vector<Value>& row) {
  switch (state_) {
    case State::kIdle:
      return;  // no result begun (an engine bug): nothing to line up with
    case State::kRecords:
      WriteLine(out_, PrintRecordLine(columns_, row));
      return;
    case State::kHolding: {
      std::vector<std::string> cells = RowCells(columns_, row);
      cells.resize(columns_.size());  // a longer row (an engine bug) is cut to the header
      if (held_.empty()) first_held_ = now_();
      held_.push_back(std::move(cells));
      if (held_.size() >= HoldLimit() ||
          (kind_ == RowsKind::kPush && now_() - first_held_ >= kSizingWindow)) {
        StartTable();
      }
      return;
    }
    case State::kRows:
      break;
  }
  if (columns_.empty()) return;
  WriteTableRow(RowCells(columns_, row));
  out_.flush();
}

void TableRenderer::Rows(const std::vector<std::vector<Value>>& rows) {
  for (const auto& row : rows) {
    if (state_ != State::kRows) {
      Row(row);
    } else if (!columns_.empty()) {
      WriteTableRow(RowCells(columns_, row));
    }
  }
  out_.flush();
}

void TableRenderer::FlushRows() {
  if (state_ != State::kHolding || kind_ != RowsKind::kPush) return;
  Clock::time_point now = now_();
  if (held_.empty() ? now - began_ >= kHeaderWait : now - first_held_ >= kSizingWindow) {
    StartTable();
  }
}

void TableRenderer::EndRows(const std::string& summary) {
  if (state_ == State::kHolding) StartTable();
  if (state_ == State::kRows && !columns_.empty()) {
    WriteBorder(layout_.widths);
    WriteHiddenColumns(layout_, columns_.size());
  }
  state_ = State::kIdle;
  columns_.clear();
  layout_ = {};
  kinds_.clear();
  header_.clear();
  types_.clear();
  if (!summary.empty()) {
    WriteLine(out_, summary);
  } else {
    out_.flush();
  }
  WriteWarnings();
}

std::string PrintRecordLine(const std::vector<ResultColumn>& columns,
                            const std::vector<Value>& row) {
  auto field = [&](const char* name) -> const Value* {
    for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
      if (columns[i].name == name) return &row[i];
    }
    return nullptr;
  };
  auto text = [](const Value* v) {
    if (v == nullptr || v->is_null()) return std::string("<null>");
    return EscapeControl(v->is_string() ? v->as_string() : UntypedDisplay(*v));
  };
  // ksqlDB's "yyyy/MM/dd HH:mm:ss.SSS z" in UTC; a record without a timestamp shows N/A.
  std::string rowtime = "N/A";
  if (const Value* t = field("ROWTIME"); t != nullptr && t->is_int() && t->as_int() >= 0) {
    rowtime = FormatTimestampIso(t->as_int());  // 2025-01-01T00:00:00.000
    if (rowtime.size() > 10 && rowtime[4] == '-' && rowtime[7] == '-' && rowtime[10] == 'T') {
      rowtime[4] = '/';
      rowtime[7] = '/';
      rowtime[10] = ' ';
    }
    rowtime += " Z";
  }
  return "rowtime: " + rowtime + ", key: " + text(field("KEY")) +
         ", value: " + text(field("VALUE")) + ", partition: " + text(field("PARTITION"));
}

}  // namespace riffle::shell
