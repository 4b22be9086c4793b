// Table functions: EXPLODE and CUBE_EXPLODE. Each turns one input row into zero or more
// values; TableFunctionOperator (core/exec/table_function.h) makes a row of each.

#include "core/expr/functions_util.h"

#include "core/common/text.h"

namespace riffle {
namespace {

// ksqlDB lists EXPLODE's signatures in lower case when none fits.
[[noreturn]] void ThrowTableSignature(const std::string& name, const std::vector<TypePtr>& args,
                                      const std::vector<std::string>& alternatives, SourcePos pos) {
  std::string lower = name;
  AsciiLowerInPlace(lower);
  std::string list;
  for (size_t i = 0; i < args.size(); ++i) {
    list += (i ? ", " : "") + (args[i]->kind == TypeKind::kNull ? "null" : args[i]->ToString());
  }
  std::string text = "Function '" + lower + "' does not accept parameters (" + list +
                     ").\nValid alternatives are:";
  for (const std::string& alt : alternatives) text += "\n" + lower + "(" + alt + ")";
  ThrowType(pos, text, "see DESCRIBE FUNCTION " + name);
}

TypePtr ResolveExplode(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.size() != 1 || a[0]->kind != TypeKind::kArray) {
    ThrowTableSignature(name, a, {"ARRAY<DECIMAL> input", "ARRAY<T> list"}, pos);
  }
  return a[0]->element;
}

void Explode(const Value* const* args, size_t, const FnCall&, std::vector<Value>& out) {
  if (!args[0]->is_list()) return;
  for (const Value& v : args[0]->as_list()) out.push_back(v);
}

TypePtr ResolveCube(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  if (a.size() != 1 || a[0]->kind != TypeKind::kArray) {
    ThrowTableSignature(name, a, {"ARRAY<T> columns"}, pos);
  }
  return a[0];
}

// Every combination of the elements kept or replaced by NULL, the first element varying
// slowest. A NULL element only appears as NULL, so no combination repeats.
void CubeExplode(const Value* const* args, size_t, const FnCall&, std::vector<Value>& out) {
  if (!args[0]->is_list()) return;
  const ValueList& items = args[0]->as_list();
  size_t n = items.size();
  if (n >= 31) return;  // 2^n rows: beyond any sensible use, and beyond a batch
  uint32_t null_mask = 0;
  for (size_t i = 0; i < n; ++i) {
    if (items[i].is_null()) null_mask |= 1u << (n - 1 - i);
  }
  for (uint32_t mask = 0; mask < (1u << n); ++mask) {
    if (mask & null_mask) continue;
    ValueList row(n);
    for (size_t i = 0; i < n; ++i) {
      if (mask & (1u << (n - 1 - i))) row[i] = items[i];
    }
    out.push_back(Value::List(std::move(row)));
  }
}

ScalarFunction MakeTable(const char* name, const char* description,
                         std::vector<std::string> signatures, TypeResolver resolve,
                         TableImpl impl) {
  ScalarFunction f = fn::Make(name, "TABLE", description, std::move(signatures), resolve, nullptr,
                              /*null_on_null_args=*/false);
  f.table_eval = impl;
  return f;
}

}  // namespace

void RegisterTableFunctions(FunctionRegistry& r) {
  r.Register(MakeTable("EXPLODE",
                       "Explodes an array: one output row per element, other columns repeated. "
                       "An empty or NULL array gives no rows.",
                       {"EXPLODE(list ARRAY<T>) -> T"}, ResolveExplode, Explode));
  r.Register(MakeTable("CUBE_EXPLODE",
                       "One output row per combination of the array's elements kept or replaced "
                       "by NULL (2^n rows for n non-NULL elements).",
                       {"CUBE_EXPLODE(columns ARRAY<T>) -> ARRAY<T>"}, ResolveCube, CubeExplode));
}

}  // namespace riffle
