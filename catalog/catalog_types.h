#pragma once
// The records the catalog stores: sources (streams and tables), jobs (persistent queries) and
// checkpoints (source offsets plus serialized operator state).

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/types/schema.h"

namespace riffle {

// A stream or table.
struct SourceInfo {
  std::string name;        // as the user named it (unquoted identifiers upper-cased by the parser)
  bool is_table = false;   // TABLE, else STREAM
  bool is_source = false;  // CREATE SOURCE STREAM/TABLE: read-only, no INSERT
  Schema schema;
  std::string topic;
  std::string key_format;
  std::string value_format;
  // Every WITH property as given; names are stored upper-cased. May hold secrets: never print
  // values without RedactProperties() (core/common/secrets.h).
  std::map<std::string, std::string> properties;
  std::string timestamp_column;  // "" when ROWTIME is the event time
  std::string timestamp_format;  // "" when the timestamp column is BIGINT/TIMESTAMP
  std::string sql;               // the statement text that created it
  std::string created_by_job;    // the CSAS/CTAS job that writes it; "" for plain CREATE
  int64_t created_at_ms = 0;     // 0 on create means "now"
};

// A persistent query.
struct JobInfo {
  std::string id;             // ksqlDB-style: CSAS_S1_1, CTAS_T_3, INSERTQUERY_5 (see NextJobId)
  std::string sql;            // the statement text
  std::string sink;           // the stream/table it writes; "" for PUSH
  std::string state;          // one of CREATED RUNNING PAUSED FAILED TERMINATED
  std::string error;          // why it FAILED; "" otherwise
  std::string kind;           // one of CSAS CTAS INSERT PUSH
  int64_t created_at_ms = 0;  // 0 on create means "now"
  int64_t updated_at_ms = 0;  // set by the catalog on create and on every state change
  // Session properties in effect when the job was created (auto.offset.reset, fail.on.*).
  std::map<std::string, std::string> properties;
};

// A position in one topic partition, as one input of a job read it. By convention `offset` is
// the next offset to read (Kafka's committed-offset meaning); the catalog stores it as given.
// Positions are kept per input because two inputs may read the same topic (two streams
// declared over one topic or file, joined) at different positions.
struct PartitionOffset {
  // The input's index among the job's sources: 0 for FROM, k for the k-th JOIN; or kAnyInput.
  int32_t input = 0;
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};

// The input of offsets checkpointed before schema version 6, which kept one position per topic
// and partition for the whole job: they are the position of every input over that topic (what
// jobs restored them as then). Only LoadCheckpoint returns it; a save may not use it.
constexpr int32_t kAnyInput = -1;

inline bool operator==(const PartitionOffset& a, const PartitionOffset& b) {
  return a.input == b.input && a.topic == b.topic && a.partition == b.partition &&
         a.offset == b.offset;
}

// One entry of an operator's keyed state (incremental checkpoints): `op` is the operator's index
// in its plan, `key` the entry's encoded key ("" holds the operator's header: small state it
// rewrites whole, or its entire state when it keeps no keyed entries), `value` the encoded entry.
struct StateEntry {
  int32_t op = 0;
  std::string key;
  std::string value;
};

// What changed in a job's operator state since its previous checkpoint.
struct StateDelta {
  bool replace = false;             // forget every stored entry of the job first
  std::vector<StateEntry> upserts;  // entries added or changed
  std::vector<StateEntry> deletes;  // entries removed (value unused)
  // Bytes of keys and values the delta writes, for the write-rate bound and EXPLAIN.
  int64_t Bytes() const;
};

struct Checkpoint {
  std::vector<PartitionOffset> offsets;  // sorted by input (kAnyInput first), topic, partition
  std::string state_blob;                // whole-state blob (SaveCheckpoint); "" when keyed
  bool keyed = false;                    // state is `entries` (SaveCheckpointDelta), not a blob
  std::vector<StateEntry> entries;       // keyed state, ordered by operator then key
  int64_t saved_at_ms = 0;               // wall-clock time of the latest SaveCheckpoint
  int64_t sequence = 0;                  // 1 for the first SaveCheckpoint of a job, then +1

  // Where input `input` (>= 0) resumes reading `topic`: per partition its own offset, else the
  // kAnyInput one (a checkpoint from before schema version 6). Empty when neither has any.
  std::map<int32_t, int64_t> PositionsOf(int32_t input, const std::string& topic) const;
};

// A schema in riffle's schema registry (AVRO / PROTOBUF records carry its id, as Confluent's
// serializers write it). Ids are global; subjects ("<topic>-value", "<topic>-key") list versions.
struct StoredSchema {
  int32_t id = 0;
  std::string format;  // AVRO, PROTOBUF or JSON
  std::string text;    // Avro schema JSON, .proto source, JSON schema
  std::vector<std::pair<std::string, std::string>> references;  // protobuf imports: name, text
};

}  // namespace riffle
