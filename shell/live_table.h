#pragma once
// The live table view (.live on): a push query on a table shown as the table itself, redrawn in
// place as it changes, instead of one appended line per change.
//
// LiveTable keeps the current rows and turns them into frames; it does no I/O and reads no
// clock, so it is tested directly. Changes arrive in the engine's changelog form (see
// ResultSink::BeginLiveTable): "+I" adds a row, "-U" then "+U" replace one, "-D" removes one.
// "-U" and "-D" carry the exact row shown before, so rows are matched by their whole content:
// this identifies a table row by its key (and window) without relying on the key being
// selected.
//
// Rows are shown sorted by their key columns, then their window (WINDOWSTART, WINDOWEND), then
// the other columns. A frame always fits the terminal: every line is cut to its width (a wrapped
// line would leave a copy of the frame behind at each redraw), and rows that do not fit its
// height are left out with a line saying how many: a windowed view leaves out the oldest
// windows, so the newest stay in sight; another view leaves out its last rows. Below the
// table, a status line (the query's stream time and late records) is part of the frame.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class LiveTable {
 public:
  using Clock = std::chrono::steady_clock;

  // `columns` are the result's columns (without the marker); their `key` and `window_bound`
  // flags decide the order of the rows. `options` give the terminal's size: a frame fits its
  // width, and its height less one line (the cursor's line, where the progress line is drawn).
  // `min_interval` is the least time between two redraws.
  LiveTable(std::vector<ResultColumn> columns, RenderOptions options,
            std::chrono::milliseconds min_interval = std::chrono::milliseconds(100));

  // Applies one change as the engine sends it: the marker, then the row's values.
  void Apply(const std::vector<Value>& marked_row);
  void Apply(std::string_view marker, std::vector<Value> row);

  size_t size() const { return rows_.size(); }
  // The current rows, in display order.
  std::vector<std::vector<Value>> Rows() const;

  // The line shown below the table ("": none), e.g. the query's stream time. A new text is a
  // change to draw.
  void SetStatus(std::string status);
  // The terminal was resized: frames fit the new size, and the next redraw clears the screen
  // and draws from its top, since the terminal may have rewrapped the old frame's lines.
  void Resize(size_t width, size_t height);
  size_t width() const { return options_.terminal_width; }
  size_t height() const { return options_.terminal_height; }

  // The boxed table of the rows that fit (see above), then "M more rows ..." when some do not,
  // then the status line if any. Every line ends with a newline.
  std::string Frame() const;

  // True when a change is not on the screen yet and the last redraw is at least `min_interval`
  // old (or there was none).
  bool Due(Clock::time_point now) const;
  // True when a change is not on the screen yet.
  bool dirty() const { return dirty_; }
  // What to write to the terminal to replace the frame drawn last (if any) by Frame(): cursor up
  // over the old frame, erase to the end of the screen, the new frame (after a resize: clear
  // the screen, the new frame at its top). Records it as drawn at `now`.
  std::string Redraw(Clock::time_point now);
  // Forgets the frame on the screen (something else was written below it): the next redraw
  // starts where the cursor is.
  void Detach() { lines_on_screen_ = 0; }
  // Redraws so far.
  int redraws() const { return redraws_; }

 private:
  using Row = std::vector<Value>;
  // Orders rows for display: by the columns of `order` in turn (every column appears once).
  // Shared, not pointing into the table, so that a moved table's set keeps a valid order.
  struct DisplayLess {
    std::shared_ptr<const std::vector<size_t>> order;
    bool operator()(const Row& a, const Row& b) const;
  };

  // The rows a frame of at most `budget` rows shows, in display order (0: all).
  std::vector<Row> Visible(size_t budget) const;
  // The table of `rows` (hiding `hidden` more), cut to the width, with the status line.
  std::string Render(const std::vector<Row>& rows, size_t hidden) const;

  std::vector<ResultColumn> columns_;
  RenderOptions options_;
  std::chrono::milliseconds min_interval_;
  std::optional<size_t> window_start_;  // the first window bound column, if any
  std::multiset<Row, DisplayLess> rows_;
  std::string status_;
  bool dirty_ = true;  // the empty table has not been drawn yet either
  bool clear_screen_ = false;  // resized since the last redraw
  std::optional<Clock::time_point> last_redraw_;
  size_t lines_on_screen_ = 0;
  int redraws_ = 0;
};

// "1 more row", "12 more rows".
std::string MoreRows(size_t hidden);

}  // namespace riffle::shell
