#pragma once
// Runs tasks in forked child processes, a few at a time, each with a time limit, so that a task
// that crashes or hangs costs only itself. A task returns a string that the child sends back
// over a pipe. The parent must not have started threads (fork copies only the calling thread).

#include <functional>
#include <string>

namespace riffle::conformance {

struct ChildResult {
  bool completed = false;  // the task returned and its output arrived
  std::string output;      // the task's return value, when completed
  std::string failure;     // otherwise: "crashed (signal 11)", "timed out after 60 s", ...
};

// Runs task(i) for i in [0, count) with at most `parallel` children at once; calls
// done(i, result) in the parent as each finishes (in completion order). `setup(i)` runs in the
// parent just before task i is forked (e.g. to make its work directory) and `cleanup(i)` just
// after it ends.
void RunInChildren(size_t count, int parallel, int timeout_ms,
                   const std::function<std::string(size_t)>& task,
                   const std::function<void(size_t, const ChildResult&)>& done,
                   const std::function<void(size_t)>& setup = {},
                   const std::function<void(size_t)>& cleanup = {});

}  // namespace riffle::conformance
