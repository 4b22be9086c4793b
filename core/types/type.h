#pragma once
// SQL types in ksqlDB's type system. Types are immutable and shared (TypePtr).

#include <memory>
#include <string>
#include <vector>

namespace riffle {

enum class TypeKind : uint8_t {
  kBoolean,
  kInt,        // 32-bit
  kBigint,     // 64-bit
  kDouble,
  kDecimal,    // precision/scale, exact
  kString,
  kBytes,
  kDate,       // days since epoch
  kTime,       // milliseconds of the day
  kTimestamp,  // milliseconds since epoch, UTC
  kArray,
  kMap,        // keys are STRING in ksqlDB's SQL, but any primitive is accepted
  kStruct,
  kNull,       // the type of a bare NULL literal before it is coerced
};

struct Type;
using TypePtr = std::shared_ptr<const Type>;

struct StructField {
  std::string name;
  TypePtr type;
};

struct Type {
  TypeKind kind = TypeKind::kNull;
  int precision = 0;                 // DECIMAL only
  int scale = 0;                     // DECIMAL only
  TypePtr element;                   // ARRAY element; MAP value
  TypePtr key;                       // MAP key
  std::vector<StructField> fields;   // STRUCT fields in declaration order
  // Levels: 1 for a primitive, else 1 + the deepest child's. Array, Map and Struct throw
  // RiffleError(kType, "type nested too deeply (limit 1000)") past kMaxNestingDepth
  // (core/common/nesting.h), so code walking a type recursively has a bounded stack.
  int depth = 1;

  static TypePtr Boolean();
  static TypePtr Int();
  static TypePtr Bigint();
  static TypePtr Double();
  static TypePtr String();
  static TypePtr Bytes();
  static TypePtr Date();
  static TypePtr Time();
  static TypePtr Timestamp();
  static TypePtr Null();
  static TypePtr Decimal(int precision, int scale);
  static TypePtr Array(TypePtr element);
  static TypePtr Map(TypePtr key, TypePtr value);
  static TypePtr Struct(std::vector<StructField> fields);
  static TypePtr Of(TypeKind primitive_kind);

  // ksqlDB's spelling: "BIGINT", "DECIMAL(4, 2)", "ARRAY<STRING>", "MAP<STRING, INT>",
  // "STRUCT<`A` INT, `B` STRING>" (ksqlDB's DESCRIBE form, fields quoted).
  std::string ToString() const;
  // As ToString but struct fields unquoted: "STRUCT<A INT, B STRING>".
  std::string ToSqlString() const;

  bool IsNumeric() const;      // INT, BIGINT, DOUBLE, DECIMAL
  bool IsIntegral() const;     // INT, BIGINT
  bool IsPrimitive() const;    // not ARRAY/MAP/STRUCT
  // Index of a struct field by name (case-insensitive when no exact match), or -1.
  int FieldIndex(const std::string& name) const;
};

// A type's name without its parameters, as ksqlDB's SqlBaseType and its messages give it:
// INTEGER, DECIMAL, ARRAY, STRUCT...
const char* BaseTypeName(TypeKind kind);

bool TypeEquals(const Type& a, const Type& b);
inline bool TypeEquals(const TypePtr& a, const TypePtr& b) { return TypeEquals(*a, *b); }

// Parses a type name as a user writes it ("varchar", "DECIMAL(10,2)", "ARRAY<INT>", ...).
// Throws RiffleError(kParse) on malformed input. The SQL parser has its own type grammar; this
// is for catalog round-trips and tests.
TypePtr ParseType(const std::string& text);

}  // namespace riffle
