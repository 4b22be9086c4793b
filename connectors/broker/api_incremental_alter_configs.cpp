// IncrementalAlterConfigs (key 44), versions 0-1, flexible from 1: SET / DELETE a topic's
// config overrides, APPEND / SUBTRACT items of list-typed ones (cleanup.policy, ...).

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/api_util.h"
#include "connectors/broker/log/log_store.h"

namespace riffle::broker {
namespace {

enum class Op : int8_t { kSet = 0, kDelete = 1, kAppend = 2, kSubtract = 3 };

struct Change {
  std::string name;
  int8_t op = 0;
  std::optional<std::string> value;
};

struct Resource {
  int8_t type = 0;
  std::string name;
  std::vector<Change> changes;
};

struct IncrementalAlterConfigsRequest {
  std::vector<Resource> resources;
  bool validate_only = false;
};

IncrementalAlterConfigsRequest Decode(Reader& in) {
  IncrementalAlterConfigsRequest req;
  const bool flexible = in.flexible();
  int32_t n = in.ArrayLength(flexible ? 4 : 7);
  for (int32_t i = 0; i < n; ++i) {
    Resource r;
    r.type = in.Int8();
    r.name = in.Str();
    int32_t configs = in.ArrayLength(flexible ? 4 : 5);
    for (int32_t c = 0; c < configs; ++c) {
      Change change;
      change.name = in.Str();
      change.op = in.Int8();
      change.value = in.NullableStr();
      in.SkipTaggedFields();
      r.changes.push_back(std::move(change));
    }
    in.SkipTaggedFields();
    req.resources.push_back(std::move(r));
  }
  req.validate_only = in.Bool();
  in.SkipTaggedFields();
  return req;
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> items;
  std::stringstream ss(value);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

ErrorCode Alter(BrokerContext& ctx, const Resource& r, bool validate_only, std::string* message) {
  ErrorCode alterable = CheckAlterableResource(ctx, r.type, r.name, message);
  if (alterable != ErrorCode::kNone) return alterable;
  std::map<std::string, std::string> current;
  for (const TopicConfigEntry& e : ctx.log.DescribeConfig(r.name)) current[e.name] = e.value;

  std::map<std::string, std::optional<std::string>> changes;
  for (const Change& c : r.changes) {
    if (changes.count(c.name) > 0) {
      *message = "config " + c.name + " appears more than once";
      return ErrorCode::kInvalidRequest;
    }
    switch (static_cast<Op>(c.op)) {
      case Op::kSet:
        if (!c.value) {
          *message = "null value not supported for topic config " + c.name;
          return ErrorCode::kInvalidRequest;
        }
        changes[c.name] = c.value;
        break;
      case Op::kDelete:
        changes[c.name] = std::nullopt;
        break;
      case Op::kAppend:
      case Op::kSubtract: {
        if (TopicConfigType(c.name) != ConfigType::kList) {
          *message = std::string(c.op == 2 ? "APPEND" : "SUBTRACT") +
                     " is only allowed for list configs, not " + c.name;
          return ErrorCode::kInvalidRequest;
        }
        if (!c.value) {
          *message = "null value not supported for topic config " + c.name;
          return ErrorCode::kInvalidRequest;
        }
        std::vector<std::string> items = SplitList(current[c.name]);
        for (const std::string& item : SplitList(*c.value)) {
          auto it = std::find(items.begin(), items.end(), item);
          if (c.op == 2 && it == items.end()) items.push_back(item);
          if (c.op == 3 && it != items.end()) items.erase(it);
        }
        changes[c.name] = JoinList(items);
        break;
      }
      default:
        *message = "unknown config operation " + std::to_string(c.op);
        return ErrorCode::kInvalidRequest;
    }
  }
  return ctx.log.SetConfig(r.name, changes, /*replace_all=*/false, validate_only, message);
}

}  // namespace

std::optional<Pending> HandleIncrementalAlterConfigs(BrokerContext& ctx, const RequestHeader&,
                                                     Reader& in, Writer& out) {
  IncrementalAlterConfigsRequest req = Decode(in);
  std::vector<ConfigResourceName> names;
  for (const Resource& r : req.resources) names.emplace_back(r.type, r.name);
  WriteAlterConfigsResponse(out, names, [&](size_t i, std::string* message) {
    return Alter(ctx, req.resources[i], req.validate_only, message);
  });
  return std::nullopt;
}

}  // namespace riffle::broker
