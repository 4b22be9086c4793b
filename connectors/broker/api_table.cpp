#include <algorithm>

#include "connectors/broker/api.h"

namespace riffle::broker {

// Version ranges follow Apache Kafka's message definitions (validVersions / flexibleVersions).
// The floor of each range is what current clients still send; the ceiling is the newest version
// whose fields this broker answers fully (e.g. Fetch stops at 12: v13+ name topics by id).
const std::vector<ApiSpec>& SupportedApis() {
  static const std::vector<ApiSpec> kApis = {
      {ApiKey::kProduce, "Produce", 3, 9, 9, HandleProduce},
      {ApiKey::kFetch, "Fetch", 4, 12, 12, HandleFetch},
      {ApiKey::kListOffsets, "ListOffsets", 1, 7, 6, HandleListOffsets},
      {ApiKey::kMetadata, "Metadata", 0, 12, 9, HandleMetadata},
      {ApiKey::kOffsetCommit, "OffsetCommit", 0, 8, 8, HandleOffsetCommit},
      {ApiKey::kOffsetFetch, "OffsetFetch", 0, 8, 6, HandleOffsetFetch},
      {ApiKey::kFindCoordinator, "FindCoordinator", 0, 4, 3, HandleFindCoordinator},
      {ApiKey::kJoinGroup, "JoinGroup", 0, 9, 6, HandleJoinGroup},
      {ApiKey::kHeartbeat, "Heartbeat", 0, 4, 4, HandleHeartbeat},
      {ApiKey::kLeaveGroup, "LeaveGroup", 0, 5, 4, HandleLeaveGroup},
      {ApiKey::kSyncGroup, "SyncGroup", 0, 5, 4, HandleSyncGroup},
      {ApiKey::kDescribeGroups, "DescribeGroups", 0, 5, 5, HandleDescribeGroups},
      {ApiKey::kListGroups, "ListGroups", 0, 4, 3, HandleListGroups},
      {ApiKey::kApiVersions, "ApiVersions", 0, 3, 3, HandleApiVersions},
      {ApiKey::kCreateTopics, "CreateTopics", 0, 7, 5, HandleCreateTopics},
      {ApiKey::kDeleteTopics, "DeleteTopics", 0, 6, 4, HandleDeleteTopics},
      {ApiKey::kDeleteRecords, "DeleteRecords", 0, 2, 2, HandleDeleteRecords},
      {ApiKey::kInitProducerId, "InitProducerId", 0, 4, 2, HandleInitProducerId},
      {ApiKey::kOffsetForLeaderEpoch, "OffsetForLeaderEpoch", 0, 4, 4,
       HandleOffsetForLeaderEpoch},
      {ApiKey::kDescribeConfigs, "DescribeConfigs", 0, 4, 4, HandleDescribeConfigs},
      {ApiKey::kAlterConfigs, "AlterConfigs", 0, 2, 2, HandleAlterConfigs},
      {ApiKey::kCreatePartitions, "CreatePartitions", 0, 3, 2, HandleCreatePartitions},
      {ApiKey::kDeleteGroups, "DeleteGroups", 0, 2, 2, HandleDeleteGroups},
      {ApiKey::kIncrementalAlterConfigs, "IncrementalAlterConfigs", 0, 1, 1,
       HandleIncrementalAlterConfigs},
      {ApiKey::kOffsetDelete, "OffsetDelete", 0, 0, 32767, HandleOffsetDelete},
      {ApiKey::kDescribeCluster, "DescribeCluster", 0, 1, 0, HandleDescribeCluster},
  };
  return kApis;
}

const ApiSpec* FindApi(int16_t key) {
  const auto& apis = SupportedApis();
  auto it = std::find_if(apis.begin(), apis.end(),
                         [key](const ApiSpec& a) { return static_cast<int16_t>(a.key) == key; });
  return it == apis.end() ? nullptr : &*it;
}

}  // namespace riffle::broker
