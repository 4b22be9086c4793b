#pragma once
// Drops the rows of a table source whose key is NULL: a table row is addressed by its key, so
// ksqlDB skips such records (and so does riffle, counting them in rows_in - rows_out).

#include <string>
#include <vector>

#include "core/exec/operator.h"

namespace riffle {

class DropNullKeysOperator : public Operator {
 public:
  explicit DropNullKeysOperator(std::vector<int> key_columns)
      : key_columns_(std::move(key_columns)) {}
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override { return "Drop rows with a NULL key"; }

 private:
  std::vector<int> key_columns_;
};

}  // namespace riffle
