#include "shell/terminal_keys.h"

#include <unistd.h>

namespace riffle::shell {

TerminalKeys::TerminalKeys(int fd) : fd_(fd) {
  if (!isatty(fd_) || tcgetattr(fd_, &saved_) != 0) return;
  termios keys = saved_;
  keys.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
  keys.c_cc[VMIN] = 1;
  keys.c_cc[VTIME] = 0;
  active_ = tcsetattr(fd_, TCSANOW, &keys) == 0;
}

TerminalKeys::~TerminalKeys() {
  if (active_) tcsetattr(fd_, TCSANOW, &saved_);
}

}  // namespace riffle::shell
