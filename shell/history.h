#pragma once
// The REPL's persistent history (~/.riffle/history). One entry per line of the file, so a
// statement typed over several lines stays one entry: inside an entry, '\' is stored as "\\",
// a newline as "\n" and a carriage return as "\r". The directory is created 0700 and the file
// 0600, because statements can name hosts and topics. Entries that name a secret property
// (core/common/secrets.h: a password, a key, a token, sasl.jaas.config, ...) or give one a value
// are never written to the file.

#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

std::string EncodeHistoryEntry(std::string_view entry);
std::string DecodeHistoryEntry(std::string_view line);

// True when `entry` may be written to the history file: it names no secret property
// (NamesSecretProperty) and gives none a value (RedactSql leaves it unchanged).
bool MayPersistHistoryEntry(std::string_view entry);

class HistoryFile {
 public:
  // `path` is the history file; at most `max_entries` are kept (older ones are dropped on Load).
  explicit HistoryFile(std::string path, size_t max_entries = 2000)
      : path_(std::move(path)), max_entries_(max_entries) {}

  // The entries in the file, oldest first; empty when the file does not exist or cannot be
  // read. Rewrites the file when it holds more than max_entries. Never throws.
  std::vector<std::string> Load();

  // Appends `entry` unless it is empty, repeats the last appended/loaded entry, or fails
  // MayPersistHistoryEntry. Creates the directory (0700) and file (0600) when missing.
  // Returns false on I/O failure (history is a convenience: callers carry on). Never throws.
  bool Append(const std::string& entry);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  size_t max_entries_;
  std::string last_;
};

}  // namespace riffle::shell
