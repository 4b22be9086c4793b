#include "connectors/connector/connector_registry.h"

#include <sys/stat.h>
#include <unistd.h>

#include "connectors/datagen/datagen_record_source.h"
#include "connectors/file/data_file.h"
#include "connectors/file/file_record_sink.h"
#include "connectors/file/file_record_source.h"
#include "connectors/kafka/kafka_record_sink.h"
#include "connectors/source/connector_properties.h"
#include "connectors/source/kafka_record_source.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {

namespace {

constexpr std::string_view kDatagenPrefix = "datagen:";

std::unique_ptr<RecordSource> OpenKafkaSource(const SourceRequest& request) {
  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = request.read.bootstrap_servers;
  options.config = request.read.kafka_config;
  options.topic = request.location;
  options.start_offsets = request.read.start_positions;
  options.reset =
      request.read.from_beginning ? kafka::OffsetReset::kEarliest : kafka::OffsetReset::kLatest;
  options.stop_at_end = request.read.bounded;
  return std::make_unique<KafkaRecordSource>(options);
}

std::unique_ptr<RecordSink> OpenKafkaSink(const SinkRequest& request) {
  return std::make_unique<KafkaRecordSink>(request.location, request.producer);
}

std::unique_ptr<RecordSource> OpenFileSource(const SourceRequest& request) {
  const PropertyMap& props = request.properties;
  FileSourceOptions options;
  options.path = ResolveDataPath(StringProperty(props, "PATH"), request.read.paths);
  options.csv = request.delimited;
  options.delimiter = request.delimiter;
  options.header = BoolProperty(props, "HEADER", false);
  options.follow = BoolProperty(props, "FOLLOW", false);
  options.paths = request.read.paths;
  options.max_record_bytes = IntProperty(props, "MAX_RECORD_BYTES", kDefaultMaxRecordBytes, 1);
  // A file is read from its start (unless checkpointed) whatever auto.offset.reset says: its
  // content is what the user pointed at.
  options.from_beginning = true;
  if (auto it = request.read.start_positions.find(0); it != request.read.start_positions.end()) {
    options.start_offset = it->second;
  }
  return std::make_unique<FileRecordSource>(options);
}

std::unique_ptr<RecordSink> OpenFileSink(const SinkRequest& request) {
  std::string header;
  if (BoolProperty(request.properties, "HEADER", false)) {
    for (const auto& name : request.value_field_names) {
      header += (header.empty() ? "" : std::string(1, request.delimiter)) + name;
    }
  }
  return std::make_unique<FileRecordSink>(request.location, request.paths, header);
}

std::optional<int64_t> FileEnd(const std::string& path, const PropertyMap& /*properties*/,
                               const PathPolicy& paths) {
  struct stat st {};
  unsigned char magic[2] = {0, 0};
  try {
    FileDescriptor fd = OpenDataFile(path, paths, DataFileAccess::kRead);
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) return std::nullopt;
    if (::pread(fd.get(), magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      return std::nullopt;  // positions count uncompressed bytes: the file's size says nothing
    }
  } catch (const RiffleError&) {
    return std::nullopt;  // not readable (any more) beneath the data directory
  }
  return static_cast<int64_t>(st.st_size);
}

std::unique_ptr<RecordSource> OpenDatagenSource(const SourceRequest& request) {
  const PropertyMap& props = request.properties;
  DatagenSourceOptions options;
  options.generator = StringProperty(props, "GENERATOR");
  if (datagen::FindGenerator(options.generator) == nullptr) {
    throw RiffleError(ErrorKind::kConnector, "unknown GENERATOR '" + options.generator + "'");
  }
  options.rate = IntProperty(props, "RATE", 0, 0);
  options.count = IntProperty(props, "COUNT", -1, 0);
  options.gen.rate = options.rate;
  options.gen.seed = IntProperty(props, "SEED", 1, 0);
  options.gen.start_ms = IntProperty(props, "DATAGEN_START_MS", 0, 0);
  if (auto it = request.read.start_positions.find(0); it != request.read.start_positions.end()) {
    options.start_index = it->second;
  }
  if (request.read.bounded && options.count < 0) {
    throw RiffleError(
        ErrorKind::kConnector,
        request.source_name + " generates records forever (its GENERATOR has no COUNT)");
  }
  options.bounded = request.read.bounded;
  return std::make_unique<DatagenRecordSource>(options);
}

std::vector<Connector> MakeConnectors() {
  std::vector<Connector> all;
  all.push_back(Connector{
      .name = "kafka",
      .kafka_topic = true,
      .record_positions = true,
      .source_properties = {},
      .sink_properties = {},
      .owns_location = {},  // the default: whatever no other connector owns
      .open_source = OpenKafkaSource,
      .open_sink = OpenKafkaSink,
      .endless = {},
      .end_position = {},
  });
  all.push_back(Connector{
      .name = "file",
      .kafka_topic = false,
      .record_positions = false,
      .source_properties = {"PATH", "FOLLOW", "HEADER", "MAX_RECORD_BYTES"},
      .sink_properties = {"PATH", "HEADER"},
      // Stored as the resolved, absolute path.
      .owns_location = [](std::string_view location) { return location.starts_with('/'); },
      .open_source = OpenFileSource,
      .open_sink = OpenFileSink,
      .endless = {},
      .end_position = FileEnd,
  });
  all.push_back(Connector{
      .name = "datagen",
      .kafka_topic = false,
      .record_positions = true,
      .source_properties = {"GENERATOR", "RATE", "COUNT", "SEED"},
      .sink_properties = {},
      .owns_location =
          [](std::string_view location) { return location.starts_with(kDatagenPrefix); },
      .open_source = OpenDatagenSource,
      .open_sink = {},
      .endless = [](const PropertyMap& props) { return props.count("COUNT") == 0; },
      // Positions are record indexes: COUNT records end at COUNT.
      .end_position = [](const std::string& /*location*/, const PropertyMap& props,
                         const PathPolicy& /*paths*/) -> std::optional<int64_t> {
        int64_t count = IntProperty(props, "COUNT", -1, 0);
        if (count < 0) return std::nullopt;
        return count;
      },
  });
  return all;
}

}  // namespace

const std::vector<Connector>& Connectors() {
  static const std::vector<Connector> connectors = MakeConnectors();
  return connectors;
}

const Connector* FindConnector(std::string_view name) {
  for (const Connector& c : Connectors()) {
    if (AsciiIEquals(c.name, name)) return &c;
  }
  return nullptr;
}

const Connector& ConnectorOf(const PropertyMap& props) {
  auto it = props.find("CONNECTOR");
  if (it == props.end()) return Connectors().front();
  const Connector* c = FindConnector(it->second);
  if (c == nullptr) {
    throw RiffleError(ErrorKind::kConnector, "Unknown CONNECTOR '" + it->second + "'.", SourcePos{},
                      "use " + ConnectorNameList());
  }
  return *c;
}

const Connector& ConnectorAt(std::string_view location) {
  for (const Connector& c : Connectors()) {
    if (c.owns_location && c.owns_location(location)) return c;
  }
  return Connectors().front();
}

std::string ConnectorNameList() {
  const auto& all = Connectors();
  std::string list;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) list += i + 1 == all.size() ? " or " : ", ";
    list += "'" + all[i].name + "'";
  }
  return list;
}

}  // namespace riffle
