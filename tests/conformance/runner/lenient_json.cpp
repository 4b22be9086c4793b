#include "tests/conformance/runner/lenient_json.h"

#include <cstdint>
#include <stdexcept>

namespace riffle::conformance {

JNode JNode::Bool(bool b) {
  JNode n;
  n.kind_ = Kind::kBool;
  n.bool_ = b;
  return n;
}

JNode JNode::Number(std::string text) {
  JNode n;
  n.kind_ = Kind::kNumber;
  n.text_ = std::move(text);
  return n;
}

JNode JNode::String(std::string s) {
  JNode n;
  n.kind_ = Kind::kString;
  n.text_ = std::move(s);
  return n;
}

JNode JNode::Array(std::vector<JNode> items) {
  JNode n;
  n.kind_ = Kind::kArray;
  n.items_ = std::move(items);
  return n;
}

JNode JNode::Object(std::vector<std::pair<std::string, JNode>> members) {
  JNode n;
  n.kind_ = Kind::kObject;
  n.members_ = std::move(members);
  return n;
}

bool JNode::IsIntegerText() const {
  return kind_ == Kind::kNumber && text_.find_first_of(".eE") == std::string::npos;
}

const JNode* JNode::Get(std::string_view key) const {
  if (kind_ != Kind::kObject) return nullptr;
  for (const auto& [k, v] : members_) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string JNode::GetString(std::string_view key, const std::string& fallback) const {
  const JNode* n = Get(key);
  return n != nullptr && n->is_string() ? n->text() : fallback;
}

void AppendJsonQuoted(const std::string& s, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

namespace {

void DumpTo(const JNode& n, std::string& out) {
  switch (n.kind()) {
    case JNode::Kind::kNull:
      out += "null";
      return;
    case JNode::Kind::kBool:
      out += n.as_bool() ? "true" : "false";
      return;
    case JNode::Kind::kNumber:
      out += n.text();
      return;
    case JNode::Kind::kString:
      AppendJsonQuoted(n.text(), out);
      return;
    case JNode::Kind::kArray: {
      out.push_back('[');
      bool first = true;
      for (const JNode& item : n.items()) {
        if (!first) out.push_back(',');
        first = false;
        DumpTo(item, out);
      }
      out.push_back(']');
      return;
    }
    case JNode::Kind::kObject: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, v] : n.members()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonQuoted(k, out);
        out.push_back(':');
        DumpTo(v, out);
      }
      out.push_back('}');
      return;
    }
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  JNode ParseDocument() {
    JNode n = ParseValue(0);
    SkipSpace();
    if (i_ < s_.size()) Fail("unexpected content after the document");
    return n;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    int line = 1, col = 1;
    for (size_t k = 0; k < i_ && k < s_.size(); ++k) {
      if (s_[k] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw std::runtime_error("JSON error at line " + std::to_string(line) + ":" +
                             std::to_string(col) + ": " + what);
  }

  void SkipSpace() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
      } else if (c == '/' && i_ + 1 < s_.size() && s_[i_ + 1] == '*') {
        size_t end = s_.find("*/", i_ + 2);
        if (end == std::string_view::npos) Fail("unterminated comment");
        i_ = end + 2;
      } else {
        return;
      }
    }
  }

  bool Consume(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  JNode ParseValue(int depth) {
    if (depth > 200) Fail("nesting too deep");
    SkipSpace();
    if (i_ >= s_.size()) Fail("unexpected end of input");
    char c = s_[i_];
    if (c == '{') return ParseObject(depth);
    if (c == '[') return ParseArray(depth);
    if (c == '"') return JNode::String(ParseString());
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      return JNode::Bool(true);
    }
    if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      return JNode::Bool(false);
    }
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return JNode::Null();
    }
    Fail(std::string("unexpected character '") + c + "'");
  }

  JNode ParseObject(int depth) {
    ++i_;  // '{'
    std::vector<std::pair<std::string, JNode>> members;
    while (true) {
      SkipSpace();
      if (Consume('}')) break;  // empty object or trailing comma
      if (i_ >= s_.size() || s_[i_] != '"') Fail("expected a member name");
      std::string key = ParseString();
      if (!Consume(':')) Fail("expected ':'");
      members.emplace_back(std::move(key), ParseValue(depth + 1));
      if (Consume(',')) continue;
      if (Consume('}')) break;
      Fail("expected ',' or '}'");
    }
    return JNode::Object(std::move(members));
  }

  JNode ParseArray(int depth) {
    ++i_;  // '['
    std::vector<JNode> items;
    while (true) {
      SkipSpace();
      if (Consume(']')) break;
      items.push_back(ParseValue(depth + 1));
      if (Consume(',')) continue;
      if (Consume(']')) break;
      Fail("expected ',' or ']'");
    }
    return JNode::Array(std::move(items));
  }

  JNode ParseNumber() {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&] {
      size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > d;
    };
    if (!digits()) Fail("malformed number");
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (!digits()) Fail("malformed number");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) Fail("malformed number");
    }
    return JNode::Number(std::string(s_.substr(start, i_ - start)));
  }

  static void AppendUtf8(uint32_t cp, std::string& out) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  uint32_t ParseHex4() {
    if (i_ + 4 > s_.size()) Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char h = s_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<uint32_t>(h - 'A' + 10);
      } else {
        Fail("bad \\u escape");
      }
    }
    return v;
  }

  std::string ParseString() {
    ++i_;  // opening quote
    std::string out;
    while (true) {
      if (i_ >= s_.size()) Fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) Fail("unterminated string");
      char e = s_[i_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp = ParseHex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            uint32_t low = ParseHex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          Fail("bad escape");
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::string JNode::Dump() const {
  std::string out;
  DumpTo(*this, out);
  return out;
}

JNode ParseLenientJson(std::string_view text) { return Parser(text).ParseDocument(); }

}  // namespace riffle::conformance
