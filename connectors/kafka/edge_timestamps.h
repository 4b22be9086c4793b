#pragma once
// The timestamps of the oldest and the newest record of each partition of a topic, read with
// short-lived single-node sources (DESCRIBE TOPIC). Kafka offers no request for them that
// librdkafka 2.0 can send (ListOffsets' MAX_TIMESTAMP needs v7), so the records are fetched.

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "connectors/kafka/kafka_admin.h"
#include "connectors/kafka/kafka_source.h"

namespace riffle::kafka {

struct EdgeTimestamps {
  std::optional<int64_t> first;  // of the record at the partition's low mark
  std::optional<int64_t> last;   // of the record at high mark - 1
};

// For each partition in `marks` that holds records, the timestamps of its first and its last
// record. `options` says where and how to connect (its topic is read; start offsets and reset
// are set here). A record that does not arrive within `timeout_ms` in all (the offset holds a
// transaction marker or a compacted-away record) or that has no timestamp (-1) is left nullopt;
// a first offset that holds none gives the next record's timestamp. Throws RiffleError
// (kConnector) when the topic cannot be read at all.
std::map<int32_t, EdgeTimestamps> ReadEdgeTimestamps(KafkaSourceOptions options,
                                                     const std::vector<PartitionWatermarks>& marks,
                                                     int timeout_ms);

}  // namespace riffle::kafka
