#pragma once
// Runs one conformance case on a fresh engine (its own embedded broker and catalog) and checks
// everything the case expects. Runs in the calling process: the runner calls it in a forked
// child so that a crash or hang costs one case, not the run.

#include <string>

#include "tests/conformance/runner/test_case.h"

namespace riffle::conformance {

struct CaseOutcome {
  bool passed = false;
  std::string detail;  // why it failed: a diff of records, or the unexpected error
};

struct CaseOptions {
  std::string work_dir;         // an empty, private directory for the catalog
  int idle_timeout_ms = 15000;  // bound on waiting for background jobs to settle
  int query_timeout_ms = 5000;  // REST push queries are cancelled after this long
};

// Never throws: every error becomes a failed outcome.
CaseOutcome RunCase(const TestCase& test, const CaseOptions& options);

}  // namespace riffle::conformance
