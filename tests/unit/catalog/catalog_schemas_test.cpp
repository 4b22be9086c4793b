// The catalog's schema registry: ids deduplicated by content, versions per subject, persistence.

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "core/common/error.h"
#include "tests/unit/catalog/catalog_test_util.h"

namespace riffle {
namespace {

StoredSchema Avro(const std::string& text) { return StoredSchema{0, "AVRO", text, {}}; }

TEST(CatalogSchemasTest, IdsAreSharedByIdenticalSchemasAndVersionsPerSubject) {
  auto catalog = Catalog::Open(":memory:");
  int32_t a = catalog->RegisterSchema("orders-value", Avro(R"("string")"));
  int32_t b = catalog->RegisterSchema("orders-value", Avro(R"("long")"));
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 2);
  // Same content under another subject: same id (Confluent's behaviour).
  EXPECT_EQ(catalog->RegisterSchema("users-value", Avro(R"("string")")), a);
  // Re-registering the latest version adds nothing.
  EXPECT_EQ(catalog->RegisterSchema("orders-value", Avro(R"("long")")), b);
  ASSERT_TRUE(catalog->LatestSchema("orders-value"));
  EXPECT_EQ(catalog->LatestSchema("orders-value")->text, R"("long")");
  EXPECT_EQ(catalog->LatestSchema("users-value")->id, a);
  EXPECT_FALSE(catalog->LatestSchema("nope-value"));
  auto subjects = catalog->ListSubjects();
  ASSERT_EQ(subjects.size(), 2u);
  EXPECT_EQ(subjects[0], (std::pair<std::string, int32_t>{"orders-value", b}));
  EXPECT_EQ(subjects[1], (std::pair<std::string, int32_t>{"users-value", a}));
}

TEST(CatalogSchemasTest, RequestedIdsAndReferences) {
  auto catalog = Catalog::Open(":memory:");
  StoredSchema proto{5, "PROTOBUF", "syntax = \"proto3\"; import \"e.proto\"; message L { E e = 1; }",
                     {{"e.proto", "syntax = \"proto3\"; message E { int64 t = 1; }"}}};
  EXPECT_EQ(catalog->RegisterSchema("logistics-value", proto), 5);
  auto back = catalog->SchemaById(5);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->format, "PROTOBUF");
  EXPECT_EQ(back->text, proto.text);
  EXPECT_EQ(back->references, proto.references);
  // The same text with other references is another schema; it takes the smallest free id.
  StoredSchema other = proto;
  other.id = 0;
  other.references[0].second = "syntax = \"proto3\"; message E { int32 t = 1; }";
  EXPECT_EQ(catalog->RegisterSchema("logistics-value", other), 1);
  // A taken id with different content is refused.
  StoredSchema clash{5, "AVRO", R"("int")", {}};
  EXPECT_THROW(catalog->RegisterSchema("x-value", clash), RiffleError);
  EXPECT_FALSE(catalog->SchemaById(42));
  // New ids fill the gap below the explicit one.
  EXPECT_EQ(catalog->RegisterSchema("y-value", Avro(R"("int")")), 2);
  EXPECT_EQ(catalog->RegisterSchema("z-value", Avro(R"("long")")), 3);
}

TEST(CatalogSchemasTest, SurvivesReopening) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  int32_t id = Catalog::Open(path)->RegisterSchema("t-key", Avro(R"("int")"));
  auto catalog = Catalog::Open(path);
  ASSERT_TRUE(catalog->LatestSchema("t-key"));
  EXPECT_EQ(catalog->LatestSchema("t-key")->id, id);
  EXPECT_EQ(catalog->SchemaById(id)->text, R"("int")");
}

}  // namespace
}  // namespace riffle
