#pragma once
// What a statement produces, as the shell receives it. The engine calls these from the thread
// that called Engine::Execute; the shell renders them (table, json or csv).

#include <string>
#include <vector>

#include "core/types/type.h"
#include "core/types/value.h"

namespace riffle {

struct ResultColumn {
  std::string name;
  TypePtr type;
  bool key = false;  // a key column of the result (ksqlDB's REST header says `ID` STRING KEY)
};

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
};

}  // namespace riffle
