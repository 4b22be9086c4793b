#pragma once
// Measures how much stack a piece of work uses: runs it on a thread whose stack is memory we
// filled with a pattern, then finds the deepest byte the work overwrote. Used by the nesting
// tests to show that statements at kMaxNestingDepth fit a thread's default 8 MiB stack with
// room to spare, in the optimised build and in the unoptimised ASan one.

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <stdexcept>
#include <vector>

namespace riffle::testing {

namespace stack_probe_internal {

struct Job {
  std::function<void()> work;
  std::exception_ptr error;
};

inline void* Run(void* arg) {
  auto* job = static_cast<Job*>(arg);
  try {
    job->work();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

// Reads the stack memory without AddressSanitizer's checks: the dead frames' redzones stay
// poisoned after the thread ends.
__attribute__((no_sanitize_address)) inline size_t Untouched(const unsigned char* p, size_t n,
                                                             unsigned char pattern) {
  size_t i = 0;
  while (i < n && p[i] == pattern) ++i;
  return i;
}

}  // namespace stack_probe_internal

// Runs `work` on a thread with a `stack_bytes` stack and returns the bytes of stack it used
// (a high-water mark). Rethrows what `work` threw.
inline size_t StackUsed(const std::function<void()>& work, size_t stack_bytes = 64u << 20) {
  constexpr unsigned char kPattern = 0xA5;
  std::vector<unsigned char> stack(stack_bytes, kPattern);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, stack.data(), stack.size());
  stack_probe_internal::Job job{work, nullptr};
  pthread_t thread;
  if (pthread_create(&thread, &attr, &stack_probe_internal::Run, &job) != 0) {
    pthread_attr_destroy(&attr);
    throw std::runtime_error("pthread_create failed");
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  if (job.error) std::rethrow_exception(job.error);
  // The stack grows down from the end of the buffer: what stayed untouched is at the start.
  return stack.size() - stack_probe_internal::Untouched(stack.data(), stack.size(), kPattern);
}

}  // namespace riffle::testing
