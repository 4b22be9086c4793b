#pragma once
// CAST between SQL types with ksqlDB's semantics: numeric narrowing wraps like Java casts,
// DECIMAL rounds HALF_UP and fails when the value does not fit its precision, STRING parses
// (failure -> NULL, counted), collections cast element-wise, structs field by field by name.

#include <string>

#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

// Whether CAST(x AS to) is allowed for x of type `from`.
bool CanCast(const Type& from, const Type& to);

// Whether ksqlDB converts `from` to `to` without an explicit CAST (e.g. writing a query's result
// into an existing stream): equal types, numeric widening INT -> BIGINT -> DECIMAL -> DOUBLE,
// and DECIMAL to a DECIMAL with at least as many integer and fraction digits.
bool CanImplicitlyCast(const Type& from, const Type& to);

// Converts `v` (of type `from`) to type `to`. A NULL input gives NULL with *ok = true. When the
// value cannot be converted (unparsable string, DECIMAL overflow, unsupported pair) returns NULL
// and sets *ok = false and, when `error` is given, a message. `ok` may be nullptr.
Value CastValue(const Value& v, const Type& from, const Type& to, bool* ok,
                std::string* error = nullptr);

// Renders a value as Java's toString would (what ksqlDB's CAST(x AS STRING) produces):
// lists "[1, 2]", maps "{a=1}", structs "Struct{A=1,B=x}", doubles "1.0", timestamps ISO.
std::string JavaToString(const Value& v, const Type& type);

// Parses ksqlDB's boolean spellings ("true"/"t"/"yes"/"y"/"false"/"f"/"no"/"n",
// case-insensitive, surrounding blanks ignored). Returns false when not a boolean.
bool ParseSqlBoolean(const std::string& text, bool* out);

}  // namespace riffle
