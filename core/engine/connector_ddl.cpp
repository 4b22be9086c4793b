#include "core/engine/connector_ddl.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <random>

#include "connectors/connector/connector_registry.h"
#include "connectors/datagen/generator.h"
#include "connectors/file/data_file.h"
#include "connectors/file/file_record_source.h"
#include "connectors/source/connector_properties.h"
#include "core/common/error.h"
#include "core/exec/source_layout.h"
#include "core/exec/source_scan.h"

namespace riffle {

namespace {

SourcePos PosOf(const Properties& props, const std::string& name) {
  auto it = props.find(name);
  return it == props.end() ? SourcePos{} : it->second.pos;
}

// Re-throws a property error at the property's position.
template <typename F>
auto AtProperty(const Properties& props, const std::string& name, F&& f) {
  try {
    return f();
  } catch (const RiffleError& e) {
    if (e.pos().Known()) throw;
    throw RiffleError(e.kind(), e.message(), PosOf(props, name), e.suggestion());
  }
}

std::string GeneratorList() {
  std::string names;
  for (const auto& g : datagen::Generators()) names += (names.empty() ? "" : ", ") + g.name;
  return names;
}

}  // namespace

bool IsExternalConnector(const Properties& props) {
  auto it = props.find("CONNECTOR");
  if (it == props.end()) return false;
  const Connector* c = FindConnector(it->second.AsString());
  if (c == nullptr) {
    ThrowBind(it->second.pos, "Unknown CONNECTOR '" + it->second.AsString() + "'.",
              "use " + ConnectorNameList());
  }
  return !c->kafka_topic;
}

void PrepareConnectorSource(const Properties& props, SourceInfo& info) {
  const Connector& source_connector = ConnectorOf(info.properties);
  const std::string& connector = source_connector.name;
  // Another connector's own properties (GENERATOR, PATH, ...) name the connector they need;
  // the last registered is checked first.
  for (auto other_it = Connectors().rbegin(); other_it != Connectors().rend(); ++other_it) {
    const Connector& other = *other_it;
    if (&other == &source_connector) continue;
    for (const std::string& name : other.source_properties) {
      if (props.count(name)) {
        ThrowBind(props.at(name).name_pos, name + " needs CONNECTOR='" + other.name + "'.");
      }
    }
  }
  if (connector == "file") {
    if (info.schema.size() == 0) {
      ThrowBind({}, "The statement does not define any columns.",
                "list them: CREATE STREAM s (ID INT, NAME STRING) WITH (CONNECTOR='file', ...)");
    }
    if (!props.count("PATH")) {
      ThrowBind({}, "CONNECTOR='file' needs a PATH.",
                "e.g. WITH (CONNECTOR='file', PATH='orders.csv', FORMAT='DELIMITED')");
    }
    bool header = AtProperty(props, "HEADER", [&] {
      return BoolProperty(info.properties, "HEADER", false);
    });
    AtProperty(props, "FOLLOW", [&] { return BoolProperty(info.properties, "FOLLOW", false); });
    AtProperty(props, "MAX_RECORD_BYTES", [&] {
      return IntProperty(info.properties, "MAX_RECORD_BYTES", kDefaultMaxRecordBytes, 1);
    });
    if (props.count("KAFKA_TOPIC")) {
      ThrowBind(props.at("KAFKA_TOPIC").name_pos, "KAFKA_TOPIC does not apply to a file.");
    }
    (void)header;
  } else if (connector == "datagen") {
    auto g = props.find("GENERATOR");
    if (g == props.end()) {
      ThrowBind({}, "CONNECTOR='datagen' needs a GENERATOR.", "one of " + GeneratorList());
    }
    const datagen::GeneratorSpec* spec = datagen::FindGenerator(g->second.AsString());
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto& gen : datagen::Generators()) names.push_back(gen.name);
      std::string hint = ClosestMatch(g->second.AsString(), names);
      ThrowBind(g->second.pos, "Unknown GENERATOR '" + g->second.AsString() + "'.",
                hint.empty() ? "one of " + GeneratorList() : "did you mean " + hint + "?");
    }
    AtProperty(props, "RATE", [&] { return IntProperty(info.properties, "RATE", 0, 1); });
    AtProperty(props, "COUNT", [&] { return IntProperty(info.properties, "COUNT", 0, 0); });
    AtProperty(props, "SEED", [&] { return IntProperty(info.properties, "SEED", 0, 0); });
    if (!info.properties.count("VALUE_FORMAT") && !info.properties.count("FORMAT")) {
      info.properties["VALUE_FORMAT"] = "JSON";
    }
    if (info.schema.size() == 0) {
      for (const auto& c : spec->columns) {
        ColumnDef def{c.name, ParseType(c.type), c.key ? ColumnRole::kKey : ColumnRole::kValue,
                      ""};
        info.schema.Add(def);
      }
    }
  }
}

void FinishConnectorSource(const Properties& props, const PathPolicy& paths, SourceInfo& info) {
  const std::string& connector = ConnectorOf(info.properties).name;
  // Key columns are read from the record's value: one format for the whole row.
  if (!props.count("KEY_FORMAT") && !info.schema.KeyIndexes().empty()) {
    info.key_format = info.value_format;
  }
  SourceLayout layout = MakeSourceLayout(info);
  formats::ValidateFormatSchema(layout.value_format, WholeRowLayout(layout).value_fields);
  if (connector == "file") {
    bool header = BoolProperty(info.properties, "HEADER", false);
    if (header && layout.value_format.name != "DELIMITED") {
      ThrowBind(props.at("HEADER").name_pos, "HEADER applies to FORMAT='DELIMITED' only.");
    }
    std::string resolved = AtProperty(props, "PATH", [&] {
      return ResolveDataPath(info.properties.at("PATH"), paths);
    });
    bool follow = BoolProperty(info.properties, "FOLLOW", false);
    // Opened now, as a scan will open it, so that a FIFO, a device or a link out of the data
    // directory is an error of this statement.
    FileDescriptor file = AtProperty(props, "PATH", [&] {
      return OpenDataFile(resolved, paths, DataFileAccess::kRead);
    });
    if (!follow && !file.valid()) {
      throw RiffleError(ErrorKind::kConnector, "File '" + resolved + "' does not exist.",
                        PosOf(props, "PATH"), "set FOLLOW=true to wait for it to appear");
    }
    info.topic = resolved;
  } else {
    std::string gen = datagen::FindGenerator(info.properties.at("GENERATOR"))->name;
    info.topic = "datagen:" + gen;
    // Unseeded data is random, yet a restarted job must see the same sequence: fix both now.
    if (!info.properties.count("SEED")) {
      info.properties["SEED"] = std::to_string(std::random_device{}() & 0x7fffffff);
    } else if (!info.properties.count("DATAGEN_START_MS")) {
      info.properties["DATAGEN_START_MS"] = "1735689600000";  // 2025-01-01: same seed, same data
    }
    if (!info.properties.count("DATAGEN_START_MS")) {
      info.properties["DATAGEN_START_MS"] =
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count());
    }
  }
}

void FinishFileSink(const Properties& props, const PathPolicy& paths, bool replace,
                    SourceInfo& target) {
  auto c = props.find("CONNECTOR");
  if (!ConnectorOf(target.properties).writable()) {
    ThrowBind(c->second.pos, "CONNECTOR='" + c->second.AsString() + "' cannot be written to.",
              "write to a Kafka topic or to CONNECTOR='file'");
  }
  for (const char* name :
       {"FOLLOW", "MAX_RECORD_BYTES", "GENERATOR", "RATE", "COUNT", "SEED", "KAFKA_TOPIC"}) {
    if (props.count(name)) {
      ThrowBind(props.at(name).name_pos,
                std::string(name) + " does not apply to a file written by a query.");
    }
  }
  if (!props.count("PATH")) ThrowBind(c->second.pos, "CONNECTOR='file' needs a PATH.");
  if (!target.schema.KeyIndexes().empty() && !props.count("KEY_FORMAT")) {
    target.key_format = target.value_format;
  }
  SourceLayout layout = MakeSourceLayout(target);
  formats::ValidateFormatSchema(layout.value_format, WholeRowLayout(layout).value_fields);
  bool header = AtProperty(props, "HEADER", [&] {
    return BoolProperty(target.properties, "HEADER", false);
  });
  if (header && layout.value_format.name != "DELIMITED") {
    ThrowBind(props.at("HEADER").name_pos, "HEADER applies to FORMAT='DELIMITED' only.");
  }
  std::string path = AtProperty(props, "PATH", [&] {
    return ResolveDataPath(target.properties.at("PATH"), paths);
  });
  // Beneath the data directory, never through a link, a regular file only (data_file.h);
  // opened to append so that an existing file is left alone unless it may be replaced.
  FileDescriptor fd =
      AtProperty(props, "PATH", [&] { return OpenDataFile(path, paths, DataFileAccess::kAppend); });
  struct stat st {};
  if (!replace && ::fstat(fd.get(), &st) == 0 && st.st_size > 0) {
    throw RiffleError(ErrorKind::kConnector, "File '" + path + "' already exists.",
                      PosOf(props, "PATH"), "use CREATE OR REPLACE to overwrite it");
  }
  if (::ftruncate(fd.get(), 0) != 0) {
    throw RiffleError(ErrorKind::kConnector,
                      "cannot write file '" + path + "': " + std::strerror(errno),
                      PosOf(props, "PATH"));
  }
  target.topic = path;
}

}  // namespace riffle
