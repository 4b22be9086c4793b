#pragma once
// Aggregate functions (COUNT, SUM, MIN, MAX, AVG, COLLECT_LIST, COLLECT_SET, EARLIEST_BY_OFFSET,
// LATEST_BY_OFFSET, TOPK, TOPKDISTINCT, and in aggregate_functions_stats.cpp COUNT_DISTINCT,
// HISTOGRAM, ATTR, STDDEV_SAMP, STDDEV_SAMPLE, STDDEV_POP, VARIANCE, CORRELATION) with ksqlDB's
// argument checks and result types.
//
// An aggregate keeps one Accumulator per group. The aggregation operator resolves each input
// row to its group first, then calls Apply once per aggregate per batch: the function walks the
// rows in order, folds each into its group's accumulator (or retracts it, for table sources),
// and writes the group's result after that row where the operator asks for one. So there is one
// virtual call per aggregate per batch, never per row.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/expr/compiled_expr.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

class StateReader;
class StateWriter;

// The running state of one aggregate for one group. Which fields are used depends on the
// function; unused ones stay empty, so a fresh Accumulator is every function's initial state.
struct Accumulator {
  Value value;               // SUM, MIN, MAX, AVG's sum, *_BY_OFFSET's current value
  int64_t count = 0;         // COUNT, AVG's count
  int64_t order = 0;         // *_BY_OFFSET: the sequence number of `value`; 0 = none yet
  std::vector<Value> items;  // COLLECT_LIST, COLLECT_SET, TOPK, TOPKDISTINCT

  void Save(StateWriter& w) const;
  void Load(StateReader& r);
};

// One batch of work for Apply: a list of updates, each folding one input row into one group
// (a hopping window folds a row into several). `groups`, `sign`, `emit` and `input_row` are
// indexed by update; `args` and `order` by input row.
struct AggregateRows {
  // The accumulators of the update's group (this aggregate's is base[index]); nullptr: skip.
  const std::vector<Accumulator*>* groups = nullptr;
  const std::vector<int8_t>* sign = nullptr;        // +1 add the row, -1 retract it
  const std::vector<uint8_t>* emit = nullptr;       // 1: write the result after it into out
  const std::vector<uint32_t>* input_row = nullptr;  // the input row of each update
  const std::vector<int64_t>* order = nullptr;  // per input row, increasing in arrival order
  std::vector<const ArgValues*> args;           // evaluated arguments (not the constant ones)
};

class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;

  const std::string& name() const { return name_; }
  const TypePtr& result_type() const { return result_type_; }
  // Whether the function can retract rows, i.e. aggregate a table (ksqlDB's TableUdaf).
  bool supports_undo() const { return supports_undo_; }

  // Applies the updates in order (see AggregateRows) and, for updates whose emit flag is set,
  // stores the group's result after it in out[update] (out is resized to the number of
  // updates). `index` is this
  // aggregate's position in each group's accumulator array. Throws RiffleError(kRuntime) when
  // the result cannot be represented (DECIMAL overflow), which fails the job as in ksqlDB.
  virtual void Apply(const AggregateRows& rows, size_t index, std::vector<Value>& out) const = 0;
  // Folds `from` into `into` (merging session windows): the result is as if every row of `from`
  // had been added to `into` after its own rows.
  virtual void Merge(Accumulator& into, const Accumulator& from) const = 0;
  // The current result of an accumulator.
  virtual Value Result(const Accumulator& acc) const = 0;

 protected:
  AggregateFunction(std::string name, TypePtr result_type, bool undo)
      : name_(std::move(name)), result_type_(std::move(result_type)), supports_undo_(undo) {}

 private:
  std::string name_;
  TypePtr result_type_;
  bool supports_undo_;
};

using AggregateFunctionPtr = std::unique_ptr<AggregateFunction>;

// Builds the aggregate `name` (case-insensitive) for arguments of types `arg_types`.
// `constants` holds, per argument, its value when it is a literal (nullptr otherwise): TOPK's k
// and the *_BY_OFFSET ignore-nulls flag must be literals. `star` is COUNT(*) / COUNT().
// Throws RiffleError(kBind) for an unknown aggregate and RiffleError(kType) at `pos` for
// arguments that do not fit.
AggregateFunctionPtr MakeAggregateFunction(const std::string& name,
                                           const std::vector<TypePtr>& arg_types,
                                           const std::vector<const Value*>& constants, bool star,
                                           SourcePos pos);

// Which arguments Apply receives: the non-constant ones, in order. TOPK's k and the ignore-nulls
// flag are consumed at construction.
std::vector<bool> AggregateArgumentIsData(const std::string& name, size_t num_args);

}  // namespace riffle
