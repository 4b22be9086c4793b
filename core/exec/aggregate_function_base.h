#pragma once
// Internal to the aggregate functions: the per-batch loop they all share. Derived supplies
// Add, Retract and Compute as non-virtual members, so the per-row work inlines and there is one
// virtual call per aggregate per batch.

#include <vector>

#include "core/exec/aggregate_functions.h"

namespace riffle {

template <class Derived>
class AggregateBase : public AggregateFunction {
 public:
  using AggregateFunction::AggregateFunction;

  void Apply(const AggregateRows& rows, size_t index, std::vector<Value>& out) const override {
    const Derived& self = static_cast<const Derived&>(*this);
    const std::vector<Accumulator*>& groups = *rows.groups;
    size_t n = groups.size();
    out.resize(n);
    for (size_t r = 0; r < n; ++r) {
      Accumulator* base = groups[r];
      if (base == nullptr) continue;
      Accumulator& acc = base[index];
      if ((*rows.sign)[r] > 0) {
        self.Add(acc, rows, r);
      } else {
        self.Retract(acc, rows, r);
      }
      if ((*rows.emit)[r]) out[r] = self.Compute(acc);
    }
  }
  Value Result(const Accumulator& acc) const override {
    return static_cast<const Derived&>(*this).Compute(acc);
  }
  // Functions that cannot retract are never planned over tables; ignore defensively.
  void Retract(Accumulator&, const AggregateRows&, size_t) const {}

 protected:
  static const Value& Arg(const AggregateRows& rows, size_t r, size_t i = 0) {
    return (*rows.args[i])[(*rows.input_row)[r]];
  }
};

// The statistical and counting aggregates of aggregate_functions_stats.cpp: COUNT_DISTINCT,
// HISTOGRAM, ATTR, STDDEV_SAMP, STDDEV_SAMPLE, STDDEV_POP, VARIANCE, CORRELATION. Returns nullptr
// when `name` (upper case) is none of them; throws like MakeAggregateFunction otherwise.
AggregateFunctionPtr MakeStatsAggregate(const std::string& name, const std::vector<TypePtr>& args,
                                        SourcePos pos);

// Throws ksqlDB's "does not accept parameters" type error for `name` applied to `args`.
[[noreturn]] void ThrowNoAggregateSignature(const std::string& name,
                                            const std::vector<TypePtr>& args, SourcePos pos);

}  // namespace riffle
