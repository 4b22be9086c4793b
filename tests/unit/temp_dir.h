#pragma once
// A private directory per test. ctest runs tests in parallel, each in its own process, so a fixed
// name under $TMPDIR is shared by tests that run at the same time: one removes what another reads.
// mkdtemp gives every test its own directory.

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace riffle::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "riffle-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (tag + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  std::string Path(const std::string& relative) const { return path_ + "/" + relative; }

 private:
  std::string path_;
};

}  // namespace riffle::testing
