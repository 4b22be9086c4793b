// String functions: LCASE, UCASE, TRIM, LTRIM, RTRIM, LEN, SUBSTRING, CONCAT, CONCAT_WS,
// REPLACE, INSTR, LPAD, RPAD, SPLIT, INITCAP, REGEXP_EXTRACT, REGEXP_REPLACE, MASK, CHR, ...
// Positions and lengths count Unicode code points, as ksqlDB counts characters.

#include <algorithm>
#include <cctype>

#include "core/common/text.h"
#include "core/expr/functions_util.h"
#include "core/expr/regex.h"

namespace riffle {
namespace fn {

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

size_t Utf8Offset(const std::string& s, size_t cp) {
  size_t i = 0, seen = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == cp) return i;
      ++seen;
    }
  }
  return s.size();
}

}  // namespace fn

namespace {

using fn::Arity;

// Substring by code point range [start, end).
std::string CpSub(const std::string& s, size_t start, size_t end, bool bytes) {
  if (bytes) return s.substr(std::min(start, s.size()), end > start ? end - start : 0);
  size_t b = fn::Utf8Offset(s, start), e = fn::Utf8Offset(s, end);
  return s.substr(b, e > b ? e - b : 0);
}
size_t CpLen(const std::string& s, bool bytes) { return bytes ? s.size() : fn::Utf8Length(s); }

bool IsBytesCall(const FnCall& call) {
  return !call.arg_types.empty() && call.arg_types[0]->kind == TypeKind::kBytes;
}

// ---- resolvers ----

TypePtr ResolveStringToString(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIsString(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}

TypePtr ResolveLen(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIsString(a[0]) && !ArgIsBytes(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::String());
  return Type::Int();
}

TypePtr ResolveSubstring(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 3, pos);
  if (!ArgIsString(a[0]) && !ArgIsBytes(a[0])) ThrowNoSignature(name, a, pos);
  for (size_t i = 1; i < a.size(); ++i) {
    if (!ArgIsIntegral(a[i])) ThrowNoSignature(name, a, pos);
  }
  TypePtr t = a[0]->kind == TypeKind::kBytes ? Type::Bytes() : Type::String();
  a[0] = t;
  for (size_t i = 1; i < a.size(); ++i) {
    if (a[i]->kind == TypeKind::kNull) a[i] = Type::Int();
  }
  return t;
}

// All STRING (or all BYTES) arguments, any count >= min.
TypePtr ResolveVariadicText(const std::string& name, std::vector<TypePtr>& a, SourcePos pos,
                            size_t min) {
  if (a.size() < min) ThrowNoSignature(name, a, pos);
  bool bytes = false, str = false;
  for (const auto& t : a) {
    if (t->kind == TypeKind::kBytes)
      bytes = true;
    else if (t->kind == TypeKind::kString)
      str = true;
    else if (t->kind != TypeKind::kNull)
      ThrowNoSignature(name, a, pos);
  }
  if (bytes && str) ThrowNoSignature(name, a, pos);
  TypePtr t = bytes ? Type::Bytes() : Type::String();
  fn::DefaultNulls(a, t);
  return t;
}
TypePtr ResolveConcat(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveVariadicText(name, a, pos, 1);
}
TypePtr ResolveConcatWs(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveVariadicText(name, a, pos, 2);
}

// Fixed STRING arguments then optional integral ones.
TypePtr ResolveStrings(const std::string& name, std::vector<TypePtr>& a, SourcePos pos,
                       size_t n_strings, size_t n_opt_ints, TypePtr result) {
  Arity(name, a, n_strings, n_strings + n_opt_ints, pos);
  for (size_t i = 0; i < a.size(); ++i) {
    bool ok = i < n_strings ? ArgIsString(a[i]) : ArgIsIntegral(a[i]);
    if (!ok) ThrowNoSignature(name, a, pos);
    if (a[i]->kind == TypeKind::kNull) a[i] = i < n_strings ? Type::String() : Type::Int();
  }
  return result;
}
TypePtr ResolveReplace(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 3, 0, Type::String());
}
TypePtr ResolveInstr(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 2, 2, Type::Int());
}
TypePtr ResolveSplit(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 2, 2, pos);
  if (a[0]->kind == TypeKind::kBytes || a[1]->kind == TypeKind::kBytes) {
    ResolveVariadicText(name, a, pos, 2);
    return Type::Array(Type::Bytes());
  }
  return ResolveStrings(name, a, pos, 2, 0, Type::Array(Type::String()));
}
TypePtr ResolvePad(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 3, 3, pos);
  bool bytes = a[0]->kind == TypeKind::kBytes;
  TypePtr t = bytes ? Type::Bytes() : Type::String();
  if (!ArgIs(a[0], t->kind) || !ArgIsIntegral(a[1]) || !ArgIs(a[2], t->kind)) {
    ThrowNoSignature(name, a, pos);
  }
  a[0] = t;
  a[2] = t;
  if (a[1]->kind == TypeKind::kNull) a[1] = Type::Int();
  return t;
}
TypePtr ResolveRegexpExtract(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 2, 1, Type::String());
}
TypePtr ResolveRegexpExtractAll(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 2, 1, Type::Array(Type::String()));
}
TypePtr ResolveRegexpSplit(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  return ResolveStrings(name, a, pos, 2, 0, Type::Array(Type::String()));
}
TypePtr ResolveChr(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 1, pos);
  if (!ArgIsIntegral(a[0]) && !ArgIsString(a[0])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::Int());
  return Type::String();
}
TypePtr ResolveMask(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 5, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}
TypePtr ResolveMaskN(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  Arity(name, a, 1, 6, pos);
  for (size_t i = 0; i < a.size(); ++i) {
    bool ok = i == 1 ? ArgIsIntegral(a[i]) : ArgIsString(a[i]);
    if (!ok) ThrowNoSignature(name, a, pos);
    if (a[i]->kind == TypeKind::kNull) a[i] = i == 1 ? Type::Int() : Type::String();
  }
  return Type::String();
}

// ---- implementations ----

Value Lcase(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  std::string s = a[0]->as_string();
  AsciiLowerInPlace(s);
  return Value::String(std::move(s));
}
Value Ucase(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  std::string s = a[0]->as_string();
  AsciiUpperInPlace(s);
  return Value::String(std::move(s));
}
// Java's String.trim removes every char <= ' '.
bool IsTrimmed(char c) { return static_cast<unsigned char>(c) <= ' '; }
Value Trim(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const std::string& s = a[0]->as_string();
  size_t b = 0, e = s.size();
  while (b < e && IsTrimmed(s[b])) ++b;
  while (e > b && IsTrimmed(s[e - 1])) --e;
  return Value::String(s.substr(b, e - b));
}
Value Ltrim(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const std::string& s = a[0]->as_string();
  size_t b = 0;
  while (b < s.size() && IsTrimmed(s[b])) ++b;
  return Value::String(s.substr(b));
}
Value Rtrim(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  const std::string& s = a[0]->as_string();
  size_t e = s.size();
  while (e > 0 && IsTrimmed(s[e - 1])) --e;
  return Value::String(s.substr(0, e));
}
Value Len(const Value* const* a, size_t, const FnCall& call, EvalContext&) {
  return Value::Int(static_cast<int64_t>(CpLen(a[0]->as_string(), IsBytesCall(call))));
}

Value Substring(const Value* const* a, size_t n, const FnCall& call, EvalContext&) {
  const std::string& s = a[0]->as_string();
  const bool bytes = IsBytesCall(call);
  const int64_t len = static_cast<int64_t>(CpLen(s, bytes));
  const int64_t pos = a[1]->as_int();
  // ksqlDB: 1-based; 0 acts as 1; negative counts from the end.
  int64_t start =
      pos >= 0 ? std::min(std::max<int64_t>(pos - 1, 0), len) : std::max<int64_t>(len + pos, 0);
  int64_t end = len;
  if (n > 2) {
    int64_t want = a[2]->as_int();
    if (want < 0) want = 0;
    end = std::max(std::min(start + want, len), start);
  }
  return Value::String(CpSub(s, static_cast<size_t>(start), static_cast<size_t>(end), bytes));
}

Value Concat(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) bytes += a[i]->is_null() ? 0 : a[i]->as_string().size();
  if (ctx.TooLong(bytes, "CONCAT")) return Value();
  std::string out;
  out.reserve(bytes);
  for (size_t i = 0; i < n; ++i) {
    if (!a[i]->is_null()) out += a[i]->as_string();
  }
  return Value::String(std::move(out));
}

Value ConcatWs(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  if (a[0]->is_null()) return Value();
  const std::string& sep = a[0]->as_string();
  size_t bytes = 0;
  for (size_t i = 1; i < n; ++i) {
    bytes += a[i]->is_null() ? 0 : a[i]->as_string().size() + sep.size();
  }
  if (ctx.TooLong(bytes, "CONCAT_WS")) return Value();
  std::string out;
  bool first = true;
  for (size_t i = 1; i < n; ++i) {
    if (a[i]->is_null()) continue;
    if (!first) out += sep;
    first = false;
    out += a[i]->as_string();
  }
  return Value::String(std::move(out));
}

Value Replace(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  const std::string& s = a[0]->as_string();
  const std::string& from = a[1]->as_string();
  const std::string& to = a[2]->as_string();
  std::string out;
  if (from.empty()) {
    // Java's String.replace("", x) inserts x around every character.
    if (ctx.TooLong(s.size() + (fn::Utf8Length(s) + 1) * to.size(), "REPLACE")) return Value();
    out += to;
    for (size_t i = 0; i < s.size();) {
      size_t next = i + 1;
      while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
      out.append(s, i, next - i);
      out += to;
      i = next;
    }
    return Value::String(std::move(out));
  }
  if (to.size() > from.size()) {
    size_t count = 0;
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + from.size())) {
      ++count;
    }
    if (ctx.TooLong(s.size() + count * (to.size() - from.size()), "REPLACE")) return Value();
  }
  size_t i = 0;
  while (true) {
    size_t j = s.find(from, i);
    if (j == std::string::npos) break;
    out.append(s, i, j - i);
    out += to;
    i = j + from.size();
  }
  out.append(s, i, std::string::npos);
  return Value::String(std::move(out));
}

Value Instr(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  const std::string& s = a[0]->as_string();
  const std::string& sub = a[1]->as_string();
  int64_t position = n > 2 ? a[2]->as_int() : 1;
  int64_t occurrence = n > 3 ? a[3]->as_int() : 1;
  const int64_t len = static_cast<int64_t>(fn::Utf8Length(s));
  if (occurrence <= 0 || position == 0) return Value::Int(0);
  // Work in byte offsets, report code point positions.
  auto cp_of = [&](size_t byte) { return static_cast<int64_t>(fn::Utf8Length(s.substr(0, byte))); };
  if (position > 0) {
    if (position > len + 1) return Value::Int(0);
    size_t from = fn::Utf8Offset(s, static_cast<size_t>(position - 1));
    for (int64_t k = 0;; ++k) {
      size_t j = s.find(sub, from);
      if (j == std::string::npos) return Value::Int(0);
      if (k + 1 == occurrence) return Value::Int(cp_of(j) + 1);
      from = j + 1;
    }
  }
  // Negative position: search backwards starting |position| characters from the end.
  int64_t start_cp = len + position;
  if (start_cp < 0) return Value::Int(0);
  size_t from = fn::Utf8Offset(s, static_cast<size_t>(start_cp));
  for (int64_t k = 0;; ++k) {
    size_t j = s.rfind(sub, from);
    if (j == std::string::npos) return Value::Int(0);
    if (k + 1 == occurrence) return Value::Int(cp_of(j) + 1);
    if (j == 0) return Value::Int(0);
    from = j - 1;
  }
}

Value Pad(const Value* const* a, const FnCall& call, bool left, EvalContext& ctx) {
  const std::string& s = a[0]->as_string();
  const int64_t target = a[1]->as_int();
  const std::string& pad = a[2]->as_string();
  const bool bytes = IsBytesCall(call);
  if (target < 0 || pad.empty()) return Value();
  const size_t want = static_cast<size_t>(target);
  const size_t have = CpLen(s, bytes);
  if (have >= want) return Value::String(CpSub(s, 0, want, bytes));
  std::string fill;
  const size_t pad_len = CpLen(pad, bytes);
  size_t need = want - have;
  // Each padding character is at most as long as the pad string.
  if (ctx.TooLong(s.size() + (need / pad_len + 1) * pad.size(), left ? "LPAD" : "RPAD")) {
    return Value();
  }
  while (need >= pad_len) {
    fill += pad;
    need -= pad_len;
  }
  fill += CpSub(pad, 0, need, bytes);
  return Value::String(left ? fill + s : s + fill);
}
Value Lpad(const Value* const* a, size_t, const FnCall& call, EvalContext& ctx) {
  return Pad(a, call, true, ctx);
}
Value Rpad(const Value* const* a, size_t, const FnCall& call, EvalContext& ctx) {
  return Pad(a, call, false, ctx);
}

Value Split(const Value* const* a, size_t, const FnCall& call, EvalContext&) {
  const std::string& s = a[0]->as_string();
  const std::string& d = a[1]->as_string();
  const bool bytes = call.arg_types[0]->kind == TypeKind::kBytes;
  ValueList out;
  if (d.empty()) {
    size_t n = CpLen(s, bytes);
    for (size_t i = 0; i < n; ++i) out.push_back(Value::String(CpSub(s, i, i + 1, bytes)));
    return Value::List(std::move(out));
  }
  size_t i = 0;
  while (true) {
    size_t j = s.find(d, i);
    if (j == std::string::npos) break;
    out.push_back(Value::String(s.substr(i, j - i)));
    i = j + d.size();
  }
  out.push_back(Value::String(s.substr(i)));
  return Value::List(std::move(out));
}

Value Initcap(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  std::string s = a[0]->as_string();
  bool start = true;
  for (auto& c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u)) {
      start = true;
      continue;
    }
    c = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
    start = false;
  }
  return Value::String(std::move(s));
}

// Compiled regexes are cached per context: compiling is far costlier than matching. A pattern
// read from a column may differ on every row, so the cache is emptied when it grows large.
const Regex* GetRegex(const std::string& pattern, EvalContext& ctx) {
  std::string key = "re:" + pattern;
  auto it = ctx.cache.find(key);
  if (it != ctx.cache.end()) return static_cast<const Regex*>(it->second.get());
  std::string error;
  std::shared_ptr<Regex> re = Regex::Compile(pattern, &error);
  if (!re) {
    ctx.RecordError(error);
    return nullptr;
  }
  constexpr size_t kMaxCached = 4096;
  if (ctx.cache.size() >= kMaxCached) ctx.cache.clear();
  ctx.cache[key] = re;
  return re.get();
}

// Group `n` of a match, as Java's Matcher.group(n): NULL when the group did not take part.
Value Group(const std::vector<std::string_view>& match, int64_t n) {
  const std::string_view g = match[static_cast<size_t>(n)];
  return g.data() == nullptr ? Value() : Value::String(std::string(g));
}

bool CheckGroup(const char* fn, const Regex& re, int64_t group, EvalContext& ctx) {
  if (group >= 0 && group <= re.groups()) return true;
  ctx.RecordError(std::string(fn) + ": no group " + std::to_string(group) + " in the pattern");
  return false;
}

Value RegexpExtract(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  const Regex* re = GetRegex(a[0]->as_string(), ctx);
  if (!re) return Value();
  int64_t group = n > 2 ? a[2]->as_int() : 0;
  if (!CheckGroup("REGEXP_EXTRACT", *re, group, ctx)) return Value();
  std::vector<std::string_view> match;
  if (!re->Find(a[1]->as_string(), 0, &match)) return Value();
  return Group(match, group);
}

Value RegexpExtractAll(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  const Regex* re = GetRegex(a[0]->as_string(), ctx);
  if (!re) return Value();
  int64_t group = n > 2 ? a[2]->as_int() : 0;
  if (!CheckGroup("REGEXP_EXTRACT_ALL", *re, group, ctx)) return Value();
  ValueList out;
  for (const auto& match : re->FindAll(a[1]->as_string())) out.push_back(Group(match, group));
  return Value::List(std::move(out));
}

Value RegexpReplace(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  const Regex* re = GetRegex(a[1]->as_string(), ctx);
  if (!re) return Value();
  std::string out, error;
  if (!re->ReplaceAll(a[0]->as_string(), a[2]->as_string(), kMaxStringBytes, &out, &error)) {
    ctx.RecordError("REGEXP_REPLACE: " + error);
    return Value();
  }
  return Value::String(std::move(out));
}

Value RegexpSplit(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  const Regex* re = GetRegex(a[1]->as_string(), ctx);
  if (!re) return Value();
  ValueList out;
  for (std::string& piece : re->Split(a[0]->as_string())) {
    out.push_back(Value::String(std::move(piece)));
  }
  return Value::List(std::move(out));
}

// CHR(STRING) as ksqlDB's Chr: only text starting with a "\uXXXX" escape (else NULL), its
// escapes decoded as Java's unescapeJava decodes them, a surrogate pair ("\ud820\udeb8") as
// the one character it encodes.
Value ChrOfEscapes(const std::string& s, EvalContext& ctx) {
  if (s.size() < 6 || s.compare(0, 2, "\\u") != 0) return Value();
  std::string out;
  uint32_t high = 0;  // a high surrogate waiting for its low half, or 0
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, 2, "\\u") == 0) {
      std::optional<int64_t> unit =
          i + 6 <= s.size() ? ParseInt64(std::string_view(s).substr(i + 2, 4), 16) : std::nullopt;
      if (!unit || *unit < 0) {
        ctx.RecordError("CHR: invalid unicode escape in " + s);
        return Value();
      }
      uint32_t u = static_cast<uint32_t>(*unit);
      i += 6;
      if (high != 0 && u >= 0xDC00 && u <= 0xDFFF) {
        AppendUtf8(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00), out);
        high = 0;
        continue;
      }
      if (high != 0) AppendUtf8(0xFFFD, out);  // a lone high surrogate
      high = 0;
      if (u >= 0xD800 && u <= 0xDBFF) {
        high = u;
      } else {
        AppendUtf8(u >= 0xDC00 && u <= 0xDFFF ? 0xFFFD : u, out);
      }
      continue;
    }
    if (high != 0) AppendUtf8(0xFFFD, out);
    high = 0;
    out += s[i++];
  }
  if (high != 0) AppendUtf8(0xFFFD, out);
  return Value::String(std::move(out));
}

Value Chr(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  if (a[0]->is_string()) return ChrOfEscapes(a[0]->as_string(), ctx);
  int64_t cp = a[0]->as_int();
  // Character.isValidCodePoint: surrogates are code points too.
  if (cp < 0 || cp > 0x10FFFF) return Value();
  std::string out;
  AppendUtf8(static_cast<uint32_t>(cp), out);
  return Value::String(std::move(out));
}

// MASK family: upper -> 'X', lower -> 'x', digit -> 'n', other -> '-' unless overridden by the
// optional replacement arguments (NULL keeps that class unmasked).
struct MaskChars {
  int upper = 'X', lower = 'x', digit = 'n', other = '-';
};
MaskChars ReadMask(const Value* const* a, size_t n, size_t first) {
  MaskChars m;
  int* slots[] = {&m.upper, &m.lower, &m.digit, &m.other};
  for (size_t k = 0; k < 4 && first + k < n; ++k) {
    const Value& v = *a[first + k];
    *slots[k] = v.is_null() || v.as_string().empty() ? -1 : v.as_string()[0];
  }
  return m;
}
char MaskOne(char c, const MaskChars& m) {
  unsigned char u = static_cast<unsigned char>(c);
  int r = std::isupper(u)   ? m.upper
          : std::islower(u) ? m.lower
          : std::isdigit(u) ? m.digit
                            : m.other;
  return r < 0 ? c : static_cast<char>(r);
}
Value MaskRange(const Value* const* a, size_t n, size_t first_opt, size_t from, size_t to) {
  std::string s = a[0]->as_string();
  MaskChars m = ReadMask(a, n, first_opt);
  for (size_t i = from; i < to && i < s.size(); ++i) s[i] = MaskOne(s[i], m);
  return Value::String(std::move(s));
}
Value Mask(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  return MaskRange(a, n, 1, 0, a[0]->as_string().size());
}
size_t CountArg(const Value* const* a, size_t n) {
  return n > 1 && !a[1]->is_null() ? static_cast<size_t>(std::max<int64_t>(0, a[1]->as_int())) : 0;
}
Value MaskLeft(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  return MaskRange(a, n, 2, 0, CountArg(a, n));
}
Value MaskRight(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  size_t len = a[0]->as_string().size(), k = std::min(CountArg(a, n), len);
  return MaskRange(a, n, 2, len - k, len);
}
Value MaskKeepLeft(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  return MaskRange(a, n, 2, CountArg(a, n), a[0]->as_string().size());
}
Value MaskKeepRight(const Value* const* a, size_t n, const FnCall&, EvalContext&) {
  if (a[0]->is_null()) return Value();
  size_t len = a[0]->as_string().size(), k = std::min(CountArg(a, n), len);
  return MaskRange(a, n, 2, 0, len - k);
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  const char* kCat = "STRING";
  r.Register(fn::Make("LCASE", kCat, "Converts a string to lower case.",
                      {"LCASE(str STRING) -> STRING"}, ResolveStringToString, Lcase));
  r.Register(fn::Make("UCASE", kCat, "Converts a string to upper case.",
                      {"UCASE(str STRING) -> STRING"}, ResolveStringToString, Ucase));
  r.Register(fn::Make("TRIM", kCat, "Removes leading and trailing whitespace.",
                      {"TRIM(str STRING) -> STRING"}, ResolveStringToString, Trim));
  r.Register(fn::Make("LTRIM", kCat, "Removes leading whitespace.", {"LTRIM(str STRING) -> STRING"},
                      ResolveStringToString, Ltrim));
  r.Register(fn::Make("RTRIM", kCat, "Removes trailing whitespace.",
                      {"RTRIM(str STRING) -> STRING"}, ResolveStringToString, Rtrim));
  r.Register(fn::Make("INITCAP", kCat,
                      "Capitalizes the first letter of each word and lower-cases the rest.",
                      {"INITCAP(str STRING) -> STRING"}, ResolveStringToString, Initcap));
  r.Register(fn::Make("LEN", kCat, "Returns the length of a string (characters) or bytes.",
                      {"LEN(str STRING) -> INTEGER", "LEN(bytes BYTES) -> INTEGER"}, ResolveLen,
                      Len));
  r.Register(fn::Make(
      "SUBSTRING", kCat,
      "Returns the part of a string from 1-based position pos (negative counts from the end), "
      "optionally at most len characters.",
      {"SUBSTRING(str STRING, pos INTEGER) -> STRING",
       "SUBSTRING(str STRING, pos INTEGER, len INTEGER) -> STRING",
       "SUBSTRING(bytes BYTES, pos INTEGER[, len INTEGER]) -> BYTES"},
      ResolveSubstring, Substring));
  r.Register(fn::Make("CONCAT", kCat, "Concatenates strings (or bytes); NULL inputs are skipped.",
                      {"CONCAT(str STRING, ...) -> STRING", "CONCAT(b BYTES, ...) -> BYTES"},
                      ResolveConcat, Concat, false));
  r.Register(fn::Make("CONCAT_WS", kCat,
                      "Concatenates strings with a separator; NULL inputs are skipped, a NULL "
                      "separator gives NULL.",
                      {"CONCAT_WS(sep STRING, str STRING, ...) -> STRING",
                       "CONCAT_WS(sep BYTES, b BYTES, ...) -> BYTES"},
                      ResolveConcatWs, ConcatWs, false));
  r.Register(fn::Make("REPLACE", kCat, "Replaces every occurrence of a substring.",
                      {"REPLACE(str STRING, old STRING, new STRING) -> STRING"}, ResolveReplace,
                      Replace));
  r.Register(fn::Make("INSTR", kCat,
                      "1-based position of a substring (0 when absent), optionally from a start "
                      "position (negative searches backwards) and for the nth occurrence.",
                      {"INSTR(str STRING, sub STRING[, position INTEGER[, occurrence INTEGER]]) "
                       "-> INTEGER"},
                      ResolveInstr, Instr));
  r.Register(fn::Make("LPAD", kCat, "Left-pads a string to a length with a padding string.",
                      {"LPAD(str STRING, len INTEGER, pad STRING) -> STRING"}, ResolvePad, Lpad));
  r.Register(fn::Make("RPAD", kCat, "Right-pads a string to a length with a padding string.",
                      {"RPAD(str STRING, len INTEGER, pad STRING) -> STRING"}, ResolvePad, Rpad));
  r.Register(fn::Make("SPLIT", kCat,
                      "Splits a string on a delimiter into an array (empty delimiter: characters).",
                      {"SPLIT(str STRING, delim STRING) -> ARRAY<STRING>"}, ResolveSplit, Split));
  r.Register(fn::Make("REGEXP_EXTRACT", kCat,
                      "The first substring matching a regular expression, or its capture group.",
                      {"REGEXP_EXTRACT(pattern STRING, str STRING[, group INTEGER]) -> STRING"},
                      ResolveRegexpExtract, RegexpExtract));
  r.Register(fn::Make("REGEXP_EXTRACT_ALL", kCat,
                      "Every substring matching a regular expression (or a capture group).",
                      {"REGEXP_EXTRACT_ALL(pattern STRING, str STRING[, group INTEGER]) -> "
                       "ARRAY<STRING>"},
                      ResolveRegexpExtractAll, RegexpExtractAll));
  r.Register(fn::Make("REGEXP_REPLACE", kCat,
                      "Replaces every match of a regular expression ($1 or ${name} refers to a "
                      "group).",
                      {"REGEXP_REPLACE(str STRING, pattern STRING, replacement STRING) -> STRING"},
                      ResolveReplace, RegexpReplace));
  r.Register(fn::Make("REGEXP_SPLIT_TO_ARRAY", kCat, "Splits a string on a regular expression.",
                      {"REGEXP_SPLIT_TO_ARRAY(str STRING, pattern STRING) -> ARRAY<STRING>"},
                      ResolveRegexpSplit, RegexpSplit));
  r.Register(fn::Make("CHR", kCat, "The character for a Unicode code point.",
                      {"CHR(code INTEGER) -> STRING", "CHR(code STRING) -> STRING"}, ResolveChr,
                      Chr));
  r.Register(fn::Make("MASK", kCat,
                      "Masks letters and digits: upper -> X, lower -> x, digit -> n, other -> -.",
                      {"MASK(str STRING[, upper STRING, lower STRING, digit STRING, other "
                       "STRING]) -> STRING"},
                      ResolveMask, Mask, false));
  r.Register(fn::Make("MASK_LEFT", kCat, "Masks the first n characters.",
                      {"MASK_LEFT(str STRING, n INTEGER[, upper, lower, digit, other]) -> STRING"},
                      ResolveMaskN, MaskLeft, false));
  r.Register(fn::Make("MASK_RIGHT", kCat, "Masks the last n characters.",
                      {"MASK_RIGHT(str STRING, n INTEGER[, upper, lower, digit, other]) -> "
                       "STRING"},
                      ResolveMaskN, MaskRight, false));
  r.Register(fn::Make("MASK_KEEP_LEFT", kCat, "Masks all but the first n characters.",
                      {"MASK_KEEP_LEFT(str STRING, n INTEGER[, upper, lower, digit, other]) -> "
                       "STRING"},
                      ResolveMaskN, MaskKeepLeft, false));
  r.Register(fn::Make("MASK_KEEP_RIGHT", kCat, "Masks all but the last n characters.",
                      {"MASK_KEEP_RIGHT(str STRING, n INTEGER[, upper, lower, digit, other]) -> "
                       "STRING"},
                      ResolveMaskN, MaskKeepRight, false));
}

}  // namespace riffle
