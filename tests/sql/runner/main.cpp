// riffle-sqltest FILE...: runs sqllogictest-style scripts against the riffle engine (format in
// tests/sql/README.md). Exits non-zero when any check fails; the last line is
// "sqltest: N passed, M failed" (N and M count checks, i.e. directives).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "tests/sql/runner/script_runner.h"

int main(int argc, char** argv) {
  bool verbose = false;
  bool restart_jobs = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-v") == 0 || std::strcmp(argv[i], "--verbose") == 0) {
      verbose = true;
    } else if (std::strcmp(argv[i], "--restart-jobs") == 0) {
      restart_jobs = true;
    } else if (std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--help") == 0) {
      std::cout << "usage: riffle-sqltest [-v] [--restart-jobs] FILE...\n"
                   "Runs SQL test scripts (see tests/sql/README.md).\n"
                   "--restart-jobs: restart the engine after each statement that starts a\n"
                   "persistent query and check that the job's plan is the same.\n";
      return 0;
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: riffle-sqltest [-v] [--restart-jobs] FILE...\n";
    return 2;
  }
  int passed = 0, failed = 0, skipped = 0;
  for (const std::string& file : files) {
    auto start = std::chrono::steady_clock::now();
    riffle::sqltest::ScriptResult r;
    {
      riffle::sqltest::ScriptRunner runner(file, verbose, std::cout, restart_jobs);
      r = runner.Run();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char timing[32];
    std::snprintf(timing, sizeof(timing), "%.1f s", secs);
    std::cout << (r.failed == 0 ? "ok   " : "FAIL ") << file << " (" << r.passed << " passed, "
              << r.failed << " failed, "
              << (r.skipped > 0 ? std::to_string(r.skipped) + " skipped, " : "") << timing
              << ")\n";
    passed += r.passed;
    failed += r.failed;
    skipped += r.skipped;
  }
  std::cout << "sqltest: " << passed << " passed, " << failed << " failed"
            << (skipped > 0 ? ", " + std::to_string(skipped) + " skipped" : "") << std::endl;
  return failed == 0 ? 0 : 1;
}
