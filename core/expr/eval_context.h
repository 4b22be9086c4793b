#pragma once
// Per-thread state for evaluating compiled expressions: error counters for rows whose value
// could not be computed (ksqlDB yields NULL for those and logs them), a random generator for
// RANDOM(), and a cache of compiled per-pattern helpers (regexes, date formats).
//
// Thread-safety: an EvalContext belongs to one thread (one job); compiled expressions are
// immutable and can be shared between contexts.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>

namespace riffle {

// The longest string an expression may build: 100 MiB, the local broker's largest frame. A
// function asked for more (LPAD to 2^31 characters, REPLACE around every character of a long
// value, a REDUCE that doubles its state) fails for the row, giving NULL, rather than run the
// process out of memory.
inline constexpr size_t kMaxStringBytes = 100u << 20;

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
  // Records an error for a string of `bytes` over kMaxStringBytes, built by `what`; returns
  // whether it was over.
  bool TooLong(size_t bytes, const char* what) {
    if (bytes <= kMaxStringBytes) return false;
    RecordError(std::string(what) + ": the result would be over " +
                std::to_string(kMaxStringBytes >> 20) + " MiB");
    return true;
  }
  void ClearErrors() {
    errors = 0;
    first_error.clear();
  }
};

}  // namespace riffle
