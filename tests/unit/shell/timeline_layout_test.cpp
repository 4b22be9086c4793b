// The window timeline's picture (.timeline): exact lines for a snapshot and a screen size.

#include "shell/timeline_layout.h"

#include <gtest/gtest.h>

#include "shell/display_width.h"

namespace riffle::shell {
namespace {

TimelineWindow W(const char* key, int64_t start, int64_t end, int64_t records, bool closed) {
  return {{Value::String(key)}, start, end, records, closed};
}

WindowTimeline Tumbling10sGrace5s(int64_t stream_time) {
  WindowTimeline t;
  t.kind = WindowKind::kTumbling;
  t.size_ms = 10000;
  t.advance_ms = 10000;
  t.grace_ms = 5000;
  t.stream_time = stream_time;
  return t;
}

std::vector<std::string> Lay(const WindowTimeline& t, size_t width, size_t max_rows = 24) {
  TimelineLayoutOptions options;
  options.width = width;
  options.max_rows = max_rows;
  return LayOutTimeline(t, options);
}

std::string Show(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// At 80 columns: the axis takes 40 of them, 0 to 30 s over columns 0..39 (one column is
// 30/39 s), so stream time 27 s falls in column 35 (S) and the grace boundary 22 s in 28 (G).
TEST(TimelineLayoutTest, TumblingWindowsOpenClosingAndClosedAt80Columns) {
  WindowTimeline t = Tumbling10sGrace5s(27000);
  t.late_dropped = 1;
  t.windows = {W("alice", 0, 10000, 3, true), W("alice", 10000, 20000, 2, false),
               W("bob", 20000, 30000, 1, false)};
  t.windows_held = 2;
  EXPECT_EQ(Show(Lay(t, 80)),
            "TUMBLING size 10 s, grace 5 s, EMIT CHANGES; 1 late record dropped\n"
            "S stream time 1970-01-01 00:00:27 UTC   G grace boundary 00:00:22\n"
            "key   window                                        G      S     records state\n"
            "alice 00:00:00-00:00:10 [...........)               :      |           3 closed\n"
            "alice 00:00:10-00:00:20              [~~~~~~~~~~~)  :      |           2 closing\n"
            "bob   00:00:20-00:00:30                           [===========)        1 open\n"
            "                        00:00:00                        00:00:30\n");
}

// HOPPING windows overlap: a key's windows are drawn one under the other. At stream time 17 s
// with 2 s of grace, [0, 10) and [5, 15) have closed (15 + 2 <= 17).
TEST(TimelineLayoutTest, HoppingWindowsOverlap) {
  WindowTimeline t;
  t.kind = WindowKind::kHopping;
  t.size_ms = 10000;
  t.advance_ms = 5000;
  t.grace_ms = 2000;
  t.stream_time = 17000;
  t.windows = {W("k", 0, 10000, 2, true), W("k", 5000, 15000, 2, true),
               W("k", 10000, 20000, 2, false), W("k", 15000, 25000, 1, false)};
  EXPECT_EQ(Show(Lay(t, 80)),
            "HOPPING size 10 s, advance 5 s, grace 2 s, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:17 UTC   G grace boundary 00:00:15\n"
            "key window                                    G  S               records state\n"
            "k   00:00:00-00:00:10 [..............)        :  |                     2 closed\n"
            "k   00:00:05-00:00:15         [..............):  |                     2 closed\n"
            "k   00:00:10-00:00:20                 [==============)                 2 open\n"
            "k   00:00:15-00:00:25                         [===============)        1 open\n"
            "                      00:00:00                          00:00:25\n");
}

// A session stays open while a record at stream time would still join it (end + gap), then
// closing for the grace period; G is stream time - gap - grace.
TEST(TimelineLayoutTest, SessionWindows) {
  WindowTimeline t;
  t.kind = WindowKind::kSession;
  t.size_ms = 5000;
  t.grace_ms = 1000;
  t.stream_time = 20000;
  t.windows = {W("ann", 1000, 4000, 3, true), W("bob", 9000, 14500, 2, false),
               W("ann", 18000, 20000, 2, false)};
  EXPECT_EQ(Show(Lay(t, 80)),
            "SESSION gap 5 s, grace 1 s, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:20.000 UTC   G grace boundary 00:00:14.000\n"
            "key window                                          G          S records state\n"
            "ann 00:00:01.000-00:00:04.000 [...)                 :          |       3 closed\n"
            "bob 00:00:09.000-00:00:14.500              [~~~~~~~~)          |       2 closing\n"
            "ann 00:00:18.000-00:00:20.000                       :      [==)|       2 open\n"
            "                              00:00:01.000          00:00:20.000\n");
}

// Too many keys for the rows: windows with the same bounds become one bar, records summed.
TEST(TimelineLayoutTest, ManyKeysShareABarPerWindow) {
  WindowTimeline t = Tumbling10sGrace5s(21000);
  for (const char* key : {"a", "b", "c", "d"}) {
    t.windows.push_back(W(key, 0, 10000, 2, true));
    t.windows.push_back(W(key, 10000, 20000, 1, false));
  }
  t.windows.push_back(W("e", 20000, 30000, 5, false));
  EXPECT_EQ(Show(Lay(t, 80, 4)),
            "TUMBLING size 10 s, grace 5 s, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:21 UTC   G grace boundary 00:00:16\n"
            "key    window                                G     S             records state\n"
            "4 keys 00:00:00-00:00:10 [..........)        :     |                   8 closed\n"
            "4 keys 00:00:10-00:00:20             [~~~~~~~~~~~) |                   4 closing\n"
            "1 key  00:00:20-00:00:30                     :    [===========)        5 open\n"
            "                         00:00:00                       00:00:30\n");
}

// When the snapshot lists only some keys' windows (many keys), the bars show the sums per bounds,
// which cover every key.
TEST(TimelineLayoutTest, IncompleteListsShowTheSumsPerBounds) {
  WindowTimeline t = Tumbling10sGrace5s(16000);
  t.windows = {W("a", 0, 10000, 2, true), W("b", 10000, 20000, 1, false)};
  t.windows_held = 40;
  t.spans = {{0, 10000, 90, 300, true}, {10000, 20000, 40, 55, false}};
  std::vector<std::string> lines = Lay(t, 80);
  ASSERT_EQ(lines.size(), 6u) << Show(lines);
  EXPECT_EQ(lines[3],
            "90 keys 00:00:00-00:00:10 [................)  :        |             300 closed");
  EXPECT_EQ(lines[4],
            "40 keys 00:00:10-00:00:20                   [=================)       55 open");
}

// The latest windows stay in sight; the earlier ones are counted.
TEST(TimelineLayoutTest, EarlierWindowsLeaveTheScreenFirst) {
  WindowTimeline t = Tumbling10sGrace5s(41000);
  for (int64_t start = 0; start <= 40000; start += 10000) {
    t.windows.push_back(W("k", start, start + 10000, 1, start + 15000 <= 41000));
  }
  EXPECT_EQ(Show(Lay(t, 80, 2)),
            "TUMBLING size 10 s, grace 5 s, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:41 UTC   G grace boundary 00:00:36\n"
            "key window                        G         S                    records state\n"
            "3 earlier windows not shown\n"
            "k   00:00:30-00:00:40 [~~~~~~~~~~~~~~~~~~)  |                          1 closing\n"
            "k   00:00:40-00:00:50             :       [===================)        1 open\n"
            "                      00:00:30                          00:00:50\n");
}

// ksqlDB's default grace is 24 hours: the boundary lies far left of the windows.
TEST(TimelineLayoutTest, AGraceBoundaryFarLeftIsExplained) {
  WindowTimeline t = Tumbling10sGrace5s(12500);
  t.grace_ms = 24LL * 60 * 60 * 1000;
  t.windows = {W("k", 0, 10000, 1, false), W("k", 10000, 20000, 1, false)};
  EXPECT_EQ(Show(Lay(t, 80)),
            "TUMBLING size 10 s, grace 24 h, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:12.500 UTC\n"
            "G grace boundary 1969-12-31 00:00:12.500\n"
            "key window                                        S              records state\n"
            "k   00:00:00.000-00:00:10.000 [~~~~~~~~~~~~~~)    |                    1 closing\n"
            "k   00:00:10.000-00:00:20.000                 [===============)        1 open\n"
            "                              00:00:00.000          00:00:20.000\n"
            "G is left of the axis: windows stay closing for the 24 h grace period.\n");
}

TEST(TimelineLayoutTest, NarrowTerminalDropsTheBoundsColumn) {
  WindowTimeline t = Tumbling10sGrace5s(27000);
  t.windows = {W("alice", 0, 10000, 3, true), W("bob", 20000, 30000, 1, false)};
  EXPECT_EQ(Show(Lay(t, 44)),
            "TUMBLING size 10 s, grace 5 s, EMIT CHANGES\n"
            "no late record dropped\n"
            "S stream time 1970-01-01 00:00:27 UTC\n"
            "G grace boundary 00:00:22\n"
            "key                  G  S    records state\n"
            "alice [.....)        :  |          3 closed\n"
            "bob                 [=====)        1 open\n"
            "      00:00:00      00:00:30\n");
}

TEST(TimelineLayoutTest, BeforeTheFirstRecord) {
  WindowTimeline t;
  t.kind = WindowKind::kTumbling;
  t.size_ms = 60000;
  t.advance_ms = 60000;
  t.grace_ms = 0;
  t.emit_final = true;
  EXPECT_EQ(Show(Lay(t, 80)),
            "TUMBLING size 1 min, grace 0 s, EMIT FINAL; no late record dropped\n"
            "No record yet: stream time starts with the first record.\n");
}

TEST(TimelineLayoutTest, MillisecondsShowWhenTimesHaveThem) {
  WindowTimeline t = Tumbling10sGrace5s(1200);
  t.size_ms = 500;
  t.advance_ms = 500;
  t.grace_ms = 250;
  t.windows = {W("k", 500, 1000, 1, false), W("k", 1000, 1500, 1, false)};
  EXPECT_EQ(Show(Lay(t, 80)),
            "TUMBLING size 500 ms, grace 250 ms, EMIT CHANGES; no late record dropped\n"
            "S stream time 1970-01-01 00:00:01.200 UTC   G grace boundary 00:00:00.950\n"
            "key window                                  G        S           records state\n"
            "k   00:00:00.500-00:00:01.000 [~~~~~~~~~~~~~~)       |                 1 closing\n"
            "k   00:00:01.000-00:00:01.500               : [===============)        1 open\n"
            "                              00:00:00.500          00:00:01.500\n");
}

TEST(TimelineLayoutTest, DurationsReadAsAClassSaysThem) {
  EXPECT_EQ(FormatDurationMs(0), "0 s");
  EXPECT_EQ(FormatDurationMs(250), "250 ms");
  EXPECT_EQ(FormatDurationMs(1500), "1500 ms");
  EXPECT_EQ(FormatDurationMs(10000), "10 s");
  EXPECT_EQ(FormatDurationMs(90000), "90 s");
  EXPECT_EQ(FormatDurationMs(120000), "2 min");
  EXPECT_EQ(FormatDurationMs(3600000), "1 h");
  EXPECT_EQ(FormatDurationMs(5400000), "1 h 30 min");
  EXPECT_EQ(FormatDurationMs(86400000), "24 h");
}

TEST(TimelineLayoutTest, EveryLineFitsTheWidth) {
  WindowTimeline t = Tumbling10sGrace5s(27000);
  t.windows = {W("a-very-long-key-name-indeed", 0, 10000, 123456789, true),
               W("bob", 20000, 30000, 1, false)};
  for (size_t width : {40, 52, 60, 80, 132}) {
    for (const std::string& line : Lay(t, width)) {
      EXPECT_LE(DisplayWidth(line), width) << width << ": " << line;
    }
  }
}

}  // namespace
}  // namespace riffle::shell
