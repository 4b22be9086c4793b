#pragma once
// `.step FILE`: a file of statements run one at a time at the prompt, for lessons. The file is
// cut into steps (each statement or dot command, with the comment lines just above it); each
// `.step` (or Enter on an empty line) shows the next step's comment, echoes its statement and
// runs it, then pauses. The same file runs whole with `riffle -f`.

#include <string>
#include <string_view>
#include <vector>

namespace riffle::shell {

struct LessonStep {
  std::string comment;    // the `--` lines above the statement, verbatim ("" for none)
  std::string statement;  // a statement with its ';', or a dot command line; "" for a comment
                          // at the end of the file with no statement after it
  int line = 0;           // where the statement (or the closing comment) starts, from 1
};

// Cuts `text` (a .sql file) into steps, with the shell's statement splitter: ';' inside
// strings, quoted names and comments does not end a statement, a statement may span lines, a
// dot command is one line, and a last statement without ';' is a step too. Blank lines between
// comment paragraphs are kept (runs of them as one); comments inside a statement stay in it.
std::vector<LessonStep> SplitLessonSteps(std::string_view text);

// Where a lesson is: the file's steps and the next one to run. Not thread-safe (the shell's
// statement loop owns it).
class StepSession {
 public:
  // Reads `path` and starts at its first step. Returns false with `*error` set when the file
  // cannot be read or holds no statement; the session is then unchanged.
  bool Start(const std::string& path, std::string* error);
  // Ends the lesson (no-op when none is running).
  void Stop() {
    steps_.clear();
    next_ = 0;
    path_.clear();
  }

  bool active() const { return next_ < steps_.size(); }
  // The step to run next, or null at the end; Advance() moves past it.
  const LessonStep* Next() const { return active() ? &steps_[next_] : nullptr; }
  void Advance() {
    if (active()) ++next_;
  }

  const std::string& path() const { return path_; }
  size_t done() const { return next_; }  // steps run (or skipped) so far
  size_t total() const { return steps_.size(); }

 private:
  std::string path_;
  std::vector<LessonStep> steps_;
  size_t next_ = 0;
};

}  // namespace riffle::shell
