// How the engine opens sources: the options every scan of a catalog source shares.
#include <sys/stat.h>
#include <unistd.h>

#include "connectors/datagen/generator.h"
#include "connectors/file/data_file.h"
#include "connectors/source/connector_properties.h"
#include "core/common/error.h"
#include "core/engine/engine_impl.h"

namespace riffle {

ScanOptions EngineImpl::ScanOptionsFor(const SourceInfo& /*source*/) const {
  ScanOptions options;
  options.bootstrap_servers = bootstrap_;
  options.kafka_config = KafkaClientConfig();
  options.paths = paths_;
  return options;
}

std::vector<kafka::PartitionWatermarks> EngineImpl::SourceWatermarks(
    const std::string& name) const {
  // Kafka topic names cannot contain '/' or ':': file sources are stored by absolute path and
  // generators as "datagen:<name>".
  if (name.rfind("datagen:", 0) == 0) return {};
  if (name.empty() || name[0] != '/') return admin_->GetWatermarks(name);
  struct stat st {};
  unsigned char magic[2] = {0, 0};
  try {
    FileDescriptor fd = OpenDataFile(name, paths_, DataFileAccess::kRead);
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0) return {};
    if (::pread(fd.get(), magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      return {};  // positions count uncompressed bytes: the file's size says nothing
    }
  } catch (const RiffleError&) {
    return {};  // not readable (any more) beneath the data directory: no lag to show
  }
  return {{0, 0, static_cast<int64_t>(st.st_size)}};
}

std::vector<kafka::PartitionWatermarks> EngineImpl::JobInputWatermarks(
    const QueryPlan& plan, const std::string& name) const {
  if (name.rfind("datagen:", 0) != 0) return SourceWatermarks(name);
  std::vector<const SourceInfo*> sources{&plan.source};
  for (const JoinInputPlan& in : plan.join_inputs) sources.push_back(&in.source);
  for (const SourceInfo* info : sources) {
    if (SourceConnector(*info) != "datagen") continue;
    const datagen::GeneratorSpec* spec =
        datagen::FindGenerator(StringProperty(info->properties, "GENERATOR"));
    if (spec == nullptr || "datagen:" + spec->name != name) continue;
    int64_t count = IntProperty(info->properties, "COUNT", -1, 0);
    if (count >= 0) return {{0, 0, count}};
  }
  return {};
}

}  // namespace riffle
