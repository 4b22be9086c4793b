#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "catalog_test_util.h"
#include "core/common/error.h"

namespace riffle {
namespace {

using testing::MakeStream;

void ExpectSameSource(const SourceInfo& a, const SourceInfo& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.is_table, b.is_table);
  EXPECT_EQ(a.is_source, b.is_source);
  EXPECT_EQ(a.topic, b.topic);
  EXPECT_EQ(a.key_format, b.key_format);
  EXPECT_EQ(a.value_format, b.value_format);
  EXPECT_EQ(a.properties, b.properties);
  EXPECT_EQ(a.timestamp_column, b.timestamp_column);
  EXPECT_EQ(a.timestamp_format, b.timestamp_format);
  EXPECT_EQ(a.sql, b.sql);
  EXPECT_EQ(a.created_by_job, b.created_by_job);
  ASSERT_EQ(a.schema.size(), b.schema.size());
  for (size_t i = 0; i < a.schema.size(); ++i) {
    EXPECT_EQ(a.schema[i].name, b.schema[i].name);
    EXPECT_TRUE(TypeEquals(a.schema[i].type, b.schema[i].type))
        << a.schema[i].type->ToString() << " vs " << b.schema[i].type->ToString();
    EXPECT_EQ(a.schema[i].role, b.schema[i].role);
    EXPECT_EQ(a.schema[i].header_key, b.schema[i].header_key);
  }
}

TEST(CatalogSourcesTest, CreateGetRoundTripsEveryField) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo info = MakeStream("ORDERS");
  info.is_table = true;
  info.is_source = true;
  info.timestamp_column = "TS";
  info.timestamp_format = "yyyy-MM-dd HH:mm:ss";
  info.created_by_job = "CTAS_ORDERS_1";
  info.created_at_ms = 1700000000123;
  info.schema.Add(ColumnDef{"TRACE", Type::Bytes(), ColumnRole::kHeader, "trace-id"});
  info.schema.Add(ColumnDef{
      "HEADERS", Type::Array(Type::Struct({{"KEY", Type::String()}, {"VALUE", Type::Bytes()}})),
      ColumnRole::kHeader, ""});
  catalog->CreateSource(info, /*or_replace=*/false);

  std::optional<SourceInfo> got = catalog->GetSource("ORDERS");
  ASSERT_TRUE(got.has_value());
  ExpectSameSource(*got, info);
  EXPECT_EQ(got->created_at_ms, 1700000000123);
}

TEST(CatalogSourcesTest, CreatedAtDefaultsToNow) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateSource(MakeStream("S"), false);
  EXPECT_GT(catalog->GetSource("S")->created_at_ms, 1600000000000);
}

TEST(CatalogSourcesTest, PropertyNamesAreUpperCased) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo info = MakeStream("S");
  info.properties = {{"kafka_topic", "s"}, {"Value_Format", "JSON"}};
  catalog->CreateSource(info, false);
  std::map<std::string, std::string> expected = {{"KAFKA_TOPIC", "s"}, {"VALUE_FORMAT", "JSON"}};
  EXPECT_EQ(catalog->GetSource("S")->properties, expected);
}

TEST(CatalogSourcesTest, CreateExistingFailsUnlessReplace) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateSource(MakeStream("S"), false);
  try {
    catalog->CreateSource(MakeStream("S"), false);
    FAIL() << "expected an error";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kCatalog);
    EXPECT_NE(error.message().find("already exists"), std::string::npos) << error.message();
  }

  // Replace with fewer columns and other properties: nothing of the old definition survives.
  SourceInfo replacement = MakeStream("S");
  replacement.schema = Schema({ColumnDef{"ONLY", Type::Int(), ColumnRole::kValue, ""}});
  replacement.properties = {{"KAFKA_TOPIC", "other"}};
  replacement.topic = "other";
  catalog->CreateSource(replacement, /*or_replace=*/true);
  std::optional<SourceInfo> got = catalog->GetSource("S");
  ASSERT_TRUE(got.has_value());
  ExpectSameSource(*got, replacement);
  EXPECT_EQ(catalog->ListSources().size(), 1u);
}

TEST(CatalogSourcesTest, ListIsOrderedByName) {
  auto catalog = Catalog::Open(":memory:");
  for (const char* name : {"C", "A", "B"}) catalog->CreateSource(MakeStream(name), false);
  std::vector<SourceInfo> all = catalog->ListSources();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "A");
  EXPECT_EQ(all[1].name, "B");
  EXPECT_EQ(all[2].name, "C");
  EXPECT_EQ(all[1].schema.size(), 3u);
}

TEST(CatalogSourcesTest, DropRemovesSourceColumnsAndProperties) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateSource(MakeStream("S"), false);
  EXPECT_TRUE(catalog->DropSource("S"));
  EXPECT_FALSE(catalog->GetSource("S").has_value());
  EXPECT_FALSE(catalog->DropSource("S"));
  // Re-creating under the same name starts clean (no leftover columns or properties).
  SourceInfo fresh = MakeStream("S");
  fresh.schema = Schema({ColumnDef{"X", Type::Double(), ColumnRole::kValue, ""}});
  fresh.properties = {};
  catalog->CreateSource(fresh, false);
  ExpectSameSource(*catalog->GetSource("S"), fresh);
}

TEST(CatalogSourcesTest, LookupIsExactThenCaseInsensitive) {
  auto catalog = Catalog::Open(":memory:");
  catalog->CreateSource(MakeStream("ORDERS"), false);
  ASSERT_TRUE(catalog->GetSource("orders").has_value());
  EXPECT_EQ(catalog->GetSource("orders")->name, "ORDERS");
  EXPECT_EQ(catalog->GetSource("Orders")->name, "ORDERS");
  EXPECT_FALSE(catalog->GetSource("ORDER").has_value());

  // A quoted lower-case name may coexist; exact matches win.
  catalog->CreateSource(MakeStream("orders"), false);
  EXPECT_EQ(catalog->GetSource("orders")->name, "orders");
  EXPECT_EQ(catalog->GetSource("ORDERS")->name, "ORDERS");
  // Only-case-insensitive matches that are several: an error naming them, not a guess.
  try {
    catalog->GetSource("Orders");
    FAIL() << "expected an ambiguity error";
  } catch (const RiffleError& error) {
    EXPECT_NE(error.message().find("ambiguous"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("ORDERS, orders"), std::string::npos) << error.message();
  }
  EXPECT_TRUE(catalog->DropSource("orders"));
  EXPECT_EQ(catalog->GetSource("Orders")->name, "ORDERS");
  EXPECT_TRUE(catalog->DropSource("Orders"));
  EXPECT_TRUE(catalog->ListSources().empty());
}

TEST(CatalogSourcesTest, RejectsSourceWithoutNameOrColumnType) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo unnamed = MakeStream("S");
  unnamed.name = "";
  EXPECT_THROW(catalog->CreateSource(unnamed, false), RiffleError);
  SourceInfo untyped = MakeStream("S");
  untyped.schema.Add(ColumnDef{"BROKEN", nullptr, ColumnRole::kValue, ""});
  EXPECT_THROW(catalog->CreateSource(untyped, false), RiffleError);
  EXPECT_TRUE(catalog->ListSources().empty());
}

}  // namespace
}  // namespace riffle
