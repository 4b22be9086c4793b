#include "connectors/registry/confluent_registry.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/common/error.h"
#include "tests/registry/fake_schema_registry.h"

namespace riffle::registry {
namespace {

using riffle::testing::FakeSchemaRegistry;

const char kOrder[] = R"({"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]})";

ConfluentSchemaRegistry Client(const FakeSchemaRegistry& fake, const std::string& user_info = "",
                               int ttl_ms = 30000) {
  SchemaRegistryOptions options = ParseSchemaRegistryUrl(fake.url(), user_info);
  options.cache_ttl_ms = ttl_ms;
  options.timeout_ms = 2000;
  return ConfluentSchemaRegistry(options);
}

std::string ErrorOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConnector);
    return e.message();
  }
  return "(no error)";
}

TEST(SchemaRegistryUrlTest, MovesUserInfoOutOfTheUrl) {
  auto options = ParseSchemaRegistryUrl("https://ann:p%40ss@sr.example.com:8081/base/");
  EXPECT_EQ(options.url, "https://sr.example.com:8081/base");
  EXPECT_EQ(options.user_info, "ann:p@ss");
  EXPECT_EQ(ParseSchemaRegistryUrl("http://ann:x@h:1", "bob:y").user_info, "bob:y");
  EXPECT_EQ(ParseSchemaRegistryUrl("HTTP://h:1").url, "http://h:1");
  EXPECT_EQ(ParseSchemaRegistryUrl(" http://a:1/ , http://b:2").url, "http://a:1");
}

TEST(SchemaRegistryUrlTest, RefusesWhatIsNotAnHttpUrlWithoutQuotingIt) {
  std::string message = ErrorOf([] { ParseSchemaRegistryUrl("ftp://ann:s3cret@h"); });
  EXPECT_NE(message.find("http:// or https://"), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  EXPECT_NE(ErrorOf([] { ParseSchemaRegistryUrl("localhost:8081"); }), "(no error)");
  EXPECT_NE(ErrorOf([] { ParseSchemaRegistryUrl("http://"); }).find("no host"), std::string::npos);
  EXPECT_NE(ErrorOf([] { ParseSchemaRegistryUrl("http://h:1/?x=1"); }), "(no error)");
}

TEST(ConfluentSchemaRegistryTest, FetchesASchemaByIdOnceAndKeepsIt) {
  FakeSchemaRegistry fake;
  fake.Add("orders-value", kOrder, "AVRO", 42);
  auto client = Client(fake);
  for (int i = 0; i < 3; ++i) {
    auto schema = client.SchemaById(42);
    ASSERT_TRUE(schema);
    EXPECT_EQ(schema->id, 42);
    EXPECT_EQ(schema->format, "AVRO");
    EXPECT_EQ(schema->text, kOrder);
  }
  EXPECT_EQ(fake.Requests("/schemas/ids/42"), 1);
}

TEST(ConfluentSchemaRegistryTest, AnUnknownIdIsNulloptAndRememberedForTheTtl) {
  FakeSchemaRegistry fake;
  auto client = Client(fake, "", /*ttl_ms=*/200);
  EXPECT_FALSE(client.SchemaById(7));
  EXPECT_FALSE(client.SchemaById(7));
  EXPECT_EQ(fake.Requests("/schemas/ids/7"), 1);
  fake.Add("late-value", kOrder, "AVRO", 7);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(client.SchemaById(7));  // the registry learned it; the miss expired
  EXPECT_EQ(fake.Requests("/schemas/ids/7"), 2);
  EXPECT_TRUE(client.IsShared());
}

TEST(ConfluentSchemaRegistryTest, LatestVersionOfASubjectIsCachedForTheTtl) {
  FakeSchemaRegistry fake;
  int first = fake.Add("orders-value", kOrder);
  auto client = Client(fake, "", /*ttl_ms=*/200);
  ASSERT_TRUE(client.LatestSchema("orders-value"));
  EXPECT_EQ(client.LatestSchema("orders-value")->id, first);
  EXPECT_EQ(fake.Requests("/subjects/orders-value/versions/latest"), 1);
  int second = fake.Add("orders-value", R"("string")");
  EXPECT_EQ(client.LatestSchema("orders-value")->id, first);  // still cached
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto latest = client.LatestSchema("orders-value");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->text, R"("string")");
  EXPECT_FALSE(client.LatestSchema("nope-value"));
}

TEST(ConfluentSchemaRegistryTest, ResolvesProtobufImportsThroughTheirSubjects) {
  FakeSchemaRegistry fake;
  fake.Add("money.proto", "syntax = \"proto3\"; message Money { int64 cents = 1; }", "PROTOBUF", 3);
  fake.Add("shared.proto",
           "syntax = \"proto3\"; import \"money.proto\"; message Line { Money m = 1; }", "PROTOBUF",
           4, {{"money.proto", "money.proto", 1}});
  int id = fake.Add("orders-value",
                    "syntax = \"proto3\"; import \"shared.proto\"; message O { Line l = 1; }",
                    "PROTOBUF", 0, {{"shared.proto", "shared.proto", 1}});
  auto client = Client(fake);
  auto schema = client.SchemaById(id);
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->format, "PROTOBUF");
  ASSERT_EQ(schema->references.size(), 2u);
  EXPECT_EQ(schema->references[0].first, "money.proto");  // imports before their importers
  EXPECT_EQ(schema->references[1].first, "shared.proto");
  EXPECT_NE(schema->references[1].second.find("message Line"), std::string::npos);
}

TEST(ConfluentSchemaRegistryTest, RegistersASchemaAndKnowsItsIdAfterwards) {
  FakeSchemaRegistry fake;
  auto client = Client(fake);
  StoredSchema schema;
  schema.format = "PROTOBUF";
  schema.text = "syntax = \"proto3\"; message V { string s = 1; }";
  int32_t id = client.RegisterSchema("out-value", schema);
  EXPECT_GT(id, 0);
  EXPECT_EQ(fake.Versions("out-value"), std::vector<int>{id});
  EXPECT_EQ(client.RegisterSchema("out-value", schema), id);  // same schema, same id
  auto back = client.SchemaById(id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->text, schema.text);
  EXPECT_EQ(fake.Requests("/schemas/ids/" + std::to_string(id)), 0);  // known from registering
  schema.references.emplace_back("x.proto", "syntax = \"proto3\";");
  EXPECT_NE(ErrorOf([&] { client.RegisterSchema("out-value", schema); }).find("imports"),
            std::string::npos);
}

TEST(ConfluentSchemaRegistryTest, SendsBasicAuthAndExplainsA401WithoutThePassword) {
  FakeSchemaRegistry fake("ann:s3cret");
  fake.Add("orders-value", kOrder, "AVRO", 5);
  EXPECT_TRUE(Client(fake, "ann:s3cret").SchemaById(5));
  std::string wrong = ErrorOf([&] { Client(fake, "ann:wrong").SchemaById(5); });
  EXPECT_NE(wrong.find("401"), std::string::npos) << wrong;
  EXPECT_NE(wrong.find("check the user and password"), std::string::npos) << wrong;
  EXPECT_EQ(wrong.find("wrong"), std::string::npos) << wrong;
  std::string none = ErrorOf([&] { Client(fake).LatestSchema("orders-value"); });
  EXPECT_NE(none.find("needs a user and password"), std::string::npos) << none;
}

TEST(ConfluentSchemaRegistryTest, AnUnreachableRegistryFailsFastAfterTheFirstTry) {
  int port = 0;
  {
    FakeSchemaRegistry gone;  // a port that nothing listens on once it closes
    port = gone.port();
  }
  SchemaRegistryOptions options =
      ParseSchemaRegistryUrl("http://127.0.0.1:" + std::to_string(port));
  options.retry_after_ms = 60000;
  ConfluentSchemaRegistry client(options);
  std::string first = ErrorOf([&] { client.SchemaById(1); });
  EXPECT_NE(first.find("unreachable"), std::string::npos) << first;
  EXPECT_NE(first.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << first;
  EXPECT_EQ(ErrorOf([&] { client.LatestSchema("t-value"); }), first);
}

TEST(ConfluentSchemaRegistryTest, ASilentServerTimesOut) {
  // A socket that listens but never accepts: the connection is made, no answer ever comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  SchemaRegistryOptions options =
      ParseSchemaRegistryUrl("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)));
  options.timeout_ms = 300;
  ConfluentSchemaRegistry client(options);
  auto start = std::chrono::steady_clock::now();
  std::string message = ErrorOf([&] { client.SchemaById(1); });
  auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_NE(message.find("no answer within 300 ms"), std::string::npos) << message;
}

TEST(ConfluentSchemaRegistryTest, A404FromSomethingElseIsNotAMissingSchema) {
  FakeSchemaRegistry fake;
  auto client = ConfluentSchemaRegistry(ParseSchemaRegistryUrl(fake.url() + "/not-here"));
  std::string message = ErrorOf([&] { client.SchemaById(1); });
  EXPECT_NE(message.find("is the URL a Schema Registry's?"), std::string::npos) << message;
}

}  // namespace
}  // namespace riffle::registry
