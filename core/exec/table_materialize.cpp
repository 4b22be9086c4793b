#include "core/exec/table_materialize.h"

#include "core/common/error.h"
#include "core/exec/state_codec.h"
#include "core/exec/state_size.h"

namespace riffle {

namespace {
constexpr uint8_t kStateVersion = 1;
constexpr int64_t kNodeOverheadBytes = 64;  // hash node, two vector headers
std::string EncodeValues(const std::vector<Value>& values) {
  StateWriter w;
  for (const Value& v : values) w.PutValue(v);
  return w.Take();
}
}  // namespace

int64_t TableMaterializeOperator::RowBytes(const std::vector<Value>& key,
                                           const std::vector<Value>& row) const {
  return kNodeOverheadBytes + ApproxValuesBytes(key) + ApproxValuesBytes(row);
}

size_t TableMaterializeOperator::KeyHash::operator()(const std::vector<Value>& k) const {
  size_t h = 0x9e3779b97f4a7c15ULL;
  for (const Value& v : k) h = (h ^ HashValue(v)) * 0x100000001b3ULL;
  return h;
}

TableMaterializeOperator::TableMaterializeOperator(std::vector<int> key_columns,
                                                   size_t num_columns)
    : key_columns_(std::move(key_columns)), num_columns_(num_columns) {
  key_.resize(key_columns_.size());
  row_.resize(num_columns_);
}

void TableMaterializeOperator::AppendRow(const std::vector<Value>& row, RowKind kind,
                                         const Batch& in, size_t r) {
  for (size_t c = 0; c < num_columns_; ++c) out_.columns[c].push_back(row[c]);
  out_.AddRowMeta(kind, in.rowtime[r], in.partition[r], in.offset[r]);
}

void TableMaterializeOperator::Process(Batch& batch, EvalContext& /*ctx*/) {
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  out_.Reset(num_columns_);
  for (size_t r = 0; r < n; ++r) {
    for (size_t i = 0; i < key_columns_.size(); ++i) key_[i] = batch.columns[key_columns_[i]][r];
    auto it = rows_.find(key_);
    if (batch.kinds[r] == RowKind::kDelete) {
      if (it == rows_.end()) continue;
      AppendRow(it->second, RowKind::kDelete, batch, r);
      bytes_ -= RowBytes(it->first, it->second);
      dirty_.Mark(key_);
      rows_.erase(it);
      continue;
    }
    for (size_t c = 0; c < num_columns_; ++c) row_[c] = std::move(batch.columns[c][r]);
    dirty_.Mark(key_);
    if (it == rows_.end()) {
      AppendRow(row_, RowKind::kInsert, batch, r);
      bytes_ += RowBytes(key_, row_);
      rows_.emplace(key_, row_);
    } else {
      AppendRow(it->second, RowKind::kUpdateBefore, batch, r);
      AppendRow(row_, RowKind::kUpdateAfter, batch, r);
      bytes_ += ApproxValuesBytes(row_) - ApproxValuesBytes(it->second);
      it->second.swap(row_);
    }
  }
  state_bytes_.store(bytes_, std::memory_order_relaxed);
  std::swap(batch, out_);
  rows_out.fetch_add(static_cast<int64_t>(batch.num_rows()), std::memory_order_relaxed);
}

std::string TableMaterializeOperator::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  w.PutI64(static_cast<int64_t>(num_columns_));
  w.PutI64(static_cast<int64_t>(rows_.size()));
  for (const auto& [key, row] : rows_) {
    for (const Value& v : row) w.PutValue(v);
  }
  return w.Take();
}

void TableMaterializeOperator::RestoreState(std::string_view blob) {
  StateReader r(blob);
  if (r.GetU8() != kStateVersion || r.GetI64() != static_cast<int64_t>(num_columns_)) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed table state does not match the query");
  }
  rows_.clear();
  bytes_ = 0;
  int64_t n = r.GetI64();
  for (int64_t i = 0; i < n; ++i) {
    std::vector<Value> row(num_columns_);
    for (Value& v : row) v = r.GetValue();
    std::vector<Value> key;
    for (int k : key_columns_) key.push_back(row[k]);
    bytes_ += RowBytes(key, row);
    rows_.emplace(std::move(key), std::move(row));
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

void TableMaterializeOperator::SaveChanges(StateChanges& out, bool all) {
  StateWriter header;
  header.PutU8(kStateVersion);
  header.PutI64(static_cast<int64_t>(num_columns_));
  out.header = header.Take();
  if (all) {
    dirty_.Clear();
    for (const auto& [key, row] : rows_) out.upserts.emplace_back(EncodeValues(key), EncodeValues(row));
    return;
  }
  for (const std::vector<Value>& key : dirty_.Take()) {
    auto it = rows_.find(key);
    if (it == rows_.end()) {
      out.deletes.push_back(EncodeValues(key));
    } else {
      out.upserts.emplace_back(EncodeValues(key), EncodeValues(it->second));
    }
  }
}

void TableMaterializeOperator::RestoreEntries(std::string_view header,
                                              const StateEntries& entries) {
  StateReader h(header);
  if (h.GetU8() != kStateVersion || h.GetI64() != static_cast<int64_t>(num_columns_) ||
      !h.AtEnd()) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed table state does not match the query");
  }
  rows_.clear();
  dirty_.Clear();
  bytes_ = 0;
  for (const auto& [encoded_key, encoded_row] : entries) {
    StateReader r(encoded_row);
    std::vector<Value> row(num_columns_);
    for (Value& v : row) v = r.GetValue();
    if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
    std::vector<Value> key;
    for (int k : key_columns_) key.push_back(row[k]);
    bytes_ += RowBytes(key, row);
    rows_.insert_or_assign(std::move(key), std::move(row));
  }
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
