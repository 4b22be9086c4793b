// Struct field access, array/map subscripts and the ARRAY[...], MAP(...), STRUCT(...)
// constructors.

#include "core/expr/nodes.h"

namespace riffle {
namespace {

class DereferenceNode final : public CompiledExpr {
 public:
  DereferenceNode(CompiledExprPtr arg, int field, TypePtr type)
      : CompiledExpr(std::move(type)), arg_(std::move(arg)), field_(field) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    arg_->Eval(in, out, ctx);
    for (auto& v : out) {
      if (!v.is_list()) {
        v = Value();
        continue;
      }
      const ValueList& fields = v.as_list();
      // Copy out before overwriting `v`, which owns `fields`.
      Value f = static_cast<size_t>(field_) < fields.size() ? fields[field_] : Value();
      v = std::move(f);
    }
  }

 private:
  CompiledExprPtr arg_;
  int field_;
};

class SubscriptNode final : public CompiledExpr {
 public:
  SubscriptNode(CompiledExprPtr arg, CompiledExprPtr index, TypePtr type)
      : CompiledExpr(std::move(type)),
        arg_(std::move(arg)),
        index_(std::move(index)),
        is_array_(arg_->type()->kind == TypeKind::kArray) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    ArgValues idx;
    idx.Fill(*index_, in, ctx);
    arg_->Eval(in, out, ctx);
    for (size_t i = 0; i < out.size(); ++i) {
      Value& v = out[i];
      const Value& k = idx[i];
      if (k.is_null()) {
        v = Value();
        continue;
      }
      Value found;
      if (is_array_ && v.is_list()) {
        const ValueList& items = v.as_list();
        int64_t n = static_cast<int64_t>(items.size());
        int64_t pos = k.as_int();
        // ksqlDB: 1-based from the start, negative from the end, otherwise NULL.
        int64_t at = pos > 0 ? pos - 1 : (pos < 0 ? n + pos : -1);
        if (at >= 0 && at < n) found = items[at];
      } else if (!is_array_ && v.is_map()) {
        for (const auto& [key, val] : v.as_map()) {
          if (SqlValuesEqual(key, k)) {
            found = val;
            break;
          }
        }
      }
      v = std::move(found);
    }
  }

 private:
  CompiledExprPtr arg_, index_;
  bool is_array_;
};

class ArrayNode final : public CompiledExpr {
 public:
  ArrayNode(TypePtr type, std::vector<CompiledExprPtr> elements)
      : CompiledExpr(std::move(type)), elements_(std::move(elements)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    std::vector<ArgValues> vals(elements_.size());
    for (size_t k = 0; k < elements_.size(); ++k) vals[k].Fill(*elements_[k], in, ctx);
    const size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      ValueList items;
      items.reserve(vals.size());
      for (const auto& v : vals) items.push_back(v[i]);
      out[i] = Value::List(std::move(items));
    }
  }

 private:
  std::vector<CompiledExprPtr> elements_;
};

class MapNode final : public CompiledExpr {
 public:
  MapNode(TypePtr type, std::vector<CompiledExprPtr> keys, std::vector<CompiledExprPtr> values)
      : CompiledExpr(std::move(type)), keys_(std::move(keys)), values_(std::move(values)) {}
  void Eval(const Batch& in, std::vector<Value>& out, EvalContext& ctx) const override {
    std::vector<ArgValues> ks(keys_.size()), vs(values_.size());
    for (size_t k = 0; k < keys_.size(); ++k) {
      ks[k].Fill(*keys_[k], in, ctx);
      vs[k].Fill(*values_[k], in, ctx);
    }
    const size_t n = in.num_rows();
    out.resize(n);
    for (size_t i = 0; i < n; ++i) {
      ValueMap entries;
      entries.reserve(ks.size());
      for (size_t k = 0; k < ks.size(); ++k) {
        // A later duplicate key replaces the earlier value, as a Java map would.
        bool replaced = false;
        for (auto& e : entries) {
          if (SqlValuesEqual(e.first, ks[k][i])) {
            e.second = vs[k][i];
            replaced = true;
            break;
          }
        }
        if (!replaced) entries.emplace_back(ks[k][i], vs[k][i]);
      }
      out[i] = Value::Map(std::move(entries));
    }
  }

 private:
  std::vector<CompiledExprPtr> keys_, values_;
};

}  // namespace

CompiledExprPtr MakeDereference(CompiledExprPtr arg, int field_index, TypePtr type) {
  return std::make_unique<DereferenceNode>(std::move(arg), field_index, std::move(type));
}
CompiledExprPtr MakeSubscript(CompiledExprPtr arg, CompiledExprPtr index, TypePtr type) {
  return std::make_unique<SubscriptNode>(std::move(arg), std::move(index), std::move(type));
}
CompiledExprPtr MakeArrayConstructor(TypePtr type, std::vector<CompiledExprPtr> elements) {
  return std::make_unique<ArrayNode>(std::move(type), std::move(elements));
}
CompiledExprPtr MakeMapConstructor(TypePtr type, std::vector<CompiledExprPtr> keys,
                                   std::vector<CompiledExprPtr> values) {
  return std::make_unique<MapNode>(std::move(type), std::move(keys), std::move(values));
}
CompiledExprPtr MakeStructConstructor(TypePtr type, std::vector<CompiledExprPtr> fields) {
  // A struct value is the list of its field values in declaration order.
  return std::make_unique<ArrayNode>(std::move(type), std::move(fields));
}

}  // namespace riffle
