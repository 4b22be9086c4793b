// How long a statement waits on a cluster that does not answer: a refused connection is said at
// once (not after the whole request timeout), and Ctrl-C (the cancel flag) ends the wait.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "connectors/kafka/kafka_admin.h"
#include "core/common/error.h"

namespace riffle::kafka {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A port that accepts connections (into the backlog) and never says a word.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  }
  ~SilentListener() { close(fd_); }
  const std::string& address() const { return address_; }

 private:
  int fd_ = -1;
  std::string address_;
};

// A port nothing listens on: bound, then closed.
std::string RefusingAddress() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
}

TEST(KafkaAdminWait, ARefusedConnectionIsReportedLongBeforeTheTimeout) {
  KafkaAdmin admin({.bootstrap_servers = RefusingAddress(), .timeout_ms = 30000});
  auto start = Clock::now();
  try {
    admin.ListTopics();
    FAIL() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_NE(std::string(e.what()).find("Connection refused"), std::string::npos) << e.what();
  }
  // kRefusedFailFastMs (1.5 s) plus one slice; generous for a loaded machine, far from 30 s.
  EXPECT_LT(SecondsSince(start), 10.0);
}

TEST(KafkaAdminWait, CancelEndsAWaitOnASilentCluster) {
  SilentListener silent;
  std::atomic<bool> cancel{false};
  KafkaAdmin admin({.bootstrap_servers = silent.address(), .timeout_ms = 30000, .cancel = &cancel});
  std::thread ctrl_c([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    cancel = true;
  });
  auto start = Clock::now();
  try {
    admin.ListTopics();
    ADD_FAILURE() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_NE(std::string(e.what()).find("cancelled"), std::string::npos) << e.what();
  }
  ctrl_c.join();
  EXPECT_LT(SecondsSince(start), 10.0);  // 0.5 s + a slice; the timeout is 30 s
}

}  // namespace
}  // namespace riffle::kafka
