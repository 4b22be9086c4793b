// Table-table join: both tables materialized by key; a change on either side re-evaluates the
// joined row of its key and emits it (an upsert), or a delete when the key stops joining.
#include <algorithm>

#include "core/common/error.h"
#include "core/exec/join_kinds.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {
constexpr uint8_t kStateVersion = 1;
}  // namespace

bool TableTableJoin::Joins(bool has_left, bool has_right) const {
  switch (spec_.type) {
    case JoinType::kInner:
      return has_left && has_right;
    case JoinType::kLeft:
      return has_left;
    case JoinType::kRight:
      return has_right;
    case JoinType::kFull:
      break;
  }
  return has_left || has_right;
}

void TableTableJoin::ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) {
  size_t n = in.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  keys_.Fill(side == 0 ? *spec_.left_key : *spec_.right_key, in, ctx);
  size_t width = side == 0 ? spec_.left_width : spec_.right_width;
  auto& mine = tables_[side];
  auto& other = tables_[1 - side];
  int64_t emitted = 0;
  for (size_t r = 0; r < n; ++r) {
    if (in.kinds[r] == RowKind::kUpdateBefore) continue;
    Value key = keys_[r];
    if (key.is_null()) continue;
    auto it = mine.find(key);
    dirty_[side].Mark(key);
    bool had = it != mine.end();
    TimedRow old;
    if (had) {
      bytes_ -= ApproxRowBytes(it->second.row);
      old = std::move(it->second);
      mine.erase(it);
    }
    bool has = in.kinds[r] != RowKind::kDelete;
    TimedRow* now = nullptr;
    if (has) {
      TimedRow row{in.rowtime[r], std::vector<Value>(width)};
      for (size_t c = 0; c < width; ++c) row.row[c] = std::move(in.columns[c][r]);
      bytes_ += ApproxRowBytes(row.row);
      now = &mine.emplace(key, std::move(row)).first->second;
    }
    auto o = other.find(key);
    const TimedRow* other_row = o != other.end() ? &o->second : nullptr;
    bool joined_before = Joins(side == 0 ? had : other_row != nullptr,
                               side == 1 ? had : other_row != nullptr);
    bool joins_now = Joins(side == 0 ? has : other_row != nullptr,
                           side == 1 ? has : other_row != nullptr);
    const std::vector<Value>* other_values = other_row ? &other_row->row : nullptr;
    if (joins_now) {
      int64_t ts = std::max(now ? now->ts : in.rowtime[r], other_row ? other_row->ts : INT64_MIN);
      const std::vector<Value>* mine_values = now ? &now->row : nullptr;
      const std::vector<Value>* left = side == 0 ? mine_values : other_values;
      const std::vector<Value>* right = side == 1 ? mine_values : other_values;
      Emit(left, right, key, RowKind::kInsert, ts, in.partition[r], in.offset[r], out);
      ++emitted;
    } else if (joined_before) {
      const std::vector<Value>* left = side == 0 ? (had ? &old.row : nullptr) : other_values;
      const std::vector<Value>* right = side == 1 ? (had ? &old.row : nullptr) : other_values;
      Emit(left, right, key, RowKind::kDelete, in.rowtime[r], in.partition[r], in.offset[r], out);
      ++emitted;
    }
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

std::string TableTableJoin::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  for (const auto& table : tables_) {
    w.PutI64(static_cast<int64_t>(table.size()));
    for (const auto& [key, row] : table) {
      w.PutValue(key);
      w.PutI64(row.ts);
      for (const Value& v : row.row) w.PutValue(v);
    }
  }
  return w.Take();
}

void TableTableJoin::RestoreState(std::string_view blob) {
  StateReader r(blob);
  if (r.GetU8() != kStateVersion) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  bytes_ = 0;
  for (int side = 0; side < 2; ++side) {
    size_t width = side == 0 ? spec_.left_width : spec_.right_width;
    tables_[side].clear();
    int64_t n = r.GetI64();
    for (int64_t i = 0; i < n; ++i) {
      Value key = r.GetValue();
      TimedRow row;
      row.ts = r.GetI64();
      row.row.resize(width);
      for (Value& v : row.row) v = r.GetValue();
      bytes_ += ApproxRowBytes(row.row);
      tables_[side].emplace(std::move(key), std::move(row));
    }
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

namespace {
// Entry keys: the side (0 left, 1 right), then the join key; entries: event time, then the row.
std::string EncodeKey(int side, const Value& key) {
  StateWriter w;
  w.PutU8(static_cast<uint8_t>(side));
  w.PutValue(key);
  return w.Take();
}
std::string EncodeRow(const TimedRow& row) {
  StateWriter w;
  w.PutI64(row.ts);
  for (const Value& v : row.row) w.PutValue(v);
  return w.Take();
}
}  // namespace

void TableTableJoin::SaveChanges(StateChanges& out, bool all) {
  out.header = std::string(1, static_cast<char>(kStateVersion));
  for (int side = 0; side < 2; ++side) {
    if (all) {
      dirty_[side].Clear();
      for (const auto& [key, row] : tables_[side]) {
        out.upserts.emplace_back(EncodeKey(side, key), EncodeRow(row));
      }
      continue;
    }
    for (const Value& key : dirty_[side].Take()) {
      auto it = tables_[side].find(key);
      if (it == tables_[side].end()) {
        out.deletes.push_back(EncodeKey(side, key));
      } else {
        out.upserts.emplace_back(EncodeKey(side, key), EncodeRow(it->second));
      }
    }
  }
}

void TableTableJoin::RestoreEntries(std::string_view header, const StateEntries& entries) {
  if (header != std::string(1, static_cast<char>(kStateVersion))) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  bytes_ = 0;
  for (int side = 0; side < 2; ++side) {
    tables_[side].clear();
    dirty_[side].Clear();
  }
  for (const auto& [encoded_key, encoded_row] : entries) {
    StateReader k(encoded_key);
    uint8_t side = k.GetU8();
    if (side > 1) throw RiffleError(ErrorKind::kRuntime, "checkpointed join state is corrupt");
    Value key = k.GetValue();
    StateReader r(encoded_row);
    TimedRow row;
    row.ts = r.GetI64();
    row.row.resize(side == 0 ? spec_.left_width : spec_.right_width);
    for (Value& v : row.row) v = r.GetValue();
    if (!k.AtEnd() || !r.AtEnd()) {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
    }
    bytes_ += ApproxRowBytes(row.row);
    tables_[side].insert_or_assign(std::move(key), std::move(row));
  }
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
