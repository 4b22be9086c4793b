#include "tests/conformance/runner/post_checks.h"

#include <strings.h>

#include <algorithm>
#include <regex>

namespace riffle::conformance {

namespace {

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A schema string in one canonical spelling, because ksqlDB compares schemas,
// not strings: "ID INTEGER KEY, S STRUCT<`F1` VARCHAR>" and "ID INT KEY, S
// STRUCT<F1 STRING>" are the same. Unquoted text is upper-cased, quotes dropped
// (names needing quotes are rare in the corpus), type synonyms unified, and
// whitespace collapsed except between words.
std::string NormalizeSchema(const std::string& s) {
  static const std::regex kInteger("\\bINTEGER\\b"), kVarchar("\\bVARCHAR\\b");
  std::string text;
  bool quoted = false;
  for (char c : s) {
    if (c == '`') {
      quoted = !quoted;
    } else {
      text.push_back(quoted ? c : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  text = std::regex_replace(std::regex_replace(text, kInteger, "INT"), kVarchar, "STRING");
  // ksqlDB prints a table's key columns as KEY in post-conditions; riffle says PRIMARY KEY.
  static const std::regex kPrimaryKey("\\bPRIMARY\\s+KEY\\b");
  text = std::regex_replace(text, kPrimaryKey, "KEY");
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    bool prev_word =
        !out.empty() && (std::isalnum(static_cast<unsigned char>(out.back())) || out.back() == '_');
    if (space && word && prev_word) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// The source's schema with column names quoted where case matters (`c1`), so that the
// normalization above keeps them as they are.
std::string QuotedSchema(const Schema& schema, bool is_table) {
  Schema quoted;
  for (size_t i = 0; i < schema.size(); ++i) {
    ColumnDef c = schema[i];
    bool plain = !c.name.empty() && !std::isdigit(static_cast<unsigned char>(c.name[0]));
    for (char ch : c.name) {
      plain = plain && (std::isupper(static_cast<unsigned char>(ch)) ||
                        std::isdigit(static_cast<unsigned char>(ch)) || ch == '_');
    }
    if (!plain) c.name = "`" + c.name + "`";
    quoted.Add(c);
  }
  return quoted.ToString(is_table);
}

// A format given as "JSON" or {"format": "JSON", ...}.
std::string FormatName(const JNode& node) {
  if (node.is_string()) return Upper(node.text());
  return Upper(node.GetString("format"));
}

std::string Property(const SourceInfo& source, const std::string& name) {
  auto it = source.properties.find(name);
  return it == source.properties.end() ? "" : it->second;
}

std::string CheckSource(const JNode& expected, const Catalog& catalog) {
  std::string name = expected.GetString("name");
  std::optional<SourceInfo> source = catalog.GetSource(name);
  if (!source) return "post: source " + name + " does not exist";
  std::string type = Upper(expected.GetString("type"));
  std::string actual_type = source->is_table ? "TABLE" : "STREAM";
  if (!type.empty() && type != actual_type) {
    return "post: " + name + " is a " + actual_type + ", expected a " + type;
  }
  if (const JNode* schema = expected.Get("schema"); schema != nullptr && schema->is_string()) {
    std::string actual = QuotedSchema(source->schema, source->is_table);
    if (NormalizeSchema(schema->text()) != NormalizeSchema(actual)) {
      return "post: schema of " + name + "\n    expected: " + schema->text() +
             "\n    actual:   " + actual;
    }
  }
  if (const JNode* key = expected.Get("keyFormat"); key != nullptr && !key->is_null()) {
    std::string format = FormatName(*key);
    if (!format.empty() && format != Upper(source->key_format)) {
      return "post: key format of " + name + " is " + source->key_format + ", expected " + format;
    }
    if (key->is_object()) {
      std::string window_type = Upper(key->GetString("windowType"));
      std::string actual_window = Upper(Property(*source, "WINDOW_TYPE"));
      if (window_type != actual_window) {
        return "post: window type of " + name + " is '" + actual_window + "', expected '" +
               window_type + "'";
      }
      const JNode* size = key->Get("windowSize");
      if (size != nullptr && size->is_number() &&
          size->text() != Property(*source, "WINDOW_SIZE")) {
        return "post: window size of " + name + " is '" + Property(*source, "WINDOW_SIZE") +
               "', expected " + size->text();
      }
    }
  }
  if (const JNode* value = expected.Get("valueFormat"); value != nullptr && !value->is_null()) {
    std::string format = FormatName(*value);
    if (!format.empty() && format != Upper(source->value_format)) {
      return "post: value format of " + name + " is " + source->value_format + ", expected " +
             format;
    }
  }
  if (const JNode* is_source = expected.Get("isSource");
      is_source != nullptr && is_source->is_bool() && is_source->as_bool() != source->is_source) {
    return std::string("post: ") + name + (source->is_source ? " is" : " is not") +
           " a SOURCE stream/table";
  }
  return "";
}

}  // namespace

std::string CheckPost(const JNode& post, const Catalog& catalog,
                      const std::vector<std::string>& topics) {
  if (!post.is_object()) return "";
  if (const JNode* sources = post.Get("sources"); sources != nullptr && sources->is_array()) {
    for (const JNode& s : sources->items()) {
      std::string problem = CheckSource(s, catalog);
      if (!problem.empty()) return problem;
    }
  }
  const JNode* topic_spec = post.Get("topics");
  if (topic_spec == nullptr || !topic_spec->is_object()) return "";
  if (const JNode* list = topic_spec->Get("topics"); list != nullptr && list->is_array()) {
    for (const JNode& t : list->items()) {
      std::string name = t.GetString("name");
      if (std::find(topics.begin(), topics.end(), name) == topics.end()) {
        return "post: topic " + name + " does not exist";
      }
    }
  }
  std::string blacklist = topic_spec->GetString("blacklist");
  if (!blacklist.empty()) {
    try {
      std::regex re(blacklist);
      for (const std::string& t : topics) {
        if (std::regex_match(t, re)) return "post: topic " + t + " must not exist";
      }
    } catch (const std::regex_error&) {
      return "post: bad blacklist pattern " + blacklist;
    }
  }
  return "";
}

}  // namespace riffle::conformance
