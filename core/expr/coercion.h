#pragma once
// ksqlDB's implicit type coercion, in one place (README "Implicit type conversions").
//
// Three tables, each ksqlDB's own rule (its "Type Coercion" reference page and its source):
//   1. Coercion of a value to another type without a CAST (DefaultSqlValueCoercer): STRICT for
//      expressions (numbers widen INT -> BIGINT -> DECIMAL -> DOUBLE, STRING -> DATE / TIME /
//      TIMESTAMP / BYTES, collections element-wise, structs by field), LAX for literals (also
//      any literal -> STRING and STRING -> BOOLEAN / numbers).
//   2. Function-argument casts (SqlBaseType.canImplicitlyCast): tried only when no signature
//      matches exactly; numbers widen and a STRING converts to DATE, TIME, TIMESTAMP or BYTES.
//   3. Which comparisons type-check (ComparisonUtil).
// Expression lists (IN, ARRAY[...], MAP(...)) take the common type of their items in order
// (CoercionUtil.coerceUserList); the binder implements that walk with ListCommonType below.

#include <optional>
#include <string>

#include "core/sql/ast.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

enum class CoercionMode : uint8_t {
  kStrict,  // expressions
  kLax,     // literals
};

// Where a number kind stands in the order numbers widen in, INT < BIGINT < DECIMAL < DOUBLE;
// -1 for every other kind.
int NumberRank(TypeKind kind);

// The type that values of `from` take when coerced to `to`, or nullptr when `from` does not
// coerce to `to`. A DECIMAL target widens to hold both (DECIMAL(4,2) to DECIMAL(3,0) gives
// DECIMAL(5,2)); a struct takes the union of both structs' fields.
TypePtr CoercedType(const Type& from, const Type& to, CoercionMode mode);

// Whether a function argument of kind `from` may be passed where `to` is declared.
bool ArgumentCastAllowed(TypeKind from, TypeKind to);

// A DECIMAL wide enough for both numbers (INT counts as DECIMAL(10,0), BIGINT as
// DECIMAL(19,0)): the larger integer-digit count plus the larger scale.
TypePtr WidenDecimal(const Type& a, const Type& b);

// The type ksqlDB gives a number written in a string literal: INTEGER or BIGINT for an integer
// without '.', 'e' or 'E' that fits, else the DECIMAL of its digits. nullptr when not a number.
TypePtr StringNumberType(const std::string& text);

// Whether `left op right` type-checks: numbers with numbers, STRING with STRING or a temporal
// type, DATE/TIMESTAMP with DATE, TIMESTAMP or STRING, TIME with TIME or STRING, BYTES with
// BYTES; BOOLEAN, ARRAY, MAP and STRUCT only with their own kind and only for (in)equality.
bool ComparisonAllowed(const Type& left, Op op, const Type& right);

// The literal `v` (of type `from`) as a value of `to` under the LAX rules, or nullopt when it
// does not convert (an unparsable string, a DECIMAL that does not fit).
std::optional<Value> CoerceLiteral(const Value& v, const Type& from, const Type& to);

// One item of an expression list, for ListCommonType.
struct ListItem {
  TypePtr type;             // Type::Null() for a NULL literal
  const Value* literal;     // the value when the item is a literal, else nullptr
  std::string text;         // the item as written, for messages
};

// The common type of an expression list, walked in order as ksqlDB does: the first non-NULL
// item's type starts it; a string literal joins a numeric type as the number it spells, a
// BOOLEAN as a boolean spelling; anything else must coerce one way or the other (LAX rules for
// literals, STRICT otherwise). Type::Null() when every item is NULL. Throws RiffleError(kType)
// at `pos` with ksqlDB's messages: "invalid input syntax for type INTEGER: "x"." or
// "operator does not exist: INTEGER = STRING (S)".
TypePtr ListCommonType(const std::vector<ListItem>& items, SourcePos pos);

}  // namespace riffle
