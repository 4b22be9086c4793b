// JSON decoding with simdjson on-demand, coercing JSON values to column types as ksqlDB's
// KsqlJsonDeserializer does: numbers into any numeric type (narrowing like Java), strings parsed
// into numbers, anything into STRING, objects matched to STRUCT fields case-insensitively.

#include <simdjson.h>

#include <bit>
#include <cstring>

#include "connectors/formats/format_impl.h"
#include "connectors/formats/text_codec.h"

namespace riffle::formats {

namespace {

namespace od = simdjson::ondemand;
using od::json_type;

const char* JsonKindName(json_type t) {
  switch (t) {
    case json_type::array: return "ArrayNode";
    case json_type::object: return "ObjectNode";
    case json_type::number: return "NumericNode";
    case json_type::string: return "TextNode";
    case json_type::boolean: return "BooleanNode";
    case json_type::null: return "NullNode";
  }
  return "JsonNode";
}

bool Mismatch(json_type t, const Type& type, std::string& error) {
  error = "Can't convert type. sourceType: ";
  error += JsonKindName(t);
  error += ", requiredType: ";
  error += type.ToString();
  return false;
}

bool BadString(std::string_view text, const Type& type, std::string& error) {
  error = "Can't coerce string to type. targetType: " + type.ToString() + ", value: '";
  error.append(text.substr(0, 64));
  error += "'";
  return false;
}

bool Malformed(simdjson::error_code code, std::string& error) {
  error = "Invalid JSON: ";
  error += simdjson::error_message(code);
  return false;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view RawToken(od::value& v) { return TrimRight(v.raw_json_token()); }
std::string_view RawToken(od::document& d) {
  std::string_view s;
  if (d.raw_json_token().get(s) != simdjson::SUCCESS) return {};
  return TrimRight(s);
}

// The key as written, without unescaping when it holds no escape (the common case): a scan to
// the closing quote instead of a copy into the parser's string buffer.
bool KeyOf(od::field& field, std::string_view& key, std::string& error) {
  const char* start = field.key().raw();
  const char* p = start;
  while (*p != '"' && *p != '\\') ++p;
  if (*p == '"') {
    key = std::string_view(start, static_cast<size_t>(p - start));
    return true;
  }
  if (auto code = field.unescaped_key().get(key)) return Malformed(code, error);
  return true;
}

// ksqlDB matches a JSON key to a field exactly, else when the key upper-cased equals the field
// name (so quoted lower-case column names match only exactly).
enum Match : uint8_t { kNoMatch = 0, kCaseInsensitive = 1, kExact = 2 };

// One pass for both tests; field names are short, so an inline loop beats memcmp calls.
Match MatchName(std::string_view key, const std::string& name) {
  if (key.size() != name.size()) return kNoMatch;
  bool exact = true;
  bool upper_equal = true;  // key upper-cased equals the name
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    char n = name[i];
    exact = exact && c == n;
    char upper = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper_equal = upper_equal && upper == n;
    if (!exact && !upper_equal) return kNoMatch;
  }
  return exact ? kExact : kCaseInsensitive;
}

// Picks the field `key` names, given how well each field has matched so far: an exact match
// beats a case-insensitive one; among equals the later key wins, as in a Java map. Returns -1
// when the key is to be skipped. `hint` is where the search starts (fields usually come in
// schema order).
template <class NameOf>
int FindField(std::string_view key, size_t count, NameOf name_of, const uint8_t* matched,
              size_t hint) {
  for (size_t n = 0; n < count; ++n) {
    size_t i = hint + n < count ? hint + n : hint + n - count;
    Match m = MatchName(key, name_of(i));
    if (m != kNoMatch && m >= matched[i]) return static_cast<int>(i);
  }
  return -1;
}

// A top-level field name prepared for matching keys without a byte loop: keys are compared a
// word at a time against the name and (for names without lower-case letters, where ksqlDB's
// upper-casing rule makes them equivalent) against its lower-case spelling, the common case of
// lower-case JSON keys for unquoted columns.
struct FieldKey {
  size_t size = 0;
  std::string exact;  // the name plus 8 NUL bytes, so word loads stay inside the string
  std::string lower;  // likewise; empty when the name holds lower-case letters
};

FieldKey MakeFieldKey(const std::string& name) {
  FieldKey k;
  k.size = name.size();
  k.exact = name + std::string(8, '\0');
  bool has_lower = false;
  std::string lower = name;
  for (char& c : lower) {
    if (c >= 'a' && c <= 'z') has_lower = true;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (!has_lower) k.lower = lower + std::string(8, '\0');
  return k;
}

// REQUIRES: a and b are readable for n bytes rounded up to a multiple of 8.
bool EqualPadded(const char* a, const char* b, size_t n) {
  if constexpr (std::endian::native != std::endian::little) return std::memcmp(a, b, n) == 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) return false;
  }
  if (i == n) return true;
  uint64_t x, y;
  std::memcpy(&x, a + i, 8);
  std::memcpy(&y, b + i, 8);
  uint64_t mask = (uint64_t{1} << ((n - i) * 8)) - 1;  // the low bytes come first
  return ((x ^ y) & mask) == 0;
}

// REQUIRES: key.data() is readable for key.size() rounded up to 8 (it points into the padded
// input or the parser's padded string buffer).
Match MatchFieldKey(std::string_view key, const FieldKey& k, const std::string& name) {
  if (key.size() != k.size) return kNoMatch;
  if (EqualPadded(key.data(), k.exact.data(), k.size)) return kExact;
  if (!k.lower.empty() && EqualPadded(key.data(), k.lower.data(), k.size)) {
    return kCaseInsensitive;
  }
  return MatchName(key, name);  // mixed-case keys
}

// A string token (quotes included) holding no escape: its text is the bytes between the quotes.
bool IsPlainStringToken(std::string_view token) {
  return token.size() >= 2 && token.back() == '"' &&
         std::memchr(token.data(), '\\', token.size()) == nullptr;
}

class JsonReader {
 public:
  template <class Node>
  bool Read(Node& node, const Type& type, Value& out, std::string& error);
  // For a column the query never reads (FieldBinding::unread): fails exactly where Read would,
  // but stores nothing. A string, the usual unread column, is checked without a copy; other
  // values are read into a scratch Value, which allocates only for nested, BYTES and
  // number-as-STRING values.
  template <class Node>
  bool Check(Node& node, const Type& type, std::string& error);

 private:
  template <class Node>
  bool ReadIntegral(Node& node, json_type jt, const Type& type, bool is_int32, Value& out,
                    std::string& error);
  template <class Node>
  bool ReadString(Node& node, json_type jt, Value& out, std::string& error);
  template <class Node>
  bool ReadArray(Node& node, const Type& type, Value& out, std::string& error);
  template <class Node>
  bool ReadMap(Node& node, const Type& type, Value& out, std::string& error);
  template <class Node>
  bool ReadStruct(Node& node, const Type& type, Value& out, std::string& error);
  bool CoerceText(std::string_view text, const Type& type, Value& out, std::string& error);

  std::string scratch_;
  Value unread_;  // Check's scratch
};

template <class Node>
bool JsonReader::Read(Node& node, const Type& type, Value& out, std::string& error) {
  json_type jt;
  if (auto code = node.type().get(jt)) return Malformed(code, error);
  if (jt == json_type::null) {
    bool is_null = false;
    if (auto code = node.is_null().get(is_null)) return Malformed(code, error);
    if (!is_null) return Malformed(simdjson::N_ATOM_ERROR, error);
    out = Value();
    return true;
  }
  switch (type.kind) {
    case TypeKind::kBoolean: {
      if (jt != json_type::boolean) return Mismatch(jt, type, error);
      bool b = false;
      if (auto code = node.get_bool().get(b)) return Malformed(code, error);
      out = Value::Bool(b);
      return true;
    }
    case TypeKind::kInt:
    case TypeKind::kDate:
    case TypeKind::kTime:
      return ReadIntegral(node, jt, type, true, out, error);
    case TypeKind::kBigint:
    case TypeKind::kTimestamp:
      return ReadIntegral(node, jt, type, false, out, error);
    case TypeKind::kDouble: {
      if (jt == json_type::string) {
        std::string_view s;
        if (auto code = node.get_string().get(s)) return Malformed(code, error);
        return CoerceText(s, type, out, error);
      }
      if (jt != json_type::number) return Mismatch(jt, type, error);
      double d = 0;
      if (auto code = node.get_double().get(d)) return Malformed(code, error);
      out.SetDouble(d);
      return true;
    }
    case TypeKind::kDecimal: {
      std::string_view text;
      if (jt == json_type::string) {
        if (auto code = node.get_string().get(text)) return Malformed(code, error);
      } else if (jt == json_type::number) {
        // The raw token, not a double, so the decimal is exact; get_double() still validates
        // the token (and, at the root, that nothing follows it).
        text = RawToken(node);
        double check = 0;
        if (auto code = node.get_double().get(check)) return Malformed(code, error);
      } else {
        return Mismatch(jt, type, error);
      }
      return CoerceText(text, type, out, error);
    }
    case TypeKind::kString:
      return ReadString(node, jt, out, error);
    case TypeKind::kBytes: {
      if (jt != json_type::string) return Mismatch(jt, type, error);
      std::string_view s;
      if (auto code = node.get_string().get(s)) return Malformed(code, error);
      return CoerceText(s, type, out, error);
    }
    case TypeKind::kArray:
      if (jt != json_type::array) return Mismatch(jt, type, error);
      return ReadArray(node, type, out, error);
    case TypeKind::kMap:
      if (jt != json_type::object) return Mismatch(jt, type, error);
      return ReadMap(node, type, out, error);
    case TypeKind::kStruct:
      if (jt != json_type::object) return Mismatch(jt, type, error);
      return ReadStruct(node, type, out, error);
    case TypeKind::kNull:
      out = Value();
      return true;
  }
  return Mismatch(jt, type, error);
}

template <class Node>
bool JsonReader::Check(Node& node, const Type& type, std::string& error) {
  if (type.kind == TypeKind::kString) {
    json_type jt;
    if (auto code = node.type().get(jt)) return Malformed(code, error);
    if (jt == json_type::string) {
      // As ReadString: a plain token is taken as it is; one with escapes is unescaped (into the
      // parser's buffer), which rejects a bad escape.
      if (IsPlainStringToken(RawToken(node))) return true;
      std::string_view s;
      if (auto code = node.get_string().get(s)) return Malformed(code, error);
      return true;
    }
  }
  return Read(node, type, unread_, error);
}

template <class Node>
bool JsonReader::ReadIntegral(Node& node, json_type jt, const Type& type, bool is_int32,
                              Value& out, std::string& error) {
  if (jt == json_type::string) {
    std::string_view s;
    if (auto code = node.get_string().get(s)) return Malformed(code, error);
    return CoerceText(s, type, out, error);
  }
  if (jt != json_type::number) return Mismatch(jt, type, error);
  // Fast path: a plain integer. A failed get_int64() leaves the value unconsumed, so the
  // general path below can still read it.
  int64_t fast = 0;
  if (node.get_int64().get(fast) == simdjson::SUCCESS) {
    if (is_int32) fast = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(fast)));
    out.SetInt(fast);
    return true;
  }
  od::number_type nt;
  if (auto code = node.get_number_type().get(nt)) return Malformed(code, error);
  int64_t v = 0;
  if (nt == od::number_type::signed_integer) {
    if (auto code = node.get_int64().get(v)) return Malformed(code, error);
  } else if (nt == od::number_type::unsigned_integer) {
    uint64_t u = 0;
    if (auto code = node.get_uint64().get(u)) return Malformed(code, error);
    v = static_cast<int64_t>(u);  // Java's longValue() keeps the low 64 bits
  } else {
    double d = 0;
    if (auto code = node.get_double().get(d)) return Malformed(code, error);
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      error = "Number out of range for " + type.ToString() + ": ";
      error.append(RawToken(node));
      return false;
    }
    v = static_cast<int64_t>(d);  // truncation toward zero, as Java's intValue()/longValue()
  }
  // Java's intValue() narrows by keeping the low 32 bits.
  if (is_int32) v = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
  out = Value::Int(v);
  return true;
}

template <class Node>
bool JsonReader::ReadString(Node& node, json_type jt, Value& out, std::string& error) {
  switch (jt) {
    case json_type::string: {
      // Most strings hold no escape: copy them straight from the input rather than through
      // the parser's unescape buffer. The value is left unread; on-demand skips it.
      std::string_view token = RawToken(node);
      if (IsPlainStringToken(token)) {
        out.SetString(token.substr(1, token.size() - 2));
        return true;
      }
      std::string_view s;
      if (auto code = node.get_string().get(s)) return Malformed(code, error);
      out.SetString(s);
      return true;
    }
    case json_type::number: {
      // Jackson's asText() of the parsed number; the token as written is what ksqlDB's exact
      // (BigDecimal) number nodes print.
      std::string_view token = RawToken(node);
      double check = 0;
      if (auto code = node.get_double().get(check)) return Malformed(code, error);
      out = Value::String(std::string(token));
      return true;
    }
    case json_type::boolean: {
      bool b = false;
      if (auto code = node.get_bool().get(b)) return Malformed(code, error);
      out = Value::String(b ? "true" : "false");
      return true;
    }
    case json_type::array:
    case json_type::object: {
      // ksqlDB writes nested JSON back out as compact JSON text.
      std::string_view raw;
      if (jt == json_type::array) {
        od::array arr;
        if (auto code = node.get_array().get(arr)) return Malformed(code, error);
        if (auto code = arr.raw_json().get(raw)) return Malformed(code, error);
      } else {
        od::object obj;
        if (auto code = node.get_object().get(obj)) return Malformed(code, error);
        if (auto code = obj.raw_json().get(raw)) return Malformed(code, error);
      }
      scratch_.resize(raw.size());
      size_t len = 0;
      if (auto code = simdjson::minify(raw.data(), raw.size(), scratch_.data(), len)) {
        return Malformed(code, error);
      }
      out = Value::String(scratch_.substr(0, len));
      return true;
    }
    case json_type::null:
      out = Value();
      return true;
  }
  return false;
}

template <class Node>
bool JsonReader::ReadArray(Node& node, const Type& type, Value& out, std::string& error) {
  od::array arr;
  if (auto code = node.get_array().get(arr)) return Malformed(code, error);
  ValueList items;
  for (auto element : arr) {
    od::value v;
    if (auto code = element.get(v)) return Malformed(code, error);
    Value item;
    if (!Read(v, *type.element, item, error)) return false;
    items.push_back(std::move(item));
  }
  out = Value::List(std::move(items));
  return true;
}

template <class Node>
bool JsonReader::ReadMap(Node& node, const Type& type, Value& out, std::string& error) {
  od::object obj;
  if (auto code = node.get_object().get(obj)) return Malformed(code, error);
  ValueMap entries;
  for (auto field_result : obj) {
    od::field field;
    if (auto code = std::move(field_result).get(field)) return Malformed(code, error);
    std::string_view key_text;
    if (auto code = field.unescaped_key().get(key_text)) return Malformed(code, error);
    Value key;
    if (type.key == nullptr || type.key->kind == TypeKind::kString) {
      key = Value::String(std::string(key_text));
    } else if (!CoerceText(key_text, *type.key, key, error)) {
      return false;
    }
    Value value;
    if (!Read(field.value(), *type.element, value, error)) return false;
    // A repeated key keeps its first position and its last value, as Jackson's ObjectNode.
    bool replaced = false;
    for (auto& entry : entries) {
      if (entry.first == key) {
        entry.second = std::move(value);
        replaced = true;
        break;
      }
    }
    if (!replaced) entries.emplace_back(std::move(key), std::move(value));
  }
  out = Value::Map(std::move(entries));
  return true;
}

template <class Node>
bool JsonReader::ReadStruct(Node& node, const Type& type, Value& out, std::string& error) {
  od::object obj;
  if (auto code = node.get_object().get(obj)) return Malformed(code, error);
  const size_t count = type.fields.size();
  ValueList values(count);
  std::vector<uint8_t> matched(count, kNoMatch);
  size_t hint = 0;
  for (auto field_result : obj) {
    od::field field;
    if (auto code = std::move(field_result).get(field)) return Malformed(code, error);
    std::string_view key;
    if (!KeyOf(field, key, error)) return false;
    int i = FindField(
        key, count, [&](size_t k) -> const std::string& { return type.fields[k].name; },
        matched.data(), hint);
    if (i < 0) continue;  // on-demand skips the unread value
    matched[i] = MatchName(key, type.fields[i].name);
    if (!Read(field.value(), *type.fields[i].type, values[i], error)) {
      error = "field `" + type.fields[i].name + "`: " + error;
      return false;
    }
    hint = static_cast<size_t>(i) + 1 < count ? static_cast<size_t>(i) + 1 : 0;
  }
  out = Value::List(std::move(values));
  return true;
}

bool JsonReader::CoerceText(std::string_view text, const Type& type, Value& out,
                            std::string& error) {
  switch (type.kind) {
    case TypeKind::kString:
      out = Value::String(std::string(text));
      return true;
    case TypeKind::kInt:
    case TypeKind::kDate:
    case TypeKind::kTime: {
      int64_t v = 0;
      if (!ParseJavaInt32(text, v)) return BadString(text, type, error);
      out = Value::Int(v);
      return true;
    }
    case TypeKind::kBigint:
    case TypeKind::kTimestamp: {
      int64_t v = 0;
      if (!ParseJavaInt64(text, v)) return BadString(text, type, error);
      out = Value::Int(v);
      return true;
    }
    case TypeKind::kDouble: {
      double d = 0;
      if (!ParseJavaDouble(text, d)) return BadString(text, type, error);
      out = Value::Double(d);
      return true;
    }
    case TypeKind::kDecimal: {
      Decimal d;
      if (!ParseDecimalFit(text, type.precision, type.scale, d, error)) return false;
      out = Value::Dec(d);
      return true;
    }
    case TypeKind::kBytes: {
      std::string bytes;
      if (!DecodeBase64(text, bytes)) {
        error = "Invalid base64 for BYTES value";
        return false;
      }
      out = Value::String(std::move(bytes));
      return true;
    }
    default:
      return BadString(text, type, error);
  }
}

class JsonDecoder final : public Decoder {
 public:
  JsonDecoder(const FormatSpec& spec, std::vector<FieldBinding> fields)
      : fields_(std::move(fields)),
        matched_(fields_.size()),
        keys_(MakeKeys(fields_)),
        unwrapped_(IsUnwrapped(spec, fields_.size())),
        schema_registry_framing_(spec.name == "JSON_SR") {}

  bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
              std::string& error) override {
    return DecodeFollowed(bytes, 0, is_null, row, error);
  }

  bool DecodeFollowed(std::string_view bytes, size_t readable_after, bool is_null,
                      std::vector<Value>& row, std::string& error) override {
    if (is_null || fields_.empty()) return SetAllNull(row);
    // JSON_SR records from a Schema Registry serializer start with magic byte 0 and a 4-byte
    // schema id; JSON text never starts with a NUL.
    if (schema_registry_framing_ && bytes.size() >= 5 && bytes[0] == '\0') bytes.remove_prefix(5);
    // Trimmed so a bare "null" is recognised without the parser (simdjson rejects some
    // whitespace around root atoms).
    size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
      // No JSON at all is not JSON's null: ksqlDB counts an empty value as a bad record (a
      // null value, a tombstone, is another thing: is_null above).
      error = bytes.empty() ? "empty, not JSON" : "only whitespace, not JSON";
      return false;
    }
    size_t last = bytes.find_last_not_of(" \t\r\n");
    readable_after += bytes.size() - last - 1;  // the trimmed whitespace may be read too
    bytes = bytes.substr(first, last - first + 1);
    if (bytes == "null") return SetAllNull(row);
    // simdjson reads up to SIMDJSON_PADDING bytes past the input but does not depend on them:
    // parse in place when the source's buffer has them, else from a copy with zeroed padding.
    const char* input = bytes.data();
    size_t capacity = bytes.size() + readable_after;
    if (readable_after < simdjson::SIMDJSON_PADDING) {
      if (buffer_.size() < bytes.size() + simdjson::SIMDJSON_PADDING) {
        buffer_.resize(bytes.size() + simdjson::SIMDJSON_PADDING);
      }
      std::memcpy(buffer_.data(), bytes.data(), bytes.size());
      std::memset(buffer_.data() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
      input = buffer_.data();
      capacity = buffer_.size();
    }
    od::document doc;
    if (auto code = parser_.iterate(input, bytes.size(), capacity).get(doc)) {
      return Malformed(code, error);
    }
    json_type jt;
    if (auto code = doc.type().get(jt)) return Malformed(code, error);
    if (unwrapped_) {
      const FieldBinding& f = fields_[0];
      bool scalar = jt != json_type::array && jt != json_type::object;
      // A root scalar's token runs to the next token, so anything after it shows as a
      // token shorter than the (trimmed) input.
      if (scalar && RawToken(doc).size() != bytes.size()) {
        error = "Invalid JSON: unexpected content after the document";
        return false;
      }
      if (!ReadField(doc, f, row, error)) return false;
      return scalar || AtEnd(doc, error);
    }
    if (jt != json_type::object) {
      error = "Can't convert type. sourceType: ";
      error += JsonKindName(jt);
      error += ", requiredType: STRUCT (a JSON object of columns)";
      return false;
    }
    od::object obj;
    if (auto code = doc.get_object().get(obj)) return Malformed(code, error);
    std::fill(matched_.begin(), matched_.end(), kNoMatch);
    size_t hint = 0;
    const size_t count = fields_.size();
    for (auto field_result : obj) {
      od::field field;
      if (auto code = std::move(field_result).get(field)) return Malformed(code, error);
      std::string_view key;
      if (!KeyOf(field, key, error)) return false;
      // Search from the field after the last match: records usually follow schema order.
      int i = -1;
      for (size_t n = 0; n < count; ++n) {
        size_t k = hint + n < count ? hint + n : hint + n - count;
        Match m = MatchFieldKey(key, keys_[k], fields_[k].name);
        if (m != kNoMatch && m >= matched_[k]) {
          i = static_cast<int>(k);
          matched_[k] = m;
          break;
        }
      }
      if (i < 0) continue;  // on-demand skips the unread value
      if (!ReadField(field.value(), fields_[i], row, error)) return false;
      hint = static_cast<size_t>(i) + 1 < count ? static_cast<size_t>(i) + 1 : 0;
    }
    // Fields the record does not mention are NULL (resetting only these, not every field up
    // front, saves a variant reset per field on the hot path).
    for (size_t i = 0; i < count; ++i) {
      if (matched_[i] == kNoMatch) row[fields_[i].index] = Value();
    }
    return AtEnd(doc, error);
  }

 private:
  static std::vector<FieldKey> MakeKeys(const std::vector<FieldBinding>& fields) {
    std::vector<FieldKey> keys;
    for (const auto& f : fields) keys.push_back(MakeFieldKey(f.name));
    return keys;
  }

  bool SetAllNull(std::vector<Value>& row) const {
    for (const auto& f : fields_) row[f.index] = Value();
    return true;
  }

  // Reads `f` into its slot, or for an unread field checks it (see FieldBinding::unread).
  template <class Node>
  bool ReadField(Node& node, const FieldBinding& f, std::vector<Value>& row, std::string& error) {
    bool ok = f.unread ? reader_.Check(node, *f.type, error)
                       : reader_.Read(node, *f.type, row[f.index], error);
    return ok || WithField(f, error);
  }

  static bool WithField(const FieldBinding& f, std::string& error) {
    error = FieldContext(f) + error;
    return false;
  }

  // On-demand parses lazily: make sure nothing but whitespace follows the document.
  static bool AtEnd(od::document& doc, std::string& error) {
    const char* location = nullptr;
    if (doc.current_location().get(location) == simdjson::SUCCESS) {
      error = "Invalid JSON: unexpected content after the document";
      return false;
    }
    return true;
  }

  std::vector<FieldBinding> fields_;
  std::vector<uint8_t> matched_;
  std::vector<FieldKey> keys_;
  bool unwrapped_;
  bool schema_registry_framing_;
  od::parser parser_;
  std::vector<char> buffer_;
  JsonReader reader_;
};

}  // namespace

std::unique_ptr<Decoder> MakeJsonDecoder(const FormatSpec& spec,
                                         std::vector<FieldBinding> fields) {
  return std::make_unique<JsonDecoder>(spec, std::move(fields));
}

}  // namespace riffle::formats
