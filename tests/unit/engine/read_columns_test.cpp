// The planner marks unread (FieldBinding::unread) exactly the value columns no part of a query
// names, so that decoders skip materialising them (core/plan/read_columns.h).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/plan/query_plan.h"
#include "core/sql/parser.h"

namespace riffle {
namespace {

class ReadColumnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = Catalog::Open(":memory:");
    catalog_->CreateSource(Source("BIDS", false, "DT"), false);
    catalog_->CreateSource(Source("AUCTIONS", true, ""), false);
  }

  static SourceInfo Source(const std::string& name, bool table, const std::string& ts) {
    SourceInfo s;
    s.name = name;
    s.is_table = table;
    s.topic = name;
    s.key_format = "KAFKA";
    s.value_format = "JSON";
    s.timestamp_column = ts;
    s.schema = Schema({{"ID", Type::Bigint(), ColumnRole::kKey, ""},
                       {"AUCTION", Type::Bigint(), ColumnRole::kValue, ""},
                       {"PRICE", Type::Bigint(), ColumnRole::kValue, ""},
                       {"URL", Type::String(), ColumnRole::kValue, ""},
                       {"DT", Type::Bigint(), ColumnRole::kValue, ""}});
    return s;
  }

  // The value columns each input decodes, "|"-separated per input ("*" when all of them).
  std::string Decoded(const std::string& sql) {
    Statement stmt = ParseStatement(sql);
    QueryPlan plan = PlanQuery(*std::get<SelectStmt>(stmt.body).query, *catalog_);
    std::vector<const SourceLayout*> layouts;
    if (plan.is_join()) {
      for (const auto& in : plan.join_inputs) layouts.push_back(&in.layout);
    } else {
      layouts.push_back(&plan.layout);
    }
    std::string out;
    for (const SourceLayout* layout : layouts) {
      if (!out.empty()) out += "|";
      std::string read;
      bool all = true;
      for (const auto& f : layout->value_fields) {
        all = all && !f.unread;
        if (!f.unread) read += (read.empty() ? "" : ",") + f.name;
      }
      out += all ? "*" : read;
    }
    return out;
  }

  std::unique_ptr<Catalog> catalog_;
};

TEST_F(ReadColumnsTest, ProjectionAndWhereOnAnUnprojectedColumn) {
  // DT is the TIMESTAMP column of BIDS: always read.
  EXPECT_EQ(Decoded("SELECT auction FROM bids WHERE price > 5 EMIT CHANGES;"), "AUCTION,PRICE,DT");
  EXPECT_EQ(Decoded("SELECT id FROM auctions EMIT CHANGES;"), "");
  EXPECT_EQ(Decoded("SELECT UCASE(Url) AS u, bids.price FROM bids EMIT CHANGES;"),
            "PRICE,URL,DT");
}

TEST_F(ReadColumnsTest, StarReadsEverything) {
  EXPECT_EQ(Decoded("SELECT * FROM bids EMIT CHANGES;"), "*");
  EXPECT_EQ(Decoded("SELECT b.* FROM bids b EMIT CHANGES;"), "*");
  // COUNT(*) is no `*` select item.
  EXPECT_EQ(Decoded("SELECT id, COUNT(*) FROM auctions GROUP BY id EMIT CHANGES;"), "");
}

TEST_F(ReadColumnsTest, GroupByHavingWindowAndPartitionBy) {
  EXPECT_EQ(Decoded("SELECT auction, COUNT(*) FROM bids WINDOW TUMBLING (SIZE 1 MINUTE) "
                    "GROUP BY auction HAVING MAX(url) IS NOT NULL EMIT CHANGES;"),
            "AUCTION,URL,DT");
  EXPECT_EQ(Decoded("SELECT id, price FROM auctions WHERE url LIKE 'x%' EMIT CHANGES;"),
            "PRICE,URL");
  EXPECT_EQ(Decoded("SELECT price FROM bids PARTITION BY auction EMIT CHANGES;"),
            "AUCTION,PRICE,DT");
}

TEST_F(ReadColumnsTest, JoinsReadTheirConditionsPerInput) {
  EXPECT_EQ(Decoded("SELECT b.id, a.url FROM bids b JOIN auctions a ON b.auction = a.id "
                    "EMIT CHANGES;"),
            "AUCTION,URL,DT|AUCTION,URL");
  EXPECT_EQ(Decoded("SELECT * FROM bids b JOIN auctions a ON b.auction = a.id EMIT CHANGES;"),
            "*|*");
}

TEST_F(ReadColumnsTest, ExplainShowsTheDecodedColumns) {
  Statement stmt = ParseStatement("SELECT auction FROM bids WHERE price > 5 EMIT CHANGES;");
  QueryPlan plan = PlanQuery(*std::get<SelectStmt>(stmt.body).query, *catalog_);
  std::vector<std::string> lines = plan.Describe();
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "Source BIDS (topic BIDS, KAFKA key, JSON value; decodes AUCTION, PRICE, DT; "
            "type-checks URL)");
}

}  // namespace
}  // namespace riffle
