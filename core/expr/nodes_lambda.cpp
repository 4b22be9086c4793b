// The lambda functions TRANSFORM, FILTER and REDUCE. A lambda body is an ordinary compiled
// expression bound against an inner scope: the outer columns it reads keep their batch indexes
// and the lambda parameters follow them. To keep one body evaluation per batch (not per
// element), every (row, element) pair of the input batch becomes one row of an inner batch;
// REDUCE, whose accumulator is sequential, evaluates one inner batch per element position.

#include "core/expr/comparator.h"
#include "core/expr/nodes.h"

namespace riffle {
namespace {

// Builds inner batches: the used outer columns of the source row, then the parameters.
class InnerBatch {
 public:
  InnerBatch(const Batch& outer, const std::vector<int>& outer_columns, int first_param,
             int num_params)
      : outer_(outer), outer_columns_(outer_columns), first_param_(first_param) {
    batch_.columns.resize(static_cast<size_t>(first_param + num_params));
  }

  // Appends one inner row copying outer row `r`; the caller then sets the parameters.
  void AddRow(size_t r, std::initializer_list<const Value*> params) {
    for (int c : outer_columns_) {
      if (static_cast<size_t>(c) < outer_.columns.size()) {
        batch_.columns[c].push_back(outer_.columns[c][r]);
      }
    }
    int p = first_param_;
    for (const Value* v : params) batch_.columns[p++].push_back(*v);
    owner_.push_back(r);
    batch_.AddRowMeta(outer_.kinds.empty() ? RowKind::kInsert : outer_.kinds[r],
                      outer_.rowtime[r], outer_.partition.empty() ? 0 : outer_.partition[r],
                      outer_.offset.empty() ? 0 : outer_.offset[r]);
  }
  const Batch& batch() const { return batch_; }
  // The outer row each inner row came from.
  const std::vector<size_t>& owner() const { return owner_; }
  void Clear() {
    batch_.Reset(batch_.columns.size());
    owner_.clear();
  }

 private:
  const Batch& outer_;
  const std::vector<int>& outer_columns_;
  int first_param_;
  Batch batch_;
  std::vector<size_t> owner_;
};

// Evaluates `body` over the inner batch. As in ksqlDB, where a failure inside a lambda (a NULL
// unboxed by arithmetic, a bad cast) aborts the whole call, the outer rows of failing elements
// are flagged in `failed`; the errors are counted once per failing element.
void EvalBody(const CompiledExpr& body, const InnerBatch& inner, std::vector<Value>& results,
              std::vector<char>& failed, EvalContext& ctx) {
  const Batch& b = inner.batch();
  const int64_t before = ctx.errors;
  body.Eval(b, results, ctx);
  if (ctx.errors == before) return;
  ctx.errors = before;  // recounted element by element below
  Batch one;
  std::vector<Value> single;
  for (size_t i = 0; i < b.num_rows(); ++i) {
    one.Reset(b.columns.size());
    for (size_t c = 0; c < b.columns.size(); ++c) {
      if (!b.columns[c].empty()) one.columns[c].push_back(b.columns[c][i]);
    }
    one.AddRowMeta(b.kinds[i], b.rowtime[i], b.partition[i], b.offset[i]);
    const int64_t errors = ctx.errors;
    body.Eval(one, single, ctx);
    if (ctx.errors != errors) failed[inner.owner()[i]] = 1;
  }
}

class NullIsErrorNode final : public CompiledExpr {
 public:
  explicit NullIsErrorNode(CompiledExprPtr child)
      : CompiledExpr(child->type()), child_(std::move(child)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    child_->Eval(in, out, ctx);
    for (const Value& v : out) {
      if (v.is_null()) ctx.RecordError("NULL operand of arithmetic inside a lambda");
    }
  }
  bool IsDeterministic() const override { return child_->IsDeterministic(); }

 private:
  CompiledExprPtr child_;
};

class LambdaCallNode final : public CompiledExpr {
 public:
  LambdaCallNode(LambdaFn fn, TypePtr type, CompiledExprPtr collection, CompiledExprPtr initial,
                 std::vector<CompiledExprPtr> bodies, std::vector<int> outer_columns,
                 int first_param)
      : CompiledExpr(std::move(type)),
        fn_(fn),
        collection_(std::move(collection)),
        initial_(std::move(initial)),
        bodies_(std::move(bodies)),
        outer_columns_(std::move(outer_columns)),
        first_param_(first_param) {}

  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues coll;
    coll.Fill(*collection_, in, ctx);
    const size_t n = in.num_rows();
    out.assign(n, Value());
    switch (fn_) {
      case LambdaFn::kTransformArray:
      case LambdaFn::kFilterArray:
        return EvalArray(in, coll, out, ctx);
      case LambdaFn::kTransformMap:
      case LambdaFn::kFilterMap:
        return EvalMap(in, coll, out, ctx);
      case LambdaFn::kReduceArray:
      case LambdaFn::kReduceMap:
        return EvalReduce(in, coll, out, ctx);
    }
  }

 private:
  void EvalArray(const Batch& in, const ArgValues& coll, std::vector<Value>& out,
                 EvalContext& ctx) const {
    InnerBatch inner(in, outer_columns_, first_param_, 1);
    for (size_t r = 0; r < in.num_rows(); ++r) {
      if (!coll[r].is_list()) continue;
      for (const Value& e : coll[r].as_list()) inner.AddRow(r, {&e});
    }
    std::vector<Value> results;
    std::vector<char> failed(in.num_rows(), 0);
    EvalBody(*bodies_[0], inner, results, failed, ctx);
    size_t k = 0;
    for (size_t r = 0; r < in.num_rows(); ++r) {
      if (!coll[r].is_list()) continue;
      if (failed[r]) {
        k += coll[r].as_list().size();
        continue;
      }
      ValueList items;
      for (const Value& e : coll[r].as_list()) {
        Value& res = results[k++];
        if (fn_ == LambdaFn::kTransformArray) {
          items.push_back(std::move(res));
        } else if (res.is_bool() && res.as_bool()) {
          items.push_back(e);
        }
      }
      out[r] = Value::List(std::move(items));
    }
  }

  void EvalMap(const Batch& in, const ArgValues& coll, std::vector<Value>& out,
               EvalContext& ctx) const {
    InnerBatch inner(in, outer_columns_, first_param_, 2);
    for (size_t r = 0; r < in.num_rows(); ++r) {
      if (!coll[r].is_map()) continue;
      for (const auto& [k, v] : coll[r].as_map()) inner.AddRow(r, {&k, &v});
    }
    std::vector<std::vector<Value>> results(bodies_.size());
    std::vector<char> failed(in.num_rows(), 0);
    for (size_t b = 0; b < bodies_.size(); ++b) {
      EvalBody(*bodies_[b], inner, results[b], failed, ctx);
    }
    size_t i = 0;
    for (size_t r = 0; r < in.num_rows(); ++r) {
      if (!coll[r].is_map()) continue;
      if (failed[r]) {
        i += coll[r].as_map().size();
        continue;
      }
      ValueMap entries;
      for (const auto& entry : coll[r].as_map()) {
        const size_t at = i++;
        if (fn_ == LambdaFn::kFilterMap) {
          if (results[0][at].is_bool() && results[0][at].as_bool()) entries.push_back(entry);
          continue;
        }
        Value key = std::move(results[0][at]);
        Value val = std::move(results[1][at]);
        // New keys may collide: the later entry wins, as in ksqlDB's HashMap.
        bool replaced = false;
        for (auto& existing : entries) {
          if (SqlValuesEqual(existing.first, key) ||
              (existing.first.is_null() && key.is_null())) {
            existing.second = val;
            replaced = true;
            break;
          }
        }
        if (!replaced) entries.emplace_back(std::move(key), std::move(val));
      }
      out[r] = Value::Map(std::move(entries));
    }
  }

  void EvalReduce(const Batch& in, const ArgValues& coll, std::vector<Value>& out,
                  EvalContext& ctx) const {
    ArgValues init;
    init.Fill(*initial_, in, ctx);
    const bool is_map = fn_ == LambdaFn::kReduceMap;
    size_t longest = 0;
    for (size_t r = 0; r < in.num_rows(); ++r) {
      out[r] = init[r];
      if (init[r].is_null()) continue;  // a NULL initial state gives NULL
      if (is_map && coll[r].is_map()) longest = std::max(longest, coll[r].as_map().size());
      if (!is_map && coll[r].is_list()) longest = std::max(longest, coll[r].as_list().size());
    }
    InnerBatch inner(in, outer_columns_, first_param_, is_map ? 3 : 2);
    std::vector<size_t> rows;
    std::vector<Value> results;
    std::vector<char> failed(in.num_rows(), 0);
    for (size_t step = 0; step < longest; ++step) {
      inner.Clear();
      rows.clear();
      for (size_t r = 0; r < in.num_rows(); ++r) {
        if (init[r].is_null() || failed[r]) continue;
        if (is_map) {
          if (!coll[r].is_map() || coll[r].as_map().size() <= step) continue;
          const auto& [k, v] = coll[r].as_map()[step];
          inner.AddRow(r, {&out[r], &k, &v});
        } else {
          if (!coll[r].is_list() || coll[r].as_list().size() <= step) continue;
          inner.AddRow(r, {&out[r], &coll[r].as_list()[step]});
        }
        rows.push_back(r);
      }
      EvalBody(*bodies_[0], inner, results, failed, ctx);
      for (size_t k = 0; k < rows.size(); ++k) {
        out[rows[k]] = failed[rows[k]] ? Value() : std::move(results[k]);
      }
    }
  }

  LambdaFn fn_;
  CompiledExprPtr collection_;
  CompiledExprPtr initial_;
  std::vector<CompiledExprPtr> bodies_;
  std::vector<int> outer_columns_;
  int first_param_;
};

// AND / OR that evaluates its right operand only for the rows the left one does not decide,
// so a guarded NULL (`len(k) > 5 AND v % 2 = 1`) is never reached, as in ksqlDB's Java code.
class ShortCircuitNode final : public CompiledExpr {
 public:
  ShortCircuitNode(bool is_and, CompiledExprPtr l, CompiledExprPtr r)
      : CompiledExpr(Type::Boolean()), is_and_(is_and), l_(std::move(l)), r_(std::move(r)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    l_->Eval(in, out, ctx);
    const size_t n = in.num_rows();
    std::vector<size_t> undecided;
    for (size_t i = 0; i < n; ++i) {
      const Value& v = out[i];
      bool decided = v.is_bool() && v.as_bool() != is_and_;  // AND: false; OR: true
      if (!decided) undecided.push_back(i);
    }
    if (undecided.empty()) return;
    std::vector<Value> right;
    if (undecided.size() == n) {
      r_->Eval(in, right, ctx);
    } else {
      Batch sub;
      sub.columns.resize(in.columns.size());
      for (size_t i : undecided) {
        for (size_t c = 0; c < in.columns.size(); ++c) {
          if (i < in.columns[c].size()) sub.columns[c].push_back(in.columns[c][i]);
        }
        sub.AddRowMeta(in.kinds[i], in.rowtime[i], in.partition[i], in.offset[i]);
      }
      r_->Eval(sub, right, ctx);
    }
    for (size_t k = 0; k < undecided.size(); ++k) {
      Value& res = out[undecided[k]];
      const Value& rv = right[k];
      if (rv.is_bool() && rv.as_bool() != is_and_) {
        res = rv;  // the right side decides
      } else if (res.is_null() || rv.is_null()) {
        res = Value();
      } else {
        res = Value::Bool(is_and_);
      }
    }
  }
  bool IsDeterministic() const override {
    return l_->IsDeterministic() && r_->IsDeterministic();
  }

 private:
  bool is_and_;
  CompiledExprPtr l_, r_;
};

}  // namespace

CompiledExprPtr MakeShortCircuitAndOr(bool is_and, CompiledExprPtr left, CompiledExprPtr right) {
  return std::make_unique<ShortCircuitNode>(is_and, std::move(left), std::move(right));
}

CompiledExprPtr MakeNullIsError(CompiledExprPtr child) {
  return std::make_unique<NullIsErrorNode>(std::move(child));
}

CompiledExprPtr MakeLambdaCall(LambdaFn fn, TypePtr type, CompiledExprPtr collection,
                               CompiledExprPtr initial, std::vector<CompiledExprPtr> bodies,
                               std::vector<int> outer_columns, int first_param) {
  return std::make_unique<LambdaCallNode>(fn, std::move(type), std::move(collection),
                                          std::move(initial), std::move(bodies),
                                          std::move(outer_columns), first_param);
}

}  // namespace riffle
