#pragma once
// Internal to core/expr: constructors of the compiled expression nodes. The binder decides
// types and coercions; these nodes only evaluate. Every child passed in already has the type the
// node expects unless stated otherwise.

#include <string>
#include <vector>

#include "core/expr/comparator.h"
#include "core/expr/compiled_expr.h"
#include "core/expr/scope.h"
#include "core/sql/ast.h"

namespace riffle {

struct ScalarFunction;

CompiledExprPtr MakeLiteral(Value value, TypePtr type);
CompiledExprPtr MakeColumn(int index, TypePtr type);
CompiledExprPtr MakePseudoColumn(PseudoColumn which);

CompiledExprPtr MakeIsNull(CompiledExprPtr arg, bool negated);
// NOT over a BOOLEAN (NULL stays NULL).
CompiledExprPtr MakeNot(CompiledExprPtr arg);
// Three-valued AND / OR over BOOLEAN operands.
CompiledExprPtr MakeAndOr(bool is_and, CompiledExprPtr left, CompiledExprPtr right);
// Unary minus; `type` is the operand's numeric type.
CompiledExprPtr MakeNegate(CompiledExprPtr arg);

// + - * / % over numeric operands (each INT, BIGINT, DOUBLE or DECIMAL, possibly differing);
// `result` is the type the binder computed. STRING + STRING concatenates.
CompiledExprPtr MakeArithmetic(Op op, TypePtr result, CompiledExprPtr left, CompiledExprPtr right);

CompiledExprPtr MakeComparison(Op op, Comparator cmp, CompiledExprPtr left, CompiledExprPtr right);
// IS [NOT] DISTINCT FROM: NULLs compare equal, result never NULL.
CompiledExprPtr MakeIsDistinct(bool negated, Comparator cmp, CompiledExprPtr left,
                               CompiledExprPtr right);
CompiledExprPtr MakeBetween(bool negated, Comparator low_cmp, Comparator high_cmp,
                            CompiledExprPtr value, CompiledExprPtr low, CompiledExprPtr high);
CompiledExprPtr MakeIn(bool negated, CompiledExprPtr value, std::vector<Comparator> cmps,
                       std::vector<CompiledExprPtr> list);
// [NOT] LIKE; `escape` may be null. All operands STRING.
CompiledExprPtr MakeLike(bool negated, CompiledExprPtr value, CompiledExprPtr pattern,
                         CompiledExprPtr escape);

// Searched CASE: conditions[i] BOOLEAN, results[i] and else_result of type `type` (else_result
// may be null: ELSE NULL). With `operand`, a simple CASE: conditions are the WHEN values,
// compared to the operand with cmps[i].
CompiledExprPtr MakeCase(TypePtr type, CompiledExprPtr operand, std::vector<Comparator> cmps,
                         std::vector<CompiledExprPtr> conditions,
                         std::vector<CompiledExprPtr> results, CompiledExprPtr else_result);

CompiledExprPtr MakeCast(CompiledExprPtr arg, TypePtr to);

// struct->field at position `field_index`, of type `type`.
CompiledExprPtr MakeDereference(CompiledExprPtr arg, int field_index, TypePtr type);
// array[index] (1-based, negative from the end) when the arg is an ARRAY; map[key] otherwise.
CompiledExprPtr MakeSubscript(CompiledExprPtr arg, CompiledExprPtr index, TypePtr type);
CompiledExprPtr MakeArrayConstructor(TypePtr type, std::vector<CompiledExprPtr> elements);
CompiledExprPtr MakeMapConstructor(TypePtr type, std::vector<CompiledExprPtr> keys,
                                   std::vector<CompiledExprPtr> values);
CompiledExprPtr MakeStructConstructor(TypePtr type, std::vector<CompiledExprPtr> fields);

// TRANSFORM / FILTER / REDUCE over an ARRAY or a MAP (core/expr/nodes_lambda.cpp).
enum class LambdaFn : uint8_t {
  kTransformArray, kTransformMap, kFilterArray, kFilterMap, kReduceArray, kReduceMap
};
// `collection` is the ARRAY/MAP argument; `initial` REDUCE's initial state (else null).
// `bodies` are the lambda bodies (TRANSFORM of a MAP: key body, then value body), bound so that
// the lambda parameters read batch columns first_param, first_param + 1, ... and the outer
// columns they use (listed in `outer_columns`) keep their indexes. A NULL collection gives NULL
// (REDUCE: the initial state); a NULL initial state gives NULL.
CompiledExprPtr MakeLambdaCall(LambdaFn fn, TypePtr type, CompiledExprPtr collection,
                               CompiledExprPtr initial, std::vector<CompiledExprPtr> bodies,
                               std::vector<int> outer_columns, int first_param);

// Passes `child` through, recording a row error for each NULL (arithmetic operands inside lambda
// bodies, which ksqlDB unboxes: a NULL there fails the whole lambda call).
CompiledExprPtr MakeNullIsError(CompiledExprPtr child);
// AND / OR evaluating `right` only for rows `left` does not decide (used in lambda bodies,
// where an unneeded right operand could fail the call).
CompiledExprPtr MakeShortCircuitAndOr(bool is_and, CompiledExprPtr left, CompiledExprPtr right);

CompiledExprPtr MakeCall(const ScalarFunction* fn, std::vector<CompiledExprPtr> args,
                         std::vector<TypePtr> arg_types, TypePtr type, SourcePos pos);

}  // namespace riffle
