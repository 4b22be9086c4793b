#pragma once
// Tab completion by context, as a pure function of the text before the cursor and a snapshot of
// the names riffle knows, so every rule is unit-testable without a terminal:
//   - at the start of a statement: statement keywords; at the start of a line: dot commands too;
//   - after FROM, JOIN, INTO, DESCRIBE, DROP STREAM|TABLE: stream and table names;
//   - after SHOW / LIST: what can be listed; after DESCRIBE FUNCTION: function names;
//   - after TERMINATE, PAUSE, RESUME, EXPLAIN: job ids;
//   - inside quotes after KAFKA_TOPIC= or PRINT (or PRINT unquoted): topic names;
//   - inside quotes after SET / UNSET: property names;
//   - inside quotes after RUN SCRIPT, and after .read/.output/.once: file paths;
//   - after `qualifier.`: the columns of that source;
//   - elsewhere: columns of the sources the statement names (all columns when it names none),
//     function names, keywords, stream and table names;
//   - after HELP and .help: help topics (and after .help, dot commands);
//   - after .mode, .timer, .step: the command's choices (.step: files too).
// Matching is case-insensitive; keywords are offered in the case the word was typed in.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

struct CompletionSource {
  std::string name;  // as the catalog stores it (upper case unless quoted)
  std::string topic;
  std::vector<std::string> columns;
};

struct CompletionCatalog {
  std::vector<CompletionSource> sources;
  std::vector<std::string> topics;      // topic names (beyond the sources' own)
  std::vector<std::string> properties;  // session property names
  std::vector<std::string> functions;   // scalar and aggregate function names
  std::vector<std::string> jobs;        // job ids
  // Lists the paths starting with `prefix` (directories end with '/'); null: no file
  // completion. Injected so tests need no real directory.
  std::function<std::vector<std::string>(const std::string& prefix)> list_files;
};

struct Completion {
  // Replacements for the word before the cursor (which starts at text.size() - word.size()),
  // sorted and without duplicates.
  std::vector<std::string> candidates;
  std::string word;  // the word being completed, as typed
  // What readline should add after a single match: ' ', '\'' (close a quoted name) or '\0'
  // (nothing, e.g. after a directory).
  char append = ' ';
};

// Characters that end a word for completion (readline is configured with the same set):
// '.', '/', '-' and '~' are not among them, so paths and `alias.column` stay one word.
inline constexpr const char* kCompletionWordBreaks = " \t\n'\"`(),;=<>+*|";

// Candidates for completing `before_cursor`: the whole input of the statement being typed up
// to the cursor (earlier lines of a multi-line statement included, '\n'-joined).
Completion Complete(std::string_view before_cursor, const CompletionCatalog& catalog);

// Lists paths starting with `prefix` in the real file system (for CompletionCatalog).
std::vector<std::string> ListFiles(const std::string& prefix);

}  // namespace riffle::shell
