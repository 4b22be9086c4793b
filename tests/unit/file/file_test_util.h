#pragma once
// A fresh temporary directory per test, and small helpers to write files into it.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace riffle::testing {

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/riffle-file-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string Write(const std::string& name, const std::string& text, bool append = false) {
    std::ofstream out(Path(name), append ? std::ios::app : std::ios::trunc);
    out << text;
    return Path(name);
  }
  std::string WriteGzip(const std::string& name, const std::string& text) {
    gzFile gz = gzopen(Path(name).c_str(), "wb");
    gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
    gzclose(gz);
    return Path(name);
  }

  std::string dir_;
};

}  // namespace riffle::testing
