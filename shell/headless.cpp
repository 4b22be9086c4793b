#include "shell/engine_options.h"
#include "shell/headless.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>

#include "core/common/error.h"
#include "shell/metrics_endpoint.h"
#include "shell/value_text.h"

namespace riffle::shell {

namespace {

// Plain, script-friendly output: one line per notice, warning, error or row.
class LineSink : public ResultSink {
 public:
  LineSink(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}
  void Notice(const std::string& text) override { err_ << text << "\n" << std::flush; }
  void Warning(const std::string& text) override { err_ << "WARNING: " << text << "\n" << std::flush; }
  void Error(const std::string& text) override { err_ << text << "\n" << std::flush; }
  void Table(const std::vector<ResultColumn>& columns,
             const std::vector<std::vector<Value>>& rows) override {
    BeginRows(columns);
    for (const auto& row : rows) Row(row);
  }
  void BeginRows(const std::vector<ResultColumn>& columns) override { columns_ = columns; }
  void Row(const std::vector<Value>& row) override {
    for (size_t i = 0; i < row.size(); ++i) {
      out_ << (i ? "\t" : "")
           << CellText(row[i], i < columns_.size() ? columns_[i].type.get() : nullptr);
    }
    out_ << "\n" << std::flush;
  }
  void EndRows(const std::string& summary) override {
    if (!summary.empty()) err_ << summary << "\n" << std::flush;
  }

 private:
  std::ostream& out_;
  std::ostream& err_;
  std::vector<ResultColumn> columns_;
};

// How long riffle run may take to stop after SIGTERM/SIGINT before it exits without waiting
// (normally well under a second: a final checkpoint and the jobs' threads joined).
constexpr std::chrono::seconds kStopGrace{10};

// Writes `text` to stderr with write(2) alone: the main thread may hold iostream locks.
void SayRaw(const std::string& text) {
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
}

// Waits for SIGINT/SIGTERM on its own thread (they are blocked everywhere else, including in
// the engine's threads, which inherit the mask), then cancels the running statement. SIGTERM
// is always honoured: if the process has not stopped kStopGrace after the signal (a thread
// stuck in a system call, a slow disk), or when a second signal arrives, it exits at once; the
// jobs then resume from their last checkpoint (at least once, as after kill -9).
class StopSignal {
 public:
  StopSignal() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
    thread_ = std::thread([this] { Watch(); });
  }
  ~StopSignal() {
    done_ = true;
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  void set_engine(Engine* engine) { engine_ = engine; }
  bool requested() const { return requested_; }
  int signal_number() const { return signal_; }

 private:
  void Watch() {
    timespec tick = {0, 100'000'000};
    std::chrono::steady_clock::time_point deadline{};
    while (!done_) {
      int sig = sigtimedwait(&set_, nullptr, &tick);
      if (sig <= 0) {
        if (requested_ && std::chrono::steady_clock::now() > deadline) {
          SayRaw("riffle run: not stopped " + std::to_string(kStopGrace.count()) +
                 " s after the signal; exiting without a final checkpoint.\n");
          ::_exit(1);
        }
        continue;
      }
      if (requested_) {
        SayRaw("riffle run: second signal " + std::to_string(sig) +
               "; exiting without a final checkpoint.\n");
        ::_exit(1);
      }
      signal_ = sig;
      requested_ = true;
      deadline = std::chrono::steady_clock::now() + kStopGrace;
      if (Engine* e = engine_.load()) e->Cancel();
    }
  }

  sigset_t set_;
  sigset_t old_;
  std::atomic<bool> done_{false};
  std::atomic<bool> requested_{false};
  std::atomic<int> signal_{0};
  std::atomic<Engine*> engine_{nullptr};
  std::thread thread_;
};

}  // namespace

int RunHeadless(const CliOptions& options, const EngineOpener& open_engine, std::ostream& out,
                std::ostream& err) {
  std::ifstream file(options.file);
  if (!file) {
    err << "riffle run: cannot read " << options.file << "\n";
    return 2;
  }
  std::stringstream text;
  text << file.rdbuf();

  StopSignal stop;  // before the engine starts any thread
  LineSink sink(out, err);
  std::unique_ptr<Engine> engine;
  try {
    engine = open_engine(MakeEngineOptions(options), sink);
  } catch (const RiffleError& e) {
    sink.Error(FormatError(e, ""));
  } catch (const std::exception& e) {
    sink.Error(std::string("ERROR runtime: could not start: ") + e.what());
  }
  if (engine == nullptr) return 1;
  // Scrapes read the engine: the endpoint stops before it (declared after, reset first).
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!options.metrics_listen.empty()) {
    try {
      Engine* e = engine.get();
      metrics = MetricsEndpoint::Start(options.metrics_listen,
                                       [e] { return RenderPrometheus(e->JobStatuses()); });
    } catch (const std::exception& e) {
      err << "riffle run: " << e.what() << "\n";
      return 1;
    }
    err << "riffle run: metrics on http://" << metrics->address() << "/metrics\n" << std::flush;
  }
  stop.set_engine(engine.get());
  bool ok = engine->Execute(text.str(), sink, /*continue_on_error=*/false);
  if (!ok && !stop.requested()) {
    err << "riffle run: " << options.file << " failed; stopping.\n";
    stop.set_engine(nullptr);
    metrics.reset();
    engine.reset();
    return 1;
  }
  err << "riffle run: " << options.file
      << " done; background jobs keep running until SIGTERM or SIGINT.\n"
      << std::flush;
  while (!stop.requested()) {
    for (const std::string& event : engine->TakeEvents()) sink.Warning(event);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  err << "riffle run: signal " << stop.signal_number()
      << " received; checkpointing and stopping jobs.\n"
      << std::flush;
  stop.set_engine(nullptr);
  metrics.reset();
  engine.reset();  // stops the jobs after a final checkpoint
  err << "riffle run: stopped.\n" << std::flush;
  return 0;
}

}  // namespace riffle::shell
