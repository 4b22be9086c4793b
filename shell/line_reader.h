#pragma once
// Where the statement loop gets its input lines: the terminal (readline) or a file descriptor
// (a script file or piped stdin).

#include <string>

namespace riffle::shell {

struct ReadResult {
  enum class Status {
    kLine,         // `line` holds one line without its terminator
    kEof,          // no more input (Ctrl-D at the prompt, end of file)
    kInterrupted,  // Ctrl-C while waiting for input
  };
  Status status = Status::kEof;
  std::string line;
};

class LineReader {
 public:
  virtual ~LineReader() = default;
  // Reads one line, showing `prompt` when the reader is interactive.
  virtual ReadResult Read(const std::string& prompt) = 0;
  // Records a completed entry for recall (Up arrow); a no-op for non-interactive readers.
  virtual void AddHistory(const std::string& entry) = 0;
  // True when reading from a person at a terminal.
  virtual bool interactive() const = 0;
};

}  // namespace riffle::shell
