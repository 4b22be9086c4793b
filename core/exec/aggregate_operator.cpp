#include "core/exec/aggregate_operator.h"

#include <algorithm>
#include <climits>
#include <deque>

#include "core/exec/state_codec.h"
#include "core/exec/state_size.h"

namespace riffle {

namespace {

constexpr int64_t kDefaultGraceMs = 24LL * 60 * 60 * 1000;
constexpr uint8_t kStateVersion = 2;  // 2: groups carry their partitions and row count
// Bookkeeping per group beyond its key values and accumulators: hash node, by-end index entry.
constexpr int64_t kGroupOverheadBytes = 96;

size_t HashValues(const std::vector<Value>& values) {
  size_t h = 0x9e3779b97f4a7c15ULL;
  for (const Value& v : values) h = (h ^ HashValue(v)) * 0x100000001b3ULL;
  return h;
}

struct GroupKey {
  std::vector<Value> values;
  int64_t start = 0;  // window bounds; 0 when not windowed
  int64_t end = 0;
  bool operator==(const GroupKey& o) const {
    return start == o.start && end == o.end && values == o.values;
  }
};

struct GroupKeyHash {
  size_t operator()(const GroupKey& k) const {
    uint64_t h = HashValues(k.values);
    h = (h ^ static_cast<uint64_t>(k.start)) * 0x100000001b3ULL;
    // Finalizer (murmur3's): small integer keys and window starts differ in few bits.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return static_cast<size_t>(h);
  }
};

struct ValuesHash {
  size_t operator()(const std::vector<Value>& v) const { return HashValues(v); }
};

struct GroupState {
  std::vector<Accumulator> accs;
  int64_t rowtime = INT64_MIN;
  int64_t rows = 0;     // rows folded in minus rows retracted: 0 frees a table's group
  int32_t home = -1;    // the first source partition that fed the group (windows close on it)
  // The source position of the last row folded in: a final-only aggregation's result row
  // carries it, as the changelog row of that last update would have.
  int32_t last_partition = -1;
  int64_t last_offset = -1;
  // Its index in Impl::dirty_groups while it changed since the last checkpoint, else -1.
  int64_t dirty_index = -1;
  bool stored = false;  // saved by a checkpoint (or restored): erasing it must delete its entry
  std::vector<int32_t> others;  // further partitions that fed it (rare: GROUP BY a non-key)

  // Records that partition `p` fed the group; true when it had not before.
  bool Touch(int32_t p) {
    if (home == p) return false;
    if (home < 0) {
      home = p;
      return true;
    }
    if (std::find(others.begin(), others.end(), p) != others.end()) return false;
    others.push_back(p);
    return true;
  }
  template <class F>
  void ForEachPartition(F f) const {
    if (home >= 0) f(home);
    for (int32_t p : others) f(p);
  }
};

struct Session {
  int64_t start = 0;
  int64_t end = 0;
  GroupState state;
};

// One row of the output, in order: an aggregate update (its results come from Apply) or a
// tombstone for a session window that was merged away.
struct OutRow {
  bool tombstone = false;
  uint32_t index = 0;  // update index, or tombstone index
};

struct Tombstone {
  std::vector<Value> values;
  int64_t start, end;
  int32_t partition;
  int64_t offset;
};

void SaveGroup(StateWriter& w, const GroupState& g) {
  w.PutI64(g.rowtime);
  w.PutI64(g.rows);
  w.PutI64(static_cast<int64_t>(g.others.size()) + (g.home >= 0 ? 1 : 0));
  g.ForEachPartition([&](int32_t p) { w.PutI64(p); });
  for (const Accumulator& a : g.accs) a.Save(w);
}

// Version 1 state did not record partitions: such groups belong to every known partition.
void LoadGroup(StateReader& r, GroupState& g, size_t num_aggs, uint8_t version,
               const std::map<int32_t, int64_t>& watermarks) {
  g.rowtime = r.GetI64();
  if (version >= 2) {
    g.rows = r.GetI64();
    int64_t np = r.GetI64();
    if (np < 0 || np > 1 << 20) {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed state is corrupt");
    }
    for (int64_t i = 0; i < np; ++i) g.Touch(static_cast<int32_t>(r.GetI64()));
  } else {
    g.rows = 1;
    for (const auto& [p, wm] : watermarks) g.Touch(p);
  }
  g.accs.resize(num_aggs);
  for (Accumulator& a : g.accs) a.Load(r);
}

// Items (collections) held by a group's accumulators.
int64_t ItemBytes(const GroupState& g) {
  int64_t n = 0;
  for (const Accumulator& a : g.accs) n += ApproxValuesBytes(a.items);
  return n;
}

void SaveValues(StateWriter& w, const std::vector<Value>& values) {
  w.PutI64(static_cast<int64_t>(values.size()));
  for (const Value& v : values) w.PutValue(v);
}

std::vector<Value> LoadValues(StateReader& r, size_t expected) {
  int64_t n = r.GetI64();
  if (n != static_cast<int64_t>(expected)) {
    throw RiffleError(ErrorKind::kRuntime,
                      "checkpointed aggregation state does not match the query's GROUP BY");
  }
  std::vector<Value> values;
  for (int64_t i = 0; i < n; ++i) values.push_back(r.GetValue());
  return values;
}

}  // namespace

WindowConfig MakeWindowConfig(const WindowSpec& spec, bool emit_final) {
  WindowConfig c;
  c.kind = spec.kind;
  c.size_ms = spec.size_ms;
  c.advance_ms = spec.kind == WindowKind::kHopping ? spec.advance_ms : spec.size_ms;
  c.grace_ms = spec.grace_ms.value_or(emit_final ? 0 : kDefaultGraceMs);
  c.retention_ms = std::max(spec.retention_ms.value_or(0), c.size_ms + c.grace_ms);
  return c;
}

struct AggregateOperator::Impl {
  std::vector<CompiledExprPtr> group_by;
  std::vector<AggregateCall> aggs;
  std::optional<WindowConfig> window;
  bool changelog = false;
  bool emit_final = false;
  bool final_only = false;  // set_final_only: no per-row results; closed windows emit
  bool item_state = false;  // some aggregate keeps collections (counted by RecountItems)

  // ---- State (checkpointed) ----
  std::unordered_map<GroupKey, GroupState, GroupKeyHash> groups;
  std::unordered_map<std::vector<Value>, std::vector<std::unique_ptr<Session>>, ValuesHash>
      sessions;
  std::map<int32_t, int64_t> watermarks;  // per source partition: max event time seen
  int64_t seq = 0;                        // arrival counter for *_BY_OFFSET
  // Groups changed since the last checkpoint (SaveChanges): a flag and a list rather than a
  // set, so marking a group costs no hash lookup on the per-row path. Entries of groups erased
  // since are nulled, and their keys listed in erased_groups.
  struct DirtyGroup {
    const GroupKey* key;  // nullptr once the group is erased
    GroupState* state;
  };
  std::vector<DirtyGroup> dirty_groups;
  std::vector<GroupKey> erased_groups;
  bool tracking = true;
  DirtyKeys<std::vector<Value>, ValuesHash> dirty_sessions;

  void MarkDirty(const GroupKey& key, GroupState& g) {
    if (!tracking || g.dirty_index >= 0) return;
    g.dirty_index = static_cast<int64_t>(dirty_groups.size());
    dirty_groups.push_back({&key, &g});
  }
  // Call before erasing the group.
  void MarkErased(const GroupKey& key, const GroupState& g) {
    if (!tracking) return;
    if (g.dirty_index >= 0) dirty_groups[static_cast<size_t>(g.dirty_index)].key = nullptr;
    if (g.stored) erased_groups.push_back(key);
  }
  void ClearDirtyGroups() {
    for (const DirtyGroup& d : dirty_groups) {
      if (d.key != nullptr) d.state->dirty_index = -1;
    }
    dirty_groups.clear();
    erased_groups.clear();
  }

  // ---- Derived from the state ----
  // Per source partition, the time windows it fed by end: a window closes when the watermark
  // of a partition that fed it passes its end plus grace (ksqlDB's stream time is per task), so
  // an idle partition never holds back windows it did not feed.
  // Entries point at the groups map's keys, which stay put until their group is erased; erasing
  // a group removes its entries from the other partitions that fed it.
  std::map<int32_t, std::multimap<int64_t, const GroupKey*>> by_end;
  // Per source partition, session keys by the end a session of theirs had; entries go stale when
  // the session grows, which is harmless: closing only looks at sessions that really ended.
  std::map<int32_t, std::multimap<int64_t, std::vector<Value>>> session_ends;
  // The windows closed last, for Timeline (not state): a ring, oldest at closed_next once full.
  std::vector<TimelineWindow> closed;
  size_t closed_next = 0;
  // Closed windows summed per bounds, the latest last (at most kClosedSpansKept).
  std::deque<TimelineSpan> closed_spans;
  int64_t bytes = 0;       // approximate state bytes, without accumulator items
  int64_t item_bytes = 0;  // accumulator items, as of the last RecountItems
  int64_t batches = 0;

  // ---- Per-batch scratch ----
  std::vector<ArgValues> group_vals;
  std::vector<std::vector<ArgValues>> arg_vals;
  std::vector<int64_t> order;
  std::vector<Accumulator*> upd_groups;
  std::vector<int8_t> upd_sign;
  std::vector<uint8_t> upd_emit;
  std::vector<uint32_t> upd_row;
  std::vector<int64_t> upd_start, upd_end, upd_rowtime;
  std::vector<Tombstone> tombstones;
  std::vector<OutRow> pending;
  std::vector<std::vector<Value>> results;
  std::vector<GroupKey> emptied;  // table groups whose last row was retracted in this batch
  GroupKey probe;
  Batch out;

  size_t num_groups() const { return group_by.size(); }

  int64_t GroupBytes(const std::vector<Value>& values) const {
    return kGroupOverheadBytes + static_cast<int64_t>(sizeof(GroupKey) + sizeof(GroupState)) +
           ApproxValuesBytes(values) + static_cast<int64_t>(aggs.size() * sizeof(Accumulator));
  }

  void RecountItems() {
    item_bytes = 0;
    if (!item_state) return;
    for (const auto& [key, g] : groups) item_bytes += ItemBytes(g);
    for (const auto& [key, list] : sessions) {
      for (const auto& s : list) item_bytes += ItemBytes(s->state);
    }
  }

  void AddUpdate(GroupState& g, int8_t sign, bool emit, uint32_t row, int64_t start, int64_t end,
                 int64_t rowtime, const Batch& in) {
    g.last_partition = in.partition[row];
    g.last_offset = in.offset[row];
    if (final_only) emit = false;
    upd_groups.push_back(g.accs.data());
    upd_sign.push_back(sign);
    upd_emit.push_back(emit ? 1 : 0);
    upd_row.push_back(row);
    upd_start.push_back(start);
    upd_end.push_back(end);
    upd_rowtime.push_back(rowtime);
    if (emit) pending.push_back({false, static_cast<uint32_t>(upd_groups.size() - 1)});
  }

  // Applies the pending updates and appends the pending output rows to `out`, in order.
  void Flush(const Batch& in) {
    if (upd_groups.empty() && pending.empty()) return;
    results.resize(aggs.size());
    for (size_t j = 0; j < aggs.size(); ++j) {
      AggregateRows rows;
      rows.groups = &upd_groups;
      rows.sign = &upd_sign;
      rows.emit = &upd_emit;
      rows.input_row = &upd_row;
      rows.order = &order;
      for (const ArgValues& a : arg_vals[j]) rows.args.push_back(&a);
      aggs[j].fn->Apply(rows, j, results[j]);
    }
    size_t k = num_groups();
    for (const OutRow& o : pending) {
      if (o.tombstone) {
        Tombstone& t = tombstones[o.index];
        for (size_t g = 0; g < k; ++g) out.columns[g].push_back(std::move(t.values[g]));
        for (size_t j = 0; j < aggs.size(); ++j) out.columns[k + j].push_back(Value());
        AppendWindow(t.start, t.end);
        out.AddRowMeta(RowKind::kDelete, t.end, t.partition, t.offset);
        continue;
      }
      uint32_t u = o.index;
      uint32_t r = upd_row[u];
      for (size_t g = 0; g < k; ++g) out.columns[g].push_back(group_vals[g][r]);
      for (size_t j = 0; j < aggs.size(); ++j) {
        out.columns[k + j].push_back(std::move(results[j][u]));
      }
      AppendWindow(upd_start[u], upd_end[u]);
      out.AddRowMeta(RowKind::kUpdateAfter, upd_rowtime[u], in.partition[r], in.offset[r]);
    }
    upd_groups.clear();
    upd_sign.clear();
    upd_emit.clear();
    upd_row.clear();
    upd_start.clear();
    upd_end.clear();
    upd_rowtime.clear();
    tombstones.clear();
    pending.clear();
  }

  // Frees table groups left without rows: their result was emitted, and a later row starts
  // from a fresh accumulator exactly as if the group had never existed.
  void PurgeEmptied() {
    for (const GroupKey& key : emptied) {
      auto it = groups.find(key);
      if (it == groups.end() || it->second.rows > 0) continue;
      bytes -= GroupBytes(key.values);
      MarkErased(it->first, it->second);
      groups.erase(it);
    }
    emptied.clear();
  }

  void AppendWindow(int64_t start, int64_t end) {
    if (!window) return;
    size_t w = num_groups() + aggs.size();
    out.columns[w].push_back(Value::Int(start));
    out.columns[w + 1].push_back(Value::Int(end));
  }

  // Emits the final result of a group that closes (EMIT FINAL, or a final-only aggregation).
  void EmitClosed(const GroupKey& key, const GroupState& g) {
    size_t k = num_groups();
    for (size_t i = 0; i < k; ++i) out.columns[i].push_back(key.values[i]);
    for (size_t j = 0; j < aggs.size(); ++j) {
      out.columns[k + j].push_back(aggs[j].fn->Result(g.accs[j]));
    }
    AppendWindow(key.start, key.end);
    // EMIT FINAL's row has no source position; a final-only one stands for the last update.
    if (emit_final) {
      out.AddRowMeta(RowKind::kUpdateAfter, g.rowtime, -1, -1);
    } else {
      out.AddRowMeta(RowKind::kUpdateAfter, g.rowtime, g.last_partition, g.last_offset);
    }
  }

  void Late(AggregateOperator& op, const Batch& in, uint32_t r, int64_t start, int64_t end,
            int64_t watermark) {
    op.late_dropped.fetch_add(1, std::memory_order_relaxed);
    if (op.late_records_ != nullptr) {
      op.late_records_->push_back(
          {probe.values, in.rowtime[r], start, end, watermark, window ? window->grace_ms : 0});
    }
    if (op.log_ == nullptr) return;
    op.log_->Add(ProcessingErrorType::kLateRecord, op.job_id_, op.topic_, in.partition[r], in.offset[r],
                 "late record dropped: event time " + std::to_string(in.rowtime[r]) +
                     " falls in window [" + std::to_string(start) + ", " + std::to_string(end) +
                     ") which closed (grace period " + std::to_string(window->grace_ms) +
                     " ms) before watermark " + std::to_string(watermark));
  }

  void ProcessTimeRow(AggregateOperator& op, const Batch& in, uint32_t r, int8_t sign, bool emit) {
    int64_t ts = in.rowtime[r];
    if (!window) {
      probe.start = probe.end = 0;
      auto [it, inserted] = groups.try_emplace(probe);
      GroupState& g = it->second;
      if (inserted) {
        g.accs.resize(aggs.size());
        bytes += GroupBytes(probe.values);
      }
      MarkDirty(it->first, g);
      g.rowtime = std::max(g.rowtime, ts);
      g.rows += sign;
      if (g.rows <= 0 && changelog) emptied.push_back(probe);
      AddUpdate(g, sign, emit, r, 0, 0, g.rowtime, in);
      return;
    }
    int32_t partition = in.partition[r];
    int64_t& wm = watermarks.try_emplace(partition, INT64_MIN).first->second;
    wm = std::max(wm, ts);
    int64_t close = wm - window->grace_ms;
    int64_t size = window->size_ms, advance = window->advance_ms;
    int64_t start = std::max<int64_t>(0, ts - size + advance) / advance * advance;
    for (; start <= ts; start += advance) {
      int64_t end = start + size;
      if (end <= close) {
        Late(op, in, r, start, end, wm);
        continue;
      }
      probe.start = start;
      probe.end = end;
      auto [it, inserted] = groups.try_emplace(probe);
      GroupState& g = it->second;
      if (inserted) {
        g.accs.resize(aggs.size());
        bytes += GroupBytes(probe.values);
      }
      MarkDirty(it->first, g);
      if (g.Touch(partition)) by_end[partition].emplace(end, &it->first);
      g.rowtime = std::max(g.rowtime, ts);
      g.rows += sign;
      AddUpdate(g, sign, emit && !emit_final, r, start, end, g.rowtime, in);
    }
  }

  void ProcessSessionRow(AggregateOperator& op, const Batch& in, uint32_t r) {
    int64_t ts = in.rowtime[r];
    int32_t partition = in.partition[r];
    int64_t& wm = watermarks.try_emplace(partition, INT64_MIN).first->second;
    wm = std::max(wm, ts);
    int64_t gap = window->size_ms;
    int64_t close = wm - window->grace_ms - gap;
    int64_t expired = wm - window->retention_ms;  // sessions ending at or before are gone
    auto& list = sessions[probe.values];
    dirty_sessions.Mark(probe.values);
    std::vector<Session*> found;
    int64_t start = ts, end = ts;
    for (auto& s : list) {
      if (s->end <= expired) continue;
      if (s->end >= ts - gap && s->start <= ts + gap) {
        found.push_back(s.get());
        start = std::min(start, s->start);
        end = std::max(end, s->end);
      }
    }
    if (end < close) {
      Late(op, in, r, start, end, wm);
      if (list.empty()) sessions.erase(probe.values);
      return;
    }
    std::sort(found.begin(), found.end(), [](const Session* a, const Session* b) {
      return a->end != b->end ? a->end < b->end : a->start < b->start;
    });
    Session* target = nullptr;
    if (found.empty()) {
      list.push_back(std::make_unique<Session>());
      target = list.back().get();
      target->state.accs.resize(aggs.size());
      bytes += GroupBytes(probe.values);
    } else {
      if (found.size() > 1) Flush(in);  // pending updates may point at sessions merged away
      bool replaced = start != ts || end != ts;
      for (Session* s : found) {
        if (replaced && !emit_final && !final_only) {
          tombstones.push_back({probe.values, s->start, s->end, in.partition[r], in.offset[r]});
          pending.push_back({true, static_cast<uint32_t>(tombstones.size() - 1)});
        }
      }
      target = found[0];
      if (found.size() > 1) {
        GroupState merged;
        merged.accs.resize(aggs.size());
        for (Session* s : found) {
          for (size_t j = 0; j < aggs.size(); ++j) {
            aggs[j].fn->Merge(merged.accs[j], s->state.accs[j]);
          }
          merged.rows += s->state.rows;
          s->state.ForEachPartition([&](int32_t p) { merged.Touch(p); });
        }
        target->state = std::move(merged);
        for (size_t i = 1; i < found.size(); ++i) {
          Session* gone = found[i];
          list.erase(std::find_if(list.begin(), list.end(),
                                  [gone](const auto& p) { return p.get() == gone; }));
          bytes -= GroupBytes(probe.values);
        }
      }
    }
    target->start = start;
    target->end = end;
    target->state.rowtime = end;
    target->state.rows += 1;
    target->state.Touch(partition);
    target->state.ForEachPartition([&](int32_t p) { session_ends[p].emplace(end, probe.values); });
    AddUpdate(target->state, +1, !emit_final, r, start, end, end, in);
  }

  // Removes partition q's by-end entry for `key` (a window fed by several partitions).
  void ForgetEntry(int32_t q, const GroupKey* key) {
    auto& entries = by_end[q];
    auto [first, last] = entries.equal_range(key->end);
    for (auto e = first; e != last; ++e) {
      if (e->second == key) {
        entries.erase(e);
        return;
      }
    }
  }

  // Remembers a window that closed, for Timeline: replaces the oldest once the ring is full.
  void RememberClosed(std::vector<Value> values, int64_t start, int64_t end, int64_t rows) {
    TimelineWindow w{std::move(values), start, end, rows, true};
    if (closed.size() < kClosedWindowsKept) {
      closed.push_back(std::move(w));
    } else {
      closed[closed_next] = std::move(w);
    }
    closed_next = (closed_next + 1) % kClosedWindowsKept;
    // Windows of one bounds close one after the other: the span is nearly always the last.
    auto span =
        std::find_if(closed_spans.rbegin(), closed_spans.rend(),
                     [&](const TimelineSpan& s) { return s.start == start && s.end == end; });
    if (span == closed_spans.rend()) {
      if (closed_spans.size() == kClosedSpansKept) closed_spans.pop_front();
      closed_spans.push_back({start, end, 0, 0, true});
      span = closed_spans.rbegin();
    }
    span->keys += 1;
    span->records += rows;
  }

  // Closes (EMIT FINAL) and forgets windows that no partition which fed them can update any
  // more, partition by partition.
  void CloseWindows() {
    if (!window) return;
    if (window->kind != WindowKind::kSession) {
      for (auto& [partition, entries] : by_end) {
        int64_t close = watermarks[partition] - window->grace_ms;
        while (!entries.empty() && entries.begin()->first <= close) {
          const GroupKey* key = entries.begin()->second;
          entries.erase(entries.begin());
          auto it = groups.find(*key);
          GroupState& g = it->second;
          int32_t p = partition;
          g.ForEachPartition([&](int32_t q) {
            if (q != p) ForgetEntry(q, key);
          });
          if (emit_final || final_only) EmitClosed(it->first, g);
          bytes -= GroupBytes(it->first.values);
          MarkErased(it->first, g);
          // The key's values move into the ring: remembering costs no copy.
          auto node = groups.extract(it);
          GroupKey& closed_key = node.key();
          RememberClosed(std::move(closed_key.values), closed_key.start, closed_key.end,
                         node.mapped().rows);
        }
      }
      return;
    }
    for (auto& [partition, entries] : session_ends) {
      // A session ending before this can neither grow nor absorb new rows of this partition.
      int64_t close = watermarks[partition] - window->grace_ms - window->size_ms;
      while (!entries.empty() && entries.begin()->first < close) {
        auto node = entries.extract(entries.begin());
        auto it = sessions.find(node.mapped());
        if (it == sessions.end()) continue;
        auto& list = it->second;
        dirty_sessions.Mark(it->first);
        std::stable_sort(list.begin(), list.end(),
                         [](const auto& a, const auto& b) { return a->end < b->end; });
        GroupKey key;
        key.values = it->first;
        for (auto s = list.begin(); s != list.end();) {
          bool fed = false;
          int32_t p = partition;
          (*s)->state.ForEachPartition([&](int32_t q) { fed = fed || q == p; });
          if ((*s)->end >= close || !fed) {
            ++s;
            continue;
          }
          if (emit_final || final_only) {
            key.start = (*s)->start;
            key.end = (*s)->end;
            EmitClosed(key, (*s)->state);
          }
          bytes -= GroupBytes(key.values);
          RememberClosed(it->first, (*s)->start, (*s)->end, (*s)->state.rows);
          s = list.erase(s);
        }
        if (list.empty()) sessions.erase(it);
      }
    }
  }
};

AggregateOperator::AggregateOperator(std::vector<CompiledExprPtr> group_by,
                                     std::vector<std::string> group_text,
                                     std::vector<AggregateCall> aggregates,
                                     std::optional<WindowConfig> window, bool changelog_input,
                                     bool emit_final)
    : impl_(std::make_unique<Impl>()), group_text_(std::move(group_text)) {
  impl_->group_by = std::move(group_by);
  for (const auto& a : aggregates) {
    aggregate_text_.push_back(a.text);
    const std::string& n = a.fn->name();
    bool scalar = n == "COUNT" || n == "SUM" || n == "MIN" || n == "MAX" || n == "AVG" ||
                  n == "EARLIEST_BY_OFFSET" || n == "LATEST_BY_OFFSET";
    impl_->item_state = impl_->item_state || !scalar;
  }
  impl_->aggs = std::move(aggregates);
  impl_->window = window;
  impl_->changelog = changelog_input;
  impl_->emit_final = emit_final;
  impl_->group_vals.resize(impl_->group_by.size());
  impl_->arg_vals.resize(impl_->aggs.size());
  for (size_t j = 0; j < impl_->aggs.size(); ++j) {
    impl_->arg_vals[j].resize(impl_->aggs[j].args.size());
  }
}

AggregateOperator::~AggregateOperator() = default;

size_t AggregateOperator::group_count() const {
  size_t n = impl_->groups.size();
  for (const auto& [k, list] : impl_->sessions) n += list.size();
  return n;
}

std::vector<int> AggregateOperator::OutputKeyColumns() const {
  const Impl& m = *impl_;
  std::vector<int> key;
  for (size_t g = 0; g < m.num_groups(); ++g) key.push_back(static_cast<int>(g));
  if (m.window) {
    key.push_back(static_cast<int>(m.num_groups() + m.aggs.size()));
    key.push_back(static_cast<int>(m.num_groups() + m.aggs.size() + 1));
  }
  return key;
}

size_t AggregateOperator::OutputWidth() const {
  return impl_->num_groups() + impl_->aggs.size() + (impl_->window ? 2 : 0);
}

std::optional<Batch> AggregateOperator::ResultOfNoRows() const {
  const Impl& m = *impl_;
  if (m.num_groups() > 0 || m.window) return std::nullopt;
  Batch out;
  out.Reset(m.aggs.size());
  const Accumulator empty;  // every function's initial state
  for (size_t j = 0; j < m.aggs.size(); ++j) out.columns[j].push_back(m.aggs[j].fn->Result(empty));
  out.AddRowMeta(RowKind::kInsert, 0, 0, 0);
  return out;
}

void AggregateOperator::set_final_only() { impl_->final_only = true; }

Batch AggregateOperator::FinalRows() const {
  std::lock_guard lock(state_mu_);
  const Impl& m = *impl_;
  size_t k = m.num_groups();
  Batch out;
  out.Reset(OutputWidth());
  if (m.emit_final) return out;
  auto append = [&](const std::vector<Value>& values, int64_t start, int64_t end,
                    const GroupState& g) {
    for (size_t i = 0; i < k; ++i) out.columns[i].push_back(values[i]);
    for (size_t j = 0; j < m.aggs.size(); ++j) {
      out.columns[k + j].push_back(m.aggs[j].fn->Result(g.accs[j]));
    }
    if (m.window) {
      out.columns[k + m.aggs.size()].push_back(Value::Int(start));
      out.columns[k + m.aggs.size() + 1].push_back(Value::Int(end));
    }
    out.AddRowMeta(RowKind::kInsert, g.rowtime, g.last_partition, g.last_offset);
  };
  for (const auto& [key, g] : m.groups) append(key.values, key.start, key.end, g);
  for (const auto& [values, list] : m.sessions) {
    for (const auto& s : list) append(values, s->start, s->end, s->state);
  }
  return out;
}

bool AggregateOperator::retracts() const { return impl_->changelog; }

bool AggregateOperator::HoldsRows(const std::vector<Value>& values) const {
  GroupKey key;
  key.values = values;
  return impl_->groups.count(key) > 0;
}

void AggregateOperator::Process(Batch& batch, EvalContext& ctx) {
  std::lock_guard lock(state_mu_);
  Impl& m = *impl_;
  size_t n = batch.num_rows();
  rows_in.fetch_add(static_cast<int64_t>(n), std::memory_order_relaxed);
  size_t k = m.num_groups();
  for (size_t g = 0; g < k; ++g) m.group_vals[g].Fill(*m.group_by[g], batch, ctx);
  for (size_t j = 0; j < m.aggs.size(); ++j) {
    for (size_t a = 0; a < m.aggs[j].args.size(); ++a) {
      m.arg_vals[j][a].Fill(*m.aggs[j].args[a], batch, ctx);
    }
  }
  m.order.resize(n);
  for (size_t r = 0; r < n; ++r) m.order[r] = ++m.seq;
  m.out.Reset(k + m.aggs.size() + (m.window ? 2 : 0));
  m.probe.values.resize(k);

  for (uint32_t r = 0; r < n; ++r) {
    RowKind kind = batch.kinds[r];
    int8_t sign = +1;
    if (m.changelog) {
      if (kind == RowKind::kUpdateBefore || kind == RowKind::kDelete) sign = -1;
    } else if (kind == RowKind::kDelete) {
      continue;  // a stream tombstone carries no row to aggregate
    }
    bool null_key = false;
    for (size_t g = 0; g < k; ++g) {
      const Value& v = m.group_vals[g][r];
      if (v.is_null()) {
        null_key = true;
        break;
      }
      m.probe.values[g] = v;
    }
    if (null_key) continue;
    if (m.window && batch.rowtime[r] < 0) {
      m.Late(*this, batch, r, batch.rowtime[r], batch.rowtime[r], batch.rowtime[r]);
      continue;
    }
    // An update whose old and new rows fall in the same group emits once, after both.
    bool emit = true;
    if (kind == RowKind::kUpdateBefore && m.changelog && r + 1 < n &&
        batch.kinds[r + 1] == RowKind::kUpdateAfter) {
      bool same = true;
      for (size_t g = 0; g < k && same; ++g) same = m.group_vals[g][r + 1] == m.probe.values[g];
      emit = !same;
    }
    if (m.window && m.window->kind == WindowKind::kSession) {
      m.ProcessSessionRow(*this, batch, r);
    } else {
      m.ProcessTimeRow(*this, batch, r, sign, emit);
    }
  }
  m.Flush(batch);
  m.PurgeEmptied();
  m.CloseWindows();
  // Collections grow without the operator seeing it: recount them now and then.
  if (m.item_state && (++m.batches & 63) == 1) m.RecountItems();
  state_bytes_.store(m.bytes + m.item_bytes, std::memory_order_relaxed);
  PublishStreamTime();
  std::swap(batch, m.out);
  rows_out.fetch_add(static_cast<int64_t>(batch.num_rows()), std::memory_order_relaxed);
}

std::optional<WindowTimeline> AggregateOperator::Timeline(size_t max_windows) const {
  std::lock_guard lock(state_mu_);
  const Impl& m = *impl_;
  if (!m.window) return std::nullopt;
  WindowTimeline t;
  t.kind = m.window->kind;
  t.size_ms = m.window->size_ms;
  t.advance_ms = m.window->advance_ms;
  t.grace_ms = m.window->grace_ms;
  t.emit_final = m.emit_final;
  t.late_dropped = late_dropped.load(std::memory_order_relaxed);
  for (const auto& [partition, wm] : m.watermarks) {
    if (wm != INT64_MIN) t.stream_time = std::max(t.stream_time.value_or(INT64_MIN), wm);
  }
  // The held windows, chosen by end before any key is copied: state may hold many.
  struct Held {
    const std::vector<Value>* key;
    int64_t start, end, rows;
  };
  std::vector<Held> held;
  for (const auto& [key, g] : m.groups) held.push_back({&key.values, key.start, key.end, g.rows});
  for (const auto& [values, list] : m.sessions) {
    for (const auto& s : list) held.push_back({&values, s->start, s->end, s->state.rows});
  }
  t.windows_held = static_cast<int64_t>(held.size());
  std::map<std::pair<int64_t, int64_t>, TimelineSpan> spans;
  for (const Held& h : held) {
    TimelineSpan& s = spans[{h.start, h.end}];
    s.start = h.start;
    s.end = h.end;
    s.keys += 1;
    s.records += h.rows;
  }
  if (max_windows > 0 && held.size() > max_windows) {
    std::nth_element(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(max_windows),
                     held.end(), [](const Held& a, const Held& b) { return a.end > b.end; });
    held.resize(max_windows);
  }
  for (const Held& h : held) t.windows.push_back({*h.key, h.start, h.end, h.rows, false});
  for (const TimelineWindow& w : m.closed) t.windows.push_back(w);
  for (const auto& [bounds, s] : spans) t.spans.push_back(s);
  t.spans.insert(t.spans.end(), m.closed_spans.begin(), m.closed_spans.end());
  std::stable_sort(t.spans.begin(), t.spans.end(),
                   [](const TimelineSpan& a, const TimelineSpan& b) {
                     return a.start != b.start ? a.start < b.start : a.end < b.end;
                   });
  std::sort(t.windows.begin(), t.windows.end(),
            [](const TimelineWindow& a, const TimelineWindow& b) {
              if (a.start != b.start) return a.start < b.start;
              if (a.end != b.end) return a.end < b.end;
              for (size_t i = 0; i < a.key.size() && i < b.key.size(); ++i) {
                if (int c = CompareValues(a.key[i], b.key[i]); c != 0) return c < 0;
              }
              return a.key.size() < b.key.size();
            });
  return t;
}

std::string AggregateOperator::Describe() const {
  // Without GROUP BY (a finite query's global aggregate) every row is one group.
  std::string s = group_text_.empty() ? "Aggregate (all rows" : "Aggregate (GROUP BY ";
  for (size_t i = 0; i < group_text_.size(); ++i) s += (i ? ", " : "") + group_text_[i];
  s += "; ";
  for (size_t i = 0; i < aggregate_text_.size(); ++i) s += (i ? ", " : "") + aggregate_text_[i];
  s += ")";
  if (const auto& w = impl_->window) {
    switch (w->kind) {
      case WindowKind::kTumbling:
        s += " TUMBLING SIZE " + std::to_string(w->size_ms) + " ms";
        break;
      case WindowKind::kHopping:
        s += " HOPPING SIZE " + std::to_string(w->size_ms) + " ms ADVANCE " +
             std::to_string(w->advance_ms) + " ms";
        break;
      case WindowKind::kSession:
        s += " SESSION GAP " + std::to_string(w->size_ms) + " ms";
        break;
    }
    s += " GRACE " + std::to_string(w->grace_ms) + " ms";
  }
  if (impl_->emit_final) s += " EMIT FINAL";
  if (int64_t late = late_dropped.load(std::memory_order_relaxed); late > 0) {
    s += "; " + std::to_string(late) + " late record(s) dropped";
  }
  return s;
}

namespace {

// Entry keys of the keyed state: a group (values and window bounds) or a session key's list.
constexpr char kGroupEntry = 'G';
constexpr char kSessionEntry = 'S';

std::string GroupEntryKey(const GroupKey& key) {
  StateWriter w;
  w.PutU8(kGroupEntry);
  SaveValues(w, key.values);
  w.PutI64(key.start);
  w.PutI64(key.end);
  return w.Take();
}

std::string SessionEntryKey(const std::vector<Value>& values) {
  StateWriter w;
  w.PutU8(kSessionEntry);
  SaveValues(w, values);
  return w.Take();
}

void SaveSessions(StateWriter& w, const std::vector<std::unique_ptr<Session>>& list) {
  w.PutI64(static_cast<int64_t>(list.size()));
  for (const auto& s : list) {
    w.PutI64(s->start);
    w.PutI64(s->end);
    SaveGroup(w, s->state);
  }
}

}  // namespace

void AggregateOperator::ResetState() {
  Impl& m = *impl_;
  m.groups.clear();
  m.sessions.clear();
  m.by_end.clear();
  m.session_ends.clear();
  m.watermarks.clear();
  stream_time_ms.store(kNoStreamTime, std::memory_order_relaxed);
  m.dirty_groups.clear();
  m.erased_groups.clear();
  m.dirty_sessions.Clear();
  m.closed.clear();
  m.closed_next = 0;
  m.closed_spans.clear();
  m.bytes = 0;
}

// Header: the state version, the arrival counter and the per-partition watermarks.
void AggregateOperator::SaveHeader(StateWriter& w) const {
  const Impl& m = *impl_;
  w.PutU8(kStateVersion);
  w.PutI64(m.seq);
  w.PutI64(static_cast<int64_t>(m.watermarks.size()));
  for (const auto& [p, wm] : m.watermarks) {
    w.PutI64(p);
    w.PutI64(wm);
  }
}

uint8_t AggregateOperator::LoadHeader(StateReader& r) {
  Impl& m = *impl_;
  uint8_t version = r.GetU8();
  if (version < 1 || version > kStateVersion) {
    throw RiffleError(ErrorKind::kRuntime, "checkpointed aggregation state has an unknown version");
  }
  m.seq = r.GetI64();
  int64_t nw = r.GetI64();
  for (int64_t i = 0; i < nw; ++i) {
    int32_t p = static_cast<int32_t>(r.GetI64());
    m.watermarks[p] = r.GetI64();
  }
  return version;
}

void AggregateOperator::LoadGroupEntry(StateReader& key_reader, StateReader& r, uint8_t version) {
  Impl& m = *impl_;
  GroupKey key;
  key.values = LoadValues(key_reader, m.num_groups());
  key.start = key_reader.GetI64();
  key.end = key_reader.GetI64();
  GroupState g;
  LoadGroup(r, g, m.aggs.size(), version, m.watermarks);
  g.stored = true;
  m.bytes += m.GroupBytes(key.values);
  auto it = m.groups.insert_or_assign(std::move(key), std::move(g)).first;
  if (m.window) {
    const GroupKey* stored = &it->first;
    it->second.ForEachPartition([&](int32_t p) { m.by_end[p].emplace(stored->end, stored); });
  }
}

void AggregateOperator::LoadSessionEntry(StateReader& key_reader, StateReader& r,
                                         uint8_t version) {
  Impl& m = *impl_;
  std::vector<Value> values = LoadValues(key_reader, m.num_groups());
  auto& list = m.sessions[values];
  int64_t count = r.GetI64();
  for (int64_t j = 0; j < count; ++j) {
    auto s = std::make_unique<Session>();
    s->start = r.GetI64();
    s->end = r.GetI64();
    LoadGroup(r, s->state, m.aggs.size(), version, m.watermarks);
    s->state.ForEachPartition([&](int32_t p) { m.session_ends[p].emplace(s->end, values); });
    m.bytes += m.GroupBytes(values);
    list.push_back(std::move(s));
  }
}

void AggregateOperator::FinishRestore() {
  Impl& m = *impl_;
  m.ClearDirtyGroups();
  m.dirty_sessions.Clear();
  m.RecountItems();
  state_bytes_.store(m.bytes + m.item_bytes, std::memory_order_relaxed);
  PublishStreamTime();
}

void AggregateOperator::PublishStreamTime() {
  int64_t t = kNoStreamTime;
  for (const auto& [partition, wm] : impl_->watermarks) t = std::max(t, wm);
  stream_time_ms.store(t, std::memory_order_relaxed);
}

std::string AggregateOperator::SaveState() const {
  std::lock_guard lock(state_mu_);
  Impl& m = *impl_;
  m.RecountItems();
  state_bytes_.store(m.bytes + m.item_bytes, std::memory_order_relaxed);
  StateWriter w;
  SaveHeader(w);
  w.PutI64(static_cast<int64_t>(m.groups.size()));
  for (const auto& [key, g] : m.groups) {
    SaveValues(w, key.values);
    w.PutI64(key.start);
    w.PutI64(key.end);
    SaveGroup(w, g);
  }
  w.PutI64(static_cast<int64_t>(m.sessions.size()));
  for (const auto& [values, list] : m.sessions) {
    SaveValues(w, values);
    SaveSessions(w, list);
  }
  return w.Take();
}

void AggregateOperator::RestoreState(std::string_view blob) {
  std::lock_guard lock(state_mu_);
  ResetState();
  StateReader r(blob);
  uint8_t version = LoadHeader(r);
  int64_t ng = r.GetI64();
  for (int64_t i = 0; i < ng; ++i) LoadGroupEntry(r, r, version);
  int64_t ns = r.GetI64();
  for (int64_t i = 0; i < ns; ++i) LoadSessionEntry(r, r, version);
  if (!r.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  FinishRestore();
}

void AggregateOperator::SaveChanges(StateChanges& out, bool all) {
  std::lock_guard lock(state_mu_);
  Impl& m = *impl_;
  StateWriter header;
  SaveHeader(header);
  out.header = header.Take();
  auto put_group = [&](const GroupKey& key, GroupState& g) {
    g.stored = true;
    StateWriter w;
    SaveGroup(w, g);
    out.upserts.emplace_back(GroupEntryKey(key), w.Take());
  };
  auto put_sessions = [&](const std::vector<Value>& values, const auto& list) {
    StateWriter w;
    SaveSessions(w, list);
    out.upserts.emplace_back(SessionEntryKey(values), w.Take());
  };
  if (all) {
    m.ClearDirtyGroups();
    for (auto& [key, g] : m.groups) put_group(key, g);
    for (const auto& [values, list] : m.sessions) put_sessions(values, list);
    m.dirty_sessions.Clear();
    return;
  }
  // Deletes are applied before upserts: a group erased and created again is stored.
  for (const GroupKey& key : m.erased_groups) out.deletes.push_back(GroupEntryKey(key));
  for (const auto& d : m.dirty_groups) {
    if (d.key != nullptr) put_group(*d.key, *d.state);
  }
  m.ClearDirtyGroups();
  for (const std::vector<Value>& values : m.dirty_sessions.Take()) {
    auto it = m.sessions.find(values);
    if (it == m.sessions.end() || it->second.empty()) {
      out.deletes.push_back(SessionEntryKey(values));
    } else {
      put_sessions(values, it->second);
    }
  }
}

void AggregateOperator::RestoreEntries(std::string_view header, const StateEntries& entries) {
  std::lock_guard lock(state_mu_);
  ResetState();
  StateReader h(header);
  uint8_t version = LoadHeader(h);
  if (!h.AtEnd()) throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
  for (const auto& [key, value] : entries) {
    StateReader k(key);
    StateReader v(value);
    uint8_t kind = k.GetU8();
    if (kind == kGroupEntry) {
      LoadGroupEntry(k, v, version);
    } else if (kind == kSessionEntry) {
      LoadSessionEntry(k, v, version);
    } else {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed aggregation state is corrupt");
    }
    if (!k.AtEnd() || !v.AtEnd()) {
      throw RiffleError(ErrorKind::kRuntime, "checkpointed state has trailing bytes");
    }
  }
  FinishRestore();
}

void AggregateOperator::DisableChangeTracking() {
  std::lock_guard lock(state_mu_);
  impl_->ClearDirtyGroups();
  impl_->tracking = false;
  impl_->dirty_sessions.set_tracking(false);
}

}  // namespace riffle
