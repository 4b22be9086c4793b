#include "connectors/broker/log/background_sync.h"

#include <unistd.h>

namespace riffle::broker {

BackgroundSync::BackgroundSync() : thread_([this] { Run(); }) {}

BackgroundSync::~BackgroundSync() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundSync::Add(std::vector<int> fds) {
  if (fds.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.insert(queue_.end(), fds.begin(), fds.end());
  }
  wake_.notify_one();
}

void BackgroundSync::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void BackgroundSync::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to sync
    std::vector<int> batch;
    batch.swap(queue_);
    busy_ = true;
    lock.unlock();
    for (int fd : batch) {
      if (::fdatasync(fd) != 0) failed_ = true;
      ::close(fd);
    }
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace riffle::broker
