// Scalar function calls: arguments are evaluated over the whole batch, then the function's
// row implementation runs in a tight loop (one indirect call per row, no allocation for
// numeric work).

#include "core/expr/function_registry.h"
#include "core/expr/nodes.h"

namespace riffle {
namespace {

class CallNode final : public CompiledExpr {
 public:
  CallNode(const ScalarFunction* fn, std::vector<CompiledExprPtr> args,
           std::vector<TypePtr> arg_types, TypePtr type)
      : CompiledExpr(type), fn_(fn), args_(std::move(args)) {
    call_.arg_types = std::move(arg_types);
    call_.return_type = std::move(type);
  }

  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    const size_t nargs = args_.size();
    std::vector<ArgValues> vals(nargs);
    for (size_t k = 0; k < nargs; ++k) vals[k].Fill(*args_[k], in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    std::vector<const Value*> row(nargs);
    for (size_t i = 0; i < n; ++i) {
      bool any_null = false;
      for (size_t k = 0; k < nargs; ++k) {
        row[k] = &vals[k][i];
        any_null |= row[k]->is_null();
      }
      if (any_null && fn_->null_on_null_args) {
        out[i] = Value();
      } else {
        out[i] = fn_->eval(row.data(), nargs, call_, ctx);
      }
    }
  }

  bool IsDeterministic() const override { return fn_->deterministic; }

 private:
  const ScalarFunction* fn_;
  std::vector<CompiledExprPtr> args_;
  FnCall call_;
};

}  // namespace

CompiledExprPtr MakeCall(const ScalarFunction* fn, std::vector<CompiledExprPtr> args,
                         std::vector<TypePtr> arg_types, TypePtr type, SourcePos) {
  return std::make_unique<CallNode>(fn, std::move(args), std::move(arg_types), std::move(type));
}

}  // namespace riffle
