// Comparisons, IS [NOT] DISTINCT FROM, [NOT] BETWEEN and [NOT] IN.

#include "core/expr/nodes.h"

namespace riffle {
namespace {

bool Holds(Op op, int c) {
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    default:
      return c >= 0;  // kGe
  }
}

class ComparisonNode final : public CompiledExpr {
 public:
  ComparisonNode(Op op, Comparator cmp, CompiledExprPtr l, CompiledExprPtr r)
      : CompiledExpr(Type::Boolean()), op_(op), cmp_(cmp), l_(std::move(l)), r_(std::move(r)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues a, b;
    a.Fill(*l_, in, ctx);
    b.Fill(*r_, in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      int c;
      if (a[i].is_null() || b[i].is_null()) {
        out[i] = Value::Bool(false);  // ksqlDB: a comparison with a NULL operand is false
      } else if (!cmp_.Compare(a[i], b[i], &c)) {
        out[i] = Value();
      } else {
        out[i] = Value::Bool(Holds(op_, c));
      }
    }
  }

 private:
  Op op_;
  Comparator cmp_;
  CompiledExprPtr l_, r_;
};

class IsDistinctNode final : public CompiledExpr {
 public:
  IsDistinctNode(bool negated, Comparator cmp, CompiledExprPtr l, CompiledExprPtr r)
      : CompiledExpr(Type::Boolean()),
        negated_(negated),
        cmp_(cmp),
        l_(std::move(l)),
        r_(std::move(r)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues a, b;
    a.Fill(*l_, in, ctx);
    b.Fill(*r_, in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      bool distinct;
      int c;
      if (a[i].is_null() || b[i].is_null()) {
        distinct = a[i].is_null() != b[i].is_null();
      } else {
        distinct = !cmp_.Compare(a[i], b[i], &c) || c != 0;
      }
      out[i] = Value::Bool(distinct != negated_);
    }
  }

 private:
  bool negated_;
  Comparator cmp_;
  CompiledExprPtr l_, r_;
};

class BetweenNode final : public CompiledExpr {
 public:
  BetweenNode(bool negated, Comparator lo_cmp, Comparator hi_cmp, CompiledExprPtr v,
              CompiledExprPtr lo, CompiledExprPtr hi)
      : CompiledExpr(Type::Boolean()),
        negated_(negated),
        lo_cmp_(lo_cmp),
        hi_cmp_(hi_cmp),
        v_(std::move(v)),
        lo_(std::move(lo)),
        hi_(std::move(hi)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues v, lo, hi;
    v.Fill(*v_, in, ctx);
    lo.Fill(*lo_, in, ctx);
    hi.Fill(*hi_, in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      // v >= lo AND v <= hi, each comparison false when an operand is NULL (as ksqlDB's
      // comparisons are), so NOT BETWEEN holds for a NULL value.
      int c;
      const bool ge = !v[i].is_null() && !lo[i].is_null() &&
                      lo_cmp_.Compare(v[i], lo[i], &c) && c >= 0;
      const bool le = !v[i].is_null() && !hi[i].is_null() &&
                      hi_cmp_.Compare(v[i], hi[i], &c) && c <= 0;
      out[i] = Value::Bool((ge && le) != negated_);
    }
  }

 private:
  bool negated_;
  Comparator lo_cmp_, hi_cmp_;
  CompiledExprPtr v_, lo_, hi_;
};

class InNode final : public CompiledExpr {
 public:
  InNode(bool negated, CompiledExprPtr v, std::vector<Comparator> cmps,
         std::vector<CompiledExprPtr> list)
      : CompiledExpr(Type::Boolean()),
        negated_(negated),
        v_(std::move(v)),
        cmps_(std::move(cmps)),
        list_(std::move(list)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues v;
    v.Fill(*v_, in, ctx);
    std::vector<ArgValues> items(list_.size());
    for (size_t k = 0; k < list_.size(); ++k) items[k].Fill(*list_[k], in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    // ksqlDB's IN is two-valued: NULL matches nothing, so NULL IN (...) is false and
    // NULL NOT IN (...) true.
    for (size_t i = 0; i < n; ++i) {
      bool found = false;
      for (size_t k = 0; k < items.size() && !v[i].is_null() && !found; ++k) {
        int c;
        found = !items[k][i].is_null() && cmps_[k].Compare(v[i], items[k][i], &c) && c == 0;
      }
      out[i] = Value::Bool(found != negated_);
    }
  }

 private:
  bool negated_;
  CompiledExprPtr v_;
  std::vector<Comparator> cmps_;
  std::vector<CompiledExprPtr> list_;
};

}  // namespace

CompiledExprPtr MakeComparison(Op op, Comparator cmp, CompiledExprPtr left, CompiledExprPtr right) {
  return std::make_unique<ComparisonNode>(op, cmp, std::move(left), std::move(right));
}
CompiledExprPtr MakeIsDistinct(bool negated, Comparator cmp, CompiledExprPtr left,
                               CompiledExprPtr right) {
  return std::make_unique<IsDistinctNode>(negated, cmp, std::move(left), std::move(right));
}
CompiledExprPtr MakeBetween(bool negated, Comparator low_cmp, Comparator high_cmp,
                            CompiledExprPtr value, CompiledExprPtr low, CompiledExprPtr high) {
  return std::make_unique<BetweenNode>(negated, low_cmp, high_cmp, std::move(value), std::move(low),
                                       std::move(high));
}
CompiledExprPtr MakeIn(bool negated, CompiledExprPtr value, std::vector<Comparator> cmps,
                       std::vector<CompiledExprPtr> list) {
  return std::make_unique<InNode>(negated, std::move(value), std::move(cmps), std::move(list));
}

}  // namespace riffle
