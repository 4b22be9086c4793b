#pragma once
// Turns a table's upsert changelog (what riffle's operators emit: new rows and deletes by key)
// into a full changelog of +I/-U/+U/-D rows, as Flink's SQL client shows it: an upsert of a new
// key is +I, an upsert of a known key is -U (its old row) then +U, a delete is -D with the old
// row. It remembers the last row of every key it has seen, so it is meant for interactive push
// queries, not for jobs.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/types/batch.h"

namespace riffle {

struct MarkedRow {
  const char* marker;  // "+I", "-U", "+U" or "-D"
  std::vector<Value> row;
};

class ChangelogView {
 public:
  // `key_columns` index the columns of a row that identify it in the table (key columns and
  // window bounds). Empty: rows cannot be matched, so changes are marked by their kind alone.
  explicit ChangelogView(std::vector<size_t> key_columns) : key_columns_(std::move(key_columns)) {}

  // Appends to `out` what change `kind` of `row` shows as.
  void Apply(RowKind kind, std::vector<Value> row, std::vector<MarkedRow>& out);

 private:
  struct KeyLess {
    bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
  };
  std::vector<size_t> key_columns_;
  std::map<std::vector<Value>, std::vector<Value>, KeyLess> last_;
};

}  // namespace riffle
