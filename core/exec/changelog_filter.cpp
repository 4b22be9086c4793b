#include "core/exec/changelog_filter.h"

#include "core/common/error.h"
#include "core/exec/state_codec.h"

namespace riffle {

size_t ChangelogFilterOperator::KeyHash::operator()(const std::vector<Value>& k) const {
  size_t h = 0x9e3779b97f4a7c15ULL;
  for (const Value& v : k) h = (h ^ HashValue(v)) * 0x100000001b3ULL;
  return h;
}

bool ChangelogFilterOperator::Keyed(const Batch& batch, size_t r, bool pass, RowKind& kind) {
  key_.resize(key_columns_.size());
  for (size_t i = 0; i < key_columns_.size(); ++i) key_[i] = batch.columns[key_columns_[i]][r];
  if (kind != RowKind::kDelete && pass) {
    passing_.insert(key_);
    return true;
  }
  auto it = passing_.find(key_);
  if (it == passing_.end()) return false;
  passing_.erase(it);
  kind = RowKind::kDelete;
  return true;
}

std::string ChangelogFilterOperator::SaveState() const {
  if (!keyed_) return "";
  StateWriter w;
  w.PutI64(static_cast<int64_t>(key_columns_.size()));
  w.PutI64(static_cast<int64_t>(passing_.size()));
  for (const auto& key : passing_) {
    for (const Value& v : key) w.PutValue(v);
  }
  return w.Take();
}

void ChangelogFilterOperator::RestoreState(std::string_view blob) {
  if (!keyed_) return;
  StateReader r(blob);
  if (r.GetI64() != static_cast<int64_t>(key_columns_.size())) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed HAVING state does not match the query");
  }
  passing_.clear();
  int64_t n = r.GetI64();
  for (int64_t i = 0; i < n; ++i) {
    std::vector<Value> key(key_columns_.size());
    for (Value& v : key) v = r.GetValue();
    passing_.insert(std::move(key));
  }
}

std::string ChangelogFilterOperator::Describe() const {
  bool wrapped = text_.size() >= 2 && text_.front() == '(' && text_.back() == ')';
  return label_ + " " + (wrapped ? text_ : "(" + text_ + ")");
}

void ChangelogFilterOperator::Process(Batch& batch, EvalContext& ctx) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  predicate_->Eval(batch, mask_, ctx);
  auto pass = [&](size_t r) { return mask_[r].is_bool() && mask_[r].as_bool(); };
  size_t kept = 0;
  auto keep = [&](size_t r, RowKind kind) {
    if (kept != r) {
      for (auto& col : batch.columns) col[kept] = std::move(col[r]);
      batch.rowtime[kept] = batch.rowtime[r];
      batch.partition[kept] = batch.partition[r];
      batch.offset[kept] = batch.offset[r];
    }
    batch.kinds[kept] = kind;
    ++kept;
  };
  for (size_t r = 0; r < n; ++r) {
    RowKind kind = batch.kinds[r];
    if (keyed_) {
      if (Keyed(batch, r, pass(r), kind)) keep(r, kind);
      continue;
    }
    if (!paired_) {
      if (kind == RowKind::kDelete) {
        keep(r, kind);
      } else {
        keep(r, pass(r) ? kind : RowKind::kDelete);
      }
      continue;
    }
    if (kind == RowKind::kUpdateBefore && r + 1 < n &&
        batch.kinds[r + 1] == RowKind::kUpdateAfter) {
      bool old_pass = pass(r), new_pass = pass(r + 1);
      if (old_pass && new_pass) {
        keep(r, RowKind::kUpdateBefore);
        keep(r + 1, RowKind::kUpdateAfter);
      } else if (old_pass) {
        keep(r, RowKind::kDelete);
      } else if (new_pass) {
        keep(r + 1, RowKind::kInsert);
      }
      ++r;
      continue;
    }
    if (pass(r)) keep(r, kind);
  }
  for (auto& col : batch.columns) col.resize(kept);
  batch.kinds.resize(kept);
  batch.rowtime.resize(kept);
  batch.partition.resize(kept);
  batch.offset.resize(kept);
  rows_out.fetch_add(static_cast<int64_t>(kept), std::memory_order_relaxed);
}

}  // namespace riffle
