// Collection and miscellaneous functions: ARRAY_LENGTH, ARRAY_CONTAINS, ARRAY_MAX, ARRAY_MIN,
// ARRAY_DISTINCT, ARRAY_SORT, MAP_KEYS, MAP_VALUES, ELT, FIELD, AS_VALUE.

#include <strings.h>

#include <algorithm>

#include "core/expr/comparator.h"
#include "core/expr/functions_util.h"

namespace riffle {
namespace {

using fn::Arity;

TypePtr ResolveArrayLength(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIs(a[0], TypeKind::kArray)) ThrowNoSignature(name, a, pos);
  return Type::Int();
}
TypePtr ResolveArrayContains(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (!ArgIs(a[0], TypeKind::kArray)) ThrowNoSignature(name, a, pos);
  // ARRAY<T> and T: one generic T, bound exactly.
  if (a[0]->kind == TypeKind::kArray && a[1]->kind != TypeKind::kNull &&
      !TypeEquals(*a[0]->element, *a[1])) {
    ThrowNoSignature(name, a, pos);
  }
  return Type::Boolean();
}
TypePtr ResolveArrayElement(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (a[0]->kind != TypeKind::kArray || !a[0]->element->IsPrimitive()) {
    ThrowNoSignature(name, a, pos);
  }
  return a[0]->element;
}
TypePtr ResolveArraySame(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 2, pos);
  if (a[0]->kind != TypeKind::kArray || (a.size() == 2 && !ArgIsString(a[1]))) {
    ThrowNoSignature(name, a, pos);
  }
  if (a.size() == 2) fn::DefaultNulls(a, Type::String());
  return a[0];
}
TypePtr ResolveMapKeys(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (a[0]->kind != TypeKind::kMap) ThrowNoSignature(name, a, pos);
  return Type::Array(a[0]->key);
}
TypePtr ResolveMapValues(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (a[0]->kind != TypeKind::kMap) ThrowNoSignature(name, a, pos);
  return Type::Array(a[0]->element);
}
TypePtr ResolveElt(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.size() < 1 || !ArgIsIntegral(a[0])) ThrowNoSignature(name, a, pos);
  for (size_t i = 1; i < a.size(); ++i) {
    if (!ArgIsString(a[i])) ThrowNoSignature(name, a, pos);
    if (a[i]->kind == TypeKind::kNull) a[i] = Type::String();
  }
  if (a[0]->kind == TypeKind::kNull) a[0] = Type::Int();
  return Type::String();
}
TypePtr ResolveField(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.empty()) ThrowNoSignature(name, a, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return Type::Int();
}
TypePtr ResolveIdentity(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  return a[0];
}

Value ArrayLength(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return Value::Int(static_cast<int64_t>(a[0]->as_list().size()));
}
Value ArrayContains(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value::Bool(false);
  for (const auto& e : a[0]->as_list()) {
    if (SqlValuesEqual(e, *a[1])) return Value::Bool(true);
  }
  return Value::Bool(false);
}
Value ArrayMax(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const Value* best = nullptr;
  for (const auto& e : a[0]->as_list()) {
    if (!e.is_null() && (!best || CompareValues(e, *best) > 0)) best = &e;
  }
  return best ? *best : Value();
}
Value ArrayMin(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const Value* best = nullptr;
  for (const auto& e : a[0]->as_list()) {
    if (!e.is_null() && (!best || CompareValues(e, *best) < 0)) best = &e;
  }
  return best ? *best : Value();
}
Value ArrayDistinct(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (const auto& e : a[0]->as_list()) {
    bool seen = false;
    for (const auto& o : out) seen = seen || SqlValuesEqual(o, e);
    if (!seen) out.push_back(e);
  }
  return Value::List(std::move(out));
}
Value ArraySort(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  bool desc = n > 1 && !a[1]->is_null() && strcasecmp(a[1]->as_string().c_str(), "DESC") == 0;
  ValueList out = a[0]->as_list();
  // NULLs last in either direction, as ksqlDB.
  std::stable_sort(out.begin(), out.end(), [desc](const Value& x, const Value& y) {
    if (x.is_null() || y.is_null()) return !x.is_null() && y.is_null();
    int c = CompareValues(x, y);
    return desc ? c > 0 : c < 0;
  });
  return Value::List(std::move(out));
}
Value MapKeys(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (const auto& e : a[0]->as_map()) out.push_back(e.first);
  return Value::List(std::move(out));
}
Value MapValues(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (const auto& e : a[0]->as_map()) out.push_back(e.second);
  return Value::List(std::move(out));
}
Value Elt(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  int64_t i = a[0]->as_int();
  if (i < 1 || static_cast<size_t>(i) >= n) return Value();
  return *a[i];
}
Value Field(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value::Int(0);
  for (size_t i = 1; i < n; ++i) {
    if (!a[i]->is_null() && a[i]->as_string() == a[0]->as_string()) {
      return Value::Int(static_cast<int64_t>(i));
    }
  }
  return Value::Int(0);
}
Value Identity(const Value* const* a, size_t, const FnCall&, EvalContext&) { return *a[0]; }

}  // namespace

void RegisterCollectionFunctions(FunctionRegistry& r) {
  r.Register(fn::Make("ARRAY_LENGTH", "ARRAY", "Number of elements of an array.",
                      {"ARRAY_LENGTH(a ARRAY<T>) -> INTEGER"}, ResolveArrayLength, ArrayLength));
  r.Register(fn::Make("ARRAY_CONTAINS", "ARRAY", "Whether an array contains a value.",
                      {"ARRAY_CONTAINS(a ARRAY<T>, x T) -> BOOLEAN"}, ResolveArrayContains,
                      ArrayContains, false));
  r.Register(fn::Make("ARRAY_MAX", "ARRAY", "Largest non-NULL element.",
                      {"ARRAY_MAX(a ARRAY<T>) -> T"}, ResolveArrayElement, ArrayMax));
  r.Register(fn::Make("ARRAY_MIN", "ARRAY", "Smallest non-NULL element.",
                      {"ARRAY_MIN(a ARRAY<T>) -> T"}, ResolveArrayElement, ArrayMin));
  r.Register(fn::Make("ARRAY_DISTINCT", "ARRAY", "The array without duplicates, first kept.",
                      {"ARRAY_DISTINCT(a ARRAY<T>) -> ARRAY<T>"}, ResolveArraySame, ArrayDistinct));
  r.Register(fn::Make("ARRAY_SORT", "ARRAY", "The array sorted ('ASC' default or 'DESC').",
                      {"ARRAY_SORT(a ARRAY<T>[, direction STRING]) -> ARRAY<T>"}, ResolveArraySame,
                      ArraySort, false));
  r.Register(fn::Make("MAP_KEYS", "MAP", "The keys of a map as an array.",
                      {"MAP_KEYS(m MAP<K, V>) -> ARRAY<K>"}, ResolveMapKeys, MapKeys));
  r.Register(fn::Make("MAP_VALUES", "MAP", "The values of a map as an array.",
                      {"MAP_VALUES(m MAP<K, V>) -> ARRAY<V>"}, ResolveMapValues, MapValues));
  r.Register(fn::Make("ELT", "STRING", "The n-th string argument (1-based), NULL when absent.",
                      {"ELT(n INTEGER, s STRING, ...) -> STRING"}, ResolveElt, Elt, false));
  r.Register(fn::Make("FIELD", "STRING",
                      "1-based position of str among the other arguments, 0 when absent.",
                      {"FIELD(str STRING, s STRING, ...) -> INTEGER"}, ResolveField, Field, false));
  r.Register(fn::Make("AS_VALUE", "OTHER",
                      "Copies a key column into the value (the expression itself is unchanged).",
                      {"AS_VALUE(x T) -> T"}, ResolveIdentity, Identity, false));
}

}  // namespace riffle
