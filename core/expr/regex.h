#pragma once
// Regular expressions for the REGEXP_* functions: the Java syntax ksqlDB takes, matched by RE2
// (as DuckDB does). RE2 runs in time linear in the input and does not recurse; std::regex,
// used before, recursed once per character and overflowed the stack on a 200,000-character
// value, ending the process.
//
// What Java's java.util.regex has and RE2 has not is refused when the pattern is compiled, with
// an error naming it: backreferences (\1, \k<name>), lookahead and lookbehind ((?=, (?!, (?<=,
// (?<!), atomic groups ((?>), possessive quantifiers (a*+), class intersection ([a-z&&[^c]]),
// \Z, and the COMMENTS flag (?x). Java's named groups (?<name>...) are accepted. Smaller
// differences: `$` matches only at the very end of the input (Java: also before a final line
// terminator), `.` excludes only \n (Java: also \r and Unicode line separators), and a match
// position counts UTF-8 code points where Java counts UTF-16 units.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace riffle {

class Regex {
 public:
  // Compiles a Java-syntax pattern. Returns nullptr with `*error` set ("Invalid regular
  // expression '(': missing ): (") when it does not compile or uses what RE2 lacks.
  static std::unique_ptr<Regex> Compile(const std::string& pattern, std::string* error);
  ~Regex();

  // Capturing groups in the pattern (group 0, the whole match, not counted).
  int groups() const;

  // The leftmost match starting at or after byte `from`, as groups 0..groups() (a group that
  // did not take part has a null data()); false when there is none.
  bool Find(std::string_view text, size_t from, std::vector<std::string_view>* groups) const;

  // Every match in `text`, in order, as Java's Matcher.find() finds them (after an empty match
  // the search resumes one character further). Each match is its groups 0..groups(); a group
  // that did not take part has a null data().
  std::vector<std::vector<std::string_view>> FindAll(std::string_view text) const;

  // Java's String.replaceAll: every match replaced by `replacement`, where $n and ${name} are
  // groups and a backslash quotes the next character. Returns false with `*error` set for a
  // reference to a missing group, a dangling $ or backslash, or a result over `max_bytes`.
  bool ReplaceAll(std::string_view text, std::string_view replacement, size_t max_bytes,
                  std::string* out, std::string* error) const;

  // ksqlDB's REGEXP_SPLIT_TO_ARRAY: Guava's Splitter.on(pattern) (empty pieces kept, leading
  // and trailing ones too), or, when the pattern matches the empty string, Java's
  // Pattern.split (one piece per character; trailing empty pieces dropped).
  std::vector<std::string> Split(std::string_view text) const;

 private:
  explicit Regex(std::unique_ptr<re2::RE2> re);

  std::unique_ptr<re2::RE2> re_;
  bool matches_empty_ = false;  // the pattern matches the empty string
};

}  // namespace riffle
