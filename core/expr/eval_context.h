#pragma once
// Per-thread state for evaluating compiled expressions: error counters for rows whose value
// could not be computed (ksqlDB yields NULL for those and logs them), a random generator for
// RANDOM(), and a cache of compiled per-pattern helpers (regexes, date formats).
//
// Thread-safety: an EvalContext belongs to one thread (one job); compiled expressions are
// immutable and can be shared between contexts.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>

namespace riffle {

struct EvalContext {
  // Number of row-level evaluation errors (integer division by zero, failed casts, bad
  // function arguments). The expression yields NULL for such rows.
  int64_t errors = 0;
  // The first error message seen since the last ClearErrors(), for the processing log.
  std::string first_error;

  std::mt19937_64 rng{std::random_device{}()};

  // Compiled helpers keyed by "<kind>:<pattern>", owned here so compiled expressions stay
  // immutable and shareable.
  std::unordered_map<std::string, std::shared_ptr<void>> cache;

  void RecordError(const std::string& message) {
    if (errors == 0 || first_error.empty()) first_error = message;
    ++errors;
  }
  void ClearErrors() {
    errors = 0;
    first_error.clear();
  }
};

}  // namespace riffle
