#pragma once
// An advisory, process-wide lock next to a catalog file (<catalog>.lock, flock(2)): the process
// holding it runs the catalog's background jobs. A second riffle on the same catalog can still
// read and change it, but must not restart the jobs too, or every record would be processed
// twice. The kernel releases the lock when the holder exits, even on kill -9.

#include <string>

namespace riffle {

class ProcessLock {
 public:
  // Tries to take the lock for `catalog_path` without waiting. An in-memory catalog
  // (":memory:" or "") is always its own process's.
  explicit ProcessLock(const std::string& catalog_path);
  ~ProcessLock();
  ProcessLock(const ProcessLock&) = delete;
  ProcessLock& operator=(const ProcessLock&) = delete;

  bool held() const { return held_; }
  // Tries again without waiting (the holder may have exited); returns held(). Not thread-safe:
  // call from one thread.
  bool TryAcquire();

 private:
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace riffle
