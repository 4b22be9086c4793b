// Stream-stream join over a time window, as Kafka Streams joins streams: each side keeps a window
// store of its rows per key for the window's retention (before + after + grace, measured from
// the max time that side has seen); each new row joins the other side's stored rows in range.
// With a GRACE period, unmatched rows of an outer side wait in a time-ordered queue until their
// window closes, so a later match replaces them (no spurious null-padded results).
#include <algorithm>
#include <utility>

#include "core/common/error.h"
#include "core/exec/join_kinds.h"
#include "core/exec/processing_log.h"
#include "core/exec/state_codec.h"

namespace riffle {

namespace {
// Version 1 kept pending rows as flags on the window store's entries; version 2 keeps them in
// their own queue, with the next pending id.
constexpr uint8_t kStateVersionFlags = 1;
constexpr uint8_t kStateVersion = 2;
// Keyed checkpoints (SaveChanges): the header's version, and the kinds of entry keys.
constexpr uint8_t kHeaderVersion = 3;
constexpr uint8_t kBufferEntry = 0;   // + side: a store key's rows
constexpr uint8_t kPendingEntry = 2;  // + side: one pending row
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
    MarkPending(c.side, {c.ts, c.id});
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
    if (keep == entries.end()) {
      ++it;
      continue;
    }
    dirty_[side].Mark(it->first);
    entries.erase(keep, entries.end());
    it = entries.empty() ? buffers_[side].erase(it) : std::next(it);
  }
}

void StreamStreamJoin::Late(int side, const Batch& in, size_t r, const Value& key,
                            const std::vector<Value>& row) {
  late_dropped.fetch_add(1, std::memory_order_relaxed);
  if (late_records_ != nullptr) {
    late_records_->push_back({side, row, key, in.rowtime[r], observed_[side], spec_.before_ms,
                              spec_.after_ms, retention_ms_ - spec_.before_ms - spec_.after_ms});
  }
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
              MarkPending(other, {e->ts, e->pending});
            }
            e->pending = 0;
            dirty_[other].Mark(it->first);
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
        MarkPending(side, {t, pending});
      }
    }
    // Rows with a NULL key never join: they are not stored.
    if (key.is_null()) continue;
    observed_[side] = std::max(observed_[side], t);
    if (t <= observed_[side] - retention_ms_) {
      // Older than the window store keeps: joins nothing that arrives later.
      Late(side, in, r, key, row);
      continue;
    }
    bytes_ += ApproxRowBytes(row);
    dirty_[side].Mark(store_key);
    buffers_[side][std::move(store_key)].push_back({t, std::move(row), pending});
    if (++since_purge_ >= kPurgeEvery) {
      since_purge_ = 0;
      Purge(0);
      Purge(1);
    }
  }
  rows_out.fetch_add(emitted, std::memory_order_relaxed);
  Published();
}

void StreamStreamJoin::Published() {
  state_bytes_.store(bytes_, std::memory_order_relaxed);
  stream_time_ms.store(stream_time_, std::memory_order_relaxed);
}

void StreamStreamJoin::MarkPending(int side, std::pair<int64_t, uint64_t> at) {
  if (track_pending_) dirty_pending_[side].insert(at);
}

void StreamStreamJoin::DisableChangeTracking() {
  for (int side = 0; side < 2; ++side) {
    dirty_[side].set_tracking(false);
    dirty_pending_[side].clear();
  }
  track_pending_ = false;
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
  Published();
}

namespace {
std::string BufferKey(int side, const Value& key) {
  StateWriter w;
  w.PutU8(static_cast<uint8_t>(kBufferEntry + side));
  w.PutValue(key);
  return w.Take();
}
std::string PendingKey(int side, std::pair<int64_t, uint64_t> at) {
  StateWriter w;
  w.PutU8(static_cast<uint8_t>(kPendingEntry + side));
  w.PutI64(at.first);
  w.PutI64(static_cast<int64_t>(at.second));
  return w.Take();
}
[[noreturn]] void Corrupt() {
  throw RiffleError(ErrorKind::kRuntime, "checkpointed join state does not match the query");
}
}  // namespace

void StreamStreamJoin::SaveChanges(StateChanges& out, bool all) {
  all = all || std::exchange(save_all_next_, false);
  StateWriter h;
  h.PutU8(kHeaderVersion);
  h.PutI64(stream_time_);
  h.PutI64(static_cast<int64_t>(next_pending_));
  h.PutI64(observed_[0]);
  h.PutI64(observed_[1]);
  out.header = h.Take();
  auto encode_rows = [](const std::vector<Entry>& entries) {
    StateWriter w;
    w.PutI64(static_cast<int64_t>(entries.size()));
    for (const Entry& e : entries) {
      w.PutI64(e.ts);
      w.PutI64(static_cast<int64_t>(e.pending));
      for (const Value& v : e.row) w.PutValue(v);
    }
    return w.Take();
  };
  auto encode_pending = [](const Pending& p) {
    StateWriter w;
    w.PutValue(p.key);
    for (const Value& v : p.row) w.PutValue(v);
    return w.Take();
  };
  for (int side = 0; side < 2; ++side) {
    if (all) {
      dirty_[side].Clear();
      dirty_pending_[side].clear();
      for (const auto& [key, entries] : buffers_[side]) {
        out.upserts.emplace_back(BufferKey(side, key), encode_rows(entries));
      }
      for (const auto& [at, p] : pending_[side]) {
        out.upserts.emplace_back(PendingKey(side, at), encode_pending(p));
      }
      continue;
    }
    for (const Value& key : dirty_[side].Take()) {
      auto it = buffers_[side].find(key);
      if (it == buffers_[side].end()) {
        out.deletes.push_back(BufferKey(side, key));
      } else {
        out.upserts.emplace_back(BufferKey(side, key), encode_rows(it->second));
      }
    }
    for (const auto& at : std::exchange(dirty_pending_[side], {})) {
      auto it = pending_[side].find(at);
      if (it == pending_[side].end()) {
        out.deletes.push_back(PendingKey(side, at));
      } else {
        out.upserts.emplace_back(PendingKey(side, at), encode_pending(it->second));
      }
    }
  }
}

void StreamStreamJoin::RestoreEntries(std::string_view header, const StateEntries& entries) {
  if (!header.empty() && static_cast<uint8_t>(header[0]) != kHeaderVersion && entries.empty()) {
    // A blob checkpointed before this join kept its state per key: restore it, and write it as
    // entries at the next checkpoint.
    RestoreState(header);
    save_all_next_ = true;
    return;
  }
  StateReader h(header);
  if (h.GetU8() != kHeaderVersion) Corrupt();
  bytes_ = 0;
  stream_time_ = h.GetI64();
  next_pending_ = static_cast<uint64_t>(h.GetI64());
  observed_[0] = h.GetI64();
  observed_[1] = h.GetI64();
  if (!h.AtEnd()) Corrupt();
  for (int side = 0; side < 2; ++side) {
    buffers_[side].clear();
    pending_[side].clear();
    dirty_[side].Clear();
    dirty_pending_[side].clear();
  }
  for (const auto& [encoded_key, encoded_value] : entries) {
    StateReader k(encoded_key);
    StateReader v(encoded_value);
    uint8_t kind = k.GetU8();
    if (kind > kPendingEntry + 1) Corrupt();
    int side = kind % 2;
    size_t width = side == 0 ? spec_.left_width : spec_.right_width;
    if (kind < kPendingEntry) {
      Value key = k.GetValue();
      int64_t count = v.GetI64();
      if (count <= 0) Corrupt();
      std::vector<Entry>& rows = buffers_[side][std::move(key)];
      rows.clear();
      for (int64_t i = 0; i < count; ++i) {
        Entry e;
        e.ts = v.GetI64();
        e.pending = static_cast<uint64_t>(v.GetI64());
        e.row.resize(width);
        for (Value& x : e.row) x = v.GetValue();
        bytes_ += ApproxRowBytes(e.row);
        rows.push_back(std::move(e));
      }
    } else {
      int64_t ts = k.GetI64();
      auto id = static_cast<uint64_t>(k.GetI64());
      Pending p;
      p.key = v.GetValue();
      p.row.resize(width);
      for (Value& x : p.row) x = v.GetValue();
      bytes_ += ApproxRowBytes(p.row);
      pending_[side].insert_or_assign(std::make_pair(ts, id), std::move(p));
    }
    if (!k.AtEnd() || !v.AtEnd()) Corrupt();
  }
  Published();
}

}  // namespace riffle
