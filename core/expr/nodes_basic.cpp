// Literal, column and pseudo-column reads; IS NULL; boolean logic; unary minus.

#include <limits>

#include "core/expr/nodes.h"

namespace riffle {
namespace {

class LiteralNode final : public CompiledExpr {
 public:
  LiteralNode(Value v, TypePtr t) : CompiledExpr(std::move(t)), value_(std::move(v)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext&) const override {
    out.assign(in.num_rows(), value_);
  }
  const Value* literal_value() const override { return &value_; }

 private:
  Value value_;
};

class ColumnNode final : public CompiledExpr {
 public:
  ColumnNode(int index, TypePtr t) : CompiledExpr(std::move(t)), index_(index) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext&) const override {
    if (static_cast<size_t>(index_) < in.columns.size()) {
      out = in.columns[index_];
    } else {
      out.assign(in.num_rows(), Value());
    }
  }
  int ColumnIndex() const override { return index_; }

 private:
  int index_;
};

class PseudoNode final : public CompiledExpr {
 public:
  explicit PseudoNode(PseudoColumn p) : CompiledExpr(PseudoColumnType(p)), which_(p) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext&) const override {
    size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      switch (which_) {
        case PseudoColumn::kRowtime:
          out[i] = Value::Int(in.rowtime[i]);
          break;
        case PseudoColumn::kRowpartition:
          out[i] = i < in.partition.size() ? Value::Int(in.partition[i]) : Value();
          break;
        default:
          out[i] = i < in.offset.size() ? Value::Int(in.offset[i]) : Value();
      }
    }
  }

 private:
  PseudoColumn which_;
};

class IsNullNode final : public CompiledExpr {
 public:
  IsNullNode(CompiledExprPtr arg, bool negated)
      : CompiledExpr(Type::Boolean()), arg_(std::move(arg)), negated_(negated) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues a;
    a.Fill(*arg_, in, ctx);
    size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) out[i] = Value::Bool(a[i].is_null() != negated_);
  }

 private:
  CompiledExprPtr arg_;
  bool negated_;
};

class NotNode final : public CompiledExpr {
 public:
  explicit NotNode(CompiledExprPtr arg) : CompiledExpr(Type::Boolean()), arg_(std::move(arg)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    arg_->Eval(in, out, ctx);
    for (auto& v : out) {
      if (v.is_bool()) v = Value::Bool(!v.as_bool());
    }
  }

 private:
  CompiledExprPtr arg_;
};

class AndOrNode final : public CompiledExpr {
 public:
  AndOrNode(bool is_and, CompiledExprPtr l, CompiledExprPtr r)
      : CompiledExpr(Type::Boolean()), is_and_(is_and), l_(std::move(l)), r_(std::move(r)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues a, b;
    a.Fill(*l_, in, ctx);
    b.Fill(*r_, in, ctx);
    size_t n = in.num_rows();
    out.resize(n);
    // Kleene logic: the dominant value (false for AND, true for OR) wins over NULL.
    const bool dominant = !is_and_;
    for (size_t i = 0; i < n; ++i) {
      const Value& x = a[i];
      const Value& y = b[i];
      if ((x.is_bool() && x.as_bool() == dominant) || (y.is_bool() && y.as_bool() == dominant)) {
        out[i] = Value::Bool(dominant);
      } else if (x.is_null() || y.is_null()) {
        out[i] = Value();
      } else {
        out[i] = Value::Bool(!dominant);
      }
    }
  }

 private:
  bool is_and_;
  CompiledExprPtr l_, r_;
};

class NegateNode final : public CompiledExpr {
 public:
  explicit NegateNode(CompiledExprPtr arg) : CompiledExpr(arg->type()), arg_(std::move(arg)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    arg_->Eval(in, out, ctx);
    const TypeKind k = type()->kind;
    for (auto& v : out) {
      if (v.is_null()) continue;
      if (v.is_int()) {
        // Java negation wraps: -Integer.MIN_VALUE == Integer.MIN_VALUE.
        uint64_t u = 0 - static_cast<uint64_t>(v.as_int());
        int64_t r = static_cast<int64_t>(u);
        if (k == TypeKind::kInt) r = static_cast<int32_t>(static_cast<uint32_t>(r));
        v = Value::Int(r);
      } else if (v.is_double()) {
        v = Value::Double(-v.as_double());
      } else if (v.is_decimal()) {
        Decimal d = v.as_decimal();
        d.unscaled = -d.unscaled;
        v = Value::Dec(d);
      }
    }
  }

 private:
  CompiledExprPtr arg_;
};

}  // namespace

CompiledExprPtr MakeLiteral(Value value, TypePtr type) {
  return std::make_unique<LiteralNode>(std::move(value), std::move(type));
}
CompiledExprPtr MakeColumn(int index, TypePtr type) {
  return std::make_unique<ColumnNode>(index, std::move(type));
}
CompiledExprPtr MakePseudoColumn(PseudoColumn which) { return std::make_unique<PseudoNode>(which); }
CompiledExprPtr MakeIsNull(CompiledExprPtr arg, bool negated) {
  return std::make_unique<IsNullNode>(std::move(arg), negated);
}
CompiledExprPtr MakeNot(CompiledExprPtr arg) { return std::make_unique<NotNode>(std::move(arg)); }
CompiledExprPtr MakeAndOr(bool is_and, CompiledExprPtr left, CompiledExprPtr right) {
  return std::make_unique<AndOrNode>(is_and, std::move(left), std::move(right));
}
CompiledExprPtr MakeNegate(CompiledExprPtr arg) {
  return std::make_unique<NegateNode>(std::move(arg));
}

}  // namespace riffle
