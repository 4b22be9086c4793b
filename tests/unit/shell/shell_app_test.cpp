// RunShell end to end with a fake engine: -e, -f, piped stdin, startup failures, exit codes.

#include "shell/shell_app.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/common/error.h"
#include "tests/unit/shell/fake_engine.h"

namespace riffle::shell {
namespace {

using testing::FakeEngine;

// RunShell owns (and destroys) the engine it opens; this forwards to one the test keeps.
class ForwardingEngine : public Engine {
 public:
  explicit ForwardingEngine(FakeEngine& target) : target_(target) {}
  bool Execute(const std::string& text, ResultSink& sink, bool continue_on_error) override {
    return target_.Execute(text, sink, continue_on_error);
  }
  void Cancel() override { target_.Cancel(); }
  bool WaitForIdle(int timeout_ms) override { return target_.WaitForIdle(timeout_ms); }
  std::string bootstrap_servers() const override { return target_.bootstrap_servers(); }

 private:
  FakeEngine& target_;
};

class ShellAppTest : public ::testing::Test {
 protected:
  ShellAppTest() {
    io_.out = &out_;
    io_.err = &err_;
    io_.stdin_fd = -1;
    io_.open_engine = [this](const EngineOptions& options, ResultSink& sink) {
      opened_with_ = options;
      if (fail_open_) ThrowRuntime("cannot reach Kafka at nowhere:9092");
      sink.Notice("embedded broker at 127.0.0.1:1234 (in memory)");
      opened_ = true;
      return std::make_unique<ForwardingEngine>(engine_);
    };
  }

  // Feeds `text` as stdin through a pipe (closed after writing).
  void PipeStdin(const std::string& text) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    ASSERT_EQ(write(fds[1], text.data(), text.size()), ssize_t(text.size()));
    close(fds[1]);
    stdin_fd_ = fds[0];
    io_.stdin_fd = fds[0];
  }
  ~ShellAppTest() override {
    if (stdin_fd_ >= 0) close(stdin_fd_);
  }

  CliOptions Options(std::vector<std::string> args) {
    CliParseResult r = ParseCliOptions(args, CliEnvironment{"/home/t", "", ""});
    EXPECT_TRUE(r.ok()) << r.error;
    return r.options;
  }

  ShellIo io_;
  std::ostringstream out_, err_;
  FakeEngine engine_;
  bool opened_ = false;
  EngineOptions opened_with_;
  bool fail_open_ = false;
  int stdin_fd_ = -1;
};

TEST_F(ShellAppTest, ExecuteRunsTextOnceWithoutBanner) {
  EXPECT_EQ(RunShell(Options({"-e", "SHOW STREAMS; SHOW TABLES;"}), io_), 0);
  EXPECT_TRUE(opened_);
  EXPECT_EQ(engine_.executed, std::vector<std::string>{"SHOW STREAMS; SHOW TABLES;"});
  EXPECT_EQ(out_.str(), "ran: SHOW STREAMS; SHOW TABLES;\n");  // no startup banner
  EXPECT_EQ(err_.str(), "");
  EXPECT_EQ(opened_with_.catalog_path, "/home/t/.riffle/catalog.db");
}

TEST_F(ShellAppTest, ExecuteFailureExitsNonZero) {
  EXPECT_EQ(RunShell(Options({"-e", "FAIL;"}), io_), 1);
  EXPECT_EQ(err_.str(), "ERROR runtime: failed: FAIL;\n");
}

TEST_F(ShellAppTest, FileRunsEachStatementAndReportsFailure) {
  std::string path = ::testing::TempDir() + "riffle_shell_app_" + std::to_string(getpid()) + ".sql";
  {
    std::ofstream f(path);
    f << "-- setup\nSHOW STREAMS;\nFAIL\n  HERE;\nSHOW TABLES;\n";
  }
  EXPECT_EQ(RunShell(Options({"-f", path, "--catalog", "/tmp/x.db"}), io_), 1);
  EXPECT_EQ(engine_.executed,
            (std::vector<std::string>{"SHOW STREAMS;", "FAIL\n  HERE;", "SHOW TABLES;"}));
  EXPECT_EQ(opened_with_.catalog_path, "/tmp/x.db");
  std::remove(path.c_str());
}

TEST_F(ShellAppTest, MissingFileIsAnError) {
  EXPECT_EQ(RunShell(Options({"-f", "/nonexistent/riffle.sql"}), io_), 1);
  EXPECT_NE(err_.str().find("cannot read /nonexistent/riffle.sql"), std::string::npos)
      << err_.str();
}

TEST_F(ShellAppTest, PipedStdinRunsStatementsWithoutPrompts) {
  PipeStdin("SHOW STREAMS;\nSHOW\n  TABLES;\nexit\nSHOW TOPICS;\n");
  EXPECT_EQ(RunShell(Options({}), io_), 0);
  EXPECT_EQ(engine_.executed, (std::vector<std::string>{"SHOW STREAMS;", "SHOW\n  TABLES;"}));
  EXPECT_EQ(out_.str(), "ran: SHOW STREAMS;\nran: SHOW\n  TABLES;\n");
}

TEST_F(ShellAppTest, PipedStdinFailureExitsNonZero) {
  PipeStdin("FAIL;\nSHOW TABLES;\n");
  EXPECT_EQ(RunShell(Options({}), io_), 1);
  EXPECT_EQ(engine_.executed.size(), 2u);
}

TEST_F(ShellAppTest, InteractiveFlagWithoutTerminalReadsStdinAfterFile) {
  std::string path = ::testing::TempDir() + "riffle_shell_app_i_" + std::to_string(getpid());
  {
    std::ofstream f(path);
    f << "SHOW STREAMS;\n";
  }
  PipeStdin("SHOW TABLES;\n");
  EXPECT_EQ(RunShell(Options({"-f", path, "--interactive"}), io_), 0);
  EXPECT_EQ(engine_.executed, (std::vector<std::string>{"SHOW STREAMS;", "SHOW TABLES;"}));
  std::remove(path.c_str());
}

TEST_F(ShellAppTest, EngineStartupFailureIsReported) {
  fail_open_ = true;
  EXPECT_EQ(RunShell(Options({"-e", "SHOW STREAMS;", "--bootstrap-server", "nowhere:9092"}), io_),
            1);
  EXPECT_EQ(opened_with_.bootstrap_servers, "nowhere:9092");
  EXPECT_NE(err_.str().find("cannot reach Kafka at nowhere:9092"), std::string::npos) << err_.str();
}

TEST_F(ShellAppTest, OutputFormatSelectsRenderer) {
  EXPECT_EQ(RunShell(Options({"-e", "SHOW STREAMS;", "--output", "json"}), io_), 0);
  // Notices go to stderr with json so stdout stays machine-readable.
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "ran: SHOW STREAMS;\n");
}

}  // namespace
}  // namespace riffle::shell
