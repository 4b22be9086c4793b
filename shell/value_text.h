#pragma once
// Value-to-text helpers shared by the renderers. They never throw: a value whose shape does not
// match its column type (an engine bug, not a user error) is still shown, from the value alone,
// rather than taking the shell down.

#include <string>

#include "core/engine/result_sink.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle::shell {

// ValueToDisplayString (ksqlDB CLI rendering) when `type` is known and matches; otherwise a
// rendering from the value's own representation. NULL is "null".
std::string CellText(const Value& value, const Type* type);
inline std::string CellText(const Value& value, const TypePtr& type) {
  return CellText(value, type.get());
}

// Epoch milliseconds as "2026-12-07 10:00:00.000" (UTC): window bounds and stream time in the
// human formats.
std::string TimestampText(int64_t epoch_ms);

// CellText for a cell of `column`: a window bound (ResultColumn::window_bound) holding a number
// shows as TimestampText.
std::string ColumnCellText(const Value& value, const ResultColumn& column);

// The type line's label for `column` (the table format at a terminal): what its cells show.
// "TIMESTAMP" for a window bound, shown as TimestampText although its SQL type (DESCRIBE's)
// stays BIGINT; otherwise the SQL type.
std::string ColumnTypeLabel(const ResultColumn& column);

// A timestamp cell ("2026-12-07 10:00:00.000", or ISO with 'T') cut to `width` columns from the
// left, at a field boundary after an ellipsis ("…10:00:00.000", "…00:00.000"), so the time of
// day with its seconds and milliseconds stays longest; text of another shape is cut from the
// right as TruncateToWidth does. Never wider than `width`.
std::string FitTimestampToWidth(const std::string& text, size_t width);

// A rendering that ignores the SQL type: numbers, strings bare, lists "[a, b]", maps "{k=v}".
std::string UntypedDisplay(const Value& value);

}  // namespace riffle::shell
