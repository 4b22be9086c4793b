#pragma once
// HELP and `.help TOPIC`: the syntax and a runnable example of every statement riffle runs, and
// of the concepts a newcomer to streaming SQL meets (windows, grace, late data, EMIT, joins,
// streams and tables, changelogs). One table drives HELP, its overview and Tab completion. The
// statement examples, run in table order on an empty catalog (with a file setup.sql in the
// working directory), all succeed; each concept example runs alone on an empty catalog and its
// last statement shows rows: unit tests keep both true.

#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

enum class HelpKind {
  kStatement,  // a statement: CREATE STREAM, SELECT ... EMIT CHANGES, ...
  kConcept,    // an idea behind several statements: WINDOW TUMBLING, LATE DATA, ...
};

struct StatementHelp {
  const char* topic;    // "CREATE STREAM", "SELECT ... EMIT CHANGES", "WINDOW SESSION", ...
  const char* summary;  // one line
  const char* syntax;   // may span lines; may be empty for a concept
  const char* example;  // one or more complete statements
  HelpKind kind = HelpKind::kStatement;
  const char* explanation = "";  // a concept's meaning, a few lines of prose
};

// Every topic: the statements in the order a newcomer would meet them, then the concepts.
const std::vector<StatementHelp>& StatementHelps();

// Other names people type for topics ("TUMBLING", "WITHIN", "CSAS"), each with its topic.
struct HelpAlias {
  const char* alias;
  const char* topic;
};
const std::vector<HelpAlias>& HelpAliases();

// The words that may follow HELP first (each topic's and alias's first word), for completion.
std::vector<std::string> HelpTopicFirstWords();

// The topics matching `query` (case-insensitive, extra spaces ignored): an exact topic or alias
// first, else the topics starting with it ("create" -> every CREATE form, "emit" -> EMIT
// CHANGES and EMIT FINAL).
std::vector<const StatementHelp*> FindStatementHelp(std::string_view query);

// The full text for one topic: summary, explanation (concepts), syntax and example.
std::string FormatStatementHelp(const StatementHelp& help);
// The overview HELP prints: every statement, then every concept, with its summary, and how to
// get more.
std::string FormatHelpOverview();

// When `statement` (one statement, with or without its ';') is a HELP statement ("HELP",
// "HELP CREATE STREAM;"), sets `*topic` to what follows HELP (trimmed, "" for none) and returns
// true.
bool ParseHelpStatement(std::string_view statement, std::string* topic);

}  // namespace riffle::shell
