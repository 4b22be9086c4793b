#pragma once
// The budget every fuzz test shares (the broker's frames, the engine's statements): small and
// fixed for `make test`, larger through the environment for `make fuzz`:
//   RIFFLE_FUZZ_ITERATIONS  mutants per test
//   RIFFLE_FUZZ_SECONDS     a time limit per test that, when set, replaces the iteration count
//   RIFFLE_FUZZ_SEED        the PRNG seed (each test prints the one it used, to replay a failure)

#include <chrono>
#include <cstdint>
#include <cstdlib>

namespace riffle::testing {

struct FuzzBudget {
  int64_t iterations = 0;
  double seconds = 0;  // 0: no time limit, run `iterations`.
  uint64_t seed = 0;
};

inline FuzzBudget BudgetFromEnv(int64_t default_iterations, uint64_t default_seed) {
  FuzzBudget b;
  b.iterations = default_iterations;
  b.seed = default_seed;
  if (const char* s = std::getenv("RIFFLE_FUZZ_ITERATIONS")) b.iterations = std::atoll(s);
  if (const char* s = std::getenv("RIFFLE_FUZZ_SECONDS")) b.seconds = std::atof(s);
  if (const char* s = std::getenv("RIFFLE_FUZZ_SEED")) b.seed = std::strtoull(s, nullptr, 10);
  return b;
}

// Runs `body(iteration)` for the budget's iterations or seconds, or until it returns false.
// Returns the number of iterations run.
template <typename Body>
int64_t RunBudget(const FuzzBudget& budget, Body body) {
  const auto start = std::chrono::steady_clock::now();
  int64_t i = 0;
  while (true) {
    if (budget.seconds > 0) {
      std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      if (elapsed.count() >= budget.seconds) break;
    } else if (i >= budget.iterations) {
      break;
    }
    if (!body(i)) break;
    ++i;
  }
  return i;
}

}  // namespace riffle::testing
