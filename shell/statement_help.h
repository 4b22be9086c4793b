#pragma once
// HELP and `.help STATEMENT`: the syntax and a runnable example of every statement riffle
// runs. The examples, run in table order on an empty catalog (with a file setup.sql in the
// working directory), all succeed: a unit test keeps that true.

#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

struct StatementHelp {
  const char* topic;    // "CREATE STREAM", "SELECT ... EMIT CHANGES", ...
  const char* summary;  // one line
  const char* syntax;   // may span lines
  const char* example;  // one or more complete statements
};

// Every statement, in the order a newcomer would meet them.
const std::vector<StatementHelp>& StatementHelps();

// The topics matching `query` (case-insensitive, extra spaces ignored): an exact topic first,
// else the topics starting with it ("create" -> every CREATE form, "insert" -> both INSERTs).
// Words of the query may also match a topic's words loosely ("csas" and "ctas" are aliases).
std::vector<const StatementHelp*> FindStatementHelp(std::string_view query);

// The full text for one topic: summary, syntax and example.
std::string FormatStatementHelp(const StatementHelp& help);
// The overview HELP prints: every topic with its summary, and how to get more.
std::string FormatHelpOverview();

// When `statement` (one statement, with or without its ';') is a HELP statement ("HELP",
// "HELP CREATE STREAM;"), sets `*topic` to what follows HELP (trimmed, "" for none) and returns
// true.
bool ParseHelpStatement(std::string_view statement, std::string* topic);

}  // namespace riffle::shell
