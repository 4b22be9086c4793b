// AggregateOperator::Timeline: the windows `.timeline` draws, their counts, stream time and the
// windows closed last, read from another thread while batches are processed.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/exec/aggregate_operator.h"
#include "tests/unit/engine/engine_test_util.h"

namespace riffle {
namespace {

using testing::MakeBatch;

std::unique_ptr<AggregateOperator> CountPerKey(std::optional<WindowConfig> window,
                                               bool emit_final = false) {
  std::vector<CompiledExprPtr> group;
  group.push_back(testing::BindKv("K"));
  AggregateCall count;
  count.fn = MakeAggregateFunction("COUNT", {}, {}, /*star=*/true, {});
  count.text = "COUNT(*)";
  std::vector<AggregateCall> calls;
  calls.push_back(std::move(count));
  return std::make_unique<AggregateOperator>(std::move(group), std::vector<std::string>{"K"},
                                             std::move(calls), window, false, emit_final);
}

WindowConfig Window(WindowKind kind, int64_t size, int64_t advance, int64_t grace) {
  WindowSpec spec;
  spec.kind = kind;
  spec.size_ms = size;
  spec.advance_ms = advance;
  spec.grace_ms = grace;
  return MakeWindowConfig(spec);
}

void Feed(AggregateOperator& op, const std::vector<testing::TestRow>& rows) {
  Batch b = MakeBatch(rows);
  EvalContext ctx;
  op.Process(b, ctx);
}

// "a [0,10000) 2 held", one per window, in the snapshot's order.
std::vector<std::string> Show(const WindowTimeline& t) {
  std::vector<std::string> out;
  for (const TimelineWindow& w : t.windows) {
    out.push_back(w.key[0].as_string() + " [" + std::to_string(w.start) + "," +
                  std::to_string(w.end) + ") " + std::to_string(w.records) +
                  (w.closed ? " closed" : " held"));
  }
  return out;
}

TEST(AggregateTimelineTest, TumblingWindowsAreHeldUntilStreamTimePassesEndPlusGrace) {
  auto op = CountPerKey(Window(WindowKind::kTumbling, 10000, 10000, 5000));
  auto empty = op->Timeline(0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->stream_time.has_value());
  EXPECT_TRUE(empty->windows.empty());

  Feed(*op, {{"a", Value::Int(1), 1000}, {"a", Value::Int(1), 4000}, {"b", Value::Int(1), 12000}});
  auto t = op->Timeline(0);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->kind, WindowKind::kTumbling);
  EXPECT_EQ(t->size_ms, 10000);
  EXPECT_EQ(t->grace_ms, 5000);
  EXPECT_FALSE(t->emit_final);
  EXPECT_EQ(t->stream_time, 12000);
  // Stream time 12 s is past a's window's end (closing) but not past end + grace.
  EXPECT_EQ(Show(*t), (std::vector<std::string>{"a [0,10000) 2 held", "b [10000,20000) 1 held"}));
  EXPECT_EQ(t->windows_held, 2);

  // 16 s: [0, 10) closes (10 + 5 <= 16); a record for it now is late.
  Feed(*op, {{"a", Value::Int(1), 16000}, {"a", Value::Int(1), 2000}});
  t = op->Timeline(0);
  EXPECT_EQ(t->stream_time, 16000);
  EXPECT_EQ(t->late_dropped, 1);
  EXPECT_EQ(Show(*t), (std::vector<std::string>{"a [0,10000) 2 closed", "a [10000,20000) 1 held",
                                                "b [10000,20000) 1 held"}));
  EXPECT_EQ(t->windows_held, 2);
}

TEST(AggregateTimelineTest, HoppingWindowsOverlapAndSessionsAreRememberedWhenClosed) {
  auto hopping = CountPerKey(Window(WindowKind::kHopping, 10000, 5000, 0), /*emit_final=*/true);
  Feed(*hopping, {{"k", Value::Int(1), 7000}, {"k", Value::Int(1), 12000}});
  auto t = hopping->Timeline(0);
  EXPECT_TRUE(t->emit_final);
  EXPECT_EQ(t->advance_ms, 5000);
  EXPECT_EQ(Show(*t), (std::vector<std::string>{"k [0,10000) 1 closed", "k [5000,15000) 2 held",
                                                "k [10000,20000) 1 held"}));

  auto sessions = CountPerKey(Window(WindowKind::kSession, 5000, 0, 1000));
  Feed(*sessions, {{"ann", Value::Int(1), 1000},
                   {"ann", Value::Int(1), 4000},
                   {"bob", Value::Int(1), 9000},
                   {"ann", Value::Int(1), 20000}});
  t = sessions->Timeline(0);
  EXPECT_EQ(t->kind, WindowKind::kSession);
  // A session closes when stream time passes its end + gap + grace: 4 + 5 + 1 < 20.
  EXPECT_EQ(Show(*t),
            (std::vector<std::string>{"ann [1000,4000) 2 closed", "bob [9000,9000) 1 closed",
                                      "ann [20000,20000) 1 held"}));
}

TEST(AggregateTimelineTest, KeepsTheLatestWindowsAndTheLastClosedOnes) {
  auto op = CountPerKey(Window(WindowKind::kTumbling, 1000, 1000, 100000));
  std::vector<testing::TestRow> rows;
  for (int i = 0; i < 50; ++i) rows.push_back({"k" + std::to_string(i), Value::Int(1), i * 1000});
  Feed(*op, rows);
  auto t = op->Timeline(3);
  EXPECT_EQ(t->windows_held, 50);
  EXPECT_EQ(Show(*t),
            (std::vector<std::string>{"k47 [47000,48000) 1 held", "k48 [48000,49000) 1 held",
                                      "k49 [49000,50000) 1 held"}));
  EXPECT_EQ(op->Timeline(0)->windows.size(), 50u);

  // With no grace, windows close one after the other; only the last ones are remembered.
  auto quick = CountPerKey(Window(WindowKind::kTumbling, 1000, 1000, 0));
  const int closed = static_cast<int>(AggregateOperator::kClosedWindowsKept) + 10;
  for (int i = 0; i <= closed; ++i) Feed(*quick, {{"k", Value::Int(1), i * 1000}});
  t = quick->Timeline(0);
  ASSERT_EQ(t->windows.size(), AggregateOperator::kClosedWindowsKept + 1);
  EXPECT_EQ(t->windows.front().start, (closed - AggregateOperator::kClosedWindowsKept) * 1000);
  EXPECT_TRUE(t->windows.front().closed);
  EXPECT_FALSE(t->windows.back().closed);
  EXPECT_EQ(t->windows.back().start, closed * 1000);
}

// Per bounds, the sums cover every key, even where the per-key lists are cut short.
TEST(AggregateTimelineTest, SpansSumEveryKeyOfAWindow) {
  auto op = CountPerKey(Window(WindowKind::kTumbling, 10000, 10000, 0));
  std::vector<testing::TestRow> rows;
  for (int i = 0; i < 100; ++i) rows.push_back({"k" + std::to_string(i), Value::Int(1), 1000});
  for (int i = 0; i < 100; ++i) rows.push_back({"k" + std::to_string(i), Value::Int(1), 5000});
  for (int i = 0; i < 30; ++i) rows.push_back({"k" + std::to_string(i), Value::Int(1), 12000});
  Feed(*op, rows);
  auto t = op->Timeline(10);
  EXPECT_EQ(t->windows_held, 30);
  EXPECT_EQ(t->windows.size(), 10u + AggregateOperator::kClosedWindowsKept);
  ASSERT_EQ(t->spans.size(), 2u);
  EXPECT_EQ(t->spans[0], (TimelineSpan{0, 10000, 100, 200, true}));
  EXPECT_EQ(t->spans[1], (TimelineSpan{10000, 20000, 30, 30, false}));
}

TEST(AggregateTimelineTest, AnAggregationWithoutWindowsHasNoTimeline) {
  auto op = CountPerKey(std::nullopt);
  Feed(*op, {{"a", Value::Int(1), 1000}});
  EXPECT_FALSE(op->Timeline(0).has_value());
}

// The shell reads the timeline while the job thread processes batches: under the state lock,
// every snapshot is consistent (stream time never goes back, each window counts its records).
TEST(AggregateTimelineTest, ReadFromAnotherThreadWhileBatchesArrive) {
  auto op = CountPerKey(Window(WindowKind::kTumbling, 1000, 1000, 2000));
  std::atomic<bool> done{false};
  std::atomic<int> snapshots{0};
  std::atomic<bool> consistent{true};
  std::thread reader([&] {
    int64_t last = INT64_MIN;
    while (!done.load()) {
      auto t = op->Timeline(10);
      int64_t now = t->stream_time.value_or(INT64_MIN);
      if (now < last) consistent = false;
      last = now;
      for (const TimelineWindow& w : t->windows) {
        if (w.records < 1 || w.end - w.start != 1000) consistent = false;
      }
      ++snapshots;
    }
  });
  for (int i = 0; i < 2000; ++i) {
    Feed(*op, {{"k" + std::to_string(i % 7), Value::Int(1), i * 100},
               {"k" + std::to_string(i % 3), Value::Int(1), i * 100 + 50}});
  }
  done = true;
  reader.join();
  EXPECT_TRUE(consistent.load());
  EXPECT_GT(snapshots.load(), 0);
  EXPECT_EQ(op->Timeline(0)->stream_time, 1999 * 100 + 50);
}

}  // namespace
}  // namespace riffle
