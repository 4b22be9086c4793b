// CASE (searched and simple) and CAST.

#include "core/expr/cast.h"
#include "core/expr/nodes.h"

namespace riffle {
namespace {

class CaseNode final : public CompiledExpr {
 public:
  CaseNode(TypePtr type, CompiledExprPtr operand, std::vector<Comparator> cmps,
           std::vector<CompiledExprPtr> conds, std::vector<CompiledExprPtr> results,
           CompiledExprPtr else_result)
      : CompiledExpr(std::move(type)),
        operand_(std::move(operand)),
        cmps_(std::move(cmps)),
        conds_(std::move(conds)),
        results_(std::move(results)),
        else_(std::move(else_result)) {}

  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    const size_t n = in.num_rows();
    // branch[r]: index of the first WHEN that holds for row r, or -1 (ELSE).
    std::vector<int> branch(n, -1);
    size_t undecided = n;
    ArgValues operand;
    if (operand_) operand.Fill(*operand_, in, ctx);
    std::vector<Value> cond;
    for (size_t k = 0; k < conds_.size() && undecided > 0; ++k) {
      conds_[k]->Eval(in, cond, ctx);
      for (size_t i = 0; i < n; ++i) {
        if (branch[i] >= 0) continue;
        bool hit;
        if (operand_) {
          int c;
          hit = !operand[i].is_null() && !cond[i].is_null() &&
                cmps_[k].Compare(operand[i], cond[i], &c) && c == 0;
        } else {
          hit = cond[i].is_bool() && cond[i].as_bool();
        }
        if (hit) {
          branch[i] = static_cast<int>(k);
          --undecided;
        }
      }
    }
    out.assign(n, Value());
    // Evaluate each result only when some row takes that branch.
    std::vector<Value> vals;
    for (size_t k = 0; k <= results_.size(); ++k) {
      const int want = k < results_.size() ? static_cast<int>(k) : -1;
      const CompiledExpr* expr = k < results_.size() ? results_[k].get() : else_.get();
      if (expr == nullptr) continue;
      bool used = false;
      for (size_t i = 0; i < n && !used; ++i) used = branch[i] == want;
      if (!used) continue;
      expr->Eval(in, vals, ctx);
      for (size_t i = 0; i < n; ++i) {
        if (branch[i] == want) out[i] = std::move(vals[i]);
      }
    }
  }

 private:
  CompiledExprPtr operand_;
  std::vector<Comparator> cmps_;
  std::vector<CompiledExprPtr> conds_;
  std::vector<CompiledExprPtr> results_;
  CompiledExprPtr else_;
};

class CastNode final : public CompiledExpr {
 public:
  CastNode(CompiledExprPtr arg, TypePtr to) : CompiledExpr(std::move(to)), arg_(std::move(arg)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    arg_->Eval(in, out, ctx);
    const Type& from = *arg_->type();
    const Type& to = *type();
    std::string error;
    for (auto& v : out) {
      if (v.is_null()) continue;
      bool ok = true;
      v = CastValue(v, from, to, &ok, &error);
      if (!ok) ctx.RecordError(error);
    }
  }

 private:
  CompiledExprPtr arg_;
};

}  // namespace

CompiledExprPtr MakeCase(TypePtr type, CompiledExprPtr operand, std::vector<Comparator> cmps,
                         std::vector<CompiledExprPtr> conditions,
                         std::vector<CompiledExprPtr> results, CompiledExprPtr else_result) {
  return std::make_unique<CaseNode>(std::move(type), std::move(operand), std::move(cmps),
                                    std::move(conditions), std::move(results),
                                    std::move(else_result));
}

CompiledExprPtr MakeCast(CompiledExprPtr arg, TypePtr to) {
  return std::make_unique<CastNode>(std::move(arg), std::move(to));
}

}  // namespace riffle
