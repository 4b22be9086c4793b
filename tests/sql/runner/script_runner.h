#pragma once
// Runs one .test script against its own engine on a fresh temporary catalog, reporting each
// failure as "file:line: what" with a diff, to `out`.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/engine/engine.h"
#include "tests/sql/runner/capture_sink.h"
#include "tests/sql/runner/record_producer.h"
#include "tests/sql/runner/script.h"

namespace riffle::sqltest {

struct ScriptResult {
  int passed = 0;  // directives that passed
  int failed = 0;  // directives that failed (a script that cannot start counts one)
  int skipped = 0;  // with restart_jobs: checks of figures a restart resets (see below)
};

class ScriptRunner {
 public:
  // `verbose`: also print each directive as it runs, with what the engine reported.
  // `restart_jobs`: after each statement that starts a persistent query, restart the engine
  // (the session's SET and UNSET are replayed) and check that the job's plan (EXPLAIN) is the
  // same; the script's later checks then run against the restarted jobs. Checks of a job's
  // live figures (SHOW JOBS, SHOW QUERIES EXTENDED, EXPLAIN <job> and the notices that follow
  // them) are skipped: records in and out, rates and watermarks are the running process's.
  ScriptRunner(std::string path, bool verbose, std::ostream& out, bool restart_jobs = false);
  ~ScriptRunner();
  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  ScriptResult Run();

 private:
  struct Outcome {
    bool ok = false;         // Execute() returned true
    bool timed_out = false;  // the watchdog had to cancel it
    std::unique_ptr<CaptureSink> sink;
  };

  void OpenEngine();
  // Runs `sql` with a watchdog that cancels it after `timeout_s`. For an unbounded push query
  // (`cancel_after_rows` >= 0) it is cancelled `wait_ms` after that many rows arrived.
  Outcome Execute(const Directive& d, const std::string& sql, bool header,
                  long cancel_after_rows, int wait_ms);
  // Each returns "" on success, else the failure text.
  std::string RunStatement(const Directive& d, const std::string& sql);
  std::string RunQuery(const Directive& d, const std::string& sql);
  std::string RunProduce(const Directive& d);
  std::string CheckReported(const Directive& d);
  std::string RunDirective(const Directive& d);
  // restart_jobs: whether `d` checks figures a restart resets (ScriptRunner's comment).
  bool SkippedAfterRestarts(const Directive& d);
  // Reopens the engine on the same catalog; "" or the failure text.
  std::string Restart();
  // The restart_jobs check for job `id`: "" or the failure text.
  std::string RestartAndComparePlan(const Directive& d, const std::string& id);
  // EXPLAIN's operator lines for job `id`, without figures that a restart resets.
  std::vector<std::string> PlanShape(const Directive& d, const std::string& id);
  std::string Substitute(const std::string& text) const;

  std::string path_;
  bool verbose_;
  std::ostream& out_;
  bool restart_jobs_;
  std::vector<std::string> session_statements_;  // SET and UNSET that succeeded, in order
  bool figures_skipped_ = false;  // restart_jobs: the last statement was a skipped figures check
  std::string temp_dir_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CaptureSink> last_;  // what the previous statement reported
  std::unique_ptr<BackgroundProducer> background_;
};

}  // namespace riffle::sqltest
