#include "shell/statement_help.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/common/text.h"
#include "shell/help_concepts.h"

namespace riffle::shell {
namespace {

std::string Normalize(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += AsciiUpperChar(static_cast<char>(c));
  }
  return out;
}

std::string Expand(const std::string& query) {
  for (const HelpAlias& alias : HelpAliases()) {
    if (query == alias.alias) return alias.topic;
  }
  return query;
}

std::string Indent(std::string_view text) {
  std::string r = "  ";
  for (char c : text) {
    r += c;
    if (c == '\n') r += "  ";
  }
  return r + "\n";
}

// Prose refilled to `width` columns (words are never cut), so that help reads at an
// 80-column terminal or projector whatever the source's line breaks.
std::string Refill(std::string_view text, size_t width) {
  std::string out;
  size_t line = 0;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
    if (end == i) break;
    std::string_view word = text.substr(i, end - i);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    i = end;
  }
  return out;
}

// Help lines stay within this many columns: an 80-column terminal leaves one spare.
constexpr size_t kHelpWidth = 79;

}  // namespace

const std::vector<HelpAlias>& HelpAliases() {
  static const std::vector<HelpAlias> kAliases = {
      {"CSAS", "CREATE STREAM AS SELECT"},
      {"CTAS", "CREATE TABLE AS SELECT"},
      {"LIST", "SHOW"},
      {"PUSH", "SELECT ... EMIT CHANGES"},
      {"PUSH QUERY", "SELECT ... EMIT CHANGES"},
      {"PULL QUERY", "SELECT"},
      {"STREAMS", "STREAMS AND TABLES"},
      {"TABLES", "STREAMS AND TABLES"},
      {"STREAM VS TABLE", "STREAMS AND TABLES"},
      {"STREAMS VS TABLES", "STREAMS AND TABLES"},
      {"TABLES VS STREAMS", "STREAMS AND TABLES"},
      {"TABLES AND STREAMS", "STREAMS AND TABLES"},
      {"CHANGELOGS", "CHANGELOG"},
      {"MATERIALIZED VIEW", "CHANGELOG"},
      {"MATERIALIZED VIEWS", "CHANGELOG"},
      {"TIME", "EVENT TIME"},
      {"ROWTIME", "EVENT TIME"},
      {"STREAM TIME", "EVENT TIME"},
      {"WATERMARK", "EVENT TIME"},
      {"WINDOWS", "WINDOW"},
      {"TUMBLING", "WINDOW TUMBLING"},
      {"HOPPING", "WINDOW HOPPING"},
      {"SESSION", "WINDOW SESSION"},
      {"GRACE", "GRACE PERIOD"},
      {"LATE", "LATE DATA"},
      {"LATE RECORDS", "LATE DATA"},
      {"LATENESS", "LATE DATA"},
      {"JOINS", "JOIN"},
      {"INNER JOIN", "JOIN"},
      {"LEFT JOIN", "JOIN"},
      {"RIGHT JOIN", "JOIN"},
      {"FULL JOIN", "JOIN"},
      {"OUTER JOIN", "JOIN"},
      {"FULL OUTER JOIN", "JOIN"},
      {"WITHIN", "JOIN STREAM-STREAM"},
      {"STREAM-STREAM JOIN", "JOIN STREAM-STREAM"},
      {"STREAM-TABLE JOIN", "JOIN STREAM-TABLE"},
      {"TABLE-TABLE JOIN", "JOIN TABLE-TABLE"},
      {"FK JOIN", "JOIN FOREIGN KEY"},
      {"FOREIGN KEY JOIN", "JOIN FOREIGN KEY"},
      {"JOIN FK", "JOIN FOREIGN KEY"},
  };
  return kAliases;
}

const std::vector<StatementHelp>& StatementHelps() {
  static const std::vector<StatementHelp> kHelps = [] {
    std::vector<StatementHelp> helps = {
      {"CREATE STREAM", "declare a stream over a Kafka topic (an append-only log of events)",
       "CREATE [OR REPLACE] [SOURCE] STREAM [IF NOT EXISTS] name\n"
       "  (column type [KEY | HEADERS | HEADER('key')], ...)\n"
       "  WITH (KAFKA_TOPIC='topic',\n"
       "        VALUE_FORMAT='JSON|DELIMITED|AVRO|PROTOBUF|KAFKA'\n"
       "        [, PARTITIONS=n] [, KEY_FORMAT='...'] [, TIMESTAMP='column'] "
       "...);",
       "CREATE STREAM orders (id INT KEY, item STRING, price DOUBLE)\n"
       "  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);"},
      {"CREATE TABLE", "declare a table over a Kafka topic (the latest value per key)",
       "CREATE [OR REPLACE] [SOURCE] TABLE [IF NOT EXISTS] name\n"
       "  (column type PRIMARY KEY, column type, ...)\n"
       "  WITH (KAFKA_TOPIC='topic', VALUE_FORMAT='...' [, PARTITIONS=n] ...);",
       "CREATE TABLE items (item STRING PRIMARY KEY, category STRING)\n"
       "  WITH (KAFKA_TOPIC='items', VALUE_FORMAT='JSON', PARTITIONS=1);"},
      {"INSERT INTO ... VALUES", "write one row to a stream or table",
       "INSERT INTO name [(column, ...)] VALUES (value, ...);",
       "INSERT INTO orders (id, item, price) VALUES (1, 'apple', 12.5);"},
      {"SELECT",
       "read a stream or table up to its current end, then stop (a pull query); with GROUP BY "
       "or aggregates, answer once with the final values (riffle's finite query)",
       "SELECT * | expression [AS alias], ... FROM name [JOIN ...] [WHERE condition]\n"
       "  [WINDOW ...] [GROUP BY ...] [HAVING condition] [LIMIT n];",
       "SELECT id, UCASE(item) AS item FROM orders WHERE price > 1;\n"
       "SELECT item, COUNT(*) AS n FROM orders GROUP BY item;"},
      {"SET", "set a session property (see SHOW PROPERTIES; librdkafka's as 'kafka.<name>')",
       "SET 'property'='value';",
       "SET 'auto.offset.reset'='earliest';"},
      {"SELECT ... EMIT CHANGES",
       "a push query: stream every change as it happens, until LIMIT or Ctrl-C",
       "SELECT columns FROM name [JOIN ...] [WINDOW TUMBLING|HOPPING|SESSION "
       "(...)]\n"
       "  [WHERE condition] [GROUP BY columns] [HAVING condition]\n"
       "  EMIT CHANGES | EMIT FINAL [LIMIT n];",
       "SELECT item, COUNT(*) AS n FROM orders GROUP BY item EMIT CHANGES "
       "LIMIT 1;"},
      {"CREATE STREAM AS SELECT",
       "a persistent job writing a query's rows to a new stream (and its "
       "topic)",
       "CREATE STREAM name [WITH (KAFKA_TOPIC='topic', ...)]\n"
       "  AS SELECT ... EMIT CHANGES;",
       "CREATE STREAM big_orders AS\n"
       "  SELECT * FROM orders WHERE price > 10 EMIT CHANGES;"},
      {"CREATE TABLE AS SELECT", "a persistent job maintaining an aggregate as a new table",
       "CREATE TABLE name [WITH (...)] AS SELECT key, aggregate(...) FROM "
       "name\n"
       "  [WINDOW ...] GROUP BY key EMIT CHANGES;",
       "CREATE TABLE orders_per_item AS\n"
       "  SELECT item, COUNT(*) AS n, SUM(price) AS total FROM orders\n"
       "  GROUP BY item EMIT CHANGES;"},
      {"INSERT INTO ... SELECT", "a persistent job appending a query's rows to an existing stream",
       "INSERT INTO name SELECT ... FROM other EMIT CHANGES;",
       "INSERT INTO big_orders SELECT * FROM orders WHERE price > 100 EMIT "
       "CHANGES;"},
      {"SHOW", "list streams, tables, topics, jobs, properties, functions, types",
       "SHOW | LIST STREAMS | TABLES | TOPICS | ALL TOPICS | QUERIES | JOBS\n"
       "  [EXTENDED];\n"
       "SHOW PROPERTIES | FUNCTIONS | TYPES | VARIABLES;",
       "SHOW JOBS;"},
      {"DESCRIBE",
       "the columns of a stream or table (with EXTENDED: its topic, properties and the jobs "
       "reading and writing it)",
       "DESCRIBE name [EXTENDED];\nDESCRIBE STREAMS | TABLES [EXTENDED];",
       "DESCRIBE orders EXTENDED;"},
      {"DESCRIBE FUNCTION", "a function's signatures and description", "DESCRIBE FUNCTION name;",
       "DESCRIBE FUNCTION SUBSTRING;"},
      {"DESCRIBE TOPIC",
       "a topic's partitions (offsets, records, first and last timestamps, size) and the "
       "groups and jobs reading it, with their lag (riffle's)",
       "DESCRIBE TOPIC 'topic' | topic;", "DESCRIBE TOPIC 'orders';"},
      {"PRINT", "show the raw records of a topic",
       "PRINT 'topic' | topic [FROM BEGINNING] [INTERVAL n] [LIMIT n];",
       "PRINT 'orders' FROM BEGINNING LIMIT 1;"},
      {"EXPLAIN", "the plan of a query, or a running job's operators with live counters",
       "EXPLAIN SELECT ...;\nEXPLAIN job_id;",
       "EXPLAIN SELECT item FROM orders WHERE price > 1 EMIT CHANGES;\nEXPLAIN "
       "CSAS_BIG_ORDERS_1;"},
      {"PAUSE", "pause a running job (it keeps its state and offsets)", "PAUSE job_id | ALL;",
       "PAUSE CSAS_BIG_ORDERS_1;"},
      {"RESUME", "resume a paused job", "RESUME job_id | ALL;", "RESUME CSAS_BIG_ORDERS_1;"},
      {"RESTART",
       "start a job over: forget its state and offsets, read its inputs from the beginning "
       "(riffle's)",
       "RESTART job_id | ALL FROM BEGINNING;", "RESTART CSAS_BIG_ORDERS_1 FROM BEGINNING;"},
      {"TRUNCATE TOPIC",
       "delete every record of a topic of riffle's local broker (riffle's; refused on a Kafka "
       "cluster)",
       "TRUNCATE TOPIC 'topic' | topic;", "TRUNCATE TOPIC 'orders';"},
      {"TERMINATE", "stop a job for good", "TERMINATE job_id | ALL;", "TERMINATE ALL;"},
      {"UNSET", "restore a session property's default", "UNSET 'property';",
       "UNSET 'auto.offset.reset';"},
      {"RUN SCRIPT", "run the statements in a file", "RUN SCRIPT 'path';",
       "RUN SCRIPT 'setup.sql';"},
      {"ALTER STREAM",
       "add value columns to a stream declared by CREATE STREAM (not CREATE SOURCE, not AS "
       "SELECT); running jobs keep their columns, records without a new field read NULL",
       "ALTER STREAM name ADD [COLUMN] column type [, ADD [COLUMN] column type ...];",
       "ALTER STREAM orders ADD COLUMN coupon STRING, ADD quantity INT;"},
      {"ALTER TABLE",
       "add value columns to a table declared by CREATE TABLE (not CREATE SOURCE, not AS "
       "SELECT); running jobs keep their columns, records without a new field read NULL",
       "ALTER TABLE name ADD [COLUMN] column type [, ADD [COLUMN] column type ...];",
       "ALTER TABLE items ADD COLUMN supplier STRING;"},
      {"DROP STREAM", "forget a stream and stop its CREATE ... AS query (DELETE TOPIC: the topic)",
       "DROP STREAM [IF EXISTS] name [DELETE TOPIC];", "DROP STREAM IF EXISTS big_orders;"},
      {"DROP TABLE", "forget a table and stop its CREATE ... AS query (DELETE TOPIC: the topic)",
       "DROP TABLE [IF EXISTS] name [DELETE TOPIC];", "DROP TABLE items DELETE TOPIC;"},
    };
    helps.insert(helps.end(), ConceptHelps().begin(), ConceptHelps().end());
    return helps;
  }();
  return kHelps;
}

std::vector<std::string> HelpTopicFirstWords() {
  std::set<std::string> words;
  auto first = [](std::string_view text) { return std::string(text.substr(0, text.find(' '))); };
  for (const StatementHelp& help : StatementHelps()) words.insert(first(help.topic));
  for (const HelpAlias& alias : HelpAliases()) words.insert(first(alias.alias));
  return {words.begin(), words.end()};
}

std::vector<const StatementHelp*> FindStatementHelp(std::string_view query) {
  std::string wanted = Expand(Normalize(query));
  std::vector<const StatementHelp*> found;
  if (wanted.empty()) return found;
  for (const StatementHelp& help : StatementHelps()) {
    if (wanted == help.topic) return {&help};
  }
  for (const StatementHelp& help : StatementHelps()) {
    std::string_view topic = help.topic;
    if (topic.substr(0, wanted.size()) == wanted &&
        (topic.size() == wanted.size() || topic[wanted.size()] == ' ')) {
      found.push_back(&help);
    }
  }
  return found;
}

std::string FormatStatementHelp(const StatementHelp& help) {
  std::string out = Refill(std::string(help.topic) + ": " + help.summary, kHelpWidth) + "\n\n";
  if (*help.explanation != '\0') out += Indent(Refill(help.explanation, kHelpWidth - 2)) + "\n";
  if (*help.syntax != '\0') out += "Syntax:\n" + Indent(help.syntax) + "\n";
  out += "Example:\n";
  out += Indent(help.example);
  return out;
}

std::string FormatHelpOverview() {
  size_t width = 0;
  for (const StatementHelp& help : StatementHelps()) {
    width = std::max(width, std::string_view(help.topic).size());
  }
  std::string out;
  for (HelpKind kind : {HelpKind::kStatement, HelpKind::kConcept}) {
    out += kind == HelpKind::kStatement ? "Statements (end each with ';'):\n"
                                        : "\nConcepts of streaming SQL:\n";
    for (const StatementHelp& help : StatementHelps()) {
      if (help.kind != kind) continue;
      std::string topic = help.topic;
      // The summary refilled beside its topic, continued under itself.
      std::string summary = Refill(help.summary, kHelpWidth - width - 4);
      std::string hanging = "\n" + std::string(width + 4, ' ');
      for (size_t at = summary.find('\n'); at != std::string::npos;
           at = summary.find('\n', at + hanging.size())) {
        summary.replace(at, 1, hanging);
      }
      out += "  " + topic + std::string(width - topic.size() + 2, ' ') + summary + "\n";
    }
  }
  out +=
      "\n" +
      Refill("HELP <topic> (or .help <topic>) shows a statement's syntax or explains a concept, "
             "with an example to run, e.g. HELP CREATE STREAM, HELP WINDOW TUMBLING, HELP "
             "JOIN. .help lists the shell's dot commands (.mode, .timer, .watch, .step, ...). "
             "Tab completes names. Lessons to run step by step: examples/lessons/ (.step FILE).",
             kHelpWidth) +
      "\n";
  return out;
}

bool ParseHelpStatement(std::string_view statement, std::string* topic) {
  std::string text = Normalize(statement);
  while (!text.empty() && (text.back() == ';' || text.back() == ' ')) text.pop_back();
  if (text.rfind("HELP", 0) != 0) return false;
  if (text.size() > 4 && text[4] != ' ') return false;
  // The topic keeps the user's spelling only for messages; matching is
  // case-insensitive.
  *topic = text.size() > 5 ? text.substr(5) : "";
  return true;
}

}  // namespace riffle::shell
