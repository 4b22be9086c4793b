#include "connectors/kafka/run_broker.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>

#include "connectors/kafka/embedded_broker.h"
#include "core/common/error.h"

namespace riffle::kafka {

namespace {

// Restores the calling thread's signal mask on every exit path.
class ScopedSignalBlock {
 public:
  explicit ScopedSignalBlock(const sigset_t& set) { pthread_sigmask(SIG_BLOCK, &set, &old_); }
  ~ScopedSignalBlock() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  ScopedSignalBlock(const ScopedSignalBlock&) = delete;
  ScopedSignalBlock& operator=(const ScopedSignalBlock&) = delete;

 private:
  sigset_t old_;
};

// Writes to a temporary name and renames it, so a reader never sees half an address.
bool WriteAddressFile(const std::string& path, const std::string& address) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::trunc);
    if (!file) return false;
    file << address << "\n";
    file.flush();
    if (!file) return false;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace

int RunBroker(const std::string& address_file, std::ostream& out) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Blocked before librdkafka starts its threads, so they inherit the mask and the signal is
  // picked up by sigwait below instead of killing the process mid-write.
  ScopedSignalBlock block(stop_signals);

  EmbeddedBroker broker;
  try {
    broker.Start();
  } catch (const RiffleError& e) {
    out << "ERROR " << e.message() << "\n" << std::flush;
    return 1;
  }
  out << "riffle embedded Kafka broker (in memory: data is lost when it stops) listening on "
      << broker.bootstraps() << "\n"
      << std::flush;
  if (!address_file.empty() && !WriteAddressFile(address_file, broker.bootstraps())) {
    out << "ERROR cannot write the broker address to '" << address_file << "'\n" << std::flush;
    return 1;
  }

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  if (!address_file.empty()) std::remove(address_file.c_str());
  out << "riffle embedded Kafka broker stopped\n" << std::flush;
  return 0;
}

}  // namespace riffle::kafka
