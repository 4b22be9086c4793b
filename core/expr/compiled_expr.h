#pragma once
// A bound, typed expression that evaluates over a whole Batch at a time. Produced by
// BindExpression (core/expr/binder.h). Each node loops over the batch itself, so there is one
// virtual call per node per batch, not per row.

#include <memory>
#include <vector>

#include "core/expr/eval_context.h"
#include "core/types/batch.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

class CompiledExpr {
 public:
  explicit CompiledExpr(TypePtr type) : type_(std::move(type)) {}
  virtual ~CompiledExpr() = default;
  CompiledExpr(const CompiledExpr&) = delete;
  CompiledExpr& operator=(const CompiledExpr&) = delete;

  // The SQL type of the result (kNull only for a bare NULL literal).
  const TypePtr& type() const { return type_; }

  // Evaluates the expression for every row of `in`; `out` is resized to in.num_rows() and
  // out[r] holds row r's value. Row-level failures yield NULL and are counted in `ctx`.
  // Never throws for data-dependent problems.
  virtual void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const = 0;

  // The input column this expression reads verbatim, or -1 when it computes something.
  // Lets consumers borrow a column instead of copying it.
  virtual int ColumnIndex() const { return -1; }
  // The value of a literal (or constant-folded subtree), else nullptr.
  virtual const Value* literal_value() const { return nullptr; }
  // True when the result depends only on the arguments (not RANDOM()).
  virtual bool IsDeterministic() const { return true; }

 private:
  TypePtr type_;
};

using CompiledExprPtr = std::unique_ptr<CompiledExpr>;

// Evaluates `expr` over a single row whose columns are `row` (may be empty for expressions
// that reference no columns, e.g. INSERT ... VALUES). ROWTIME/ROWPARTITION/ROWOFFSET read
// as `rowtime`, 0, 0.
Value EvalRow(const CompiledExpr& expr, const std::vector<Value>& row, EvalContext& ctx,
              int64_t rowtime = 0);

// The values of one argument over a batch: borrowed from the input when the argument is a
// plain column reference, otherwise evaluated into owned storage.
class ArgValues {
 public:
  void Fill(const CompiledExpr& expr, const Batch& in, EvalContext& ctx) {
    int c = expr.ColumnIndex();
    if (c >= 0 && static_cast<size_t>(c) < in.columns.size()) {
      data_ = &in.columns[c];
    } else {
      expr.Eval(in, own_, ctx);
      data_ = &own_;
    }
  }
  const Value& operator[](size_t i) const { return (*data_)[i]; }
  size_t size() const { return data_->size(); }

 private:
  const std::vector<Value>* data_ = nullptr;
  std::vector<Value> own_;
};

}  // namespace riffle
