#include "core/exec/join_driver.h"

#include <algorithm>
#include <thread>

namespace riffle {

namespace {
// A source that cannot say whether it caught up (its broker did not answer) counts as quiet
// after this long without data while others wait.
constexpr auto kIdle = std::chrono::milliseconds(500);
// How often an input that was caught up is asked again once newer rows of others wait on it.
constexpr auto kRecheckCaughtUp = std::chrono::milliseconds(5);
// How often an input that was behind is asked again; meanwhile it is polled, and its data ends
// the wait (an answer is dropped when data arrives).
constexpr auto kRecheckBehind = std::chrono::milliseconds(100);
// How long a blocked Next waits for the input it is blocked on.
constexpr int kBlockedWaitMs = 10;
constexpr size_t kMaxBatch = 2000;
}  // namespace

JoinDriver::JoinDriver(std::vector<JoinDriverInput> inputs, std::vector<JoinOperator*> joins)
    : joins_(std::move(joins)) {
  auto now = Clock::now();
  arrival_ = now;
  for (auto& in : inputs) {
    State s;
    s.done = in.scan->Positions();
    s.polled = s.done;
    for (const auto& [partition, offset] : s.done) s.resumed = s.resumed || offset > 0;
    s.last_data = now;
    s.input = std::move(in);
    inputs_.push_back(std::move(s));
  }
  stage_.resize(joins_.size());
}

size_t JoinDriver::Poll(size_t i, int timeout_ms, JobMetrics& metrics, EvalContext& ctx) {
  State& s = inputs_[i];
  size_t consumed = s.input.scan->Next(s.buffer, kMaxBatch, timeout_ms, metrics);
  s.cursor = 0;
  if (consumed == 0) return 0;
  s.last_data = Clock::now();
  s.end_asked = false;  // the answer predates these records
  s.waited = false;
  s.polled = s.input.scan->Positions();
  for (Operator* op : s.input.pre_ops) {
    if (s.buffer.empty()) break;
    op->Process(s.buffer, ctx);
  }
  if (s.buffer.empty()) {
    s.done = s.polled;
  } else {
    arrival_ = s.last_data;
  }
  return consumed;
}

bool JoinDriver::Quiet(State& s) {
  auto now = Clock::now();
  if (!s.waited) {
    s.waited = true;
    s.waited_since = now;
  }
  // Only an answer given after every waiting row was polled shows that this input had nothing
  // earlier to add: a record produced before those rows is in the topic by then.
  bool fresh = s.end_asked && s.end_checked >= arrival_;
  if (!(fresh && s.at_end)) {
    auto interval = s.end_known && !s.at_end ? kRecheckBehind : kRecheckCaughtUp;
    if (!s.end_asked || now - s.end_checked >= interval) {
      s.end_asked = true;
      s.end_checked = now;
      try {
        s.at_end = s.input.scan->AtEnd();
        s.end_known = true;
      } catch (const std::exception&) {
        s.at_end = false;
        s.end_known = false;
      }
    }
  }
  if (s.end_known) return s.at_end && s.end_checked >= arrival_;
  return now - s.last_data >= kIdle && now - s.waited_since >= kIdle;
}

void JoinDriver::CountEarlyRows(size_t i, size_t from, size_t to) {
  for (size_t j = 0; j < inputs_.size(); ++j) {
    const State& t = inputs_[j];
    if (!t.input.is_table || t.resumed || t.stream_time != INT64_MIN || !t.buffered()) continue;
    if (early_.count == 0) {
      early_.input = i;
      early_.table = j;
      early_.row_time = inputs_[i].buffer.rowtime[from];
      early_.table_time = t.buffer.rowtime[t.cursor];
    }
    early_.count += static_cast<int64_t>(to - from);
    return;
  }
}

void JoinDriver::Feed(size_t i, size_t from, size_t to, Batch& out, EvalContext& ctx) {
  State& s = inputs_[i];
  if (!s.input.is_table) CountEarlyRows(i, from, to);
  for (size_t r = from; r < to; ++r) s.stream_time = std::max(s.stream_time, s.buffer.rowtime[r]);
  Batch* rows = &s.buffer;
  if (from != 0 || to != s.buffer.num_rows()) {
    run_.Reset(s.buffer.columns.size());
    for (size_t c = 0; c < s.buffer.columns.size(); ++c) {
      auto& col = s.buffer.columns[c];
      run_.columns[c].assign(std::make_move_iterator(col.begin() + from),
                             std::make_move_iterator(col.begin() + to));
    }
    for (size_t r = from; r < to; ++r) {
      run_.AddRowMeta(s.buffer.kinds[r], s.buffer.rowtime[r], s.buffer.partition[r],
                      s.buffer.offset[r]);
    }
    rows = &run_;
  }
  size_t k = i == 0 ? 0 : i - 1;
  int side = i == 0 ? 0 : 1;
  for (; k < joins_.size(); ++k) {
    stage_[k].Reset(joins_[k]->output_width());
    joins_[k]->ProcessSide(side, *rows, stage_[k], ctx);
    rows = &stage_[k];
    side = 0;
    if (rows->empty()) return;
  }
  if (out.empty()) {
    std::swap(out, *rows);
    return;
  }
  for (size_t c = 0; c < out.columns.size(); ++c) {
    auto& col = rows->columns[c];
    out.columns[c].insert(out.columns[c].end(), std::make_move_iterator(col.begin()),
                          std::make_move_iterator(col.end()));
  }
  out.kinds.insert(out.kinds.end(), rows->kinds.begin(), rows->kinds.end());
  out.rowtime.insert(out.rowtime.end(), rows->rowtime.begin(), rows->rowtime.end());
  out.partition.insert(out.partition.end(), rows->partition.begin(), rows->partition.end());
  out.offset.insert(out.offset.end(), rows->offset.begin(), rows->offset.end());
}

size_t JoinDriver::Next(Batch& out, int timeout_ms, JobMetrics& metrics, EvalContext& ctx) {
  out.Reset(joins_.back()->output_width());
  size_t consumed = 0;
  // Tables first: a source that stamps records with the time it reads them (a file) then
  // gives a table's rows, read together with a stream's, the earlier time, so that the
  // stream's rows see them rather than an empty table.
  for (bool tables : {true, false}) {
    for (size_t i = 0; i < inputs_.size(); ++i) {
      if (inputs_[i].input.is_table == tables && !inputs_[i].buffered()) {
        consumed += Poll(i, 0, metrics, ctx);
      }
    }
  }
  bool any = false;
  for (const State& s : inputs_) any = any || s.buffered();
  if (!any) {
    // Nothing at all: wait a little on one input rather than spin.
    consumed += Poll(0, std::min(timeout_ms, 20), metrics, ctx);
    for (size_t i = 1; i < inputs_.size(); ++i) {
      if (!inputs_[i].buffered()) consumed += Poll(i, 0, metrics, ctx);
    }
    if (consumed == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int blocked = -1;  // an input the buffered rows wait on
  while (out.num_rows() < kMaxBatch) {
    int pick = -1;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      const State& s = inputs_[i];
      if (!s.buffered()) continue;
      if (pick < 0) {
        pick = static_cast<int>(i);
        continue;
      }
      const State& p = inputs_[pick];
      int64_t t = s.buffer.rowtime[s.cursor];
      int64_t pt = p.buffer.rowtime[p.cursor];
      // On equal times: tables first, then the later input.
      if (t < pt || (t == pt && (s.input.is_table || !p.input.is_table))) {
        pick = static_cast<int>(i);
      }
    }
    if (pick < 0) break;
    // Every other input needs rows buffered, or to have caught up. A caught-up input is polled
    // once more: its position may count records fetched but not yet polled.
    bool polled_more = false;
    for (size_t i = 0; i < inputs_.size() && blocked < 0; ++i) {
      if (inputs_[i].buffered()) continue;
      if (!Quiet(inputs_[i])) {
        blocked = static_cast<int>(i);
      } else if (size_t got = Poll(i, 0, metrics, ctx); got > 0) {
        consumed += got;
        polled_more = true;
      }
    }
    if (blocked >= 0) break;
    if (polled_more) continue;
    State& s = inputs_[pick];
    // The run: rows of this input not later than any other input's next row.
    int64_t limit = INT64_MAX;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      const State& o = inputs_[i];
      if (static_cast<int>(i) == pick || !o.buffered()) continue;
      int64_t t = o.buffer.rowtime[o.cursor];
      // On equal times a table goes first, then the later input.
      bool before = (o.input.is_table && !s.input.is_table) ||
                    (o.input.is_table == s.input.is_table && i > static_cast<size_t>(pick));
      limit = std::min(limit, before ? t - 1 : t);
    }
    size_t from = s.cursor;
    size_t to = from + 1;
    while (to < s.buffer.num_rows() && s.buffer.rowtime[to] <= limit) ++to;
    s.cursor = to;
    Feed(static_cast<size_t>(pick), from, to, out, ctx);
    if (!s.buffered()) {
      s.done = s.polled;
      consumed += Poll(static_cast<size_t>(pick), 0, metrics, ctx);
    }
  }
  // Blocked with nothing to return: wait for that input's records rather than spin, but not
  // past the moment it may be asked again whether it caught up.
  if (blocked >= 0 && out.empty()) {
    State& b = inputs_[blocked];
    auto wait = std::chrono::milliseconds(kBlockedWaitMs);
    if (b.at_end || !b.end_known) {
      auto since = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                         b.end_checked);
      wait = std::clamp(kRecheckCaughtUp - since, std::chrono::milliseconds(1), wait);
    }
    int ms = std::min(timeout_ms, static_cast<int>(wait.count()));
    consumed += Poll(static_cast<size_t>(blocked), ms, metrics, ctx);
  }
  return consumed;
}

bool JoinDriver::AtEnd() {
  for (State& s : inputs_) {
    if (s.buffered() || !s.input.scan->AtEnd()) return false;
  }
  return true;
}

}  // namespace riffle
