#pragma once
// Exact DECIMAL arithmetic on Decimal's __int128 representation, with ksqlDB's result typing.

#include "core/sql/ast.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

// The DECIMAL an integral or decimal type widens to: INT -> DECIMAL(10, 0),
// BIGINT -> DECIMAL(19, 0), DECIMAL -> itself.
TypePtr AsDecimalType(const Type& t);

// ksqlDB's result type of `l op r` for DECIMAL operands (op in + - * / %), capped at precision
// 38 (scale reduced first, keeping at least 6 digits of it for division).
TypePtr DecimalResultType(Op op, const Type& l, const Type& r);

// The value as a Decimal: REQUIRES v.is_int() or v.is_decimal().
Decimal ToDecimal(const Value& v);

// a op b, rounded HALF_UP to `scale`. Return false on overflow (more than 38 digits) or, for
// / and %, a zero divisor.
bool DecimalArith(Op op, const Decimal& a, const Decimal& b, int scale, Decimal* out);

}  // namespace riffle
