#pragma once
// A small JSON document model for the conformance runner. It reads the corpus leniently (// and
// /* */ comments, trailing commas) and keeps every number's original text, because the corpus
// compares DECIMALs exactly, scale included ("10.50" is not "10.5"), which a double would lose.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riffle::conformance {

class JNode {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  JNode() = default;
  static JNode Null() { return JNode(); }
  static JNode Bool(bool b);
  // `text` must be a JSON number ("12", "-0.50", "1e3").
  static JNode Number(std::string text);
  static JNode String(std::string s);
  static JNode Array(std::vector<JNode> items = {});
  static JNode Object(std::vector<std::pair<std::string, JNode>> members = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  bool as_bool() const { return bool_; }
  // The number's text as written, or the string's contents.
  const std::string& text() const { return text_; }
  const std::vector<JNode>& items() const { return items_; }
  std::vector<JNode>& items() { return items_; }
  const std::vector<std::pair<std::string, JNode>>& members() const { return members_; }
  std::vector<std::pair<std::string, JNode>>& members() { return members_; }

  // True for a number written without fraction or exponent.
  bool IsIntegerText() const;
  // The member named `key` (exact match), or nullptr. REQUIRES: nothing (non-objects: nullptr).
  const JNode* Get(std::string_view key) const;
  // Member `key` as a string when it is a string, else `fallback`.
  std::string GetString(std::string_view key, const std::string& fallback = "") const;

  // Compact JSON text; numbers are written as stored.
  std::string Dump() const;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  std::string text_;
  std::vector<JNode> items_;
  std::vector<std::pair<std::string, JNode>> members_;
};

// Parses `text` leniently (comments, trailing commas). Throws std::runtime_error with the line
// and column of the first error.
JNode ParseLenientJson(std::string_view text);

// Appends `s` as a quoted JSON string.
void AppendJsonQuoted(const std::string& s, std::string& out);

}  // namespace riffle::conformance
