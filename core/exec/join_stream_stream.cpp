// Stream-stream join over a time window, as Kafka Streams joins streams: each side keeps a window
// store of its rows per key for the window's retention (before + after + grace, measured from
// the max time that side has seen); each new row joins the other side's stored rows in range.
// With a GRACE period, unmatched rows of an outer side wait in a time-ordered queue until their
// window closes, so a later match replaces them (no spurious null-padded results).
#include <algorithm>

#include "core/common/error.h"
#include "core/exec/join_kinds.h"
#include "core/exec/state_codec.h"
#include "core/runtime/processing_log.h"

namespace riffle {

namespace {
// Version 1 kept pending rows as flags on the window store's entries; version 2 keeps them in
// their own queue, with the next pending id.
constexpr uint8_t kStateVersionFlags = 1;
constexpr uint8_t kStateVersion = 2;
// ksqlDB's grace period when the query gives none (Kafka Streams' JoinWindows.of default).
constexpr int64_t kDefaultGraceMs = 24LL * 60 * 60 * 1000;
constexpr int64_t kPurgeEvery = 4096;

int64_t SatAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return b > 0 ? INT64_MAX : INT64_MIN;
  return r;
}
}  // namespace

StreamStreamJoin::StreamStreamJoin(JoinSpec spec) : JoinOperator(std::move(spec)) {
  retention_ms_ = spec_.before_ms + spec_.after_ms + spec_.grace_ms.value_or(kDefaultGraceMs);
}

std::string StreamStreamJoin::Describe() const {
  std::string s = spec_.description;
  if (int64_t late = late_dropped.load(std::memory_order_relaxed); late > 0) {
    s += "; " + std::to_string(late) + " late record(s) not stored";
  }
  return s;
}

bool StreamStreamJoin::Outer(int side) const {
  if (spec_.type == JoinType::kFull) return true;
  return side == 0 ? spec_.type == JoinType::kLeft : spec_.type == JoinType::kRight;
}

Value StreamStreamJoin::StoreKey(int side, const Value& key, const std::vector<Value>& row) const {
  const std::vector<int>& window =
      side == 0 ? spec_.left_window_columns : spec_.right_window_columns;
  if (window.empty() || key.is_null()) return key;
  // The window is part of a windowed source's key: rows match only when it matches too.
  ValueList parts;
  parts.reserve(window.size() + 1);
  parts.push_back(key);
  for (int c : window) parts.push_back(row[static_cast<size_t>(c)]);
  return Value::List(std::move(parts));
}

void StreamStreamJoin::EmitClosed(Batch& out) {
  struct Closed {
    int64_t ts;
    uint64_t id;
    int side;
    Pending* row;
  };
  std::vector<Closed> closed;
  for (int side = 0; side < 2; ++side) {
    // A row at t can still be matched by the other side's rows up to t + lookahead, which may
    // arrive until stream time passes that plus grace.
    int64_t lookahead = side == 0 ? spec_.after_ms : spec_.before_ms;
    int64_t wait = SatAdd(lookahead, *spec_.grace_ms);
    for (auto& [at, p] : pending_[side]) {
      if (SatAdd(at.first, wait) >= stream_time_) break;  // the rest close later
      closed.push_back({at.first, at.second, side, &p});
    }
  }
  if (closed.empty()) return;
  std::sort(closed.begin(), closed.end(), [](const Closed& a, const Closed& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.id < b.id;
  });
  for (const Closed& c : closed) {
    const std::vector<Value>* left = c.side == 0 ? &c.row->row : nullptr;
    const std::vector<Value>* right = c.side == 1 ? &c.row->row : nullptr;
    Emit(left, right, c.row->key, RowKind::kInsert, c.ts, 0, 0, out);
  }
  for (const Closed& c : closed) {
    bytes_ -= ApproxRowBytes(c.row->row);
    pending_[c.side].erase({c.ts, c.id});
  }
  rows_out.fetch_add(static_cast<int64_t>(closed.size()), std::memory_order_relaxed);
}

void StreamStreamJoin::Purge(int side) {
  int64_t horizon = SatAdd(observed_[side], -retention_ms_);
  for (auto it = buffers_[side].begin(); it != buffers_[side].end();) {
    auto& entries = it->second;
    auto keep = std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) {
      bool drop = e.ts <= horizon;
      if (drop) bytes_ -= ApproxRowBytes(e.row);
      return drop;
    });
    entries.erase(keep, entries.end());
    it = entries.empty() ? buffers_[side].erase(it) : std::next(it);
  }
}

void StreamStreamJoin::Late(int side, const Batch& in, size_t r) {
  late_dropped.fetch_add(1, std::memory_order_relaxed);
  if (log_ == nullptr) return;
  log_->Add(ProcessingErrorType::kLateRecord, job_id_, topics_[side], in.partition[r], in.offset[r],
            "late record not stored for the join: event time " + std::to_string(in.rowtime[r]) +
                " is older than the " + (side == 0 ? "left" : "right") +
                " side's join window store keeps (window plus grace " +
                std::to_string(retention_ms_) + " ms before its latest time " +
                std::to_string(observed_[side]) + ")");
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
  std::vector<Entry*> hits;
  for (size_t r = 0; r < n; ++r) {
    // ksqlDB drops stream records with a null value (decoded as deletes) before joining.
    if (in.kinds[r] == RowKind::kDelete) continue;
    int64_t t = in.rowtime[r];
    Value key = keys_[r];
    std::vector<Value> row(width);
    for (size_t c = 0; c < width; ++c) row[c] = std::move(in.columns[c][r]);
    stream_time_ = std::max(stream_time_, t);
    // A row that advances stream time may close the windows of pending rows: they come first.
    if (spec_.grace_ms && t == stream_time_) EmitClosed(out);
    Value store_key = StoreKey(side, key, row);

    bool matched = false;
    if (!key.is_null()) {
      auto it = buffers_[other].find(store_key);
      if (it != buffers_[other].end()) {
        // Rows the other side's store no longer keeps (purged lazily) join nothing.
        int64_t lo = std::max(t - from, SatAdd(observed_[other], -retention_ms_) + 1);
        hits.clear();
        for (Entry& e : it->second) {
          if (e.ts >= lo && e.ts <= t + to) hits.push_back(&e);
        }
        std::stable_sort(hits.begin(), hits.end(),
                         [](const Entry* a, const Entry* b) { return a->ts < b->ts; });
        for (Entry* e : hits) {
          matched = true;
          if (e->pending != 0) {
            // Matched in time: its null-padded row is never emitted.
            auto p = pending_[other].find({e->ts, e->pending});
            if (p != pending_[other].end()) {
              bytes_ -= ApproxRowBytes(p->second.row);
              pending_[other].erase(p);
            }
            e->pending = 0;
          }
          const std::vector<Value>* left = side == 0 ? &row : &e->row;
          const std::vector<Value>* right = side == 0 ? &e->row : &row;
          Emit(left, right, key, RowKind::kInsert, std::max(t, e->ts), in.partition[r],
               in.offset[r], out);
          ++emitted;
        }
      }
    }
    uint64_t pending = 0;
    if (!matched && Outer(side)) {
      // Without grace, when its window already closed, or when it has no key (it can never
      // match), the unmatched row goes out at once.
      if (!spec_.grace_ms || t + to < stream_time_ || key.is_null()) {
        Emit(side == 0 ? &row : nullptr, side == 1 ? &row : nullptr, key, RowKind::kInsert, t,
             in.partition[r], in.offset[r], out);
        ++emitted;
      } else {
        pending = next_pending_++;
        bytes_ += ApproxRowBytes(row);
        pending_[side].emplace(std::make_pair(t, pending), Pending{key, row});
      }
    }
    // Rows with a NULL key never join: they are not stored.
    if (key.is_null()) continue;
    observed_[side] = std::max(observed_[side], t);
    if (t <= observed_[side] - retention_ms_) {
      // Older than the window store keeps: joins nothing that arrives later.
      Late(side, in, r);
      continue;
    }
    bytes_ += ApproxRowBytes(row);
    buffers_[side][std::move(store_key)].push_back({t, std::move(row), pending});
    if (++since_purge_ >= kPurgeEvery) {
      since_purge_ = 0;
      Purge(0);
      Purge(1);
    }
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
  state_bytes_.store(bytes_, std::memory_order_relaxed);
  stream_time_ms.store(stream_time_, std::memory_order_relaxed);
}

std::string StreamStreamJoin::SaveState() const {
  StateWriter w;
  w.PutU8(kStateVersion);
  w.PutI64(stream_time_);
  w.PutI64(static_cast<int64_t>(next_pending_));
  for (int side = 0; side < 2; ++side) {
    w.PutI64(observed_[side]);
    w.PutI64(static_cast<int64_t>(buffers_[side].size()));
    for (const auto& [key, entries] : buffers_[side]) {
      w.PutValue(key);
      w.PutI64(static_cast<int64_t>(entries.size()));
      for (const Entry& e : entries) {
        w.PutI64(e.ts);
        w.PutI64(static_cast<int64_t>(e.pending));
        for (const Value& v : e.row) w.PutValue(v);
      }
    }
    w.PutI64(static_cast<int64_t>(pending_[side].size()));
    for (const auto& [at, p] : pending_[side]) {
      w.PutI64(at.first);
      w.PutI64(static_cast<int64_t>(at.second));
      w.PutValue(p.key);
      for (const Value& v : p.row) w.PutValue(v);
    }
  }
  return w.Take();
}

void StreamStreamJoin::RestoreState(std::string_view blob) {
  StateReader r(blob);
  uint8_t version = r.GetU8();
  if (version != kStateVersion && version != kStateVersionFlags) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
  }
  bytes_ = 0;
  stream_time_ = r.GetI64();
  next_pending_ = version == kStateVersion ? static_cast<uint64_t>(r.GetI64()) : 1;
  for (int side = 0; side < 2; ++side) {
    size_t width = side == 0 ? spec_.left_width : spec_.right_width;
    buffers_[side].clear();
    pending_[side].clear();
    observed_[side] = r.GetI64();
    int64_t keys = r.GetI64();
    for (int64_t k = 0; k < keys; ++k) {
      Value key = r.GetValue();
      int64_t count = r.GetI64();
      std::vector<Entry>& entries = buffers_[side][key];
      for (int64_t i = 0; i < count; ++i) {
        Entry e;
        e.ts = r.GetI64();
        bool was_pending = false;
        if (version == kStateVersion) {
          e.pending = static_cast<uint64_t>(r.GetI64());
        } else {
          was_pending = r.GetU8() != 0;
        }
        e.row.resize(width);
        for (Value& v : e.row) v = r.GetValue();
        bytes_ += ApproxRowBytes(e.row);
        if (was_pending) {
          // Version 1 stored only plain keys (windowed sources were not joined then).
          e.pending = next_pending_++;
          pending_[side].emplace(std::make_pair(e.ts, e.pending), Pending{key, e.row});
          bytes_ += ApproxRowBytes(e.row);
        }
        entries.push_back(std::move(e));
      }
    }
    if (version == kStateVersionFlags) continue;
    int64_t pending = r.GetI64();
    for (int64_t i = 0; i < pending; ++i) {
      int64_t ts = r.GetI64();
      auto id = static_cast<uint64_t>(r.GetI64());
      Pending p;
      p.key = r.GetValue();
      p.row.resize(width);
      for (Value& v : p.row) v = r.GetValue();
      bytes_ += ApproxRowBytes(p.row);
      pending_[side].emplace(std::make_pair(ts, id), std::move(p));
    }
  }
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  state_bytes_.store(bytes_, std::memory_order_relaxed);
  stream_time_ms.store(stream_time_, std::memory_order_relaxed);
}

}  // namespace riffle
