#include "core/exec/filter.h"

namespace riffle {

namespace {

// True when `text` is one parenthesized group: its first '(' closes at its last character.
// Parentheses inside quoted strings or identifiers are skipped.
bool IsParenthesized(const std::string& text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '`' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0 && i + 1 < text.size()) {
      return false;
    }
  }
  return depth == 0;
}

}  // namespace

std::string FilterOperator::Describe() const {
  return "Filter " + (IsParenthesized(text_) ? text_ : "(" + text_ + ")");
}

void FilterOperator::Process(Batch& batch, EvalContext& ctx) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  predicate_->Eval(batch, mask_, ctx);
  size_t kept = 0;
  for (size_t r = 0; r < n; ++r) {
    const Value& m = mask_[r];
    if (!m.is_bool() || !m.as_bool()) continue;
    if (batch.kinds[r] == RowKind::kDelete) continue;  // a stream tombstone has no row to match
    if (kept != r) {
      for (auto& col : batch.columns) col[kept] = std::move(col[r]);
      batch.kinds[kept] = batch.kinds[r];
      batch.rowtime[kept] = batch.rowtime[r];
      batch.partition[kept] = batch.partition[r];
      batch.offset[kept] = batch.offset[r];
    }
    ++kept;
  }
  for (auto& col : batch.columns) col.resize(kept);
  batch.kinds.resize(kept);
  batch.rowtime.resize(kept);
  batch.partition.resize(kept);
  batch.offset.resize(kept);
  rows_out.fetch_add(static_cast<int64_t>(kept), std::memory_order_relaxed);
}

}  // namespace riffle
