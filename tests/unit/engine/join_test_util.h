#pragma once
// Shared by the join operator tests: feed rows to one side, read the joined rows back.

#include <string>
#include <vector>

#include "core/exec/join_operator.h"
#include "tests/unit/engine/engine_test_util.h"

namespace riffle::testing {

// A join of (K STRING, V INT) rows on both sides, keyed by K (callers set the rest).
inline JoinSpec KvJoinSpec(JoinKind kind, JoinType type) {
  JoinSpec spec;
  spec.kind = kind;
  spec.type = type;
  spec.left_key = BindKv("K");
  spec.right_key = BindKv("K");
  spec.left_width = 2;
  spec.right_width = 2;
  return spec;
}

// Feeds `rows` on `side` and returns the joined rows: "+I LK LV RK RV KEY @ts".
inline std::vector<std::string> Feed(JoinOperator& op, int side, const std::vector<TestRow>& rows) {
  Batch in = MakeBatch(rows);
  Batch out;
  out.Reset(op.output_width());
  EvalContext ctx;
  op.ProcessSide(side, in, out, ctx);
  return Rows(out);
}

}  // namespace riffle::testing
