#pragma once
// The last step of PARTITION BY: the projection has already computed the new key columns; a
// stream tombstone (a record with a NULL value) has no value to compute them from, so ksqlDB
// gives it a NULL key, except where the partitioning expression reads only the old key (or no
// column), which ksqlDB evaluates over the tombstone's key. This operator does the same, and
// names the step in EXPLAIN.

#include <string>
#include <vector>

#include "core/exec/operator.h"

namespace riffle {

class RekeyOperator : public Operator {
 public:
  // `key_columns`: the batch columns holding the new key; `from_key`: for each, whether its
  // expression reads only the old key (kept on tombstones); `text`: "ID, ABS(X)" for EXPLAIN.
  RekeyOperator(std::vector<int> key_columns, std::vector<bool> from_key, std::string text)
      : key_columns_(std::move(key_columns)), from_key_(std::move(from_key)),
        text_(std::move(text)) {}
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override { return "PartitionBy (" + text_ + ")"; }

 private:
  std::vector<int> key_columns_;
  std::vector<bool> from_key_;
  std::string text_;
};

}  // namespace riffle
