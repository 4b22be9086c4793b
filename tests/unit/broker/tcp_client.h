#pragma once
// A blocking Kafka-protocol client socket for the broker's TCP tests, with a deadline on every
// wait, so a broker that stops answering fails a test instead of hanging it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>

#include "connectors/broker/wire.h"

namespace riffle::broker::testing {

constexpr int kIoTimeoutMs = 10'000;

class Client {
 public:
  explicit Client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() {
    if (fd_ >= 0) close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  // Sends everything; false when the peer has closed.
  bool Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t w = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (w <= 0) return false;
      sent += static_cast<size_t>(w);
    }
    return true;
  }

  bool SendFrame(const std::string& frame) {
    Writer w(false);
    w.Int32(static_cast<int32_t>(frame.size()));
    w.Raw(frame);
    return Send(w.buffer());
  }

  void ShutdownWrite() { shutdown(fd_, SHUT_WR); }

  // Reads until EOF (true) or the deadline (false), appending to `got`.
  bool ReadToEof(std::string* got, int timeout_ms = kIoTimeoutMs) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char buf[65536];
    while (true) {
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count());
      if (left <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, left) <= 0) continue;
      ssize_t r = recv(fd_, buf, sizeof buf, 0);
      if (r == 0) return true;
      if (r < 0) return errno == ECONNRESET;  // closed by the server with data unread
      got->append(buf, static_cast<size_t>(r));
    }
  }

  // Reads one response frame (without its size prefix); nullopt at EOF or the deadline.
  std::optional<std::string> ReadFrame(int timeout_ms = kIoTimeoutMs) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      if (pending_.size() >= 4) {
        int32_t size = LoadBE32(pending_.data());
        if (size >= 0 && pending_.size() >= 4 + static_cast<size_t>(size)) {
          std::string frame = pending_.substr(4, static_cast<size_t>(size));
          pending_.erase(0, 4 + static_cast<size_t>(size));
          return frame;
        }
      }
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count());
      if (left <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, left) <= 0) continue;
      char buf[65536];
      ssize_t r = recv(fd_, buf, sizeof buf, 0);
      if (r <= 0) return std::nullopt;
      pending_.append(buf, static_cast<size_t>(r));
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

}  // namespace riffle::broker::testing
