#include "shell/dot_commands.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "core/common/text.h"
#include "shell/output_format.h"
#include "shell/shell_sink.h"
#include "shell/statement_help.h"
#include "shell/step_session.h"
#include "shell/timeline_command.h"

namespace riffle::shell {
namespace {

void Fail(DotShell& shell, const std::string& message) {
  shell.sink().Error("ERROR shell: " + message);
}

bool ParseCount(const std::string& text, size_t* value) {
  if (text.empty() || text.size() > 12) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  *value = static_cast<size_t>(std::stoull(text));
  return true;
}

// "2", "0.5": seconds between .watch runs (at least 0.1 s, at most a day).
bool ParseSeconds(const std::string& text, double* seconds) {
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == nullptr || *end != '\0' || value < 0.1 || value > 86400) return false;
  *seconds = value;
  return true;
}

bool Help(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty()) {
    shell.sink().Notice(FormatDotHelp() +
                        "\nHELP (or .help STATEMENT) explains the SQL statements, e.g. "
                        ".help create stream.");
    return true;
  }
  std::string topic;
  for (const std::string& a : args) topic += (topic.empty() ? "" : " ") + a;
  std::string dot = topic[0] == '.' ? topic.substr(1) : topic;
  if (const DotCommand* command = FindDotCommand(AsciiLower(dot))) {
    shell.sink().Notice(FormatDotHelp(command));
    return true;
  }
  std::vector<const StatementHelp*> found = FindStatementHelp(topic);
  if (found.empty()) {
    Fail(shell, "no help for '" + topic + "'. Try .help (dot commands) or HELP (statements).");
    return false;
  }
  std::string text;
  for (const StatementHelp* help : found) {
    if (!text.empty()) text += "\n";
    text += FormatStatementHelp(*help);
  }
  shell.sink().Notice(text);
  return true;
}

bool Mode(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty()) {
    shell.sink().Notice(std::string("Output mode: ") + OutputFormatName(shell.sink().format()));
    return true;
  }
  shell.sink().SetFormat(*ParseOutputFormat(args[0]));  // checked against the choices
  return true;
}

bool Timer(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty()) {
    shell.sink().Notice(std::string("Timer: ") + (shell.timer() ? "on" : "off"));
    return true;
  }
  shell.SetTimer(AsciiLower(args[0]) == "on");
  return true;
}

bool Live(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty()) {
    shell.sink().Notice(std::string("Live table view: ") +
                        (shell.sink().live_view() ? "on" : "off"));
    return true;
  }
  shell.sink().SetLiveView(AsciiLower(args[0]) == "on");
  return true;
}

bool MaxRows(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty()) {
    size_t n = shell.sink().max_rows();
    shell.sink().Notice("Max rows: " + (n == 0 ? std::string("no limit") : std::to_string(n)));
    return true;
  }
  size_t n = 0;
  ParseCount(args[0], &n);  // checked already
  shell.sink().SetMaxRows(n);
  return true;
}

bool Output(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  if (args.empty() || args[0] == "stdout") {
    shell.sink().ResetOutput();
    return true;
  }
  std::string error = shell.sink().RedirectOutput(args[0], /*once=*/false);
  if (!error.empty()) Fail(shell, ".output: " + error);
  return error.empty();
}

bool Once(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  std::string error = shell.sink().RedirectOutput(args[0], /*once=*/true);
  if (!error.empty()) Fail(shell, ".once: " + error);
  return error.empty();
}

bool Read(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  return shell.RunFile(args[0]);
}

bool History(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  std::vector<std::string> entries = shell.HistoryEntries();
  size_t show = entries.size();
  if (!args.empty()) {
    size_t n = 0;
    ParseCount(args[0], &n);
    show = std::min(show, n);
  }
  std::string text;
  for (size_t i = entries.size() - show; i < entries.size(); ++i) {
    std::string number = std::to_string(i + 1);
    text += std::string(number.size() < 5 ? 5 - number.size() : 0, ' ') + number + "  ";
    for (char c : entries[i]) {
      text += c;
      if (c == '\n') text += "       ";
    }
    text += '\n';
  }
  if (text.empty()) text = "(no history yet)";
  shell.sink().Notice(text);
  return true;
}

bool Edit(DotShell& shell, const std::vector<std::string>&, const std::string&) {
  std::vector<std::string> entries = shell.HistoryEntries();
  // The entry before ".edit" itself, when it was recorded.
  std::string initial;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (!IsDotCommand(*it)) {
      initial = *it;
      break;
    }
  }
  std::string edited;
  std::string error;
  if (!EditText(shell.Editor(), initial, &edited, &error)) {
    Fail(shell, ".edit: " + error);
    return false;
  }
  while (!edited.empty() && std::isspace(static_cast<unsigned char>(edited.back()))) {
    edited.pop_back();
  }
  if (edited.find_first_not_of(" \t\r\n") == std::string::npos) {
    shell.sink().Notice("Nothing to run.");
    return true;
  }
  shell.sink().Notice(edited);
  shell.AddHistoryEntry(edited);
  bool interrupted = false;
  return shell.RunStatements(edited, &interrupted);
}

std::string Clock() {
  std::time_t now = std::time(nullptr);
  std::tm local = {};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
  return buf;
}

bool Watch(DotShell& shell, const std::vector<std::string>&, const std::string& rest) {
  double seconds = 2;
  std::string statement = rest;
  size_t first_end = statement.find_first_of(" \t");
  std::string first = statement.substr(0, first_end);
  if (!first.empty() && std::isdigit(static_cast<unsigned char>(first[0]))) {
    if (!ParseSeconds(first, &seconds)) {
      Fail(shell, ".watch: '" + first +
                      "' is not a number of seconds (0.1 to 86400). Usage: "
                      ".watch [SECONDS] STATEMENT");
      return false;
    }
    statement = first_end == std::string::npos ? "" : statement.substr(first_end);
  }
  size_t begin = statement.find_first_not_of(" \t");
  statement = begin == std::string::npos ? "" : statement.substr(begin);
  if (statement.empty()) {
    Fail(shell, ".watch needs a statement. Usage: .watch [SECONDS] STATEMENT");
    return false;
  }
  std::ostringstream every;
  every << seconds;
  for (;;) {
    shell.ClearScreen();
    shell.sink().Notice("Every " + every.str() + "s: " + statement + "    " + Clock() +
                        "  (Ctrl-C stops)");
    bool interrupted = false;
    bool ok = shell.RunStatements(statement, &interrupted);
    shell.sink().StatementDone();
    if (interrupted) return true;
    if (!ok) return false;  // a failing statement would fail the same way every time
    if (shell.WaitForInterrupt(static_cast<int>(seconds * 1000))) return true;
  }
}

// The first line of a statement, cut to fit a status line.
std::string FirstLine(const std::string& statement) {
  std::string line = statement.substr(0, statement.find('\n'));
  if (line.size() > 60) line = line.substr(0, 57) + "...";
  if (line.size() < statement.size()) line += " ...";
  return line;
}

std::string StepStatus(const StepSession& steps) {
  std::string text = StrCat("Lesson ", steps.path(), ": ", std::to_string(steps.done()), " of ",
                            std::to_string(steps.total()), " steps done.");
  if (const LessonStep* next = steps.Next()) {
    text +=
        next->statement.empty()
            ? StrCat(" Next: its closing comment (line ", std::to_string(next->line), ").")
            : StrCat(" Next, line ", std::to_string(next->line), ": ", FirstLine(next->statement));
  }
  return text;
}

// .step FILE starts a lesson; .step (or Enter on an empty line at the prompt) runs its next
// statement, after the comment above it, then pauses.
bool Step(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  StepSession& steps = shell.steps();
  if (!args.empty()) {
    std::string word = AsciiLower(args[0]);
    if (word == "status") {
      shell.sink().Notice(steps.active() ? StepStatus(steps)
                                         : "No lesson in progress. .step FILE starts one.");
      return true;
    }
    if (word == "stop") {
      if (steps.active()) {
        shell.sink().Notice(StrCat("Lesson ", steps.path(), " stopped after ",
                                   std::to_string(steps.done()), " of ",
                                   std::to_string(steps.total()), " steps."));
      }
      steps.Stop();
      return true;
    }
    std::string error;
    if (!steps.Start(args[0], &error)) {
      Fail(shell, ".step: " + error);
      return false;
    }
    shell.sink().Notice(StrCat("Lesson ", steps.path(), ": ", std::to_string(steps.total()),
                               " steps. Enter (or .step) runs the next one and pauses; "
                               ".step status shows where you are; .step stop ends it."));
    return true;
  }
  if (!steps.active()) {
    Fail(shell,
         ".step: no lesson in progress. .step FILE starts one, e.g. "
         ".step examples/lessons/01_streams_and_tables.sql");
    return false;
  }
  const LessonStep step = *steps.Next();
  steps.Advance();
  if (!step.comment.empty()) shell.sink().Notice(step.comment);
  bool ok = true;
  if (IsDotCommand(step.statement)) {
    shell.Echo(step.statement);
    std::vector<std::string> words = SplitDotArgs(step.statement);
    if (AsciiLower(words[0]) == ".step") {
      Fail(shell, StrCat(".step: line ", std::to_string(step.line), " of ", steps.path(),
                         " starts another lesson; a lesson cannot hold .step"));
      ok = false;
    } else {
      ok = RunDotCommand(shell, step.statement);
    }
  } else if (!step.statement.empty()) {
    shell.Echo(step.statement);
    bool interrupted = false;
    ok = shell.RunStatements(step.statement, &interrupted);
    shell.sink().StatementDone();
  }
  if (steps.active()) {
    shell.sink().Notice(StrCat("-- step ", std::to_string(steps.done()), " of ",
                               std::to_string(steps.total()), " done (Enter: the next one)"));
  } else {
    shell.sink().Notice(
        StrCat("-- end of lesson ", steps.path(), " (", std::to_string(steps.total()), " steps)."));
    steps.Stop();
  }
  return ok;
}

bool Timeline(DotShell& shell, const std::vector<std::string>& args, const std::string&) {
  return IsTimelineQuery(args[0]) ? ShowQueryTimeline(shell, args[0])
                                  : ShowTimeline(shell, args[0]);
}

bool Quit(DotShell& shell, const std::vector<std::string>&, const std::string&) {
  shell.RequestExit();
  return true;
}

std::string Usage(const DotCommand& command) {
  std::string usage = std::string(".") + command.name;
  if (!command.args.empty()) usage += " " + command.args;
  return usage;
}

}  // namespace

const std::vector<DotCommand>& DotCommands() {
  static const std::vector<DotCommand> kCommands = [] {
    std::vector<std::string> modes;
    std::string choices = OutputFormatChoices();
    for (size_t start = 0; start <= choices.size();) {
      size_t bar = choices.find('|', start);
      if (bar == std::string::npos) bar = choices.size();
      modes.push_back(choices.substr(start, bar - start));
      start = bar + 1;
    }
    std::vector<DotCommand> commands = {
        {"edit",
         "",
         "edit the last statement in $EDITOR, then run it",
         0,
         0,
         DotArgKind::kNone,
         {},
         Edit},
        {"exit", "", "leave riffle (same as .quit)", 0, 0, DotArgKind::kNone, {}, Quit},
        {"help",
         "[COMMAND|STATEMENT]",
         "list dot commands, or explain one command or statement",
         0,
         8,
         DotArgKind::kHelpTopic,
         {},
         Help},
        {"history",
         "[N]",
         "show this session's history (the last N entries)",
         0,
         1,
         DotArgKind::kNumber,
         {},
         History},
        {"live",
         "[on|off]",
         "redraw a push query on a table in place, as a live table (at a terminal)",
         0,
         1,
         DotArgKind::kChoice,
         {"on", "off"},
         Live},
        {"maxrows",
         "[N]",
         "show the first N rows of a pull query or SHOW (0: all; 40 at a terminal)",
         0,
         1,
         DotArgKind::kNumber,
         {},
         MaxRows},
        {"mode", "[" + choices + "]", "choose how results are shown", 0, 1, DotArgKind::kChoice,
         modes, Mode},
        {"once",
         "FILE",
         "send the next statement's results to FILE",
         1,
         1,
         DotArgKind::kFile,
         {},
         Once},
        {"output",
         "[FILE]",
         "send results to FILE (no FILE: back to the terminal)",
         0,
         1,
         DotArgKind::kFile,
         {},
         Output},
        {"quit", "", "leave riffle", 0, 0, DotArgKind::kNone, {}, Quit},
        {"read",
         "FILE",
         "run the statements and dot commands in FILE",
         1,
         1,
         DotArgKind::kFile,
         {},
         Read},
        {"step",
         "[FILE|status|stop]",
         "run a lesson a statement at a time: .step FILE starts, .step (or Enter) runs the next",
         0,
         1,
         DotArgKind::kFile,
         {"status", "stop"},
         Step},
        {"timeline",
         "JOB|SELECT ...",
         "a windowed job's or push query's windows on a time axis, open to closed (riffle's)",
         1,
         1,
         DotArgKind::kJobOrQuery,
         {},
         Timeline},
        {"timer",
         "[on|off]",
         "show how long each statement took",
         0,
         1,
         DotArgKind::kChoice,
         {"on", "off"},
         Timer},
        {"watch",
         "[SECONDS] STATEMENT",
         "re-run STATEMENT every SECONDS (default 2) in place, until Ctrl-C",
         1,
         -1,
         DotArgKind::kStatement,
         {},
         Watch},
    };
    return commands;
  }();
  return kCommands;
}

const DotCommand* FindDotCommand(std::string_view name) {
  for (const DotCommand& command : DotCommands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

bool IsDotCommand(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  return first != std::string_view::npos && line[first] == '.';
}

std::vector<std::string> SplitDotArgs(std::string_view text) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    std::string arg;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
      char c = text[i];
      if (c == '"' || c == '\'') {
        size_t end = text.find(c, i + 1);
        if (end == std::string_view::npos) end = text.size();
        arg += text.substr(i + 1, end - i - 1);
        i = end == text.size() ? end : end + 1;
      } else {
        arg += c;
        ++i;
      }
    }
    args.push_back(arg);
  }
  return args;
}

bool RunDotCommand(DotShell& shell, std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  std::string_view body = line.substr(first + 1);
  size_t name_end = body.find_first_of(" \t");
  std::string name(body.substr(0, name_end));
  std::string rest = name_end == std::string_view::npos ? "" : std::string(body.substr(name_end));
  // A trailing ';' out of SQL habit is forgiven.
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.pop_back();
  const DotCommand* command = FindDotCommand(AsciiLower(name));
  if (command == nullptr) {
    Fail(shell, "unknown command '." + name + "'. Type .help for the list.");
    return false;
  }
  std::vector<std::string> args;
  if (command->arg_kind == DotArgKind::kStatement ||
      (command->arg_kind == DotArgKind::kJobOrQuery && IsTimelineQuery(rest))) {
    size_t begin = rest.find_first_not_of(" \t");
    rest = begin == std::string::npos ? "" : rest.substr(begin);
    if (!rest.empty()) args.push_back(rest);
  } else {
    if (!rest.empty() && rest.back() == ';') rest.pop_back();
    args = SplitDotArgs(rest);
  }
  const std::string usage = "Usage: " + Usage(*command);
  int count = static_cast<int>(args.size());
  if (count < command->min_args) {
    Fail(shell, "." + command->name + " needs an argument. " + usage);
    return false;
  }
  if (command->max_args >= 0 && count > command->max_args) {
    Fail(shell,
         "." + std::string(command->name) + " takes " +
             (command->max_args == 0 ? std::string("no arguments")
                                     : "at most " + std::to_string(command->max_args) +
                                           " argument" + (command->max_args == 1 ? "" : "s")) +
             ". " + usage);
    return false;
  }
  if (!args.empty() && command->arg_kind == DotArgKind::kChoice) {
    const auto& choices = command->choices;
    if (std::find(choices.begin(), choices.end(), AsciiLower(args[0])) == choices.end()) {
      std::string list;
      for (const std::string& choice : choices) list += (list.empty() ? "" : ", ") + choice;
      Fail(shell, "." + command->name + ": '" + args[0] + "' is not one of " + list + ". " + usage);
      return false;
    }
  }
  size_t number = 0;
  if (!args.empty() && command->arg_kind == DotArgKind::kNumber && !ParseCount(args[0], &number)) {
    Fail(shell, StrCat(".", command->name, ": '", args[0], "' is not a whole number. ", usage));
    return false;
  }
  return command->handler(shell, args, rest);
}

std::string FormatDotHelp(const DotCommand* only) {
  std::vector<const DotCommand*> commands;
  if (only != nullptr) {
    commands.push_back(only);
  } else {
    for (const DotCommand& c : DotCommands()) commands.push_back(&c);
  }
  size_t width = 0;
  for (const DotCommand* c : commands) width = std::max(width, Usage(*c).size());
  std::string out;
  for (const DotCommand* c : commands) {
    std::string usage = Usage(*c);
    out += usage + std::string(width - usage.size() + 3, ' ') + c->help + "\n";
  }
  return out;
}

bool EditText(const std::string& editor, const std::string& initial, std::string* edited,
              std::string* error) {
  char path[] = "/tmp/riffle-edit-XXXXXX.sql";
  int fd = mkstemps(path, 4);
  if (fd < 0) {
    *error = "cannot create a temporary file";
    return false;
  }
  close(fd);
  {
    std::ofstream out(path);
    out << initial;
    if (!initial.empty() && initial.back() != '\n') out << '\n';
  }
  // The file name is quoted for the shell; mkstemps names contain no quote.
  std::string command = editor + " '" + path + "'";
  int status = std::system(command.c_str());
  bool ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (!ok) {
    *error = "the editor (" + editor + ") failed";
  } else {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    *edited = text.str();
  }
  unlink(path);
  return ok;
}

}  // namespace riffle::shell
