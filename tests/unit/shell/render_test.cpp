// Exact-output tests for the table, JSON and CSV renderers.

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "shell/display_width.h"
#include "shell/render_csv.h"
#include "shell/render_json.h"
#include "shell/render_table.h"
#include "shell/renderer.h"

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

TEST(TableRendererTest, StreamingSizesFromTypeAndWrapsLongValues) {
  std::ostringstream out, err;
  TableRenderer r(out, err);
  r.BeginRows({{"ID", Type::Int()}, {"S", Type::String()}});
  const std::string header =
      "+-------------+----------------------+\n"
      "| ID          | S                    |\n"
      "+-------------+----------------------+\n";
  EXPECT_EQ(out.str(), header);  // the header is out before any row arrives
  r.Row({Value::Int(42), Value::String("short")});
  r.Row({Value::Int(7), Value::String("abcdefghijklmnopqrstuvwxyz0123456789")});
  r.Row({Value::Null(), Value::Null()});
  r.EndRows("Limit Reached");
  EXPECT_EQ(out.str(), header +
                           "|          42 | short                |\n"
                           "| 7           | abcdefghijklmnopqrst |\n"
                           "|             | uvwxyz0123456789     |\n"
                           "|        null | null                 |\n"
                           "+-------------+----------------------+\n"
                           "Limit Reached\n")
      << out.str();
  EXPECT_EQ(err.str(), "");
}

TEST(TableRendererTest, StreamingNarrowsToTerminalWidth) {
  std::ostringstream out, err;
  TableRenderer r(out, err, RenderOptions{30});
  r.BeginRows({{"A", Type::String()}, {"B", Type::String()}});
  r.Row({Value::String("0123456789abc"), Value::String("x")});
  r.EndRows("");
  EXPECT_EQ(out.str(),
            "+-------------+--------------+\n"
            "| A           | B            |\n"
            "+-------------+--------------+\n"
            "| 0123456789a | x            |\n"
            "| bc          |              |\n"
            "+-------------+--------------+\n")
      << out.str();
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
