// ksqlDB's generated column names (core/plan/column_alias.h).
#include "core/plan/column_alias.h"

#include <gtest/gtest.h>

namespace riffle {
namespace {

Expr Field(const std::string& name) {
  Expr e;
  e.kind = ExprKind::kDereference;
  e.name = name;
  return e;
}

Expr Call() {
  Expr e;
  e.kind = ExprKind::kFunction;
  e.name = "ABS";
  return e;
}

TEST(SplitNumberedNameTest, SplitsTheTrailingNumber) {
  EXPECT_EQ(SplitNumberedName("KSQL_COL_12"), (std::pair<std::string, int>{"KSQL_COL", 12}));
  EXPECT_EQ(SplitNumberedName("TOWN"), (std::pair<std::string, int>{"TOWN", 0}));
  EXPECT_EQ(SplitNumberedName("A_"), (std::pair<std::string, int>{"A_", 0}));
  EXPECT_EQ(SplitNumberedName("A_1_2"), (std::pair<std::string, int>{"A_1", 2}));
  EXPECT_EQ(SplitNumberedName("_7"), (std::pair<std::string, int>{"", 7}));
  EXPECT_EQ(SplitNumberedName("A_1x"), (std::pair<std::string, int>{"A_1x", 0}));
  EXPECT_EQ(SplitNumberedName("A_99999999999").second, -1);  // too large: no number
}

TEST(ColumnAliasGeneratorTest, CountsFromZeroSkippingTakenNumbers) {
  ColumnAliasGenerator none({});
  EXPECT_EQ(none.NextKsqlCol(), "KSQL_COL_0");
  EXPECT_EQ(none.NextKsqlCol(), "KSQL_COL_1");

  ColumnAliasGenerator taken({"KSQL_COL_0", "KSQL_COL_2", "ID"});
  EXPECT_EQ(taken.NextKsqlCol(), "KSQL_COL_1");
  EXPECT_EQ(taken.NextKsqlCol(), "KSQL_COL_3");
  // A bare KSQL_COL takes number 0 too.
  ColumnAliasGenerator bare({"KSQL_COL"});
  EXPECT_EQ(bare.NextKsqlCol(), "KSQL_COL_1");
}

TEST(ColumnAliasGeneratorTest, NamesAFieldAfterItselfUnlessTaken) {
  ColumnAliasGenerator aliases({"TOWN", "ZIP_1"});
  EXPECT_EQ(aliases.UniqueAliasFor(Field("TOWN")), "TOWN_1");
  EXPECT_EQ(aliases.UniqueAliasFor(Field("ZIP")), "ZIP");
  EXPECT_EQ(aliases.UniqueAliasFor(Field("ZIP")), "ZIP_2");
  EXPECT_EQ(aliases.UniqueAliasFor(Field("NEW")), "NEW");
  // Other expressions share one KSQL_COL sequence.
  EXPECT_EQ(aliases.UniqueAliasFor(Call()), "KSQL_COL_0");
  EXPECT_EQ(aliases.UniqueAliasFor(Call()), "KSQL_COL_1");
}

}  // namespace
}  // namespace riffle
