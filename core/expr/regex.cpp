#include "core/expr/regex.h"

#include <re2/re2.h>

#include <cctype>

namespace riffle {
namespace {

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

// Where Java's Matcher.find() looks next after a match [start, end): at its end, or one
// character on after an empty match.
size_t NextSearch(std::string_view text, size_t start, size_t end) {
  if (end > start) return end;
  if (start >= text.size()) return text.size() + 1;
  return start + Utf8Length(static_cast<unsigned char>(text[start]));
}

// A Java pattern in RE2's syntax (Java's (?<name> is RE2's (?P<name>), and the first Java
// feature it uses that RE2 lacks, found outside \Q..\E quotes and escapes.
struct PatternScan {
  std::string translated;
  std::string unsupported;  // the first Java feature RE2 lacks, or empty
};

PatternScan ScanJavaPattern(const std::string& p) {
  PatternScan scan;
  auto note = [&scan](const char* feature) {
    if (scan.unsupported.empty()) scan.unsupported = feature;
  };
  std::string& out = scan.translated;
  int class_depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    char next = i + 1 < p.size() ? p[i + 1] : '\0';
    if (c == '\\') {
      if (next == 'Q') {
        size_t end = p.find("\\E", i + 2);
        size_t stop = end == std::string::npos ? p.size() : end + 2;
        out.append(p, i, stop - i);
        i = stop - 1;
        continue;
      }
      if (class_depth == 0 && next >= '1' && next <= '9') note("backreferences (\\1)");
      if (class_depth == 0 && next == 'k') note("backreferences (\\k<name>)");
      if (next == 'Z') note("\\Z (use \\z or $)");
      out += c;
      if (next != '\0') out += next;
      ++i;
      continue;
    }
    if (class_depth > 0) {
      if (c == '[') ++class_depth;  // Java's nested class (a union)
      if (c == ']') --class_depth;
      if (c == '&' && next == '&') note("character class intersection (&&)");
      out += c;
      continue;
    }
    if (c == '[') {
      class_depth = 1;
      out += c;
      // A ']' first in a class is a literal.
      if (next == '^') {
        out += next;
        ++i;
        next = i + 1 < p.size() ? p[i + 1] : '\0';
      }
      if (next == ']') {
        out += next;
        ++i;
      }
      continue;
    }
    if (c == '(' && next == '?') {
      std::string_view rest(p.data() + i + 2, p.size() - i - 2);
      if (rest.starts_with("=") || rest.starts_with("!") || rest.starts_with("<=") ||
          rest.starts_with("<!")) {
        note("lookahead and lookbehind ((?=, (?!, (?<=, (?<!)");
      } else if (rest.starts_with(">")) {
        note("atomic groups ((?>...))");
      } else if (rest.starts_with("<")) {
        out += "(?P";  // a named group
        ++i;
        continue;
      } else {
        // Inline flags: Java's u (Unicode case), U (Unicode classes) and d (Unix lines) have no
        // RE2 counterpart worth a difference here (RE2's U means "ungreedy"): drop them.
        size_t j = 0;
        while (j < rest.size() && (std::isalpha(static_cast<unsigned char>(rest[j])) ||
                                   rest[j] == '-')) {
          ++j;
        }
        if (j > 0 && j < rest.size() && (rest[j] == ')' || rest[j] == ':')) {
          std::string flags;
          for (char f : rest.substr(0, j)) {
            if (f == 'x') note("the COMMENTS flag (?x)");
            if (f != 'u' && f != 'U' && f != 'd') flags += f;
          }
          if (flags.empty() || flags == "-") {
            // Only flags RE2 has no use for: "(?u)" goes, "(?u:" is a plain group.
            if (rest[j] == ':') out += "(?:";
            i += 2 + j;
            continue;
          }
          out += "(?" + flags + rest[j];
          i += 2 + j;
          continue;
        }
      }
    }
    if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
      note("possessive quantifiers (a*+)");
    }
    out += c;
  }
  return scan;
}

}  // namespace

Regex::Regex(std::unique_ptr<re2::RE2> re) : re_(std::move(re)) {
  matches_empty_ = re2::RE2::FullMatch("", *re_);
}

Regex::~Regex() = default;

std::unique_ptr<Regex> Regex::Compile(const std::string& pattern, std::string* error) {
  PatternScan scan = ScanJavaPattern(pattern);
  const std::string prefix = "Invalid regular expression '" + pattern + "': ";
  if (!scan.unsupported.empty()) {
    *error = prefix + scan.unsupported +
             " not supported: riffle matches with RE2, which takes linear time and has no "
             "backtracking";
    return nullptr;
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>(scan.translated, options);
  if (!re->ok()) {
    *error = prefix + re->error();
    return nullptr;
  }
  return std::unique_ptr<Regex>(new Regex(std::move(re)));
}

int Regex::groups() const { return re_->NumberOfCapturingGroups(); }

bool Regex::Find(std::string_view text, size_t from, std::vector<std::string_view>* groups) const {
  groups->assign(static_cast<size_t>(re_->NumberOfCapturingGroups()) + 1, std::string_view());
  if (from > text.size()) return false;
  std::vector<re2::StringPiece> pieces(groups->size());
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), from, text.size(),
                  re2::RE2::UNANCHORED, pieces.data(), static_cast<int>(pieces.size()))) {
    return false;
  }
  for (size_t i = 0; i < pieces.size(); ++i) {
    (*groups)[i] = std::string_view(pieces[i].data(), pieces[i].size());
  }
  return true;
}

std::vector<std::vector<std::string_view>> Regex::FindAll(std::string_view text) const {
  std::vector<std::vector<std::string_view>> matches;
  std::vector<std::string_view> groups;
  size_t from = 0;
  while (Find(text, from, &groups)) {
    size_t start = static_cast<size_t>(groups[0].data() - text.data());
    from = NextSearch(text, start, start + groups[0].size());
    matches.push_back(groups);
  }
  return matches;
}

bool Regex::ReplaceAll(std::string_view text, std::string_view replacement, size_t max_bytes,
                       std::string* out, std::string* error) const {
  out->clear();
  std::vector<std::string_view> groups;
  size_t from = 0;    // where the next search starts
  size_t copied = 0;  // text before this is in `out`
  while (Find(text, from, &groups)) {
    size_t start = static_cast<size_t>(groups[0].data() - text.data());
    size_t end = start + groups[0].size();
    out->append(text.substr(copied, start - copied));
    // Java's Matcher.appendReplacement.
    const int count = re_->NumberOfCapturingGroups();
    for (size_t i = 0; i < replacement.size(); ++i) {
      char c = replacement[i];
      if (c == '\\') {
        if (++i == replacement.size()) {
          *error = "character to be escaped is missing in replacement '" +
                   std::string(replacement) + "'";
          return false;
        }
        *out += replacement[i];
      } else if (c == '$') {
        if (++i == replacement.size()) {
          *error = "Illegal group reference: group index is missing in '" +
                   std::string(replacement) + "'";
          return false;
        }
        int group = -1;
        if (replacement[i] == '{') {
          size_t close = replacement.find('}', i);
          std::string name(replacement.substr(i + 1, close == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : close - i - 1));
          auto it = re_->NamedCapturingGroups().find(name);
          if (close == std::string_view::npos || it == re_->NamedCapturingGroups().end()) {
            *error = "No group with name {" + name + "}";
            return false;
          }
          group = it->second;
          i = close;
        } else if (std::isdigit(static_cast<unsigned char>(replacement[i]))) {
          // As Java: take further digits while they still name an existing group.
          group = replacement[i] - '0';
          while (i + 1 < replacement.size() &&
                 std::isdigit(static_cast<unsigned char>(replacement[i + 1])) &&
                 group * 10 + (replacement[i + 1] - '0') <= count) {
            group = group * 10 + (replacement[++i] - '0');
          }
          if (group > count) {
            *error = "No group " + std::to_string(group);
            return false;
          }
        } else {
          *error = "Illegal group reference in '" + std::string(replacement) + "'";
          return false;
        }
        if (groups[static_cast<size_t>(group)].data() != nullptr) {
          out->append(groups[static_cast<size_t>(group)]);
        }
      } else {
        *out += c;
      }
    }
    copied = end;
    from = NextSearch(text, start, end);
    if (out->size() > max_bytes) {
      *error = "the result would be over " + std::to_string(max_bytes >> 20) + " MiB";
      return false;
    }
  }
  out->append(text.substr(copied));
  return true;
}

std::vector<std::string> Regex::Split(std::string_view text) const {
  std::vector<std::string> pieces;
  std::vector<std::string_view> groups;
  if (matches_empty_) {
    // Java's Pattern.split(text), limit 0.
    size_t index = 0;
    bool matched = false;
    size_t from = 0;
    while (Find(text, from, &groups)) {
      size_t start = static_cast<size_t>(groups[0].data() - text.data());
      size_t end = start + groups[0].size();
      from = NextSearch(text, start, end);
      // No empty leading piece for an empty match at the start.
      if (index == 0 && start == 0 && end == 0) continue;
      pieces.emplace_back(text.substr(index, start - index));
      index = end;
      matched = true;
    }
    if (!matched) return {std::string(text)};
    pieces.emplace_back(text.substr(index));
    while (!pieces.empty() && pieces.back().empty()) pieces.pop_back();
    return pieces;
  }
  // Guava's Splitter.on(pattern).splitToList(text).
  size_t start = 0;  // of the current piece
  size_t from = 0;   // where the next separator is looked for
  while (true) {
    if (!Find(text, from, &groups)) {
      pieces.emplace_back(text.substr(start));
      return pieces;
    }
    size_t sep = static_cast<size_t>(groups[0].data() - text.data());
    size_t sep_end = sep + groups[0].size();
    if (sep_end == start) {
      // An empty separator where the piece starts: look one character further.
      from = NextSearch(text, sep, sep_end);
      if (from > text.size()) return pieces;  // as Guava: no empty last piece then
      continue;
    }
    pieces.emplace_back(text.substr(start, sep - start));
    start = from = sep_end;
  }
}

}  // namespace riffle
