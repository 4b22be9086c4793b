// Foreign-key table-table join: see join_fk.h for the semantics (Kafka Streams' FK join as
// ksqlDB uses it, without the subscription topics: both tables live in this operator).
#include "core/exec/join_fk.h"

#include "core/common/error.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {

constexpr uint8_t kStateVersion = 1;

[[noreturn]] void StateMismatch() {
  throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
}

}  // namespace

Value ForeignKeyJoin::LeftKey(const Batch& in, size_t r) const {
  const auto& cols = spec_.left_key_columns;
  if (cols.size() == 1) return in.columns[cols[0]][r];
  ValueList parts;
  for (int c : cols) parts.push_back(in.columns[c][r]);
  return Value::List(std::move(parts));
}

void ForeignKeyJoin::Subscribe(const Value& fk, const Value& left_key) {
  if (!fk.is_null()) subscribers_[fk].insert(left_key);
}

void ForeignKeyJoin::Unsubscribe(const Value& fk, const Value& left_key) {
  if (fk.is_null()) return;
  auto it = subscribers_.find(fk);
  if (it == subscribers_.end()) return;
  it->second.erase(left_key);
  if (it->second.empty()) subscribers_.erase(it);
}

void ForeignKeyJoin::ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) {
  size_t n = in.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  keys_.Fill(side == 0 ? *spec_.left_key : *spec_.right_key, in, ctx);
  int64_t emitted = 0;
  if (side == 0) {
    ProcessLeft(in, out, emitted);
  } else {
    ProcessRight(in, out, emitted);
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

void ForeignKeyJoin::ProcessLeft(Batch& in, Batch& out, int64_t& emitted) {
  bool left_join = spec_.type == JoinType::kLeft;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    if (in.kinds[r] == RowKind::kUpdateBefore) continue;
    Value key = LeftKey(in, r);
    auto it = left_.find(key);
    bool had = it != left_.end();
    if (in.kinds[r] == RowKind::kDelete) {
      if (!had) continue;
      LeftRow old = std::move(it->second);
      left_.erase(it);
      bytes_ -= ApproxRowBytes(old.row);
      Unsubscribe(old.fk, key);
      // A row that could have joined retracts its result (Kafka Streams does so even when it
      // found no match; a LEFT join always had a result).
      if (left_join || !old.fk.is_null()) {
        Emit(&old.row, nullptr, old.fk, RowKind::kDelete, in.rowtime[r], in.partition[r],
             in.offset[r], out);
        ++emitted;
      }
      continue;
    }
    Value fk = keys_[r];  // copied before the row's columns are moved from
    if (had) {
      bytes_ -= ApproxRowBytes(it->second.row);
      if (it->second.fk != fk) {
        Unsubscribe(it->second.fk, key);
        Subscribe(fk, key);
      }
      it->second.ts = in.rowtime[r];
      it->second.fk = fk;
      it->second.row = TakeRow(in, r, spec_.left_width);
    } else {
      Subscribe(fk, key);
      it = left_.emplace(key, LeftRow{in.rowtime[r], fk, TakeRow(in, r, spec_.left_width)}).first;
    }
    bytes_ += ApproxRowBytes(it->second.row);
    const TimedRow* right = nullptr;
    if (!fk.is_null()) {
      auto found = right_.find(fk);
      if (found != right_.end()) right = &found->second;
    }
    // INNER without a match: a new key emits nothing, an existing one retracts its result.
    if (right == nullptr && !left_join && !had) continue;
    RowKind kind = right != nullptr || left_join ? RowKind::kInsert : RowKind::kDelete;
    Emit(&it->second.row, right ? &right->row : nullptr, fk, kind, in.rowtime[r], in.partition[r],
         in.offset[r], out);
    ++emitted;
  }
}

void ForeignKeyJoin::ProcessRight(Batch& in, Batch& out, int64_t& emitted) {
  bool left_join = spec_.type == JoinType::kLeft;
  for (size_t r = 0; r < in.num_rows(); ++r) {
    if (in.kinds[r] == RowKind::kUpdateBefore) continue;
    Value key = keys_[r];
    if (key.is_null()) continue;
    auto it = right_.find(key);
    const TimedRow* now = nullptr;
    if (in.kinds[r] == RowKind::kDelete) {
      // Deleting a row that is not there changes no result.
      if (it == right_.end()) continue;
      bytes_ -= ApproxRowBytes(it->second.row);
      right_.erase(it);
    } else {
      if (it == right_.end()) it = right_.emplace(key, TimedRow{}).first;
      bytes_ -= ApproxRowBytes(it->second.row);
      it->second.ts = in.rowtime[r];
      it->second.row = TakeRow(in, r, spec_.right_width);
      bytes_ += ApproxRowBytes(it->second.row);
      now = &it->second;
    }
    auto subs = subscribers_.find(key);
    if (subs == subscribers_.end()) continue;
    RowKind kind = now != nullptr || left_join ? RowKind::kInsert : RowKind::kDelete;
    for (const Value& left_key : subs->second) {
      const LeftRow& left = left_.at(left_key);
      Emit(&left.row, now ? &now->row : nullptr, key, kind, in.rowtime[r], in.partition[r],
           in.offset[r], out);
      ++emitted;
    }
  }
}

std::string ForeignKeyJoin::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  w.PutI64(static_cast<int64_t>(left_.size()));
  for (const auto& [key, row] : left_) {
    w.PutValue(key);
    w.PutI64(row.ts);
    w.PutValue(row.fk);
    for (const Value& v : row.row) w.PutValue(v);
  }
  w.PutI64(static_cast<int64_t>(right_.size()));
  for (const auto& [key, row] : right_) {
    w.PutValue(key);
    w.PutI64(row.ts);
    for (const Value& v : row.row) w.PutValue(v);
  }
  return w.Take();
}

void ForeignKeyJoin::RestoreState(std::string_view blob) {
  StateReader r(blob);
  if (r.GetU8() != kStateVersion) StateMismatch();
  left_.clear();
  right_.clear();
  subscribers_.clear();
  bytes_ = 0;
  int64_t n = r.GetI64();
  if (n < 0) StateMismatch();
  for (int64_t i = 0; i < n; ++i) {
    Value key = r.GetValue();
    LeftRow row;
    row.ts = r.GetI64();
    row.fk = r.GetValue();
    row.row.resize(spec_.left_width);
    for (Value& v : row.row) v = r.GetValue();
    bytes_ += ApproxRowBytes(row.row);
    Subscribe(row.fk, key);
    left_.emplace(std::move(key), std::move(row));
  }
  n = r.GetI64();
  if (n < 0) StateMismatch();
  for (int64_t i = 0; i < n; ++i) {
    Value key = r.GetValue();
    TimedRow row;
    row.ts = r.GetI64();
    row.row.resize(spec_.right_width);
    for (Value& v : row.row) v = r.GetValue();
    bytes_ += ApproxRowBytes(row.row);
    right_.emplace(std::move(key), std::move(row));
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
