#pragma once
// Kafka's key hash: the Java client's Utils.murmur2 and its default partition choice, which
// librdkafka's `murmur2_random` partitioner reproduces. Used to predict where a key lands, so
// riffle agrees with ksqlDB and Java producers about co-partitioning.

#include <cstdint>
#include <string_view>

namespace riffle::kafka {

// Java's Utils.murmur2(bytes) as a signed 32-bit value (seed 0x9747b28c).
int32_t Murmur2(std::string_view bytes);

// The partition the Java default partitioner picks for a non-null key:
// (murmur2(key) & 0x7fffffff) % partition_count. REQUIRES: partition_count >= 1.
int32_t PartitionForKey(std::string_view key, int32_t partition_count);

}  // namespace riffle::kafka
