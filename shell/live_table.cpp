#include "shell/live_table.h"

#include <algorithm>
#include <sstream>

#include "shell/render_table.h"

namespace riffle::shell {
namespace {

// A boxed table's lines besides its rows: border, header, border, ..., border.
constexpr size_t kTableChrome = 4;
// Lines kept free below a frame: the "M more rows" line, the cursor's line, the progress line.
constexpr size_t kBelowFrame = 3;

}  // namespace

std::string MoreRows(size_t hidden) {
  return std::to_string(hidden) + (hidden == 1 ? " more row" : " more rows");
}

bool LiveTable::RowLess::operator()(const std::vector<Value>& a,
                                    const std::vector<Value>& b) const {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

LiveTable::LiveTable(std::vector<ResultColumn> columns, RenderOptions options,
                     std::chrono::milliseconds min_interval)
    : columns_(std::move(columns)), options_(options), min_interval_(min_interval) {
  // Complete-result limits and counts do not apply; RowBudget() decides what fits.
  options_.max_rows = 0;
  options_.row_count = false;
}

void LiveTable::Apply(const std::vector<Value>& marked_row) {
  if (marked_row.empty() || !marked_row[0].is_string()) return;
  Apply(marked_row[0].as_string(), std::vector<Value>(marked_row.begin() + 1, marked_row.end()));
}

void LiveTable::Apply(std::string_view marker, std::vector<Value> row) {
  if (marker == "-U") {
    hole_ = Remove(row);
  } else if (marker == "+U") {
    Insert(std::move(row), hole_.value_or(rows_.end()));
    hole_.reset();
  } else if (marker == "-D") {
    Remove(row);
    hole_.reset();
  } else {  // "+I"
    Insert(std::move(row), rows_.end());
    hole_.reset();
  }
  dirty_ = true;
}

void LiveTable::Insert(std::vector<Value> row, RowList::iterator before) {
  auto it = rows_.insert(before, std::move(row));
  index_.emplace(*it, it);
}

std::optional<LiveTable::RowList::iterator> LiveTable::Remove(const std::vector<Value>& row) {
  auto found = index_.find(row);
  if (found == index_.end()) return std::nullopt;
  auto next = rows_.erase(found->second);
  index_.erase(found);
  return next;
}

std::vector<std::vector<Value>> LiveTable::Rows() const { return {rows_.begin(), rows_.end()}; }

size_t LiveTable::RowBudget() const {
  if (options_.terminal_height == 0) return 0;
  size_t reserved = kTableChrome + kBelowFrame;
  return options_.terminal_height > reserved + 1 ? options_.terminal_height - reserved : 1;
}

std::string LiveTable::Frame() const {
  size_t budget = RowBudget();
  size_t shown = budget == 0 ? rows_.size() : std::min(budget, rows_.size());
  std::vector<std::vector<Value>> visible;
  visible.reserve(shown);
  for (auto it = rows_.begin(); visible.size() < shown; ++it) visible.push_back(*it);
  std::ostringstream out;
  std::ostringstream err;  // a table renderer writes nothing there
  TableRenderer(out, err, options_).Table(columns_, visible);
  if (shown < rows_.size()) out << MoreRows(rows_.size() - shown) << '\n';
  return out.str();
}

bool LiveTable::Due(Clock::time_point now) const {
  return dirty_ && (!last_redraw_ || now - *last_redraw_ >= min_interval_);
}

std::string LiveTable::Redraw(Clock::time_point now) {
  std::string frame = Frame();
  std::string text;
  if (lines_on_screen_ > 0) {
    // The cursor is at the start of the line below the old frame.
    text = "\r\x1b[" + std::to_string(lines_on_screen_) + "A\x1b[J";
  }
  text += frame;
  lines_on_screen_ = static_cast<size_t>(std::count(frame.begin(), frame.end(), '\n'));
  dirty_ = false;
  last_redraw_ = now;
  ++redraws_;
  return text;
}

}  // namespace riffle::shell
