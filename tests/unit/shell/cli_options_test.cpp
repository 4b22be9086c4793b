#include "shell/cli_options.h"

#include <gtest/gtest.h>

namespace riffle::shell {
namespace {

CliEnvironment Env(std::string home = "/home/ann", std::string servers = "",
                   std::string registry_password = "") {
  return CliEnvironment{std::move(home), std::move(servers), std::move(registry_password)};
}

TEST(CliOptionsTest, DefaultsAreReplWithHomeCatalogAndTable) {
  CliParseResult r = ParseCliOptions({}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.mode, CliMode::kRun);
  EXPECT_EQ(r.options.catalog_path, "/home/ann/.riffle/catalog.db");
  EXPECT_EQ(r.options.bootstrap_servers, "");
  EXPECT_EQ(r.options.output, OutputFormat::kTable);
  EXPECT_TRUE(r.options.file.empty());
  EXPECT_FALSE(r.options.has_execute);
  EXPECT_FALSE(r.options.interactive);
}

TEST(CliOptionsTest, StateDirHandlesTrailingSlashAndMissingHome) {
  EXPECT_EQ(RiffleStateDir(Env("/home/ann/")), "/home/ann/.riffle");
  EXPECT_EQ(RiffleStateDir(Env("/")), "/.riffle");
  EXPECT_EQ(RiffleStateDir(Env("")), ".riffle");
}

TEST(CliOptionsTest, FileAndInteractive) {
  CliParseResult r = ParseCliOptions({"-f", "demo.sql", "--interactive"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.file, "demo.sql");
  EXPECT_TRUE(r.options.interactive);
  r = ParseCliOptions({"--file=x.sql", "-i"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.file, "x.sql");
  EXPECT_TRUE(r.options.interactive);
}

TEST(CliOptionsTest, ExecuteKeepsTextVerbatimIncludingEmpty) {
  CliParseResult r = ParseCliOptions({"-e", "SHOW STREAMS; SHOW TABLES;"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.options.has_execute);
  EXPECT_EQ(r.options.execute, "SHOW STREAMS; SHOW TABLES;");
  r = ParseCliOptions({"--execute", ""}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.options.has_execute);
  EXPECT_EQ(r.options.execute, "");
  // A value that looks like a flag is still the value of -e.
  r = ParseCliOptions({"-e", "--x"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.execute, "--x");
}

TEST(CliOptionsTest, CatalogAndBootstrapServer) {
  CliParseResult r =
      ParseCliOptions({"--catalog", "/tmp/c.db", "--bootstrap-server=k:9092"}, Env("/h", "env:1"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.catalog_path, "/tmp/c.db");
  EXPECT_EQ(r.options.bootstrap_servers, "k:9092");
}

TEST(CliOptionsTest, KafkaConfigFileAndUnsafeSwitch) {
  CliParseResult r = ParseCliOptions({"--config", "client.properties"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.kafka_config_file, "client.properties");
  EXPECT_FALSE(r.options.allow_unsafe_kafka_config);
  r = ParseCliOptions({"--config=c.properties", "--allow-unsafe-kafka-config"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.kafka_config_file, "c.properties");
  EXPECT_TRUE(r.options.allow_unsafe_kafka_config);
  EXPECT_FALSE(ParseCliOptions({"--config"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"--allow-unsafe-kafka-config=yes"}, Env()).ok());
}

TEST(CliOptionsTest, BootstrapServerFallsBackToEnvironment) {
  CliParseResult r = ParseCliOptions({}, Env("/h", "env:1"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.bootstrap_servers, "env:1");
}

TEST(CliOptionsTest, OutputFormats) {
  EXPECT_EQ(ParseCliOptions({"--output", "json"}, Env()).options.output, OutputFormat::kJson);
  EXPECT_EQ(ParseCliOptions({"--output=CSV"}, Env()).options.output, OutputFormat::kCsv);
  EXPECT_EQ(ParseCliOptions({"-o", "table"}, Env()).options.output, OutputFormat::kTable);
  CliParseResult r = ParseCliOptions({"--output", "xml"}, Env());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("xml"), std::string::npos);
}

TEST(CliOptionsTest, HelpAndVersion) {
  EXPECT_EQ(ParseCliOptions({"--help"}, Env()).options.mode, CliMode::kHelp);
  EXPECT_EQ(ParseCliOptions({"-h"}, Env()).options.mode, CliMode::kHelp);
  EXPECT_EQ(ParseCliOptions({"--version"}, Env()).options.mode, CliMode::kVersion);
  EXPECT_EQ(VersionString().rfind("riffle ", 0), 0u);
  std::string usage = Usage();
  for (const char* flag : {"-f", "-e", "--interactive", "--catalog", "--bootstrap-server",
                           "--output", "--help", "--version", "broker", "--address-file"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

TEST(CliOptionsTest, BrokerSubcommand) {
  CliParseResult r = ParseCliOptions({"broker"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.mode, CliMode::kBroker);
  EXPECT_EQ(r.options.address_file, "");
  r = ParseCliOptions({"broker", "--address-file", "/tmp/addr"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.address_file, "/tmp/addr");
  r = ParseCliOptions({"broker", "--address-file=/tmp/b"}, Env());
  EXPECT_EQ(r.options.address_file, "/tmp/b");
  // The broker's data sits next to a catalog, or where --broker-dir says; --listen picks the
  // address.
  r = ParseCliOptions({"broker", "--catalog", "/c/x.db", "--listen", "127.0.0.1:9092"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.catalog_path, "/c/x.db");
  EXPECT_EQ(r.options.listen, "127.0.0.1:9092");
  r = ParseCliOptions({"broker", "--broker-dir=/data/k"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.broker_dir, "/data/k");
  for (const char* bad : {"9092", "host:", ":9092", "h:99999", "h:12a", "h:123456"}) {
    r = ParseCliOptions({"broker", "--listen", bad}, Env());
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error.find("HOST:PORT"), std::string::npos) << r.error;
  }
  EXPECT_FALSE(ParseCliOptions({"broker", "--address-file"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"broker", "--bogus"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"-e", "x", "broker"}, Env()).ok());
}

TEST(CliOptionsTest, LocalBrokerOptionsForTheShell) {
  CliParseResult r = ParseCliOptions({"--listen", "0.0.0.0:19092", "--broker-dir", "/k"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.listen, "0.0.0.0:19092");
  EXPECT_EQ(r.options.broker_dir, "/k");
  // A real cluster has no local broker to place.
  r = ParseCliOptions({"--listen", "127.0.0.1:1", "--bootstrap-server", "k:9092"}, Env());
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("--bootstrap-server"), std::string::npos) << r.error;
}

TEST(CliOptionsTest, RunSubcommandIsHeadless) {
  CliParseResult r = ParseCliOptions({"run", "jobs.sql", "--catalog", "/c.db"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.mode, CliMode::kHeadless);
  EXPECT_EQ(r.options.file, "jobs.sql");
  EXPECT_EQ(r.options.catalog_path, "/c.db");
  r = ParseCliOptions({"run", "--bootstrap-server", "k:9092", "jobs.sql"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.bootstrap_servers, "k:9092");
  EXPECT_EQ(r.options.file, "jobs.sql");
  EXPECT_FALSE(ParseCliOptions({"run"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"run", "a.sql", "b.sql"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"run", "a.sql", "-e", "SHOW STREAMS;"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"run", "a.sql", "--interactive"}, Env()).ok());
  EXPECT_EQ(ParseCliOptions({"run", "--help"}, Env()).options.mode, CliMode::kHelp);
}

TEST(CliOptionsTest, DatagenSubcommand) {
  CliParseResult r = ParseCliOptions(
      {"datagen", "--generator", "orders", "--topic=o", "--rate", "50", "--count", "100",
       "--seed", "7", "--bootstrap-server", "k:9092"},
      Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.mode, CliMode::kDatagen);
  EXPECT_EQ(r.options.datagen_generator, "orders");
  EXPECT_EQ(r.options.datagen_topic, "o");
  EXPECT_EQ(r.options.datagen_rate, 50);
  EXPECT_EQ(r.options.datagen_count, 100);
  EXPECT_EQ(r.options.datagen_seed, 7);
  EXPECT_EQ(r.options.bootstrap_servers, "k:9092");
  r = ParseCliOptions({"datagen", "--generator", "bid", "--topic", "b"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.datagen_rate, 0);    // as fast as possible
  EXPECT_EQ(r.options.datagen_count, -1);  // until interrupted
  EXPECT_FALSE(ParseCliOptions({"datagen", "--topic", "t"}, Env()).ok());
  // --metrics is riffle run's.
  r = ParseCliOptions({"run", "jobs.sql", "--metrics", "127.0.0.1:9464"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.metrics_listen, "127.0.0.1:9464");
  EXPECT_FALSE(ParseCliOptions({"--metrics", "127.0.0.1:9464"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"run", "jobs.sql", "--metrics", "9464"}, Env()).ok());
  // Without a cluster it writes into a catalog's local broker.
  r = ParseCliOptions({"datagen", "--generator", "bid", "--topic", "b", "--catalog", "/x/c.db"},
                      Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.catalog_path, "/x/c.db");
  r = ParseCliOptions({"datagen", "--generator", "bid", "--topic", "b", "--broker-dir", "/x/k"},
                      Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.broker_dir, "/x/k");
  EXPECT_FALSE(ParseCliOptions({"datagen", "--generator", "bid", "--topic", "b", "--broker-dir",
                                "/x/k", "--bootstrap-server", "h:1"},
                               Env())
                   .ok());
  EXPECT_FALSE(ParseCliOptions({"datagen", "--generator", "orders"}, Env()).ok());
  EXPECT_FALSE(
      ParseCliOptions({"datagen", "--generator", "o", "--topic", "t", "--rate", "x"}, Env()).ok());
  EXPECT_FALSE(
      ParseCliOptions({"datagen", "--generator", "o", "--topic", "t", "--rate", "0"}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"datagen", "--catalog", "c"}, Env()).ok());
}

TEST(CliOptionsTest, DataDirAndAllowedPaths) {
  CliParseResult r =
      ParseCliOptions({"--data-dir", "/data", "--allow-path", "/a", "--allow-path=/b"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.data_dir, "/data");
  EXPECT_EQ(r.options.allowed_paths, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_FALSE(ParseCliOptions({"--allow-path", ""}, Env()).ok());
  EXPECT_FALSE(ParseCliOptions({"--data-dir"}, Env()).ok());
}

TEST(CliOptionsTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string expected_fragment;
  };
  const std::vector<Case> cases = {
      {{"--bogus"}, "unknown option: --bogus"},
      {{"-x"}, "unknown option: -x"},
      {{"-f"}, "requires a value"},
      {{"-e"}, "requires a value"},
      {{"--catalog"}, "requires a value"},
      {{"--catalog="}, "requires a path"},
      {{"--bootstrap-server"}, "requires a value"},
      {{"--output"}, "requires a value"},
      {{"stray.sql"}, "unexpected argument"},
      {{"-f", "a.sql", "-e", "SHOW STREAMS;"}, "cannot be used together"},
      {{"-f", "a.sql", "-f", "b.sql"}, "more than once"},
      {{"-e", "a", "-e", "b"}, "more than once"},
      {{"--interactive=yes"}, "takes no value"},
  };
  for (const Case& c : cases) {
    CliParseResult r = ParseCliOptions(c.args, Env());
    EXPECT_FALSE(r.ok()) << c.args[0];
    EXPECT_NE(r.error.find(c.expected_fragment), std::string::npos)
        << "args[0]=" << c.args[0] << " error=" << r.error;
  }
}

}  // namespace
}  // namespace riffle::shell

namespace riffle::shell {
namespace {

TEST(CliOptionsTest, SchemaRegistryUrlAndUserWithThePasswordFromTheEnvironment) {
  CliParseResult r =
      ParseCliOptions({"--schema-registry", "http://sr:8081", "--schema-registry-user=ann"},
                      Env("/h", "", "pw"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.schema_registry_url, "http://sr:8081");
  EXPECT_EQ(r.options.schema_registry_user, "ann");
  EXPECT_EQ(r.options.schema_registry_password, "pw");
  r = ParseCliOptions({"run", "jobs.sql", "--schema-registry", "https://sr"}, Env());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.schema_registry_url, "https://sr");
}

TEST(CliOptionsTest, SchemaRegistryOptionsNeedTheirValues) {
  EXPECT_NE(ParseCliOptions({"--schema-registry"}, Env()).error, "");
  EXPECT_NE(ParseCliOptions({"--schema-registry="}, Env()).error, "");
  CliParseResult r = ParseCliOptions({"--schema-registry-user", "ann"}, Env());
  EXPECT_NE(r.error.find("RIFFLE_SCHEMA_REGISTRY_PASSWORD"), std::string::npos) << r.error;
  r = ParseCliOptions({"--schema-registry-user", "ann:pw"}, Env("/h", "", "pw"));
  EXPECT_NE(r.error.find("without ':'"), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find("pw"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace riffle::shell
