#include "shell/engine_options.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/common/error.h"
#include "tests/unit/temp_dir.h"

namespace riffle::shell {
namespace {

class EngineOptionsTest : public ::testing::Test {
 protected:
  std::string WriteConfig(const std::string& text) {
    std::string path = dir_.Path("client.properties");
    std::ofstream(path) << text;
    return path;
  }
  riffle::testing::TempDir dir_{"riffle-engine-options"};
};

TEST_F(EngineOptionsTest, TakesTheSchemaRegistryPropertiesOutOfTheKafkaConfig) {
  CliOptions cli;
  cli.kafka_config_file = WriteConfig(
      "bootstrap.servers=k:9092\n"
      "schema.registry.url=https://sr:8081\n"
      "basic.auth.credentials.source=USER_INFO\n"
      "schema.registry.basic.auth.user.info=ann:pw\n"
      "client.id=riffle-test\n");
  EngineOptions options = MakeEngineOptions(cli);
  EXPECT_EQ(options.schema_registry_url, "https://sr:8081");
  EXPECT_EQ(options.schema_registry_user_info, "ann:pw");
  EXPECT_EQ(options.kafka_config.count("schema.registry.url"), 0u);
  EXPECT_EQ(options.kafka_config.count("schema.registry.basic.auth.user.info"), 0u);
  EXPECT_EQ(options.kafka_config.count("basic.auth.credentials.source"), 0u);
  EXPECT_EQ(options.kafka_config.at("client.id"), "riffle-test");
}

TEST_F(EngineOptionsTest, TheCommandLineWinsOverTheConfigFile) {
  CliOptions cli;
  cli.schema_registry_url = "http://cli:1";
  cli.schema_registry_user = "bob";
  cli.schema_registry_password = "pw2";
  cli.kafka_config_file =
      WriteConfig("schema.registry.url=https://sr:8081\nbasic.auth.user.info=ann:pw\n");
  EngineOptions options = MakeEngineOptions(cli);
  EXPECT_EQ(options.schema_registry_url, "http://cli:1");
  EXPECT_EQ(options.schema_registry_user_info, "bob:pw2");
}

TEST_F(EngineOptionsTest, CredentialsWithoutAUrlOrAnUnknownSourceAreErrors) {
  CliOptions cli;
  cli.kafka_config_file = WriteConfig("basic.auth.user.info=ann:pw\n");
  try {
    MakeEngineOptions(cli);
    FAIL() << "no error";
  } catch (const RiffleError& e) {
    EXPECT_NE(e.message().find("without its URL"), std::string::npos) << e.message();
    EXPECT_EQ(e.message().find("pw"), std::string::npos) << e.message();
  }
  cli.kafka_config_file =
      WriteConfig("schema.registry.url=http://sr\nbasic.auth.credentials.source=SASL_INHERIT\n");
  EXPECT_THROW(MakeEngineOptions(cli), RiffleError);
}

}  // namespace
}  // namespace riffle::shell
