// Registry entries of the lambda functions TRANSFORM, FILTER and REDUCE, so SHOW FUNCTIONS and
// DESCRIBE FUNCTION list them. Their calls never reach these entries: the binder types and
// compiles them itself (BindLambdaCall in core/expr/binder.cpp, nodes in nodes_lambda.cpp),
// because a lambda argument has no value type.

#include "core/expr/functions_util.h"

namespace riffle {
namespace {

TypePtr ResolveLambda(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  ThrowNoSignature(name, a, pos);
}
Value NoValue(const Value* const*, size_t, const FnCall&, EvalContext&) { return Value(); }

}  // namespace

void RegisterLambdaFunctions(FunctionRegistry& r) {
  r.Register(fn::Make(
      "TRANSFORM", "LAMBDA",
      "Applies a lambda to every element of an array, or to every key and value of a map.",
      {"TRANSFORM(arr ARRAY<T>, x => expr) -> ARRAY<U>",
       "TRANSFORM(m MAP<K, V>, (k, v) => key_expr, (k, v) => value_expr) -> MAP<K2, V2>"},
      ResolveLambda, NoValue, false));
  r.Register(fn::Make(
      "FILTER", "LAMBDA",
      "Keeps the elements of an array, or the entries of a map, for which a lambda is true.",
      {"FILTER(arr ARRAY<T>, x => condition) -> ARRAY<T>",
       "FILTER(m MAP<K, V>, (k, v) => condition) -> MAP<K, V>"},
      ResolveLambda, NoValue, false));
  r.Register(fn::Make(
      "REDUCE", "LAMBDA",
      "Folds an array or a map into one value, starting from an initial state.",
      {"REDUCE(arr ARRAY<T>, initial S, (s, x) => expr) -> S",
       "REDUCE(m MAP<K, V>, initial S, (s, k, v) => expr) -> S"},
      ResolveLambda, NoValue, false));
}

}  // namespace riffle
