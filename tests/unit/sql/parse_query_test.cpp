#include <gtest/gtest.h>

#include "core/sql/parser.h"

namespace riffle {
namespace {

// Keeps the statement alive alongside a reference to its query.
struct Parsed {
  Statement statement;
  const Query& query() const { return *std::get<SelectStmt>(statement.body).query; }
};

Parsed Select(const std::string& text) { return {ParseStatement(text)}; }

TEST(ParseQueryTest, SelectItems) {
  Parsed p = Select("SELECT *, o.*, a AS x, b y, `c` FROM orders o");
  const Query& q = p.query();
  ASSERT_EQ(q.select.size(), 5u);
  EXPECT_EQ(q.select[0].expr->kind, ExprKind::kStar);
  EXPECT_EQ(q.select[0].expr->qualifier, "");
  EXPECT_EQ(q.select[1].expr->kind, ExprKind::kStar);
  EXPECT_EQ(q.select[1].expr->qualifier, "O");
  EXPECT_EQ(q.select[2].alias, "X");
  EXPECT_EQ(q.select[3].expr->name, "B");
  EXPECT_EQ(q.select[3].alias, "Y");
  EXPECT_EQ(q.select[4].expr->name, "c");
  EXPECT_EQ(q.select[4].alias, "");
  EXPECT_EQ(q.from.source, "ORDERS");
  EXPECT_EQ(q.from.alias, "O");
  EXPECT_EQ(q.emit, EmitKind::kNone);
  EXPECT_FALSE(q.limit.has_value());
}

// riffle's quoted topic name: the topic verbatim (case kept), marked as a topic, with an alias.
TEST(ParseQueryTest, QuotedTopicNames) {
  Parsed p = Select("SELECT * FROM 'My-Orders' o JOIN 'pays' WITHIN 1 HOUR ON o.id = pays.id");
  const Query& q = p.query();
  EXPECT_TRUE(q.from.topic);
  EXPECT_EQ(q.from.source, "My-Orders");
  EXPECT_EQ(q.from.alias, "O");
  EXPECT_EQ(q.from.pos.column, 15);
  ASSERT_EQ(q.joins.size(), 1u);
  EXPECT_TRUE(q.joins[0].right.topic);
  EXPECT_EQ(q.joins[0].right.source, "pays");
  Parsed plain = Select("SELECT * FROM orders");
  EXPECT_FALSE(plain.query().from.topic);
}

TEST(ParseQueryTest, AllClauses) {
  Parsed p = Select(
      "SELECT id, COUNT(*) FROM s AS x WINDOW TUMBLING (SIZE 5 SECONDS) WHERE a > 1 "
      "GROUP BY id HAVING COUNT(*) > 2 EMIT FINAL LIMIT 10");
  const Query& q = p.query();
  EXPECT_EQ(q.from.alias, "X");
  ASSERT_TRUE(q.window.has_value());
  EXPECT_EQ(q.window->kind, WindowKind::kTumbling);
  EXPECT_EQ(q.window->size_ms, 5000);
  ASSERT_NE(q.where, nullptr);
  EXPECT_EQ(q.where->ToString(), "(A > 1)");
  ASSERT_EQ(q.group_by.size(), 1u);
  ASSERT_NE(q.having, nullptr);
  EXPECT_EQ(q.having->ToString(), "(COUNT(*) > 2)");
  EXPECT_EQ(q.emit, EmitKind::kFinal);
  EXPECT_EQ(q.limit, 10);
}

TEST(ParseQueryTest, PartitionByAndGroupByLists) {
  Parsed p1 = Select("SELECT * FROM s PARTITION BY a, b->c EMIT CHANGES");
  ASSERT_EQ(p1.query().partition_by.size(), 2u);
  EXPECT_EQ(p1.query().partition_by[1]->ToString(), "B->C");
  Parsed p2 = Select("SELECT a, b, COUNT(*) FROM s GROUP BY (a, b) EMIT CHANGES");
  ASSERT_EQ(p2.query().group_by.size(), 2u);
  EXPECT_EQ(p2.query().group_by[0]->ToString(), "A");
  Parsed p3 = Select("SELECT COUNT(*) FROM s GROUP BY (a + 1) * 2, b");
  ASSERT_EQ(p3.query().group_by.size(), 2u);
  EXPECT_EQ(p3.query().group_by[0]->ToString(), "((A + 1) * 2)");
  EXPECT_THROW(Select("SELECT COUNT(*) FROM s GROUP BY a AND b"), RiffleError);
  EXPECT_THROW(Select("SELECT COUNT(*) FROM s GROUP BY f3, (f2, f1)"), RiffleError);
}

TEST(ParseQueryTest, Windows) {
  Parsed p1 = Select(
      "SELECT * FROM s WINDOW TUMBLING (SIZE 1 HOUR, RETENTION 2 DAYS, GRACE PERIOD 10 MINUTES)");
  const WindowSpec& t = *p1.query().window;
  EXPECT_EQ(t.size_ms, 3'600'000);
  EXPECT_EQ(t.retention_ms, 2 * 86'400'000LL);
  EXPECT_EQ(t.grace_ms, 600'000);
  Parsed p2 = Select("SELECT * FROM s WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECOND)");
  const WindowSpec& h = *p2.query().window;
  EXPECT_EQ(h.kind, WindowKind::kHopping);
  EXPECT_EQ(h.size_ms, 30'000);
  EXPECT_EQ(h.advance_ms, 10'000);
  EXPECT_FALSE(h.grace_ms.has_value());
  Parsed p3 = Select("SELECT * FROM s WINDOW SESSION (500 MILLISECONDS, GRACE PERIOD 1 MINUTE)");
  const WindowSpec& se = *p3.query().window;
  EXPECT_EQ(se.kind, WindowKind::kSession);
  EXPECT_EQ(se.size_ms, 500);
  EXPECT_EQ(se.grace_ms, 60'000);
  EXPECT_EQ(se.pos.line, 1);
  EXPECT_EQ(se.pos.column, 24);
  EXPECT_THROW(Select("SELECT * FROM s WINDOW HOPPING (SIZE 1 SECOND)"), RiffleError);
  EXPECT_THROW(Select("SELECT * FROM s WINDOW HOPPING (SIZE 1 SECOND, ADVANCE BY 2 SECONDS)"),
               RiffleError);
  EXPECT_THROW(Select("SELECT * FROM s WINDOW TUMBLING (SIZE 1 WEEK)"), RiffleError);
  EXPECT_THROW(Select("SELECT * FROM s WINDOW TUMBLING (SIZE 9223372036854775807 DAYS)"),
               RiffleError);
}

TEST(ParseQueryTest, Joins) {
  Parsed p = Select(
      "SELECT * FROM a JOIN b ON a.id = b.id "
      "INNER JOIN c AS cc WITHIN 1 HOUR ON a.id = cc.id "
      "LEFT JOIN d WITHIN (1 SECOND, 2 SECONDS) GRACE PERIOD 3 SECONDS ON a.id = d.id "
      "LEFT OUTER JOIN e ON a.id = e.id RIGHT JOIN f ON TRUE FULL OUTER JOIN g gg ON TRUE");
  const Query& q = p.query();
  ASSERT_EQ(q.joins.size(), 6u);
  EXPECT_EQ(q.joins[0].type, JoinType::kInner);
  EXPECT_EQ(q.joins[0].right.source, "B");
  EXPECT_EQ(q.joins[0].on->ToString(), "(A.ID = B.ID)");
  EXPECT_FALSE(q.joins[0].within.has_value());
  EXPECT_EQ(q.joins[1].right.alias, "CC");
  ASSERT_TRUE(q.joins[1].within.has_value());
  EXPECT_EQ(q.joins[1].within->before_ms, 3'600'000);
  EXPECT_EQ(q.joins[1].within->after_ms, 3'600'000);
  EXPECT_EQ(q.joins[2].type, JoinType::kLeft);
  EXPECT_EQ(q.joins[2].within->before_ms, 1000);
  EXPECT_EQ(q.joins[2].within->after_ms, 2000);
  EXPECT_EQ(q.joins[2].within->grace_ms, 3000);
  EXPECT_EQ(q.joins[3].type, JoinType::kLeft);
  EXPECT_EQ(q.joins[4].type, JoinType::kRight);
  EXPECT_EQ(q.joins[5].type, JoinType::kFull);
  EXPECT_EQ(q.joins[5].right.alias, "GG");
}

TEST(ParseQueryTest, StructStarSelectsAllFields) {
  Parsed p = Select("SELECT k, v1->a->*, v2->* FROM s");
  const Query& q = p.query();
  ASSERT_EQ(q.select.size(), 3u);
  EXPECT_EQ(q.select[1].expr->kind, ExprKind::kStar);
  ASSERT_EQ(q.select[1].expr->args.size(), 1u);
  EXPECT_EQ(q.select[1].expr->args[0]->ToString(), "V1->A");
  EXPECT_EQ(q.select[1].expr->ToString(), "V1->A->*");
  EXPECT_EQ(q.select[2].expr->ToString(), "V2->*");
  EXPECT_THROW(Select("SELECT f(v->*) FROM s"), RiffleError);
  EXPECT_THROW(Select("SELECT v->* + 1 FROM s"), RiffleError);
  EXPECT_THROW(Select("SELECT * FROM s WHERE v->* = 1"), RiffleError);
  EXPECT_THROW(ParseExpression("v->*"), RiffleError);
}

TEST(ParseQueryTest, EmitChanges) {
  Parsed p = Select("select * from s emit changes limit 3;");
  EXPECT_EQ(p.query().emit, EmitKind::kChanges);
  EXPECT_EQ(p.query().limit, 3);
}

}  // namespace
}  // namespace riffle
