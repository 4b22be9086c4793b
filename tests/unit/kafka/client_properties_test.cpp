// Kafka client properties from a file or a SET: parsing, librdkafka's check, unsafe properties.

#include "connectors/kafka/client_properties.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/common/error.h"

namespace riffle::kafka {
namespace {

class PropertiesFile {
 public:
  explicit PropertiesFile(const std::string& text) {
    path_ = ::testing::TempDir() + "riffle-kafka-" + std::to_string(::getpid()) + ".properties";
    std::ofstream(path_) << text;
  }
  ~PropertiesFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const RiffleError& e) {
    return e.message();
  }
  return "";
}

TEST(ClientPropertiesTest, ReadsJavaStylePropertiesFiles) {
  PropertiesFile file(
      "# a comment\n! another\n\nbootstrap.servers=broker:9092\n"
      "security.protocol : SASL_SSL\n  sasl.mechanisms=PLAIN  \nsasl.password=s3cr=t\n");
  KafkaConfig config = LoadKafkaProperties(file.path(), {});
  EXPECT_EQ(config.size(), 4u);
  EXPECT_EQ(config["bootstrap.servers"], "broker:9092");
  EXPECT_EQ(config["security.protocol"], "SASL_SSL");
  EXPECT_EQ(config["sasl.mechanisms"], "PLAIN");
  EXPECT_EQ(config["sasl.password"], "s3cr=t");  // only the first '=' separates
}

TEST(ClientPropertiesTest, NamesFileAndLineAndNeverEchoesValues) {
  PropertiesFile bad("client.id=x\nno.such.property=hunter2\n");
  std::string error = ErrorOf([&] { LoadKafkaProperties(bad.path(), {}); });
  EXPECT_NE(error.find(bad.path() + ":2: invalid Kafka client property 'no.such.property'"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  PropertiesFile no_value("just-a-word\n");
  EXPECT_NE(
      ErrorOf([&] { LoadKafkaProperties(no_value.path(), {}); }).find(":1: expected key=value"),
      std::string::npos);
  EXPECT_NE(ErrorOf([] {
              LoadKafkaProperties("/nonexistent/riffle.properties", {});
            }).find("cannot read Kafka properties file"),
            std::string::npos);
}

TEST(ClientPropertiesTest, RefusesUnsafePropertiesUnlessAllowed) {
  const KafkaPropertyRules strict;
  KafkaPropertyRules allowed;
  allowed.allow_unsafe = true;
  for (const char* key : {"plugin.library.paths", "ssl.engine.location", "ssl.providers"}) {
    EXPECT_NE(ErrorOf([&] { CheckKafkaProperty(key, "/tmp/evil.so", strict); }).find("load code"),
              std::string::npos)
        << key;
  }
  EXPECT_NE(ErrorOf([&] {
              CheckKafkaProperty("sasl.kerberos.kinit.cmd", "true", strict);
            }).find("run a shell command"),
            std::string::npos);
  // Allowed: the command is only checked by librdkafka, never run here.
  EXPECT_NO_THROW(CheckKafkaProperty("sasl.kerberos.kinit.cmd", "true", allowed));
  EXPECT_NO_THROW(CheckKafkaProperty("ssl.providers", "legacy", allowed));
  EXPECT_NO_THROW(CheckKafkaProperty("client.id", "riffle", strict));
  EXPECT_THROW(CheckKafkaProperty("security.protocol", "carrier_pigeon", strict), RiffleError);
  PropertiesFile unsafe("ssl.providers=/tmp/evil.so\n");
  std::string error = ErrorOf([&] { LoadKafkaProperties(unsafe.path(), {}); });
  EXPECT_NE(error.find(":1: Kafka property 'ssl.providers'"), std::string::npos) << error;
}

TEST(ClientPropertiesTest, FilePathsStayInsideTheAllowedDirectories) {
  std::string dir = ::testing::TempDir() + "riffle-kafka-paths-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir + "/certs");
  KafkaPropertyRules rules;
  rules.paths.data_dir = dir;
  // Relative paths resolve in the data directory and reach librdkafka absolute.
  EXPECT_EQ(CheckKafkaProperty("ssl.ca.location", "certs/ca.pem", rules),
            std::filesystem::canonical(dir).string() + "/certs/ca.pem");
  EXPECT_EQ(CheckKafkaProperty("ssl.ca.location", "probe", rules), "probe");
  std::string error =
      ErrorOf([&] { CheckKafkaProperty("ssl.certificate.location", "/etc/passwd", rules); });
  EXPECT_NE(error.find("outside the directories riffle may read"), std::string::npos) << error;
  // ssl.key.location is secret (librdkafka says so): its value is never quoted.
  error =
      ErrorOf([&] { CheckKafkaProperty("ssl.key.location", "/home/someone/.ssh/id_rsa", rules); });
  EXPECT_EQ(error.find("id_rsa"), std::string::npos) << error;
  EXPECT_NE(error.find("'********'"), std::string::npos) << error;
  rules.paths.allowed.push_back("/etc");
  EXPECT_EQ(CheckKafkaProperty("ssl.crl.location", "/etc/crl.pem", rules), "/etc/crl.pem");

  // A --config file may name files beside it; other places stay refused.
  {
    std::ofstream(dir + "/certs/client.properties") << "ssl.ca.location=ca.pem\n";
    KafkaConfig config = LoadKafkaProperties(dir + "/certs/client.properties", {});
    EXPECT_EQ(config["ssl.ca.location"],
              std::filesystem::canonical(dir).string() + "/certs/ca.pem");
    std::ofstream(dir + "/certs/client.properties") << "ssl.ca.location=/root/ca.pem\n";
    EXPECT_NE(ErrorOf([&] {
                LoadKafkaProperties(dir + "/certs/client.properties", {});
              }).find(":1: Kafka property 'ssl.ca.location' names '/root/ca.pem', outside"),
              std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST(ClientPropertiesTest, KinitValuesMustBePlainWordsAndUrlsHttp) {
  const KafkaPropertyRules strict;
  EXPECT_NO_THROW(CheckKafkaProperty("sasl.kerberos.principal", "riffle/host@EXAMPLE.COM", strict));
  EXPECT_NE(ErrorOf([&] {
              CheckKafkaProperty("sasl.kerberos.principal", "x; touch /tmp/p", strict);
            }).find("kinit shell command"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] {
              CheckKafkaProperty("sasl.kerberos.keytab", "$(id)", strict);
            }).find("kinit shell command"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] {
              CheckKafkaProperty("offset.store.method", "file", strict);
            }).find("write offset files"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] {
              ApplyKafkaPropertyRules("sasl.oauthbearer.token.endpoint.url", "file:///etc/passwd",
                                      strict);
            }).find("http:// or https://"),
            std::string::npos);
  EXPECT_EQ(ApplyKafkaPropertyRules("sasl.oauthbearer.token.endpoint.url",
                                    "https://idp.example.com/token", strict),
            "https://idp.example.com/token");
}

}  // namespace
}  // namespace riffle::kafka
