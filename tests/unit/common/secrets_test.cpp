#include "core/common/secrets.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/common/error.h"

namespace riffle {
namespace {

TEST(SecretsTest, RecognizesSecretPropertyNames) {
  for (const char* name :
       {"sasl.password", "SSL.KEY.PASSWORD", "sasl.jaas.config", "basic.auth.user.info", "API_KEY",
        "ssl.keystore.key", "aws.secret.access.key", "oauth.token", "CREDENTIALS",
        // librdkafka's _RK_SENSITIVE properties, bare and with riffle's and ksqlDB's prefixes.
        "ssl.key.pem", "kafka.ssl.key.pem", "KAFKA.SASL.OAUTHBEARER.CONFIG", "sasl.username",
        "kafka.sasl.oauthbearer.client.secret", "ssl.key.location", "ssl.ca.pem",
        "sasl.oauthbearer.assertion.private.key.pem", "ksql.streams.producer.ssl.key.pem",
        "kafka.ssl.keystore.password", "ssl.truststore.password", "apikey",
        // A Schema Registry URL may carry user info.
        "ksql.schema.registry.url", "schema.registry.url"}) {
    EXPECT_TRUE(IsSecretProperty(name)) << name;
  }
  for (const char* name :
       {"KAFKA_TOPIC", "KEY_FORMAT", "VALUE_FORMAT", "KEY_SCHEMA_ID", "PARTITIONS", "TIMESTAMP",
        "ssl.keystore.location", "KEY", "kafka.ssl.certificate.pem", "kafka.client.id",
        "sasl.oauthbearer.token.endpoint.url", "auto.offset.reset", "xssl.key.pem"}) {
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
  EXPECT_EQ(RedactSql("SET 'kafka.ssl.key.pem'='-----BEGIN\nKEY\n-----END';"),
            "SET 'kafka.ssl.key.pem'='********';");
  // A mistyped SET (no '=') is masked too.
  EXPECT_EQ(RedactSql("SET 'kafka.sasl.password' 'p';"), "SET 'kafka.sasl.password' '********';");
  // Names that merely mention a secret word elsewhere, and non-literal values, are left alone.
  const std::string plain =
      "SELECT password, token FROM users WHERE note = 'the password is hidden' AND secret = 3;";
  EXPECT_EQ(RedactSql(plain), plain);
  EXPECT_EQ(RedactSql("unterminated PASSWORD='abc"), "unterminated PASSWORD='********'");
  EXPECT_EQ(RedactSql(""), "");
}

TEST(SecretsTest, RedactSqlMapsAnOffset) {
  const std::string sql = "SET 'sasl.password'='hunter22'; SELECT x;";
  size_t after = sql.find("SELECT");
  std::string out = RedactSql(sql, &after);
  EXPECT_EQ(out.substr(after, 6), "SELECT");
  size_t inside = sql.find("hunter22") + 3;
  RedactSql(sql, &inside);
  EXPECT_EQ(inside, sql.find("'hunter22'"));
  size_t before = 4;
  RedactSql(sql, &before);
  EXPECT_EQ(before, 4u);
}

TEST(SecretsTest, NamesSecretPropertyFindsNamesNotProse) {
  EXPECT_TRUE(NamesSecretProperty("SET 'kafka.ssl.key.pem'='x';"));
  EXPECT_TRUE(NamesSecretProperty("UNSET 'kafka.sasl.password';"));
  EXPECT_TRUE(NamesSecretProperty("WITH (client_secret='x')"));
  EXPECT_FALSE(NamesSecretProperty("SELECT * FROM orders WHERE note = 'my password';"));
  EXPECT_FALSE(NamesSecretProperty("SET 'kafka.client.id'='x';"));
}

TEST(SecretsTest, MaskSecretValueReplacesEveryOccurrence) {
  EXPECT_EQ(MaskSecretValue("Invalid value \"abc\" (abc)", "abc"),
            "Invalid value \"********\" (********)");
  EXPECT_EQ(MaskSecretValue("nothing", ""), "nothing");
}

TEST(SecretsTest, MaskSecretsOfMasksTheStatementsSecretsInAMessage) {
  const std::string sql = "SET 'kafka.sasl.password' 'hunter22';";
  EXPECT_EQ(MaskSecretsOf(sql, "mismatched input ''hunter22'' expecting '='"),
            "mismatched input ''********'' expecting '='");
  EXPECT_EQ(MaskSecretsOf(sql, "bare hunter22 too"), "bare ******** too");
  // A value too short to mask letter by letter is masked in its quoted form only.
  EXPECT_EQ(MaskSecretsOf("SET 'kafka.sasl.password'='ab' x;", "near 'ab' x: a b"),
            "near '********' x: a b");
  EXPECT_EQ(MaskSecretsOf("SELECT 1;", "nothing secret"), "nothing secret");
}

TEST(SecretsTest, FormatErrorMasksTheStatementAndKeepsTheCaret) {
  const std::string sql = "SET 'kafka.sasl.password'='hunter2' extra;";
  RiffleError error(ErrorKind::kParse, "unexpected extra",
                    {1, static_cast<int>(sql.find("extra")) + 1});
  std::string text = FormatError(error, sql);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  const std::string shown = "SET 'kafka.sasl.password'='********' extra;";
  EXPECT_NE(text.find("\n  " + shown + "\n  " + std::string(shown.find("extra"), ' ') + "^"),
            std::string::npos)
      << text;
  // A multi-line secret before the error's line.
  const std::string pem = "SET 'kafka.ssl.key.pem'='a\nb\nc' x\n;";
  RiffleError second(ErrorKind::kParse, "unexpected x", {3, 4});
  text = FormatError(second, pem);
  EXPECT_EQ(text.find("\nc"), std::string::npos) << text;
  EXPECT_NE(text.find("'********' x\n"), std::string::npos) << text;
  // The message quotes the secret token.
  RiffleError third(ErrorKind::kParse, "mismatched input ''hunter2'' expecting '='", {1, 27});
  text = FormatError(third, "SET 'kafka.sasl.password' 'hunter2';");
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
}

TEST(SecretsTest, CoreDumpsCanBeTurnedOff) {
  KeepSecretsOutOfCoreDumps();
  KeepSecretsOutOfCoreDumps();  // idempotent
  EXPECT_TRUE(CoreDumpsDisabled());
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_CORE, &limit), 0);
  EXPECT_EQ(limit.rlim_cur, 0u);
  EXPECT_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

}  // namespace
}  // namespace riffle
