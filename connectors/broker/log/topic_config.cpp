#include "connectors/broker/log/topic_config.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace riffle::broker {
namespace {

enum class Kind { kLong, kInt, kBool, kDouble, kEnum, kList, kString };

struct ConfigDef {
  const char* name;
  Kind kind;
  const char* default_value;  // nullptr: taken from LogStoreOptions (see DefaultFor).
  int64_t min = LLONG_MIN;
  int64_t max = LLONG_MAX;
  std::vector<std::string> allowed = {};  // kEnum / kList values.
};

// Sorted by name. Defaults match Apache Kafka's except retention (riffle keeps everything unless
// asked) and the sizes LogStoreOptions sets.
const std::vector<ConfigDef>& Defs() {
  static const std::vector<ConfigDef> defs = {
      {"cleanup.policy", Kind::kList, "delete", 0, 0, {"compact", "delete"}},
      {"compression.type",
       Kind::kEnum,
       "producer",
       0,
       0,
       {"uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"}},
      {"delete.retention.ms", Kind::kLong, "86400000", 0},
      {"file.delete.delay.ms", Kind::kLong, "60000", 0},
      {"flush.messages", Kind::kLong, "9223372036854775807", 1},
      {"flush.ms", Kind::kLong, "9223372036854775807", 0},
      {"index.interval.bytes", Kind::kInt, nullptr, 0, INT_MAX},
      {"max.compaction.lag.ms", Kind::kLong, "9223372036854775807", 1},
      {"max.message.bytes", Kind::kInt, nullptr, 0, INT_MAX},
      {"message.downconversion.enable", Kind::kBool, "true"},
      {"message.timestamp.difference.max.ms", Kind::kLong, "9223372036854775807", 0},
      {"message.timestamp.type", Kind::kEnum, "CreateTime", 0, 0, {"CreateTime", "LogAppendTime"}},
      {"min.cleanable.dirty.ratio", Kind::kDouble, "0.5"},
      {"min.compaction.lag.ms", Kind::kLong, "0", 0},
      {"min.insync.replicas", Kind::kInt, "1", 1, INT_MAX},
      {"preallocate", Kind::kBool, "false"},
      {"retention.bytes", Kind::kLong, "-1", -1},
      {"retention.ms", Kind::kLong, "-1", -1},
      {"segment.bytes", Kind::kInt, nullptr, 14, INT_MAX},
      {"segment.index.bytes", Kind::kInt, "10485760", 4, INT_MAX},
      {"segment.jitter.ms", Kind::kLong, "0", 0},
      {"segment.ms", Kind::kLong, "604800000", 1},
      {"unclean.leader.election.enable", Kind::kBool, "false"},
  };
  return defs;
}

const ConfigDef* FindDef(const std::string& name) {
  for (const auto& def : Defs()) {
    if (name == def.name) return &def;
  }
  return nullptr;
}

std::string DefaultFor(const ConfigDef& def, const LogStoreOptions& options) {
  if (def.default_value != nullptr) return def.default_value;
  std::string name = def.name;
  if (name == "segment.bytes") return std::to_string(options.segment_bytes);
  if (name == "max.message.bytes") return std::to_string(options.max_message_bytes);
  return std::to_string(options.index_interval_bytes);
}

bool ParseLong(const std::string& s, int64_t* out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

bool ValidateOne(const ConfigDef& def, const std::string& value, std::string* why) {
  switch (def.kind) {
    case Kind::kLong:
    case Kind::kInt: {
      int64_t v = 0;
      if (!ParseLong(value, &v)) {
        *why = "is not a number";
        return false;
      }
      if (v < def.min || v > def.max) {
        *why = def.max == LLONG_MAX ? "must be at least " + std::to_string(def.min)
                                    : "must be between " + std::to_string(def.min) + " and " +
                                          std::to_string(def.max);
        return false;
      }
      return true;
    }
    case Kind::kBool:
      if (value == "true" || value == "false") return true;
      *why = "must be true or false";
      return false;
    case Kind::kDouble: {
      char* end = nullptr;
      double d = std::strtod(value.c_str(), &end);
      if (!value.empty() && end == value.c_str() + value.size() && d >= 0 && d <= 1) return true;
      *why = "must be a number between 0 and 1";
      return false;
    }
    case Kind::kEnum:
      if (std::find(def.allowed.begin(), def.allowed.end(), value) != def.allowed.end()) {
        return true;
      }
      break;
    case Kind::kList: {
      size_t start = 0;
      bool any = false;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        std::string item = value.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        if (std::find(def.allowed.begin(), def.allowed.end(), item) == def.allowed.end()) break;
        any = true;
        start = comma + 1;
        if (comma == value.size()) return any;
      }
      break;
    }
    case Kind::kString:
      return true;
  }
  std::string list;
  for (const auto& a : def.allowed) list += (list.empty() ? "" : ", ") + a;
  *why = "must be one of " + list;
  return false;
}

}  // namespace

bool IsValidTopicName(std::string_view name, std::string* why) {
  if (name.empty() || name.size() > 249) {
    *why = "Topic name must be 1 to 249 characters long";
    return false;
  }
  if (name == "." || name == "..") {
    *why = "Topic name cannot be \".\" or \"..\"";
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) {
      *why = "Topic name \"" + std::string(name) +
             "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' "
             "and '-'";
      return false;
    }
  }
  return true;
}

bool ValidateTopicConfig(const std::map<std::string, std::string>& overrides,
                         std::string* message) {
  for (const auto& [key, value] : overrides) {
    const ConfigDef* def = FindDef(key);
    if (def == nullptr) {
      *message = "Unknown topic config name: " + key;
      return false;
    }
    std::string why;
    if (!ValidateOne(*def, value, &why)) {
      *message = "Invalid value " + value + " for configuration " + key + ": " + why;
      return false;
    }
  }
  return true;
}

EffectiveTopicConfig ResolveTopicConfig(const std::map<std::string, std::string>& overrides,
                                        const LogStoreOptions& options) {
  EffectiveTopicConfig c;
  c.segment_bytes = options.segment_bytes;
  c.max_message_bytes = options.max_message_bytes;
  c.index_interval_bytes = options.index_interval_bytes;
  auto number = [&](const char* key, int64_t* out) {
    auto it = overrides.find(key);
    if (it != overrides.end()) ParseLong(it->second, out);
  };
  number("retention.ms", &c.retention_ms);
  number("retention.bytes", &c.retention_bytes);
  number("segment.bytes", &c.segment_bytes);
  number("max.message.bytes", &c.max_message_bytes);
  number("index.interval.bytes", &c.index_interval_bytes);
  auto ts = overrides.find("message.timestamp.type");
  c.log_append_time = ts != overrides.end() && ts->second == "LogAppendTime";
  return c;
}

std::vector<TopicConfigEntry> DescribeTopicConfig(
    const std::map<std::string, std::string>& overrides, const LogStoreOptions& options) {
  std::vector<TopicConfigEntry> entries;
  for (const auto& def : Defs()) {
    TopicConfigEntry e;
    e.name = def.name;
    auto it = overrides.find(def.name);
    e.is_default = it == overrides.end();
    e.value = e.is_default ? DefaultFor(def, options) : it->second;
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace riffle::broker
