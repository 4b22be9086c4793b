#include "shell/history.h"
#include "shell/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace riffle::shell {
namespace {

namespace fs = std::filesystem;

class HistoryFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("riffle_history_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / ".riffle" / "history").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string FileText() {
    std::ifstream in(path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  fs::path dir_;
  std::string path_;
};

TEST(HistoryEncodingTest, RoundTripsNewlinesAndBackslashes) {
  const std::string entry = "SELECT 'a\\b',\n  x\r\nFROM s;";
  std::string encoded = EncodeHistoryEntry(entry);
  EXPECT_EQ(encoded.find('\n'), std::string::npos);
  EXPECT_EQ(encoded, "SELECT 'a\\\\b',\\n  x\\r\\nFROM s;");
  EXPECT_EQ(DecodeHistoryEntry(encoded), entry);
  EXPECT_EQ(DecodeHistoryEntry("trailing\\"), "trailing\\");
}

TEST(HistoryEncodingTest, SecretsAreNotPersisted) {
  EXPECT_TRUE(MayPersistHistoryEntry("SELECT * FROM orders;"));
  EXPECT_FALSE(MayPersistHistoryEntry("CREATE SOURCE CONNECTOR c WITH ('Password'='x');"));
  EXPECT_FALSE(MayPersistHistoryEntry("SET 'sasl.jaas.config'='...';"));
  EXPECT_FALSE(MayPersistHistoryEntry("WITH (client_secret='x')"));
  // The shared definition (core/common/secrets.h): librdkafka's sensitive properties too.
  EXPECT_FALSE(MayPersistHistoryEntry("SET 'kafka.ssl.key.pem'='-----BEGIN...';"));
  EXPECT_FALSE(MayPersistHistoryEntry("SET 'kafka.sasl.oauthbearer.config'='principal=x';"));
  EXPECT_FALSE(MayPersistHistoryEntry("SET 'kafka.sasl.password' 'typo';"));
  EXPECT_TRUE(MayPersistHistoryEntry("SET 'kafka.client.id'='riffle';"));
}

TEST_F(HistoryFileTest, MultiLineEntryIsOneLineOnDiskAndLoadsWhole) {
  HistoryFile history(path_);
  EXPECT_TRUE(history.Load().empty());  // no file yet
  ASSERT_TRUE(history.Append("SELECT id,\n  name\nFROM orders EMIT CHANGES;"));
  ASSERT_TRUE(history.Append("SHOW STREAMS;"));
  EXPECT_EQ(FileText(), "SELECT id,\\n  name\\nFROM orders EMIT CHANGES;\nSHOW STREAMS;\n");

  HistoryFile reopened(path_);
  EXPECT_EQ(
      reopened.Load(),
      (std::vector<std::string>{"SELECT id,\n  name\nFROM orders EMIT CHANGES;", "SHOW STREAMS;"}));
}

TEST_F(HistoryFileTest, CreatesPrivateDirectoryAndFile) {
  HistoryFile history(path_);
  ASSERT_TRUE(history.Append("SHOW TABLES;"));
  struct stat st = {};
  ASSERT_EQ(stat((dir_ / ".riffle").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// Point 10 of issue 15: a directory and file made by an older riffle (0755, 0644) are tightened
// as new ones are made.
TEST_F(HistoryFileTest, OlderWideDirectoryAndFileAreTightened) {
  fs::create_directories(dir_ / ".riffle");
  chmod((dir_ / ".riffle").c_str(), 0755);
  std::ofstream(path_) << "SHOW TABLES;\n";
  chmod(path_.c_str(), 0644);
  TightenStateDir((dir_ / ".riffle").string());
  struct stat st = {};
  ASSERT_EQ(stat((dir_ / ".riffle").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Appending tightens a wide history file too (one at another path).
  chmod(path_.c_str(), 0644);
  HistoryFile history(path_);
  ASSERT_TRUE(history.Append("SHOW STREAMS;"));
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // A symbolic link is left alone, and so is what it points to.
  fs::create_directories(dir_ / "elsewhere");
  chmod((dir_ / "elsewhere").c_str(), 0755);
  fs::create_directory_symlink(dir_ / "elsewhere", dir_ / "linked");
  TightenStateDir((dir_ / "linked").string());
  ASSERT_EQ(stat((dir_ / "elsewhere").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0755u);
  TightenStateDir((dir_ / "missing").string());  // no directory: nothing to do, no throw
}

TEST_F(HistoryFileTest, SkipsEmptyRepeatedAndSecretEntries) {
  HistoryFile history(path_);
  EXPECT_TRUE(history.Append(""));
  EXPECT_TRUE(history.Append("SHOW TABLES;"));
  EXPECT_TRUE(history.Append("SHOW TABLES;"));
  EXPECT_TRUE(history.Append("SET 'ssl.key.password'='hunter2';"));
  EXPECT_EQ(FileText(), "SHOW TABLES;\n");
}

TEST_F(HistoryFileTest, LoadKeepsOnlyTheNewestEntries) {
  HistoryFile writer(path_, 3);
  for (int i = 0; i < 5; ++i) writer.Append("SELECT " + std::to_string(i) + ";");
  HistoryFile reader(path_, 3);
  EXPECT_EQ(reader.Load(), (std::vector<std::string>{"SELECT 2;", "SELECT 3;", "SELECT 4;"}));
  EXPECT_EQ(FileText(), "SELECT 2;\nSELECT 3;\nSELECT 4;\n");
}

TEST_F(HistoryFileTest, UnwritableLocationReportsFailureWithoutThrowing) {
  HistoryFile history("/nonexistent-dir/deeper/history");
  EXPECT_FALSE(history.Append("SHOW TABLES;"));
}

}  // namespace
}  // namespace riffle::shell
