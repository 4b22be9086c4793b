#pragma once
// Expands each row by the table functions of a SELECT list (EXPLODE, CUBE_EXPLODE): a row
// becomes as many rows as its longest table function result, each a copy of the input columns
// followed by one column per table function (NULL where that function's result is shorter).
// A row for which every result is empty disappears, as does a stream tombstone.

#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/compiled_expr.h"
#include "core/expr/function_registry.h"

namespace riffle {

struct TableFunctionCall {
  const ScalarFunction* fn = nullptr;  // REQUIRES: fn->table_eval != nullptr
  std::vector<CompiledExprPtr> args;   // bound against the operator's input
  FnCall call;
  std::string text;  // "EXPLODE(MY_ARR)", for EXPLAIN
};

class TableFunctionOperator : public Operator {
 public:
  explicit TableFunctionOperator(std::vector<TableFunctionCall> calls);
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override;

 private:
  std::vector<TableFunctionCall> calls_;
  std::vector<std::vector<ArgValues>> args_;  // per call, per argument
  std::vector<std::vector<Value>> results_;   // per call: one input row's values
  Batch out_;
};

}  // namespace riffle
