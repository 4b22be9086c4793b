#include "connectors/file/data_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/common/error.h"
#include "tests/unit/file/file_test_util.h"

namespace riffle::testing {
namespace {

namespace fs = std::filesystem;

// Every test runs twice: with openat2 (RESOLVE_BENEATH) and with the O_NOFOLLOW walk that
// kernels without openat2 get.
class DataFileTest : public TempDirTest, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    UseOpenat2ForTesting(GetParam());
    fs::create_directory(Path("data"));
    fs::create_directory(Path("outside"));
    policy_.data_dir = Path("data");
  }
  void TearDown() override {
    UseOpenat2ForTesting(true);
    TempDirTest::TearDown();
  }
  // The error OpenDataFile throws, "" when it does not.
  std::string ErrorOf(const std::string& path, DataFileAccess access) {
    try {
      OpenDataFile(path, policy_, access);
    } catch (const RiffleError& e) {
      return e.message();
    }
    return "";
  }
  static std::string ReadFd(const FileDescriptor& fd) {
    std::string text, error;
    EXPECT_TRUE(ReadAll(fd.get(), &text, &error)) << error;
    return text;
  }
  bool openat2() const { return GetParam(); }

  PathPolicy policy_;
};

INSTANTIATE_TEST_SUITE_P(Openat2AndWalk, DataFileTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "openat2" : "walk"; });

TEST_P(DataFileTest, ReadsAndWritesRegularFilesBeneathTheDataDirectory) {
  fs::create_directory(Path("data/sub"));
  Write("data/sub/in.txt", "hello\n");
  FileDescriptor in = OpenDataFile(Path("data/sub/in.txt"), policy_, DataFileAccess::kRead);
  ASSERT_TRUE(in.valid());
  EXPECT_EQ(ReadFd(in), "hello\n");
  EXPECT_FALSE(OpenDataFile(Path("data/nope.txt"), policy_, DataFileAccess::kRead).valid());

  FileDescriptor out = OpenDataFile(Path("data/out.txt"), policy_, DataFileAccess::kAppend);
  ASSERT_TRUE(out.valid());
  ASSERT_EQ(::write(out.get(), "x\n", 2), 2);
  FileDescriptor again = OpenDataFile(Path("data/out.txt"), policy_, DataFileAccess::kAppend);
  ASSERT_EQ(::write(again.get(), "y\n", 2), 2);
  EXPECT_EQ(ReadFd(OpenDataFile(Path("data/out.txt"), policy_, DataFileAccess::kRead)), "x\ny\n");
  OpenDataFile(Path("data/out.txt"), policy_, DataFileAccess::kReplace);
  EXPECT_EQ(fs::file_size(Path("data/out.txt")), 0u);
}

TEST_P(DataFileTest, PathsOutsideEveryAllowedDirectoryAreRefused) {
  Write("outside/secret.txt", "s\n");
  EXPECT_NE(
      ErrorOf(Path("outside/secret.txt"), DataFileAccess::kRead).find("outside the data directory"),
      std::string::npos);
  policy_.allowed.push_back(Path("outside"));
  EXPECT_TRUE(OpenDataFile(Path("outside/secret.txt"), policy_, DataFileAccess::kRead).valid());
}

TEST_P(DataFileTest, ADanglingLinkNeverCreatesItsTarget) {
  // The attack: a link in the data directory to a file that does not exist yet, anywhere.
  fs::create_symlink(Path("outside/authorized_keys"), Path("data/out.json"));
  for (DataFileAccess access : {DataFileAccess::kAppend, DataFileAccess::kReplace}) {
    std::string error = ErrorOf(Path("data/out.json"), access);
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << error;
  }
  EXPECT_FALSE(fs::exists(Path("outside/authorized_keys")));
  // Even a relative one that stays inside: a sink does not write through links.
  fs::create_symlink("new.json", Path("data/rel.json"));
  EXPECT_NE(ErrorOf(Path("data/rel.json"), DataFileAccess::kAppend).find("symbolic link"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(Path("data/new.json")));
}

TEST_P(DataFileTest, LinksOutOfTheDirectoryAreNotRead) {
  Write("outside/secret.txt", "s\n");
  fs::create_symlink(Path("outside/secret.txt"), Path("data/abs.txt"));
  fs::create_symlink("../outside/secret.txt", Path("data/rel.txt"));
  fs::create_directory_symlink(Path("outside"), Path("data/dir"));
  for (const char* name : {"data/abs.txt", "data/rel.txt", "data/dir/secret.txt"}) {
    std::string error = ErrorOf(Path(name), DataFileAccess::kRead);
    EXPECT_NE(error.find("symbolic link"), std::string::npos) << name << ": " << error;
    struct stat st {};
    EXPECT_THROW(StatDataFile(Path(name), policy_, &st), RiffleError) << name;
  }
  // A write through a directory link out of the data directory is refused too.
  EXPECT_NE(ErrorOf(Path("data/dir/new.txt"), DataFileAccess::kAppend).find("symbolic link"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(Path("outside/new.txt")));
}

TEST_P(DataFileTest, LinksInsideTheDirectoryAreReadWithOpenat2) {
  Write("data/real.txt", "r\n");
  fs::create_symlink("real.txt", Path("data/link.txt"));
  if (openat2()) {
    EXPECT_EQ(ReadFd(OpenDataFile(Path("data/link.txt"), policy_, DataFileAccess::kRead)), "r\n");
  } else {
    // Without openat2 a link cannot be checked at open time: it is not followed.
    EXPECT_NE(ErrorOf(Path("data/link.txt"), DataFileAccess::kRead).find("not followed"),
              std::string::npos);
  }
}

TEST_P(DataFileTest, FifosAndDirectoriesAreRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo(Path("data/pipe").c_str(), 0600), 0);
  for (DataFileAccess access :
       {DataFileAccess::kRead, DataFileAccess::kAppend, DataFileAccess::kReplace}) {
    std::string error = ErrorOf(Path("data/pipe"), access);
    EXPECT_NE(error.find("FIFO"), std::string::npos) << error;
    EXPECT_NE(error.find(Path("data/pipe")), std::string::npos) << error;
  }
  struct stat st {};
  ASSERT_TRUE(StatDataFile(Path("data/pipe"), policy_, &st));  // stat does not open it
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  fs::create_directory(Path("data/dir"));
  EXPECT_NE(ErrorOf(Path("data/dir"), DataFileAccess::kRead).find("directory"), std::string::npos);
  EXPECT_NE(ErrorOf(Path("data/dir"), DataFileAccess::kAppend).find("directory"),
            std::string::npos);
}

TEST_P(DataFileTest, OpenRegularFileRefusesAFifo) {
  ASSERT_EQ(::mkfifo(Path("pipe.sql").c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(OpenRegularFile(Path("pipe.sql"), &error).valid());
  EXPECT_NE(error.find("FIFO"), std::string::npos) << error;
  Write("ok.sql", "SHOW STREAMS;\n");
  FileDescriptor fd = OpenRegularFile(Path("ok.sql"), &error);
  ASSERT_TRUE(fd.valid());
  EXPECT_EQ(ReadFd(fd), "SHOW STREAMS;\n");
}

}  // namespace
}  // namespace riffle::testing
