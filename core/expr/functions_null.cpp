// NULL handling: COALESCE, IFNULL, NULLIF.

#include "core/expr/comparator.h"
#include "core/expr/functions_util.h"

namespace riffle {
namespace {

TypePtr ResolveCoalesce(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.empty()) ThrowNoSignature(name, a, pos);
  if (name == "IFNULL") fn::Arity(name, a, 2, 2, pos);
  TypePtr t = CommonSuperType(a);
  if (!t) ThrowNoSignature(name, a, pos);
  for (auto& x : a) {
    if (x->kind != TypeKind::kNull) x = t;
  }
  return t;
}

TypePtr ResolveNullIf(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 2, 2, pos);
  if (!Comparator::Comparable(*a[0], *a[1])) ThrowNoSignature(name, a, pos);
  return a[0];
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
