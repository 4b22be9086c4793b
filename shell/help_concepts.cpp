#include "shell/help_concepts.h"

namespace riffle::shell {

// Each example is complete on an empty catalog and ends with a statement that shows rows; a
// unit test runs every one on a fresh engine and checks that its last statement shows some.
const std::vector<StatementHelp>& ConceptHelps() {
  static const std::vector<StatementHelp> kConcepts = {
      {"STREAMS AND TABLES", "a stream is every event; a table is the latest value per key", "",
       "CREATE STREAM moves (player STRING KEY, room STRING)\n"
       "  WITH (KAFKA_TOPIC='moves', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO moves (player, room) VALUES ('ann', 'hall');\n"
       "INSERT INTO moves (player, room) VALUES ('ann', 'attic');\n"
       "CREATE TABLE whereabouts (player STRING PRIMARY KEY, room STRING)\n"
       "  WITH (KAFKA_TOPIC='moves', VALUE_FORMAT='JSON');\n"
       "SELECT * FROM moves;\n"
       "SELECT * FROM whereabouts;",
       HelpKind::kConcept,
       "A STREAM is an append-only sequence of facts: each record is an event that happened,\n"
       "and a new record never changes an older one. A TABLE reads a topic as a series of\n"
       "updates: for each key it holds the latest value, and a record whose value is null (a\n"
       "tombstone) deletes its key. The same topic can be read both ways, as in the example:\n"
       "the stream shows ann's two moves, the table only where she is now.\n"
       "A table needs a PRIMARY KEY; a stream's KEY column is optional. A GROUP BY over a\n"
       "stream makes a table (one row per group, updated as events come); see HELP CHANGELOG."},
      {"CHANGELOG", "how a table changes: inserts, updates and deletes, as a stream of rows",
       "SET 'riffle.changelog'='true';   -- riffle's: show the OP column\n"
       "SELECT ... FROM table EMIT CHANGES;",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE STREAM moves (player STRING KEY, room STRING)\n"
       "  WITH (KAFKA_TOPIC='moves', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO moves (player, room) VALUES ('ann', 'hall');\n"
       "INSERT INTO moves (player, room) VALUES ('ann', 'attic');\n"
       "CREATE TABLE moves_per_player AS\n"
       "  SELECT player, COUNT(*) AS n FROM moves GROUP BY player;\n"
       "SET 'riffle.changelog'='true';\n"
       "SELECT * FROM moves_per_player EMIT CHANGES LIMIT 3;",
       HelpKind::kConcept,
       "Every table is kept as its changelog: the stream of changes that built it. CREATE TABLE\n"
       "AS SELECT starts a job that keeps such a table up to date (a materialized view): each\n"
       "input record changes one row, and the change is written to the table's topic, so a\n"
       "pull query (SELECT without EMIT CHANGES) reads the current rows and a push query (EMIT\n"
       "CHANGES) follows every change. A push query shows each key's new row, as ksqlDB does;\n"
       "with 'riffle.changelog' on it shows the changelog as Flink does: +I a new key, -U the\n"
       "old row then +U the new one for an update, -D a delete. The table's topic holds one\n"
       "record per change; a delete is a tombstone (a null value)."},
      {"EVENT TIME", "when a record happened (ROWTIME), and stream time, which windows follow",
       "CREATE STREAM name (..., column BIGINT | TIMESTAMP, ...)\n"
       "  WITH (..., TIMESTAMP='column' [, TIMESTAMP_FORMAT='pattern']);\n"
       "INSERT INTO name (ROWTIME, ...) VALUES (epoch_ms, ...);",
       "CREATE STREAM readings (sensor STRING KEY, celsius DOUBLE, taken_at BIGINT)\n"
       "  WITH (KAFKA_TOPIC='readings', VALUE_FORMAT='JSON', PARTITIONS=1,\n"
       "        TIMESTAMP='taken_at');\n"
       "INSERT INTO readings (sensor, celsius, taken_at) VALUES ('s1', 20.5, 60000);\n"
       "SELECT sensor, celsius, ROWTIME FROM readings;",
       HelpKind::kConcept,
       "Every row has an event time, ROWTIME, in milliseconds since 1970: the Kafka record's\n"
       "timestamp, or the column named by the TIMESTAMP property. Windows, grace periods and\n"
       "joins use event time, not the time a record arrives, so results do not depend on\n"
       "when a query runs. Stream time is the largest event time seen so far (per source\n"
       "partition); it only moves forward, and it decides when a window closes and which\n"
       "records are late (HELP LATE DATA). An INSERT that leaves ROWTIME out gets the\n"
       "current time, which moves stream time to now; a record whose TIMESTAMP column is\n"
       "NULL (or unparsable, or negative) has no event time: queries drop it and log it."},
      {"WINDOW", "group a stream's records by time: TUMBLING, HOPPING or SESSION windows",
       "SELECT key, WINDOWSTART, WINDOWEND, aggregate(...) FROM stream\n"
       "  WINDOW TUMBLING (SIZE n unit [, GRACE PERIOD n unit])\n"
       "       | HOPPING (SIZE n unit, ADVANCE BY n unit [, GRACE PERIOD n unit])\n"
       "       | SESSION (n unit [, GRACE PERIOD n unit])\n"
       "  GROUP BY key [EMIT CHANGES | EMIT FINAL];\n"
       "unit: MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS (singular too)",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (12000, 'ann', 'cart');\n"
       "SELECT user, WINDOWSTART, WINDOWEND, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "A windowed aggregation keeps one result per key and window, instead of one per key\n"
       "since the beginning. Records go to windows by event time (HELP EVENT TIME); the\n"
       "result's WINDOWSTART and WINDOWEND say which window a row is for: timestamps in the\n"
       "table format (1970-01-01 00:00:10.000, UTC), epoch milliseconds (10000) in json and\n"
       "csv. Three kinds: HELP WINDOW TUMBLING (fixed, back to back), HELP WINDOW HOPPING\n"
       "(fixed, overlapping), HELP WINDOW SESSION (as long as activity goes on). A window\n"
       "accepts records until stream time passes its end plus its grace period (HELP GRACE\n"
       "PERIOD); EMIT FINAL shows it once then (HELP EMIT). WINDOW works on streams only."},
      {"WINDOW TUMBLING", "fixed-size windows, back to back: each record falls in exactly one",
       "WINDOW TUMBLING (SIZE n unit [, GRACE PERIOD n unit])",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (9000, 'ann', 'cart');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (12000, 'ann', 'help');\n"
       "SELECT user, WINDOWSTART, WINDOWEND, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "Tumbling windows cut time into intervals of SIZE, aligned to the epoch: with SIZE 10\n"
       "SECONDS the windows are [0 s, 10 s), [10 s, 20 s), ... A window includes its start and\n"
       "excludes its end. Since windows neither overlap nor leave gaps, each record counts\n"
       "once: \"clicks per user per minute\"."},
      {"WINDOW HOPPING", "fixed-size windows that overlap: a new one starts every ADVANCE BY",
       "WINDOW HOPPING (SIZE n unit, ADVANCE BY n unit [, GRACE PERIOD n unit])",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (7000, 'ann', 'cart');\n"
       "SELECT user, WINDOWSTART, WINDOWEND, COUNT(*) AS n FROM clicks\n"
       "  WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 5 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "Hopping windows have a SIZE and start every ADVANCE BY (which must not exceed SIZE),\n"
       "aligned to the epoch, so they overlap and a record falls into SIZE / ADVANCE BY of\n"
       "them: \"clicks in the last 10 seconds, every 5 seconds\". With ADVANCE BY equal to\n"
       "SIZE they are tumbling windows. In the example the record at 7 s is in [0 s, 10 s)\n"
       "and [5 s, 15 s); the one at 1 s only in [0 s, 10 s), since no window starts before 0."},
      {"WINDOW SESSION", "windows that grow with activity and close after a gap of inactivity",
       "WINDOW SESSION (gap unit [, GRACE PERIOD n unit])",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (3000, 'ann', 'cart');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (20000, 'ann', 'home');\n"
       "SELECT user, WINDOWSTART, WINDOWEND, COUNT(*) AS n FROM clicks\n"
       "  WINDOW SESSION (5 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "A session window belongs to one key and spans from its first record to its last:\n"
       "a record less than the gap after (or before) a session joins it, otherwise it starts\n"
       "a new one. A record that falls between two sessions merges them into one (EMIT\n"
       "CHANGES then shows the merged session replacing the old ones). Sessions have no fixed\n"
       "size: \"one row per visit\". WINDOWSTART and WINDOWEND are the first and last\n"
       "record's event times (equal for a session of one record)."},
      {"GRACE PERIOD", "how long a window keeps accepting out-of-order records after its end",
       "WINDOW TUMBLING|HOPPING|SESSION (..., GRACE PERIOD n unit)\n"
       "JOIN ... WITHIN n unit GRACE PERIOD n unit ON ...",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (13000, 'ann', 'cart');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (2000, 'ann', 'help');\n"
       "SELECT user, WINDOWSTART, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "Records do not always arrive in event-time order. A window stays open until stream\n"
       "time passes its end plus the grace period; until then a record for it is still\n"
       "counted, after that it is late and dropped (HELP LATE DATA). In the example, stream\n"
       "time is 13 s when the record of 2 s arrives: its window [0 s, 10 s) closes at 10 + 5 =\n"
       "15 s, so it still counts. A longer grace period tolerates more disorder but delays\n"
       "EMIT FINAL and keeps state longer. Without GRACE PERIOD riffle allows 24 hours, as\n"
       "ksqlDB does, except under EMIT FINAL, where it allows none (also ksqlDB's rule);\n"
       "stream-stream joins take a grace period too (HELP JOIN STREAM-STREAM)."},
      {"LATE DATA", "records that arrive after their window closed: counted, then dropped",
       "EXPLAIN job_id;   -- each operator's late records dropped",
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (25000, 'ann', 'cart');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (2000, 'ann', 'help');\n"
       "SELECT user, WINDOWSTART, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user;",
       HelpKind::kConcept,
       "A record is late when stream time has already passed the end of its window plus the\n"
       "grace period: the window has closed (and with EMIT FINAL, been emitted), so the\n"
       "record is dropped. In the example the record of 2 s arrives after one of 25 s: the\n"
       "window [0 s, 10 s) closed at 15 s, so it counts 1, not 2. A job counts what it drops\n"
       "(EXPLAIN <job> shows \"late record(s) dropped\" per operator) and writes each to the\n"
       "processing log. Stream-stream joins drop rows older than what their windows keep.\n"
       "To accept more disorder, make the grace period longer (HELP GRACE PERIOD)."},
      {"EMIT CHANGES", "show every update to a result as it happens (a push query)",
       "SELECT ... EMIT CHANGES [LIMIT n];",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (4000, 'ann', 'cart');\n"
       "SELECT user, WINDOWSTART, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY user EMIT CHANGES LIMIT 2;",
       HelpKind::kConcept,
       "EMIT CHANGES makes a query a push query: it runs until LIMIT rows or Ctrl-C and shows\n"
       "a row for every change, so a window's count appears at 1, then 2, ... as records come\n"
       "(one output row per input record: results are early and then refined). It is what a\n"
       "persistent query (CREATE ... AS SELECT) writes to its topic too. It starts at the end\n"
       "of the topics unless 'auto.offset.reset' is 'earliest'. Compare HELP EMIT FINAL."},
      {"EMIT FINAL", "show each window's result once, when the window closes",
       "SELECT ... WINDOW ... GROUP BY ... EMIT FINAL [LIMIT n];",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE STREAM clicks (user STRING KEY, page STRING)\n"
       "  WITH (KAFKA_TOPIC='clicks', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (1000, 'ann', 'home');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (4000, 'ann', 'cart');\n"
       "INSERT INTO clicks (ROWTIME, user, page) VALUES (16000, 'ann', 'home');\n"
       "SELECT user, WINDOWSTART, COUNT(*) AS n FROM clicks\n"
       "  WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 5 SECONDS) GROUP BY user\n"
       "  EMIT FINAL LIMIT 1;",
       HelpKind::kConcept,
       "EMIT FINAL (windowed aggregations only) holds a window's result back until the window\n"
       "closes, when stream time passes its end plus grace (none unless GRACE PERIOD gives\n"
       "one), then shows it once: one row per key and window, never refined. In the example\n"
       "the record of 16 s moves stream time past 10 + 5 s, so the window [0 s, 10 s) comes\n"
       "out with its final count 2; the window [10 s, 20 s) stays open until a later record\n"
       "arrives. Without newer records a window never closes: stream time moves only with\n"
       "event time, not with the clock."},
      {"JOIN", "combine streams and tables on a key: the kinds of join and what they mean",
       "SELECT ... FROM a [alias]\n"
       "  [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL OUTER] JOIN b [alias]\n"
       "  [WITHIN n unit [GRACE PERIOD n unit]] ON a.column = b.column ...",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE TABLE customers (name STRING PRIMARY KEY, city STRING)\n"
       "  WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "CREATE STREAM orders (id STRING KEY, customer STRING, amount INT)\n"
       "  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO customers (ROWTIME, name, city) VALUES (0, 'ann', 'Paris');\n"
       "INSERT INTO orders (ROWTIME, id, customer, amount)\n"
       "  VALUES (1000, 'o1', 'ann', 10);\n"
       "SELECT o.id, amount, city\n"
       "  FROM orders o JOIN customers c ON o.customer = c.name\n"
       "  EMIT CHANGES LIMIT 1;",
       HelpKind::kConcept,
       "A join matches rows whose ON columns are equal, like SQL's, but on data in motion:\n"
       "  stream-stream  INNER, LEFT, RIGHT, FULL OUTER; needs WITHIN (HELP JOIN STREAM-STREAM)\n"
       "  stream-table   INNER, LEFT: each event looks up the table as of its event time\n"
       "                 (HELP JOIN STREAM-TABLE)\n"
       "  table-table    INNER, LEFT, RIGHT, FULL OUTER on both keys (HELP JOIN TABLE-TABLE),\n"
       "                 INNER, LEFT from a left column to the right key (HELP JOIN FOREIGN KEY)\n"
       "INNER keeps only matches; LEFT also keeps left rows without a match (the right columns\n"
       "NULL); RIGHT the reverse; FULL OUTER both. A join with a stream makes a stream, a join\n"
       "of tables a table. Inputs are read in event-time order. Joins chain: a JOIN b ON ...\n"
       "JOIN c ON ...; a join's rows can be aggregated with GROUP BY."},
      {"JOIN STREAM-STREAM", "match events of two streams that happen close in time (WITHIN)",
       "FROM a [INNER | LEFT | RIGHT | FULL OUTER] JOIN b\n"
       "  WITHIN n unit | WITHIN (before unit, after unit) [GRACE PERIOD n unit]\n"
       "  ON a.column = b.column",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE STREAM orders (id STRING KEY, item STRING)\n"
       "  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "CREATE STREAM shipments (order_id STRING KEY, carrier STRING)\n"
       "  WITH (KAFKA_TOPIC='shipments', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO orders (ROWTIME, id, item) VALUES (0, 'o1', 'lamp');\n"
       "INSERT INTO orders (ROWTIME, id, item) VALUES (0, 'o2', 'desk');\n"
       "INSERT INTO shipments (ROWTIME, order_id, carrier)\n"
       "  VALUES (1800000, 'o1', 'post');\n"
       "INSERT INTO shipments (ROWTIME, order_id, carrier)\n"
       "  VALUES (7200000, 'o2', 'van');\n"
       "SELECT o.id, item, carrier FROM orders o\n"
       "  JOIN shipments s WITHIN 1 HOUR GRACE PERIOD 10 MINUTES ON o.id = s.order_id\n"
       "  EMIT CHANGES LIMIT 1;",
       HelpKind::kConcept,
       "Both sides are unbounded, so a stream-stream join must bound how far apart in event\n"
       "time two matching rows may be: WITHIN 1 HOUR matches rows at most an hour apart, either\n"
       "way (WITHIN (0 SECONDS, 1 HOUR): the right row up to an hour after the left one). Each\n"
       "side keeps its rows for WITHIN plus the grace period (24 hours when not given), then\n"
       "forgets them; an older row is late and dropped. In the example o1 shipped after 30\n"
       "minutes and matches; o2 after 2 hours does not. An unmatched LEFT, RIGHT or FULL OUTER\n"
       "row comes out NULL-padded: at once without GRACE PERIOD, with it only when its window\n"
       "has closed without a match. The result is a stream."},
      {"JOIN STREAM-TABLE", "enrich each event with a table's row for its key, as of that moment",
       "FROM stream [INNER | LEFT] JOIN table ON stream.column = table.key_column",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE TABLE customers (name STRING PRIMARY KEY, city STRING)\n"
       "  WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "CREATE STREAM orders (id STRING KEY, customer STRING, amount INT)\n"
       "  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO customers (ROWTIME, name, city) VALUES (0, 'ann', 'Paris');\n"
       "INSERT INTO orders (ROWTIME, id, customer, amount)\n"
       "  VALUES (1000, 'o1', 'ann', 10);\n"
       "INSERT INTO orders (ROWTIME, id, customer, amount)\n"
       "  VALUES (2000, 'o2', 'zed', 20);\n"
       "SELECT o.id, customer, amount, city FROM orders o\n"
       "  LEFT JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 2;",
       HelpKind::kConcept,
       "Each stream row looks up the table's current row for the join key: a lookup, not a\n"
       "window. Only stream rows trigger output; a table update changes what later stream\n"
       "rows see, never earlier results. With LEFT a row without a match comes out with NULL\n"
       "table columns (o2 in the example: no customer zed); with INNER it is dropped. The\n"
       "table side must be joined on its PRIMARY KEY. The result is a stream. No FULL OUTER\n"
       "or RIGHT join: the table has no events of its own to emit."},
      {"JOIN TABLE-TABLE", "join two tables on their keys: a table that follows both",
       "FROM t1 [INNER | LEFT | RIGHT | FULL OUTER] JOIN t2 ON t1.key = t2.key",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE TABLE emails (user STRING PRIMARY KEY, email STRING)\n"
       "  WITH (KAFKA_TOPIC='emails', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "CREATE TABLE phones (user STRING PRIMARY KEY, phone STRING)\n"
       "  WITH (KAFKA_TOPIC='phones', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO emails (ROWTIME, user, email)\n"
       "  VALUES (1000, 'ann', 'ann@example.org');\n"
       "INSERT INTO phones (ROWTIME, user, phone) VALUES (2000, 'bob', '555-0100');\n"
       "INSERT INTO phones (ROWTIME, user, phone) VALUES (3000, 'ann', '555-0199');\n"
       "SELECT ROWKEY, email, phone FROM emails e\n"
       "  FULL OUTER JOIN phones p ON e.user = p.user EMIT CHANGES LIMIT 3;",
       HelpKind::kConcept,
       "A primary-key join of two tables is a table: one row per key, updated whenever either\n"
       "side changes (a changelog, with deletes when a row stops matching). No window is\n"
       "needed, since each table holds one row per key. FULL OUTER keeps keys found on\n"
       "either side and is keyed by ROWKEY; in the example ann first has only an email, then\n"
       "her row is updated when her phone arrives. Joining a non-key column of the left table\n"
       "to the right table's key is a foreign-key join (HELP JOIN FOREIGN KEY)."},
      {"JOIN FOREIGN KEY", "join many rows of one table to one row of another (N:1)",
       "FROM t1 [INNER | LEFT] JOIN t2 ON expression_over_t1 = t2.key",
       "SET 'auto.offset.reset'='earliest';\n"
       "CREATE TABLE customers (name STRING PRIMARY KEY, city STRING)\n"
       "  WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "CREATE TABLE orders (id STRING PRIMARY KEY, customer STRING, amount INT)\n"
       "  WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='JSON', PARTITIONS=1);\n"
       "INSERT INTO customers (ROWTIME, name, city) VALUES (0, 'ann', 'Paris');\n"
       "INSERT INTO orders (ROWTIME, id, customer, amount)\n"
       "  VALUES (1000, 'o1', 'ann', 10);\n"
       "INSERT INTO orders (ROWTIME, id, customer, amount)\n"
       "  VALUES (2000, 'o2', 'ann', 20);\n"
       "INSERT INTO customers (ROWTIME, name, city) VALUES (3000, 'ann', 'Lyon');\n"
       "SELECT o.id, amount, city FROM orders o\n"
       "  JOIN customers c ON o.customer = c.name EMIT CHANGES LIMIT 4;",
       HelpKind::kConcept,
       "A foreign-key join matches any column (or expression) of the left table to the right\n"
       "table's PRIMARY KEY, so many left rows can share one right row. The result is keyed\n"
       "by the left table's key. When the right row changes, every left row pointing at it is\n"
       "emitted again (o1 and o2 move to Lyon in the example); when a left row changes its\n"
       "foreign key, it moves to its new match. INNER and LEFT only, and only as the first\n"
       "join of a chain."},
  };
  return kConcepts;
}

}  // namespace riffle::shell
