#include "core/exec/aggregate_functions.h"

#include <algorithm>
#include <cctype>

#include "core/common/text.h"
#include "core/exec/aggregate_function_base.h"
#include "core/exec/state_codec.h"
#include "core/expr/function_registry.h"

namespace riffle {

void Accumulator::Save(StateWriter& w) const {
  w.PutValue(value);
  w.PutI64(count);
  w.PutI64(order);
  w.PutI64(static_cast<int64_t>(items.size()));
  for (const Value& v : items) w.PutValue(v);
}

void Accumulator::Load(StateReader& r) {
  value = r.GetValue();
  count = r.GetI64();
  order = r.GetI64();
  int64_t n = r.GetI64();
  if (n < 0) throw RiffleError(ErrorKind::kRuntime, "checkpointed state is corrupt");
  items.clear();
  for (int64_t i = 0; i < n; ++i) items.push_back(r.GetValue());
}

namespace {

// ksqlDB's ksql.functions.collect_list.limit / collect_set.limit default.
constexpr size_t kCollectLimit = 1000;

// ---- COUNT ----

class CountFn : public AggregateBase<CountFn> {
 public:
  explicit CountFn(bool star) : AggregateBase("COUNT", Type::Bigint(), true), star_(star) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    if (star_ || !Arg(rows, r).is_null()) ++acc.count;
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    if (star_ || !Arg(rows, r).is_null()) --acc.count;
  }
  Value Compute(const Accumulator& acc) const { return Value::Int(acc.count); }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    into.count += from.count;
  }

 private:
  bool star_;
};

// ---- SUM ----

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

class SumFn : public AggregateBase<SumFn> {
 public:
  explicit SumFn(TypePtr t) : AggregateBase("SUM", t, true), kind_(t->kind) {
    if (kind_ == TypeKind::kDecimal) limit_ = Pow10(t->precision);
  }
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (!v.is_null()) acc.value = Plus(Current(acc), v, +1);
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (!v.is_null()) acc.value = Plus(Current(acc), v, -1);
  }
  Value Compute(const Accumulator& acc) const { return Current(acc); }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    into.value = Plus(Current(into), Current(from), +1);
  }

 private:
  Value Current(const Accumulator& acc) const {
    if (!acc.value.is_null()) return acc.value;
    switch (kind_) {
      case TypeKind::kDouble:
        return Value::Double(0);
      case TypeKind::kDecimal: {
        Decimal d;
        d.precision = result_type()->precision;
        d.scale = result_type()->scale;
        return Value::Dec(d);
      }
      default:
        return Value::Int(0);
    }
  }
  Value Plus(const Value& a, const Value& b, int sign) const {
    switch (kind_) {
      case TypeKind::kDouble:
        return Value::Double(a.as_double() + sign * b.as_double());
      case TypeKind::kInt: {
        // Java int arithmetic wraps; so does ksqlDB's SUM.
        uint32_t x = static_cast<uint32_t>(a.as_int());
        uint32_t y = static_cast<uint32_t>(b.as_int());
        return Value::Int(static_cast<int32_t>(sign > 0 ? x + y : x - y));
      }
      case TypeKind::kDecimal: {
        Decimal d = a.as_decimal();
        Decimal e = b.as_decimal();
        if (e.scale != d.scale) e = e.Rescale(d.scale);
        d.unscaled = sign > 0 ? d.unscaled + e.unscaled : d.unscaled - e.unscaled;
        if (d.unscaled >= limit_ || d.unscaled <= -limit_) {
          throw RiffleError(ErrorKind::kRuntime, "Numeric field overflow");
        }
        return Value::Dec(d);
      }
      default: {
        uint64_t x = static_cast<uint64_t>(a.as_int());
        uint64_t y = static_cast<uint64_t>(b.as_int());
        return Value::Int(static_cast<int64_t>(sign > 0 ? x + y : x - y));
      }
    }
  }
  TypeKind kind_;
  __int128 limit_ = 0;
};

// ---- MIN / MAX ----

class MinMaxFn : public AggregateBase<MinMaxFn> {
 public:
  MinMaxFn(bool is_max, TypePtr t) : AggregateBase(is_max ? "MAX" : "MIN", t, false), max_(is_max) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const { Fold(acc, Arg(rows, r)); }
  Value Compute(const Accumulator& acc) const { return acc.value; }
  void Merge(Accumulator& into, const Accumulator& from) const override { Fold(into, from.value); }

 private:
  void Fold(Accumulator& acc, const Value& v) const {
    if (v.is_null()) return;
    if (acc.value.is_null()) {
      acc.value = v;
      return;
    }
    int c = CompareValues(v, acc.value);
    if (max_ ? c > 0 : c < 0) acc.value = v;
  }
  bool max_;
};

// ---- AVG ----

class AvgFn : public AggregateBase<AvgFn> {
 public:
  explicit AvgFn(TypeKind input) : AggregateBase("AVG", Type::Double(), true), input_(input) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const { Fold(acc, Arg(rows, r), 1); }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    Fold(acc, Arg(rows, r), -1);
  }
  Value Compute(const Accumulator& acc) const {
    if (acc.count == 0) return Value::Double(0);
    double sum = acc.value.is_null() ? 0 : acc.value.as_double();
    return Value::Double(sum / static_cast<double>(acc.count));
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    double a = into.value.is_null() ? 0 : into.value.as_double();
    double b = from.value.is_null() ? 0 : from.value.as_double();
    into.value = Value::Double(a + b);
    into.count += from.count;
  }

 private:
  void Fold(Accumulator& acc, const Value& v, int sign) const {
    if (v.is_null()) return;
    double x = input_ == TypeKind::kDecimal ? v.as_decimal().ToDouble()
               : v.is_double()              ? v.as_double()
                                            : static_cast<double>(v.as_int());
    double sum = acc.value.is_null() ? 0 : acc.value.as_double();
    acc.value = Value::Double(sum + sign * x);
    acc.count += sign;
  }
  TypeKind input_;
};

// ---- COLLECT_LIST / COLLECT_SET ----

class CollectFn : public AggregateBase<CollectFn> {
 public:
  CollectFn(bool set, TypePtr element)
      // ksqlDB undoes COLLECT_LIST only: a set cannot tell whether another row still holds
      // a retracted value.
      : AggregateBase(set ? "COLLECT_SET" : "COLLECT_LIST", Type::Array(element), !set),
        set_(set) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const { Fold(acc, Arg(rows, r)); }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    // ksqlDB removes the last occurrence.
    const Value& v = Arg(rows, r);
    auto it = std::find(acc.items.rbegin(), acc.items.rend(), v);
    if (it != acc.items.rend()) acc.items.erase(std::next(it).base());
  }
  Value Compute(const Accumulator& acc) const { return Value::List(acc.items); }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    for (const Value& v : from.items) Fold(into, v);
  }

 private:
  void Fold(Accumulator& acc, const Value& v) const {
    if (acc.items.size() >= kCollectLimit) return;
    if (set_ && std::find(acc.items.begin(), acc.items.end(), v) != acc.items.end()) return;
    acc.items.push_back(v);
  }
  bool set_;
};

// ---- EARLIEST_BY_OFFSET / LATEST_BY_OFFSET ----

class ByOffsetFn : public AggregateBase<ByOffsetFn> {
 public:
  ByOffsetFn(bool latest, TypePtr t, bool ignore_nulls)
      : AggregateBase(latest ? "LATEST_BY_OFFSET" : "EARLIEST_BY_OFFSET", t, false),
        latest_(latest),
        ignore_nulls_(ignore_nulls) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    Fold(acc, Arg(rows, r), (*rows.order)[(*rows.input_row)[r]]);
  }
  Value Compute(const Accumulator& acc) const { return acc.value; }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    if (from.order != 0) Fold(into, from.value, from.order);
  }

 private:
  void Fold(Accumulator& acc, const Value& v, int64_t order) const {
    if (ignore_nulls_ && v.is_null()) return;
    bool take = acc.order == 0 || (latest_ ? order >= acc.order : order < acc.order);
    if (!take) return;
    acc.value = v;
    acc.order = order;
  }
  bool latest_;
  bool ignore_nulls_;
};

// ---- EARLIEST_BY_OFFSET / LATEST_BY_OFFSET with a count: the first or last n values ----

// items holds (arrival order, value) pairs, oldest first.
class ByOffsetNFn : public AggregateBase<ByOffsetNFn> {
 public:
  ByOffsetNFn(bool latest, TypePtr t, int64_t n, bool ignore_nulls)
      : AggregateBase(latest ? "LATEST_BY_OFFSET" : "EARLIEST_BY_OFFSET", Type::Array(t), false),
        latest_(latest),
        n_(static_cast<size_t>(n)),
        ignore_nulls_(ignore_nulls) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (ignore_nulls_ && v.is_null()) return;
    if (!latest_ && acc.items.size() >= 2 * n_) return;
    acc.items.push_back(Value::Int((*rows.order)[(*rows.input_row)[r]]));
    acc.items.push_back(v);
    if (acc.items.size() > 2 * n_) acc.items.erase(acc.items.begin(), acc.items.begin() + 2);
  }
  Value Compute(const Accumulator& acc) const {
    ValueList out;
    for (size_t i = 1; i < acc.items.size(); i += 2) out.push_back(acc.items[i]);
    return Value::List(std::move(out));
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    std::vector<std::pair<int64_t, Value>> all;
    for (const Accumulator* a : std::initializer_list<const Accumulator*>{&into, &from}) {
      for (size_t i = 0; i + 1 < a->items.size(); i += 2) {
        all.emplace_back(a->items[i].as_int(), a->items[i + 1]);
      }
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    size_t skip = latest_ && all.size() > n_ ? all.size() - n_ : 0;
    into.items.clear();
    for (size_t i = skip; i < all.size() && into.items.size() < 2 * n_; ++i) {
      into.items.push_back(Value::Int(all[i].first));
      into.items.push_back(all[i].second);
    }
  }

 private:
  bool latest_;
  size_t n_;
  bool ignore_nulls_;
};

// ---- TOPK / TOPKDISTINCT ----
// TOPK(col, other..., k) with other columns keeps, per top value, a STRUCT of the value
// (`sort_col`) and the other columns of its row (`col0`, `col1`, ...), as ksqlDB does.

class TopKFn : public AggregateBase<TopKFn> {
 public:
  TopKFn(bool distinct, TypePtr element, int64_t k, size_t others)
      : AggregateBase(distinct ? "TOPKDISTINCT" : "TOPK", Type::Array(std::move(element)), false),
        distinct_(distinct),
        k_(static_cast<size_t>(k)),
        others_(others) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    if (others_ == 0) return Fold(acc, Arg(rows, r));
    if (Arg(rows, r).is_null()) return;
    ValueList fields;
    for (size_t i = 0; i <= others_; ++i) fields.push_back(Arg(rows, r, i));
    Fold(acc, Value::List(std::move(fields)));
  }
  Value Compute(const Accumulator& acc) const { return Value::List(acc.items); }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    for (const Value& v : from.items) Fold(into, v);
  }

 private:
  const Value& Key(const Value& v) const { return others_ == 0 ? v : v.as_list()[0]; }
  // Keeps items sorted descending by their value, at most k of them; a tie keeps the earlier.
  void Fold(Accumulator& acc, const Value& v) const {
    if (Key(v).is_null()) return;
    if (distinct_ && std::find(acc.items.begin(), acc.items.end(), v) != acc.items.end()) return;
    auto at = std::find_if(acc.items.begin(), acc.items.end(),
                           [&](const Value& x) { return CompareValues(Key(v), Key(x)) > 0; });
    if (static_cast<size_t>(at - acc.items.begin()) >= k_) return;
    acc.items.insert(at, v);
    if (acc.items.size() > k_) acc.items.pop_back();
  }
  bool distinct_;
  size_t k_;
  size_t others_;  // other columns kept with each value
};

// The value types ksqlDB declares TOPK and TOPKDISTINCT for.
bool TopKAccepts(bool distinct, TypeKind k) {
  switch (k) {
    case TypeKind::kInt:
    case TypeKind::kBigint:
    case TypeKind::kDouble:
    case TypeKind::kString:
      return true;
    case TypeKind::kDecimal:
    case TypeKind::kDate:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
    case TypeKind::kBytes:
      return distinct;
    default:
      return false;
  }
}

bool IsSummable(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kBigint || k == TypeKind::kDouble ||
         k == TypeKind::kDecimal;
}

}  // namespace

void ThrowNoAggregateSignature(const std::string& name, const std::vector<TypePtr>& args,
                               SourcePos pos) {
  std::string list;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) list += ", ";
    list += args[i]->kind == TypeKind::kNull ? "null" : args[i]->ToString();
  }
  ThrowType(pos,
            "Function '" + DeclaredFunctionName(name) + "' does not accept parameters (" + list +
                ").",
            "see DESCRIBE FUNCTION " + name);
}

std::vector<bool> AggregateArgumentIsData(const std::string& name, size_t num_args) {
  std::string n = AsciiUpper(name);
  std::vector<bool> data(num_args, true);
  if ((n == "EARLIEST_BY_OFFSET" || n == "LATEST_BY_OFFSET") && num_args > 1) {
    for (size_t i = 1; i < num_args; ++i) data[i] = false;
  }
  // TOPK's k comes last, after the value and any other columns.
  if ((n == "TOPK" || n == "TOPKDISTINCT") && num_args > 1) data[num_args - 1] = false;
  return data;
}

AggregateFunctionPtr MakeAggregateFunction(const std::string& name_in,
                                           const std::vector<TypePtr>& args,
                                           const std::vector<const Value*>& constants, bool star,
                                           SourcePos pos) {
  std::string name = AsciiUpper(name_in);
  if (name == "COUNT") {
    if (star || args.empty()) return std::make_unique<CountFn>(true);
    if (args.size() != 1) ThrowNoAggregateSignature(name, args, pos);
    // COUNT(1) and other non-NULL constants count every row.
    bool constant = constants[0] != nullptr && !constants[0]->is_null();
    return std::make_unique<CountFn>(constant);
  }
  if (star) ThrowBind(pos, "'*' is only allowed in COUNT(*)");
  if (args.empty()) ThrowNoAggregateSignature(name, args, pos);
  const TypePtr& t = args[0];
  if (name == "SUM") {
    if (args.size() != 1 || !IsSummable(t->kind)) ThrowNoAggregateSignature(name, args, pos);
    return std::make_unique<SumFn>(t);
  }
  if (name == "MIN" || name == "MAX") {
    if (args.size() != 1 || !t->IsPrimitive() || t->kind == TypeKind::kNull) {
      ThrowNoAggregateSignature(name, args, pos);
    }
    return std::make_unique<MinMaxFn>(name == "MAX", t);
  }
  if (name == "AVG") {
    if (args.size() != 1 || !IsSummable(t->kind)) ThrowNoAggregateSignature(name, args, pos);
    return std::make_unique<AvgFn>(t->kind);
  }
  if (name == "COLLECT_LIST" || name == "COLLECT_SET") {
    if (args.size() != 1 || t->kind == TypeKind::kNull) ThrowNoAggregateSignature(name, args, pos);
    return std::make_unique<CollectFn>(name == "COLLECT_SET", t);
  }
  if (name == "EARLIEST_BY_OFFSET" || name == "LATEST_BY_OFFSET") {
    bool ignore_nulls = true;
    if (args.size() >= 2 && args[1]->IsIntegral()) {
      // (value, n [, ignore_nulls]): the first / last n values.
      if (args.size() > 3 || constants[1] == nullptr || !constants[1]->is_int() ||
          constants[1]->as_int() < 1 ||
          (args.size() == 3 && (constants[2] == nullptr || !constants[2]->is_bool()))) {
        ThrowNoAggregateSignature(name, args, pos);
      }
      if (args.size() == 3) ignore_nulls = constants[2]->as_bool();
      return std::make_unique<ByOffsetNFn>(name == "LATEST_BY_OFFSET", t,
                                           constants[1]->as_int(), ignore_nulls);
    }
    if (args.size() == 2) {
      if (args[1]->kind != TypeKind::kBoolean || constants[1] == nullptr ||
          !constants[1]->is_bool()) {
        ThrowNoAggregateSignature(name, args, pos);
      }
      ignore_nulls = constants[1]->as_bool();
    } else if (args.size() != 1) {
      ThrowNoAggregateSignature(name, args, pos);
    }
    return std::make_unique<ByOffsetFn>(name == "LATEST_BY_OFFSET", t, ignore_nulls);
  }
  if (name == "TOPK" || name == "TOPKDISTINCT") {
    // TOPK(value, k), TOPK(value, other..., k); TOPKDISTINCT(value, k).
    const bool distinct = name == "TOPKDISTINCT";
    const size_t last = args.size() - 1;
    if (args.size() < 2 || (distinct && args.size() != 2) || args[last]->kind != TypeKind::kInt ||
        constants[last] == nullptr || !constants[last]->is_int() ||
        constants[last]->as_int() < 1 || !TopKAccepts(distinct, t->kind)) {
      ThrowNoAggregateSignature(name, args, pos);
    }
    TypePtr element = t;
    if (args.size() > 2) {
      std::vector<StructField> fields = {{"sort_col", t}};
      for (size_t i = 1; i < last; ++i) fields.push_back({"col" + std::to_string(i - 1), args[i]});
      element = Type::Struct(std::move(fields));
    }
    return std::make_unique<TopKFn>(distinct, element, constants[last]->as_int(), last - 1);
  }
  if (AggregateFunctionPtr fn = MakeStatsAggregate(name, args, pos)) return fn;
  ThrowBind(pos, "Aggregate function " + name + " is not supported yet.");
}

}  // namespace riffle
