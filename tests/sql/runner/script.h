#pragma once
// The parsed form of a .test script: a list of directives, each with the line it starts on.
// The format is documented in tests/sql/README.md.

#include <optional>
#include <string>
#include <vector>

namespace riffle::sqltest {

enum class DirectiveKind {
  kStatementOk,     // statement ok
  kStatementError,  // statement error <substring>
  kQuery,           // query [unordered] [contains] [header] [timeout=S] [wait=MS]
  kProduce,         // produce <topic> [partition=N] [hex] [background]
  kNotice,          // notice <substring>
  kWarning,         // warning <substring>
  kNoWarning,       // nowarning
  kRestart,         // restart
  kFile,            // file <name>: (re)write a file
  kAppend,          // append <name>: add lines to a file, as `>>` does
  kIdle,            // idle: wait until every background job has caught up
  kDeleteRecords,   // delete records <topic> <partition> <offset>: move the log start
};

// One record of a produce block. nullopt key/value mean null.
struct ProduceRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp_ms = 0;  // 0: the broker's "now"
};

struct Directive {
  DirectiveKind kind = DirectiveKind::kStatementOk;
  int line = 0;              // 1-based line of the directive keyword
  std::string arg;           // error/notice/warning substring, topic, or file name
  std::string sql;           // statement or query text (lines joined with '\n')
  std::vector<std::string> expected;  // query: expected result lines
  std::vector<std::string> body;      // file: content lines
  std::vector<ProduceRecord> records;  // produce
  bool unordered = false;
  bool contains = false;  // expected rows are a subset of the actual rows
  bool header = false;
  bool hex = false;
  bool background = false;
  int partition = -1;
  int64_t offset = 0;  // delete records: the new log start
  int timeout_s = 10;
  int wait_ms = -1;  // -1: default (see README)
};

// Parses `text` (the content of `path`, used in messages). Throws std::runtime_error with
// "path:line: message" on a malformed script.
std::vector<Directive> ParseScript(const std::string& text, const std::string& path);

// Replaces ${NAME} in `text` by `vars[NAME]`; unknown names are left as written.
std::string SubstituteVariables(const std::string& text,
                                const std::vector<std::pair<std::string, std::string>>& vars);

}  // namespace riffle::sqltest
