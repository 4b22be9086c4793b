#pragma once
// Accumulates input lines until they hold complete ';'-terminated statements (using the SQL
// splitter, so ';' inside strings, quoted identifiers and comments does not count). Each line
// is scanned once: a statement of N lines costs O(N).

#include <string>
#include <string_view>
#include <vector>

#include "core/sql/splitter.h"

namespace riffle::shell {

struct FeedResult {
  // Statements completed by this line, each ending in ';', in input order.
  std::vector<std::string> statements;
  // When this line left nothing unfinished and at least one statement was completed since the
  // buffer was last empty: every line typed since then, joined by '\n' (one history entry for a
  // statement spanning lines, or for several statements on one line). Empty otherwise.
  std::string history_entry;
};

class StatementBuffer {
 public:
  // Adds one line of input (without its line terminator).
  FeedResult AddLine(std::string_view line);

  // True when no unfinished statement is pending (the prompt is the primary one).
  bool empty() const { return splitter_.remainder().empty(); }
  // The unfinished input, verbatim.
  const std::string& pending() const { return splitter_.remainder(); }

  // Returns the unfinished statement at end of input (trimmed; "" when none) and clears the
  // buffer. Lets piped input run a last statement that lacks its ';'.
  std::string TakeRemainder();

  // Forgets the unfinished input (Ctrl-C at the prompt).
  void Clear();

 private:
  StatementSplitter splitter_;
  std::string typed_;    // the lines since the buffer was last empty
  bool completed_since_empty_ = false;
};

// True for the shell's own exit commands: exit or quit, any case, optional ';' and spaces.
bool IsExitCommand(std::string_view line);

}  // namespace riffle::shell
