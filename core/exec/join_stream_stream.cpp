// Stream-stream join over a time window: both sides buffer their rows per key for the window's
// retention (before + after + grace); each new row joins the other side's rows in range.
#include <algorithm>

#include "core/common/error.h"
#include "core/exec/join_kinds.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {
constexpr uint8_t kStateVersion = 1;
// ksqlDB's grace period when the query gives none.
constexpr int64_t kDefaultGraceMs = 24LL * 60 * 60 * 1000;
constexpr int64_t kPurgeEvery = 4096;
}  // namespace

StreamStreamJoin::StreamStreamJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {
  retention_ms_ = spec_.before_ms + spec_.after_ms + spec_.grace_ms.value_or(kDefaultGraceMs);
}

bool StreamStreamJoin::Outer(int side) const {
  if (spec_.type == JoinType::kFull) return true;
  return side == 0 ? spec_.type == JoinType::kLeft : spec_.type == JoinType::kRight;
}

void StreamStreamJoin::EmitClosed(Batch& out) {
  // Oldest first, as ksqlDB's outer-join store iterates by time.
  struct Closed {
    int64_t ts;
    int side;
    Value key;
    std::vector<Value> row;
  };
  std::vector<Closed> closed;
  for (int side = 0; side < 2; ++side) {
    int64_t lookback = side == 0 ? spec_.after_ms : spec_.before_ms;
    for (auto& [key, entries] : buffers_[side]) {
      for (Entry& e : entries) {
        if (!e.pending || e.ts + lookback + *spec_.grace_ms >= stream_time_) continue;
        e.pending = false;
        closed.push_back({e.ts, side, key, e.row});
      }
    }
  }
  std::stable_sort(closed.begin(), closed.end(),
                   [](const Closed& a, const Closed& b) { return a.ts < b.ts; });
  for (const Closed& c : closed) {
    const std::vector<Value>* left = c.side == 0 ? &c.row : nullptr;
    const std::vector<Value>* right = c.side == 1 ? &c.row : nullptr;
    Emit(left, right, c.key, RowKind::kInsert, c.ts, 0, 0, out);
  }
  rows_out.fetch_add(static_cast<int64_t>(closed.size()), std::memory_order_relaxed);
}

void StreamStreamJoin::Purge(int side) {
  int64_t horizon = observed_[side] - retention_ms_;
  for (auto it = buffers_[side].begin(); it != buffers_[side].end();) {
    auto& entries = it->second;
    // Pending outer rows stay until emitted.
    auto keep = std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) {
      bool drop = e.ts <= horizon && !e.pending;
      if (drop) bytes_ -= ApproxRowBytes(e.row);
      return drop;
    });
    entries.erase(keep, entries.end());
    it = entries.empty() ? buffers_[side].erase(it) : std::next(it);
  }
}

void StreamStreamJoin::ProcessSide(int side, Batch& in, Batch& out, EvalContext& ctx) {
  size_t n = in.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  const CompiledExpr& key_expr = side == 0 ? *spec_.left_key : *spec_.right_key;
  keys_.Fill(key_expr, in, ctx);
  size_t width = side == 0 ? spec_.left_width : spec_.right_width;
  int other = 1 - side;
  // The other side's rows in [t - from, t + to] join a row at t.
  int64_t from = side == 0 ? spec_.before_ms : spec_.after_ms;
  int64_t to = side == 0 ? spec_.after_ms : spec_.before_ms;
  int64_t emitted = 0;
  for (size_t r = 0; r < n; ++r) {
    // ksqlDB drops stream records with a null value (decoded as deletes) before joining.
    if (in.kinds[r] == RowKind::kDelete) continue;
    int64_t t = in.rowtime[r];
    Value key = keys_[r];
    std::vector<Value> row(width);
    for (size_t c = 0; c < width; ++c) row[c] = std::move(in.columns[c][r]);
    stream_time_ = std::max(stream_time_, t);
    if (spec_.grace_ms && t == stream_time_) EmitClosed(out);

    bool matched = false;
    if (!key.is_null()) {
      auto it = buffers_[other].find(key);
      if (it != buffers_[other].end()) {
        std::vector<Entry*> hits;
        for (Entry& e : it->second) {
          if (e.ts >= t - from && e.ts <= t + to) hits.push_back(&e);
        }
        std::stable_sort(hits.begin(), hits.end(),
                         [](const Entry* a, const Entry* b) { return a->ts < b->ts; });
        for (Entry* e : hits) {
          matched = true;
          e->pending = false;
          const std::vector<Value>* left = side == 0 ? &row : &e->row;
          const std::vector<Value>* right = side == 0 ? &e->row : &row;
          Emit(left, right, key, RowKind::kInsert, std::max(t, e->ts), in.partition[r],
               in.offset[r], out);
          ++emitted;
        }
      }
    }
    bool pending = false;
    if (!matched && Outer(side)) {
      if (!spec_.grace_ms || t + to < stream_time_) {
        Emit(side == 0 ? &row : nullptr, side == 1 ? &row : nullptr, key, RowKind::kInsert, t,
             in.partition[r], in.offset[r], out);
        ++emitted;
      } else {
        pending = true;
      }
    }
    if (key.is_null()) continue;
    observed_[side] = std::max(observed_[side], t);
    if (t <= observed_[side] - retention_ms_) {
      // Older than the window store keeps: joins nothing that arrives later.
      late_dropped.fetch_add(1, std::memory_order_relaxed);
      if (!pending) continue;
    }
    bytes_ += ApproxRowBytes(row);
    buffers_[side][std::move(key)].push_back({t, std::move(row), pending});
    if (++since_purge_ >= kPurgeEvery) {
      since_purge_ = 0;
      Purge(0);
      Purge(1);
    }
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

std::string StreamStreamJoin::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  w.PutI64(stream_time_);
  for (int side = 0; side < 2; ++side) {
    w.PutI64(observed_[side]);
    w.PutI64(static_cast<int64_t>(buffers_[side].size()));
    for (const auto& [key, entries] : buffers_[side]) {
      w.PutValue(key);
      w.PutI64(static_cast<int64_t>(entries.size()));
      for (const Entry& e : entries) {
        w.PutI64(e.ts);
        w.PutU8(e.pending ? 1 : 0);
        for (const Value& v : e.row) w.PutValue(v);
      }
    }
  }
  return w.Take();
}

void StreamStreamJoin::RestoreState(std::string_view blob) {
  StateReader r(blob);
  if (r.GetU8() != kStateVersion) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  bytes_ = 0;
  stream_time_ = r.GetI64();
  for (int side = 0; side < 2; ++side) {
    size_t width = side == 0 ? spec_.left_width : spec_.right_width;
    buffers_[side].clear();
    observed_[side] = r.GetI64();
    int64_t keys = r.GetI64();
    for (int64_t k = 0; k < keys; ++k) {
      Value key = r.GetValue();
      int64_t count = r.GetI64();
      std::vector<Entry>& entries = buffers_[side][key];
      for (int64_t i = 0; i < count; ++i) {
        Entry e;
        e.ts = r.GetI64();
        e.pending = r.GetU8() != 0;
        e.row.resize(width);
        for (Value& v : e.row) v = r.GetValue();
        bytes_ += ApproxRowBytes(e.row);
        entries.push_back(std::move(e));
      }
    }
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
}

}  // namespace riffle
