#pragma once
// Ctrl-C handling. A signal handler can do almost nothing safely, so the SIGINT handler only
// writes a byte to a self-pipe; whoever is waiting (the line reader at the prompt, or the
// watcher thread while a statement runs) polls the pipe's read end and acts on it.

#include <atomic>
#include <functional>
#include <thread>

namespace riffle::shell {

class InterruptPipe {
 public:
  // Installs the SIGINT handler (once per process; later calls return the same pipe). Throws
  // std::system_error if the pipe cannot be created.
  static InterruptPipe& Install();

  // The read end: readable when at least one SIGINT arrived and was not drained.
  int read_fd() const { return fds_[0]; }
  // Reads every pending byte; returns true if there was at least one (a Ctrl-C happened).
  bool Drain();

  // Simulates a Ctrl-C (tests, and callers that want the same path as the signal).
  void Notify();

  InterruptPipe(const InterruptPipe&) = delete;
  InterruptPipe& operator=(const InterruptPipe&) = delete;

 private:
  InterruptPipe();
  int fds_[2] = {-1, -1};
};

// While alive, a background thread waits for Ctrl-C and calls `on_interrupt` (from that thread)
// for each one. Used around Engine::Execute so Ctrl-C calls Engine::Cancel().
class InterruptWatcher {
 public:
  InterruptWatcher(InterruptPipe& pipe, std::function<void()> on_interrupt);
  // Stops and joins the thread. Interrupts that arrive after this are left in the pipe.
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // True once at least one interrupt was handled.
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Run();

  InterruptPipe& pipe_;
  std::function<void()> on_interrupt_;
  int stop_fds_[2] = {-1, -1};
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

}  // namespace riffle::shell
