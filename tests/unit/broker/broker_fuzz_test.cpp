// Fuzzes the broker with mutated request frames: in process against every handler over a real
// LogStore and GroupCoordinator (level 1), and over TCP against a real BrokerServer (level 2).
// A malformed frame may only be answered or close its own connection; nothing may crash, leak
// or stop the server. The budget is small for `make test`; `make fuzz` raises it through
// RIFFLE_FUZZ_ITERATIONS / RIFFLE_FUZZ_SECONDS (see frame_fuzzer.h). Failures print the PRNG seed
// and iteration, so RIFFLE_FUZZ_SEED replays them.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/broker_server.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "connectors/broker/log/log_store.h"
#include "tests/unit/broker/frame_fuzzer.h"
#include "tests/unit/broker/tcp_client.h"

namespace riffle::broker {
namespace {

using fuzz::FrameMutator;
using fuzz::FuzzBudget;
using fuzz::Seed;

std::string Hex(const std::string& s, size_t max = 256) {
  std::string out;
  char buf[4];
  for (size_t i = 0; i < s.size() && i < max; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(s[i]));
    out += buf;
  }
  if (s.size() > max) out += "...";
  return out;
}

// A data directory with a real log (topic "orders", 3 partitions) and group coordinator.
class RealBroker {
 public:
  explicit RealBroker(const std::string& tag) {
    static int counter = 0;
    dir_ =
        std::filesystem::temp_directory_path() /
        ("riffle-fuzz-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    log_ = LogStore::Open((dir_ / "log").string(), LogStoreOptions{}, nullptr);
    groups_ = GroupCoordinator::Open((dir_ / "groups").string(), nullptr);
    std::string message;
    log_->CreateTopic(fuzz::kSeedTopic, fuzz::kSeedPartitions, {}, false, &message);
    identity_.node_id = 1;
    identity_.host = "127.0.0.1";
    identity_.port = 9092;
    identity_.cluster_id = "riffle-fuzz-cluster-01";
  }
  ~RealBroker() {
    groups_->Close();
    log_->Close();
    groups_.reset();
    log_.reset();
    std::filesystem::remove_all(dir_);
  }

  LogStore& log() { return *log_; }
  GroupCoordinator& groups() { return *groups_; }
  const BrokerIdentity& identity() const { return identity_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<LogStore> log_;
  std::unique_ptr<GroupCoordinator> groups_;
  BrokerIdentity identity_;
};

// What one frame did to a handler.
enum class Outcome { kAnswered, kNoResponse, kRejected, kNotServed };

// Decodes the header as BrokerServer::HandleFrame does and calls the handler; a Pending is
// resumed once with expired=true. Throws whatever the handler throws besides ProtocolError.
Outcome CallHandler(RealBroker& broker, const std::string& frame, int64_t now_ms,
                    std::string* response) {
  if (frame.size() < 4) return Outcome::kRejected;
  const int16_t key = LoadBE16(frame.data());
  const int16_t version = LoadBE16(frame.data() + 2);
  const ApiSpec* api = FindApi(key);
  if (api == nullptr || version < api->min_version || version > api->max_version) {
    return Outcome::kNotServed;
  }
  const bool flexible = version >= api->first_flexible;
  try {
    Reader in(frame, flexible);
    RequestHeader header;
    header.api_key = in.Int16();
    header.api_version = in.Int16();
    header.correlation_id = in.Int32();
    in.set_flexible(false);
    header.client_id = in.NullableStr();
    in.set_flexible(flexible);
    in.SkipTaggedFields();
    BrokerContext ctx{broker.log(), broker.groups(), broker.identity(), now_ms, "/127.0.0.1", [] {},
                      false};
    Writer out(flexible);
    std::optional<Pending> pending = api->handler(ctx, header, in, out);
    if (ctx.no_response) return Outcome::kNoResponse;
    if (pending) {
      EXPECT_TRUE(out.buffer().empty()) << "a parked request wrote a response";
      BrokerContext later{broker.log(),
                          broker.groups(),
                          broker.identity(),
                          std::max(now_ms, pending->deadline_ms),
                          "/127.0.0.1",
                          [] {},
                          false};
      Writer resumed(flexible);
      EXPECT_TRUE(pending->resume(later, resumed, /*expired=*/true))
          << "an expired Pending must answer";
      *response = resumed.buffer();
      return Outcome::kAnswered;
    }
    *response = out.buffer();
    return Outcome::kAnswered;
  } catch (const ProtocolError&) {
    return Outcome::kRejected;
  }
}

void PrintTotals(const char* level, uint64_t seed, int64_t tried, int64_t answered, int64_t closed,
                 int64_t other) {
  std::printf(
      "[fuzz %s] seed %llu: %lld frames tried, %lld answered, %lld closed, %lld other, "
      "0 crashes\n",
      level, static_cast<unsigned long long>(seed), static_cast<long long>(tried),
      static_cast<long long>(answered), static_cast<long long>(closed),
      static_cast<long long>(other));
}

using ::riffle::testing::RunBudget;

TEST(BrokerFuzz, EverySeedIsAnsweredAsIs) {
  // The corpus must be valid, or the mutants explore only the first bytes of each body.
  RealBroker broker("seeds");
  for (const Seed& seed : fuzz::SeedCorpus()) {
    std::string response;
    Outcome o = CallHandler(broker, seed.frame, 1'700'000'000'000, &response);
    if (seed.key == static_cast<int16_t>(ApiKey::kApiVersions) && seed.version == 4) {
      EXPECT_EQ(o, Outcome::kNotServed);
      continue;
    }
    EXPECT_EQ(o, Outcome::kAnswered) << "api " << seed.key << " v" << seed.version;
    EXPECT_FALSE(response.empty()) << "api " << seed.key << " v" << seed.version;
  }
}

TEST(BrokerFuzz, HandlersAnswerOrRejectMutatedFrames) {
  const FuzzBudget budget = fuzz::BudgetFromEnv(5000, 20261207);
  const std::vector<Seed> corpus = fuzz::SeedCorpus();
  FrameMutator mutator(budget.seed, &corpus);
  RealBroker broker("handlers");
  int64_t answered = 0, rejected = 0, other = 0;
  int64_t now_ms = 1'700'000'000'000;
  int64_t tried = RunBudget(budget, [&](int64_t i) {
    std::string frame = mutator.Next();
    std::string response;
    now_ms += 7;
    try {
      switch (CallHandler(broker, frame, now_ms, &response)) {
        case Outcome::kAnswered:
          ++answered;
          break;
        case Outcome::kRejected:
          ++rejected;
          break;
        default:
          ++other;
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "seed " << budget.seed << " iteration " << i
                    << ": a handler threw something other than ProtocolError: " << e.what()
                    << "\nframe " << Hex(frame);
      return false;
    }
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "seed " << budget.seed << " iteration " << i << " frame " << Hex(frame);
      return false;
    }
    return true;
  });
  PrintTotals("handlers", budget.seed, tried, answered, rejected, other);
  EXPECT_GT(answered, tried / 20) << "mutants should still often parse";
  EXPECT_GT(rejected, tried / 20) << "mutants should often be malformed";
}

// ---- level 2: over TCP -------------------------------------------------------------------------

using testing::Client;
using testing::kIoTimeoutMs;

// A BrokerServer over a RealBroker, started.
struct Served {
  explicit Served(const std::string& tag, BrokerServerOptions options = {}) : broker(tag) {
    server =
        std::make_unique<BrokerServer>(options, broker.log(), broker.groups(), broker.identity());
    server->Start();
  }
  ~Served() { server->Stop(); }
  RealBroker broker;
  std::unique_ptr<BrokerServer> server;
};

// Sends ApiVersions v3 and checks the answer lists Metadata; false when it did not come.
bool ApiVersionsWorks(Client& c, int32_t correlation_id = 77) {
  const int16_t key = static_cast<int16_t>(ApiKey::kApiVersions);
  if (!c.SendFrame(fuzz::RequestFrame(key, 3, correlation_id, true,
                                      fuzz::SeedBody(ApiKey::kApiVersions, 3))))
    return false;
  std::optional<std::string> frame = c.ReadFrame();
  if (!frame) return false;
  Reader r(*frame, false);
  EXPECT_EQ(r.Int32(), correlation_id);
  r.set_flexible(true);  // response header v0, body flexible
  EXPECT_EQ(r.Int16(), 0);
  int32_t n = r.ArrayLength();
  bool metadata = false;
  for (int32_t i = 0; i < n; ++i) {
    int16_t api = r.Int16();
    r.Int16();
    r.Int16();
    r.SkipTaggedFields();
    metadata = metadata || api == static_cast<int16_t>(ApiKey::kMetadata);
  }
  EXPECT_TRUE(metadata);
  return true;
}

// Sends Metadata v1 for the seed topic and checks the broker and the topic's partitions.
bool MetadataWorks(Client& c, int port) {
  const int16_t key = static_cast<int16_t>(ApiKey::kMetadata);
  if (!c.SendFrame(fuzz::RequestFrame(key, 1, 78, false, fuzz::SeedBody(ApiKey::kMetadata, 1)))) {
    return false;
  }
  std::optional<std::string> frame = c.ReadFrame();
  if (!frame) return false;
  Reader r(*frame, false);
  EXPECT_EQ(r.Int32(), 78);
  EXPECT_EQ(r.ArrayLength(), 1);  // brokers
  r.Int32();
  EXPECT_EQ(r.Str(), "127.0.0.1");
  EXPECT_EQ(r.Int32(), port);
  r.NullableStr();
  r.Int32();  // controller
  EXPECT_EQ(r.ArrayLength(), 1);
  EXPECT_EQ(r.Int16(), 0);
  EXPECT_EQ(r.Str(), fuzz::kSeedTopic);
  r.Bool();
  EXPECT_EQ(r.ArrayLength(), fuzz::kSeedPartitions);
  return true;
}

TEST(BrokerFuzz, ServerSurvivesMutatedFramesOverTcp) {
  const FuzzBudget budget = fuzz::BudgetFromEnv(1500, 20261208);
  const std::vector<Seed> corpus = fuzz::SeedCorpus();
  FrameMutator mutator(budget.seed, &corpus);
  Served s("tcp");
  const int port = s.server->port();
  int64_t frames = 0, answered = 0, closed_empty = 0;
  int64_t connections = RunBudget(budget, [&](int64_t i) {
    Client c(port);
    if (!c.connected()) {
      ADD_FAILURE() << "seed " << budget.seed << " connection " << i << ": cannot connect";
      return false;
    }
    // One to three mutants on the connection, sometimes written a few bytes at a time.
    std::string sent;
    std::string wire;
    size_t n = 1 + mutator.Below(3);
    for (size_t k = 0; k < n; ++k) {
      std::string frame = mutator.Next();
      Writer w(false);
      w.Int32(mutator.SizePrefix(frame));
      w.Raw(frame);
      wire += w.buffer();
      ++frames;
    }
    if (mutator.OneIn(8)) {
      for (size_t at = 0; at < wire.size(); at += 3) {
        if (!c.Send(wire.substr(at, 3))) break;
      }
    } else {
      c.Send(wire);
    }
    // Hanging up makes the server finish: it answers what it has, then sees EOF and closes.
    c.ShutdownWrite();
    std::string got;
    if (!c.ReadToEof(&got)) {
      ADD_FAILURE() << "seed " << budget.seed << " connection " << i
                    << ": the server neither answered nor closed within " << kIoTimeoutMs
                    << " ms after the client hung up\nbytes " << Hex(wire, 512);
      return false;
    }
    // What came back must be whole, well-formed response frames.
    Reader r(got, false);
    int64_t responses = 0;
    while (r.remaining() > 0) {
      int32_t size = r.remaining() >= 4 ? r.Int32() : -1;
      if (size < 4 || r.remaining() < static_cast<size_t>(size)) {
        ADD_FAILURE() << "seed " << budget.seed << " connection " << i
                      << ": a torn or malformed response\nbytes " << Hex(wire, 512);
        return false;
      }
      r.Skip(static_cast<size_t>(size));
      ++responses;
    }
    answered += responses;
    if (responses == 0) ++closed_empty;
    return !::testing::Test::HasFailure();
  });

  // The broker still serves a fresh client.
  Client fresh(port);
  ASSERT_TRUE(fresh.connected());
  EXPECT_TRUE(ApiVersionsWorks(fresh));
  EXPECT_TRUE(MetadataWorks(fresh, port));
  std::printf(
      "[fuzz tcp] %lld connections, %lld closed by the server for a bad frame, "
      "%lld answered nothing\n",
      static_cast<long long>(connections), static_cast<long long>(s.server->connections_rejected()),
      static_cast<long long>(closed_empty));
  PrintTotals("tcp", budget.seed, frames, answered, s.server->connections_rejected(), 0);
}

// A line of /proc/self/status in kB ("VmRSS", "VmSize").
int64_t StatusKb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atoll(line.c_str() + field.size() + 1);
  }
  return 0;
}
int64_t ResidentKb() { return StatusKb("VmRSS"); }

TEST(BrokerFuzz, OversizedAndNegativeSizesCloseWithoutAllocating) {
  Served s("sizes");
  const int port = s.server->port();
  const int64_t before_kb = ResidentKb();
  const int32_t kSizes[] = {(100 << 20) + 1, INT32_MAX, -1, INT32_MIN, 0, 7};
  for (int round = 0; round < 10; ++round) {
    for (int32_t size : kSizes) {
      Client c(port);
      ASSERT_TRUE(c.connected());
      Writer w(false);
      w.Int32(size);
      w.Raw("some bytes that follow");
      c.Send(w.buffer());
      std::string got;
      // No ShutdownWrite: the server must close on its own.
      EXPECT_TRUE(c.ReadToEof(&got)) << "size " << size;
      EXPECT_TRUE(got.empty());
    }
  }
  EXPECT_EQ(s.server->connections_rejected(), 60);
  // 60 refused frames claiming up to 2 GiB each: the server's memory must not have moved much.
  EXPECT_LT(ResidentKb() - before_kb, 32 * 1024);
  Client fresh(port);
  EXPECT_TRUE(ApiVersionsWorks(fresh));
}

TEST(BrokerFuzz, ConnectionsBeyondTheLimitAreClosed) {
  BrokerServerOptions options;
  options.max_connections = 8;
  Served s("conns", options);
  const int port = s.server->port();
  std::vector<std::unique_ptr<Client>> first;
  for (int i = 0; i < 8; ++i) {
    first.push_back(std::make_unique<Client>(port));
    ASSERT_TRUE(ApiVersionsWorks(*first.back(), i)) << "connection " << i;
  }
  for (int i = 0; i < 4; ++i) {
    Client extra(port);
    std::string got;
    EXPECT_TRUE(extra.ReadToEof(&got)) << "extra connection " << i << " was not closed";
    EXPECT_TRUE(got.empty());
  }
  for (int i = 0; i < 8; ++i) {
    EXPECT_TRUE(ApiVersionsWorks(*first[i], 100 + i)) << "connection " << i;
    EXPECT_TRUE(MetadataWorks(*first[i], port)) << "connection " << i;
  }
}

// Regression: a Fetch parked for a long max_wait_ms kept its connection (descriptor and
// max_connections slot) after the client hung up, until the wait ended.
TEST(BrokerFuzz, HangingUpOnAParkedFetchFreesTheConnection) {
  BrokerServerOptions options;
  options.max_connections = 1;
  Served s("parked", options);
  const int port = s.server->port();
  {
    Client c(port);
    Writer body(false);
    body.Int32(-1);
    body.Int32(600'000);  // max_wait_ms: ten minutes
    body.Int32(1 << 20);  // min_bytes: more than the empty topic has, so it parks
    body.Int32(1 << 20);
    body.Int8(0);
    body.ArrayLength(1);
    body.Str(fuzz::kSeedTopic);
    body.ArrayLength(1);
    body.Int32(0);
    body.Int64(0);
    body.Int32(1 << 20);
    ASSERT_TRUE(c.SendFrame(
        fuzz::RequestFrame(static_cast<int16_t>(ApiKey::kFetch), 4, 9, false, body.buffer())));
    ASSERT_FALSE(c.ReadFrame(200).has_value()) << "the fetch should be parked";
    c.ShutdownWrite();
    std::string got;
    EXPECT_TRUE(c.ReadToEof(&got, 5000)) << "the server kept the hung-up connection";
  }
  // The only slot is free again.
  Client next(port);
  EXPECT_TRUE(ApiVersionsWorks(next));
}

// Regression: a size prefix within the limit made the server reserve the whole promised frame
// (100 MiB for 4 bytes sent), per connection.
TEST(BrokerFuzz, APromisedFrameCostsOnlyTheBytesSent) {
  Served s("promise");
  const int port = s.server->port();
  // Address space, not resident memory: an untouched reservation costs no pages, but 1,000
  // connections promising 100 MiB each would still ask for 100 GB.
  const int64_t before_kb = StatusKb("VmSize");
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 8; ++i) {
    clients.push_back(std::make_unique<Client>(port));
    Client& c = *clients.back();
    // A complete ApiVersions, then a frame that promises 100 MiB and sends ten bytes: once the
    // ApiVersions answer is back, the server has looked at the promise too.
    Writer w(false);
    std::string versions =
        fuzz::RequestFrame(static_cast<int16_t>(ApiKey::kApiVersions), 0, 5, false, "");
    w.Int32(static_cast<int32_t>(versions.size()));
    w.Raw(versions);
    w.Int32(100 << 20);
    w.Raw("0123456789");
    ASSERT_TRUE(c.Send(w.buffer()));
    ASSERT_TRUE(c.ReadFrame().has_value());
  }
  EXPECT_LT(StatusKb("VmSize") - before_kb, 200 * 1024);
  Client fresh(port);
  EXPECT_TRUE(ApiVersionsWorks(fresh));
}

}  // namespace
}  // namespace riffle::broker
