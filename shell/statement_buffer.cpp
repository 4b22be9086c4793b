#include "shell/statement_buffer.h"

#include <cctype>

#include "core/common/text.h"

namespace riffle::shell {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

FeedResult StatementBuffer::AddLine(std::string_view line) {
  FeedResult result;
  if (!typed_.empty()) typed_ += '\n';
  typed_ += line;

  // The newline ends a trailing -- comment, so a comment-only line leaves nothing pending.
  std::string input(line);
  input += '\n';
  for (SplitStatement& s : splitter_.Feed(input)) {
    result.statements.push_back(std::move(s.text) + ";");
  }
  if (!result.statements.empty()) completed_since_empty_ = true;

  if (empty()) {
    if (completed_since_empty_) result.history_entry = std::string(Trim(typed_));
    typed_.clear();
    completed_since_empty_ = false;
  }
  return result;
}

std::string StatementBuffer::TakeRemainder() {
  splitter_.Finish();
  std::string rest(Trim(splitter_.remainder()));
  Clear();
  return rest;
}

void StatementBuffer::Clear() {
  splitter_.Clear();
  typed_.clear();
  completed_since_empty_ = false;
}

bool IsExitCommand(std::string_view line) {
  std::string_view s = Trim(line);
  if (!s.empty() && s.back() == ';') s = Trim(s.substr(0, s.size() - 1));
  return AsciiIEquals(s, "exit") || AsciiIEquals(s, "quit");
}

}  // namespace riffle::shell
