#pragma once
// WHERE over a table, and HAVING: a filter with changelog semantics. A row that stops matching
// must be removed downstream, so instead of vanishing it becomes a delete:
//  - unpaired mode (a table whose old rows are unknown, and aggregation results): an upsert
//    (kInsert/kUpdateAfter) that fails becomes kDelete (a tombstone for its key); deletes pass;
//  - paired mode (a materialized table, see TableMaterializeOperator): kUpdateBefore(old) and
//    kUpdateAfter(new) are judged together: both match -> both kept; only old -> kDelete(old);
//    only new -> kInsert(new); neither -> dropped. kInsert that fails and kDelete whose old row
//    failed are dropped (nothing downstream saw them);
//  - keyed mode (HAVING over aggregation results, whose rows are upserts of a key): the filter
//    remembers which keys currently pass. An upsert that passes is kept; one that fails becomes
//    a tombstone only if its key passed before, else it is dropped; a delete is kept only if
//    its key passed. As Kafka Streams' table filter with old values. The set of passing keys is
//    operator state (SaveState).

#include <string>
#include <unordered_set>
#include <vector>

#include "core/exec/operator.h"
#include "core/expr/compiled_expr.h"

namespace riffle {

class ChangelogFilterOperator : public Operator {
 public:
  // `label` names the step in EXPLAIN ("Filter", "Having"); `text` is the predicate's SQL.
  ChangelogFilterOperator(CompiledExprPtr predicate, std::string label, std::string text,
                          bool paired)
      : predicate_(std::move(predicate)),
        label_(std::move(label)),
        text_(std::move(text)),
        paired_(paired) {}
  void Process(Batch& batch, EvalContext& ctx) override;
  std::string Describe() const override;
  std::string SaveState() const override;
  void RestoreState(std::string_view blob) override;

  // Switches to keyed mode: `key_columns` identify a row's key (GROUP BY values and window).
  void set_keyed(std::vector<int> key_columns) {
    keyed_ = true;
    key_columns_ = std::move(key_columns);
  }

 private:
  struct KeyHash {
    size_t operator()(const std::vector<Value>& k) const;
  };
  // The keyed-mode decision for row r: the kind to keep it as, or false to drop it.
  bool Keyed(const Batch& batch, size_t r, bool pass, RowKind& kind);

  CompiledExprPtr predicate_;
  std::string label_;
  std::string text_;
  bool paired_;
  bool keyed_ = false;
  std::vector<int> key_columns_;
  std::unordered_set<std::vector<Value>, KeyHash> passing_;
  std::vector<Value> key_;
  std::vector<Value> mask_;
};

}  // namespace riffle
