#pragma once
// The scalar function registry: ksqlDB's built-in functions by name (case-insensitive), with
// the metadata SHOW FUNCTIONS and DESCRIBE FUNCTION print, a type resolver the binder calls and
// a row-wise implementation the call node runs in a loop over the batch.

#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/error.h"
#include "core/expr/eval_context.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

// What an implementation knows about its call site.
struct FnCall {
  std::vector<TypePtr> arg_types;  // after coercion
  TypePtr return_type;
};

// Computes one row: args[i] points at argument i's value. Row-level failures return NULL after
// ctx.RecordError(...). Must not throw.
using ScalarImpl = Value (*)(const Value* const* args, size_t nargs, const FnCall& call,
                             EvalContext& ctx);

// Checks argument types and returns the result type; may replace entries of `args` with the
// type an argument must be converted to (the binder inserts the CAST). Throws
// RiffleError(kType) at `pos` when the call does not fit any signature.
using TypeResolver = TypePtr (*)(const std::string& name, std::vector<TypePtr>& args,
                                 SourcePos pos);

// A table function (EXPLODE): appends to `out` the values one input row expands into (none
// for an empty or NULL input). Must not throw.
using TableImpl = void (*)(const Value* const* args, size_t nargs, const FnCall& call,
                           std::vector<Value>& out);

struct ScalarFunction {
  std::string name;      // upper case
  std::string category;  // "STRING", "MATHEMATICAL", "DATE / TIME", "NULL", "ARRAY", "MAP", ...
  std::string description;
  std::vector<std::string> signatures;  // "SUBSTRING(str STRING, pos INT[, len INT]) -> STRING"
  TypeResolver resolve = nullptr;
  ScalarImpl eval = nullptr;
  bool null_on_null_args = true;  // any NULL argument -> NULL without calling eval
  bool deterministic = true;
  // Set for table functions instead of `eval`: the planner expands their rows before the
  // projection (core/exec/table_function.h); the binder refuses them anywhere else.
  TableImpl table_eval = nullptr;
};

class FunctionRegistry {
 public:
  // The process-wide registry with every built-in registered. Thread-safe after first use.
  static const FunctionRegistry& Get();

  // The function named `name` (case-insensitive), or nullptr.
  const ScalarFunction* Find(const std::string& name) const;
  // Every function, sorted by name (for SHOW FUNCTIONS).
  std::vector<const ScalarFunction*> All() const;
  std::vector<std::string> Names() const;

  void Register(ScalarFunction fn);

 private:
  FunctionRegistry() = default;
  std::unordered_map<std::string, ScalarFunction> by_name_;
};

// Whether `name` is an aggregate function (COUNT, SUM, ...), case-insensitive. The binder
// refuses these; the planner extracts aggregates before binding.
bool IsAggregateFunctionName(const std::string& name);
// Every aggregate function name, upper case (for the shell's Tab completion).
const std::vector<std::string>& AggregateFunctionNames();

// ---- Helpers for resolvers (core/expr/function_registry.cpp). ----

// Throws "Function 'NAME' does not accept parameters (STRING, INTEGER)."
[[noreturn]] void ThrowNoSignature(const std::string& name, const std::vector<TypePtr>& args,
                                   SourcePos pos);
// Throws "Function 'greatest' cannot be resolved due to ambiguous method parameters (...)": more
// than one overload fits once arguments may be cast (core/expr/coercion.h).
[[noreturn]] void ThrowAmbiguousCall(const std::string& name, const std::vector<TypePtr>& args,
                                     SourcePos pos);
// ksqlDB's choice among overloads f(T, T...) for T in `overloads`, one T for every argument
// (NULLs fit any): the single T every argument has exactly, else the single T every argument
// casts to (core/expr/coercion.h's function-argument rule); several fitting T are ambiguous.
TypeKind PickUniformOverload(const std::string& name, const std::vector<TypePtr>& args,
                             const std::vector<TypeKind>& overloads, SourcePos pos);
// The name ksqlDB's messages give function `name` ('greatest', 'Abs', 'COALESCE', ...).
std::string DeclaredFunctionName(const std::string& name);
// Argument-class tests. NULL-typed arguments match every class.
bool ArgIsString(const TypePtr& t);    // STRING
bool ArgIsBytes(const TypePtr& t);     // BYTES
bool ArgIsIntegral(const TypePtr& t);  // INT or BIGINT
bool ArgIsNumeric(const TypePtr& t);   // INT, BIGINT, DOUBLE, DECIMAL
bool ArgIs(const TypePtr& t, TypeKind kind);
// The common supertype for COALESCE/CASE/ARRAY: numbers widen (INT < BIGINT < DECIMAL < DOUBLE),
// NULL is ignored, anything else must match exactly. nullptr when there is none; Type::Null()
// when all are NULL.
TypePtr CommonSuperType(const std::vector<TypePtr>& types);

// Registration entry points, one per file.
void RegisterStringFunctions(FunctionRegistry& r);
void RegisterMathFunctions(FunctionRegistry& r);
void RegisterNullFunctions(FunctionRegistry& r);
void RegisterDateTimeFunctions(FunctionRegistry& r);
void RegisterCollectionFunctions(FunctionRegistry& r);
void RegisterLambdaFunctions(FunctionRegistry& r);  // metadata only; the binder compiles calls
void RegisterArrayFunctions(FunctionRegistry& r);
void RegisterJsonFunctions(FunctionRegistry& r);
void RegisterUrlFunctions(FunctionRegistry& r);
void RegisterBytesFunctions(FunctionRegistry& r);
void RegisterTimeArithFunctions(FunctionRegistry& r);
void RegisterMiscFunctions(FunctionRegistry& r);
void RegisterTableFunctions(FunctionRegistry& r);  // EXPLODE, CUBE_EXPLODE

// TIMESTAMPADD and friends take a bare time unit (MILLISECONDS, DAYS, ...) as their first
// argument, which the binder passes as a STRING literal (core/expr/functions_time_arith.cpp).
bool IsTimeUnitFunction(const std::string& upper_name);
bool IsTimeUnitName(const std::string& name);

}  // namespace riffle
