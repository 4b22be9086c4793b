#pragma once
// fdatasyncs (and closes) file descriptors on a thread of its own, so that the broker's event
// loop never waits for the disk: the once-a-second fsync of the segments written meanwhile used
// to stall every client for as long as the disk took (up to half of a busy produce's time).
//
// Threading: Add, TakeFailure and Drain from any thread.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace riffle::broker {

class BackgroundSync {
 public:
  BackgroundSync();
  ~BackgroundSync();  // Drains, then stops the thread.
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  // Queues `fds` (ownership passes: each is closed after its fdatasync).
  void Add(std::vector<int> fds);
  // Returns once everything queued so far is synced.
  void Drain();
  // Whether an fdatasync failed since the last call.
  bool TakeFailure() { return failed_.exchange(false); }

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable wake_;  // work queued, or stopping
  std::condition_variable idle_;  // the queue ran empty
  std::vector<int> queue_;
  bool busy_ = false;  // the thread is syncing a batch taken from the queue
  bool stop_ = false;
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

}  // namespace riffle::broker
