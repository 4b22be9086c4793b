#include "shell/value_text.h"

#include <fmt/format.h>

#include <exception>

#include "core/types/datetime.h"
#include "shell/display_width.h"

namespace riffle::shell {

std::string UntypedDisplay(const Value& value) {
  if (value.is_null()) return "null";
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int()) return std::to_string(value.as_int());
  if (value.is_double()) return fmt::format("{}", value.as_double());
  if (value.is_string()) return value.as_string();
  if (value.is_decimal()) return value.as_decimal().ToString();
  std::string out;
  if (value.is_list()) {
    out = "[";
    const ValueList& items = value.as_list();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      out += UntypedDisplay(items[i]);
    }
    return out + "]";
  }
  out = "{";
  const ValueMap& entries = value.as_map();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) out += ", ";
    out += UntypedDisplay(entries[i].first) + "=" + UntypedDisplay(entries[i].second);
  }
  return out + "}";
}

std::string CellText(const Value& value, const Type* type) {
  if (value.is_null()) return "null";
  if (type == nullptr) return UntypedDisplay(value);
  try {
    return ValueToDisplayString(value, *type);
  } catch (const std::exception&) {
    return UntypedDisplay(value);
  }
}

std::string TimestampText(int64_t epoch_ms) {
  std::string text = FormatTimestampIso(epoch_ms);
  if (size_t t = text.find('T'); t != std::string::npos) text[t] = ' ';
  return text;
}

std::string ColumnCellText(const Value& value, const ResultColumn& column) {
  if (column.window_bound && value.is_int()) return TimestampText(value.as_int());
  return CellText(value, column.type);
}

std::string ColumnTypeLabel(const ResultColumn& column) {
  if (column.window_bound) return "TIMESTAMP";
  return column.type != nullptr ? column.type->ToSqlString() : "";
}

namespace {

// "2026-12-07 10:00:00.000": a four-digit year, then the date and time fields at fixed places.
bool LooksLikeTimestamp(const std::string& text) {
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (!digit(i)) return false;
  }
  return text[4] == '-' && text[7] == '-' && (text[10] == ' ' || text[10] == 'T') &&
         text[13] == ':' && text[16] == ':';
}

}  // namespace

std::string FitTimestampToWidth(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width || !LooksLikeTimestamp(text)) {
    return TruncateToWidth(text, width);
  }
  // The year goes first, then the month and day, the hour, the minute.
  for (size_t from : {5, 11, 14, 17}) {
    std::string tail = text.substr(from);
    if (tail.size() + 1 <= width) return "\u2026" + tail;
  }
  return TruncateToWidth(text, width);
}

}  // namespace riffle::shell
