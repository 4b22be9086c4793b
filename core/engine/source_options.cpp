// How the engine opens sources: the options every scan of a catalog source shares.
#include <sys/stat.h>

#include <fstream>

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
  if (::stat(name.c_str(), &st) != 0) return {};
  std::ifstream in(name, std::ios::binary);
  char magic[2] = {0, 0};
  in.read(magic, 2);
  if (static_cast<unsigned char>(magic[0]) == 0x1f &&
      static_cast<unsigned char>(magic[1]) == 0x8b) {
    return {};  // positions count uncompressed bytes: the file's size says nothing
  }
  return {{0, 0, static_cast<int64_t>(st.st_size)}};
}

}  // namespace riffle
