#include "connectors/broker/run_broker.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "connectors/broker/local_broker.h"
#include "core/common/error.h"

namespace riffle::broker {

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

int RunBroker(const RunBrokerOptions& options, std::ostream& out) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Blocked before the broker starts its thread, so it inherits the mask and the signal is
  // picked up by sigwait below instead of killing the process mid-write.
  ScopedSignalBlock block(stop_signals);

  LocalBrokerOptions broker_options;
  broker_options.data_dir = options.data_dir;
  if (!options.listen.empty() &&
      !ParseListenAddress(options.listen, &broker_options.host, &broker_options.port)) {
    out << "ERROR --listen needs HOST:PORT, not '" << options.listen << "'\n" << std::flush;
    return 1;
  }
  broker_options.log = [&out](const std::string& line) { out << line << "\n" << std::flush; };
  std::unique_ptr<LocalBroker> broker;
  try {
    broker = LocalBroker::Start(broker_options);
  } catch (const BrokerBusy& e) {
    out << "ERROR " << e.what()
        << (e.address().empty() ? std::string() : " (listening on " + e.address() + ")")
        << "\n"
        << std::flush;
    return 1;
  } catch (const RiffleError& e) {
    out << "ERROR " << e.message() << "\n" << std::flush;
    return 1;
  }
  out << "riffle broker listening on " << broker->bootstrap() << ", " << broker->Summary()
      << "\n"
      << std::flush;
  if (!options.address_file.empty() &&
      !WriteAddressFile(options.address_file, broker->bootstrap())) {
    out << "ERROR cannot write the broker address to '" << options.address_file << "'\n"
        << std::flush;
    return 1;
  }

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  broker->Stop();
  if (!options.address_file.empty()) std::remove(options.address_file.c_str());
  out << "riffle broker stopped\n" << std::flush;
  return 0;
}

}  // namespace riffle::broker
