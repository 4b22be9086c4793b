#pragma once
#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/compiled_expr.h"

namespace riffle {

// Replaces the batch's columns with one column per expression. A plain column reference used
// once is moved, not copied.
class ProjectOperator : public Operator {
 public:
  ProjectOperator(std::vector<CompiledExprPtr> exprs, std::vector<std::string> names);
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override;
  // Per output column, the input column it is a plain reference to, or -1 (an expression).
  std::vector<int> ColumnSources() const;

 private:
  std::vector<CompiledExprPtr> exprs_;
  std::vector<std::string> names_;
  std::vector<bool> movable_;  // expression i is a column reference used by no other item
  std::vector<std::vector<Value>> out_;
};

}  // namespace riffle
