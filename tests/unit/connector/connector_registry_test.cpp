// The connector registry (connectors/connector/connector_registry.h): each connector once by
// name, what it accepts, where its records are, and sources and sinks opened through it.

#include "connectors/connector/connector_registry.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "core/common/error.h"
#include "tests/unit/temp_dir.h"

namespace riffle {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ConnectorRegistryTest, EachConnectorIsRegisteredOnceByName) {
  std::vector<std::string> names;
  for (const Connector& c : Connectors()) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"kafka", "file", "datagen"}));
  EXPECT_EQ(ConnectorNameList(), "'kafka', 'file' or 'datagen'");
  EXPECT_EQ(FindConnector("FILE"), &Connectors()[1]);
  EXPECT_EQ(FindConnector("Datagen"), &Connectors()[2]);
  EXPECT_EQ(FindConnector("s3"), nullptr);
}

TEST(ConnectorRegistryTest, ConnectorOfDefaultsToKafkaAndListsTheRegisteredForAnUnknownOne) {
  EXPECT_EQ(ConnectorOf({}).name, "kafka");
  EXPECT_EQ(ConnectorOf({{"CONNECTOR", "File"}}).name, "file");
  try {
    ConnectorOf({{"CONNECTOR", "jdbc"}});
    FAIL() << "an unknown connector was accepted";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnector);
    EXPECT_NE(e.message().find("'jdbc'"), std::string::npos) << e.message();
    EXPECT_EQ(e.suggestion(), "use 'kafka', 'file' or 'datagen'");
  }
}

TEST(ConnectorRegistryTest, WhatEachAcceptsAndWhereItsRecordsAre) {
  const Connector& kafka = *FindConnector("kafka");
  const Connector& file = *FindConnector("file");
  const Connector& datagen = *FindConnector("datagen");
  EXPECT_TRUE(kafka.kafka_topic);
  EXPECT_FALSE(file.kafka_topic);
  EXPECT_FALSE(datagen.kafka_topic);
  EXPECT_TRUE(kafka.writable());
  EXPECT_TRUE(file.writable());
  EXPECT_FALSE(datagen.writable());
  EXPECT_TRUE(kafka.record_positions);
  EXPECT_FALSE(file.record_positions);  // bytes
  EXPECT_TRUE(datagen.record_positions);
  EXPECT_EQ(file.source_properties,
            (std::vector<std::string>{"PATH", "FOLLOW", "HEADER", "MAX_RECORD_BYTES"}));
  EXPECT_EQ(file.sink_properties, (std::vector<std::string>{"PATH", "HEADER"}));
  EXPECT_EQ(datagen.source_properties,
            (std::vector<std::string>{"GENERATOR", "RATE", "COUNT", "SEED"}));
  // Catalog locations: a topic, a resolved path, a generator.
  EXPECT_EQ(&ConnectorAt("orders"), &kafka);
  EXPECT_EQ(&ConnectorAt(""), &kafka);
  EXPECT_EQ(&ConnectorAt("/data/orders.csv"), &file);
  EXPECT_EQ(&ConnectorAt("datagen:orders"), &datagen);
  // A generator without COUNT never ends; with one, it ends there.
  ASSERT_TRUE(datagen.endless);
  EXPECT_TRUE(datagen.endless({{"GENERATOR", "orders"}}));
  EXPECT_FALSE(datagen.endless({{"GENERATOR", "orders"}, {"COUNT", "5"}}));
  EXPECT_FALSE(kafka.endless);
  EXPECT_EQ(datagen.end_position("datagen:orders", {{"COUNT", "5"}}, {}), 5);
  EXPECT_EQ(datagen.end_position("datagen:orders", {}, {}), std::nullopt);
}

TEST(ConnectorRegistryTest, AFileWrittenThroughTheRegistryIsReadBackThroughIt) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  PathPolicy paths{dir.path(), {}};
  const Connector& file = *FindConnector("file");
  SinkRequest out;
  out.location = dir.Path("out.csv");
  out.properties = {{"CONNECTOR", "file"}, {"HEADER", "true"}};
  out.paths = paths;
  out.value_field_names = {"ID", "NAME"};
  out.delimiter = ';';
  {
    std::unique_ptr<RecordSink> sink = file.open_sink(out);
    std::string error;
    EXPECT_TRUE(sink->Write(std::nullopt, "1;a", 0, 0, error));
    EXPECT_TRUE(sink->Write(std::nullopt, std::nullopt, 0, 0, error));  // tombstone
    EXPECT_TRUE(sink->Write(std::nullopt, "2;b", 0, 0, error));
    sink->Flush();
  }
  EXPECT_EQ(ReadAll(dir.Path("out.csv")), "ID;NAME\n1;a\n2;b\n");
  EXPECT_EQ(file.end_position(dir.Path("out.csv"), {}, paths), 16);

  SourceRequest in;
  in.source_name = "OUT";
  in.properties = {{"CONNECTOR", "file"}, {"PATH", "out.csv"}, {"HEADER", "true"}};
  in.read.paths = paths;
  in.delimited = true;
  in.delimiter = ';';
  in.read.bounded = true;
  std::unique_ptr<RecordSource> source = file.open_source(in);
  EXPECT_EQ(source->FieldNames(), (std::vector<std::string>{"ID", "NAME"}));
  std::vector<RawRecord> records;
  std::vector<std::string> values;
  for (int i = 0; i < 10 && !source->AtEnd(); ++i) {
    source->Poll(records, 100, 100);
    for (const RawRecord& r : records) values.emplace_back(r.value);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"1;a", "2;b"}));
}

TEST(ConnectorRegistryTest, AnEndlessGeneratorIsRefusedForAFiniteRead) {
  const Connector& datagen = *FindConnector("datagen");
  SourceRequest request;
  request.source_name = "CLICKS";
  request.properties = {{"GENERATOR", "orders"}};
  request.read.bounded = true;
  try {
    datagen.open_source(request);
    FAIL() << "a bounded read of an endless generator opened";
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.message(), "CLICKS generates records forever (its GENERATOR has no COUNT)");
  }
  request.properties["COUNT"] = "3";
  std::unique_ptr<RecordSource> source = datagen.open_source(request);
  EXPECT_EQ(source->name(), "datagen:orders");
}

}  // namespace
}  // namespace riffle
