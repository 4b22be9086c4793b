#pragma once
// Test harness for the group APIs: a fake LogStore (topics only), a coordinator in a fresh
// temporary directory, and helpers that build request bodies with Writer, call a handler the
// way the server does (flexible flag from the version) and hand back the response body.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"
#include "connectors/broker/log/log_store.h"
#include "tests/unit/broker/fake_log_store.h"

namespace riffle::broker::testing {

// The group APIs only ask the log which topics exist: the handlers' in-memory store serves.
class FakeLogStore : public broker::FakeLogStore {
 public:
  void AddTopic(const std::string& name, int32_t partitions) {
    std::string message;
    CreateTopic(name, partitions, {}, /*validate_only=*/false, &message);
  }
};

// First flexible version of each group API, from Kafka's message definitions.
inline int16_t FirstFlexible(ApiKey key) {
  switch (key) {
    case ApiKey::kFindCoordinator:
      return 3;
    case ApiKey::kJoinGroup:
      return 6;
    case ApiKey::kSyncGroup:
      return 4;
    case ApiKey::kHeartbeat:
      return 4;
    case ApiKey::kLeaveGroup:
      return 4;
    case ApiKey::kOffsetCommit:
      return 8;
    case ApiKey::kOffsetFetch:
      return 6;
    case ApiKey::kListGroups:
      return 3;
    case ApiKey::kDescribeGroups:
      return 5;
    case ApiKey::kDeleteGroups:
      return 2;
    default:
      return 1000;  // OffsetDelete: never.
  }
}

inline ApiHandler HandlerFor(ApiKey key) {
  switch (key) {
    case ApiKey::kFindCoordinator:
      return HandleFindCoordinator;
    case ApiKey::kJoinGroup:
      return HandleJoinGroup;
    case ApiKey::kSyncGroup:
      return HandleSyncGroup;
    case ApiKey::kHeartbeat:
      return HandleHeartbeat;
    case ApiKey::kLeaveGroup:
      return HandleLeaveGroup;
    case ApiKey::kOffsetCommit:
      return HandleOffsetCommit;
    case ApiKey::kOffsetFetch:
      return HandleOffsetFetch;
    case ApiKey::kListGroups:
      return HandleListGroups;
    case ApiKey::kDescribeGroups:
      return HandleDescribeGroups;
    case ApiKey::kDeleteGroups:
      return HandleDeleteGroups;
    case ApiKey::kOffsetDelete:
      return HandleOffsetDelete;
    default:
      return nullptr;
  }
}

inline bool IsFlexible(ApiKey key, int16_t version) { return version >= FirstFlexible(key); }

inline std::string FreshDir(const std::string& tag) {
  static int counter = 0;
  std::string dir = ::testing::TempDir() + "riffle-groups-" + tag + "-" +
                    std::to_string(::getpid()) + "-" + std::to_string(counter++);
  std::filesystem::remove_all(dir);
  return dir;
}

// What one call produced: a response body, or a parked request.
struct Outcome {
  std::optional<std::string> body;
  std::optional<Pending> pending;
};

class GroupHarness {
 public:
  explicit GroupHarness(const std::string& tag = "t") : dir_(FreshDir(tag)) {
    identity_.node_id = 7;
    identity_.host = "broker.local";
    identity_.port = 9192;
    log_.AddTopic("orders", 3);
    log_.AddTopic("users", 1);
    Reopen();
  }
  ~GroupHarness() {
    groups_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Closes (unless `crash`: the old coordinator is dropped without Close, as kill -9 would
  // leave it; its writes are already in the file) and opens the directory again.
  RecoveryNotes Reopen(bool crash = false) {
    if (groups_ && !crash) groups_->Close();
    if (groups_ && crash) abandoned_.push_back(std::move(groups_));
    groups_.reset();
    RecoveryNotes notes;
    groups_ = GroupCoordinator::Open(dir_, &notes);
    return notes;
  }

  BrokerContext Context() {
    return BrokerContext{
        log_, *groups_, identity_, now_ms, "/127.0.0.1", [this] { ++notifications; }, false};
  }

  // Calls the handler for `key`/`version` on `body` (built non-/flexible as the version says).
  Outcome Call(ApiKey key, int16_t version, const std::string& body,
               const std::string& client_id = "client") {
    BrokerContext ctx = Context();
    RequestHeader header;
    header.api_key = static_cast<int16_t>(key);
    header.api_version = version;
    header.client_id = client_id;
    Reader in(body, IsFlexible(key, version));
    Writer out(IsFlexible(key, version));
    Outcome o;
    o.pending = HandlerFor(key)(ctx, header, in, out);
    if (!o.pending) o.body = out.buffer();
    return o;
  }

  // Resumes a parked request; the body when it answered, nullopt while it stays parked.
  std::optional<std::string> Resume(ApiKey key, int16_t version, Pending& p, bool expired) {
    BrokerContext ctx = Context();
    Writer out(IsFlexible(key, version));
    if (!p.resume(ctx, out, expired)) return std::nullopt;
    return out.buffer();
  }

  // A body built by `build` with a Writer flexible as the version says.
  static std::string Body(ApiKey key, int16_t version, const std::function<void(Writer&)>& build) {
    Writer w(IsFlexible(key, version));
    build(w);
    return w.buffer();
  }

  GroupCoordinator& groups() { return *groups_; }
  FakeLogStore& log() { return log_; }
  const std::string& dir() const { return dir_; }

  int64_t now_ms = 1'700'000'000'000;
  int notifications = 0;

 private:
  std::string dir_;
  FakeLogStore log_;
  BrokerIdentity identity_;
  std::unique_ptr<GroupCoordinator> groups_;
  std::vector<std::unique_ptr<GroupCoordinator>> abandoned_;
};

// ---- request builders and response decoders used by several tests -----------------------------

struct JoinSpec {
  std::string group = "g";
  std::string member_id;
  std::optional<std::string> instance_id;
  int32_t session_timeout_ms = 10000;
  int32_t rebalance_timeout_ms = 20000;
  std::string protocol_type = "consumer";
  std::vector<std::pair<std::string, std::string>> protocols = {{"range", "meta"}};
};

inline std::string JoinBody(int16_t v, const JoinSpec& s) {
  return GroupHarness::Body(ApiKey::kJoinGroup, v, [&](Writer& w) {
    w.Str(s.group);
    w.Int32(s.session_timeout_ms);
    if (v >= 1) w.Int32(s.rebalance_timeout_ms);
    w.Str(s.member_id);
    if (v >= 5) w.NullableStr(s.instance_id);
    w.Str(s.protocol_type);
    w.ArrayLength(static_cast<int32_t>(s.protocols.size()));
    for (const auto& [name, meta] : s.protocols) {
      w.Str(name);
      w.Bytes(meta);
      w.EmptyTaggedFields();
    }
    if (v >= 8) w.NullableStr(std::string("test"));
    w.EmptyTaggedFields();
  });
}

struct JoinAnswer {
  int16_t error = 0;
  int32_t generation = 0;
  std::optional<std::string> protocol_type;
  std::optional<std::string> protocol_name;
  std::string leader;
  std::string member_id;
  struct Member {
    std::string id;
    std::optional<std::string> instance_id;
    std::string metadata;
  };
  std::vector<Member> members;
};

inline JoinAnswer DecodeJoin(int16_t v, const std::string& body) {
  Reader r(body, IsFlexible(ApiKey::kJoinGroup, v));
  JoinAnswer a;
  if (v >= 2) {
    EXPECT_EQ(r.Int32(), 0);
  }
  a.error = r.Int16();
  a.generation = r.Int32();
  if (v >= 7) {
    a.protocol_type = r.NullableStr();
    a.protocol_name = r.NullableStr();
  } else {
    a.protocol_name = r.Str();
  }
  a.leader = r.Str();
  if (v >= 9) {
    EXPECT_FALSE(r.Bool());
  }
  a.member_id = r.Str();
  int32_t n = r.ArrayLength();
  for (int32_t i = 0; i < n; ++i) {
    JoinAnswer::Member m;
    m.id = r.Str();
    if (v >= 5) m.instance_id = r.NullableStr();
    m.metadata = std::string(r.Bytes());
    r.SkipTaggedFields();
    a.members.push_back(std::move(m));
  }
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return a;
}

inline std::string SyncBody(int16_t v, const std::string& group, int32_t generation,
                            const std::string& member_id,
                            const std::vector<std::pair<std::string, std::string>>& assignments,
                            std::optional<std::string> instance_id = std::nullopt) {
  return GroupHarness::Body(ApiKey::kSyncGroup, v, [&](Writer& w) {
    w.Str(group);
    w.Int32(generation);
    w.Str(member_id);
    if (v >= 3) w.NullableStr(instance_id);
    if (v >= 5) {
      w.NullableStr(std::string("consumer"));
      w.NullableStr(std::string("range"));
    }
    w.ArrayLength(static_cast<int32_t>(assignments.size()));
    for (const auto& [id, a] : assignments) {
      w.Str(id);
      w.Bytes(a);
      w.EmptyTaggedFields();
    }
    w.EmptyTaggedFields();
  });
}

struct SyncAnswer {
  int16_t error = 0;
  std::string assignment;
};

inline SyncAnswer DecodeSync(int16_t v, const std::string& body) {
  Reader r(body, IsFlexible(ApiKey::kSyncGroup, v));
  SyncAnswer a;
  if (v >= 1) {
    EXPECT_EQ(r.Int32(), 0);
  }
  a.error = r.Int16();
  if (v >= 5) {
    r.NullableStr();
    r.NullableStr();
  }
  a.assignment = std::string(r.Bytes());
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return a;
}

inline std::string HeartbeatBody(int16_t v, const std::string& group, int32_t generation,
                                 const std::string& member_id,
                                 std::optional<std::string> instance_id = std::nullopt) {
  return GroupHarness::Body(ApiKey::kHeartbeat, v, [&](Writer& w) {
    w.Str(group);
    w.Int32(generation);
    w.Str(member_id);
    if (v >= 3) w.NullableStr(instance_id);
    w.EmptyTaggedFields();
  });
}

inline int16_t DecodeHeartbeat(int16_t v, const std::string& body) {
  Reader r(body, IsFlexible(ApiKey::kHeartbeat, v));
  if (v >= 1) {
    EXPECT_EQ(r.Int32(), 0);
  }
  int16_t e = r.Int16();
  r.SkipTaggedFields();
  EXPECT_EQ(r.remaining(), 0u);
  return e;
}

// Heartbeat through the handler; returns its error code.
inline int16_t Beat(GroupHarness& h, int16_t v, const std::string& group, int32_t generation,
                    const std::string& member_id,
                    std::optional<std::string> instance_id = std::nullopt) {
  Outcome o =
      h.Call(ApiKey::kHeartbeat, v, HeartbeatBody(v, group, generation, member_id, instance_id));
  EXPECT_TRUE(o.body.has_value());
  return DecodeHeartbeat(v, o.body.value_or(""));
}

}  // namespace riffle::broker::testing
