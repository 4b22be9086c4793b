// The statement loop with a fake engine and a scripted line reader.

#include "shell/repl.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "shell/shell_sink.h"
#include "shell/statement_help.h"
#include "tests/unit/shell/fake_engine.h"

namespace riffle::shell {
namespace {

using Strings = std::vector<std::string>;
using testing::FakeEngine;

class ScriptedReader : public LineReader {
 public:
  ScriptedReader(bool interactive, std::vector<ReadResult> script)
      : interactive_(interactive), script_(std::move(script)) {}

  ReadResult Read(const std::string& prompt) override {
    prompts.push_back(prompt);
    if (next_ >= script_.size()) return ReadResult{};
    return script_[next_++];
  }
  void AddHistory(const std::string& entry) override { history.push_back(entry); }
  bool interactive() const override { return interactive_; }

  Strings prompts;
  Strings history;

 private:
  bool interactive_;
  std::vector<ReadResult> script_;
  size_t next_ = 0;
};

ReadResult Line(std::string text) { return {ReadResult::Status::kLine, std::move(text)}; }
ReadResult CtrlC() { return {ReadResult::Status::kInterrupted, ""}; }

class ReplTest : public ::testing::Test {
 protected:
  void SetUp() override { interrupts_.Drain(); }

  FakeEngine engine_;
  std::ostringstream out_, err_;
  ShellSink sink_{OutputFormat::kTable, out_, err_, RenderOptions{}};
  InterruptPipe& interrupts_ = InterruptPipe::Install();
};

TEST_F(ReplTest, InteractiveRunsStatementsWithPromptsAndHistory) {
  ScriptedReader reader(true, {Line("SHOW STREAMS;"), Line("SELECT a,"), Line("  b FROM s;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_FALSE(outcome.any_failed);
  EXPECT_FALSE(outcome.exited);
  EXPECT_EQ(engine_.executed, (Strings{"SHOW STREAMS;", "SELECT a,\n  b FROM s;"}));
  EXPECT_EQ(reader.prompts, (Strings{"riffle> ", "riffle> ", "      > ", "riffle> "}));
  EXPECT_EQ(reader.history, (Strings{"SHOW STREAMS;", "SELECT a,\n  b FROM s;"}));
  EXPECT_TRUE(engine_.last_continue_on_error);
  EXPECT_EQ(out_.str(), "ran: SHOW STREAMS;\nran: SELECT a,\n  b FROM s;\n");
}

TEST_F(ReplTest, PromptsAreAligned) {
  EXPECT_EQ(std::string(kPrompt).size(), std::string(kContinuationPrompt).size());
}

TEST_F(ReplTest, CtrlCWhileTypingDropsTheUnfinishedStatement) {
  ScriptedReader reader(true, {Line("SELECT a,"), CtrlC(), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  repl.Run(reader);
  EXPECT_EQ(engine_.executed, Strings{"SHOW TABLES;"});
  EXPECT_EQ(reader.prompts, (Strings{"riffle> ", "      > ", "riffle> ", "riffle> "}));
  EXPECT_EQ(reader.history, Strings{"SHOW TABLES;"});
}

TEST_F(ReplTest, CtrlCWhileRunningCancelsAndReturnsToThePrompt) {
  ScriptedReader reader(true, {Line("SELECT BLOCK; SHOW TABLES;"), Line("SHOW STREAMS;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(engine_.total_cancels, 1);
  // The statement queued behind the cancelled one on the same line is dropped.
  EXPECT_EQ(engine_.executed, (Strings{"SELECT BLOCK;", "SHOW STREAMS;"}));
  EXPECT_NE(out_.str().find("Query terminated\n"), std::string::npos) << out_.str();
  EXPECT_EQ(reader.prompts, (Strings{"riffle> ", "riffle> ", "riffle> "}));
}

TEST_F(ReplTest, ExitAndQuitEndTheSessionOnlyAtThePrimaryPrompt) {
  ScriptedReader reader(
      true, {Line("SELECT"), Line("exit"), Line(";"), Line("quit"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.exited);
  EXPECT_EQ(engine_.executed, Strings{"SELECT\nexit;"});
}

TEST_F(ReplTest, InteractiveHistoryIsPersisted) {
  std::string path = ::testing::TempDir() + "riffle_repl_history_" + std::to_string(getpid());
  std::remove(path.c_str());
  {
    HistoryFile history(path);
    ScriptedReader reader(true, {Line("SELECT 1"), Line("  FROM s;")});
    Repl repl(engine_, sink_, interrupts_, &history);
    repl.Run(reader);
  }
  HistoryFile reloaded(path);
  EXPECT_EQ(reloaded.Load(), Strings{"SELECT 1\n  FROM s;"});
  std::remove(path.c_str());
}

TEST_F(ReplTest, ScriptContinuesAfterErrorsAndRunsUnterminatedLastStatement) {
  ScriptedReader reader(false, {Line("SHOW STREAMS; FAIL NOW;"), Line("SHOW"), Line("TABLES")});
  std::string path = ::testing::TempDir() + "riffle_repl_nohistory_" + std::to_string(getpid());
  HistoryFile history(path);
  Repl repl(engine_, sink_, interrupts_, &history);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.any_failed);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(engine_.executed, (Strings{"SHOW STREAMS;", "FAIL NOW;", "SHOW\nTABLES"}));
  EXPECT_TRUE(reader.history.empty());
  EXPECT_TRUE(history.Load().empty());  // scripts never write history
  EXPECT_EQ(err_.str(), "ERROR runtime: failed: FAIL NOW;\n");
}

TEST_F(ReplTest, ScriptStopsOnCtrlC) {
  ScriptedReader reader(false, {Line("SELECT BLOCK; SHOW TABLES;"), Line("SHOW STREAMS;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(engine_.executed, Strings{"SELECT BLOCK;"});
  EXPECT_EQ(engine_.total_cancels, 1);
}

TEST_F(ReplTest, ScriptStopsWhenInterruptedWhileReading) {
  ScriptedReader reader(false, {Line("SHOW STREAMS;"), CtrlC(), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(engine_.executed, Strings{"SHOW STREAMS;"});
}

TEST_F(ReplTest, EngineExceptionIsReportedAndTheLoopGoesOn) {
  ScriptedReader reader(true, {Line("THROW;"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.any_failed);
  EXPECT_EQ(engine_.executed, (Strings{"THROW;", "SHOW TABLES;"}));
  EXPECT_EQ(err_.str(), "ERROR internal: boom\n");
}

TEST_F(ReplTest, EchoShowsEachStatementAsIfTyped) {
  EXPECT_EQ(EchoStatement("SELECT a,\n  b FROM s;"), "riffle> SELECT a,\n      >   b FROM s;");
  ScriptedReader reader(false, {Line("SHOW"), Line("STREAMS;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  repl.set_echo(true);
  repl.Run(reader);
  EXPECT_EQ(out_.str(), "riffle> SHOW\n      > STREAMS;\nran: SHOW\nSTREAMS;\n");
}

TEST_F(ReplTest, DotModeSwitchesTheRendererForTheNextStatements) {
  ScriptedReader reader(
      false, {Line(".mode json"), Line("SHOW STREAMS;"), Line(".mode"), Line(".mode table")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_FALSE(outcome.any_failed);
  EXPECT_EQ(engine_.executed, Strings{"SHOW STREAMS;"});
  EXPECT_EQ(sink_.format(), OutputFormat::kTable);
  // In json mode notices go to stderr, keeping stdout machine-readable.
  EXPECT_EQ(err_.str(), "ran: SHOW STREAMS;\nOutput mode: json\n");
}

TEST_F(ReplTest, DotCommandArgumentsAreCheckedAgainstTheTable) {
  ScriptedReader reader(false, {Line(".mode xml"), Line(".timer maybe"), Line(".maxrows many"),
                                Line(".once"), Line(".quit now"), Line(".nope")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.any_failed);
  EXPECT_FALSE(outcome.exited);
  EXPECT_TRUE(engine_.executed.empty());
  const std::string err = err_.str();
  EXPECT_NE(err.find(".mode: 'xml' is not one of table, json, csv, markdown, line, vertical"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find(".timer: 'maybe' is not one of on, off"), std::string::npos) << err;
  EXPECT_NE(err.find(".maxrows: 'many' is not a whole number"), std::string::npos) << err;
  EXPECT_NE(err.find(".once needs an argument. Usage: .once FILE"), std::string::npos) << err;
  EXPECT_NE(err.find(".quit takes no arguments"), std::string::npos) << err;
  EXPECT_NE(err.find("unknown command '.nope'"), std::string::npos) << err;
}

TEST_F(ReplTest, DotHelpListsEveryCommandFromTheTable) {
  ScriptedReader reader(false, {Line(".help"), Line(".help watch"), Line(".help create table")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_FALSE(repl.Run(reader).any_failed);
  for (const DotCommand& c : DotCommands()) {
    EXPECT_NE(out_.str().find("." + c.name), std::string::npos) << c.name;
    EXPECT_NE(out_.str().find(c.help), std::string::npos) << c.name;
  }
  EXPECT_NE(out_.str().find(".watch [SECONDS] STATEMENT"), std::string::npos);
  EXPECT_NE(out_.str().find("CREATE TABLE: declare a table"), std::string::npos) << out_.str();
  EXPECT_NE(out_.str().find("Example:\n  CREATE TABLE items"), std::string::npos) << out_.str();
}

TEST_F(ReplTest, StepRunsALessonAStatementAtATimeAndEnterRunsTheNext) {
  std::string path = ::testing::TempDir() + "riffle_lesson_" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream lesson(path);
    lesson << "-- First, the streams.\nSHOW STREAMS;\n\n-- Then the tables,\n-- over two lines.\n"
              "SHOW\n  TABLES;\n.timer on\n-- The end.\n";
  }
  // Enter on an empty line runs a step only while a lesson is in progress, and never while a
  // statement is being typed.
  ScriptedReader reader(true, {Line(""), Line(".step " + path), Line(".step status"), Line(""),
                               Line("SELECT 1"), Line(""), Line(";"), Line("  "), Line(".step"),
                               Line(""), Line(""), Line("")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_FALSE(repl.Run(reader).any_failed);
  EXPECT_EQ(engine_.executed, (Strings{"SHOW STREAMS;", "SELECT 1;", "SHOW\n  TABLES;"}));
  const std::string out = out_.str();
  auto at = [&out](const std::string& text) {
    size_t pos = out.find(text);
    EXPECT_NE(pos, std::string::npos) << text << "\nin:\n" << out;
    return pos;
  };
  size_t started = at("Lesson " + path + ": 4 steps.");
  size_t status = at("Lesson " + path + ": 0 of 4 steps done. Next, line 2: SHOW STREAMS;");
  size_t first = at("-- First, the streams.\nriffle> SHOW STREAMS;\nran: SHOW STREAMS;\n");
  size_t second = at("-- Then the tables,\n-- over two lines.\nriffle> SHOW\n      >   TABLES;\n");
  size_t third = at("riffle> .timer on\n");
  size_t end = at("-- The end.\n-- end of lesson " + path + " (4 steps).");
  EXPECT_LT(started, status);
  EXPECT_LT(status, first);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_LT(third, end);
  EXPECT_TRUE(repl.timer());  // the lesson's dot command ran
  // The steps Enter ran are not history entries; the dot commands typed are.
  EXPECT_EQ(reader.history,
            (Strings{".step " + path, ".step status", "SELECT 1\n\n;", ".step"}));
  unlink(path.c_str());
}

TEST_F(ReplTest, ALessonCannotStartAnotherAndAFailedStepDoesNotEndIt) {
  std::string path = ::testing::TempDir() + "riffle_nested_" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream lesson(path);
    lesson << ".step " << path << "\n.mode xml\nSHOW STREAMS;\n";
  }
  ScriptedReader reader(false, {Line(".step " + path), Line(".step"), Line(".step"),
                                Line(".step"), Line(".step status")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_TRUE(repl.Run(reader).any_failed);
  EXPECT_EQ(engine_.executed, Strings{"SHOW STREAMS;"});
  EXPECT_NE(err_.str().find(".step: line 1 of " + path +
                            " starts another lesson; a lesson cannot hold .step"),
            std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find(".mode: 'xml' is not one of"), std::string::npos) << err_.str();
  EXPECT_NE(out_.str().find("-- end of lesson " + path + " (3 steps)."), std::string::npos)
      << out_.str();
  EXPECT_NE(out_.str().find("No lesson in progress."), std::string::npos) << out_.str();
  unlink(path.c_str());
}

TEST_F(ReplTest, HelpStatementIsAnsweredByTheShell) {
  ScriptedReader reader(false, {Line("HELP;"), Line("help print;"), Line("HELP FROBNICATE;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  LoopOutcome outcome = repl.Run(reader);
  EXPECT_TRUE(outcome.any_failed);  // FROBNICATE
  EXPECT_TRUE(engine_.executed.empty());
  for (const StatementHelp& help : StatementHelps()) {
    EXPECT_NE(out_.str().find(help.topic), std::string::npos) << help.topic;
  }
  EXPECT_NE(out_.str().find("PRINT 'orders' FROM BEGINNING LIMIT 1;"), std::string::npos);
  EXPECT_NE(err_.str().find("no help for 'FROBNICATE'"), std::string::npos) << err_.str();
}

TEST_F(ReplTest, TimerReportsRunTime) {
  ScriptedReader reader(
      false, {Line(".timer on"), Line("SHOW STREAMS;"), Line(".timer off"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  repl.Run(reader);
  const std::string out = out_.str();
  size_t first = out.find("Run Time: ");
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_EQ(out.find("Run Time: ", first + 1), std::string::npos) << out;  // off again
  EXPECT_LT(first, out.find("ran: SHOW TABLES;"));
}

TEST_F(ReplTest, OutputAndOnceSpoolResultsToFiles) {
  std::string dir = ::testing::TempDir();
  std::string spool = dir + "riffle_spool_" + std::to_string(getpid());
  std::string once = dir + "riffle_once_" + std::to_string(getpid());
  ScriptedReader reader(false, {Line(".output " + spool), Line("SHOW STREAMS;"), Line(".output"),
                                Line(".once " + once), Line("SHOW TABLES;"), Line("SHOW TOPICS;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_FALSE(repl.Run(reader).any_failed);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  EXPECT_EQ(read(spool), "ran: SHOW STREAMS;\n");
  EXPECT_EQ(read(once), "ran: SHOW TABLES;\n");
  EXPECT_EQ(out_.str(), "ran: SHOW TOPICS;\n");
  std::remove(spool.c_str());
  std::remove(once.c_str());
}

TEST_F(ReplTest, ReadRunsAFileOfStatementsAndDotCommands) {
  std::string path = ::testing::TempDir() + "riffle_read_" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream file(path);
    file << "SHOW STREAMS;\n.timer on\nSHOW\n  TABLES;\n";
  }
  ScriptedReader reader(false, {Line(".read " + path), Line(".read /nonexistent/x.sql")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_TRUE(repl.Run(reader).any_failed);  // the missing file
  EXPECT_EQ(engine_.executed, (Strings{"SHOW STREAMS;", "SHOW\n  TABLES;"}));
  EXPECT_TRUE(repl.timer());
  EXPECT_NE(err_.str().find("cannot read /nonexistent/x.sql"), std::string::npos);
  std::remove(path.c_str());
}

TEST_F(ReplTest, SecretsStayOutOfEveryHistory) {
  std::string path = ::testing::TempDir() + "riffle_secret_history_" + std::to_string(getpid());
  std::remove(path.c_str());
  HistoryFile history(path);
  ScriptedReader reader(
      true, {Line("SET 'sasl.jaas.config'='user=\"a\" password=\"b\"';"), Line("SHOW STREAMS;"),
             Line("SET 'ssl.key.password'='x';"), Line(".history")});
  Repl repl(engine_, sink_, interrupts_, &history);
  repl.Run(reader);
  EXPECT_EQ(reader.history, (Strings{"SHOW STREAMS;", ".history"}));
  EXPECT_EQ(repl.HistoryEntries(), (Strings{"SHOW STREAMS;", ".history"}));
  EXPECT_EQ(history.Load(), (Strings{"SHOW STREAMS;", ".history"}));
  // .history lists exactly the two entries.
  EXPECT_NE(out_.str().find("    1  SHOW STREAMS;\n    2  .history\n"), std::string::npos)
      << out_.str();
  EXPECT_EQ(out_.str().find("    3  "), std::string::npos) << out_.str();
  std::remove(path.c_str());
}

TEST_F(ReplTest, EditRunsWhatTheEditorSaved) {
  std::string script = ::testing::TempDir() + "riffle_editor_" + std::to_string(getpid());
  {
    std::ofstream file(script);
    file << "#!/bin/sh\nsed -i 's/STREAMS/TABLES/' \"$1\"\n";
  }
  chmod(script.c_str(), 0700);
  setenv("VISUAL", script.c_str(), 1);
  ScriptedReader reader(true, {Line("SHOW STREAMS;"), Line(".edit")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_FALSE(repl.Run(reader).any_failed);
  unsetenv("VISUAL");
  EXPECT_EQ(engine_.executed, (Strings{"SHOW STREAMS;", "SHOW TABLES;"}));
  EXPECT_EQ(repl.HistoryEntries().back(), "SHOW TABLES;");
  std::remove(script.c_str());
}

TEST_F(ReplTest, WatchRerunsUntilCtrlC) {
  ScriptedReader reader(true, {Line(".watch 0.1 SHOW JOBS;"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  std::thread ctrl_c([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(450));
    interrupts_.Notify();
  });
  LoopOutcome outcome = repl.Run(reader);
  ctrl_c.join();
  EXPECT_FALSE(outcome.any_failed);
  ASSERT_GE(engine_.executed.size(), 3u);
  EXPECT_EQ(engine_.executed[0], "SHOW JOBS;");
  EXPECT_EQ(engine_.executed[1], "SHOW JOBS;");
  EXPECT_EQ(engine_.executed.back(), "SHOW TABLES;");  // the session goes on after Ctrl-C
  EXPECT_NE(out_.str().find("Every 0.1s: SHOW JOBS;"), std::string::npos) << out_.str();
}

TEST_F(ReplTest, CtrlCInsideWatchStopsAScript) {
  ScriptedReader reader(false, {Line(".watch 0.1 SHOW JOBS;"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  std::thread ctrl_c([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    interrupts_.Notify();
  });
  LoopOutcome outcome = repl.Run(reader);
  ctrl_c.join();
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(engine_.executed.back(), "SHOW JOBS;");
}

// A script gets one picture of the windows; at a terminal the picture is redrawn in place on the
// alternate screen until Ctrl-C, then left in the scrollback.
TEST_F(ReplTest, TimelinePrintsOnePictureInAScript) {
  ScriptedReader reader(false, {Line(".timeline CTAS_T_1"), Line(".timeline CTAS_X_9")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_TRUE(repl.Run(reader).any_failed);  // the unknown job
  EXPECT_EQ(engine_.timeline_calls.load(), 1);
  const std::string out = out_.str();
  EXPECT_EQ(out.find("\x1b"), std::string::npos) << out;  // no escape sequences
  EXPECT_NE(out.find("Window timeline of CTAS_T_1\n"
                     "TUMBLING size 10 s, grace 5 s, EMIT CHANGES; no late record dropped\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("ann 00:00:00-00:00:10 [~~~~"), std::string::npos) << out;
  EXPECT_NE(err_.str().find("ERROR bind: Unknown queryId: CTAS_X_9"), std::string::npos)
      << err_.str();
}

TEST_F(ReplTest, TimelineRedrawsInPlaceAtATerminalUntilCtrlC) {
  std::ostringstream out, err;
  RenderOptions terminal;
  terminal.terminal_width = 80;
  terminal.terminal_height = 24;
  ShellSink sink(OutputFormat::kTable, out, err, terminal);
  ScriptedReader reader(true, {Line(".timeline CTAS_T_1"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink, interrupts_, nullptr);
  std::thread ctrl_c([this] {
    // Ctrl-C once the view has asked for the windows a few times.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (engine_.timeline_calls.load() < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    interrupts_.Notify();
  });
  LoopOutcome outcome = repl.Run(reader);
  ctrl_c.join();
  EXPECT_FALSE(outcome.any_failed);
  EXPECT_GE(engine_.timeline_calls.load(), 3);
  EXPECT_EQ(engine_.executed, Strings{"SHOW TABLES;"});  // the session goes on after Ctrl-C
  const std::string text = out.str();
  size_t enter = text.find("\x1b[?1049h");
  size_t frame = text.find("Window timeline of CTAS_T_1 (q or Ctrl-C leaves)");
  size_t leave = text.find("\x1b[?1049l");
  size_t kept = text.find("Window timeline of CTAS_T_1\n");
  ASSERT_NE(enter, std::string::npos) << text;
  EXPECT_LT(enter, frame);
  EXPECT_LT(frame, leave);
  EXPECT_LT(leave, kept);  // the last picture stays once the alternate screen is left
  // The same picture is drawn once, not on every tick.
  EXPECT_EQ(text.find("(q or Ctrl-C leaves)", text.find("(q or Ctrl-C leaves)") + 1),
            std::string::npos)
      << text;
}

// `.timeline SELECT ...`: the query runs for the picture only (its row is not shown), is
// cancelled once the picture is taken, and what it said follows the picture.
TEST_F(ReplTest, TimelineOfAPushQueryPrintsOnePictureInAScript) {
  ScriptedReader reader(
      false, {Line(".timeline select WINDOWED  from s\n emit changes;"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_FALSE(repl.Run(reader).any_failed);
  EXPECT_GE(engine_.query_timeline_calls.load(), 1);
  EXPECT_GE(engine_.total_cancels, 1);
  EXPECT_EQ(engine_.executed, (Strings{"select WINDOWED  from s\n emit changes;", "SHOW TABLES;"}));
  const std::string out = out_.str();
  size_t picture = out.find(
      "Window timeline of select WINDOWED from s emit changes;\n"
      "TUMBLING size 10 s, grace 5 s, EMIT CHANGES; no late record dropped\n");
  ASSERT_NE(picture, std::string::npos) << out;
  EXPECT_NE(out.find("ann 00:00:00-00:00:10 [~~~~"), std::string::npos) << out;
  EXPECT_GT(out.find("Showing new records only."), picture) << out;
  EXPECT_EQ(out.find("| 1 |"), std::string::npos) << out;  // no row
}

TEST_F(ReplTest, TimelineOfAQueryWithoutWindowsSaysWhatItNeeds) {
  ScriptedReader reader(false, {Line(".timeline SELECT x FROM s EMIT CHANGES;"),
                                Line(".timeline SELECT 1; SELECT 2;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_TRUE(repl.Run(reader).any_failed);
  EXPECT_NE(err_.str().find("ERROR shell: .timeline: the query has no window to show"),
            std::string::npos)
      << err_.str();
  EXPECT_NE(err_.str().find("ERROR shell: .timeline: give one query"), std::string::npos)
      << err_.str();
  EXPECT_EQ(engine_.executed, Strings{"SELECT x FROM s EMIT CHANGES;"});
}

TEST_F(ReplTest, TimelineOfAPushQueryRedrawsInPlaceUntilCtrlC) {
  std::ostringstream out, err;
  RenderOptions terminal;
  terminal.terminal_width = 80;
  terminal.terminal_height = 24;
  ShellSink sink(OutputFormat::kTable, out, err, terminal);
  ScriptedReader reader(
      true, {Line(".timeline SELECT WINDOWED FROM s EMIT CHANGES;"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink, interrupts_, nullptr);
  std::thread ctrl_c([this] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (engine_.query_timeline_calls.load() < 3 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    interrupts_.Notify();
  });
  LoopOutcome outcome = repl.Run(reader);
  ctrl_c.join();
  EXPECT_FALSE(outcome.any_failed);
  EXPECT_GE(engine_.total_cancels, 1);
  EXPECT_EQ(engine_.executed.back(), "SHOW TABLES;");
  const std::string text = out.str();
  size_t frame = text.find("Window timeline of SELECT WINDOWED FROM s EMIT CHANGES; (q or Ctrl-C");
  size_t note = text.find("Showing new records only.", frame);
  size_t leave = text.find("\x1b[?1049l");
  size_t kept = text.find("Window timeline of SELECT WINDOWED FROM s EMIT CHANGES;\n");
  ASSERT_NE(frame, std::string::npos) << text;
  EXPECT_LT(note, leave);  // what it said is shown below the picture while watching
  EXPECT_LT(leave, kept);  // and the last picture stays, followed by it
  EXPECT_NE(text.find("Showing new records only.", kept), std::string::npos) << text;
}

TEST_F(ReplTest, DotQuitEndsTheSession) {
  ScriptedReader reader(true, {Line(".quit"), Line("SHOW TABLES;")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  EXPECT_TRUE(repl.Run(reader).exited);
  EXPECT_TRUE(engine_.executed.empty());
}

TEST_F(ReplTest, CompletionSeesEarlierLinesOfTheStatement) {
  ScriptedReader reader(true, {Line("SELECT *"), Line(";")});
  Repl repl(engine_, sink_, interrupts_, nullptr);
  // Outside a statement, a new line starts a statement.
  Completion c = repl.CompleteLine("SHO");
  EXPECT_EQ(c.candidates, Strings{"SHOW"});
  EXPECT_EQ(repl.CompleteLine(".ti").candidates, (Strings{".timeline", ".timer"}));
}

}  // namespace
}  // namespace riffle::shell
