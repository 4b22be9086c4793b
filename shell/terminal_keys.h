#pragma once
// While an in-place view runs (.timeline), single keys ('q') must arrive without Enter and
// without being echoed over the view: TerminalKeys turns the terminal's line editing and echo
// off for its lifetime and restores them after. Ctrl-C still raises SIGINT (ISIG stays on).

#include <termios.h>

namespace riffle::shell {

class TerminalKeys {
 public:
  // Changes the terminal on `fd` when it is one; otherwise does nothing.
  explicit TerminalKeys(int fd);
  // Restores the terminal as it was.
  ~TerminalKeys();
  TerminalKeys(const TerminalKeys&) = delete;
  TerminalKeys& operator=(const TerminalKeys&) = delete;

  bool active() const { return active_; }

 private:
  int fd_;
  bool active_ = false;
  termios saved_{};
};

}  // namespace riffle::shell
