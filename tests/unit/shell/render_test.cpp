// Exact-output tests for the table, JSON and CSV renderers.

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "shell/display_width.h"
#include "shell/render_csv.h"
#include "shell/render_json.h"
#include "shell/render_markdown.h"
#include "shell/render_record.h"
#include "shell/render_table.h"
#include "shell/renderer.h"
#include "shell/value_text.h"

namespace riffle::shell {
namespace {

Value Dec(const char* text) { return Value::Dec(Decimal::Parse(text)); }

// Columns of every interesting type, with one row of values and one row of NULLs.
struct Fixture {
  std::vector<ResultColumn> columns = {
      {"ID", Type::Bigint()},
      {"NAME", Type::String()},
      {"PRICE", Type::Decimal(10, 2)},
      {"TAGS", Type::Array(Type::String())},
      {"ATTRS", Type::Map(Type::String(), Type::Int())},
      {"ADDR", Type::Struct({{"CITY", Type::String()}, {"ZIP", Type::Int()}})},
      {"OK", Type::Boolean()},
  };
  std::vector<Value> full = {
      Value::Int(1),
      Value::String("Zoë"),
      Dec("12.30"),
      Value::List({Value::String("a"), Value::Null()}),
      Value::Map({{Value::String("k"), Value::Int(7)}}),
      Value::List({Value::String("Paris"), Value::Int(75001)}),
      Value::Bool(true),
  };
  std::vector<Value> nulls = std::vector<Value>(7);
};

TEST(DisplayWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Zoë"), 3u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute accent
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x98\x80"), 2u);  // emoji
  EXPECT_EQ(DisplayWidth("\xFF"
                         "a"),
            2u);  // invalid byte counts one column
}

// Unicode's own tables (utf8proc), not a short list of blocks: marks of every script take no
// column, and newer emoji and wide punctuation take two.
TEST(DisplayWidthTest, FollowsUnicodeWidthsInEveryScript) {
  EXPECT_EQ(DisplayWidth("\xD7\xA9\xD7\x81"), 1u);          // Hebrew shin + shin dot
  EXPECT_EQ(DisplayWidth("\xE0\xBA\x81\xE0\xBB\x8B"), 1u);  // Lao ko + tone mark
  EXPECT_EQ(DisplayWidth("\xE2\x80\x8D"), 0u);               // zero-width joiner
  EXPECT_EQ(DisplayWidth("\xF0\x9F\xAB\xA0"), 2u);          // U+1FAE0, Unicode 14 emoji
  EXPECT_EQ(DisplayWidth("\xE3\x80\x80"), 2u);               // ideographic space
  EXPECT_EQ(DisplayWidth("\xEF\xBC\x81"), 2u);               // fullwidth exclamation mark
}

TEST(DisplayWidthTest, WrapKeepsEveryByteAndCodePoint) {
  EXPECT_EQ(WrapToWidth("abcdefg", 3), (std::vector<std::string>{"abc", "def", "g"}));
  EXPECT_EQ(WrapToWidth("", 3), (std::vector<std::string>{""}));
  EXPECT_EQ(WrapToWidth("日本語", 3), (std::vector<std::string>{"日", "本", "語"}));
  // A wide character in a 1-column cell still makes progress.
  EXPECT_EQ(WrapToWidth("日本", 1), (std::vector<std::string>{"日", "本"}));
}

TEST(TableRendererTest, TableSizesColumnsToWidestCell) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  Fixture f;
  r.Table(f.columns, {f.full, f.nulls});
  EXPECT_EQ(out.str(),
            "+------+------+-------+-----------+-------+-------------------------+------+\n"
            "| ID   | NAME | PRICE | TAGS      | ATTRS | ADDR                    | OK   |\n"
            "+------+------+-------+-----------+-------+-------------------------+------+\n"
            "|    1 | Zoë  | 12.30 | [a, null] | {k=7} | {CITY=Paris, ZIP=75001} | true |\n"
            "| null | null |  null | null      | null  | null                    | null |\n"
            "+------+------+-------+-----------+-------+-------------------------+------+\n")
      << out.str();
  EXPECT_EQ(err.str(), "");
}

TEST(TableRendererTest, WideCharactersAndControlCharactersStayAligned) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.Table({{"名前", Type::String()}, {"N", Type::Int()}},
          {{Value::String("日本"), Value::Int(5)}, {Value::String("a\nb\tc"), Value::Int(-12)}});
  EXPECT_EQ(out.str(),
            "+---------+-----+\n"
            "| 名前    | N   |\n"
            "+---------+-----+\n"
            "| 日本    |   5 |\n"
            "| a\\nb\\tc | -12 |\n"
            "+---------+-----+\n")
      << out.str();
}

TEST(TableRendererTest, EmptyResultShowsHeaderOnly) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.Table({{"Stream Name", Type::String()}}, {});
  EXPECT_EQ(out.str(),
            "+-------------+\n"
            "| Stream Name |\n"
            "+-------------+\n"
            "+-------------+\n");
}

// A clock the tests move by hand: when a push query's held rows are shown depends on it.
struct FakeClock {
  TableRenderer::Clock::time_point now{};
  std::function<TableRenderer::Clock::time_point()> Fn() {
    return [this] { return now; };
  }
};

TEST(TableRendererTest, PushQuerySizesColumnsFromItsFirstRows) {
  FakeClock clock;
  std::ostringstream out, err;
  TableRenderer r(out, err, {}, clock.Fn());
  r.BeginRows({{"ID", Type::Int()}, {"S", Type::String()}});
  r.Row({Value::Int(42), Value::String("short")});
  r.FlushRows();
  EXPECT_EQ(out.str(), "");  // held back: more rows may come to size the columns from
  clock.now += TableRenderer::kSizingWindow;
  r.Row({Value::Int(7), Value::Null()});
  // Sized from those rows; a number has room for a few more digits than they needed.
  const std::string table =
      "+--------+-------+\n"
      "| ID     | S     |\n"
      "+--------+-------+\n"
      "|     42 | short |\n"
      "|      7 | null  |\n";
  EXPECT_EQ(out.str(), table);
  // Without a terminal nothing is cut: a later, wider value wraps in its cell, and the number
  // beside it stays right-aligned.
  r.Row({Value::Int(3), Value::String("abcdefghij")});
  r.EndRows("Limit Reached");
  EXPECT_EQ(out.str(), table +
                           "|      3 | abcde |\n"
                           "|        | fghij |\n"
                           "+--------+-------+\n"
                           "Limit Reached\n")
      << out.str();
  EXPECT_EQ(err.str(), "");
}

TEST(TableRendererTest, PushQueryWithoutRowsShowsItsHeaderAfterAWhile) {
  FakeClock clock;
  std::ostringstream out, err;
  TableRenderer r(out, err, {}, clock.Fn());
  r.BeginRows({{"ID", Type::Int()}, {"S", Type::String()}});
  r.FlushRows();
  EXPECT_EQ(out.str(), "");
  clock.now += TableRenderer::kHeaderWait;
  r.FlushRows();
  // No row to size from: room for typical values of the types.
  EXPECT_EQ(out.str(),
            "+-------------+----------------------+\n"
            "| ID          | S                    |\n"
            "+-------------+----------------------+\n");
  EXPECT_FALSE(r.HoldingRows());
}

TEST(TableRendererTest, AtATerminalEveryRowIsOneLine) {
  FakeClock clock;
  RenderOptions options;
  options.terminal_width = 30;
  std::ostringstream out, err;
  TableRenderer r(out, err, options, clock.Fn());
  r.BeginRows({{"A", Type::String()}, {"N", Type::Bigint()}});
  r.Row({Value::String("0123456789abcdefghij0123456789"), Value::Int(5)});
  clock.now += TableRenderer::kSizingWindow;
  r.FlushRows();
  r.Row({Value::String(std::string(60, 'y')), Value::Int(123456789)});
  r.EndRows("");
  // N has room for 4 more digits than its first rows needed; A gives way to fit 30 columns.
  EXPECT_EQ(out.str(),
            "+--------------------+-------+\n"
            "| A                  | N     |\n"
            "+--------------------+-------+\n"
            "| 0123456789abcdefg… |     5 |\n"
            "| yyyyyyyyyyyyyyyyy… | 1234… |\n"
            "+--------------------+-------+\n")
      << out.str();
}

TEST(TableRendererTest, PullQueryIsShownOnceItsShownRowsAreIn) {
  RenderOptions options;
  options.max_rows = 2;
  std::ostringstream out, err;
  TableRenderer r(out, err, options);
  r.BeginRowsOf(ResultSink::RowsKind::kPull, {{"ID", Type::Int()}});
  r.Row({Value::Int(1)});
  EXPECT_EQ(out.str(), "");
  r.Row({Value::Int(1000)});
  EXPECT_EQ(out.str(), "+------+\n| ID   |\n+------+\n|    1 |\n| 1000 |\n");
  r.EndRows("Query Completed");
  EXPECT_EQ(out.str(), "+------+\n| ID   |\n+------+\n|    1 |\n| 1000 |\n+------+\n"
                       "Query Completed\n");
  // An empty pull query: its header, sized to the names alone.
  std::ostringstream e_out, e_err;
  TableRenderer empty(e_out, e_err, options);
  empty.BeginRowsOf(ResultSink::RowsKind::kPull, {{"ID", Type::Int()}});
  empty.EndRows("");
  EXPECT_EQ(e_out.str(), "+----+\n| ID |\n+----+\n+----+\n");
}

TEST(TableRendererTest, WarningsComeAfterTheTable) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.BeginRowsOf(ResultSink::RowsKind::kPull, {{"ID", Type::Int()}});
  r.Row({Value::Int(1)});
  r.Warning("skipped 3 offsets");
  EXPECT_EQ(err.str(), "");
  r.EndRows("Query Completed");
  EXPECT_EQ(out.str(), "+----+\n| ID |\n+----+\n|  1 |\n+----+\nQuery Completed\n");
  EXPECT_EQ(err.str(), "WARNING: skipped 3 offsets\n");
  r.Warning("now");  // no result open: at once
  EXPECT_EQ(err.str(), "WARNING: skipped 3 offsets\nWARNING: now\n");
}

// SHOW JOBS at 80 columns: the query id stays whole while the wide columns give way.
TEST(TableRendererTest, TheFirstColumnIsNotCutBeforeTheOthers) {
  ColumnLayout layout = LayOutColumns({22, 12, 7, 40, 60}, 80);
  ASSERT_FALSE(layout.widths.empty());
  EXPECT_EQ(layout.source[0], 0u);
  EXPECT_EQ(layout.widths[0], 22u);  // "CSAS_BIG_ORDERS_FAST_1"
  size_t total = 1;
  for (size_t w : layout.widths) total += w + 3;
  EXPECT_LE(total, 80u);
}

TEST(TableRendererTest, TooManyColumnsForTheTerminalLeaveOutTheMiddleOnes) {
  ColumnLayout all = LayOutColumns({10, 10, 10, 10, 10}, 0);
  EXPECT_EQ(all.source, (std::vector<size_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(all.hidden, 0u);
  ColumnLayout fit = LayOutColumns({10, 10, 10, 10, 10}, 40);
  EXPECT_EQ(fit.source, (std::vector<size_t>{0, 1, ColumnLayout::kGap, 4}));
  // The first column names the row: it keeps its width (up to a third of the terminal).
  EXPECT_EQ(fit.widths, (std::vector<size_t>{10, 8, 1, 8}));
  EXPECT_EQ(fit.hidden, 2u);
  EXPECT_EQ(fit.Project({"a", "b", "c", "d", "e"}),
            (std::vector<std::string>{"a", "b", "\u2026", "e"}));

  RenderOptions options;
  options.terminal_width = 30;
  std::ostringstream out, err;
  TableRenderer r(out, err, options);
  r.Table({{"ALPHA", Type::Int()},
           {"BRAVO", Type::Int()},
           {"CHARLIE", Type::Int()},
           {"DELTA", Type::Int()}},
          {{Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4)}});
  EXPECT_EQ(out.str(),
            "+-------+-------+---+-------+\n"
            "| ALPHA | BRAVO | \u2026 | DELTA |\n"
            "+-------+-------+---+-------+\n"
            "|     1 |     2 | \u2026 |     4 |\n"
            "+-------+-------+---+-------+\n"
            "1 of 4 columns not shown to fit the terminal (.mode vertical shows them all).\n")
      << out.str();
}

TEST(TableRendererTest, PrintShowsOneLinePerRecordAsKsqlDbDoes) {
  std::vector<ResultColumn> columns = {{"ROWTIME", Type::Timestamp()},
                                       {"PARTITION", Type::Int()},
                                       {"OFFSET", Type::Bigint()},
                                       {"KEY", Type::String()},
                                       {"VALUE", Type::String()}};
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.BeginRowsOf(ResultSink::RowsKind::kPrint, columns);
  r.Row({Value::Int(1735689600123), Value::Int(0), Value::Int(5), Value::Null(),
         Value::String("{\"ID\":1}")});
  r.Row({Value::Int(-1), Value::Int(2), Value::Int(6), Value::String("k\n1"), Value::Null()});
  r.EndRows("Limit Reached");
  EXPECT_EQ(out.str(),
            "rowtime: 2025/01/01 00:00:00.123 Z, key: <null>, value: {\"ID\":1}, partition: 0\n"
            "rowtime: N/A, key: k\\n1, value: <null>, partition: 2\n"
            "Limit Reached\n");
}

TEST(TableRendererTest, NoticesToStdoutWarningsAndErrorsToStderr) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.Notice("Stream ORDERS created.");
  r.Warning("3 records failed to decode");
  r.Error("ERROR parse at 1:1: unexpected 'SELEC'\n");
  EXPECT_EQ(out.str(), "Stream ORDERS created.\n");
  EXPECT_EQ(err.str(),
            "WARNING: 3 records failed to decode\n"
            "ERROR parse at 1:1: unexpected 'SELEC'\n");
}

TEST(WindowBoundsTest, TimestampsInTheHumanFormatsNumbersInJsonAndCsv) {
  std::vector<ResultColumn> columns = {{"K", Type::String()},
                                       {"WINDOWSTART", Type::Bigint()},
                                       {"WE", Type::Bigint()},
                                       {"N", Type::Bigint()}};
  columns[1].window_bound = true;
  columns[2].window_bound = true;
  std::vector<Value> row = {Value::String("a"), Value::Int(1796637600000),
                            Value::Int(1796637605000), Value::Int(3)};
  std::ostringstream table, err;
  TableRenderer(table, err).Table(columns, {row});
  EXPECT_EQ(table.str(),
            "+---+-------------------------+-------------------------+---+\n"
            "| K | WINDOWSTART             | WE                      | N |\n"
            "+---+-------------------------+-------------------------+---+\n"
            "| a | 2026-12-07 10:00:00.000 | 2026-12-07 10:00:05.000 | 3 |\n"
            "+---+-------------------------+-------------------------+---+\n");
  std::ostringstream json, csv;
  JsonRenderer(json, err).Table(columns, {row});
  EXPECT_EQ(json.str(),
            "{\"K\":\"a\",\"WINDOWSTART\":1796637600000,\"WE\":1796637605000,\"N\":3}\n");
  MakeRenderer(OutputFormat::kCsv, csv, err)->Table(columns, {row});
  EXPECT_NE(csv.str().find("a,1796637600000,1796637605000,3"), std::string::npos) << csv.str();
  // A NULL bound (never the case today) stays NULL; the vertical format shows timestamps too.
  std::ostringstream vertical;
  MakeRenderer(OutputFormat::kVertical, vertical, err)->Table(columns, {row});
  EXPECT_NE(vertical.str().find("2026-12-07 10:00:05.000"), std::string::npos) << vertical.str();
  EXPECT_EQ(TimestampText(0), "1970-01-01 00:00:00.000");
}

// The type line says what the cells show: a window bound is a timestamp on screen, while its
// schema type (DESCRIBE's) stays BIGINT.
TEST(WindowBoundsTest, TheTypeLineSaysTimestampAboveWindowBounds) {
  std::vector<ResultColumn> columns = {
      {"K", Type::String()}, {"WINDOWSTART", Type::Bigint()}, {"N", Type::Bigint()}};
  columns[1].window_bound = true;
  RenderOptions options;
  options.show_types = true;
  std::ostringstream out, err;
  TableRenderer table(out, err, options);
  table.BeginRows(columns);
  table.Row({Value::String("a"), Value::Int(1796637600000), Value::Int(3)});
  table.EndRows("");
  EXPECT_NE(out.str().find("| K      | WINDOWSTART             | N      |\n"
                           "| STRING | TIMESTAMP               | BIGINT |\n"),
            std::string::npos)
      << out.str();
  EXPECT_EQ(ColumnTypeLabel(columns[1]), "TIMESTAMP");
  EXPECT_EQ(ColumnTypeLabel(columns[2]), "BIGINT");
}

// Cut to fit, a timestamp loses its year, then its date, then its hour: the seconds and
// milliseconds stay longest.
TEST(WindowBoundsTest, NarrowTimestampsKeepTheirTimeOfDay) {
  const std::string ts = "2026-12-07 10:11:12.345";
  const std::string e = "\xE2\x80\xA6";  // the ellipsis
  EXPECT_EQ(FitTimestampToWidth(ts, 23), ts);
  EXPECT_EQ(FitTimestampToWidth(ts, 22), e + "12-07 10:11:12.345");
  EXPECT_EQ(FitTimestampToWidth(ts, 18), e + "10:11:12.345");
  EXPECT_EQ(FitTimestampToWidth(ts, 13), e + "10:11:12.345");
  EXPECT_EQ(FitTimestampToWidth(ts, 12), e + "11:12.345");
  EXPECT_EQ(FitTimestampToWidth(ts, 8), e + "12.345");
  EXPECT_EQ(FitTimestampToWidth(ts, 5), "2026" + e);
  EXPECT_EQ(FitTimestampToWidth("2026-12-07T10:11:12.345", 13), e + "10:11:12.345");
  EXPECT_EQ(FitTimestampToWidth("null", 3), "nu" + e);
  EXPECT_EQ(FitTimestampToWidth("not a timestamp at all", 8), "not a t" + e);

  // In a table cut to the terminal: window bounds and TIMESTAMP columns alike.
  std::vector<ResultColumn> columns = {{"WINDOWSTART", Type::Bigint()}, {"AT", Type::Timestamp()}};
  columns[0].window_bound = true;
  RenderOptions options;
  options.terminal_width = 33;
  std::ostringstream out, err;
  TableRenderer(out, err, options)
      .Table(columns, {{Value::Int(1796638272345), Value::Int(1796638272345)}});
  EXPECT_NE(out.str().find("| " + e + "10:11:12.345 | " + e + "10:11:12.345 |"), std::string::npos)
      << out.str();
}

TEST(JsonRendererTest, OneObjectPerRowWithTypedValues) {
  std::ostringstream out, err;
  JsonRenderer r(out, err);
  Fixture f;
  r.Table(f.columns, {f.full, f.nulls});
  EXPECT_EQ(out.str(),
            "{\"ID\":1,\"NAME\":\"Zoë\",\"PRICE\":12.30,\"TAGS\":[\"a\",null],"
            "\"ATTRS\":{\"k\":7},\"ADDR\":{\"CITY\":\"Paris\",\"ZIP\":75001},\"OK\":true}\n"
            "{\"ID\":null,\"NAME\":null,\"PRICE\":null,\"TAGS\":null,\"ATTRS\":null,"
            "\"ADDR\":null,\"OK\":null}\n");
  EXPECT_EQ(err.str(), "");
}

TEST(JsonRendererTest, DecimalsAreExactAndDoublesRoundTrip) {
  EXPECT_EQ(ValueToJson(Dec("12345678901234567890.123456789"), Type::Decimal(38, 9)),
            "12345678901234567890.123456789");
  EXPECT_EQ(ValueToJson(Dec("-0.50"), Type::Decimal(3, 2)), "-0.50");
  EXPECT_EQ(ValueToJson(Value::Double(0.1), Type::Double()), "0.1");
  EXPECT_EQ(ValueToJson(Value::Double(1.0), Type::Double()), "1.0");
  EXPECT_EQ(ValueToJson(Value::Double(std::numeric_limits<double>::quiet_NaN()), Type::Double()),
            "\"NaN\"");
  EXPECT_EQ(ValueToJson(Value::Double(-std::numeric_limits<double>::infinity()), Type::Double()),
            "\"-Infinity\"");
  EXPECT_EQ(ValueToJson(Value::Int(-9223372036854775807LL - 1), Type::Bigint()),
            "-9223372036854775808");
}

TEST(JsonRendererTest, TemporalBytesAndEscapes) {
  EXPECT_EQ(ValueToJson(Value::Int(0), Type::Timestamp()), "\"1970-01-01T00:00:00.000\"");
  EXPECT_EQ(ValueToJson(Value::Int(1), Type::Date()), "\"1970-01-02\"");
  EXPECT_EQ(ValueToJson(Value::String("hi"), Type::Bytes()), "\"aGk=\"");
  EXPECT_EQ(ValueToJson(Value::String("a\"b\\c\n\x01"), Type::String()),
            "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(ValueToJson(Value::String("日本"), Type::String()), "\"日本\"");
  // Invalid UTF-8 does not fail the row.
  EXPECT_EQ(ValueToJson(Value::String("a\xFF"), Type::String()), "\"a\xEF\xBF\xBD\"");
  // Non-string map keys are shown as text.
  EXPECT_EQ(ValueToJson(Value::Map({{Value::Int(1), Value::Bool(false)}}),
                        Type::Map(Type::Int(), Type::Boolean())),
            "{\"1\":false}");
  // Nested NULLs inside structs and arrays.
  EXPECT_EQ(ValueToJson(Value::List({Value::List({Value::Null(), Value::Int(2)})}),
                        Type::Array(Type::Struct({{"A", Type::Int()}, {"B", Type::Int()}}))),
            "[{\"A\":null,\"B\":2}]");
}

TEST(JsonRendererTest, MismatchedOrUnknownTypesNeverThrow) {
  EXPECT_EQ(ValueToJson(Value::String("x"), Type::Int()), "\"x\"");
  EXPECT_EQ(ValueToJson(Value::Int(3), nullptr), "3");
  EXPECT_EQ(RowToJson({}, {Value::Int(1)}), "{\"_0\":1}");
}

TEST(JsonRendererTest, StreamingRowsAndSummaryToStderr) {
  std::ostringstream out, err;
  JsonRenderer r(out, err);
  r.Notice("Stream S created.");
  r.BeginRows({{"A", Type::Int()}});
  r.Row({Value::Int(1)});
  EXPECT_EQ(out.str(), "{\"A\":1}\n");
  r.Row({Value::Null()});
  r.EndRows("Query terminated");
  EXPECT_EQ(out.str(), "{\"A\":1}\n{\"A\":null}\n");
  EXPECT_EQ(err.str(), "Stream S created.\nQuery terminated\n");
}

TEST(JsonRendererTest, PrintKeysAndValuesThatAreJsonStayJson) {
  std::vector<ResultColumn> columns = {{"ROWTIME", Type::Timestamp()},
                                       {"PARTITION", Type::Int()},
                                       {"OFFSET", Type::Bigint()},
                                       {"KEY", Type::String()},
                                       {"VALUE", Type::String()}};
  std::ostringstream out, err;
  JsonRenderer r(out, err);
  r.BeginRowsOf(ResultSink::RowsKind::kPrint, columns);
  // Kept as written (2.50 stays 2.50); text that is not JSON stays a string.
  r.Row({Value::Int(0), Value::Int(0), Value::Int(1), Value::String("42"),
         Value::String(" {\"A\": [1, 2.50]} ")});
  r.Row({Value::Int(0), Value::Int(0), Value::Int(2), Value::Null(), Value::String("hello")});
  // JSON over several lines is made one line: a JSON line cannot span lines.
  r.Row({Value::Int(0), Value::Int(0), Value::Int(3), Value::String("\"k\""),
         Value::String("{\n  \"A\": 1\n}")});
  r.EndRows("Limit Reached");
  EXPECT_EQ(out.str(),
            "{\"ROWTIME\":\"1970-01-01T00:00:00.000\",\"PARTITION\":0,\"OFFSET\":1,\"KEY\":42,"
            "\"VALUE\":{\"A\": [1, 2.50]}}\n"
            "{\"ROWTIME\":\"1970-01-01T00:00:00.000\",\"PARTITION\":0,\"OFFSET\":2,\"KEY\":null,"
            "\"VALUE\":\"hello\"}\n"
            "{\"ROWTIME\":\"1970-01-01T00:00:00.000\",\"PARTITION\":0,\"OFFSET\":3,\"KEY\":\"k\","
            "\"VALUE\":{\"A\":1}}\n");
  // A query's STRING column named VALUE is a string, JSON or not.
  std::ostringstream q_out, q_err;
  JsonRenderer query(q_out, q_err);
  query.BeginRowsOf(ResultSink::RowsKind::kPush, {{"VALUE", Type::String()}});
  query.Row({Value::String("{}")});
  EXPECT_EQ(q_out.str(), "{\"VALUE\":\"{}\"}\n");
}

TEST(CsvRendererTest, HeaderThenRfc4180Records) {
  std::ostringstream out, err;
  CsvRenderer r(out, err);
  Fixture f;
  r.Table(f.columns, {f.full, f.nulls});
  EXPECT_EQ(out.str(),
            "ID,NAME,PRICE,TAGS,ATTRS,ADDR,OK\r\n"
            "1,Zoë,12.30,\"[a, null]\",{k=7},\"{CITY=Paris, ZIP=75001}\",true\r\n"
            ",,,,,,\r\n");
}

TEST(CsvRendererTest, QuotingRules) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "\"\"");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField("日本"), "日本");
}

TEST(CsvRendererTest, NullIsEmptyAndEmptyStringIsQuoted) {
  std::ostringstream out, err;
  CsvRenderer r(out, err);
  r.BeginRows({{"A", Type::String()}, {"B", Type::String()}});
  r.Row({Value::Null(), Value::String("")});
  r.EndRows("Limit Reached");
  EXPECT_EQ(out.str(), "A,B\r\n,\"\"\r\n");
  EXPECT_EQ(err.str(), "Limit Reached\n");
}

TEST(RendererFactoryTest, MakesEachFormat) {
  std::ostringstream out, err;
  std::vector<ResultColumn> cols = {{"X", Type::Int()}};
  MakeRenderer(OutputFormat::kCsv, out, err)->Table(cols, {{Value::Int(1)}});
  MakeRenderer(OutputFormat::kJson, out, err)->Table(cols, {{Value::Int(2)}});
  MakeRenderer(OutputFormat::kTable, out, err)->Table(cols, {{Value::Int(3)}});
  EXPECT_EQ(out.str(), "X\r\n1\r\n{\"X\":2}\n+---+\n| X |\n+---+\n| 3 |\n+---+\n");
}

}  // namespace
}  // namespace riffle::shell

namespace riffle::shell {
namespace {

std::vector<ResultColumn> TwoColumns() { return {{"ID", Type::Int()}, {"NAME", Type::String()}}; }

TEST(RenderModesTest, MarkdownEscapesPipesAndRightAlignsNumbers) {
  std::ostringstream out, err;
  MarkdownRenderer r(out, err);
  r.Table(TwoColumns(), {{Value::Int(1), Value::String("a|b")}, {Value::Int(22), Value::Null()}});
  EXPECT_EQ(out.str(),
            "| ID  | NAME |\n"
            "| --: | ---- |\n"
            "|   1 | a\\|b |\n"
            "|  22 | null |\n");
  std::ostringstream s_out, s_err;
  MarkdownRenderer streaming(s_out, s_err);
  streaming.BeginRows(TwoColumns());
  streaming.Row({Value::Int(1), Value::String("x")});
  streaming.EndRows("Limit Reached");
  EXPECT_EQ(s_out.str(), "| ID | NAME |\n| --: | --- |\n| 1 | x |\nLimit Reached\n");
}

TEST(RenderModesTest, LineAndVerticalShowOneFieldPerLine) {
  std::ostringstream out, err;
  RecordRenderer line(RecordStyle::kLine, out, err);
  line.Table(TwoColumns(), {{Value::Int(1), Value::String("a")}, {Value::Int(2), Value::Null()}});
  EXPECT_EQ(out.str(), "  ID = 1\nNAME = a\n\n  ID = 2\nNAME = null\n");
  std::ostringstream v_out, v_err;
  RecordRenderer vertical(RecordStyle::kVertical, v_out, v_err);
  vertical.BeginRows(TwoColumns());
  vertical.Row({Value::Int(1), Value::String("a\nb")});
  vertical.Row({Value::Int(2), Value::String("c")});
  vertical.EndRows("Query Completed");
  EXPECT_EQ(v_out.str(),
            "-[ RECORD 1 ]--\nID   | 1\nNAME | a\\nb\n-[ RECORD 2 ]--\nID   | 2\nNAME | c\n"
            "Query Completed\n");
}

TEST(RenderModesTest, MaxRowsCountsWhatIsNotShown) {
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 5; ++i) rows.push_back({Value::Int(i), Value::String("r")});
  RenderOptions options;
  options.max_rows = 2;
  std::ostringstream out, err;
  TableRenderer table(out, err, options);
  table.Table(TwoColumns(), rows);
  EXPECT_EQ(out.str(),
            "+----+------+\n| ID | NAME |\n+----+------+\n|  0 | r    |\n|  1 | r    |\n"
            "+----+------+\n"
            "5 rows; the first 2 shown, 3 rows not shown (.maxrows 0 shows all).\n");
  std::ostringstream v_out, v_err;
  RecordRenderer vertical(RecordStyle::kVertical, v_out, v_err, options);
  vertical.Table(TwoColumns(), rows);
  EXPECT_NE(v_out.str().find("-[ RECORD 2 ]"), std::string::npos);
  EXPECT_EQ(v_out.str().find("-[ RECORD 3 ]"), std::string::npos);
  EXPECT_NE(v_out.str().find("3 rows not shown"), std::string::npos);
  EXPECT_EQ(RowCountFooter(3, 3, false), "");
  EXPECT_EQ(RowCountFooter(3, 3, true), "3 rows");
  EXPECT_EQ(RowCountFooter(1, 1, true), "1 row");
  EXPECT_EQ(RowCountFooter(0, 0, true), "0 rows");
  EXPECT_EQ(RowCountFooter(300000, 40, false),
            "300,000 rows; the first 40 shown, 299,960 rows not shown (.maxrows 0 shows all).");
  EXPECT_EQ(RowCountFooter(4, 3, false),
            "4 rows; the first 3 shown, 1 row not shown (.maxrows 0 shows all).");
}

TEST(RenderModesTest, CompleteTablesAtATerminalSayHowManyRowsTheyHave) {
  RenderOptions options;
  options.row_count = true;
  std::ostringstream out, err;
  TableRenderer table(out, err, options);
  table.Table(TwoColumns(), {{Value::Int(1), Value::String("a")}});
  EXPECT_EQ(out.str(), "+----+------+\n| ID | NAME |\n+----+------+\n|  1 | a    |\n"
                       "+----+------+\n1 row\n");
}

TEST(RenderModesTest, CompleteTablesFitTheTerminalWithAnEllipsis) {
  RenderOptions options;
  options.terminal_width = 30;
  std::ostringstream out, err;
  TableRenderer table(out, err, options);
  table.Table(TwoColumns(), {{Value::Int(1), Value::String(std::string(40, 'x'))}});
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(DisplayWidth(line), 30u) << line;
  EXPECT_NE(out.str().find("xxx\xE2\x80\xA6 |"), std::string::npos) << out.str();
  EXPECT_EQ(TruncateToWidth("abcdef", 4), "abc\xE2\x80\xA6");
  EXPECT_EQ(TruncateToWidth("abcd", 4), "abcd");
  EXPECT_EQ(TruncateToWidth("日本語", 4), "日\xE2\x80\xA6");
}

TEST(RenderModesTest, StreamingHeaderShowsTypesAndRepeatsEveryScreenful) {
  RenderOptions options;
  options.show_types = true;
  options.terminal_height = 10;
  std::ostringstream out, err;
  TableRenderer table(out, err, options);
  table.BeginRows(TwoColumns());
  for (int i = 0; i < 12; ++i) table.Row({Value::Int(i), Value::String("v")});
  table.EndRows("");
  const std::string text = out.str();
  EXPECT_NE(text.find("| ID      | NAME   |\n"
                      "| INTEGER | STRING |\n"),
            std::string::npos)
      << text;
  size_t headers = 0;
  for (size_t at = text.find("| INTEGER"); at != std::string::npos;
       at = text.find("| INTEGER", at + 1)) {
    ++headers;
  }
  // 10 lines: 4 header lines + 5 rows per screenful (one line left for the prompt).
  EXPECT_EQ(headers, 3u) << text;
}

TEST(RenderModesTest, ColoursOnlyWhenAsked) {
  std::ostringstream out, err;
  RenderOptions options;
  options.color = true;
  TableRenderer coloured(out, err, options);
  coloured.Error("ERROR parse: x");
  coloured.Table(TwoColumns(), {});
  EXPECT_EQ(err.str(), "\x1b[31mERROR parse: x\x1b[0m\n");
  EXPECT_NE(out.str().find("\x1b[1mID\x1b[0m"), std::string::npos);
  std::ostringstream plain_out, plain_err;
  TableRenderer plain(plain_out, plain_err);
  plain.Error("ERROR parse: x");
  plain.Table(TwoColumns(), {});
  EXPECT_EQ((plain_out.str() + plain_err.str()).find('\x1b'), std::string::npos);
}

TEST(RenderModesTest, FormatNamesRoundTrip) {
  for (const char* name : {"table", "json", "csv", "markdown", "line", "vertical"}) {
    auto format = ParseOutputFormat(name);
    ASSERT_TRUE(format.has_value()) << name;
    EXPECT_STREQ(OutputFormatName(*format), name);
  }
  EXPECT_FALSE(ParseOutputFormat("xml").has_value());
  EXPECT_EQ(OutputFormatChoices(), "table|json|csv|markdown|line|vertical");
}

}  // namespace
}  // namespace riffle::shell
