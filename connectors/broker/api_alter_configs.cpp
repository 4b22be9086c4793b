// AlterConfigs (key 33), versions 0-2, flexible from 2: replaces a topic's config overrides.
// Broker configs are fixed on riffle's one node, so altering them is refused.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

struct Resource {
  int8_t type = 0;
  std::string name;
  std::vector<std::pair<std::string, std::optional<std::string>>> configs;
};

struct AlterConfigsRequest {
  std::vector<Resource> resources;
  bool validate_only = false;
};

AlterConfigsRequest Decode(Reader& in) {
  AlterConfigsRequest req;
  const bool flexible = in.flexible();
  int32_t n = in.ArrayLength(flexible ? 4 : 7);
  for (int32_t i = 0; i < n; ++i) {
    Resource r;
    r.type = in.Int8();
    r.name = in.Str();
    int32_t configs = in.ArrayLength(flexible ? 3 : 4);
    for (int32_t c = 0; c < configs; ++c) {
      std::string name = in.Str();
      std::optional<std::string> value = in.NullableStr();
      in.SkipTaggedFields();
      r.configs.emplace_back(std::move(name), std::move(value));
    }
    in.SkipTaggedFields();
    req.resources.push_back(std::move(r));
  }
  req.validate_only = in.Bool();
  in.SkipTaggedFields();
  return req;
}

ErrorCode Alter(BrokerContext& ctx, const Resource& r, bool validate_only, std::string* message) {
  ErrorCode alterable = CheckAlterableResource(ctx, r.type, r.name, message);
  if (alterable != ErrorCode::kNone) return alterable;
  std::map<std::string, std::optional<std::string>> changes;
  for (const auto& [key, value] : r.configs) {
    if (!value) {
      *message = "null value not supported for topic config " + key;
      return ErrorCode::kInvalidRequest;
    }
    if (!changes.emplace(key, value).second) {
      *message = "config " + key + " appears more than once";
      return ErrorCode::kInvalidRequest;
    }
  }
  return ctx.log.SetConfig(r.name, changes, /*replace_all=*/true, validate_only, message);
}

}  // namespace

std::optional<Pending> HandleAlterConfigs(BrokerContext& ctx, const RequestHeader&, Reader& in,
                                          Writer& out) {
  AlterConfigsRequest req = Decode(in);
  std::vector<ConfigResourceName> names;
  for (const Resource& r : req.resources) names.emplace_back(r.type, r.name);
  WriteAlterConfigsResponse(out, names, [&](size_t i, std::string* message) {
    return Alter(ctx, req.resources[i], req.validate_only, message);
  });
  return std::nullopt;
}

}  // namespace riffle::broker
