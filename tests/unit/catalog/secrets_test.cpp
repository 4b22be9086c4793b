#include "catalog/secrets.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

TEST(SecretsTest, RecognizesSecretPropertyNames) {
  for (const char* name :
       {"sasl.password", "SSL.KEY.PASSWORD", "sasl.jaas.config", "basic.auth.user.info", "API_KEY",
        "ssl.keystore.key", "aws.secret.access.key", "oauth.token", "CREDENTIALS"}) {
    EXPECT_TRUE(IsSecretProperty(name)) << name;
  }
  for (const char* name : {"KAFKA_TOPIC", "KEY_FORMAT", "VALUE_FORMAT", "KEY_SCHEMA_ID",
                           "PARTITIONS", "TIMESTAMP", "ssl.keystore.location", "KEY"}) {
    EXPECT_FALSE(IsSecretProperty(name)) << name;
  }
}

TEST(SecretsTest, RedactPropertiesMasksOnlySecrets) {
  std::map<std::string, std::string> props = {{"KAFKA_TOPIC", "t"}, {"SASL.PASSWORD", "p4ss"}};
  std::map<std::string, std::string> out = RedactProperties(props);
  EXPECT_EQ(out.at("KAFKA_TOPIC"), "t");
  EXPECT_EQ(out.at("SASL.PASSWORD"), kRedacted);
}

TEST(SecretsTest, RedactSqlMasksSecretLiteralsOnly) {
  EXPECT_EQ(RedactSql("CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='t', \"sasl.password\" = "
                      "'it''s secret', VALUE_FORMAT='JSON');"),
            "CREATE STREAM S (A INT) WITH (KAFKA_TOPIC='t', \"sasl.password\" = '********', "
            "VALUE_FORMAT='JSON');");
  EXPECT_EQ(RedactSql("WITH (`api_key`='abc', 'ssl.key.password'='x', PASSWORD='y')"),
            "WITH (`api_key`='********', 'ssl.key.password'='********', PASSWORD='********')");
  // Names that merely mention a secret word elsewhere, and non-literal values, are left alone.
  const std::string plain =
      "SELECT password, token FROM users WHERE note = 'the password is hidden' AND secret = 3;";
  EXPECT_EQ(RedactSql(plain), plain);
  EXPECT_EQ(RedactSql("unterminated PASSWORD='abc"), "unterminated PASSWORD='********'");
  EXPECT_EQ(RedactSql(""), "");
}

}  // namespace
}  // namespace riffle
