#include "catalog/sqlite_db.h"

#include <gtest/gtest.h>

#include "core/common/error.h"

namespace riffle::sqlite {
namespace {

TEST(SqliteDbTest, BindStepAndColumnsRoundTrip) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)");
  const std::string blob("a\0b\xff", 4);
  Statement insert = db.Prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
  insert.Bind(1, int64_t{-9007199254740993}).Bind(2, "héllo").BindBlob(3, blob).BindNull(4).Run();

  Statement select = db.Prepare("SELECT i, s, b, n FROM t");
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.ColumnInt64(0), -9007199254740993);
  EXPECT_EQ(select.ColumnText(1), "héllo");
  EXPECT_EQ(select.ColumnBlob(2), blob);
  EXPECT_TRUE(select.ColumnIsNull(3));
  EXPECT_EQ(select.ColumnText(3), "");
  EXPECT_FALSE(select.ColumnIsNull(0));
  EXPECT_FALSE(select.Step());
}

TEST(SqliteDbTest, EmptyBlobIsNotNull) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (b BLOB NOT NULL)");
  db.Prepare("INSERT INTO t VALUES (?1)").BindBlob(1, "").Run();
  Statement select = db.Prepare("SELECT b, typeof(b) FROM t");
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.ColumnBlob(0), "");
  EXPECT_EQ(select.ColumnText(1), "blob");
}

TEST(SqliteDbTest, ResetAllowsReuse) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (i INTEGER)");
  Statement insert = db.Prepare("INSERT INTO t VALUES (?1)");
  for (int64_t i = 1; i <= 3; ++i) {
    insert.Reset();
    insert.Bind(1, i).Run();
  }
  EXPECT_EQ(db.QueryInt64("SELECT sum(i) FROM t"), 6);
  EXPECT_EQ(db.Changes(), 1);
}

TEST(SqliteDbTest, TransactionRollsBackUnlessCommitted) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (i INTEGER)");
  {
    Transaction tx(db);
    db.Exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM t"), 0);
  {
    Transaction tx(db, Transaction::Mode::kDeferred);
    db.Exec("INSERT INTO t VALUES (2)");
    tx.Commit();
  }
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM t"), 1);
}

TEST(SqliteDbTest, TransactionRollsBackWhenAnExceptionUnwinds) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (i INTEGER PRIMARY KEY)");
  EXPECT_THROW(
      {
        Transaction tx(db);
        db.Exec("INSERT INTO t VALUES (1)");
        db.Exec("INSERT INTO t VALUES (1)");  // constraint violation
        tx.Commit();
      },
      RiffleError);
  EXPECT_EQ(db.QueryInt64("SELECT count(*) FROM t"), 0);
  // The connection is usable again: no transaction was left open.
  Transaction tx(db);
  tx.Commit();
}

TEST(SqliteDbTest, ErrorsAreCatalogErrorsNamingThePath) {
  Database db = Database::Open(":memory:");
  try {
    db.Prepare("SELEC nonsense");
    FAIL() << "expected an error";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kCatalog);
    EXPECT_NE(error.message().find(":memory:"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("syntax error"), std::string::npos) << error.message();
  }
}

TEST(SqliteDbTest, ConstraintErrorDoesNotEchoBoundValues) {
  Database db = Database::Open(":memory:");
  db.Exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  db.Prepare("INSERT INTO t VALUES (?1)").Bind(1, "hunter2").Run();
  try {
    db.Prepare("INSERT INTO t VALUES (?1)").Bind(1, "hunter2").Run();
    FAIL() << "expected an error";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.message().find("hunter2"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("UNIQUE"), std::string::npos) << error.message();
  }
}

TEST(SqliteDbTest, UserVersionRoundTrips) {
  Database db = Database::Open(":memory:");
  EXPECT_EQ(db.UserVersion(), 0);
  db.SetUserVersion(7);
  EXPECT_EQ(db.UserVersion(), 7);
}

}  // namespace
}  // namespace riffle::sqlite
