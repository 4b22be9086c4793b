#pragma once
// The interactive line reader: GNU readline's callback interface, so the wait for a key can
// also watch the interrupt pipe. Ctrl-C while typing abandons the line (the caller also drops
// any unfinished statement) and returns kInterrupted; Ctrl-D on an empty line returns kEof.
// History entries may span several lines; they are recalled whole. Tab completes by context
// (completion.h) once a completer is set.
//
// Only one ReadlineReader may exist at a time (readline's state is global).

#include <termios.h>

#include <functional>
#include <string>

#include "shell/completion.h"
#include "shell/line_reader.h"

namespace riffle::shell {

class ReadlineReader : public LineReader {
 public:
  // `interrupt_fd`: the InterruptPipe's read end. REQUIRES: stdin is a terminal.
  explicit ReadlineReader(int interrupt_fd);
  ~ReadlineReader() override;
  ReadlineReader(const ReadlineReader&) = delete;
  ReadlineReader& operator=(const ReadlineReader&) = delete;

  ReadResult Read(const std::string& prompt) override;
  void AddHistory(const std::string& entry) override;
  bool interactive() const override { return true; }

  // Tab completes with `completer` (given the line up to the cursor); without one, Tab inserts
  // itself. Pasted text keeps its tabs either way (bracketed paste).
  using Completer = std::function<Completion(const std::string& line_before_cursor)>;
  void set_completer(Completer completer);

 private:
  int interrupt_fd_;
  Completer completer_;
  // The terminal settings at construction, restored on destruction. ECHOCTL is turned off for
  // the session so a Ctrl-C that cancels a running query does not print "^C" into its output.
  termios saved_termios_ = {};
  bool termios_saved_ = false;
};

}  // namespace riffle::shell
