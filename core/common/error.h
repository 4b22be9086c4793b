#pragma once
// The typed family of user-facing errors. Every error a user can cause is one of these; the
// statement boundary (core/engine) catches them and prints `ERROR <kind> at line:col: message`.

#include <stdexcept>
#include <string>
#include <vector>

namespace riffle {

enum class ErrorKind { kParse, kBind, kType, kRuntime, kCatalog, kConnector };

// Returns "parse", "bind", ... as shown after ERROR.
const char* ErrorKindName(ErrorKind kind);

// A position in statement text; line and column are 1-based, 0 means unknown.
struct SourcePos {
  int line = 0;
  int column = 0;
  bool Known() const { return line > 0; }
};

class RiffleError : public std::runtime_error {
 public:
  RiffleError(ErrorKind kind, std::string message, SourcePos pos = {}, std::string suggestion = "")
      : std::runtime_error(message),
        kind_(kind),
        pos_(pos),
        message_(std::move(message)),
        suggestion_(std::move(suggestion)) {}

  ErrorKind kind() const { return kind_; }
  SourcePos pos() const { return pos_; }
  const std::string& message() const { return message_; }
  // A hint such as "did you mean ORDERS?"; empty when there is none.
  const std::string& suggestion() const { return suggestion_; }

 private:
  ErrorKind kind_;
  SourcePos pos_;
  std::string message_;
  std::string suggestion_;
};

[[noreturn]] inline void ThrowParse(SourcePos pos, std::string msg, std::string hint = "") {
  throw RiffleError(ErrorKind::kParse, std::move(msg), pos, std::move(hint));
}
[[noreturn]] inline void ThrowBind(SourcePos pos, std::string msg, std::string hint = "") {
  throw RiffleError(ErrorKind::kBind, std::move(msg), pos, std::move(hint));
}
[[noreturn]] inline void ThrowType(SourcePos pos, std::string msg, std::string hint = "") {
  throw RiffleError(ErrorKind::kType, std::move(msg), pos, std::move(hint));
}
[[noreturn]] inline void ThrowRuntime(std::string msg) {
  throw RiffleError(ErrorKind::kRuntime, std::move(msg));
}

// Formats an error for the terminal: the ERROR line, then (when the position is known) the
// offending line of `statement_text` with a caret under the column, then the suggestion.
std::string FormatError(const RiffleError& error, const std::string& statement_text);

// Returns the candidate closest to `word` (case-insensitive edit distance), or "" when none is
// close enough to be a plausible misspelling or `word` is over 256 characters long (so a
// huge name costs no quadratic edit distance).
std::string ClosestMatch(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace riffle
