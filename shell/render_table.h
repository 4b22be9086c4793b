#pragma once
// Boxed tables in the style of ksqlDB's CLI, for people at a terminal.
//
// Columns are as wide as their data. Table() (a complete result) sizes every column to its
// widest cell. A query's rows arrive one by one, so the columns are sized from the first ones:
// a pull query's rows are held back until RenderOptions::max_rows of them (or kSizingRows) are
// in or the result ends; a push query's until kSizingRows are in or kSizingWindow has passed
// since the first (checked at each row and FlushRows), and with no row after kHeaderWait the
// header comes alone, its columns sized from the column types. A push query's numeric columns
// get room for 4 more digits than its first rows needed. When the terminal width is known
// and the table is wider, the widest columns are narrowed; a value wider than its column is then
// cut with an ellipsis, so every row is one line; if that is not enough, columns are left out
// from the middle (see LayOutColumns) and counted below the table. Without a terminal nothing
// is cut: a later, wider value wraps inside its cell.
//
// Numeric columns are right-aligned on every row. Query results show a second header line of
// column types with show_types; with a known terminal height a query's header is repeated every
// screenful, so it stays in sight. Warnings that come while a table is being shown are written
// after it (after its summary), never inside the box. With RenderOptions::max_rows, Table()
// shows the first rows and says how many it left out; row_count adds "N rows" below a complete
// table. Control characters in values are shown escaped (\n, \t, \x1b) so a value cannot break
// the box.
//
// PRINT's records are not a table: one line per record, as ksqlDB prints them:
//   rowtime: 2025/01/01 00:00:00.000 Z, key: <null>, value: {"ID":1}, partition: 0
//
// See renderer.h for which stream gets what.

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/engine/result_sink.h"
#include "shell/renderer.h"

namespace riffle::shell {

// The columns a boxed table shows and their widths. When even columns narrowed to
// min(width, 8) do not fit the terminal, columns are left out from the middle (DuckDB's way)
// and one narrow column of "…" stands where they were.
struct ColumnLayout {
  static constexpr size_t kGap = static_cast<size_t>(-1);
  std::vector<size_t> source;  // per shown column: its index in the row, or kGap
  std::vector<size_t> widths;  // per shown column
  size_t hidden = 0;           // columns left out
  // `cells` (one per column of the row) as shown: cut down to the shown ones.
  std::vector<std::string> Project(const std::vector<std::string>& cells) const;
};
// Lays out columns of content widths `widths` for `terminal_width` (0: all columns, unchanged).
ColumnLayout LayOutColumns(const std::vector<size_t>& widths, size_t terminal_width);

class TableRenderer : public Renderer {
 public:
  using Clock = std::chrono::steady_clock;
  // Rows held back to size a query's columns: at most this many...
  static constexpr size_t kSizingRows = 1000;
  // ...and, for a push query, for at most this long after the first one arrived.
  static constexpr std::chrono::milliseconds kSizingWindow{200};
  // A push query with no row for this long shows its header sized from the column types.
  static constexpr std::chrono::milliseconds kHeaderWait{1000};

  // `now` is the clock the holding times are measured with (tests pass their own).
  TableRenderer(std::ostream& out, std::ostream& err, RenderOptions options = {},
                std::function<Clock::time_point()> now = Clock::now)
      : out_(out), err_(err), options_(options), now_(std::move(now)) {}

  void Notice(const std::string& text) override;
  void Warning(const std::string& text) override;
  void Error(const std::string& text) override;
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override;
  // As BeginRowsOf(kPush, columns).
  void BeginRows(const std::vector<ResultColumn>& columns) override;
  void BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) override;
  void Row(const std::vector<Value>& row) override;
  // Written together, then flushed (rows held to size the columns are held as by Row).
  void Rows(const std::vector<std::vector<Value>>& rows) override;
  void FlushRows() override;
  void EndRows(const std::string& summary) override;
  bool HoldingRows() const override { return state_ == State::kHolding; }

 private:
  enum class State { kIdle, kHolding, kRows, kRecords };
  // How a column's cells are aligned and cut: numbers right-aligned, timestamps cut from the
  // left (FitTimestampToWidth) so the time of day stays, other text cut from the right.
  enum class CellKind : uint8_t { kText, kNumber, kTimestamp };

  // Sizes the columns from the held rows (or the types, with none), writes the header and the
  // held rows, and shows later rows as they come.
  void StartTable();
  // The kinds of the shown columns of `layout` (the gap column is text).
  static std::vector<CellKind> ShownCellKinds(const std::vector<ResultColumn>& columns,
                                              const ColumnLayout& layout);
  void WriteBorder(const std::vector<size_t>& widths);
  // Writes one row; with a terminal width each cell is cut to its column (as `kinds` say, one
  // per cell; missing: text), otherwise a wider cell wraps onto extra lines. Returns the number
  // of lines written. `bold` (header) applies only with colours on.
  size_t WriteRow(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                  const std::vector<CellKind>& kinds, bool bold = false);
  // Border, header line(s), border for the query result in progress.
  void WriteHeader();
  // One row of the query result in progress, after the header again if a screenful of rows
  // has scrolled it away.
  void WriteTableRow(const std::vector<std::string>& cells);
  // After a table: how many columns were left out to fit the terminal, if any.
  void WriteHiddenColumns(const ColumnLayout& layout, size_t columns);
  std::vector<std::string> RowCells(const std::vector<ResultColumn>& columns,
                                    const std::vector<Value>& row) const;
  // How many rows are held back at most before the table starts.
  size_t HoldLimit() const;
  void WriteWarnings();

  std::ostream& out_;
  std::ostream& err_;
  RenderOptions options_;
  std::function<Clock::time_point()> now_;
  // The query result in progress (between BeginRowsOf and EndRows).
  State state_ = State::kIdle;
  RowsKind kind_ = RowsKind::kPush;
  std::vector<ResultColumn> columns_;
  std::vector<std::vector<std::string>> held_;  // cells of the rows held back
  Clock::time_point began_;
  Clock::time_point first_held_;
  ColumnLayout layout_;
  std::vector<CellKind> kinds_;  // per shown column
  std::vector<std::string> header_;
  std::vector<std::string> types_;  // empty unless show_types
  size_t lines_since_header_ = 0;
  std::vector<std::string> warnings_;  // held until the result ends
};

// Narrows `widths` (each column's content width) until the boxed table fits `terminal_width`
// columns, taking one column at a time from the widest; no column goes below
// min(its width, `floor`), and the first not below `first_floor` (its row's name: SHOW JOBS'
// query id stays whole). No-op when terminal_width is 0.
void FitWidths(std::vector<size_t>& widths, size_t terminal_width, size_t floor,
               size_t first_floor = 0);

// The escaped, single-line text of a cell as the table renderer shows it.
std::string TableCellText(const Value& value, const TypePtr& type);
// The same for a cell of `column` (a window bound shows as a timestamp: ColumnCellText).
std::string TableCellText(const Value& value, const ResultColumn& column);

// The width a query's column gets for values of `type` when no row is there to size it from
// (without the header).
size_t PreferredStreamingWidth(const TypePtr& type);

// One PRINT record as ksqlDB shows it: "rowtime: 2025/01/01 00:00:00.000 Z, key: <null>,
// value: {...}, partition: 0" (the columns are found by name; control characters escaped).
std::string PrintRecordLine(const std::vector<ResultColumn>& columns,
                            const std::vector<Value>& row);

}  // namespace riffle::shell
