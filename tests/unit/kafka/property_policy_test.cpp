// riffle's review of librdkafka's properties (connectors/kafka/property_policy.h).

#include "connectors/kafka/property_policy.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace riffle::kafka {
namespace {

// The table must cover every property the linked librdkafka knows: a new librdkafka cannot add a
// property that loads code or reads files without someone reading it and filing it.
TEST(PropertyPolicyTest, EveryLinkedLibrdkafkaPropertyIsReviewed) {
  const std::vector<std::string>& linked = LinkedKafkaPropertyNames();
  ASSERT_GT(linked.size(), 100u) << "could not read librdkafka's property list";
  const std::vector<std::string>& reviewed = ReviewedKafkaPropertyNames();
  for (const std::string& name : linked) {
    EXPECT_TRUE(std::binary_search(reviewed.begin(), reviewed.end(), name))
        << "librdkafka property '" << name << "' is not in property_policy.cpp: read its "
        << "description and add it to kRisky or kHarmless";
    EXPECT_NE(RiskOf(name), KafkaPropertyRisk::kNotReviewed) << name;
  }
}

TEST(PropertyPolicyTest, ClassifiesTheDangerousOnes) {
  for (const char* name :
       {"plugin.library.paths", "ssl.engine.location", "ssl.engine.id", "ssl.providers"}) {
    EXPECT_EQ(RiskOf(name), KafkaPropertyRisk::kLoadsCode) << name;
  }
  EXPECT_EQ(RiskOf("sasl.kerberos.kinit.cmd"), KafkaPropertyRisk::kRunsCommand);
  for (const char* name : {"ssl.key.location", "ssl.certificate.location", "ssl.ca.location",
                           "ssl.crl.location", "ssl.keystore.location"}) {
    EXPECT_EQ(RiskOf(name), KafkaPropertyRisk::kReadsFile) << name;
  }
  EXPECT_EQ(RiskOf("sasl.password"), KafkaPropertyRisk::kNone);
  EXPECT_EQ(RiskOf("ssl.key.pem"), KafkaPropertyRisk::kNone);
  EXPECT_EQ(RiskOf("some.future.property"), KafkaPropertyRisk::kNotReviewed);
  KafkaPropertyRules strict;
  EXPECT_THROW(ApplyKafkaPropertyRules("some.future.property", "1", strict), std::exception);
}

}  // namespace
}  // namespace riffle::kafka
