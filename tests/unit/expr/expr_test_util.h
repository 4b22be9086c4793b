#pragma once
// Helpers for expression tests: parse text, bind against a small hand-built batch, evaluate.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/expr/binder.h"
#include "core/sql/parser.h"

namespace riffle::testing {

class ExprFixture {
 public:
  // Adds a column "T.<name>" with one value per row (all columns must have the same length).
  void Column(const std::string& name, TypePtr type, std::vector<Value> values) {
    scope_.AddColumn("T", name, type, static_cast<int>(batch_.columns.size()));
    if (batch_.num_rows() == 0) {
      for (size_t i = 0; i < values.size(); ++i) {
        batch_.AddRowMeta(RowKind::kInsert, 1000 + static_cast<int64_t>(i), 3,
                          static_cast<int64_t>(i));
      }
    }
    batch_.columns.push_back(std::move(values));
  }
  // Ensures at least `n` rows exist for constant-only expressions.
  void Rows(size_t n) {
    while (batch_.num_rows() < n) batch_.AddRowMeta(RowKind::kInsert, 0, 0, 0);
  }

  CompiledExprPtr Bind(const std::string& text) {
    ExprPtr e = ParseExpression(text);
    return BindExpression(*e, scope_);
  }
  TypePtr TypeOf(const std::string& text) { return Bind(text)->type(); }
  std::string TypeName(const std::string& text) { return TypeOf(text)->ToString(); }

  std::vector<Value> Eval(const std::string& text) {
    if (batch_.num_rows() == 0) Rows(1);
    CompiledExprPtr e = Bind(text);
    std::vector<Value> out;
    e->Eval(batch_, out, ctx_);
    EXPECT_EQ(out.size(), batch_.num_rows());
    return out;
  }
  // Single-row rendering for compact assertions: "null", "3", "abc", "1.50", "[1, 2]".
  std::string Show(const std::string& text, size_t row = 0) {
    if (batch_.num_rows() == 0) Rows(1);
    CompiledExprPtr e = Bind(text);
    std::vector<Value> out;
    e->Eval(batch_, out, ctx_);
    return ValueToDisplayString(out.at(row), *e->type());
  }
  // The error thrown while binding `text`.
  RiffleError BindError(const std::string& text) {
    try {
      Bind(text);
    } catch (const RiffleError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an error for: " << text;
    return RiffleError(ErrorKind::kRuntime, "no error");
  }

  Scope& scope() { return scope_; }
  Batch& batch() { return batch_; }
  EvalContext& ctx() { return ctx_; }

 private:
  Scope scope_;
  Batch batch_;
  EvalContext ctx_;
};

}  // namespace riffle::testing
