#include <gtest/gtest.h>

#include "core/sql/parser.h"

namespace riffle {
namespace {

template <typename T>
const T& As(const Statement& statement) {
  const T* body = std::get_if<T>(&statement.body);
  if (body == nullptr) throw std::runtime_error("statement has another kind");
  return *body;
}

TEST(ParseCreateTest, StreamWithColumnsAndProperties) {
  Statement s = ParseStatement(
      "CREATE STREAM orders (id INT KEY, `Item` STRING, price DECIMAL(10, 2), tags ARRAY<STRING>,"
      " m MAP<STRING, BIGINT>, addr STRUCT<street VARCHAR, `zip` INTEGER>, h BYTES HEADER('k'),"
      " hs ARRAY<STRUCT<KEY STRING, VALUE BYTES>> HEADERS)"
      " WITH (kafka_topic='orders', 'value_format'='JSON', PARTITIONS=3, ratio=0.5,"
      " flag=true, offset=-2);");
  const auto& c = As<CreateSourceStmt>(s);
  EXPECT_FALSE(c.is_table);
  EXPECT_FALSE(c.or_replace);
  EXPECT_EQ(c.name, "ORDERS");
  EXPECT_EQ(c.name_pos.line, 1);
  EXPECT_EQ(c.name_pos.column, 15);
  ASSERT_EQ(c.columns.size(), 8u);
  EXPECT_EQ(c.columns[0].name, "ID");
  EXPECT_TRUE(c.columns[0].key);
  EXPECT_FALSE(c.columns[0].primary_key);
  EXPECT_EQ(c.columns[0].type->kind, TypeKind::kInt);
  EXPECT_EQ(c.columns[1].name, "Item");
  EXPECT_FALSE(c.columns[1].key);
  EXPECT_EQ(c.columns[2].type->kind, TypeKind::kDecimal);
  EXPECT_EQ(c.columns[2].type->precision, 10);
  EXPECT_EQ(c.columns[2].type->scale, 2);
  EXPECT_EQ(c.columns[3].type->kind, TypeKind::kArray);
  EXPECT_EQ(c.columns[3].type->element->kind, TypeKind::kString);
  EXPECT_EQ(c.columns[4].type->kind, TypeKind::kMap);
  EXPECT_EQ(c.columns[4].type->key->kind, TypeKind::kString);
  EXPECT_EQ(c.columns[4].type->element->kind, TypeKind::kBigint);
  const auto& addr = *c.columns[5].type;
  ASSERT_EQ(addr.kind, TypeKind::kStruct);
  ASSERT_EQ(addr.fields.size(), 2u);
  EXPECT_EQ(addr.fields[0].name, "STREET");
  EXPECT_EQ(addr.fields[1].name, "zip");
  EXPECT_EQ(addr.fields[1].type->kind, TypeKind::kInt);
  EXPECT_TRUE(c.columns[6].headers);
  EXPECT_EQ(c.columns[6].header_key, "k");
  EXPECT_TRUE(c.columns[7].headers);
  EXPECT_EQ(c.columns[7].header_key, "");

  ASSERT_EQ(c.properties.size(), 6u);
  EXPECT_EQ(c.properties.at("KAFKA_TOPIC").AsString(), "orders");
  EXPECT_EQ(c.properties.at("VALUE_FORMAT").AsString(), "JSON");
  EXPECT_EQ(c.properties.at("PARTITIONS").value.as_int(), 3);
  EXPECT_EQ(c.properties.at("PARTITIONS").type->kind, TypeKind::kInt);
  EXPECT_EQ(c.properties.at("PARTITIONS").AsString(), "3");
  EXPECT_EQ(c.properties.at("RATIO").type->kind, TypeKind::kDecimal);
  EXPECT_EQ(c.properties.at("FLAG").AsString(), "true");
  EXPECT_EQ(c.properties.at("OFFSET").value.as_int(), -2);
  EXPECT_EQ(c.as_query, nullptr);
  EXPECT_EQ(s.text.back(), ')');  // ';' excluded
}

TEST(ParseCreateTest, TableVariants) {
  const Statement s = ParseStatement(
      "create or replace source table if not exists t (id string primary key, v int) "
      "with (kafka_topic='t', format='json')");
  const auto& c = As<CreateSourceStmt>(s);
  EXPECT_TRUE(c.is_table);
  EXPECT_TRUE(c.or_replace);
  EXPECT_TRUE(c.is_source);
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_TRUE(c.columns[0].key);
  EXPECT_TRUE(c.columns[0].primary_key);
}

TEST(ParseCreateTest, AsSelect) {
  const Statement s = ParseStatement(
      "CREATE TABLE counts WITH (kafka_topic='counts') AS SELECT id, COUNT(*) AS n FROM orders "
      "GROUP BY id EMIT CHANGES;");
  const auto& c = As<CreateSourceStmt>(s);
  EXPECT_TRUE(c.is_table);
  ASSERT_NE(c.as_query, nullptr);
  EXPECT_EQ(c.as_query->select.size(), 2u);
  EXPECT_EQ(c.as_query->select[1].alias, "N");
  EXPECT_EQ(c.as_query->emit, EmitKind::kChanges);
  EXPECT_EQ(c.properties.at("KAFKA_TOPIC").AsString(), "counts");
}

TEST(ParseCreateTest, KeyKindMustMatchSourceKind) {
  try {
    ParseStatement("CREATE TABLE INPUT (ID INT KEY, NAME STRING)");
    FAIL();
  } catch (const RiffleError& e) {
    // ksqlDB's wording and position (the column name).
    EXPECT_EQ(e.message(), "Column `ID` is a 'KEY' column: please use 'PRIMARY KEY' for tables.");
    EXPECT_EQ(e.pos().column, 21);
  }
  EXPECT_THROW(ParseStatement("CREATE STREAM s (id INT PRIMARY KEY) WITH (kafka_topic='s')"),
               RiffleError);
  EXPECT_THROW(ParseStatement("CREATE TABLE t (id INT KEY) WITH (kafka_topic='t')"), RiffleError);
  EXPECT_THROW(ParseStatement("CREATE STREAM s (a INT) AS SELECT * FROM x"), RiffleError);
  EXPECT_THROW(ParseStatement("CREATE STREAM s (a INT, a STRING)"), RiffleError);
  EXPECT_THROW(ParseStatement("CREATE STREAM s WITH (a=1, A=2)"), RiffleError);
}

TEST(ParseDropTest, Forms) {
  Statement s1 = ParseStatement("DROP STREAM s");
  const auto& d1 = As<DropSourceStmt>(s1);
  EXPECT_FALSE(d1.is_table);
  EXPECT_EQ(d1.name, "S");
  EXPECT_FALSE(d1.if_exists);
  EXPECT_FALSE(d1.delete_topic);
  Statement s2 = ParseStatement("DROP TABLE IF EXISTS `t` DELETE TOPIC");
  const auto& d2 = As<DropSourceStmt>(s2);
  EXPECT_TRUE(d2.is_table);
  EXPECT_TRUE(d2.if_exists);
  EXPECT_TRUE(d2.delete_topic);
  EXPECT_EQ(d2.name, "t");
}

TEST(ParseAlterTest, AddColumns) {
  Statement s1 = ParseStatement("ALTER STREAM orders ADD COLUMN price DECIMAL(8, 2)");
  const auto& a1 = As<AlterSourceStmt>(s1);
  EXPECT_FALSE(a1.is_table);
  EXPECT_EQ(a1.name, "ORDERS");
  EXPECT_EQ(a1.name_pos.column, 14);
  ASSERT_EQ(a1.columns.size(), 1u);
  EXPECT_EQ(a1.columns[0].name, "PRICE");
  EXPECT_EQ(a1.columns[0].type->ToString(), "DECIMAL(8, 2)");
  EXPECT_EQ(a1.columns[0].pos.column, 32);
  EXPECT_FALSE(a1.columns[0].key);

  // COLUMN is optional; several ADDs are separated by commas; quoted names keep their case.
  Statement s2 =
      ParseStatement("alter table `t` add `Email` STRING, ADD COLUMN tags ARRAY<STRING>");
  const auto& a2 = As<AlterSourceStmt>(s2);
  EXPECT_TRUE(a2.is_table);
  EXPECT_EQ(a2.name, "t");
  ASSERT_EQ(a2.columns.size(), 2u);
  EXPECT_EQ(a2.columns[0].name, "Email");
  EXPECT_EQ(a2.columns[1].name, "TAGS");
  EXPECT_EQ(a2.columns[1].type->ToString(), "ARRAY<STRING>");
}

TEST(ParseAlterTest, RefusesWhatItDoesNotKnow) {
  try {
    ParseStatement("ALTER STREAM s DROP COLUMN a");
    FAIL();
  } catch (const RiffleError& e) {
    EXPECT_EQ(e.pos().column, 16);  // at DROP, where ADD was expected
    EXPECT_NE(e.message().find("ADD"), std::string::npos) << e.message();
  }
  EXPECT_THROW(ParseStatement("ALTER s ADD COLUMN a INT"), RiffleError);
  EXPECT_THROW(ParseStatement("ALTER STREAM s ADD COLUMN a"), RiffleError);
  EXPECT_THROW(ParseStatement("ALTER STREAM s ADD COLUMN a INT,"), RiffleError);
  EXPECT_THROW(ParseStatement("ALTER STREAM s ADD COLUMN a INT KEY"), RiffleError);
  EXPECT_THROW(ParseStatement("ALTER STREAM s"), RiffleError);
}

TEST(ParseInsertTest, Values) {
  Statement s = ParseStatement("INSERT INTO s (id, name) VALUES (1, 'a''b');");
  const auto& ins = As<InsertValuesStmt>(s);
  EXPECT_EQ(ins.target, "S");
  EXPECT_EQ(ins.columns, (std::vector<std::string>{"ID", "NAME"}));
  ASSERT_EQ(ins.values.size(), 2u);
  EXPECT_EQ(ins.values[1]->literal.as_string(), "a'b");
  Statement s2 = ParseStatement("INSERT INTO s VALUES (-1, NULL, ARRAY[1])");
  const auto& ins2 = As<InsertValuesStmt>(s2);
  EXPECT_TRUE(ins2.columns.empty());
  EXPECT_EQ(ins2.values.size(), 3u);
  EXPECT_EQ(ins2.values[0]->kind, ExprKind::kUnary);
}

TEST(ParseInsertTest, Select) {
  Statement s = ParseStatement("INSERT INTO out WITH (query_id='q1') SELECT * FROM s");
  const auto& ins = As<InsertSelectStmt>(s);
  EXPECT_EQ(ins.target, "OUT");
  EXPECT_EQ(ins.properties.at("QUERY_ID").AsString(), "q1");
  ASSERT_NE(ins.query, nullptr);
  EXPECT_EQ(ins.query->from.source, "S");
  Statement s2 = ParseStatement("INSERT INTO out SELECT a FROM s");
  EXPECT_TRUE(As<InsertSelectStmt>(s2).properties.empty());
}

TEST(ParseShowTest, AllTargets) {
  struct Case {
    const char* text;
    ShowWhat what;
    bool extended;
    bool all;
  };
  const Case cases[] = {
      {"SHOW STREAMS", ShowWhat::kStreams, false, false},
      {"LIST STREAMS EXTENDED", ShowWhat::kStreams, true, false},
      {"show tables", ShowWhat::kTables, false, false},
      {"SHOW TOPICS", ShowWhat::kTopics, false, false},
      {"SHOW ALL TOPICS EXTENDED", ShowWhat::kTopics, true, true},
      {"SHOW PROPERTIES", ShowWhat::kProperties, false, false},
      {"SHOW FUNCTIONS", ShowWhat::kFunctions, false, false},
      {"SHOW QUERIES EXTENDED", ShowWhat::kQueries, true, false},
      {"SHOW JOBS", ShowWhat::kJobs, false, false},
      {"LIST TYPES", ShowWhat::kTypes, false, false},
      {"SHOW VARIABLES", ShowWhat::kVariables, false, false},
  };
  for (const auto& c : cases) {
    Statement s = ParseStatement(c.text);
    const auto& show = As<ShowStmt>(s);
    EXPECT_EQ(show.what, c.what) << c.text;
    EXPECT_EQ(show.extended, c.extended) << c.text;
    EXPECT_EQ(show.all_topics, c.all) << c.text;
  }
  EXPECT_THROW(ParseStatement("SHOW FUNCTIONS EXTENDED"), RiffleError);
  EXPECT_THROW(ParseStatement("SHOW"), RiffleError);
}

TEST(ParseDescribeTest, Forms) {
  Statement s1 = ParseStatement("DESCRIBE orders");
  EXPECT_EQ(As<DescribeStmt>(s1).name, "ORDERS");
  EXPECT_FALSE(As<DescribeStmt>(s1).extended);
  Statement s2 = ParseStatement("DESCRIBE orders EXTENDED");
  EXPECT_TRUE(As<DescribeStmt>(s2).extended);
  Statement s3 = ParseStatement("DESCRIBE EXTENDED orders");
  EXPECT_TRUE(As<DescribeStmt>(s3).extended);
  EXPECT_EQ(As<DescribeStmt>(s3).name, "ORDERS");
  Statement s4 = ParseStatement("DESCRIBE FUNCTION substring");
  EXPECT_TRUE(As<DescribeStmt>(s4).is_function);
  EXPECT_EQ(As<DescribeStmt>(s4).name, "SUBSTRING");
  Statement s5 = ParseStatement("DESCRIBE STREAMS EXTENDED");
  EXPECT_TRUE(As<DescribeStmt>(s5).all_streams);
  EXPECT_TRUE(As<DescribeStmt>(s5).extended);
  Statement s6 = ParseStatement("DESCRIBE TABLES");
  EXPECT_TRUE(As<DescribeStmt>(s6).all_tables);
  Statement s7 = ParseStatement("DESCRIBE `STREAMS`");
  EXPECT_FALSE(As<DescribeStmt>(s7).all_streams);
  EXPECT_EQ(As<DescribeStmt>(s7).name, "STREAMS");
}

TEST(ParseDescribeTest, TopicTakesAQuotedOrBareName) {
  Statement quoted = ParseStatement("DESCRIBE TOPIC 'my-orders'");
  EXPECT_TRUE(As<DescribeStmt>(quoted).is_topic);
  EXPECT_EQ(As<DescribeStmt>(quoted).name, "my-orders");
  EXPECT_EQ(As<DescribeStmt>(quoted).name_pos.column, 16);
  Statement bare = ParseStatement("describe topic orders");
  EXPECT_TRUE(As<DescribeStmt>(bare).is_topic);
  EXPECT_EQ(As<DescribeStmt>(bare).name, "ORDERS");
  EXPECT_EQ(As<DescribeStmt>(ParseStatement("DESCRIBE TOPIC `Orders`")).name, "Orders");
  // A source called TOPIC is still a source.
  for (const char* text : {"DESCRIBE topic", "DESCRIBE TOPIC EXTENDED"}) {
    Statement source = ParseStatement(text);
    EXPECT_FALSE(As<DescribeStmt>(source).is_topic) << text;
    EXPECT_EQ(As<DescribeStmt>(source).name, "TOPIC") << text;
  }
  EXPECT_THROW(ParseStatement("DESCRIBE TOPIC 'orders' EXTENDED"), RiffleError);
  EXPECT_THROW(ParseStatement("DESCRIBE TOPIC 42"), RiffleError);
}

TEST(ParseMiscTest, SetUnsetRunScript) {
  Statement s1 = ParseStatement("SET 'auto.offset.reset' = 'earliest';");
  EXPECT_EQ(As<SetStmt>(s1).property, "auto.offset.reset");
  EXPECT_EQ(As<SetStmt>(s1).value, "earliest");
  Statement s2 = ParseStatement("UNSET 'auto.offset.reset'");
  EXPECT_EQ(As<UnsetStmt>(s2).property, "auto.offset.reset");
  Statement s3 = ParseStatement("RUN SCRIPT '/tmp/x.sql'");
  EXPECT_EQ(As<RunScriptStmt>(s3).path, "/tmp/x.sql");
  EXPECT_THROW(ParseStatement("SET auto = 'x'"), RiffleError);
}

TEST(ParseMiscTest, Print) {
  Statement s1 = ParseStatement("PRINT 'my-topic' FROM BEGINNING INTERVAL 2 LIMIT 10");
  const auto& p1 = As<PrintStmt>(s1);
  EXPECT_EQ(p1.topic, "my-topic");
  EXPECT_TRUE(p1.from_beginning);
  EXPECT_EQ(p1.interval, 2);
  EXPECT_EQ(p1.limit, 10);
  Statement s2 = ParseStatement("PRINT orders");
  const auto& p2 = As<PrintStmt>(s2);
  EXPECT_EQ(p2.topic, "ORDERS");
  EXPECT_FALSE(p2.from_beginning);
  EXPECT_FALSE(p2.limit.has_value());
  EXPECT_FALSE(p2.interval.has_value());
  Statement s3 = ParseStatement("PRINT `lower`");
  EXPECT_EQ(As<PrintStmt>(s3).topic, "lower");
}

TEST(ParseMiscTest, ExplainAndJobControl) {
  Statement s1 = ParseStatement("EXPLAIN SELECT * FROM s EMIT CHANGES");
  ASSERT_NE(As<ExplainStmt>(s1).query, nullptr);
  EXPECT_TRUE(As<ExplainStmt>(s1).job_id.empty());
  Statement s2 = ParseStatement("EXPLAIN CSAS_OUT_1");
  EXPECT_EQ(As<ExplainStmt>(s2).job_id, "CSAS_OUT_1");
  EXPECT_EQ(As<ExplainStmt>(s2).query, nullptr);

  Statement s3 = ParseStatement("TERMINATE ALL");
  EXPECT_EQ(As<JobControlStmt>(s3).action, JobControl::kTerminate);
  EXPECT_TRUE(As<JobControlStmt>(s3).all);
  Statement s4 = ParseStatement("pause q_1");
  EXPECT_EQ(As<JobControlStmt>(s4).action, JobControl::kPause);
  EXPECT_EQ(As<JobControlStmt>(s4).job_id, "Q_1");
  EXPECT_FALSE(As<JobControlStmt>(s4).all);
  Statement s5 = ParseStatement("RESUME 'job-7'");
  EXPECT_EQ(As<JobControlStmt>(s5).action, JobControl::kResume);
  EXPECT_EQ(As<JobControlStmt>(s5).job_id, "job-7");
  EXPECT_THROW(ParseStatement("TERMINATE"), RiffleError);
}

TEST(ParseStatementsTest, SeveralStatementsWithTextAndPositions) {
  std::string text = "SHOW STREAMS;; -- nothing\n  DESCRIBE s;\nSELECT *\n  FROM t";
  auto statements = ParseStatements(text);
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].text, "SHOW STREAMS");
  EXPECT_EQ(statements[0].pos.line, 1);
  EXPECT_EQ(statements[0].pos.column, 1);
  EXPECT_EQ(statements[1].text, "DESCRIBE s");
  EXPECT_EQ(statements[1].pos.line, 2);
  EXPECT_EQ(statements[1].pos.column, 3);
  EXPECT_EQ(statements[2].text, "SELECT *\n  FROM t");
  EXPECT_EQ(statements[2].pos.line, 3);
  // AST positions are relative to the statement's own text.
  const auto& describe = As<DescribeStmt>(statements[1]);
  EXPECT_EQ(describe.name_pos.line, 1);
  EXPECT_EQ(describe.name_pos.column, 10);
  const auto& select = As<SelectStmt>(statements[2]);
  EXPECT_EQ(select.query->from.pos.line, 2);
  EXPECT_EQ(select.query->from.pos.column, 8);
  EXPECT_TRUE(ParseStatements("  ;; -- only a comment\n").empty());
}

TEST(ParseStatementsTest, SingleStatementRules) {
  EXPECT_THROW(ParseStatement(""), RiffleError);
  EXPECT_THROW(ParseStatement("SHOW STREAMS; SHOW TABLES"), RiffleError);
  EXPECT_NO_THROW(ParseStatement("SHOW STREAMS;"));
}

}  // namespace
}  // namespace riffle
