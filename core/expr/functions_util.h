#pragma once
// Internal to core/expr: small helpers shared by the functions_*.cpp files.

#include <string>
#include <vector>

#include "core/expr/function_registry.h"

namespace riffle {
namespace fn {

inline ScalarFunction Make(const char* name, const char* category, const char* description,
                           std::vector<std::string> signatures, TypeResolver resolve,
                           ScalarImpl eval, bool null_on_null_args = true,
                           bool deterministic = true) {
  ScalarFunction f;
  f.name = name;
  f.category = category;
  f.description = description;
  f.signatures = std::move(signatures);
  f.resolve = resolve;
  f.eval = eval;
  f.null_on_null_args = null_on_null_args;
  f.deterministic = deterministic;
  return f;
}

// Throws unless args.size() is within [min, max].
inline void Arity(const std::string& name, const std::vector<TypePtr>& args, size_t min, size_t max,
                  SourcePos pos) {
  if (args.size() < min || args.size() > max) ThrowNoSignature(name, args, pos);
}

// Replaces NULL-typed args with `t` (so the implementation sees a known type).
inline void DefaultNulls(std::vector<TypePtr>& args, const TypePtr& t) {
  for (auto& a : args) {
    if (a->kind == TypeKind::kNull) a = t;
  }
}

inline double ToDouble(const Value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int()) return static_cast<double>(v.as_int());
  if (v.is_decimal()) return v.as_decimal().ToDouble();
  return 0;
}

// Number of Unicode code points in a UTF-8 string.
size_t Utf8Length(const std::string& s);
// Byte offset of code point `cp` (clamped to the end).
size_t Utf8Offset(const std::string& s, size_t cp);

}  // namespace fn
}  // namespace riffle
