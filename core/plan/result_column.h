#pragma once
// One column of a query's result: what the planner derives for each output column and what
// the shell's renderers (through core/engine/result_sink.h) show in a header.

#include <string>

#include "core/types/type.h"

namespace riffle {

struct ResultColumn {
  std::string name;
  TypePtr type;
  bool key = false;  // a key column of the result (ksqlDB's REST header says `ID` STRING KEY)
  // WINDOWSTART or WINDOWEND (epoch milliseconds): the human formats show it as a timestamp,
  // json and csv as the number it is.
  bool window_bound = false;
};

}  // namespace riffle
