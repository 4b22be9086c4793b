#pragma once
// Binds a parsed expression against a Scope: resolves names, checks and infers types with
// ksqlDB's rules, inserts implicit conversions, folds constant sub-expressions, and returns an
// evaluator that runs over whole batches.

#include "core/expr/compiled_expr.h"
#include "core/expr/scope.h"
#include "core/sql/ast.h"

namespace riffle {

// Throws RiffleError(kBind) for unknown/ambiguous names, unknown functions and aggregate
// functions ("Aggregate function SUM is not allowed here": the planner extracts aggregates
// first and exposes their results through Scope::AddExpressionColumn), and RiffleError(kType)
// for type errors, each at the offending sub-expression's position.
CompiledExprPtr BindExpression(const Expr& expr, const Scope& scope);

// Binds a condition (WHERE, HAVING, ON): as BindExpression, then requires a BOOLEAN result
// (a NULL literal counts as BOOLEAN). `clause` names the clause in the error message.
CompiledExprPtr BindPredicate(const Expr& expr, const Scope& scope, const std::string& clause);

// Binds and evaluates an expression that references no columns (INSERT ... VALUES, WITH
// property expressions). Sets *type to its type when type is given. Row-level failures (a bad
// CAST) give NULL and are counted in `ctx`.
Value EvaluateConstant(const Expr& expr, EvalContext& ctx, TypePtr* type = nullptr);

}  // namespace riffle
