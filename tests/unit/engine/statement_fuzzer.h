#pragma once
// A seed corpus of SQL statements and a deterministic mutator, for the statement fuzz tests.
// The seeds are every statement and query of tests/sql/*.test and examples/*.sql, plus the
// statements that once crashed riffle or took minutes (issue 15): 8,000 nested parentheses, a
// 10,000-term sum, 4,100 nested lambdas, a 15,000-deep ARRAY type, REGEXP_REPLACE on 200,000
// characters, a 40,000-line statement, a 1 MB function name, 40 nested widening REDUCEs and a
// 5,000-level PROTOBUF struct. Mutants are text: the parser must take anything.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/sql/splitter.h"

namespace riffle::testing {

// The repository's root, as CMake knows it.
inline std::filesystem::path SourceDir() {
#ifdef RIFFLE_SOURCE_DIR
  return RIFFLE_SOURCE_DIR;
#else
  return std::filesystem::current_path();
#endif
}

inline std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The SQL of every `statement` and `query` directive of a .test script (see tests/sql/README.md):
// the lines after the directive up to a blank line, or up to `----` for a query.
inline std::vector<std::string> ScriptStatements(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line, sql;
  bool in_sql = false, is_query = false;
  auto flush = [&] {
    if (!sql.empty()) out.push_back(sql);
    sql.clear();
    in_sql = false;
  };
  while (std::getline(in, line)) {
    if (in_sql) {
      if (line.empty() || (is_query && line == "----")) {
        flush();
        continue;
      }
      sql += (sql.empty() ? "" : "\n") + line;
      continue;
    }
    if (line.rfind("statement ", 0) == 0 || line.rfind("query", 0) == 0) {
      in_sql = true;
      is_query = line.rfind("query", 0) == 0;
    }
  }
  flush();
  return out;
}

// The statements that crashed the process or ran for minutes before the nesting limit, RE2
// and the linear splitter (each a seed, so mutants of them are tried too).
inline std::vector<std::string> PathologicalStatements() {
  std::vector<std::string> out;
  out.push_back("SELECT " + Repeat("(", 8000) + "1" + Repeat(")", 8000) + " FROM s;");
  out.push_back("SELECT 1" + Repeat("+1", 10000) + " FROM s;");
  std::string lambdas = "x";
  for (int i = 0; i < 4100; ++i) lambdas = "TRANSFORM(ARRAY[1], x => " + lambdas + ")";
  out.push_back("SELECT " + lambdas + " FROM s;");
  out.push_back("CREATE STREAM deep (a " + Repeat("ARRAY<", 15000) + "INT" + Repeat(">", 15000) +
                ") WITH (kafka_topic='deep', value_format='JSON', partitions=1);");
  out.push_back("SELECT REGEXP_REPLACE(LPAD('', 200000, 'a'), '(a|b)+', 'x'), "
                "REGEXP_EXTRACT_ALL('a', LPAD('', 200000, 'a')) FROM s;");
  std::string lines = "SELECT 1 AS c";
  for (int i = 0; i < 40000; ++i) lines += "\n  , " + std::to_string(i) + " AS c" + std::to_string(i);
  out.push_back(lines + "\nFROM s;");
  out.push_back("SELECT " + std::string(1 << 20, 'F') + "(1) FROM s;");
  std::string reduce = "CAST(1 AS BIGINT)";
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    reduce = "REDUCE(ARRAY[1], 0, (s" + n + ", x" + n + ") => " + reduce + ")";
  }
  out.push_back("SELECT " + reduce + " FROM s;");
  std::string proto = "INT";
  for (int i = 0; i < 5000; ++i) proto = "STRUCT<a " + proto + ">";
  out.push_back("CREATE STREAM p (x " + proto +
                ") WITH (kafka_topic='p', value_format='PROTOBUF', partitions=1);");
  out.push_back("SELECT " + Repeat("NOT ", 5000) + "TRUE, " + Repeat("- ", 5000) + "1, a" +
                Repeat("[1]", 3000) + Repeat("->f", 3000) + " FROM s;");
  return out;
}

// Every seed: the scripts' statements (with ${TMP} replaced by `tmp`), the examples', and the
// pathological ones.
inline std::vector<std::string> StatementCorpus(const std::string& tmp) {
  std::vector<std::string> corpus;
  const std::filesystem::path root = SourceDir();
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"tests/sql", "examples"}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root / dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".test" || ext == ".sql") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());  // the same corpus order, so seeds replay
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> statements;
    if (file.extension() == ".test") {
      statements = ScriptStatements(text.str());
    } else {
      for (auto& s : SplitStatements(text.str()).statements) statements.push_back(s.text + ";");
    }
    for (std::string& s : statements) {
      for (size_t at; (at = s.find("${TMP}")) != std::string::npos;) s.replace(at, 6, tmp);
      for (size_t at; (at = s.find("${TESTDIR}")) != std::string::npos;) s.replace(at, 10, tmp);
      corpus.push_back(std::move(s));
    }
  }
  for (std::string& s : PathologicalStatements()) corpus.push_back(std::move(s));
  return corpus;
}

// Mutates statements: one to four edits of a random seed, chosen to reach the parser's and
// the engine's corners (tokens that open and close nesting, quotes and comments cut short,
// extreme numbers, a piece of one statement spliced into another, a run repeated thousands
// of times).
class StatementMutator {
 public:
  StatementMutator(uint64_t seed, const std::vector<std::string>* corpus)
      : rng_(seed), corpus_(corpus) {}

  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }

  const std::string& PickSeed() { return (*corpus_)[Below(corpus_->size())]; }

  std::string Next() {
    std::string s = PickSeed();
    // Half the mutants have one edit: they often still parse, and reach the binder and beyond.
    size_t rounds = OneIn(2) ? 1 : 2 + Below(3);
    for (size_t i = 0; i < rounds; ++i) MutateOnce(s);
    // Keep mutants of the megabyte seeds from doubling without end.
    constexpr size_t kLongest = 4u << 20;
    if (s.size() > kLongest) s.resize(kLongest);
    return s;
  }

 private:
  static const std::vector<std::string>& Dictionary() {
    static const std::vector<std::string> kWords = {
        "(", ")", "[", "]", ",", ";", "'", "`", "\"", "--", "/*", "*/", "->", "->*", "=>", ":=",
        "||", "<>", "=", "<", ".", "*", "+", "-", "/", "%", " NULL", " NOT ", " AND ", " OR ",
        " IS NULL", " IS DISTINCT FROM ", " LIKE '%a_' ESCAPE '\\'", " IN (1, 2)",
        " BETWEEN 1 AND 2", "CASE WHEN TRUE THEN ", " ELSE ", " END", "CAST(", " AS ", "ARRAY[",
        "MAP(", "STRUCT(", "ARRAY<", "MAP<STRING, ", "STRUCT<a ", ">", "DECIMAL(38, 38)",
        "DECIMAL(1, 0)", " EMIT CHANGES", " EMIT FINAL", " LIMIT 1", " LIMIT 0", " WHERE ",
        " GROUP BY ", " PARTITION BY ", " HAVING ", " WINDOW TUMBLING (SIZE 1 SECOND)",
        " WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 1 SECOND)", " WINDOW SESSION (1 SECOND)",
        " JOIN ", " LEFT JOIN ", " FULL OUTER JOIN ", " ON ", " WITHIN 1 SECOND ",
        " GRACE PERIOD 0 SECONDS", "TRANSFORM(", "REDUCE(", "FILTER(", "x => ", "(x, y) => ",
        "REGEXP_REPLACE(", "REGEXP_EXTRACT(", "REGEXP_SPLIT_TO_ARRAY(", "'(a|b)*c'",
        "'(?<n>a)\\1'", "'[a-z&&[^b]]'", "LPAD('', 100000, 'a')", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "2147483648", "1e308", "1e309", "-0.0",
        "0.000000000000000000000000000000000000001", "99999999999999999999999999999999999999",
        "ROWTIME", "ROWOFFSET", "WINDOWSTART", "EXPLODE(", "COUNT(*)", "COUNT(DISTINCT ",
        "LATEST_BY_OFFSET(", "TOPK(", "COLLECT_LIST(", "HISTOGRAM(", "SUBSTRING(", "CHR(",
        "TIMESTAMPTOSTRING(", "PARSE_TIMESTAMP(", "'yyyy-MM-dd''T''HH:mm:ss'", "'Europe/Kyiv'",
        "FROM_BYTES(", "TO_BYTES(", "'base64'", "EXTRACTJSONFIELD(", "'$.a[0].b'",
        "'{\"a\": [[[[[[[[[[1]]]]]]]]]]}'", "JSON_RECORDS(", "URL_EXTRACT_PARAMETER(",
        "GEO_DISTANCE(", "AS_MAP(", "ARRAY_SORT(", "SLICE(", "ENTRIES(", "SPLIT_TO_MAP(",
        "DATEADD(", "TIMESTAMPADD(MILLISECONDS, ", "'\xe2\x82\xac'", "'\xff\xfe'", "\xc3",
        std::string("\0", 1), "\t", "\n", "\r\n", " ", "KAFKA_TOPIC='t'", "VALUE_FORMAT='AVRO'",
        "VALUE_FORMAT='PROTOBUF'", "VALUE_FORMAT='DELIMITED'", "KEY_FORMAT='KAFKA'",
        "FORMAT='JSON_SR'", "PARTITIONS=3", "TIMESTAMP='ts'", "WRAP_SINGLE_VALUE=false",
        "CONNECTOR='datagen'", "CONNECTOR='file'", "GENERATOR='orders'", "COUNT=3",
        " KEY", " PRIMARY KEY", " HEADERS", " EXPLAIN ", "DESCRIBE ", "SHOW QUERIES",
        "TERMINATE ALL", "PAUSE ALL", "RESUME ALL", "DROP STREAM ", " DELETE TOPIC",
        "CREATE OR REPLACE STREAM ", "CREATE TABLE ", "INSERT INTO ", " VALUES (", "PRINT '",
        " FROM BEGINNING", " INTERVAL 2"};
    return kWords;
  }

  static const std::vector<std::string>& ExtremeNumbers() {
    static const std::vector<std::string> kNumbers = {
        "0", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "1e308", "1e-308", "1e400", "0.5", "99999999999999999999.99",
        "100000", "1000000000"};
    return kNumbers;
  }

  void MutateOnce(std::string& s) {
    size_t at = Below(s.size() + 1);
    switch (Below(9)) {
      case 0:  // a character changed
        if (!s.empty()) s[Below(s.size())] = static_cast<char>(OneIn(4) ? Below(256) : 32 + Below(95));
        break;
      case 1:  // a token inserted
        s.insert(at, Dictionary()[Below(Dictionary().size())]);
        break;
      case 2: {  // a piece deleted
        size_t n = 1 + Below(16);
        if (at < s.size()) s.erase(at, n);
        break;
      }
      case 3: {  // a short piece repeated, once or thousands of times (nesting, long chains)
        if (at >= s.size()) break;
        std::string piece = s.substr(at, 1 + Below(12));
        size_t times = OneIn(3) ? 500 + Below(5000) : 1 + Below(3);
        s.insert(at, Repeat(piece, times));
        break;
      }
      case 4: {  // a piece of another statement spliced in
        const std::string& other = (*corpus_)[Below(corpus_->size())];
        size_t from = Below(other.size() + 1);
        size_t n = Below(std::min<size_t>(other.size() - from, 200) + 1);
        size_t cut = at < s.size() ? Below(std::min<size_t>(s.size() - at, 40) + 1) : 0;
        s.replace(at, cut, other.substr(from, n));
        break;
      }
      case 5: {  // a number replaced by an extreme one
        size_t digit = s.find_first_of("0123456789", at);
        if (digit == std::string::npos) break;
        size_t end = s.find_first_not_of("0123456789.", digit);
        s.replace(digit, (end == std::string::npos ? s.size() : end) - digit,
                  ExtremeNumbers()[Below(ExtremeNumbers().size())]);
        break;
      }
      case 6:  // cut short (an open quote, comment or parenthesis)
        s.resize(at);
        break;
      case 7: {  // a token opened and closed around a piece
        static const std::pair<const char*, const char*> kPairs[] = {
            {"(", ")"}, {"ARRAY[", "]"}, {"ABS(", ")"}, {"CAST(", " AS STRING)"},
            {"NOT (", ")"}, {"'", "'"}, {"`", "`"}, {"/*", "*/"}, {"STRUCT(f := ", ")"},
            {"TRANSFORM(ARRAY[1], x => ", ")"}, {"CASE WHEN TRUE THEN ", " END"}};
        const auto& [open, close] = kPairs[Below(std::size(kPairs))];
        size_t end = std::min(s.size(), at + Below(30));
        size_t depth = OneIn(4) ? 100 + Below(2000) : 1;
        s.insert(end, Repeat(close, depth));
        s.insert(at, Repeat(open, depth));
        break;
      }
      default: {  // bytes a keyboard does not type
        std::string junk;
        for (size_t n = 1 + Below(6); n > 0; --n) junk += static_cast<char>(Below(256));
        s.insert(at, junk);
        break;
      }
    }
  }

  std::mt19937_64 rng_;
  const std::vector<std::string>* corpus_;
};

}  // namespace riffle::testing
