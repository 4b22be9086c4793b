#include "tests/sql/runner/script.h"

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace riffle::sqltest {

namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::stringstream in(line);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

// The text after the first word, trimmed: "statement error Unknown source" -> "Unknown source".
std::string RestAfter(const std::string& line, size_t skip_words) {
  size_t i = 0;
  for (size_t w = 0; w < skip_words; ++w) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
  }
  while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
  size_t end = line.size();
  while (end > i && std::isspace(static_cast<unsigned char>(line[end - 1]))) --end;
  return line.substr(i, end - i);
}

bool IsBlank(const std::string& line) {
  for (char c : line) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& path)
      : lines_(SplitLines(text)), path_(path) {}

  std::vector<Directive> Parse() {
    std::vector<Directive> out;
    while (next_ < lines_.size()) {
      const std::string& line = lines_[next_];
      if (IsBlank(line) || line[0] == '#') {
        ++next_;
        continue;
      }
      out.push_back(ParseDirective());
    }
    return out;
  }

 private:
  [[noreturn]] void Fail(int line, const std::string& message) const {
    throw std::runtime_error(path_ + ":" + std::to_string(line) + ": " + message);
  }

  // Consumes lines up to (not including) the next blank line or, when `stop_at_dashes`, a
  // "----" line.
  std::vector<std::string> Block(bool stop_at_dashes) {
    std::vector<std::string> block;
    while (next_ < lines_.size() && !IsBlank(lines_[next_])) {
      if (stop_at_dashes && lines_[next_] == "----") break;
      block.push_back(lines_[next_++]);
    }
    return block;
  }

  static std::string Join(const std::vector<std::string>& lines) {
    std::string s;
    for (size_t i = 0; i < lines.size(); ++i) s += (i ? "\n" : "") + lines[i];
    return s;
  }

  int IntOption(const std::string& word, const std::string& name, int line) const {
    try {
      size_t used = 0;
      int v = std::stoi(word.substr(name.size() + 1), &used);
      if (used == word.size() - name.size() - 1 && v >= 0) return v;
    } catch (const std::exception&) {
    }
    Fail(line, "bad option '" + word + "' (expected " + name + "=<non-negative integer>)");
  }

  void ParseOptions(Directive& d, const std::vector<std::string>& words, size_t first) {
    for (size_t i = first; i < words.size(); ++i) {
      const std::string& w = words[i];
      bool is_query = d.kind == DirectiveKind::kQuery;
      bool is_produce = d.kind == DirectiveKind::kProduce;
      bool is_statement = d.kind == DirectiveKind::kStatementOk;
      if (is_query && w == "unordered") {
        d.unordered = true;
      } else if (is_query && w == "contains") {
        d.contains = true;
      } else if (is_query && w == "header") {
        d.header = true;
      } else if ((is_query || is_statement) && w.rfind("timeout=", 0) == 0) {
        d.timeout_s = IntOption(w, "timeout", d.line);
      } else if (is_query && w.rfind("wait=", 0) == 0) {
        d.wait_ms = IntOption(w, "wait", d.line);
      } else if (is_produce && w.rfind("partition=", 0) == 0) {
        d.partition = IntOption(w, "partition", d.line);
      } else if (is_produce && w == "hex") {
        d.hex = true;
      } else if (is_produce && w == "background") {
        d.background = true;
      } else {
        Fail(d.line, "unknown option '" + w + "'");
      }
    }
  }

  std::optional<std::string> Field(const std::string& text, bool hex, int line) const {
    if (text == "\\N") return std::nullopt;
    if (!hex) return text;
    std::string bytes;
    if (text.size() % 2 != 0) Fail(line, "odd number of hex digits in '" + text + "'");
    for (size_t i = 0; i < text.size(); i += 2) {
      int hi = HexDigit(text[i]), lo = HexDigit(text[i + 1]);
      if (hi < 0 || lo < 0) Fail(line, "bad hex in '" + text + "'");
      bytes.push_back(static_cast<char>(hi * 16 + lo));
    }
    return bytes;
  }

  ProduceRecord ParseRecord(std::string text, bool hex, int line) const {
    ProduceRecord r;
    if (text.size() > 1 && text[0] == '@' && std::isdigit(static_cast<unsigned char>(text[1]))) {
      size_t i = 1;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
        r.timestamp_ms = std::stoll(text.substr(1, i - 1));
        text = text.substr(i + 1);
      }
    }
    size_t tab = text.find('\t');
    if (tab == std::string::npos) {
      r.value = Field(text, hex, line);
    } else {
      r.key = Field(text.substr(0, tab), hex, line);
      r.value = Field(text.substr(tab + 1), hex, line);
    }
    return r;
  }

  Directive ParseDirective() {
    const std::string header = lines_[next_];
    Directive d;
    d.line = static_cast<int>(next_) + 1;
    ++next_;
    std::vector<std::string> words = Words(header);
    const std::string& verb = words[0];
    if (verb == "statement") {
      if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
        Fail(d.line, "expected 'statement ok' or 'statement error <substring>'");
      }
      if (words[1] == "ok") {
        d.kind = DirectiveKind::kStatementOk;
        ParseOptions(d, words, 2);
      } else {
        d.kind = DirectiveKind::kStatementError;
        d.arg = RestAfter(header, 2);
      }
      std::vector<std::string> sql = Block(false);
      if (sql.empty()) Fail(d.line, "statement without SQL");
      d.sql = Join(sql);
    } else if (verb == "query") {
      d.kind = DirectiveKind::kQuery;
      ParseOptions(d, words, 1);
      std::vector<std::string> sql = Block(true);
      if (sql.empty()) Fail(d.line, "query without SQL");
      if (next_ >= lines_.size() || lines_[next_] != "----") {
        Fail(d.line, "query without a '----' line before its expected rows");
      }
      ++next_;
      d.sql = Join(sql);
      d.expected = Block(false);
    } else if (verb == "produce") {
      d.kind = DirectiveKind::kProduce;
      if (words.size() < 2) Fail(d.line, "produce needs a topic");
      d.arg = words[1];
      ParseOptions(d, words, 2);
      int line = d.line + 1;
      for (const std::string& text : Block(false)) {
        d.records.push_back(ParseRecord(text, d.hex, line++));
      }
      if (d.records.empty()) Fail(d.line, "produce without records");
    } else if (verb == "notice" || verb == "warning") {
      d.kind = verb == "notice" ? DirectiveKind::kNotice : DirectiveKind::kWarning;
      d.arg = RestAfter(header, 1);
      if (d.arg.empty()) Fail(d.line, verb + " needs a substring");
    } else if (verb == "nowarning") {
      d.kind = DirectiveKind::kNoWarning;
    } else if (verb == "restart") {
      d.kind = DirectiveKind::kRestart;
    } else if (verb == "idle") {
      d.kind = DirectiveKind::kIdle;
    } else if (verb == "delete") {
      d.kind = DirectiveKind::kDeleteRecords;
      if (words.size() != 5 || words[1] != "records") {
        Fail(d.line, "expected 'delete records <topic> <partition> <offset>'");
      }
      d.arg = words[2];
      try {
        d.partition = std::stoi(words[3]);
        d.offset = std::stoll(words[4]);
      } catch (const std::exception&) {
        Fail(d.line, "delete records: partition and offset must be numbers");
      }
    } else if (verb == "file" || verb == "append") {
      d.kind = verb == "file" ? DirectiveKind::kFile : DirectiveKind::kAppend;
      if (words.size() != 2) Fail(d.line, "expected '" + verb + " <name>'");
      d.arg = words[1];
      d.body = Block(false);
    } else {
      Fail(d.line, "unknown directive '" + verb + "'");
    }
    return d;
  }

  std::vector<std::string> lines_;
  std::string path_;
  size_t next_ = 0;
};

}  // namespace

std::vector<Directive> ParseScript(const std::string& text, const std::string& path) {
  return Parser(text, path).Parse();
}

std::string SubstituteVariables(const std::string& text,
                                const std::vector<std::pair<std::string, std::string>>& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") == 0) {
      size_t end = text.find('}', i + 2);
      if (end != std::string::npos) {
        std::string name = text.substr(i + 2, end - i - 2);
        bool replaced = false;
        for (const auto& [k, v] : vars) {
          if (k == name) {
            out += v;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = end + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace riffle::sqltest
