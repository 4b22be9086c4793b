// Foreign-key table-table join: see join_fk.h for the semantics (Kafka Streams' FK join as
// ksqlDB uses it, without the subscription topics: both tables live in this operator).
#include "core/exec/join_fk.h"

#include <utility>

#include "core/common/error.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {

constexpr uint8_t kStateVersion = 1;
// Keyed checkpoints (SaveChanges): the header is this version alone.
constexpr uint8_t kHeaderVersion = 2;

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
      dirty_[0].Mark(key);
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
    dirty_[0].Mark(key);
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
      dirty_[1].Mark(key);
      bytes_ -= ApproxRowBytes(it->second.row);
      right_.erase(it);
    } else {
      if (it == right_.end()) {
        it = right_.emplace(key, TimedRow{}).first;
      } else {
        bytes_ -= ApproxRowBytes(it->second.row);
      }
      dirty_[1].Mark(key);
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

namespace {
// Entry keys: the side (0 left, 1 right), then the row's key; entries: event time, the foreign
// key (left rows only), then the row.
std::string EncodeKey(int side, const Value& key) {
  StateWriter w;
  w.PutU8(static_cast<uint8_t>(side));
  w.PutValue(key);
  return w.Take();
}
std::string EncodeRow(int64_t ts, const Value* fk, const std::vector<Value>& row) {
  StateWriter w;
  w.PutI64(ts);
  if (fk != nullptr) w.PutValue(*fk);
  for (const Value& v : row) w.PutValue(v);
  return w.Take();
}
}  // namespace

void ForeignKeyJoin::SaveChanges(StateChanges& out, bool all) {
  all = all || std::exchange(save_all_next_, false);
  out.header = std::string(1, static_cast<char>(kHeaderVersion));
  if (all) {
    dirty_[0].Clear();
    dirty_[1].Clear();
    for (const auto& [key, row] : left_) {
      out.upserts.emplace_back(EncodeKey(0, key), EncodeRow(row.ts, &row.fk, row.row));
    }
    for (const auto& [key, row] : right_) {
      out.upserts.emplace_back(EncodeKey(1, key), EncodeRow(row.ts, nullptr, row.row));
    }
    return;
  }
  for (const Value& key : dirty_[0].Take()) {
    auto it = left_.find(key);
    if (it == left_.end()) {
      out.deletes.push_back(EncodeKey(0, key));
    } else {
      out.upserts.emplace_back(EncodeKey(0, key),
                               EncodeRow(it->second.ts, &it->second.fk, it->second.row));
    }
  }
  for (const Value& key : dirty_[1].Take()) {
    auto it = right_.find(key);
    if (it == right_.end()) {
      out.deletes.push_back(EncodeKey(1, key));
    } else {
      out.upserts.emplace_back(EncodeKey(1, key), EncodeRow(it->second.ts, nullptr, it->second.row));
    }
  }
}

void ForeignKeyJoin::RestoreEntries(std::string_view header, const StateEntries& entries) {
  if (!header.empty() && static_cast<uint8_t>(header[0]) == kStateVersion && entries.empty()) {
    // A blob checkpointed before this join kept its state per key: restore it, and write it as
    // entries at the next checkpoint.
    RestoreState(header);
    save_all_next_ = true;
    return;
  }
  if (header != std::string(1, static_cast<char>(kHeaderVersion))) StateMismatch();
  left_.clear();
  right_.clear();
  subscribers_.clear();
  dirty_[0].Clear();
  dirty_[1].Clear();
  bytes_ = 0;
  for (const auto& [encoded_key, encoded_row] : entries) {
    StateReader k(encoded_key);
    uint8_t side = k.GetU8();
    if (side > 1) StateMismatch();
    Value key = k.GetValue();
    StateReader r(encoded_row);
    int64_t ts = r.GetI64();
    if (side == 0) {
      LeftRow row;
      row.ts = ts;
      row.fk = r.GetValue();
      row.row.resize(spec_.left_width);
      for (Value& v : row.row) v = r.GetValue();
      if (!k.AtEnd() || !r.AtEnd()) StateMismatch();
      bytes_ += ApproxRowBytes(row.row);
      auto old = left_.find(key);
      if (old != left_.end()) {
        bytes_ -= ApproxRowBytes(old->second.row);
        Unsubscribe(old->second.fk, key);
      }
      Subscribe(row.fk, key);
      left_.insert_or_assign(std::move(key), std::move(row));
    } else {
      TimedRow row;
      row.ts = ts;
      row.row.resize(spec_.right_width);
      for (Value& v : row.row) v = r.GetValue();
      if (!k.AtEnd() || !r.AtEnd()) StateMismatch();
      bytes_ += ApproxRowBytes(row.row);
      auto old = right_.find(key);
      if (old != right_.end()) bytes_ -= ApproxRowBytes(old->second.row);
      right_.insert_or_assign(std::move(key), std::move(row));
    }
  }
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
