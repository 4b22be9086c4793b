#include "shell/interrupt.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace riffle::shell {
namespace {

// The write end the signal handler uses; set once before the handler is installed.
int g_interrupt_write_fd = -1;

void OnSigint(int) {
  int saved_errno = errno;
  char byte = 'i';
  // A full pipe already holds a pending interrupt, so a failed write loses nothing.
  [[maybe_unused]] ssize_t n = write(g_interrupt_write_fd, &byte, 1);
  errno = saved_errno;
}

void MakePipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
}

}  // namespace

InterruptPipe::InterruptPipe() {
  MakePipe(fds_);
  g_interrupt_write_fd = fds_[1];
  struct sigaction action = {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a blocking read elsewhere returns EINTR instead of hiding the Ctrl-C.
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
}

InterruptPipe& InterruptPipe::Install() {
  // The pipe's fds are never closed (the destructor is trivial), so the handler stays valid
  // until the process exits.
  static InterruptPipe instance;
  return instance;
}

bool InterruptPipe::Drain() {
  bool any = false;
  char buf[64];
  for (;;) {
    ssize_t n = read(fds_[0], buf, sizeof buf);
    if (n > 0) {
      any = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return any;
  }
}

void InterruptPipe::Notify() { OnSigint(SIGINT); }

InterruptWatcher::InterruptWatcher(InterruptPipe& pipe, std::function<void()> on_interrupt)
    : pipe_(pipe), on_interrupt_(std::move(on_interrupt)) {
  MakePipe(stop_fds_);
  thread_ = std::thread([this] { Run(); });
}

InterruptWatcher::~InterruptWatcher() {
  char byte = 's';
  [[maybe_unused]] ssize_t n = write(stop_fds_[1], &byte, 1);
  thread_.join();
  close(stop_fds_[0]);
  close(stop_fds_[1]);
}

void InterruptWatcher::Run() {
  for (;;) {
    pollfd fds[2] = {{pipe_.read_fd(), POLLIN, 0}, {stop_fds_[0], POLLIN, 0}};
    int rc = poll(fds, 2, -1);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0 && pipe_.Drain()) {
      interrupted_.store(true);
      on_interrupt_();
    }
  }
}

}  // namespace riffle::shell
