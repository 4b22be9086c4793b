#pragma once
// Reads lines from a file descriptor without prompts: scripts (-f) and piped stdin. Waits with
// poll() on the input and the interrupt pipe, so Ctrl-C ends a blocked read of piped stdin.

#include "shell/line_reader.h"

namespace riffle::shell {

class FdLineReader : public LineReader {
 public:
  // Does not take ownership of `fd`. `interrupt_fd` < 0: no interrupt handling.
  FdLineReader(int fd, int interrupt_fd) : fd_(fd), interrupt_fd_(interrupt_fd) {}

  // Returns the next line ("\n" or "\r\n" stripped; a last line without newline counts), kEof at
  // end of input or on a read error, kInterrupted when the interrupt pipe becomes readable (the
  // pipe is not drained: the caller decides).
  ReadResult Read(const std::string& prompt) override;
  void AddHistory(const std::string&) override {}
  bool interactive() const override { return false; }

 private:
  int fd_;
  int interrupt_fd_;
  std::string buffer_;
  size_t scan_from_ = 0;  // bytes of buffer_ already searched for '\n'
  bool eof_ = false;
};

}  // namespace riffle::shell
