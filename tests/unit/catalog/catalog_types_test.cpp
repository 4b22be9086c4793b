// Every SQL type survives a trip through the catalog (stored as Type::ToString, struct field
// names quoted, read back with ParseType).

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "catalog/sqlite_db.h"
#include "catalog_test_util.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {
namespace {

std::vector<TypePtr> AllTypes() {
  TypePtr nested =
      Type::Struct({{"A", Type::Int()}, {"B", Type::Map(Type::String(), Type::Double())}});
  return {
      Type::Boolean(),
      Type::Int(),
      Type::Bigint(),
      Type::Double(),
      Type::Decimal(10, 2),
      Type::Decimal(38, 0),
      Type::Decimal(1, 1),
      Type::String(),
      Type::Bytes(),
      Type::Date(),
      Type::Time(),
      Type::Timestamp(),
      Type::Array(Type::String()),
      Type::Array(nested),
      Type::Map(Type::String(), Type::Array(Type::Decimal(4, 2))),
      Type::Struct({{"ID", Type::Bigint()},
                    {"ADDR", Type::Struct({{"CITY", Type::String()}, {"ZIP", Type::Int()}})},
                    {"TAGS", Type::Array(Type::Map(Type::String(), Type::Boolean()))}}),
      // Quoted field names keep their case and may hold spaces or keywords.
      Type::Struct({{"f 1", Type::Int()}, {"lower", Type::String()}, {"SELECT", Type::Int()}}),
  };
}

TEST(CatalogTypesTest, EveryTypeRoundTrips) {
  auto catalog = Catalog::Open(":memory:");
  SourceInfo info;
  info.name = "ALL_TYPES";
  std::vector<TypePtr> types = AllTypes();
  for (size_t i = 0; i < types.size(); ++i) {
    info.schema.Add(ColumnDef{StrCat("C", std::to_string(i)), types[i],
                              i == 0 ? ColumnRole::kKey : ColumnRole::kValue, ""});
  }
  catalog->CreateSource(info, false);

  std::optional<SourceInfo> got = catalog->GetSource("ALL_TYPES");
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->schema.size(), types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    const ColumnDef& column = got->schema[i];
    EXPECT_EQ(column.name, StrCat("C", std::to_string(i)));
    ASSERT_NE(column.type, nullptr);
    EXPECT_TRUE(TypeEquals(column.type, types[i]))
        << "stored " << types[i]->ToSqlString() << ", read back " << column.type->ToSqlString();
    EXPECT_EQ(column.type->ToSqlString(), types[i]->ToSqlString());
  }
  EXPECT_EQ(got->schema[0].role, ColumnRole::kKey);
  // Spot-check the spelling that lands in the catalog file.
  EXPECT_EQ(types[4]->ToSqlString(), "DECIMAL(10, 2)");
}

TEST(CatalogTypesTest, UnreadableStoredTypeIsACatalogError) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  Catalog::Open(path)->CreateSource(testing::MakeStream("S"), false);
  {
    // Damage the stored type behind the catalog's back.
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.Exec("UPDATE source_columns SET type = 'NOT_A<TYPE' WHERE name = 'NAME'");
  }
  auto catalog = Catalog::Open(path);
  try {
    catalog->GetSource("S");
    FAIL() << "expected an error";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kCatalog);
    EXPECT_NE(error.message().find("NOT_A<TYPE"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("column NAME of S"), std::string::npos) << error.message();
  }
}

}  // namespace
}  // namespace riffle
