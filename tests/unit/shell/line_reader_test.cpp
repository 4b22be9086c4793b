// FdLineReader and the Ctrl-C plumbing (InterruptPipe, InterruptWatcher).

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "shell/fd_line_reader.h"
#include "shell/interrupt.h"

namespace riffle::shell {
namespace {

class Pipe {
 public:
  Pipe() { EXPECT_EQ(pipe(fds_), 0); }
  ~Pipe() {
    CloseWrite();
    close(fds_[0]);
  }
  void Write(const std::string& s) {
    EXPECT_EQ(write(fds_[1], s.data(), s.size()), ssize_t(s.size()));
  }
  void CloseWrite() {
    if (fds_[1] >= 0) close(fds_[1]);
    fds_[1] = -1;
  }
  int read_fd() const { return fds_[0]; }

 private:
  int fds_[2] = {-1, -1};
};

TEST(FdLineReaderTest, SplitsLinesAndHandlesCrlfAndMissingFinalNewline) {
  Pipe input;
  input.Write("SHOW STREAMS;\r\n\nSELECT 1\nlast");
  input.CloseWrite();
  FdLineReader reader(input.read_fd(), -1);
  EXPECT_FALSE(reader.interactive());
  std::vector<std::string> lines;
  for (;;) {
    ReadResult r = reader.Read("ignored> ");
    if (r.status != ReadResult::Status::kLine) {
      EXPECT_EQ(r.status, ReadResult::Status::kEof);
      break;
    }
    lines.push_back(r.line);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"SHOW STREAMS;", "", "SELECT 1", "last"}));
}

TEST(FdLineReaderTest, LinesArriveAsTheyAreWritten) {
  Pipe input;
  FdLineReader reader(input.read_fd(), -1);
  std::thread writer([&] {
    input.Write("first ");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    input.Write("line\nsecond\n");
  });
  EXPECT_EQ(reader.Read("").line, "first line");
  EXPECT_EQ(reader.Read("").line, "second");
  writer.join();
}

TEST(FdLineReaderTest, InterruptEndsABlockedRead) {
  Pipe input;  // never written: a read would block forever
  InterruptPipe& interrupts = InterruptPipe::Install();
  interrupts.Drain();
  FdLineReader reader(input.read_fd(), interrupts.read_fd());
  raise(SIGINT);  // the installed handler turns it into a byte on the pipe
  EXPECT_EQ(reader.Read("").status, ReadResult::Status::kInterrupted);
  EXPECT_TRUE(interrupts.Drain());
  EXPECT_FALSE(interrupts.Drain());
}

TEST(InterruptWatcherTest, CallsBackOnCtrlCUntilDestroyed) {
  InterruptPipe& interrupts = InterruptPipe::Install();
  interrupts.Drain();
  std::atomic<int> calls{0};
  {
    InterruptWatcher watcher(interrupts, [&] { calls.fetch_add(1); });
    EXPECT_FALSE(watcher.interrupted());
    raise(SIGINT);
    for (int i = 0; i < 500 && calls.load() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_EQ(calls.load(), 1);
    EXPECT_TRUE(watcher.interrupted());
  }
  // With no watcher, a Ctrl-C waits in the pipe for whoever reads next.
  interrupts.Notify();
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(interrupts.Drain());
}

}  // namespace
}  // namespace riffle::shell
