#include "shell/value_text.h"

#include <fmt/format.h>

#include <exception>

#include "core/types/datetime.h"

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

}  // namespace riffle::shell
