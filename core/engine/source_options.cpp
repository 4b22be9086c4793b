// How the engine opens sources: the options every scan of a catalog source shares.
#include "connectors/connector/connector_registry.h"
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
  return LocationWatermarks(name, PropertyMap{});
}

std::vector<kafka::PartitionWatermarks> EngineImpl::LocationWatermarks(
    const std::string& name, const PropertyMap& properties) const {
  // Catalog locations tell their connector (a topic, a resolved path, "datagen:<name>"); the
  // cluster knows a topic's ends, the connector the others' (a file's size, a COUNT).
  const Connector& connector = ConnectorAt(name);
  if (connector.kafka_topic) return admin_->GetWatermarks(name);
  if (!connector.end_position) return {};
  std::optional<int64_t> end = connector.end_position(name, properties, paths_);
  if (!end) return {};
  return {{0, 0, *end}};
}

std::vector<kafka::PartitionWatermarks> EngineImpl::JobInputWatermarks(
    const QueryPlan& plan, const std::string& name) const {
  // The input's own properties, for ends they set (a generator's COUNT).
  std::vector<const SourceInfo*> sources{&plan.source};
  for (const JoinInputPlan& in : plan.join_inputs) sources.push_back(&in.source);
  for (const SourceInfo* info : sources) {
    if (info->topic == name) return LocationWatermarks(name, info->properties);
  }
  return SourceWatermarks(name);
}

}  // namespace riffle
