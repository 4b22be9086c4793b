#pragma once
// Value-to-text helpers shared by the renderers. They never throw: a value whose shape does not
// match its column type (an engine bug, not a user error) is still shown, from the value alone,
// rather than taking the shell down.

#include <string>

#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle::shell {

// ValueToDisplayString (ksqlDB CLI rendering) when `type` is known and matches; otherwise a
// rendering from the value's own representation. NULL is "null".
std::string CellText(const Value& value, const Type* type);
inline std::string CellText(const Value& value, const TypePtr& type) {
  return CellText(value, type.get());
}

// A rendering that ignores the SQL type: numbers, strings bare, lists "[a, b]", maps "{k=v}".
std::string UntypedDisplay(const Value& value);

}  // namespace riffle::shell
