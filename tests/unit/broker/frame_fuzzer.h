#pragma once
// A seed corpus of valid Kafka request frames (one per served API at its lowest, highest and
// first flexible version, plus ApiVersions v0-v4) and a deterministic mutator, for the broker's
// fuzz tests. A frame here is what follows the 4-byte size prefix: request header + body.

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "tests/unit/broker/batch_builder.h"
#include "tests/unit/broker/groups_test_util.h"
#include "tests/unit/fuzz_budget.h"

namespace riffle::broker::fuzz {

// The topic every seed names; the fuzz harness creates it with kSeedPartitions partitions.
inline constexpr const char* kSeedTopic = "orders";
inline constexpr int32_t kSeedPartitions = 3;

struct Seed {
  int16_t key = 0;
  int16_t version = 0;
  std::string frame;
};

// A request frame: header v1, or v2 (tagged fields) when `flexible`, then `body`.
inline std::string RequestFrame(int16_t key, int16_t version, int32_t correlation_id, bool flexible,
                                const std::string& body) {
  Writer w(false);
  w.Int16(key);
  w.Int16(version);
  w.Int32(correlation_id);
  w.NullableStr(std::string("fuzz"));  // client_id stays a classic string in header v2
  if (flexible) w.UnsignedVarInt(0);
  w.Raw(body);
  return w.buffer();
}

// Whether `version` of `key` uses flexible encodings, as the server decides it.
inline bool IsFlexibleVersion(int16_t key, int16_t version) {
  const ApiSpec* api = FindApi(key);
  return api != nullptr && version >= api->first_flexible;
}

// A valid request body for `key` at `version` (the caller picks a served version).
inline std::string SeedBody(ApiKey key, int16_t v) {
  Writer w(IsFlexibleVersion(static_cast<int16_t>(key), v));
  const std::string topic = kSeedTopic;
  switch (key) {
    case ApiKey::kProduce:
      w.NullStr();  // transactional_id
      w.Int16(1);   // acks
      w.Int32(5000);
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      w.Bytes(testing::SimpleBatch(3));
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      break;
    case ApiKey::kFetch:
      w.Int32(-1);       // replica_id
      w.Int32(20);       // max_wait_ms: short, so a parked fetch answers quickly
      w.Int32(1 << 20);  // min_bytes: more than there is, so the fetch parks
      w.Int32(1 << 20);
      w.Int8(0);
      if (v >= 7) {
        w.Int32(0);   // session_id
        w.Int32(-1);  // session_epoch
      }
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      if (v >= 9) w.Int32(-1);  // current_leader_epoch
      w.Int64(0);
      if (v >= 12) w.Int32(-1);  // last_fetched_epoch
      if (v >= 5) w.Int64(-1);   // log_start_offset
      w.Int32(1 << 20);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      if (v >= 7) w.ArrayLength(0);  // forgotten topics
      if (v >= 11) w.Str("");        // rack_id
      break;
    case ApiKey::kListOffsets:
      w.Int32(-1);
      if (v >= 2) w.Int8(0);
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      if (v >= 4) w.Int32(-1);
      w.Int64(-1);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      break;
    case ApiKey::kMetadata:
      w.ArrayLength(1);
      if (v >= 10) {
        w.Uuid("");
        w.NullableStr(topic);
      } else {
        w.Str(topic);
      }
      w.EmptyTaggedFields();
      if (v >= 4) w.Bool(true);
      if (v >= 8 && v <= 10) w.Bool(false);
      if (v >= 8) w.Bool(false);
      break;
    case ApiKey::kOffsetCommit:
      w.Str("g");
      if (v >= 1) {
        w.Int32(-1);
        w.Str("");
      }
      if (v >= 7) w.NullStr();
      if (v >= 2 && v <= 4) w.Int64(-1);
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      w.Int64(1);
      if (v >= 6) w.Int32(-1);
      if (v == 1) w.Int64(-1);
      w.NullableStr(std::string("meta"));
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      break;
    case ApiKey::kOffsetFetch: {
      auto topics = [&] {
        w.ArrayLength(1);
        w.Str(topic);
        w.ArrayLength(2);
        w.Int32(0);
        w.Int32(1);
        w.EmptyTaggedFields();
      };
      if (v <= 7) {
        w.Str("g");
        topics();
      } else {
        w.ArrayLength(1);
        w.Str("g");
        topics();
        w.EmptyTaggedFields();
      }
      if (v >= 7) w.Bool(false);
      break;
    }
    case ApiKey::kFindCoordinator:
      if (v <= 3) {
        w.Str("g");
        if (v >= 1) w.Int8(0);
      } else {
        w.Int8(0);
        w.ArrayLength(2);
        w.Str("g");
        w.Str("h");
      }
      break;
    case ApiKey::kJoinGroup: {
      testing::JoinSpec spec;
      spec.session_timeout_ms = 6000;
      spec.rebalance_timeout_ms = 50;
      return testing::JoinBody(v, spec);
    }
    case ApiKey::kHeartbeat:
      return testing::HeartbeatBody(v, "g", 1, "member-1");
    case ApiKey::kLeaveGroup:
      w.Str("g");
      if (v <= 2) {
        w.Str("member-1");
      } else {
        w.ArrayLength(1);
        w.Str("member-1");
        w.NullStr();
        if (v >= 5) w.NullStr();
        w.EmptyTaggedFields();
      }
      break;
    case ApiKey::kSyncGroup:
      return testing::SyncBody(v, "g", 1, "member-1", {{"member-1", "assignment"}});
    case ApiKey::kDescribeGroups:
      w.ArrayLength(2);
      w.Str("g");
      w.Str("h");
      if (v >= 3) w.Bool(true);
      break;
    case ApiKey::kListGroups:
      if (v >= 4) {
        w.ArrayLength(1);
        w.Str("Stable");
      }
      break;
    case ApiKey::kApiVersions:
      if (v >= 3) {
        w.Str("riffle-fuzz");
        w.Str("1.0");
      }
      break;
    case ApiKey::kCreateTopics:
      w.ArrayLength(1);
      w.Str("fuzz-created");
      w.Int32(2);
      w.Int16(1);
      w.ArrayLength(0);
      w.ArrayLength(1);
      w.Str("retention.ms");
      w.NullableStr(std::string("60000"));
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      w.Int32(5000);
      if (v >= 1) w.Bool(false);
      break;
    case ApiKey::kDeleteTopics:
      if (v >= 6) {
        w.ArrayLength(1);
        w.NullableStr(std::string("fuzz-created"));
        w.Uuid("");
        w.EmptyTaggedFields();
      } else {
        w.ArrayLength(1);
        w.Str("fuzz-created");
      }
      w.Int32(5000);
      break;
    case ApiKey::kDeleteRecords:
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(1);
      w.Int64(0);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      w.Int32(5000);
      break;
    case ApiKey::kInitProducerId:
      w.NullStr();
      w.Int32(60000);
      if (v >= 3) {
        w.Int64(-1);
        w.Int16(-1);
      }
      break;
    case ApiKey::kOffsetForLeaderEpoch:
      if (v >= 3) w.Int32(-1);
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      if (v >= 2) w.Int32(-1);
      w.Int32(0);
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      break;
    case ApiKey::kDescribeConfigs:
      w.ArrayLength(2);
      w.Int8(2);  // topic
      w.Str(topic);
      w.ArrayLength(-1);
      w.EmptyTaggedFields();
      w.Int8(4);  // broker
      w.Str("1");
      w.ArrayLength(1);
      w.Str("log.retention.ms");
      w.EmptyTaggedFields();
      if (v >= 1) w.Bool(true);
      if (v >= 3) w.Bool(true);
      break;
    case ApiKey::kAlterConfigs:
      w.ArrayLength(1);
      w.Int8(2);
      w.Str(topic);
      w.ArrayLength(1);
      w.Str("retention.ms");
      w.NullableStr(std::string("120000"));
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      w.Bool(false);
      break;
    case ApiKey::kCreatePartitions:
      w.ArrayLength(1);
      w.Str(topic);
      w.Int32(kSeedPartitions);  // unchanged: a valid request that grows nothing
      w.ArrayLength(-1);
      w.EmptyTaggedFields();
      w.Int32(5000);
      w.Bool(true);
      break;
    case ApiKey::kDeleteGroups:
      w.ArrayLength(1);
      w.Str("h");
      break;
    case ApiKey::kIncrementalAlterConfigs:
      w.ArrayLength(1);
      w.Int8(2);
      w.Str(topic);
      w.ArrayLength(2);
      w.Str("cleanup.policy");
      w.Int8(2);  // APPEND
      w.NullableStr(std::string("delete"));
      w.EmptyTaggedFields();
      w.Str("retention.ms");
      w.Int8(1);  // DELETE
      w.NullStr();
      w.EmptyTaggedFields();
      w.EmptyTaggedFields();
      w.Bool(false);
      break;
    case ApiKey::kOffsetDelete:
      w.Str("g");
      w.ArrayLength(1);
      w.Str(topic);
      w.ArrayLength(1);
      w.Int32(0);
      break;
    case ApiKey::kDescribeCluster:
      w.Bool(false);
      if (v >= 1) w.Int8(1);
      break;
    default:
      break;
  }
  w.EmptyTaggedFields();
  return w.buffer();
}

// Every served API at its min, max and first flexible version, then ApiVersions v0-v4 (v4 is
// past what this broker serves: it must answer UNSUPPORTED_VERSION, not close).
inline std::vector<Seed> SeedCorpus() {
  std::vector<Seed> seeds;
  int32_t correlation = 1;
  auto add = [&](int16_t key, int16_t v) {
    for (const Seed& s : seeds) {
      if (s.key == key && s.version == v) return;
    }
    std::string body = SeedBody(static_cast<ApiKey>(key), v);
    seeds.push_back({key, v, RequestFrame(key, v, correlation++, IsFlexibleVersion(key, v), body)});
  };
  for (const ApiSpec& api : SupportedApis()) {
    const int16_t key = static_cast<int16_t>(api.key);
    add(key, api.min_version);
    add(key, api.max_version);
    if (api.first_flexible >= api.min_version && api.first_flexible <= api.max_version) {
      add(key, api.first_flexible);
    }
  }
  for (int16_t v = 0; v <= 4; ++v) add(static_cast<int16_t>(ApiKey::kApiVersions), v);
  return seeds;
}

// Deterministic mutations of seed frames: the same seed gives the same sequence of mutants.
class FrameMutator {
 public:
  FrameMutator(uint64_t seed, const std::vector<Seed>* corpus) : rng_(seed), corpus_(corpus) {}

  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }

  const Seed& PickSeed() { return (*corpus_)[Below(corpus_->size())]; }

  // One to four mutations of a random seed.
  std::string Next() {
    std::string f = PickSeed().frame;
    size_t rounds = 1 + Below(4);
    for (size_t i = 0; i < rounds; ++i) MutateOnce(f);
    return f;
  }

  // A size prefix for `frame`: usually exact, sometimes a lie (too short, too long, negative,
  // over the limit).
  int32_t SizePrefix(const std::string& frame) {
    const int32_t exact = static_cast<int32_t>(frame.size());
    if (!OneIn(8)) return exact;
    static const int32_t kLies[] = {
        0, -1, 7, INT32_MAX, INT32_MIN, 100 << 20, (100 << 20) + 1, 1 << 24, -100};
    switch (Below(4)) {
      case 0:
        return exact - 1 - static_cast<int32_t>(Below(8));
      case 1:
        return exact + 1 + static_cast<int32_t>(Below(64));
      case 2:
        return kLies[Below(sizeof kLies / sizeof kLies[0])];
      default:
        return static_cast<int32_t>(rng_());
    }
  }

 private:
  void MutateOnce(std::string& f) {
    static const uint8_t kBytes[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x81};
    static const uint32_t kInts[] = {0,          0xffffffff, 0x7fffffff, 0x80000000, 1,
                                     0xfffffffe, 0x00007fff, 0x00008000, 0x0000ffff, 100 << 20};
    switch (Below(12)) {
      case 0:  // bit flip
        if (!f.empty()) f[Below(f.size())] ^= static_cast<char>(1 << Below(8));
        break;
      case 1:  // interesting byte
        if (!f.empty()) f[Below(f.size())] = static_cast<char>(kBytes[Below(sizeof kBytes)]);
        break;
      case 2:  // interesting int16 / int32 (lengths, counts, sizes)
      case 3: {
        if (f.size() < 4) break;
        uint32_t v = kInts[Below(sizeof kInts / sizeof kInts[0])];
        size_t at = Below(f.size() - 3);
        if (OneIn(2)) {
          StoreBE32(f.data() + at, static_cast<int32_t>(v));
        } else {
          f[at] = static_cast<char>(v >> 8);
          f[at + 1] = static_cast<char>(v);
        }
        break;
      }
      case 4: {  // a huge or over-long varint
        static const std::string kVarints[] = {
            std::string("\xff\xff\xff\xff\x0f"), std::string("\xff\xff\xff\xff\xff\x01"),
            std::string("\x80\x80\x80\x80\x80\x80\x80", 7), std::string("\xfe\xff\xff\xff\x07")};
        const std::string& v = kVarints[Below(4)];
        size_t at = Below(f.size() + 1);
        if (OneIn(2)) {
          f.insert(at, v);
        } else {
          f.replace(at, std::min(v.size(), f.size() - at), v);
        }
        break;
      }
      case 5:  // truncate
        f.resize(Below(f.size() + 1));
        break;
      case 6: {  // extend with garbage
        size_t n = 1 + Below(64);
        for (size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(rng_()));
        break;
      }
      case 7: {  // splice with another seed
        const std::string& other = PickSeed().frame;
        f = f.substr(0, Below(f.size() + 1)) + other.substr(Below(other.size() + 1));
        break;
      }
      case 8:  // random api key (sometimes one not served)
        if (f.size() >= 2) {
          int16_t key = OneIn(4) ? static_cast<int16_t>(rng_())
                                 : static_cast<int16_t>(static_cast<int>(Below(72)) - 1);
          f[0] = static_cast<char>(key >> 8);
          f[1] = static_cast<char>(key);
        }
        break;
      case 9:  // random version
        if (f.size() >= 4) {
          int16_t version = OneIn(4) ? static_cast<int16_t>(rng_())
                                     : static_cast<int16_t>(static_cast<int>(Below(18)) - 1);
          f[2] = static_cast<char>(version >> 8);
          f[3] = static_cast<char>(version);
        }
        break;
      case 10:  // random byte
        if (!f.empty()) f[Below(f.size())] = static_cast<char>(rng_());
        break;
      default: {  // delete or duplicate a chunk
        if (f.empty()) break;
        size_t at = Below(f.size());
        size_t n = 1 + Below(std::min<size_t>(16, f.size() - at));
        if (OneIn(2)) {
          f.erase(at, n);
        } else {
          f.insert(at, f.substr(at, n));
        }
        break;
      }
    }
  }

  std::mt19937_64 rng_;
  const std::vector<Seed>* corpus_;
};

// The budget (RIFFLE_FUZZ_ITERATIONS, RIFFLE_FUZZ_SECONDS, RIFFLE_FUZZ_SEED) is shared with the
// other fuzz tests.
using ::riffle::testing::BudgetFromEnv;
using ::riffle::testing::FuzzBudget;

}  // namespace riffle::broker::fuzz
