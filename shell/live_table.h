#pragma once
// The live table view (.live on): a push query on a table shown as the table itself, redrawn in
// place as it changes, instead of one appended line per change.
//
// LiveTable keeps the current rows and turns them into frames; it does no I/O and reads no
// clock, so it is tested directly. Changes arrive in the engine's changelog form (see
// ResultSink::BeginLiveTable): "+I" adds a row, "-U" then "+U" replace one, "-D" removes one.
// "-U" and "-D" carry the exact row shown before, so rows are matched by their whole content:
// this identifies a table row by its key (and window) without knowing which columns those are,
// and still works when the query leaves its key columns out. An updated row keeps its place on
// the screen; new rows are added at the bottom.

#include <chrono>
#include <cstddef>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

class LiveTable {
 public:
  using Clock = std::chrono::steady_clock;

  // `columns` are the result's columns (without the marker). `options` give the terminal's size:
  // a frame fits its width, and its height less two lines (the cursor's line and the progress
  // line stay below it). `min_interval` is the least time between two redraws.
  LiveTable(std::vector<ResultColumn> columns, RenderOptions options,
            std::chrono::milliseconds min_interval = std::chrono::milliseconds(100));

  // Applies one change as the engine sends it: the marker, then the row's values.
  void Apply(const std::vector<Value>& marked_row);
  void Apply(std::string_view marker, std::vector<Value> row);

  size_t size() const { return rows_.size(); }
  // The current rows, in display order.
  std::vector<std::vector<Value>> Rows() const;

  // The boxed table of the current rows. When they do not all fit the terminal, the first rows
  // that fit are shown, then "M more rows". Ends with a newline.
  std::string Frame() const;

  // True when a change is not on the screen yet and the last redraw is at least `min_interval`
  // old (or there was none).
  bool Due(Clock::time_point now) const;
  // True when a change is not on the screen yet.
  bool dirty() const { return dirty_; }
  // What to write to the terminal to replace the frame drawn last (if any) by Frame(): cursor up
  // over the old frame, erase to the end of the screen, the new frame. Records it as drawn at
  // `now`.
  std::string Redraw(Clock::time_point now);
  // Forgets the frame on the screen (something else was written below it): the next redraw
  // starts where the cursor is.
  void Detach() { lines_on_screen_ = 0; }
  // Redraws so far.
  int redraws() const { return redraws_; }

 private:
  struct RowLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
  };
  using RowList = std::list<std::vector<Value>>;

  void Insert(std::vector<Value> row, RowList::iterator before);
  // Removes a row equal to `row`; returns the position after it (rows_.end() if not found).
  std::optional<RowList::iterator> Remove(const std::vector<Value>& row);
  // How many rows a frame may show (0: no limit).
  size_t RowBudget() const;

  std::vector<ResultColumn> columns_;
  RenderOptions options_;
  std::chrono::milliseconds min_interval_;
  RowList rows_;
  // Every row's place in rows_; equal rows (two keys left out of the result) are kept apart.
  std::multimap<std::vector<Value>, RowList::iterator, RowLess> index_;
  // Where the row removed by "-U" was: its "+U" goes there.
  std::optional<RowList::iterator> hole_;
  bool dirty_ = true;  // the empty table has not been drawn yet either
  std::optional<Clock::time_point> last_redraw_;
  size_t lines_on_screen_ = 0;
  int redraws_ = 0;
};

// "1 more row", "12 more rows".
std::string MoreRows(size_t hidden);

}  // namespace riffle::shell
