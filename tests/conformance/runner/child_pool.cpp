#include "tests/conformance/runner/child_pool.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace riffle::conformance {

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  Clock::time_point deadline;
  std::string output;
};

// In the child: runs the task, writes its output, and exits without running destructors of
// the parent's state (or waiting for the task's own threads).
[[noreturn]] void ChildMain(size_t index, int fd, const std::function<std::string(size_t)>& task) {
  // Keep the engine's and librdkafka's diagnostics off the runner's output.
  int devnull = open("/dev/null", O_WRONLY);
  if (devnull >= 0) {
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    close(devnull);
  }
  std::string out;
  try {
    out = task(index);
  } catch (const std::exception& e) {
    out = std::string("task threw: ") + e.what();
  } catch (...) {
    out = "task threw a non-standard exception";
  }
  const char* p = out.data();
  size_t left = out.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(3);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  close(fd);
  _exit(0);
}

ChildResult Reap(Running& r, bool timed_out, int timeout_ms) {
  ChildResult result;
  if (timed_out) kill(r.pid, SIGKILL);
  int status = 0;
  while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(r.fd);
  if (timed_out) {
    result.failure = "timed out after " + std::to_string(timeout_ms / 1000) + " s";
  } else if (WIFSIGNALED(status)) {
    result.failure = "crashed (signal " + std::to_string(WTERMSIG(status)) + ": " +
                     strsignal(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.completed = true;
    result.output = std::move(r.output);
  } else {
    result.failure = "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  return result;
}

}  // namespace

void RunInChildren(size_t count, int parallel, int timeout_ms,
                   const std::function<std::string(size_t)>& task,
                   const std::function<void(size_t, const ChildResult&)>& done,
                   const std::function<void(size_t)>& setup,
                   const std::function<void(size_t)>& cleanup) {
  std::vector<Running> running;
  size_t next = 0;
  while (next < count || !running.empty()) {
    while (next < count && static_cast<int>(running.size()) < std::max(1, parallel)) {
      size_t index = next++;
      if (setup) setup(index);
      int fds[2];
      if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
      pid_t pid = fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        close(fds[0]);
        for (const Running& r : running) close(r.fd);
        ChildMain(index, fds[1], task);
      }
      close(fds[1]);
      Running r;
      r.index = index;
      r.pid = pid;
      r.fd = fds[0];
      r.deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
      running.push_back(std::move(r));
    }
    std::vector<pollfd> fds;
    for (const Running& r : running) fds.push_back({r.fd, POLLIN, 0});
    int ready = poll(fds.data(), fds.size(), 100);
    if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
    auto now = Clock::now();
    for (size_t i = running.size(); i-- > 0;) {
      Running& r = running[i];
      bool finished = false, timed_out = false;
      if (ready > 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buf[65536];
        ssize_t n = read(r.fd, buf, sizeof(buf));
        if (n > 0) {
          r.output.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          finished = true;
        }
      }
      if (!finished && now > r.deadline) timed_out = finished = true;
      if (!finished) continue;
      ChildResult result = Reap(r, timed_out, timeout_ms);
      size_t index = r.index;
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      if (cleanup) cleanup(index);
      done(index, result);
    }
  }
}

}  // namespace riffle::conformance
