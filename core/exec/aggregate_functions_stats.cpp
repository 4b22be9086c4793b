// COUNT_DISTINCT, HISTOGRAM, ATTR, STDDEV_SAMP / STDDEV_SAMPLE / STDDEV_POP / VARIANCE and
// CORRELATION, with ksqlDB's results (STDDEV_SAMP returns the sample variance, a ksqlDB bug its
// tests pin down) and undo for the ones ksqlDB allows on tables.
//
// These keep their state in Accumulator::items: value/count pairs (HISTOGRAM, ATTR), a sorted
// set (COUNT_DISTINCT) or running double sums (the statistics), and the row count in count.
#include <algorithm>
#include <cmath>

#include "core/exec/aggregate_function_base.h"

namespace riffle {

namespace {

// ksqlDB's ksql.functions.histogram.limit default.
constexpr size_t kHistogramLimit = 1000;

double ToDouble(const Value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_decimal()) return v.as_decimal().ToDouble();
  return static_cast<double>(v.as_int());
}

// Running double sums kept in items; created zeroed on first use.
void EnsureSums(Accumulator& acc, size_t n) {
  if (acc.items.size() != n) acc.items.assign(n, Value::Double(0));
}
double Get(const Accumulator& acc, size_t i) {
  return i < acc.items.size() ? acc.items[i].as_double() : 0.0;
}
void Set(Accumulator& acc, size_t i, double v) { acc.items[i].SetDouble(v); }

// ---- value/count pairs: items = [v0, c0, v1, c1, ...] in first-seen order ----

// Index of `v`'s value slot, or npos.
size_t FindPair(const Accumulator& acc, const Value& v) {
  for (size_t i = 0; i < acc.items.size(); i += 2) {
    if (acc.items[i] == v) return i;
  }
  return std::string::npos;
}

void AddPair(Accumulator& acc, const Value& v, int64_t by, size_t limit) {
  size_t i = FindPair(acc, v);
  if (i != std::string::npos) {
    acc.items[i + 1].SetInt(acc.items[i + 1].as_int() + by);
    return;
  }
  if (acc.items.size() / 2 >= limit) return;
  acc.items.push_back(v);
  acc.items.push_back(Value::Int(by));
}

void RetractPair(Accumulator& acc, const Value& v) {
  size_t i = FindPair(acc, v);
  if (i == std::string::npos) return;
  int64_t c = acc.items[i + 1].as_int() - 1;
  if (c > 0) {
    acc.items[i + 1].SetInt(c);
  } else {
    acc.items.erase(acc.items.begin() + static_cast<ptrdiff_t>(i),
                    acc.items.begin() + static_cast<ptrdiff_t>(i) + 2);
  }
}

void MergePairs(Accumulator& into, const Accumulator& from, size_t limit) {
  for (size_t i = 0; i + 1 < from.items.size(); i += 2) {
    AddPair(into, from.items[i], from.items[i + 1].as_int(), limit);
  }
}

// ---- HISTOGRAM: MAP<value, BIGINT> of how often each non-null value occurred ----

class HistogramFn : public AggregateBase<HistogramFn> {
 public:
  explicit HistogramFn(TypePtr t)
      : AggregateBase("HISTOGRAM", Type::Map(t, Type::Bigint()), true) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (!v.is_null()) AddPair(acc, v, 1, kHistogramLimit);
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (!v.is_null()) RetractPair(acc, v);
  }
  Value Compute(const Accumulator& acc) const {
    ValueMap m;
    m.reserve(acc.items.size() / 2);
    for (size_t i = 0; i + 1 < acc.items.size(); i += 2) {
      m.emplace_back(acc.items[i], acc.items[i + 1]);
    }
    return Value::Map(std::move(m));
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    MergePairs(into, from, kHistogramLimit);
  }
};

// ---- ATTR: the value when every row had the same one (NULL counts as a value), else NULL ----

class AttrFn : public AggregateBase<AttrFn> {
 public:
  explicit AttrFn(TypePtr t) : AggregateBase("ATTR", t, true) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    AddPair(acc, Arg(rows, r), 1, SIZE_MAX);
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    RetractPair(acc, Arg(rows, r));
  }
  Value Compute(const Accumulator& acc) const {
    return acc.items.size() == 2 ? acc.items[0] : Value();
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    MergePairs(into, from, SIZE_MAX);
  }
};

// ---- COUNT_DISTINCT: exact number of distinct non-null values (ksqlDB estimates it) ----

class CountDistinctFn : public AggregateBase<CountDistinctFn> {
 public:
  CountDistinctFn() : AggregateBase("COUNT_DISTINCT", Type::Bigint(), false) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const { Fold(acc, Arg(rows, r)); }
  Value Compute(const Accumulator& acc) const {
    return Value::Int(static_cast<int64_t>(acc.items.size()));
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    for (const Value& v : from.items) Fold(into, v);
  }

 private:
  static void Fold(Accumulator& acc, const Value& v) {
    if (v.is_null()) return;
    auto less = [](const Value& a, const Value& b) { return CompareValues(a, b) < 0; };
    auto at = std::lower_bound(acc.items.begin(), acc.items.end(), v, less);
    if (at != acc.items.end() && CompareValues(*at, v) == 0) return;
    acc.items.insert(at, v);
  }
};

// ---- Variance family: count, sum, M2 (sum of squared deviations, Welford) ----

enum class VarianceResult { kSampleVariance, kSampleStddev, kPopulationStddev };

class VarianceFn : public AggregateBase<VarianceFn> {
 public:
  VarianceFn(std::string name, VarianceResult result)
      : AggregateBase(std::move(name), Type::Double(), true), result_(result) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (v.is_null()) return;
    EnsureSums(acc, 2);
    double x = ToDouble(v);
    int64_t n = ++acc.count;
    double sum = Get(acc, 0) + x;
    Set(acc, 0, sum);
    if (n > 1) {
      double d = static_cast<double>(n) * x - sum;
      Set(acc, 1, Get(acc, 1) + d * d / (static_cast<double>(n) * static_cast<double>(n - 1)));
    }
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    const Value& v = Arg(rows, r);
    if (v.is_null() || acc.count <= 0) return;
    EnsureSums(acc, 2);
    double x = ToDouble(v);
    int64_t n = acc.count;
    double sum = Get(acc, 0);
    if (n > 1) {
      double d = static_cast<double>(n) * x - sum;
      Set(acc, 1, Get(acc, 1) - d * d / (static_cast<double>(n) * static_cast<double>(n - 1)));
    } else {
      Set(acc, 1, 0);
    }
    Set(acc, 0, n > 1 ? sum - x : 0);
    --acc.count;
  }
  Value Compute(const Accumulator& acc) const {
    double n = static_cast<double>(acc.count);
    double m2 = Get(acc, 1);
    switch (result_) {
      case VarianceResult::kSampleVariance:
        return Value::Double(acc.count < 2 ? 0.0 : m2 / (n - 1));
      case VarianceResult::kSampleStddev:
        return Value::Double(acc.count < 2 ? 0.0 : std::sqrt(m2 / (n - 1)));
      case VarianceResult::kPopulationStddev:
        return Value::Double(acc.count < 1 ? 0.0 : std::sqrt(m2 / n));
    }
    return Value();
  }
  // Chan et al.'s pairwise combination of two partial results.
  void Merge(Accumulator& into, const Accumulator& from) const override {
    if (from.count == 0) return;
    EnsureSums(into, 2);
    double na = static_cast<double>(into.count), nb = static_cast<double>(from.count);
    double sa = Get(into, 0), sb = Get(from, 0);
    double m2 = Get(into, 1) + Get(from, 1);
    if (into.count > 0) {
      double delta = sb / nb - sa / na;
      m2 += delta * delta * na * nb / (na + nb);
    }
    Set(into, 0, sa + sb);
    Set(into, 1, m2);
    into.count += from.count;
  }

 private:
  VarianceResult result_;
};

// ---- CORRELATION(x, y): Pearson's r from running sums; rows with a NULL are skipped ----

class CorrelationFn : public AggregateBase<CorrelationFn> {
 public:
  CorrelationFn() : AggregateBase("CORRELATION", Type::Double(), true) {}
  void Add(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    Fold(acc, Arg(rows, r, 0), Arg(rows, r, 1), +1);
  }
  void Retract(Accumulator& acc, const AggregateRows& rows, size_t r) const {
    Fold(acc, Arg(rows, r, 0), Arg(rows, r, 1), -1);
  }
  Value Compute(const Accumulator& acc) const {
    double n = static_cast<double>(acc.count);
    double sx = Get(acc, 0), sy = Get(acc, 1), sxx = Get(acc, 2), syy = Get(acc, 3),
           sxy = Get(acc, 4);
    double num = n * sxy - sx * sy;
    double den = std::sqrt(n * sxx - sx * sx) * std::sqrt(n * syy - sy * sy);
    return Value::Double(num / den);
  }
  void Merge(Accumulator& into, const Accumulator& from) const override {
    EnsureSums(into, 5);
    for (size_t i = 0; i < 5; ++i) Set(into, i, Get(into, i) + Get(from, i));
    into.count += from.count;
  }

 private:
  static void Fold(Accumulator& acc, const Value& xv, const Value& yv, int sign) {
    if (xv.is_null() || yv.is_null()) return;
    EnsureSums(acc, 5);
    double x = ToDouble(xv), y = ToDouble(yv);
    double s = sign;
    Set(acc, 0, Get(acc, 0) + s * x);
    Set(acc, 1, Get(acc, 1) + s * y);
    Set(acc, 2, Get(acc, 2) + s * x * x);
    Set(acc, 3, Get(acc, 3) + s * y * y);
    Set(acc, 4, Get(acc, 4) + s * x * y);
    acc.count += sign;
  }
};

bool IsStatsInput(TypeKind k) {
  return k == TypeKind::kInt || k == TypeKind::kBigint || k == TypeKind::kDouble;
}

}  // namespace

AggregateFunctionPtr MakeStatsAggregate(const std::string& name, const std::vector<TypePtr>& args,
                                        SourcePos pos) {
  auto need = [&](size_t n, bool ok) {
    if (args.size() != n || !ok) ThrowNoAggregateSignature(name, args, pos);
  };
  const TypePtr& t = args[0];
  if (name == "HISTOGRAM") {
    need(1, t->IsPrimitive() && t->kind != TypeKind::kNull);
    return std::make_unique<HistogramFn>(t);
  }
  if (name == "ATTR") {
    need(1, t->kind != TypeKind::kNull);
    return std::make_unique<AttrFn>(t);
  }
  if (name == "COUNT_DISTINCT") {
    need(1, t->IsPrimitive() && t->kind != TypeKind::kNull);
    return std::make_unique<CountDistinctFn>();
  }
  if (name == "STDDEV_SAMP" || name == "VARIANCE") {
    need(1, IsStatsInput(t->kind));
    return std::make_unique<VarianceFn>(name, VarianceResult::kSampleVariance);
  }
  if (name == "STDDEV_SAMPLE") {
    need(1, IsStatsInput(t->kind));
    return std::make_unique<VarianceFn>(name, VarianceResult::kSampleStddev);
  }
  if (name == "STDDEV_POP") {
    need(1, IsStatsInput(t->kind));
    return std::make_unique<VarianceFn>(name, VarianceResult::kPopulationStddev);
  }
  if (name == "CORRELATION") {
    need(2, args.size() == 2 && IsStatsInput(t->kind) && IsStatsInput(args[1]->kind));
    return std::make_unique<CorrelationFn>();
  }
  return nullptr;
}

}  // namespace riffle
