#pragma once
// Builds BrokerContexts for the API handlers' unit tests and calls handlers the way the server
// does (a Reader and Writer flexible as the version says).
// The data/admin handlers never touch ctx.groups; a coordinator in a temporary directory fills
// the reference.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "tests/unit/broker/fake_log_store.h"

namespace riffle::broker {

struct HandlerResult {
  std::string body;                // The response body the handler wrote.
  std::optional<Pending> pending;  // Set when the handler parked the request.
  bool no_response = false;
  size_t unread_request_bytes = 0;  // What the handler left unread: 0 for a well-formed frame.
};

class TestBroker {
 public:
  TestBroker() {
    static std::atomic<int> counter{0};
    groups_dir_ = std::filesystem::temp_directory_path() /
                  ("riffle-api-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    groups_ = GroupCoordinator::Open(groups_dir_.string(), nullptr);
    identity_.node_id = 7;
    identity_.host = "broker.test";
    identity_.port = 9092;
    identity_.cluster_id = "riffle-test-cluster-01";
  }

  ~TestBroker() {
    groups_.reset();
    std::filesystem::remove_all(groups_dir_);
  }
  TestBroker(const TestBroker&) = delete;
  TestBroker& operator=(const TestBroker&) = delete;

  FakeLogStore& log() { return log_; }
  const BrokerIdentity& identity() const { return identity_; }
  int notifications() const { return notifications_; }
  int64_t now_ms = 1'000'000;

  BrokerContext Context() {
    return BrokerContext{
        log_, *groups_, identity_, now_ms, "/127.0.0.1", [this] { ++notifications_; }, false};
  }

  // Calls `handler` with `request` (a body encoded for `version`, flexible or not).
  HandlerResult Call(ApiHandler handler, int16_t version, bool flexible,
                     const std::string& request) {
    RequestHeader header;
    header.api_version = version;
    header.correlation_id = 42;
    header.client_id = "test";
    Reader in(request, flexible);
    Writer out(flexible);
    BrokerContext ctx = Context();
    HandlerResult result;
    result.pending = handler(ctx, header, in, out);
    result.body = out.buffer();
    result.no_response = ctx.no_response;
    result.unread_request_bytes = in.remaining();
    return result;
  }

  // Resumes a parked request as the server would, at time `now_ms`: the response body when it
  // answered, nullopt when it stays parked.
  std::optional<std::string> Resume(Pending& pending, bool flexible, bool expired) {
    BrokerContext ctx = Context();
    Writer out(flexible);
    if (!pending.resume(ctx, out, expired)) {
      EXPECT_TRUE(out.buffer().empty()) << "a request that stays parked wrote a response";
      return std::nullopt;
    }
    return out.buffer();
  }

 private:
  FakeLogStore log_;
  std::filesystem::path groups_dir_;
  std::unique_ptr<GroupCoordinator> groups_;
  BrokerIdentity identity_;
  int notifications_ = 0;
};

}  // namespace riffle::broker
