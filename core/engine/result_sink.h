#pragma once
// What a statement produces, as the shell receives it. The engine calls these from the thread
// that called Engine::Execute; the shell renders them (table, json or csv).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/exec/window_timeline.h"
#include "core/plan/result_column.h"
#include "core/runtime/stream_time.h"
#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

class ResultSink {
 public:
  virtual ~ResultSink() = default;

  // A one-line message such as "Stream ORDERS created." or the embedded-broker banner.
  virtual void Notice(const std::string& text) = 0;
  // A warning that does not fail the statement (e.g. records that failed to decode).
  virtual void Warning(const std::string& text) = 0;
  // A formatted error (see FormatError); the statement failed.
  virtual void Error(const std::string& text) = 0;

  // A complete result (SHOW, DESCRIBE, EXPLAIN, pull-style output).
  virtual void Table(const std::vector<ResultColumn>& columns,
                     const std::vector<std::vector<Value>>& rows) = 0;

  // A streaming result: BeginRows once, Row per row as it arrives, EndRows when the query ends
  // (LIMIT reached, cancelled, or failed) with a summary such as "Limit Reached" or
  // "Query terminated".
  virtual void BeginRows(const std::vector<ResultColumn>& columns) = 0;
  virtual void Row(const std::vector<Value>& row) = 0;
  virtual void EndRows(const std::string& summary) = 0;
  // Rows that arrived together, in order (the engine hands over what the query produced since
  // the last call). A sink writing to a pipe or file may write them at once; it must still show
  // them before returning. The default calls Row for each.
  virtual void Rows(const std::vector<std::vector<Value>>& rows) {
    for (const auto& row : rows) Row(row);
  }

  // What a streaming result is, for sinks that show the kinds differently.
  enum class RowsKind {
    kPush,   // a push query's rows: they come until LIMIT, Ctrl-C or a failure
    kPull,   // a pull query's rows: a complete result, ending once its source is read
    kPrint,  // PRINT's records: columns ROWTIME, PARTITION, OFFSET, KEY and VALUE (text)
  };
  // BeginRows, saying which kind of result begins. The default calls BeginRows.
  virtual void BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) {
    (void)kind;
    BeginRows(columns);
  }
  // Called between rows of a streaming result whenever the statement waits for more (about
  // every 100 ms, also when no row came): a sink that holds rows back, e.g. to size columns
  // from them, may show them now. The default does nothing.
  virtual void FlushRows() {}

  // Offered instead of BeginRows for a push query on a table. A sink that shows such a result
  // as a live table (redrawn in place) returns true: the rows then arrive through Row() in
  // changelog form, each led by one more column than `columns` holds, its marker ("+I", "-U",
  // "+U" or "-D"; "-U" and "-D" carry the exact row shown before), and end with EndRows. The
  // default declines; the engine then calls BeginRows and streams the rows as usual.
  virtual bool BeginLiveTable(const std::vector<ResultColumn>& columns) {
    (void)columns;
    return false;
  }

  // Called before a streaming result begins: `lag` tells how many records the query has still
  // to read to catch up with its sources (nullopt when unknown). It may be called from any
  // thread, also after EndRows (it then reports stale numbers), and may take a broker round
  // trip. The default ignores it.
  virtual void SetLagProvider(std::function<std::optional<int64_t>()> lag) { (void)lag; }
  // Called before a push query's result begins: `status` tells its stream time per source and
  // the records it dropped as late (stream_time.h). Callable from any thread, cheap (no broker
  // round trip), also after EndRows. The default ignores it.
  virtual void SetStreamTimeProvider(std::function<StreamTimeStatus()> status) { (void)status; }
  // Called before the result of a push query with a windowed aggregation begins: `timeline`
  // gives its windows now (at most `max_windows` held ones, as Engine::JobTimeline), for the
  // shell's `.timeline SELECT ...`; once the query has ended, the windows it ended with (the 500
  // held ones that end last). Callable from any thread, also after the query ended (it takes
  // the aggregation's state lock for a moment). The default ignores it.
  using TimelineProvider = std::function<std::optional<WindowTimeline>(size_t max_windows)>;
  virtual void SetWindowTimelineProvider(TimelineProvider timeline) { (void)timeline; }
};

}  // namespace riffle
