#include "shell/history.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "core/common/secrets.h"

namespace riffle::shell {
namespace {

bool MakeParentDir(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return true;
  std::string dir = path.substr(0, slash);
  if (mkdir(dir.c_str(), 0700) == 0) return true;
  return errno == EEXIST;
}

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string EncodeHistoryEntry(std::string_view entry) {
  std::string out;
  out.reserve(entry.size());
  for (char c : entry) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

std::string DecodeHistoryEntry(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '\\' || i + 1 == line.size()) {
      out += line[i];
      continue;
    }
    char next = line[++i];
    out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
  }
  return out;
}

bool MayPersistHistoryEntry(std::string_view entry) {
  return !NamesSecretProperty(entry) && RedactSql(entry) == entry;
}

std::vector<std::string> HistoryFile::Load() {
  std::vector<std::string> entries;
  std::ifstream in(path_);
  if (!in) return entries;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) entries.push_back(DecodeHistoryEntry(line));
  }
  if (entries.size() > max_entries_) {
    entries.erase(entries.begin(), entries.end() - static_cast<ptrdiff_t>(max_entries_));
    std::string data;
    for (const std::string& e : entries) data += EncodeHistoryEntry(e) + "\n";
    std::string tmp = path_ + ".tmp";
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
      bool ok = WriteAll(fd, data);
      close(fd);
      if (!ok || rename(tmp.c_str(), path_.c_str()) != 0) unlink(tmp.c_str());
    }
  }
  if (!entries.empty()) last_ = entries.back();
  return entries;
}

bool HistoryFile::Append(const std::string& entry) {
  if (entry.empty() || entry == last_ || !MayPersistHistoryEntry(entry)) return true;
  if (!MakeParentDir(path_)) return false;
  int fd = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  // A file written by an older riffle may be 0644.
  struct stat st {};
  if (fstat(fd, &st) == 0 && st.st_uid == geteuid() && (st.st_mode & 0777) != 0600) {
    fchmod(fd, 0600);
  }
  bool ok = WriteAll(fd, EncodeHistoryEntry(entry) + "\n");
  close(fd);
  if (ok) last_ = entry;
  return ok;
}

}  // namespace riffle::shell
