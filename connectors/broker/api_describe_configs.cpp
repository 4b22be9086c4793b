// DescribeConfigs (key 32), versions 0-4, flexible from 4: a topic's configs (its overrides and
// the defaults) and a few fixed broker configs.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct Resource {
  int8_t type = 0;
  std::string name;
  std::optional<std::set<std::string>> keys;  // nullopt: every config.
};

struct DescribeConfigsRequest {
  std::vector<Resource> resources;
  bool include_synonyms = false;
};

DescribeConfigsRequest Decode(int16_t version, Reader& in) {
  DescribeConfigsRequest req;
  const bool flexible = in.flexible();
  int32_t n = in.ArrayLength(flexible ? 4 : 7);
  for (int32_t i = 0; i < n; ++i) {
    Resource r;
    r.type = in.Int8();
    r.name = in.Str();
    int32_t keys = in.ArrayLength(flexible ? 1 : 2);
    if (keys >= 0) {
      r.keys.emplace();
      for (int32_t k = 0; k < keys; ++k) r.keys->insert(in.Str());
    }
    in.SkipTaggedFields();
    req.resources.push_back(std::move(r));
  }
  if (version >= 1) req.include_synonyms = in.Bool();
  if (version >= 3) in.Bool();  // include_documentation: riffle has none to give
  in.SkipTaggedFields();
  return req;
}

// One config as DescribeConfigs describes it.
struct Entry {
  std::string name;
  std::optional<std::string> value;
  bool read_only = false;
  bool is_default = false;
  int8_t source = kConfigSourceDefault;
  bool sensitive = false;
  ConfigType type = ConfigType::kUnknown;
};

ConfigType BrokerConfigType(const std::string& name) {
  if (name == "auto.create.topics.enable") return ConfigType::kBoolean;
  if (name == "offsets.topic.replication.factor" ||
      name == "transaction.state.log.replication.factor") {
    return ConfigType::kShort;
  }
  return ConfigType::kInt;
}

void WriteEntry(int16_t version, bool include_synonyms, const Entry& e, Writer& out) {
  out.Str(e.name);
  out.NullableStr(e.value);
  out.Bool(e.read_only);
  if (version == 0) out.Bool(e.is_default);
  if (version >= 1) out.Int8(e.source);
  out.Bool(e.sensitive);
  if (version >= 1) {
    // The only synonym riffle knows is the entry itself (no broker-level names for topic
    // configs), which is what a client shows as the value's origin.
    out.ArrayLength(include_synonyms ? 1 : 0);
    if (include_synonyms) {
      out.Str(e.name);
      out.NullableStr(e.value);
      out.Int8(e.source);
      out.EmptyTaggedFields();
    }
  }
  if (version >= 3) {
    out.Int8(static_cast<int8_t>(e.type));
    out.NullStr();  // documentation
  }
  out.EmptyTaggedFields();
}

}  // namespace

std::optional<Pending> HandleDescribeConfigs(BrokerContext& ctx, const RequestHeader& header,
                                             Reader& in, Writer& out) {
  const int16_t version = header.api_version;
  DescribeConfigsRequest req = Decode(version, in);
  out.Int32(0);  // throttle_time_ms
  out.ArrayLength(static_cast<int32_t>(req.resources.size()));
  for (const Resource& r : req.resources) {
    ErrorCode error = ErrorCode::kNone;
    std::string message;
    std::vector<Entry> entries;
    if (r.type == kResourceTopic) {
      if (!IsValidTopicName(r.name)) {
        error = ErrorCode::kInvalidTopicException;
      } else if (ctx.log.FindTopic(r.name) == nullptr) {
        error = ErrorCode::kUnknownTopicOrPartition;
      } else {
        for (const TopicConfigEntry& c : ctx.log.DescribeConfig(r.name)) {
          // Built in place: moving an Entry makes GCC 12 (-O2 with -fsanitize=thread) warn
          // that the optional's flag may be uninitialized, a false positive.
          Entry& e = entries.emplace_back();
          e.name = c.name;
          if (!c.sensitive) e.value = c.value;
          e.is_default = c.is_default;
          e.source = c.is_default ? kConfigSourceDefault : kConfigSourceDynamicTopic;
          e.sensitive = c.sensitive;
          e.type = TopicConfigType(c.name);
        }
      }
    } else if (r.type == kResourceBroker) {
      // "" asks for the cluster-wide defaults, which on one node are this broker's.
      if (!r.name.empty() && r.name != std::to_string(ctx.identity.node_id)) {
        error = ErrorCode::kInvalidRequest;
        message = "unexpected broker id " + r.name + ": this broker is " +
                  std::to_string(ctx.identity.node_id);
      } else {
        for (const auto& [name, value] : BrokerConfigs(ctx.identity)) {
          Entry e;
          e.name = name;
          e.value = value;
          e.read_only = true;
          e.source = kConfigSourceStaticBroker;
          e.type = BrokerConfigType(name);
          entries.push_back(std::move(e));
        }
      }
    } else {
      error = ErrorCode::kInvalidRequest;
      message = "resource type " + std::to_string(r.type) +
                " is not served; riffle describes topics (2) and brokers (4)";
    }
    if (r.keys) {
      std::vector<Entry> kept;
      for (Entry& e : entries) {
        if (r.keys->count(e.name) > 0) kept.push_back(std::move(e));
      }
      entries = std::move(kept);
    }
    out.Int16(Code(error));
    out.NullableStr(MessageOrNull(message));
    out.Int8(r.type);
    out.Str(r.name);
    out.ArrayLength(static_cast<int32_t>(entries.size()));
    for (const Entry& e : entries) WriteEntry(version, req.include_synonyms, e, out);
    out.EmptyTaggedFields();
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
