#pragma once
// The connectors riffle reads and writes, each registered once by name (CONNECTOR='kafka', the
// default, 'file' and 'datagen') with what it accepts and how its records are opened. The
// engine and the operators ask this registry which connector a source uses and what it can do;
// no other code compares connector names or guesses them from a source's location.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/connector/record_sink.h"
#include "connectors/file/path_policy.h"
#include "connectors/source/connector_properties.h"
#include "connectors/source/record_source.h"

namespace riffle {

namespace kafka {
class KafkaProducer;
}

// Where a read starts and what it may touch (core/exec's ScanOptions).
struct ReadOptions {
  std::string bootstrap_servers = {};  // for Kafka sources
  // Next position per partition (from a checkpoint); partitions not listed start at the
  // beginning when `from_beginning`, else at the current end. Files and generators start at
  // their beginning whatever `from_beginning` says.
  std::map<int32_t, int64_t> start_positions = {};
  bool from_beginning = true;
  // A finite read (a query without EMIT CHANGES): only what the source holds when the scan
  // opens. A Kafka topic is read up to each partition's high watermark at that moment (records
  // appended later are left out), a generator's COUNT records as fast as they are read, a file
  // to its end. REQUIRES: a generator has a COUNT.
  bool bounded = false;
  PathPolicy paths = {};  // where file sources may read
  std::map<std::string, std::string> kafka_config = {};  // extra librdkafka properties
};

// What a reader of a source needs (core/exec/source_scan.h fills it from the catalog's
// SourceInfo and the scan's options).
struct SourceRequest {
  std::string source_name = {};  // the catalog's name, for messages
  std::string location = {};     // SourceInfo::topic: topic, resolved path, "datagen:<g>"
  PropertyMap properties = {};   // the source's WITH properties, names upper-cased
  ReadOptions read = {};
  // The record value's format is DELIMITED with `delimiter` (a file then honours quoted fields
  // spanning lines).
  bool delimited = false;
  char delimiter = ',';
};

// What a writer of a query's sink needs (core/exec/sink_writer.h).
struct SinkRequest {
  std::string location = {};    // SourceInfo::topic of the target: topic or resolved path
  PropertyMap properties = {};  // the target's WITH properties, names upper-cased
  kafka::KafkaProducer* producer = nullptr;  // the job's producer; must outlive the sink
  PathPolicy paths = {};
  // The names of the value's fields in record order, and the DELIMITED delimiter: a file
  // written WITH (HEADER=true) starts with them as a line.
  std::vector<std::string> value_field_names = {};
  char delimiter = ',';
};

struct Connector {
  std::string name;  // CONNECTOR's value, lower case
  // Records live in a Kafka topic (SourceInfo::topic names it) and carry a key apart from the
  // value. Other connectors' records hold the whole row, key columns included, in the value.
  bool kafka_topic = false;
  // Positions (RecordSource::Positions) count records: Kafka offsets, a generator's index; a
  // file's count bytes, so no number of records behind follows from them.
  bool record_positions = true;
  // WITH properties that only this connector takes when read (CREATE STREAM/TABLE) and when
  // written by a query (CREATE ... AS SELECT).
  std::vector<std::string> source_properties;
  std::vector<std::string> sink_properties;
  // Whether a location stored in the catalog (SourceInfo::topic) is this connector's: Kafka
  // topic names hold neither '/' nor ':', so a resolved path or "datagen:<g>" tells.
  std::function<bool(std::string_view location)> owns_location;
  // Opens a reader. Throws RiffleError(kConnector) when it cannot (a missing topic or file, a
  // path outside the allowed directories, an unknown generator, a bounded read of an endless
  // generator).
  std::function<std::unique_ptr<RecordSource>(const SourceRequest&)> open_source;
  // Opens a writer; empty when the connector cannot be written to. Throws
  // RiffleError(kConnector) when it cannot.
  std::function<std::unique_ptr<RecordSink>(const SinkRequest&)> open_sink;
  // True when a source WITH `properties` has no end (a generator without COUNT): a finite read
  // (a query without EMIT CHANGES) cannot read it. Empty: always has one.
  std::function<bool(const PropertyMap& properties)> endless;
  // For connectors other than Kafka (whose ends the cluster tells): the position after the last
  // record now at `location`, when the connector can tell without reading (a file's size, unless
  // compressed; a generator's COUNT from `properties`). Empty, or nullopt: unknown.
  std::function<std::optional<int64_t>(const std::string& location, const PropertyMap& properties,
                                       const PathPolicy& paths)>
      end_position;

  bool writable() const { return static_cast<bool>(open_sink); }
};

// Every registered connector, the default (kafka) first.
const std::vector<Connector>& Connectors();

// The connector named `name` (any case), or nullptr.
const Connector* FindConnector(std::string_view name);

// The connector CONNECTOR names in `props` (kafka when absent). Throws RiffleError(kConnector)
// for a name no connector has, listing the registered ones.
const Connector& ConnectorOf(const PropertyMap& props);

// The connector that stored `location` as a source's SourceInfo::topic.
const Connector& ConnectorAt(std::string_view location);

// The registered names for messages: "'kafka', 'file' or 'datagen'".
std::string ConnectorNameList();

}  // namespace riffle
