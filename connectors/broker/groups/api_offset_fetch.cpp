// OffsetFetch (key 9), versions 0-8: a group's committed offsets (v8: of several groups).
// Null topics (v2+) ask for everything the group committed; a partition without a commit
// answers offset -1.

#include <vector>

#include "connectors/broker/api.h"
#include "connectors/broker/groups/group_coordinator.h"

namespace riffle::broker {
namespace {

struct FetchRequestGroup {
  std::string group_id;
  // nullopt: all committed offsets.
  std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>> topics;
};

// Reads one topics array (nullable); used by both the single-group and the v8 layout.
std::optional<std::vector<std::pair<std::string, std::vector<int32_t>>>> ReadTopics(Reader& in) {
  int32_t nt = in.ArrayLength(2);
  if (nt < 0) return std::nullopt;
  std::vector<std::pair<std::string, std::vector<int32_t>>> topics;
  for (int32_t t = 0; t < nt; ++t) {
    std::string name = in.Str();
    std::vector<int32_t> partitions;
    int32_t np = in.ArrayLength(4);
    for (int32_t p = 0; p < np; ++p) partitions.push_back(in.Int32());
    in.SkipTaggedFields();
    topics.emplace_back(std::move(name), std::move(partitions));
  }
  return topics;
}

// Writes the topics array of one group's answer.
void WriteTopics(const GroupCoordinator& groups, const FetchRequestGroup& req, int16_t v,
                 Writer& out) {
  const auto* stored = groups.Offsets(req.group_id);
  // (topic, [(partition, committed or null)]) in request order, or sorted for "all".
  std::vector<std::pair<std::string, std::vector<std::pair<int32_t, const CommittedOffset*>>>>
      answer;
  if (req.topics) {
    for (const auto& [topic, partitions] : *req.topics) {
      answer.push_back({topic, {}});
      for (int32_t p : partitions) {
        const CommittedOffset* c = nullptr;
        if (stored != nullptr) {
          auto it = stored->find({topic, p});
          if (it != stored->end()) c = &it->second;
        }
        answer.back().second.emplace_back(p, c);
      }
    }
  } else if (stored != nullptr) {
    for (const auto& [key, c] : *stored) {
      if (answer.empty() || answer.back().first != key.first) answer.push_back({key.first, {}});
      answer.back().second.emplace_back(key.second, &c);
    }
  }
  out.ArrayLength(static_cast<int32_t>(answer.size()));
  for (const auto& [topic, partitions] : answer) {
    out.Str(topic);
    out.ArrayLength(static_cast<int32_t>(partitions.size()));
    for (const auto& [p, c] : partitions) {
      out.Int32(p);
      out.Int64(c ? c->offset : -1);
      if (v >= 5) out.Int32(c ? c->leader_epoch : -1);
      // Kafka answers "" for a commit without metadata and for no commit at all.
      out.NullableStr(c && c->metadata ? *c->metadata : std::string());
      out.Int16(Code(ErrorCode::kNone));
      out.EmptyTaggedFields();
    }
    out.EmptyTaggedFields();
  }
}

}  // namespace

std::optional<Pending> HandleOffsetFetch(BrokerContext& ctx, const RequestHeader& header,
                                         Reader& in, Writer& out) {
  const int16_t v = header.api_version;
  std::vector<FetchRequestGroup> requests;
  if (v <= 7) {
    FetchRequestGroup g;
    g.group_id = in.Str();
    g.topics = ReadTopics(in);
    requests.push_back(std::move(g));
  } else {
    int32_t ng = in.ArrayLength(2);
    for (int32_t i = 0; i < ng; ++i) {
      FetchRequestGroup g;
      g.group_id = in.Str();
      g.topics = ReadTopics(in);
      in.SkipTaggedFields();
      requests.push_back(std::move(g));
    }
  }
  if (v >= 7) in.Bool();  // require_stable: riffle has no pending transactional offsets.
  in.SkipTaggedFields();

  if (v >= 3) out.Int32(0);  // throttle_time_ms
  if (v <= 7) {
    WriteTopics(ctx.groups, requests.front(), v, out);
    if (v >= 2) out.Int16(Code(ErrorCode::kNone));
  } else {
    out.ArrayLength(static_cast<int32_t>(requests.size()));
    for (const auto& req : requests) {
      out.Str(req.group_id);
      WriteTopics(ctx.groups, req, v, out);
      out.Int16(Code(ErrorCode::kNone));
      out.EmptyTaggedFields();
    }
  }
  out.EmptyTaggedFields();
  return std::nullopt;
}

}  // namespace riffle::broker
