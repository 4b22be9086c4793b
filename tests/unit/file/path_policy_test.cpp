#include "connectors/file/path_policy.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/common/error.h"
#include "tests/unit/file/file_test_util.h"

namespace riffle::testing {
namespace {

namespace fs = std::filesystem;

class PathPolicyTest : public TempDirTest {
 protected:
  std::string Canonical(const std::string& p) { return fs::weakly_canonical(p).string(); }
  std::string ErrorOf(const std::string& path, const PathPolicy& policy) {
    try {
      ResolveDataPath(path, policy);
    } catch (const RiffleError& e) {
      return e.message();
    }
    return "";
  }
};

TEST_F(PathPolicyTest, RelativePathsResolveInTheDataDirectory) {
  PathPolicy policy{dir_, {}};
  EXPECT_EQ(ResolveDataPath("orders.csv", policy), Canonical(Path("orders.csv")));
  EXPECT_EQ(ResolveDataPath("sub/../orders.csv", policy), Canonical(Path("orders.csv")));
  EXPECT_EQ(ResolveDataPath(Path("x.json"), policy), Canonical(Path("x.json")));
}

TEST_F(PathPolicyTest, EscapesAreRefused) {
  fs::create_directory(Path("data"));
  PathPolicy policy{Path("data"), {}};
  EXPECT_NE(ErrorOf("../secret.csv", policy).find("outside the data directory"),
            std::string::npos);
  EXPECT_NE(ErrorOf("/etc/passwd", policy).find("outside"), std::string::npos);
  EXPECT_NE(ErrorOf("", policy).find("needs a PATH"), std::string::npos);
}

TEST_F(PathPolicyTest, SymlinksOutOfTheDirectoryAreRefused) {
  fs::create_directory(Path("data"));
  Write("secret.csv", "x\n");
  fs::create_symlink(Path("secret.csv"), Path("data/link.csv"));
  fs::create_directory_symlink(dir_, Path("data/up"));
  PathPolicy policy{Path("data"), {}};
  EXPECT_NE(ErrorOf("link.csv", policy).find("symbolic link"), std::string::npos);
  EXPECT_NE(ErrorOf("up/secret.csv", policy).find("symbolic link"), std::string::npos);
}

TEST_F(PathPolicyTest, AllowPathWidensTheDirectories) {
  fs::create_directory(Path("data"));
  fs::create_directory(Path("shared"));
  PathPolicy policy{Path("data"), {Path("shared")}};
  EXPECT_EQ(ResolveDataPath(Path("shared/a.csv"), policy), Canonical(Path("shared/a.csv")));
  EXPECT_EQ(ResolveDataPath("../shared/a.csv", policy), Canonical(Path("shared/a.csv")));
  // A sibling whose name merely starts with the allowed one is not inside it.
  EXPECT_FALSE(ErrorOf(Path("shared2/a.csv"), policy).empty());
}

}  // namespace
}  // namespace riffle::testing
