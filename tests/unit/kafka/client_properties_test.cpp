// Kafka client properties from a file or a SET: parsing, librdkafka's check, unsafe properties.

#include "connectors/kafka/client_properties.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
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
  KafkaConfig config = LoadKafkaProperties(file.path(), false);
  EXPECT_EQ(config.size(), 4u);
  EXPECT_EQ(config["bootstrap.servers"], "broker:9092");
  EXPECT_EQ(config["security.protocol"], "SASL_SSL");
  EXPECT_EQ(config["sasl.mechanisms"], "PLAIN");
  EXPECT_EQ(config["sasl.password"], "s3cr=t");  // only the first '=' separates
}

TEST(ClientPropertiesTest, NamesFileAndLineAndNeverEchoesValues) {
  PropertiesFile bad("client.id=x\nno.such.property=hunter2\n");
  std::string error = ErrorOf([&] { LoadKafkaProperties(bad.path(), false); });
  EXPECT_NE(error.find(bad.path() + ":2: invalid Kafka client property 'no.such.property'"),
            std::string::npos)
      << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  PropertiesFile no_value("just-a-word\n");
  EXPECT_NE(ErrorOf([&] { LoadKafkaProperties(no_value.path(), false); }).find(":1: expected key=value"),
            std::string::npos);
  EXPECT_NE(ErrorOf([] { LoadKafkaProperties("/nonexistent/riffle.properties", false); })
                .find("cannot read Kafka properties file"),
            std::string::npos);
}

TEST(ClientPropertiesTest, RefusesUnsafePropertiesUnlessAllowed) {
  for (const char* key : {"plugin.library.paths", "sasl.kerberos.kinit.cmd", "ssl.engine.location"}) {
    EXPECT_TRUE(IsUnsafeKafkaProperty(key));
    EXPECT_NE(ErrorOf([&] { CheckKafkaProperty(key, "x", false); }).find("load code or run a command"),
              std::string::npos)
        << key;
  }
  EXPECT_FALSE(IsUnsafeKafkaProperty("sasl.password"));
  // Allowed: the command is only checked by librdkafka, never run here.
  EXPECT_NO_THROW(CheckKafkaProperty("sasl.kerberos.kinit.cmd", "true", true));
  EXPECT_NO_THROW(CheckKafkaProperty("client.id", "riffle", false));
  EXPECT_THROW(CheckKafkaProperty("security.protocol", "carrier_pigeon", false), RiffleError);
  PropertiesFile unsafe("plugin.library.paths=/tmp/evil.so\n");
  EXPECT_NE(ErrorOf([&] { LoadKafkaProperties(unsafe.path(), false); }).find(":1: Kafka property"),
            std::string::npos);
}

}  // namespace
}  // namespace riffle::kafka
