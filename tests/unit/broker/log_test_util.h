#pragma once
// Shared pieces of the broker log tests: a temporary directory per test and file helpers.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "connectors/broker/log/log_store.h"
#include "tests/unit/temp_dir.h"

namespace riffle::broker::testing {

using riffle::testing::TempDir;

inline std::vector<std::string> SegmentFiles(const std::string& partition_dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(partition_dir)) {
    if (e.path().extension() == ".log") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

inline void AppendToFile(const std::string& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

inline void PatchFile(const std::string& path, off_t at, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), at), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

// Runs `fn` in a child process that then exits without closing anything: what kill -9 leaves.
template <typename Fn>
void RunAndKill(Fn&& fn) {
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    fn();
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace riffle::broker::testing
