#include "catalog/process_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace riffle {

ProcessLock::ProcessLock(const std::string& catalog_path) {
  if (catalog_path.empty() || catalog_path == ":memory:") {
    held_ = true;
    return;
  }
  fd_ = ::open((catalog_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  // Without a lock file (read-only directory) riffle behaves as before: it runs the jobs.
  if (fd_ < 0) {
    held_ = true;
    return;
  }
  held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
}

bool ProcessLock::TryAcquire() {
  if (!held_ && fd_ >= 0) held_ = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
  return held_;
}

ProcessLock::~ProcessLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace riffle
