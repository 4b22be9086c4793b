#include "shell/live_table.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "shell/display_width.h"
#include "shell/render_table.h"

namespace riffle::shell {
namespace {

// A boxed table's lines besides its rows: border, header, border, ..., border.
constexpr size_t kTableChrome = 4;

// Key columns first, then window bounds, then the rest, each group in result order.
std::shared_ptr<const std::vector<size_t>> DisplayOrder(const std::vector<ResultColumn>& columns) {
  auto order = std::make_shared<std::vector<size_t>>();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key && !columns[i].window_bound) order->push_back(i);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].window_bound) order->push_back(i);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].key && !columns[i].window_bound) order->push_back(i);
  }
  return order;
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

std::string MoreRows(size_t hidden) {
  return std::to_string(hidden) + (hidden == 1 ? " more row" : " more rows");
}

bool LiveTable::DisplayLess::operator()(const Row& a, const Row& b) const {
  for (size_t i : *order) {
    if (i >= a.size() || i >= b.size()) break;
    int c = CompareValues(a[i], b[i]);
    if (c != 0) return c < 0;
  }
  return a.size() < b.size();
}

LiveTable::LiveTable(std::vector<ResultColumn> columns, RenderOptions options,
                     std::chrono::milliseconds min_interval)
    : columns_(std::move(columns)),
      options_(options),
      min_interval_(min_interval),
      rows_(DisplayLess{DisplayOrder(columns_)}) {
  // Complete-result limits and counts do not apply; the frame's height decides what fits.
  options_.max_rows = 0;
  options_.row_count = false;
  for (size_t i = 0; i < columns_.size() && !window_start_; ++i) {
    if (columns_[i].window_bound) window_start_ = i;
  }
}

void LiveTable::Apply(const std::vector<Value>& marked_row) {
  if (marked_row.empty() || !marked_row[0].is_string()) return;
  Apply(marked_row[0].as_string(), std::vector<Value>(marked_row.begin() + 1, marked_row.end()));
}

void LiveTable::Apply(std::string_view marker, std::vector<Value> row) {
  if (marker == "-U" || marker == "-D") {
    // Rows equal in every column are equivalent in the order: any one of them is the one.
    if (auto it = rows_.find(row); it != rows_.end()) rows_.erase(it);
  } else {  // "+I", "+U"
    rows_.insert(std::move(row));
  }
  dirty_ = true;
}

std::vector<std::vector<Value>> LiveTable::Rows() const { return {rows_.begin(), rows_.end()}; }

void LiveTable::SetStatus(std::string status) {
  if (status == status_) return;
  status_ = std::move(status);
  dirty_ = true;
}

void LiveTable::Resize(size_t width, size_t height) {
  if (width == options_.terminal_width && height == options_.terminal_height) return;
  options_.terminal_width = width;
  options_.terminal_height = height;
  clear_screen_ = true;
  dirty_ = true;
}

std::vector<LiveTable::Row> LiveTable::Visible(size_t budget) const {
  if (budget == 0 || rows_.size() <= budget) return {rows_.begin(), rows_.end()};
  if (!window_start_) {
    std::vector<Row> first;
    for (auto it = rows_.begin(); first.size() < budget; ++it) first.push_back(*it);
    return first;
  }
  // The newest windows: rank by window start, newest first (display order among equals), keep
  // `budget`, and show those in display order.
  std::vector<const Row*> all;
  all.reserve(rows_.size());
  for (const Row& r : rows_) all.push_back(&r);
  std::vector<size_t> rank(all.size());
  std::iota(rank.begin(), rank.end(), 0);
  size_t w = *window_start_;
  std::stable_sort(rank.begin(), rank.end(), [&](size_t a, size_t b) {
    const Row& ra = *all[a];
    const Row& rb = *all[b];
    if (w >= ra.size() || w >= rb.size()) return false;
    return CompareValues(ra[w], rb[w]) > 0;
  });
  rank.resize(budget);
  std::sort(rank.begin(), rank.end());
  std::vector<Row> shown;
  shown.reserve(budget);
  for (size_t i : rank) shown.push_back(*all[i]);
  return shown;
}

std::string LiveTable::Render(const std::vector<Row>& rows, size_t hidden) const {
  std::ostringstream table;
  std::ostringstream err;  // a table renderer writes nothing there
  TableRenderer(table, err, options_).Table(columns_, rows);
  std::string text = table.str();
  if (hidden > 0) {
    text += MoreRows(hidden) + (window_start_ ? " in older windows" : "") + " not shown\n";
  }
  if (!status_.empty()) text += status_ + '\n';
  if (options_.terminal_width == 0) return text;
  // Cut every line: a line wider than the terminal wraps, and the next redraw, which moves up
  // by lines written, would leave part of this frame behind.
  std::string cut;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    cut +=
        CutLineToWidth(std::string_view(text).substr(start, end - start), options_.terminal_width);
    cut += '\n';
    start = end + 1;
  }
  return cut;
}

std::string LiveTable::Frame() const {
  if (options_.terminal_height == 0) return Render(Visible(0), 0);
  // The frame may take every line but the cursor's, where the progress line is drawn. A frame
  // taller than the screen cannot be redrawn in place (the cursor stops at the top).
  size_t max_lines = options_.terminal_height > 1 ? options_.terminal_height - 1 : 1;
  size_t fixed = kTableChrome + (status_.empty() ? 0 : 1);
  size_t budget = max_lines > fixed + 1 ? max_lines - fixed : 1;
  if (rows_.size() > budget) budget = budget > 1 ? budget - 1 : 1;  // the "more rows" line
  std::string frame = Render(Visible(budget), rows_.size() - std::min(budget, rows_.size()));
  // Lines the estimate did not know of (columns left out to fit the width are told below the
  // table) take rows away.
  size_t lines = CountLines(frame);
  if (lines > max_lines && budget > 1) {
    size_t less = std::min(budget - 1, lines - max_lines + (rows_.size() <= budget ? 1 : 0));
    budget -= less;
    frame = Render(Visible(budget), rows_.size() - std::min(budget, rows_.size()));
  }
  return frame;
}

bool LiveTable::Due(Clock::time_point now) const {
  return dirty_ && (!last_redraw_ || now - *last_redraw_ >= min_interval_);
}

std::string LiveTable::Redraw(Clock::time_point now) {
  std::string frame = Frame();
  std::string text;
  if (clear_screen_) {
    // From the top of the screen: the terminal may have rewrapped the old frame.
    text = "\x1b[H";
    clear_screen_ = false;
  } else if (lines_on_screen_ > 0) {
    // The cursor is at the start of the line below the old frame.
    text = "\r\x1b[" + std::to_string(lines_on_screen_) + "A";
  }
  // Each line overwrites the old one and erases what is left of it, then the rest of the
  // screen goes: never "erase the screen" from its top-left corner, which tmux and VTE
  // terminals treat as a clear and save the whole old frame to the scrollback.
  const bool overwrites = !text.empty();
  for (char c : frame) {
    if (c == '\n' && overwrites) text += "\x1b[K";
    text += c;
  }
  if (overwrites) text += "\x1b[J";
  lines_on_screen_ = CountLines(frame);
  dirty_ = false;
  last_redraw_ = now;
  ++redraws_;
  return text;
}

}  // namespace riffle::shell
