#include "connectors/kafka/embedded_broker.h"

#include <librdkafka/rdkafka_mock.h>

namespace riffle::kafka {

EmbeddedBroker::~EmbeddedBroker() {
  // The cluster must go before the handle it was created on.
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

void EmbeddedBroker::Start() {
  if (cluster_ != nullptr) ThrowKafka("embedded Kafka broker already started");
  RdConfPtr conf = MakeClientConf("", {}, &diagnostics_);
  handle_ = NewClient(RD_KAFKA_PRODUCER, std::move(conf));
  cluster_ = rd_kafka_mock_cluster_new(handle_.get(), 1);
  if (cluster_ == nullptr) {
    handle_.reset();
    ThrowKafka("cannot start the embedded Kafka broker (no loopback port available?)");
  }
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_);
}

bool EmbeddedBroker::CreateTopic(const std::string& name, int partitions) {
  if (cluster_ == nullptr) ThrowKafka("embedded Kafka broker is not started");
  if (partitions < 1) ThrowKafka("a topic needs at least one partition");
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) return false;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ThrowKafka("cannot create topic '" + name + "': " + rd_kafka_err2str(err));
  }
  return true;
}

}  // namespace riffle::kafka
