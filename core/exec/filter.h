#pragma once
#include <string>

#include "core/exec/operator.h"
#include "core/expr/compiled_expr.h"

namespace riffle {

// Keeps the rows for which a BOOLEAN predicate is TRUE (NULL and FALSE rows are dropped).
class FilterOperator : public Operator {
 public:
  FilterOperator(CompiledExprPtr predicate, std::string text)
      : predicate_(std::move(predicate)), text_(std::move(text)) {}
  void Process(Batch& batch, EvalContext& ctx) override;
  // "Filter (N > 1)": the predicate in one pair of parentheses (Expr::ToString already wraps
  // binary expressions in them).
  std::string Describe() const override;

 private:
  CompiledExprPtr predicate_;
  std::string text_;
  std::vector<Value> mask_;
};

}  // namespace riffle
