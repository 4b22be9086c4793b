// NULL handling: COALESCE, IFNULL, NULLIF.

#include "core/expr/comparator.h"
#include "core/expr/functions_util.h"

namespace riffle {
namespace {

// The first non-NULL argument's type, which every other argument must have exactly: ksqlDB
// declares these functions over one generic T and binds generics without conversions.
TypePtr SameGenericType(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  TypePtr t;
  for (const TypePtr& x : a) {
    if (x->kind == TypeKind::kNull) continue;
    if (!t) t = x;
    if (!TypeEquals(*x, *t)) ThrowNoSignature(name, a, pos);
  }
  if (!t) return Type::Null();
  for (auto& x : a) x = t;
  return t;
}

TypePtr ResolveCoalesce(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.empty()) ThrowNoSignature(name, a, pos);
  if (name == "IFNULL") fn::Arity(name, a, 2, 2, pos);
  return SameGenericType(name, a, pos);
}

TypePtr ResolveNullIf(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 2, 2, pos);
  return SameGenericType(name, a, pos);
}

Value Coalesce(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  for (size_t i = 0; i < n; ++i) {
    if (!a[i]->is_null()) return *a[i];
  }
  return Value();
}

Value NullIf(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  if (!a[1]->is_null() && SqlValuesEqual(*a[0], *a[1])) return Value();
  return *a[0];
}

}  // namespace

void RegisterNullFunctions(FunctionRegistry& r) {
  const char* kCat = "NULL";
  r.Register(fn::Make("COALESCE", kCat, "The first non-NULL argument.", {"COALESCE(x T, ...) -> T"},
                      ResolveCoalesce, Coalesce, false));
  r.Register(fn::Make("IFNULL", kCat, "x when it is not NULL, else the alternative.",
                      {"IFNULL(x T, alternative T) -> T"}, ResolveCoalesce, Coalesce, false));
  r.Register(fn::Make("NULLIF", kCat, "NULL when x equals y, else x.", {"NULLIF(x T, y T) -> T"},
                      ResolveNullIf, NullIf, false));
}

}  // namespace riffle
