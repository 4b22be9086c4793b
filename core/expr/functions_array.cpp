// More collection functions: ARRAY_JOIN, ARRAY_REMOVE, ARRAY_CONCAT, ARRAY_UNION,
// ARRAY_INTERSECT, ARRAY_EXCEPT, SLICE, ENTRIES, AS_MAP, MAP_UNION.

#include <algorithm>

#include "core/expr/comparator.h"
#include "core/expr/functions_util.h"

namespace riffle {
namespace {

using fn::Arity;

// NULL-safe deep equality: NULL equals NULL (ksqlDB's set functions use Java equals).
bool Same(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  return SqlValuesEqual(a, b);
}
bool Contains(const ValueList& list, const Value& v) {
  for (const auto& e : list) {
    if (Same(e, v)) return true;
  }
  return false;
}

// Two arrays of one element type T (ksqlDB binds the generic T exactly, without conversions).
TypePtr ResolveTwoArrays(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (!ArgIs(a[0], TypeKind::kArray) || !ArgIs(a[1], TypeKind::kArray)) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[0]->kind == TypeKind::kNull && a[1]->kind == TypeKind::kNull) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[0]->kind == TypeKind::kNull) a[0] = a[1];
  if (a[1]->kind == TypeKind::kNull) a[1] = a[0];
  if (!TypeEquals(*a[0], *a[1])) ThrowNoSignature(name, a, pos);
  return a[0];
}

TypePtr ResolveArrayJoin(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 2, pos);
  if (a[0]->kind != TypeKind::kArray || !a[0]->element->IsPrimitive() ||
      (a.size() == 2 && !ArgIsString(a[1]))) {
    ThrowNoSignature(name, a, pos);
  }
  if (a.size() == 2) fn::DefaultNulls(a, Type::String());
  return Type::String();
}
TypePtr ResolveArrayRemove(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (a[0]->kind != TypeKind::kArray) ThrowNoSignature(name, a, pos);
  if (a[1]->kind == TypeKind::kNull) {
    a[1] = a[0]->element;
  } else if (!TypeEquals(*a[0]->element, *a[1])) {  // one generic T, bound exactly
    ThrowNoSignature(name, a, pos);
  }
  return a[0];
}
TypePtr ResolveSlice(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 3, 3, pos);
  if (a[0]->kind != TypeKind::kArray || !ArgIsIntegral(a[1]) || !ArgIsIntegral(a[2])) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[1]->kind == TypeKind::kNull) a[1] = Type::Int();
  if (a[2]->kind == TypeKind::kNull) a[2] = Type::Int();
  return a[0];
}
TypePtr ResolveEntries(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (a[0]->kind != TypeKind::kMap || !ArgIs(a[1], TypeKind::kBoolean)) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[1]->kind == TypeKind::kNull) a[1] = Type::Boolean();
  return Type::Array(Type::Struct({{"K", a[0]->key}, {"V", a[0]->element}}));
}
TypePtr ResolveAsMap(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (a[0]->kind != TypeKind::kArray || a[1]->kind != TypeKind::kArray ||
      a[0]->element->kind != TypeKind::kString) {
    ThrowNoSignature(name, a, pos);
  }
  return Type::Map(Type::String(), a[1]->element);
}
TypePtr ResolveMapUnion(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (!ArgIs(a[0], TypeKind::kMap) || !ArgIs(a[1], TypeKind::kMap)) {
    ThrowNoSignature(name, a, pos);
  }
  if (a[0]->kind == TypeKind::kNull) a[0] = a[1];
  if (a[1]->kind == TypeKind::kNull) a[1] = a[0];
  if (a[0]->kind == TypeKind::kNull || !TypeEquals(*a[0], *a[1])) ThrowNoSignature(name, a, pos);
  return a[0];
}

// ksqlDB renders each element with Java's toString.
std::string ElementText(const Value& v, const Type& t) {
  if (v.is_null()) return "null";
  if (v.is_double()) return DoubleToString(v.as_double());
  return ValueToDisplayString(v, t);
}

Value ArrayJoin(const Value* const* a, size_t n, const FnCall& call, EvalContext&) {
  if (a[0]->is_null()) return Value();
  std::string delim = ",";
  if (n > 1) delim = a[1]->is_null() ? "" : a[1]->as_string();
  const Type& et = *call.arg_types[0]->element;
  std::string out;
  bool first = true;
  for (const auto& e : a[0]->as_list()) {
    if (!first) out += delim;
    first = false;
    out += ElementText(e, et);
  }
  return Value::String(std::move(out));
}
Value ArrayRemove(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  ValueList out;
  for (const auto& e : a[0]->as_list()) {
    if (!Same(e, *a[1])) out.push_back(e);
  }
  return Value::List(std::move(out));
}
Value ArrayConcat(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null() && a[1]->is_null()) return Value();
  ValueList out;
  for (int k = 0; k < 2; ++k) {
    if (!a[k]->is_null()) {
      const auto& l = a[k]->as_list();
      out.insert(out.end(), l.begin(), l.end());
    }
  }
  return Value::List(std::move(out));
}
Value ArrayUnion(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (int k = 0; k < 2; ++k) {
    for (const auto& e : a[k]->as_list()) {
      if (!Contains(out, e)) out.push_back(e);
    }
  }
  return Value::List(std::move(out));
}
Value ArrayIntersect(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (const auto& e : a[0]->as_list()) {
    if (Contains(a[1]->as_list(), e) && !Contains(out, e)) out.push_back(e);
  }
  return Value::List(std::move(out));
}
Value ArrayExcept(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueList out;
  for (const auto& e : a[0]->as_list()) {
    if (!Contains(a[1]->as_list(), e) && !Contains(out, e)) out.push_back(e);
  }
  return Value::List(std::move(out));
}
// 1-based, both ends inclusive, clamped to the array (ksqlDB's Slice).
Value Slice(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const auto& l = a[0]->as_list();
  int64_t from = std::max<int64_t>(a[1]->as_int(), 1);
  int64_t to = std::min<int64_t>(a[2]->as_int(), static_cast<int64_t>(l.size()));
  ValueList out;
  for (int64_t i = from; i <= to; ++i) out.push_back(l[static_cast<size_t>(i - 1)]);
  return Value::List(std::move(out));
}
Value Entries(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  ValueMap entries = a[0]->as_map();
  if (a[1]->as_bool()) {
    std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) {
      return CompareValues(x.first, y.first) < 0;
    });
  }
  ValueList out;
  for (auto& [k, v] : entries) out.push_back(Value::List({std::move(k), std::move(v)}));
  return Value::List(std::move(out));
}
Value AsMap(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const auto& keys = a[0]->as_list();
  const auto& vals = a[1]->as_list();
  ValueMap out;
  for (size_t i = 0; i < keys.size() && i < vals.size(); ++i) {
    if (keys[i].is_null()) continue;
    bool replaced = false;
    for (auto& e : out) {
      if (e.first.as_string() == keys[i].as_string()) {
        e.second = vals[i];
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(keys[i], vals[i]);
  }
  return Value::Map(std::move(out));
}
Value MapUnion(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  if (a[0]->is_null() && a[1]->is_null()) return Value();
  ValueMap out;
  for (int k = 0; k < 2; ++k) {
    if (a[k]->is_null()) continue;
    for (const auto& entry : a[k]->as_map()) {
      bool replaced = false;
      for (auto& e : out) {
        if (Same(e.first, entry.first)) {
          e.second = entry.second;
          replaced = true;
        }
      }
      if (!replaced) out.push_back(entry);
    }
  }
  return Value::Map(std::move(out));
}

// GENERATE_SERIES(start, end[, step]): INT bounds give ARRAY<INT>, BIGINT bounds ARRAY<BIGINT>
// (an INT converts to BIGINT); the step is an INT.
TypePtr ResolveGenerateSeries(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 3, pos);
  const TypeKind k = PickUniformOverload(name, {a[0], a[1]}, {TypeKind::kInt, TypeKind::kBigint},
                                         pos);
  if (a.size() == 3 && !ArgIs(a[2], TypeKind::kInt)) ThrowNoSignature(name, a, pos);
  a[0] = a[1] = Type::Of(k);
  if (a.size() == 3) a[2] = Type::Int();
  return Type::Array(Type::Of(k));
}

Value GenerateSeries(const Value* const* a, size_t n, const FnCall& call, EvalContext& ctx) {
  const int64_t start = a[0]->as_int(), end = a[1]->as_int();
  int64_t step = end - start > 0 ? 1 : -1;
  if (n == 3) {
    step = a[2]->as_int();
    if (step == 0) {
      ctx.RecordError("GENERATE_SERIES step cannot be zero");
      return Value();
    }
    if ((end > start && step < 0) || (end < start && step > 0)) {
      ctx.RecordError("GENERATE_SERIES step has wrong sign");
      return Value();
    }
  }
  // end - start fits in 64 bits for INT bounds; for BIGINT ones compute it without overflow.
  const __int128 count = (static_cast<__int128>(end) - start) / step + 1;
  if (ctx.TooLong(static_cast<size_t>(std::min<__int128>(count, INT64_MAX / 16)) * 8,
                  "GENERATE_SERIES")) {
    return Value();
  }
  const bool ints = call.return_type->element->kind == TypeKind::kInt;
  ValueList out;
  out.reserve(static_cast<size_t>(count));
  __int128 v = start;
  for (__int128 i = 0; i < count; ++i, v += step) {
    out.push_back(Value::Int(ints ? static_cast<int32_t>(v) : static_cast<int64_t>(v)));
  }
  return Value::List(std::move(out));
}

}  // namespace

void RegisterArrayFunctions(FunctionRegistry& r) {
  r.Register(fn::Make("GENERATE_SERIES", "ARRAY",
                      "The values from start to end (inclusive), step apart (default 1 or -1).",
                      {"GENERATE_SERIES(start INT, end INT[, step INT]) -> ARRAY<INT>",
                       "GENERATE_SERIES(start BIGINT, end BIGINT[, step INT]) -> ARRAY<BIGINT>"},
                      ResolveGenerateSeries, GenerateSeries));
  r.Register(fn::Make("ARRAY_JOIN", "ARRAY",
                      "Joins the elements of an array into a string (default delimiter ',').",
                      {"ARRAY_JOIN(arr ARRAY<T>[, delimiter STRING]) -> STRING"}, ResolveArrayJoin,
                      ArrayJoin, false));
  r.Register(fn::Make("ARRAY_REMOVE", "ARRAY", "The array without every element equal to a value.",
                      {"ARRAY_REMOVE(arr ARRAY<T>, victim T) -> ARRAY<T>"}, ResolveArrayRemove,
                      ArrayRemove, false));
  r.Register(fn::Make("ARRAY_CONCAT", "ARRAY",
                      "The elements of two arrays, one after the other (NULL only if both are).",
                      {"ARRAY_CONCAT(a ARRAY<T>, b ARRAY<T>) -> ARRAY<T>"}, ResolveTwoArrays,
                      ArrayConcat, false));
  r.Register(fn::Make("ARRAY_UNION", "ARRAY", "The distinct elements of either array.",
                      {"ARRAY_UNION(a ARRAY<T>, b ARRAY<T>) -> ARRAY<T>"}, ResolveTwoArrays,
                      ArrayUnion));
  r.Register(fn::Make("ARRAY_INTERSECT", "ARRAY", "The distinct elements present in both arrays.",
                      {"ARRAY_INTERSECT(a ARRAY<T>, b ARRAY<T>) -> ARRAY<T>"}, ResolveTwoArrays,
                      ArrayIntersect));
  r.Register(fn::Make("ARRAY_EXCEPT", "ARRAY",
                      "The distinct elements of the first array absent from the second.",
                      {"ARRAY_EXCEPT(a ARRAY<T>, b ARRAY<T>) -> ARRAY<T>"}, ResolveTwoArrays,
                      ArrayExcept));
  r.Register(fn::Make("SLICE", "ARRAY",
                      "The elements from position `from` to `to` (1-based, inclusive).",
                      {"SLICE(arr ARRAY<T>, from INT, to INT) -> ARRAY<T>"}, ResolveSlice, Slice));
  r.Register(fn::Make("ENTRIES", "MAP",
                      "The entries of a map as an array of STRUCT<K, V>, optionally sorted by key.",
                      {"ENTRIES(m MAP<K, V>, sorted BOOLEAN) -> ARRAY<STRUCT<K K, V V>>"},
                      ResolveEntries, Entries));
  r.Register(fn::Make("AS_MAP", "MAP", "A map built from an array of keys and one of values.",
                      {"AS_MAP(keys ARRAY<STRING>, values ARRAY<V>) -> MAP<STRING, V>"},
                      ResolveAsMap, AsMap));
  r.Register(fn::Make("MAP_UNION", "MAP",
                      "The entries of both maps; the second map wins on equal keys.",
                      {"MAP_UNION(a MAP<K, V>, b MAP<K, V>) -> MAP<K, V>"}, ResolveMapUnion,
                      MapUnion, false));
}

}  // namespace riffle
