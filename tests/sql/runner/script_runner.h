#pragma once
// Runs one .test script against its own engine on a fresh temporary catalog, reporting each
// failure as "file:line: what" with a diff, to `out`.

#include <memory>
#include <ostream>
#include <string>

#include "core/engine/engine.h"
#include "tests/sql/runner/capture_sink.h"
#include "tests/sql/runner/record_producer.h"
#include "tests/sql/runner/script.h"

namespace riffle::sqltest {

struct ScriptResult {
  int passed = 0;  // directives that passed
  int failed = 0;  // directives that failed (a script that cannot start counts one)
};

class ScriptRunner {
 public:
  // `verbose`: also print each directive as it runs, with what the engine reported.
  ScriptRunner(std::string path, bool verbose, std::ostream& out);
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
  std::string Substitute(const std::string& text) const;

  std::string path_;
  bool verbose_;
  std::ostream& out_;
  std::string temp_dir_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<CaptureSink> last_;  // what the previous statement reported
  std::unique_ptr<BackgroundProducer> background_;
};

}  // namespace riffle::sqltest
