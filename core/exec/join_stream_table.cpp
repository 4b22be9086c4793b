// Stream-table join: the table side keeps its latest row per key; each stream row looks it up.
#include "core/common/error.h"
#include "core/exec/join_kinds.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {
constexpr uint8_t kStateVersion = 1;
}  // namespace

void StreamTableJoin::ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) {
  size_t n = in.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  int64_t emitted = 0;
  if (side == 1) {
    keys_.Fill(*spec_.right_key, in, ctx);
    for (size_t r = 0; r < n; ++r) {
      const Value& key = keys_[r];
      if (key.is_null()) continue;
      auto it = table_.find(key);
      dirty_.Mark(key);
      if (it != table_.end()) {
        bytes_ -= ApproxRowBytes(it->second);
        table_.erase(it);
      }
      if (in.kinds[r] == RowKind::kDelete || in.kinds[r] == RowKind::kUpdateBefore) continue;
      Value k = key;  // copied before the row's columns are moved from
      std::vector<Value> row = TakeRow(in, r, spec_.right_width);
      bytes_ += ApproxRowBytes(row);
      table_.emplace(std::move(k), std::move(row));
    }
    state_bytes_.store(bytes_, std::memory_order_relaxed);
    return;
  }
  keys_.Fill(*spec_.left_key, in, ctx);
  std::vector<Value> left;
  for (size_t r = 0; r < n; ++r) {
    // ksqlDB drops stream records with a null value (decoded as deletes) before joining.
    if (in.kinds[r] == RowKind::kDelete) continue;
    const Value& key = keys_[r];
    const std::vector<Value>* right = nullptr;
    if (!key.is_null()) {
      auto it = table_.find(key);
      if (it != table_.end()) right = &it->second;
    }
    if (right == nullptr && spec_.type != JoinType::kLeft) continue;
    Value k = key;
    left = TakeRow(in, r, spec_.left_width);
    Emit(&left, right, k, RowKind::kInsert, in.rowtime[r], in.partition[r], in.offset[r], out);
    ++emitted;
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
}

std::string StreamTableJoin::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  w.PutI64(static_cast<int64_t>(table_.size()));
  for (const auto& [key, row] : table_) {
    w.PutValue(key);
    w.PutI64(static_cast<int64_t>(row.size()));
    for (const Value& v : row) w.PutValue(v);
  }
  return w.Take();
}

void StreamTableJoin::RestoreState(std::string_view blob) {
  StateReader r(blob);
  if (r.GetU8() != kStateVersion) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  table_.clear();
  bytes_ = 0;
  int64_t n = r.GetI64();
  for (int64_t i = 0; i < n; ++i) {
    Value key = r.GetValue();
    int64_t width = r.GetI64();
    if (width != static_cast<int64_t>(spec_.right_width)) {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
    }
    std::vector<Value> row(static_cast<size_t>(width));
    for (Value& v : row) v = r.GetValue();
    bytes_ += ApproxRowBytes(row);
    table_.emplace(std::move(key), std::move(row));
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

namespace {
std::string EncodeKey(const Value& key) {
  StateWriter w;
  w.PutValue(key);
  return w.Take();
}
std::string EncodeRow(const std::vector<Value>& row) {
  StateWriter w;
  for (const Value& v : row) w.PutValue(v);
  return w.Take();
}
}  // namespace

void StreamTableJoin::SaveChanges(StateChanges& out, bool all) {
  out.header = std::string(1, static_cast<char>(kStateVersion));
  if (all) {
    dirty_.Clear();
    for (const auto& [key, row] : table_) out.upserts.emplace_back(EncodeKey(key), EncodeRow(row));
    return;
  }
  for (const Value& key : dirty_.Take()) {
    auto it = table_.find(key);
    if (it == table_.end()) {
      out.deletes.push_back(EncodeKey(key));
    } else {
      out.upserts.emplace_back(EncodeKey(key), EncodeRow(it->second));
    }
  }
}

void StreamTableJoin::RestoreEntries(std::string_view header, const StateEntries& entries) {
  if (header != std::string(1, static_cast<char>(kStateVersion))) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  table_.clear();
  dirty_.Clear();
  bytes_ = 0;
  for (const auto& [encoded_key, encoded_row] : entries) {
    StateReader k(encoded_key);
    Value key = k.GetValue();
    StateReader r(encoded_row);
    std::vector<Value> row(spec_.right_width);
    for (Value& v : row) v = r.GetValue();
    if (!k.AtEnd() || !r.AtEnd()) {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
    }
    bytes_ += ApproxRowBytes(row);
    table_.insert_or_assign(std::move(key), std::move(row));
  }
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
