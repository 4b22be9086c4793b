#pragma once
// Copies row metadata (ROWTIME, ROWPARTITION, ROWOFFSET) into columns appended to each row. A
// join's input needs this when the query names an input's own pseudo-column (`T.ROWTIME`): after
// the join a row's metadata is the joined row's, not each input's.

#include <string>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/scope.h"

namespace riffle {

class AppendPseudoColumnsOperator : public Operator {
 public:
  explicit AppendPseudoColumnsOperator(std::vector<PseudoColumn> columns)
      : columns_(std::move(columns)) {}
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override;

 private:
  std::vector<PseudoColumn> columns_;
};

}  // namespace riffle
