// The statement loop with a fake engine and a scripted line reader.

#include "shell/repl.h"

#include <gtest/gtest.h>

#include <sstream>

#include "shell/render_table.h"
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
  TableRenderer sink_{out_, err_};
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

}  // namespace
}  // namespace riffle::shell
