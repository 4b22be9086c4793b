// The shell's sink: what .maxrows does to each kind of result, the row count below a complete
// result at a terminal, and the rows the progress line counts.

#include "shell/shell_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace riffle::shell {
namespace {

using RowsKind = ResultSink::RowsKind;

const std::vector<ResultColumn> kColumns = {{"N", Type::Int()}};

// A person at an 80-column terminal, showing at most 3 rows of a complete result.
RenderOptions Terminal() {
  RenderOptions options;
  options.terminal_width = 80;
  options.max_rows = 3;
  options.row_count = true;
  return options;
}

void Rows(ShellSink& sink, RowsKind kind, int n, const std::string& summary) {
  sink.BeginRowsOf(kind, kColumns);
  for (int i = 1; i <= n; ++i) sink.Row({Value::Int(i)});
  sink.EndRows(summary);
}

TEST(ShellSinkTest, PullQueryRowsPastMaxRowsAreCountedNotShown) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  int writes = 0;
  sink.set_before_output([&] { ++writes; });
  Rows(sink, RowsKind::kPull, 10, "Query Completed");
  EXPECT_EQ(out.str(),
            "+---+\n| N |\n+---+\n| 1 |\n| 2 |\n| 3 |\n+---+\n"
            "10 rows; the first 3 shown, 7 rows not shown (.maxrows 0 shows all).\n"
            "Query Completed\n");
  // Begin, three rows, end: the seven rows only counted let the progress line stay.
  EXPECT_EQ(writes, 5);
  EXPECT_EQ(sink.rows_received(), 10u);
}

TEST(ShellSinkTest, CompleteResultsAtATerminalEndWithTheirRowCount) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  Rows(sink, RowsKind::kPull, 2, "Query Completed");
  EXPECT_EQ(out.str(), "+---+\n| N |\n+---+\n| 1 |\n| 2 |\n+---+\n2 rows\nQuery Completed\n");
  // A push query is not a complete result: every row, no count.
  std::ostringstream p_out, p_err;
  ShellSink push(OutputFormat::kTable, p_out, p_err, Terminal());
  Rows(push, RowsKind::kPush, 5, "Limit Reached");
  EXPECT_NE(p_out.str().find("|     5 |\n"), std::string::npos) << p_out.str();
  EXPECT_EQ(p_out.str().find("rows"), std::string::npos) << p_out.str();
}

TEST(ShellSinkTest, JsonAndCsvShowEveryRowAndKeepStdoutData) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kJson, out, err, Terminal());
  Rows(sink, RowsKind::kPull, 5, "Query Completed");
  EXPECT_EQ(out.str(), "{\"N\":1}\n{\"N\":2}\n{\"N\":3}\n{\"N\":4}\n{\"N\":5}\n");
  EXPECT_EQ(err.str(), "Query Completed\n");
}

TEST(ShellSinkTest, HumanFormatsCutPullQueriesToo) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kLine, out, err, Terminal());
  Rows(sink, RowsKind::kPull, 5, "");
  EXPECT_EQ(out.str(),
            "N = 1\n\nN = 2\n\nN = 3\n\n"
            "5 rows; the first 3 shown, 2 rows not shown (.maxrows 0 shows all).\n");
}

TEST(ShellSinkTest, AFileGetsEveryRow) {
  std::string path = ::testing::TempDir() + "shell_sink_test_" + std::to_string(getpid());
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  ASSERT_EQ(sink.RedirectOutput(path, /*once=*/true), "");
  Rows(sink, RowsKind::kPull, 5, "Query Completed");
  sink.StatementDone();
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(),
            "+---+\n| N |\n+---+\n| 1 |\n| 2 |\n| 3 |\n| 4 |\n| 5 |\n+---+\nQuery Completed\n");
  EXPECT_EQ(out.str(), "");
  unlink(path.c_str());
}

TEST(ShellSinkTest, StatementRowsCountOnlyTheCurrentStatement) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  sink.BeginStatement();
  Rows(sink, RowsKind::kPull, 7, "");
  EXPECT_EQ(sink.statement_rows(), 7u);
  sink.BeginStatement();
  EXPECT_EQ(sink.statement_rows(), 0u);
  Rows(sink, RowsKind::kPush, 2, "");
  EXPECT_EQ(sink.statement_rows(), 2u);
  EXPECT_EQ(sink.rows_received(), 9u);
}

TEST(ShellSinkTest, TablesFitATerminalResizedBetweenStatements) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  size_t width = 80;
  sink.set_terminal_size([&] { return std::pair<size_t, size_t>(width, 24); });
  std::vector<std::vector<Value>> rows = {{Value::String(std::string(30, 'x'))}};
  sink.BeginStatement();
  sink.Table({{"S", Type::String()}}, rows);
  EXPECT_NE(out.str().find(std::string(30, 'x') + " |"), std::string::npos) << out.str();
  width = 20;
  out.str("");
  sink.BeginStatement();
  sink.Table({{"S", Type::String()}}, rows);
  EXPECT_NE(out.str().find("| " + std::string(15, 'x') + "\u2026 |"), std::string::npos)
      << out.str();
  EXPECT_EQ(sink.options().terminal_width, 20u);
}

TEST(ShellSinkTest, AResultLeftOpenIsClosedWithItsWarnings) {
  std::ostringstream out, err;
  ShellSink sink(OutputFormat::kTable, out, err, Terminal());
  sink.BeginRowsOf(RowsKind::kPull, kColumns);
  sink.Row({Value::Int(1)});
  sink.Warning("skipped 2 offsets");
  EXPECT_EQ(err.str(), "");
  sink.CloseResult();  // the engine failed before EndRows
  EXPECT_EQ(out.str(), "+---+\n| N |\n+---+\n| 1 |\n+---+\n1 row\n");
  EXPECT_EQ(err.str(), "WARNING: skipped 2 offsets\n");
  sink.CloseResult();  // nothing open: nothing more
  EXPECT_EQ(out.str(), "+---+\n| N |\n+---+\n| 1 |\n+---+\n1 row\n");
}

}  // namespace
}  // namespace riffle::shell
