#include "shell/step_session.h"

#include <fstream>
#include <sstream>

#include "shell/dot_commands.h"
#include "shell/statement_buffer.h"

namespace riffle::shell {
namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

// Adds one line to a comment block, keeping one blank line between paragraphs and none first.
void AddCommentLine(std::string* comment, std::string_view line) {
  if (line.empty()) {
    if (!comment->empty() && comment->back() != '\n') *comment += '\n';
    return;
  }
  if (!comment->empty()) *comment += '\n';
  *comment += line;
}

// A comment ends without a trailing blank line.
std::string Finished(std::string comment) {
  while (!comment.empty() && comment.back() == '\n') comment.pop_back();
  return comment;
}

}  // namespace

std::vector<LessonStep> SplitLessonSteps(std::string_view text) {
  std::vector<LessonStep> steps;
  StatementBuffer buffer;
  std::string comment;            // comment lines since the last statement
  std::string statement_comment;  // the comment of the statement being read
  int statement_line = 0;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    start = end + 1;
    if (end == text.size() && line.empty()) break;
    std::string_view trimmed = Trim(line);
    if (buffer.empty()) {
      if (trimmed.empty() || trimmed.substr(0, 2) == "--") {
        AddCommentLine(&comment, trimmed);
        continue;
      }
      if (IsDotCommand(line)) {
        steps.push_back({Finished(std::move(comment)), std::string(trimmed), line_number});
        comment.clear();
        continue;
      }
      statement_comment = Finished(std::move(comment));
      comment.clear();
      statement_line = line_number;
    }
    FeedResult fed = buffer.AddLine(line);
    for (std::string& statement : fed.statements) {
      steps.push_back({std::move(statement_comment), std::move(statement), statement_line});
      statement_comment.clear();
    }
  }
  std::string rest = buffer.TakeRemainder();
  if (!rest.empty()) {
    steps.push_back({std::move(statement_comment), rest, statement_line});
  }
  comment = Finished(std::move(comment));
  if (!comment.empty()) steps.push_back({comment, "", line_number});
  return steps;
}

bool StepSession::Start(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<LessonStep> steps = SplitLessonSteps(text.str());
  bool any = false;
  for (const LessonStep& step : steps) any = any || !step.statement.empty();
  if (!any) {
    *error = path + " holds no statement to run";
    return false;
  }
  path_ = path;
  steps_ = std::move(steps);
  next_ = 0;
  return true;
}

}  // namespace riffle::shell
