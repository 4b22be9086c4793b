#include "shell/completion.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "core/common/text.h"
#include "shell/dot_commands.h"
#include "shell/statement_help.h"
#include "shell/timeline_command.h"

namespace riffle::shell {
namespace {

struct Token {
  enum class Kind { kWord, kString, kSymbol };
  Kind kind;
  std::string text;  // words upper-cased; strings without quotes; symbols verbatim
};

// The statement being typed, lexed up to the cursor.
struct Lexed {
  std::vector<Token> tokens;  // complete tokens before the current word
  bool in_string = false;     // the cursor is inside an unclosed '...'
  std::string string_text;    // the open string's text so far
  std::string word;           // the word before the cursor (outside strings)
};

bool IsBreak(char c) { return std::strchr(kCompletionWordBreaks, c) != nullptr && c != '\0'; }

bool IsWordChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '.' || c == '$' || u >= 0x80;
}

// Lexes the text after the last statement-ending ';'. Comments are skipped; a
// quoted identifier counts as a word.
Lexed LexTokens(std::string_view text) {
  Lexed lexed;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < n && text[i + 1] == '-') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '\'') {
      std::string value;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (text[j] == '\'') {
          if (j + 1 < n && text[j + 1] == '\'') {
            value += '\'';
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += text[j++];
      }
      if (!closed) {
        lexed.in_string = true;
        lexed.string_text = value;
        return lexed;
      }
      lexed.tokens.push_back({Token::Kind::kString, value});
      i = j + 1;
    } else if (c == '`' || c == '"') {
      size_t end = text.find(c, i + 1);
      if (end == std::string_view::npos) return lexed;  // nothing to complete in an open name
      lexed.tokens.push_back({Token::Kind::kWord, std::string(text.substr(i + 1, end - i - 1))});
      i = end + 1;
    } else if (c == ';') {
      lexed.tokens.clear();  // a new statement starts
      ++i;
    } else if (IsWordChar(c)) {
      size_t j = i;
      while (j < n && IsWordChar(text[j])) ++j;
      lexed.tokens.push_back({Token::Kind::kWord, AsciiUpper(text.substr(i, j - i))});
      i = j;
    } else {
      lexed.tokens.push_back({Token::Kind::kSymbol, std::string(1, c)});
      ++i;
    }
  }
  return lexed;
}

// Splits the text before the cursor into context tokens and the word being
// typed.
Lexed Lex(std::string_view text) {
  Lexed whole = LexTokens(text);
  if (whole.in_string) return whole;
  size_t start = text.size();
  while (start > 0 && !IsBreak(text[start - 1])) --start;
  Lexed lexed = LexTokens(text.substr(0, start));
  lexed.word = std::string(text.substr(start));
  return lexed;
}

const std::vector<std::string>& StatementStarts() {
  static const std::vector<std::string> kStarts = {
      "ALTER",  "CREATE",   "DESCRIBE", "DROP",  "EXPLAIN", "HELP",   "INSERT",   "LIST",
      "PAUSE",  "PRINT",    "RESTART", "RESUME", "RUN", "SELECT", "SET",      "SHOW",
      "TERMINATE", "TRUNCATE", "UNSET"};
  return kStarts;
}

const std::vector<std::string>& Keywords() {
  static const std::vector<std::string> kKeywords = {
      "ADD",          "ADVANCE",      "ALL",          "ALTER",        "AND",          "ARRAY",
      "AS",           "BEGINNING",    "BETWEEN",      "BIGINT",       "BOOLEAN",      "BY",
      "BYTES",        "CASE",         "CAST",         "CHANGES",      "COLUMN",       "CREATE",
      "DATE",         "DECIMAL",      "DELETE",       "DESCRIBE",     "DISTINCT",     "DOUBLE",
      "DROP",         "ELSE",         "EMIT",         "END",          "EXISTS",       "EXPLAIN",
      "EXTENDED",     "FALSE",        "FINAL",        "FROM",         "FULL",         "FUNCTION",
      "GRACE",        "GROUP",        "HAVING",       "HEADER",       "HEADERS",      "HOPPING",
      "IF",           "IN",           "INNER",        "INSERT",       "INT",          "INTEGER",
      "INTERVAL",     "INTO",         "IS",           "JOIN",         "KAFKA_TOPIC",  "KEY",
      "KEY_FORMAT",   "LEFT",         "LIKE",         "LIMIT",        "MAP",          "NOT",
      "NULL",         "ON",           "OR",           "OUTER",        "PARTITION",    "PARTITIONS",
      "PERIOD",       "PRIMARY",      "REPLACE",      "SELECT",       "SESSION",      "SIZE",
      "SOURCE",       "STREAM",       "STRING",       "STRUCT",       "TABLE",        "THEN",
      "TIME",         "TIMESTAMP",    "TOPIC",        "TRUE",         "TUMBLING",     "VALUES",
      "VALUE_FORMAT", "VARCHAR",      "WHEN",         "WHERE",        "WINDOW",       "WITH",
      "WITHIN"};
  return kKeywords;
}

bool TypedLowerCase(std::string_view word) {
  bool letter = false;
  for (char c : word) {
    if (std::isupper(static_cast<unsigned char>(c))) return false;
    if (std::isalpha(static_cast<unsigned char>(c))) letter = true;
  }
  return letter;
}

class Collector {
 public:
  explicit Collector(std::string word) : word_(std::move(word)), lower_(TypedLowerCase(word_)) {}
  // SQL names and keywords: matched and shown case-insensitively.
  void AddSql(const std::string& name) {
    if (AsciiIStartsWith(name, word_)) out_.insert(lower_ ? AsciiLower(name) : name);
  }
  void AddSqlAll(const std::vector<std::string>& names) {
    for (const auto& n : names) AddSql(n);
  }
  // Case-sensitive names (topics, properties, paths, job ids typed as is).
  void AddExact(const std::string& name) {
    if (name.compare(0, word_.size(), word_) == 0) out_.insert(name);
  }
  std::vector<std::string> Take() { return {out_.begin(), out_.end()}; }

 private:
  std::string word_;
  bool lower_;
  std::set<std::string> out_;
};

std::vector<std::string> AllTopics(const CompletionCatalog& catalog) {
  std::vector<std::string> topics = catalog.topics;
  for (const auto& s : catalog.sources) {
    if (!s.topic.empty()) topics.push_back(s.topic);
  }
  return topics;
}

const CompletionSource* FindSource(const CompletionCatalog& catalog, const std::string& upper) {
  for (const auto& s : catalog.sources) {
    if (AsciiUpper(s.name) == upper) return &s;
  }
  return nullptr;
}

bool IsWord(const Token* t, const char* word) {
  return t != nullptr && t->kind == Token::Kind::kWord && t->text == word;
}

bool IsClauseWord(const std::string& w) {
  static const std::set<std::string> kClauses = {
      "WHERE", "GROUP", "HAVING", "EMIT",   "LIMIT",     "WINDOW", "JOIN", "LEFT", "INNER",
      "FULL",  "OUTER", "ON",     "WITHIN", "PARTITION", "SELECT", "WITH", "AS"};
  return kClauses.count(w) > 0;
}

// Sources the statement names after FROM/JOIN, and their aliases (alias ->
// source).
void MentionedSources(const std::vector<Token>& tokens, const CompletionCatalog& catalog,
                      std::vector<const CompletionSource*>* sources,
                      std::vector<std::pair<std::string, const CompletionSource*>>* aliases) {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!IsWord(&tokens[i], "FROM") && !IsWord(&tokens[i], "JOIN")) continue;
    const CompletionSource* s = FindSource(catalog, tokens[i + 1].text);
    if (s == nullptr) continue;
    sources->push_back(s);
    aliases->push_back({AsciiUpper(s->name), s});
    size_t a = i + 2;
    if (IsWord(a < tokens.size() ? &tokens[a] : nullptr, "AS")) ++a;
    if (a < tokens.size() && tokens[a].kind == Token::Kind::kWord &&
        !IsClauseWord(tokens[a].text)) {
      aliases->push_back({tokens[a].text, s});
    }
  }
}

Completion Files(const CompletionCatalog& catalog, const std::string& word, bool quoted) {
  Completion c;
  c.word = word;
  if (catalog.list_files) {
    for (const std::string& path : catalog.list_files(word)) {
      if (path.compare(0, word.size(), word) == 0) c.candidates.push_back(path);
    }
    std::sort(c.candidates.begin(), c.candidates.end());
  }
  bool directory =
      c.candidates.size() == 1 && !c.candidates[0].empty() && c.candidates[0].back() == '/';
  c.append = directory ? '\0' : (quoted ? '\'' : ' ');
  return c;
}

Completion CompleteDot(std::string_view line, const CompletionCatalog& catalog) {
  size_t space = line.find_first_of(" \t");
  Completion c;
  if (space == std::string_view::npos) {
    c.word = std::string(line);
    Collector names(c.word);
    for (const DotCommand& d : DotCommands()) names.AddExact(std::string(".") + d.name);
    c.candidates = names.Take();
    return c;
  }
  const DotCommand* command = FindDotCommand(line.substr(1, space - 1));
  if (command == nullptr) return c;
  std::string_view rest = line.substr(space);
  if (command->arg_kind == DotArgKind::kStatement) {
    // .watch [SECONDS] STATEMENT: complete the statement after the optional
    // number.
    size_t i = rest.find_first_not_of(" \t");
    if (i != std::string_view::npos && std::isdigit(static_cast<unsigned char>(rest[i]))) {
      size_t end = rest.find_first_of(" \t", i);
      if (end == std::string_view::npos) return c;
      rest = rest.substr(end);
    }
    return Complete(rest, catalog);
  }
  if (command->arg_kind == DotArgKind::kJobOrQuery && IsTimelineQuery(rest)) {
    return Complete(rest, catalog);  // .timeline SELECT ...: the query
  }
  size_t start = rest.size();
  while (start > 0 && rest[start - 1] != ' ' && rest[start - 1] != '\t') --start;
  std::string word(rest.substr(start));
  // Only the first argument is completed.
  if (rest.substr(0, start).find_first_not_of(" \t") != std::string_view::npos) return c;
  switch (command->arg_kind) {
    case DotArgKind::kFile: {
      Completion files = Files(catalog, word, /*quoted=*/false);
      if (command->choices.empty()) return files;
      Collector choices(word);
      for (const std::string& choice : command->choices) choices.AddExact(choice);
      for (std::string& path : files.candidates) choices.AddExact(path);
      files.candidates = choices.Take();
      return files;
    }
    case DotArgKind::kChoice: {
      c.word = word;
      Collector choices(word);
      for (const std::string& choice : command->choices) choices.AddExact(choice);
      c.candidates = choices.Take();
      return c;
    }
    case DotArgKind::kJobOrQuery: {
      c.word = word;
      Collector jobs(word);
      for (const std::string& job : catalog.jobs) jobs.AddSql(job);
      jobs.AddSql("SELECT");
      c.candidates = jobs.Take();
      return c;
    }
    case DotArgKind::kHelpTopic: {
      c.word = word;
      Collector topics(word);
      for (const DotCommand& d : DotCommands()) topics.AddExact(d.name);
      for (const std::string& s : StatementStarts()) topics.AddSql(s);
      for (const std::string& s : HelpTopicFirstWords()) topics.AddSql(s);
      c.candidates = topics.Take();
      return c;
    }
    default:
      return c;
  }
}

}  // namespace

Completion Complete(std::string_view before_cursor, const CompletionCatalog& catalog) {
  size_t first = before_cursor.find_first_not_of(" \t");
  if (first != std::string_view::npos && before_cursor[first] == '.' &&
      before_cursor.find('\n') == std::string_view::npos) {
    return CompleteDot(before_cursor.substr(first), catalog);
  }
  Lexed lexed = Lex(before_cursor);
  const std::vector<Token>& t = lexed.tokens;
  const Token* prev = t.empty() ? nullptr : &t.back();
  const Token* prev2 = t.size() < 2 ? nullptr : &t[t.size() - 2];

  if (lexed.in_string) {
    Completion c;
    c.word = lexed.string_text;
    c.append = '\'';
    Collector names(c.word);
    if ((prev != nullptr && prev->text == "=" && IsWord(prev2, "KAFKA_TOPIC")) ||
        IsWord(prev, "PRINT") || (IsWord(prev, "TOPIC") && IsWord(prev2, "DESCRIBE"))) {
      for (const auto& topic : AllTopics(catalog)) names.AddExact(topic);
    } else if (IsWord(prev, "SET") || IsWord(prev, "UNSET")) {
      for (const auto& p : catalog.properties) names.AddExact(p);
    } else if (IsWord(prev, "SCRIPT") && IsWord(prev2, "RUN")) {
      return Files(catalog, c.word, /*quoted=*/true);
    }
    c.candidates = names.Take();
    return c;
  }

  Completion c;
  c.word = lexed.word;
  Collector names(c.word);
  if (t.empty()) {
    names.AddSqlAll(StatementStarts());
  } else if (t.size() == 1 && IsWord(prev, "HELP")) {
    names.AddSqlAll(HelpTopicFirstWords());
  } else if (IsWord(prev, "PRINT") ||
             (IsWord(prev, "TOPIC") && (IsWord(prev2, "DESCRIBE") || IsWord(prev2, "TRUNCATE")))) {
    for (const auto& topic : AllTopics(catalog)) names.AddExact(topic);
  } else if (IsWord(prev, "FUNCTION") && IsWord(prev2, "DESCRIBE")) {
    names.AddSqlAll(catalog.functions);
  } else if (IsWord(prev, "SHOW") || IsWord(prev, "LIST")) {
    names.AddSqlAll({"ALL", "FUNCTIONS", "JOBS", "PROPERTIES", "QUERIES", "STREAMS", "TABLES",
                     "TOPICS", "TYPES", "VARIABLES"});
  } else if (IsWord(prev, "TRUNCATE")) {
    names.AddSql("TOPIC");
  } else if (IsWord(prev, "TERMINATE") || IsWord(prev, "PAUSE") || IsWord(prev, "RESUME") ||
             IsWord(prev, "RESTART") || IsWord(prev, "EXPLAIN")) {
    for (const auto& job : catalog.jobs) names.AddSql(job);
    names.AddSql(IsWord(prev, "EXPLAIN") ? "SELECT" : "ALL");
  } else if (IsWord(prev, "CREATE")) {
    names.AddSqlAll({"OR", "SOURCE", "STREAM", "TABLE"});
  } else if (IsWord(prev, "DROP") || IsWord(prev, "ALTER")) {
    names.AddSqlAll({"STREAM", "TABLE"});
  } else if (IsWord(prev, "RUN")) {
    names.AddSql("SCRIPT");
  } else if (IsWord(prev, "EMIT")) {
    names.AddSqlAll({"CHANGES", "FINAL"});
  } else if (IsWord(prev, "FROM") || IsWord(prev, "JOIN") || IsWord(prev, "INTO") ||
             IsWord(prev, "DESCRIBE") ||
             ((IsWord(prev, "STREAM") || IsWord(prev, "TABLE")) &&
              (IsWord(prev2, "DROP") || IsWord(prev2, "ALTER"))) ||
             (IsWord(prev, "EXISTS") && t.size() >= 4 && IsWord(&t[t.size() - 4], "DROP"))) {
    for (const auto& s : catalog.sources) names.AddSql(s.name);
    if (IsWord(prev, "DESCRIBE")) {
      names.AddSqlAll({"EXTENDED", "FUNCTION", "STREAMS", "TABLES", "TOPIC"});
    }
    if (IsWord(prev, "FROM") && IsWord(prev2, "PRINT")) {
      names.AddSql("BEGINNING");
    }
  } else {
    std::vector<const CompletionSource*> mentioned;
    std::vector<std::pair<std::string, const CompletionSource*>> aliases;
    MentionedSources(t, catalog, &mentioned, &aliases);
    size_t dot = c.word.rfind('.');
    if (dot != std::string::npos) {
      // qualifier.column
      std::string qualifier = AsciiUpper(c.word.substr(0, dot));
      const CompletionSource* source = nullptr;
      for (const auto& [alias, s] : aliases) {
        if (alias == qualifier) source = s;
      }
      if (source == nullptr) source = FindSource(catalog, qualifier);
      if (source != nullptr) {
        std::string prefix = c.word.substr(0, dot + 1);
        Collector columns(c.word.substr(dot + 1));
        columns.AddSqlAll(source->columns);
        for (const std::string& col : columns.Take()) c.candidates.push_back(prefix + col);
      }
      return c;
    }
    if (mentioned.empty()) {
      for (const auto& s : catalog.sources) names.AddSqlAll(s.columns);
    } else {
      for (const CompletionSource* s : mentioned) names.AddSqlAll(s->columns);
    }
    names.AddSqlAll(catalog.functions);
    names.AddSqlAll(Keywords());
    for (const auto& s : catalog.sources) names.AddSql(s.name);
  }
  c.candidates = names.Take();
  return c;
}

std::vector<std::string> ListFiles(const std::string& prefix) {
  std::vector<std::string> out;
  size_t slash = prefix.rfind('/');
  std::string dir_part = slash == std::string::npos ? "" : prefix.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? prefix : prefix.substr(slash + 1);
  std::string dir = dir_part.empty() ? "." : dir_part;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (name[0] == '.' && (base.empty() || base[0] != '.')) continue;
    if (name.compare(0, base.size(), base) != 0) continue;
    std::string path = dir_part + name;
    struct stat st;
    if (stat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) path += '/';
    out.push_back(path);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace riffle::shell
