#include "shell/timeline_layout.h"

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <tuple>

#include "core/types/datetime.h"
#include "shell/display_width.h"
#include "shell/value_text.h"

namespace riffle::shell {
namespace {

constexpr size_t kMinWidth = 40;
constexpr size_t kMaxLabelWidth = 12;
constexpr size_t kMinAxisWidth = 12;
constexpr std::string_view kCountHeader = "records";
constexpr std::string_view kStateHeader = "state";
constexpr size_t kStateWidth = 7;  // "closing"

enum class Phase { kOpen, kClosing, kClosed };

const char* PhaseName(Phase p) {
  switch (p) {
    case Phase::kOpen:
      return "open";
    case Phase::kClosing:
      return "closing";
    case Phase::kClosed:
      return "closed";
  }
  return "";
}

// The bar's fill: solid while open, wavy while closing, faint once closed.
char PhaseFill(Phase p) {
  switch (p) {
    case Phase::kOpen:
      return '=';
    case Phase::kClosing:
      return '~';
    case Phase::kClosed:
      return '.';
  }
  return ' ';
}

// One bar: a window of one key, or windows of several keys with the same bounds.
struct Row {
  std::string label;
  int64_t start = 0;
  int64_t end = 0;
  int64_t records = 0;
  Phase phase = Phase::kOpen;
};

std::string PadRight(std::string text, size_t width) {
  text = TruncateToWidth(text, width);
  size_t w = DisplayWidth(text);
  if (w < width) text.append(width - w, ' ');
  return text;
}

std::string PadLeft(const std::string& text, size_t width) {
  size_t w = DisplayWidth(text);
  return w >= width ? text : std::string(width - w, ' ') + text;
}

std::string KeyText(const std::vector<Value>& key) {
  std::string text;
  for (size_t i = 0; i < key.size(); ++i) text += (i ? "," : "") + UntypedDisplay(key[i]);
  return text.empty() ? "(all)" : text;
}

// "00:00:27", or "00:00:27.250" when some time of the view has milliseconds.
std::string TimeOfDay(int64_t ms, bool millis) {
  std::string iso = FormatTimestampIso(ms);  // 1970-01-01T00:00:27.250
  size_t t = iso.find('T');
  if (t == std::string::npos) return iso;
  return iso.substr(t + 1, millis ? 12 : 8);
}

std::string DayOf(int64_t ms) {
  std::string iso = FormatTimestampIso(ms);
  return iso.substr(0, iso.find('T'));
}

std::string WindowDescription(const WindowTimeline& t) {
  std::string text;
  switch (t.kind) {
    case WindowKind::kTumbling:
      text = "TUMBLING size " + FormatDurationMs(t.size_ms);
      break;
    case WindowKind::kHopping:
      text = "HOPPING size " + FormatDurationMs(t.size_ms) + ", advance " +
             FormatDurationMs(t.advance_ms);
      break;
    case WindowKind::kSession:
      text = "SESSION gap " + FormatDurationMs(t.size_ms);
      break;
  }
  text += ", grace " + FormatDurationMs(t.grace_ms);
  text += t.emit_final ? ", EMIT FINAL" : ", EMIT CHANGES";
  return text;
}

Phase PhaseOf(const WindowTimeline& t, const TimelineWindow& w) {
  if (w.closed) return Phase::kClosed;
  // A session still grows while a record at stream time would join it (within the gap).
  int64_t open_until = t.kind == WindowKind::kSession ? w.end + t.size_ms : w.end;
  return t.stream_time && *t.stream_time >= open_until ? Phase::kClosing : Phase::kOpen;
}

// The rows to draw, oldest first: one per window, or one per window bounds when the windows of
// every key do not fit; the latest `max_rows` of them. `*hidden` counts the earlier rows left out.
std::string KeysLabel(int64_t keys) {
  return std::to_string(keys) + (keys == 1 ? " key" : " keys");
}

// Whether `windows` hold every window the bars would stand for: all the held ones, and for
// bounds that closed, either every key's window or none (the per-key list keeps the last few).
bool EveryWindowListed(const WindowTimeline& t) {
  int64_t held = 0;
  std::map<std::pair<int64_t, int64_t>, int64_t> closed;
  for (const TimelineWindow& w : t.windows) {
    if (w.closed) {
      closed[{w.start, w.end}] += 1;
    } else {
      ++held;
    }
  }
  if (held < t.windows_held) return false;
  for (const TimelineSpan& s : t.spans) {
    auto it = closed.find({s.start, s.end});
    if (s.closed && it != closed.end() && it->second != s.keys) return false;
  }
  return true;
}

std::vector<Row> ChooseRows(const WindowTimeline& t, size_t max_rows, size_t* hidden) {
  std::vector<Row> rows;
  for (const TimelineWindow& w : t.windows) {
    rows.push_back({KeyText(w.key), w.start, w.end, w.records, PhaseOf(t, w)});
  }
  if (rows.size() > max_rows || !EveryWindowListed(t)) {
    // Same bounds and phase: one bar, records summed, labelled with its number of keys.
    std::map<std::tuple<int64_t, int64_t, Phase>, std::pair<int64_t, int64_t>> spans;
    if (!t.spans.empty()) {
      for (const TimelineSpan& s : t.spans) {
        TimelineWindow bounds{{}, s.start, s.end, 0, s.closed};
        auto& [records, keys] = spans[{s.start, s.end, PhaseOf(t, bounds)}];
        records += s.records;
        keys += s.keys;
      }
    } else {
      for (const Row& r : rows) {
        auto& [records, keys] = spans[{r.start, r.end, r.phase}];
        records += r.records;
        keys += 1;
      }
    }
    if (spans.size() < rows.size() || !EveryWindowListed(t)) {
      rows.clear();
      for (const auto& [span, sums] : spans) {
        const auto& [start, end, phase] = span;
        rows.push_back({KeysLabel(sums.second), start, end, sums.first, phase});
      }
    }
  }
  // The latest windows stay in sight: drop the ones that end first.
  *hidden = rows.size() > max_rows ? rows.size() - max_rows : 0;
  if (*hidden > 0) {
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return rows[a].end > rows[b].end; });
    std::vector<bool> keep(rows.size(), false);
    for (size_t i = 0; i < max_rows; ++i) keep[order[i]] = true;
    std::vector<Row> kept;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (keep[i]) kept.push_back(std::move(rows[i]));
    }
    rows = std::move(kept);
  }
  return rows;
}

// Maps event time to a column of the axis: t0 at column 0, t1 at the last column.
struct Axis {
  int64_t t0 = 0;
  int64_t t1 = 1;
  size_t width = 1;

  std::optional<size_t> Column(int64_t t) const {
    if (t < t0 || t > t1) return std::nullopt;
    // In long double: (t - t0) * width may overflow 64 bits for far-apart times.
    long double f = static_cast<long double>(t - t0) / static_cast<long double>(t1 - t0);
    return std::min(width - 1, static_cast<size_t>(f * static_cast<long double>(width - 1)));
  }
  // The columns of [start, end): from start's column up to the one before end's.
  std::pair<size_t, size_t> Span(int64_t start, int64_t end) const {
    size_t a = Column(std::clamp(start, t0, t1)).value_or(0);
    size_t b = Column(std::clamp(end, t0, t1)).value_or(width - 1);
    size_t last = b > a ? b - 1 : a;
    return {a, last};
  }
};

void DrawBar(std::string& cells, std::pair<size_t, size_t> span, Phase phase) {
  auto [a, b] = span;
  char fill = PhaseFill(phase);
  for (size_t i = a; i <= b; ++i) cells[i] = fill;
  if (b >= a + 1) {
    cells[a] = '[';
    cells[b] = ')';
  }
}

}  // namespace

std::string FormatDurationMs(int64_t ms) {
  constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
  if (ms == 0) return "0 s";
  if (ms % kSecond != 0 || ms < 0) return std::to_string(ms) + " ms";
  if (ms % kHour == 0) return std::to_string(ms / kHour) + " h";
  if (ms > kHour && ms % kMinute == 0) {
    return std::to_string(ms / kHour) + " h " + std::to_string(ms % kHour / kMinute) + " min";
  }
  if (ms % kMinute == 0) return std::to_string(ms / kMinute) + " min";
  return std::to_string(ms / kSecond) + " s";
}

std::vector<std::string> LayOutTimeline(const WindowTimeline& t,
                                        const TimelineLayoutOptions& options) {
  const size_t width = std::max(options.width, kMinWidth);
  const size_t max_rows = std::max<size_t>(options.max_rows, 1);
  std::vector<std::string> lines;
  auto add = [&](const std::string& line) { lines.push_back(TruncateToWidth(line, width)); };

  size_t hidden = 0;
  std::vector<Row> rows = ChooseRows(t, max_rows, &hidden);
  // Where windows close: stream time less grace (and less the gap for sessions).
  std::optional<int64_t> boundary;
  if (t.stream_time) {
    boundary = *t.stream_time - t.grace_ms - (t.kind == WindowKind::kSession ? t.size_ms : 0);
  }
  bool millis = false;
  auto note_time = [&](int64_t ms) { millis = millis || ms % 1000 != 0; };
  for (const Row& r : rows) {
    note_time(r.start);
    note_time(r.end);
  }
  if (t.stream_time) note_time(*t.stream_time);
  if (boundary) note_time(*boundary);

  // Parts of a line joined by `separator`, on as few lines as the width allows.
  auto add_packed = [&](const std::vector<std::string>& parts, const std::string& separator) {
    std::string pending;
    for (const std::string& part : parts) {
      if (pending.empty()) {
        pending = part;
      } else if (DisplayWidth(pending) + separator.size() + DisplayWidth(part) <= width) {
        pending += separator + part;
      } else {
        add(pending);
        pending = part;
      }
    }
    add(pending);
  };
  std::string late = t.late_dropped == 0 ? std::string("no late record dropped")
                     : t.late_dropped == 1
                         ? std::string("1 late record dropped")
                         : std::to_string(t.late_dropped) + " late records dropped";
  add_packed({WindowDescription(t), late}, "; ");
  if (!t.stream_time) {
    add("No record yet: stream time starts with the first record.");
    return lines;
  }
  // Times are of stream time's day, which is said once; one on another day (a long grace
  // period) carries its date.
  auto when = [&](int64_t ms) {
    std::string day = DayOf(ms);
    return (day == DayOf(*t.stream_time) ? "" : day + " ") + TimeOfDay(ms, millis);
  };
  add_packed(
      {"S stream time " + DayOf(*t.stream_time) + " " + TimeOfDay(*t.stream_time, millis) + " UTC",
       "G grace boundary " + when(*boundary)},
      "   ");
  if (rows.empty()) {
    add("No window held or closed yet.");
    return lines;
  }

  // The axis spans the windows shown and stream time; it reaches back to the grace boundary
  // when that costs at most half its width again (a default 24-hour grace would not fit).
  Axis axis;
  axis.t0 = rows.front().start;
  axis.t1 = *t.stream_time;
  for (const Row& r : rows) {
    axis.t0 = std::min(axis.t0, r.start);
    axis.t1 = std::max(axis.t1, r.end);
  }
  if (*boundary < axis.t0 && axis.t0 - *boundary <= (axis.t1 - axis.t0) / 2) axis.t0 = *boundary;
  if (axis.t1 <= axis.t0) axis.t1 = axis.t0 + 1;

  // Columns: label, window bounds, axis, records, state; the axis takes what is left.
  size_t label_width = 3;  // "key"
  for (const Row& r : rows) label_width = std::max(label_width, DisplayWidth(r.label));
  label_width = std::min(label_width, kMaxLabelWidth);
  size_t bounds_width = 2 * TimeOfDay(0, millis).size() + 1;
  int64_t max_records = 0;
  for (const Row& r : rows) max_records = std::max(max_records, r.records);
  size_t count_width = std::max(kCountHeader.size(), std::to_string(max_records).size());
  size_t fixed = label_width + 1 + bounds_width + 1 + 1 + count_width + 1 + kStateWidth;
  if (width < fixed + kMinAxisWidth) {
    fixed -= bounds_width + 1;  // too narrow: the bar alone shows where a window lies
    bounds_width = 0;
  }
  axis.width = width > fixed + kMinAxisWidth ? width - fixed : kMinAxisWidth;

  std::optional<size_t> s_col = axis.Column(*t.stream_time);
  std::optional<size_t> g_col = axis.Column(*boundary);
  auto with_markers = [&](std::string cells) {
    if (g_col && cells[*g_col] == ' ') cells[*g_col] = ':';
    if (s_col && cells[*s_col] == ' ') cells[*s_col] = '|';
    return cells;
  };
  auto line = [&](const std::string& label, const std::string& bounds, const std::string& cells,
                  const std::string& count, const std::string& state) {
    std::string text = PadRight(label, label_width) + ' ';
    if (bounds_width > 0) text += PadRight(bounds, bounds_width) + ' ';
    text += cells + ' ' + PadLeft(count, count_width) + ' ' + state;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
  };

  std::string marks(axis.width, ' ');
  if (g_col) marks[*g_col] = 'G';
  if (s_col) marks[*s_col] = 'S';
  add(line("key", "window", marks, std::string(kCountHeader), std::string(kStateHeader)));
  if (hidden > 0) {
    add(std::to_string(hidden) + " earlier window" + (hidden == 1 ? "" : "s") + " not shown");
  }
  for (const Row& r : rows) {
    std::string cells(axis.width, ' ');
    DrawBar(cells, axis.Span(r.start, r.end), r.phase);
    std::string bounds = TimeOfDay(r.start, millis) + "-" + TimeOfDay(r.end, millis);
    add(line(r.label, bounds, with_markers(cells), std::to_string(r.records), PhaseName(r.phase)));
  }
  // The axis' ends, under the bars.
  std::string from = TimeOfDay(axis.t0, millis), to = TimeOfDay(axis.t1, millis);
  std::string ticks(axis.width, ' ');
  if (from.size() + 1 + to.size() <= axis.width) {
    ticks.replace(0, from.size(), from);
    ticks.replace(axis.width - to.size(), to.size(), to);
  }
  add(line("", "", ticks, "", ""));
  if (!g_col) {
    add("G is left of the axis: windows stay closing for the " + FormatDurationMs(t.grace_ms) +
        " grace period.");
  }
  return lines;
}

}  // namespace riffle::shell
