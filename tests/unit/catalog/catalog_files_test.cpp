// The catalog on disk: persistence across restarts, file modes, migrations, bad files.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "catalog/catalog.h"
#include "catalog/migrations.h"
#include "catalog/sqlite_db.h"
#include "catalog_test_util.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle {
namespace {

using testing::MakeStream;
using testing::ModeOf;
using testing::TempDir;

// Expects `fn` to throw RiffleError(kCatalog) whose message contains each of `needles`.
template <typename Fn>
void ExpectCatalogError(Fn fn, std::initializer_list<std::string> needles) {
  try {
    fn();
    ADD_FAILURE() << "expected a RiffleError";
  } catch (const RiffleError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kCatalog) << error.message();
    for (const std::string& needle : needles) {
      EXPECT_NE(error.message().find(needle), std::string::npos)
          << "'" << needle << "' not in: " << error.message();
    }
  }
}

TEST(CatalogFilesTest, EverythingSurvivesCloseAndReopen) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  {
    auto catalog = Catalog::Open(path);
    catalog->CreateSource(MakeStream("ORDERS"), false);
    std::string id = catalog->NextJobId("CSAS_S1");
    EXPECT_EQ(id, "CSAS_S1_1");
    catalog->CreateJob(JobInfo{id, "CREATE STREAM S1 AS SELECT * FROM ORDERS;", "S1", "RUNNING", "",
                               "CSAS", 0, 0, {}});
    catalog->SaveCheckpoint(id, {{0, "orders", 0, 99}}, "agg-state");
    catalog->SetMeta("broker.generation", "7");
  }
  auto catalog = Catalog::Open(path);
  std::optional<SourceInfo> orders = catalog->GetSource("ORDERS");
  ASSERT_TRUE(orders.has_value());
  EXPECT_EQ(orders->schema.size(), 3u);
  EXPECT_EQ(orders->properties.at("PARTITIONS"), "4");
  ASSERT_TRUE(catalog->GetJob("CSAS_S1_1").has_value());
  EXPECT_EQ(catalog->GetJob("CSAS_S1_1")->state, "RUNNING");
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("CSAS_S1_1");
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->offsets, (std::vector<PartitionOffset>{{0, "orders", 0, 99}}));
  EXPECT_EQ(cp->state_blob, "agg-state");
  EXPECT_EQ(catalog->GetMeta("broker.generation"), "7");
  EXPECT_FALSE(catalog->GetMeta("absent").has_value());
  // The id counter continues after a restart rather than reusing ids.
  EXPECT_EQ(catalog->NextJobId("CTAS_T"), "CTAS_T_2");
}

TEST(CatalogFilesTest, SetMetaOverwrites) {
  auto catalog = Catalog::Open(":memory:");
  catalog->SetMeta("k", "1");
  catalog->SetMeta("k", "2");
  EXPECT_EQ(catalog->GetMeta("k"), "2");
}

TEST(CatalogFilesTest, CreatesPrivateDirectoriesAndFiles) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("home/.riffle/catalog.db");
  auto catalog = Catalog::Open(path);
  catalog->SaveCheckpoint("J", {{0, "t", 0, 1}}, "x");  // a write, so -wal and -shm exist
  EXPECT_EQ(ModeOf(dir.Path("home")), 0700);
  EXPECT_EQ(ModeOf(dir.Path("home/.riffle")), 0700);
  EXPECT_EQ(ModeOf(path), 0600);
  EXPECT_EQ(ModeOf(path + "-wal"), 0600);
  EXPECT_EQ(ModeOf(path + "-shm"), 0600);
}

TEST(CatalogFilesTest, TightensAnExistingWorldReadableFile) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  Catalog::Open(path).reset();
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto catalog = Catalog::Open(path);
  EXPECT_EQ(ModeOf(path), 0600);
}

TEST(CatalogFilesTest, JournalIsWal) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  auto catalog = Catalog::Open(path);
  sqlite::Database raw = sqlite::Database::Open(path);
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");  // persistent in the file
}

TEST(CatalogFilesTest, MigrationListIsConsecutive) {
  const std::vector<catalog::Migration>& list = catalog::Migrations();
  ASSERT_FALSE(list.empty());
  for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i].version, int64_t(i + 1));
  EXPECT_EQ(catalog::LatestSchemaVersion(), int64_t(list.size()));
  EXPECT_EQ(Catalog::Open(":memory:")->SchemaVersion(), catalog::LatestSchemaVersion());
}

// A catalog written by the first release (schema version 1, frozen here as it shipped) opens,
// keeps its data and gains the later tables.
TEST(CatalogFilesTest, MigratesAVersion1Catalog) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("old.db");
  {
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.Exec(R"sql(
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE sources (name TEXT PRIMARY KEY, is_table INTEGER NOT NULL,
        is_source INTEGER NOT NULL, topic TEXT NOT NULL, key_format TEXT NOT NULL,
        value_format TEXT NOT NULL, timestamp_column TEXT NOT NULL DEFAULT '',
        timestamp_format TEXT NOT NULL DEFAULT '', sql TEXT NOT NULL,
        created_by_job TEXT NOT NULL DEFAULT '', created_at_ms INTEGER NOT NULL);
      CREATE TABLE source_columns (
        source_name TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
        position INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('key', 'value', 'header')),
        header_key TEXT NOT NULL DEFAULT '', PRIMARY KEY (source_name, position)) WITHOUT ROWID;
      CREATE TABLE source_properties (
        source_name TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
        key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (source_name, key)) WITHOUT ROWID;
      CREATE TABLE jobs (id TEXT PRIMARY KEY, sql TEXT NOT NULL, sink TEXT NOT NULL,
        state TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL);
      INSERT INTO sources VALUES ('OLD', 1, 0, 'old', 'KAFKA', 'JSON', '', '',
                                  'CREATE TABLE OLD ...', '', 5);
      INSERT INTO source_columns VALUES ('OLD', 0, 'ID', 'STRING', 'key', '');
      INSERT INTO source_columns VALUES ('OLD', 1, 'V', 'ARRAY<INT>', 'value', '');
      INSERT INTO source_properties VALUES ('OLD', 'KAFKA_TOPIC', 'old');
      INSERT INTO jobs VALUES ('CTAS_OLD_4', 'CREATE TABLE OLD AS ...', 'OLD', 'RUNNING', '',
                               'CTAS', 5, 5);
      INSERT INTO meta VALUES ('riffle.job_id_seq', '4');
      PRAGMA user_version = 1;
    )sql");
  }
  auto catalog = Catalog::Open(path);
  EXPECT_EQ(catalog->SchemaVersion(), catalog::LatestSchemaVersion());
  std::optional<SourceInfo> old = catalog->GetSource("OLD");
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(old->is_table);
  ASSERT_EQ(old->schema.size(), 2u);
  EXPECT_TRUE(TypeEquals(old->schema[1].type, Type::Array(Type::Int())));
  EXPECT_EQ(old->schema[0].role, ColumnRole::kKey);
  EXPECT_EQ(catalog->GetJob("CTAS_OLD_4")->state, "RUNNING");
  EXPECT_EQ(catalog->NextJobId("CSAS_X"), "CSAS_X_5");
  catalog->SaveCheckpoint("CTAS_OLD_4", {{0, "old", 0, 3}}, "s");  // version-2 tables exist
  EXPECT_EQ(catalog->LoadCheckpoint("CTAS_OLD_4")->offsets.size(), 1u);
}

// Undoes schema version 6: the offsets table as versions 2 to 5 had it, one position per job,
// topic and partition, keeping the rows' offsets.
constexpr const char* kOffsetsWithoutInput = R"sql(
  CREATE TABLE offsets_v5 (job_id TEXT NOT NULL, topic TEXT NOT NULL,
    partition INTEGER NOT NULL, kafka_offset INTEGER NOT NULL,
    PRIMARY KEY (job_id, topic, partition)) WITHOUT ROWID;
  INSERT INTO offsets_v5 SELECT job_id, topic, partition, max(kafka_offset) FROM offsets
    GROUP BY job_id, topic, partition;
  DROP TABLE offsets;
  ALTER TABLE offsets_v5 RENAME TO offsets;
)sql";

// Version 5 (one position per topic for the whole job): the migration to version 6 keeps each
// position as every input's over that topic, which is how jobs restored them then; the job's
// next checkpoint replaces it with its inputs' own.
TEST(CatalogFilesTest, MigratesAVersion5JobWideOffsets) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("v5.db");
  {
    auto catalog = Catalog::Open(path);
    catalog->SaveCheckpoint("J", {{0, "orders", 0, 10}, {0, "orders", 1, 20}, {0, "users", 0, 4}},
                            "s");
  }
  {
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.Exec(kOffsetsWithoutInput);
    raw.SetUserVersion(5);
  }
  auto catalog = Catalog::Open(path);
  EXPECT_EQ(catalog->SchemaVersion(), catalog::LatestSchemaVersion());
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("J");
  ASSERT_TRUE(cp.has_value());
  EXPECT_EQ(cp->state_blob, "s");
  EXPECT_EQ(cp->offsets, (std::vector<PartitionOffset>{{kAnyInput, "orders", 0, 10},
                                                        {kAnyInput, "orders", 1, 20},
                                                        {kAnyInput, "users", 0, 4}}));
  const std::map<int32_t, int64_t> orders = {{0, 10}, {1, 20}};
  EXPECT_EQ(cp->PositionsOf(0, "orders"), orders);
  EXPECT_EQ(cp->PositionsOf(1, "orders"), orders);  // a second input over the same topic
  EXPECT_EQ(cp->PositionsOf(2, "users"), (std::map<int32_t, int64_t>{{0, 4}}));

  // The next checkpoint lists every input's own positions in `orders`: the job-wide ones go.
  catalog->SaveCheckpoint("J", {{0, "orders", 0, 11}, {0, "orders", 1, 20},
                                {1, "orders", 0, 15}, {1, "orders", 1, 21}},
                          "s2");
  cp = catalog->LoadCheckpoint("J");
  EXPECT_EQ(cp->offsets, (std::vector<PartitionOffset>{{kAnyInput, "users", 0, 4},
                                                        {0, "orders", 0, 11},
                                                        {0, "orders", 1, 20},
                                                        {1, "orders", 0, 15},
                                                        {1, "orders", 1, 21}}));
}

// Version 4 (before keyed state): a job's blob checkpoint survives the migration to version 5
// and loads as a blob, so the job restores from it.
TEST(CatalogFilesTest, MigratesAVersion4BlobCheckpoint) {
  testing::TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("v4.db");
  {
    auto catalog = Catalog::Open(path);
    catalog->SaveCheckpoint("CTAS_OLD_1", {{0, "old", 0, 7}}, std::string("\x01blob", 5));
  }
  {
    // Back to version 4: undo versions 6 and 5 (SQLite 3.35+ drops columns).
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.Exec(kOffsetsWithoutInput);
    raw.Exec("DROP TABLE state_entries; ALTER TABLE checkpoints DROP COLUMN keyed;");
    raw.SetUserVersion(4);
  }
  auto catalog = Catalog::Open(path);
  EXPECT_EQ(catalog->SchemaVersion(), catalog::LatestSchemaVersion());
  std::optional<Checkpoint> cp = catalog->LoadCheckpoint("CTAS_OLD_1");
  ASSERT_TRUE(cp.has_value());
  EXPECT_FALSE(cp->keyed);
  EXPECT_EQ(cp->state_blob, std::string("\x01blob", 5));
  EXPECT_EQ(cp->offsets[0].offset, 7);
}

// Version 0: an SQLite file riffle never touched (user_version 0) gets every migration and
// keeps whatever else it held.
TEST(CatalogFilesTest, MigratesAVersion0Database) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("plain.db");
  {
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.Exec("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('keep me')");
  }
  auto catalog = Catalog::Open(path);
  EXPECT_EQ(catalog->SchemaVersion(), catalog::LatestSchemaVersion());
  catalog->CreateSource(MakeStream("S"), false);
  catalog.reset();
  sqlite::Database raw = sqlite::Database::Open(path);
  EXPECT_EQ(raw.QueryText("SELECT t FROM notes"), "keep me");
}

TEST(CatalogFilesTest, ReopeningDoesNotReapplyMigrations) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  Catalog::Open(path)->CreateSource(MakeStream("S"), false);
  auto catalog = Catalog::Open(path);  // would fail with "table already exists" otherwise
  EXPECT_EQ(catalog->ListSources().size(), 1u);
}

TEST(CatalogFilesTest, NewerSchemaVersionIsRefused) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("future.db");
  {
    sqlite::Database raw = sqlite::Database::Open(path);
    raw.SetUserVersion(catalog::LatestSchemaVersion() + 1);
  }
  ExpectCatalogError([&] { Catalog::Open(path); }, {path, "newer"});
}

TEST(CatalogFilesTest, NonSqliteFileIsAnErrorNotACrash) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("notes.txt");
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) out << "this is not a database, just some text\n";
  }
  ExpectCatalogError([&] { Catalog::Open(path); }, {path, "not a database"});
}

TEST(CatalogFilesTest, DamagedDatabaseIsAnErrorNotACrash) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  std::string path = dir.Path("catalog.db");
  {
    auto catalog = Catalog::Open(path);
    for (int i = 0; i < 20; ++i) catalog->CreateSource(MakeStream(StrCat("S", std::to_string(i))), false);
  }  // the last connection closing folds the WAL back into the main file
  {
    // Keep the 100-byte header, scribble over the rest of the first pages (the schema table).
    int fd = ::open(path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    std::string junk(8000, '\x5a');
    ASSERT_EQ(::pwrite(fd, junk.data(), junk.size(), 100), ssize_t(junk.size()));
    ::close(fd);
  }
  ExpectCatalogError(
      [&] {
        auto catalog = Catalog::Open(path);
        catalog->ListSources();
      },
      {path});
}

TEST(CatalogFilesTest, UnusablePathsAreErrors) {
  TempDir dir;
  ASSERT_TRUE(dir.ok());
  ExpectCatalogError([&] { Catalog::Open(""); }, {"empty"});
  ExpectCatalogError([&] { Catalog::Open(dir.Path("")); }, {});  // a directory
  {
    std::ofstream out(dir.Path("file"));
    out << "x";
  }
  ExpectCatalogError([&] { Catalog::Open(dir.Path("file/catalog.db")); },
                     {dir.Path("file/catalog.db")});
}

}  // namespace
}  // namespace riffle
