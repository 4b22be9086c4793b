#include "connectors/broker/local_broker.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "connectors/broker/broker_server.h"
#include "connectors/broker/log/background_sync.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "core/common/error.h"

namespace riffle::broker {

namespace {

[[noreturn]] void ThrowConnector(const std::string& message) {
  throw RiffleError(ErrorKind::kConnector, message);
}

std::string ReadSmallFile(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (in) std::getline(in, line);
  return line;
}

// Writes to a temporary name, fsyncs and renames, so a reader never sees half a file.
bool WriteSmallFile(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = fsync(fd) == 0 && ok;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

// Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters).
std::string NewClusterId() {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  std::string id;
  for (int i = 0; i < 22; ++i) id.push_back(kAlphabet[rd() % 64]);
  return id;
}

// Creates `dir` and any missing parents, each 0700 (like the catalog's own directory).
void MakeDir(const std::string& dir) {
  for (size_t slash = dir.find('/', 1); slash != std::string::npos;
       slash = dir.find('/', slash + 1)) {
    mkdir(dir.substr(0, slash).c_str(), 0700);  // Exists already, mostly; the final check says.
  }
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    ThrowConnector("cannot create the broker's data directory '" + dir + "': " +
                   strerror(errno));
  }
  struct stat st {};
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    ThrowConnector("the broker's data directory '" + dir + "' is not a directory");
  }
}

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace

LocalBrokerConnection StartOrAttach(const LocalBrokerOptions& options) {
  LocalBrokerConnection connection;
  try {
    connection.owned = LocalBroker::Start(options);
    connection.bootstrap = connection.owned->bootstrap();
    return connection;
  } catch (const BrokerBusy& busy) {
    connection.bootstrap = busy.address();
    for (int i = 0; connection.bootstrap.empty() && i < 50; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      connection.bootstrap = LocalBroker::RunningAddress(options.data_dir);
    }
    if (connection.bootstrap.empty()) {
      ThrowConnector(std::string(busy.what()) + ", but it has not said where it listens (" +
                     options.data_dir + "/broker.address)");
    }
  }
  return connection;
}

std::string DefaultBrokerDir(const std::string& catalog_path) {
  std::string base = catalog_path;
  size_t slash = base.rfind('/');
  size_t dot = base.rfind('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash + 1)) {
    base.erase(dot);
  }
  return base + ".kafka";
}

bool ParseListenAddress(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size() ||
      text.size() - colon - 1 > 5 ||
      text.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    return false;
  }
  int p = std::stoi(text.substr(colon + 1));
  if (p > 65535) return false;
  *host = text.substr(0, colon);
  if (*host == "localhost") *host = "127.0.0.1";
  *port = p;
  return true;
}

std::string HumanBytes(int64_t bytes) {
  static const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  if (bytes < 1000) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes);
  int unit = -1;
  while (v >= 1000 && unit < 3) {
    v /= 1000;
    ++unit;
  }
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << v << " " << kUnits[unit];
  return out.str();
}

struct LocalBroker::State {
  int lock_fd = -1;
  std::unique_ptr<LogStore> log;
  std::unique_ptr<GroupCoordinator> groups;
  std::unique_ptr<BrokerServer> server;
  std::unique_ptr<BackgroundSync> sync;  // the segments' fsyncs, off the event loop
  int64_t last_flush_ms = 0;
  int64_t last_retention_ms = 0;
};

std::string LocalBroker::RunningAddress(const std::string& data_dir) {
  return ReadSmallFile(data_dir + "/broker.address");
}

std::unique_ptr<LocalBroker> LocalBroker::Start(const LocalBrokerOptions& options) {
  std::unique_ptr<LocalBroker> broker(new LocalBroker());
  broker->data_dir_ = options.data_dir;
  broker->state_ = std::make_unique<State>();
  State& s = *broker->state_;
  const std::string& dir = options.data_dir;
  MakeDir(dir);

  s.lock_fd = open((dir + "/broker.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (s.lock_fd < 0) {
    ThrowConnector("cannot open '" + dir + "/broker.lock': " + strerror(errno));
  }
  if (flock(s.lock_fd, LOCK_EX | LOCK_NB) != 0) {
    close(s.lock_fd);
    s.lock_fd = -1;
    throw BrokerBusy("another riffle process runs the broker of '" + dir + "'",
                     RunningAddress(dir));
  }
  // A broker.address left by a process that was killed is stale: we hold the lock now.
  unlink((dir + "/broker.address").c_str());

  std::string cluster_id = ReadSmallFile(dir + "/cluster.id");
  if (cluster_id.size() != 22) {
    cluster_id = NewClusterId();
    if (!WriteSmallFile(dir + "/cluster.id", cluster_id + "\n")) {
      ThrowConnector("cannot write '" + dir + "/cluster.id': " + strerror(errno));
    }
  }

  s.log = LogStore::Open(dir, options.log_options, &broker->recovery_);
  for (const std::string& note : broker->recovery_.notes) {
    if (options.log) options.log(note);
  }
  RecoveryNotes group_notes;
  s.groups = GroupCoordinator::Open(dir + "/groups", &group_notes);
  for (const std::string& note : group_notes.notes) {
    broker->recovery_.notes.push_back(note);
    if (options.log) options.log(note);
  }

  BrokerServerOptions server_options;
  server_options.host = options.host;
  server_options.log = options.log;
  int remembered = 0;
  if (options.port < 0) {
    try {
      remembered = std::stoi(ReadSmallFile(dir + "/broker.port"));
    } catch (const std::exception&) {
      remembered = 0;
    }
  }
  BrokerIdentity identity;
  identity.host = options.host;
  identity.cluster_id = cluster_id;
  server_options.port = options.port >= 0 ? options.port : remembered;
  try {
    s.server = std::make_unique<BrokerServer>(server_options, *s.log, *s.groups, identity);
  } catch (const RiffleError&) {
    if (options.port >= 0 || remembered == 0) throw;
    // The remembered port is taken by someone else: any port will do.
    server_options.port = 0;
    s.server = std::make_unique<BrokerServer>(server_options, *s.log, *s.groups, identity);
  }
  const int64_t flush_interval = options.flush_interval_ms;
  LogStore* log = s.log.get();
  GroupCoordinator* groups = s.groups.get();
  State* state = &s;
  s.sync = std::make_unique<BackgroundSync>();
  s.server->SetTick([log, groups, state, flush_interval](int64_t now) {
    bool changed = groups->Tick(now);
    if (now - state->last_flush_ms >= flush_interval) {
      state->last_flush_ms = now;
      std::vector<int> unsynced;
      log->TakeUnsynced(&unsynced);
      state->sync->Add(std::move(unsynced));
      if (state->sync->TakeFailure()) log->NoteSyncFailure();
      groups->Flush();
    }
    if (now - state->last_retention_ms >= 60000) {
      state->last_retention_ms = now;
      if (log->EnforceRetention(now) > 0) changed = true;
    }
    return changed;
  });
  broker->bootstrap_ = options.host + ":" + std::to_string(s.server->port());
  WriteSmallFile(dir + "/broker.port", std::to_string(s.server->port()) + "\n");
  s.server->Start();
  if (!WriteSmallFile(dir + "/broker.address", broker->bootstrap_ + "\n")) {
    broker->Stop();
    ThrowConnector("cannot write '" + dir + "/broker.address': " + strerror(errno));
  }
  return broker;
}

LocalBroker::~LocalBroker() { Stop(); }

void LocalBroker::Stop() {
  if (!state_) return;
  State& s = *state_;
  if (s.server) s.server->Stop();
  s.server.reset();
  if (s.sync) {
    // What the loop handed over is on disk before Close marks the shutdown clean.
    s.sync->Drain();
    if (s.sync->TakeFailure() && s.log) s.log->NoteSyncFailure();
    s.sync.reset();
  }
  if (s.groups) s.groups->Close();
  if (s.log) s.log->Close();
  s.groups.reset();
  s.log.reset();
  // Only the lock's holder owns broker.address: a Start that found the directory busy must not
  // remove the running broker's address on its way out.
  if (s.lock_fd >= 0) {
    unlink((data_dir_ + "/broker.address").c_str());
    close(s.lock_fd);
  }
  state_.reset();
}

std::string LocalBroker::Summary() const {
  const RecoveryReport& r = recovery_;
  return "data in " + data_dir_ + ": " + std::to_string(r.topics) +
         (r.topics == 1 ? " topic, " : " topics, ") + WithThousands(r.records) +
         (r.records == 1 ? " record, " : " records, ") + HumanBytes(r.bytes);
}

}  // namespace riffle::broker
