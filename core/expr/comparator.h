#pragma once
// How two typed values compare in SQL: numbers across INT/BIGINT/DECIMAL/DOUBLE, strings
// byte-wise (case-sensitive, as ksqlDB), temporal values against each other and against ISO
// strings, and collections for (in)equality only.

#include <string>

#include "core/common/error.h"
#include "core/sql/ast.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

class Comparator {
 public:
  enum class Mode : uint8_t {
    kInt,
    kDouble,
    kDecimal,
    kString,
    kBool,
    kDeep,
    kTemporal,         // both sides integral temporal values in the same unit
    kLeftDateRightTs,  // DATE vs TIMESTAMP: days scaled to ms
    kLeftTsRightDate,
    kLeftTemporalRightString,  // string parsed as the left side's temporal type
    kLeftStringRightTemporal,
  };

  // Builds the comparator for `left op right` or throws RiffleError(kType) at `pos` naming the
  // operand texts, e.g. "Cannot compare B (ARRAY<INTEGER>) to C (ARRAY<INTEGER>) with
  // LESS_THAN." Ordering operators are refused for ARRAY/MAP/STRUCT and BOOLEAN-vs-other.
  static Comparator Make(const Type& left, const Type& right, Op op, const std::string& left_text,
                         const std::string& right_text, SourcePos pos);
  // Whether `left = right` is allowed (used by IN, simple CASE, NULLIF...).
  static bool Comparable(const Type& left, const Type& right);

  // Compares two non-NULL values: sets *result to <0, 0, >0 (kDeep: 0 equal, 1 not equal).
  // Returns false when the comparison has no answer (a string that is not a timestamp).
  bool Compare(const Value& a, const Value& b, int* result) const;

 private:
  Mode mode_ = Mode::kDeep;
  TypeKind temporal_ = TypeKind::kTimestamp;
};

// Deep SQL equality of two non-NULL values: numbers compare by value across representations,
// maps ignore entry order, NULL elements equal each other.
bool SqlValuesEqual(const Value& a, const Value& b);

// ksqlDB's operator name in messages: EQUAL, NOT_EQUAL, LESS_THAN, ...
const char* ComparisonName(Op op);

}  // namespace riffle
