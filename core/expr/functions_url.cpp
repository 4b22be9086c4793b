// URL functions: URL_ENCODE_PARAM, URL_DECODE_PARAM and URL_EXTRACT_{PROTOCOL, HOST, PORT,
// PATH, QUERY, FRAGMENT, PARAMETER}, splitting URLs as java.net.URI does (RFC 2396:
// scheme:[//[user@]host[:port]]path[?query][#fragment]). A component that is absent is NULL.

#include <cctype>
#include <optional>

#include "core/expr/functions_util.h"

namespace riffle {
namespace {

struct UrlParts {
  std::optional<std::string> scheme, host, path, query, fragment;
  std::optional<int64_t> port;
};

UrlParts SplitUrl(std::string s) {
  UrlParts u;
  size_t hash = s.find('#');
  if (hash != std::string::npos) {
    u.fragment = s.substr(hash + 1);
    s.resize(hash);
  }
  size_t colon = s.find(':');
  size_t first_delim = s.find_first_of("/?");
  if (colon != std::string::npos && colon > 0 && (first_delim == std::string::npos ||
                                                  colon < first_delim) &&
      std::isalpha(static_cast<unsigned char>(s[0]))) {
    u.scheme = s.substr(0, colon);
    s = s.substr(colon + 1);
  }
  size_t q = s.find('?');
  if (q != std::string::npos) {
    u.query = s.substr(q + 1);
    s.resize(q);
  }
  if (s.rfind("//", 0) == 0) {
    size_t end = s.find('/', 2);
    std::string authority = s.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    s = end == std::string::npos ? "" : s.substr(end);
    size_t at = authority.rfind('@');
    if (at != std::string::npos) authority = authority.substr(at + 1);
    size_t pc = authority.rfind(':');
    if (pc != std::string::npos && authority.find(']', pc) == std::string::npos) {
      std::string port = authority.substr(pc + 1);
      authority.resize(pc);
      if (!port.empty()) {
        int64_t p = 0;
        for (char c : port) {
          p = std::isdigit(static_cast<unsigned char>(c)) && p >= 0 ? p * 10 + (c - '0') : -1;
        }
        if (p >= 0) u.port = p;
      }
    }
    if (!authority.empty()) u.host = authority;
  }
  u.path = s;
  return u;
}

Value OptString(const std::optional<std::string>& s) {
  return s ? Value::String(*s) : Value();
}

TypePtr ResolveUrl(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  size_t n = name == "URL_EXTRACT_PARAMETER" ? 2 : 1;
  fn::Arity(name, a, n, n, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return name == "URL_EXTRACT_PORT" ? Type::Int() : Type::String();
}

// java.net.URLEncoder with UTF-8: unreserved ".-*_" and alphanumerics kept, space as '+'.
Value UrlEncode(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : a[0]->as_string()) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '*' || c == '_') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return Value::String(std::move(out));
}
Value UrlDecode(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  const std::string& s = a[0]->as_string();
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        ctx.RecordError("URL_DECODE_PARAM: malformed escape in '" + s + "'");
        return Value();
      }
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return Value::String(std::move(out));
}
Value UrlProtocol(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return OptString(SplitUrl(a[0]->as_string()).scheme);
}
Value UrlHost(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return OptString(SplitUrl(a[0]->as_string()).host);
}
Value UrlPort(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto p = SplitUrl(a[0]->as_string()).port;
  return p ? Value::Int(*p) : Value();
}
Value UrlPath(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return OptString(SplitUrl(a[0]->as_string()).path);
}
Value UrlQuery(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return OptString(SplitUrl(a[0]->as_string()).query);
}
Value UrlFragment(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  return OptString(SplitUrl(a[0]->as_string()).fragment);
}
Value UrlParameter(const Value* const* a, size_t, const FnCall&, EvalContext&) {
  auto q = SplitUrl(a[0]->as_string()).query;
  if (!q) return Value();
  const std::string& want = a[1]->as_string();
  size_t start = 0;
  while (start <= q->size()) {
    size_t end = q->find('&', start);
    if (end == std::string::npos) end = q->size();
    std::string pair = q->substr(start, end - start);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == want) {
      return eq == std::string::npos ? Value() : Value::String(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return Value();
}

}  // namespace

void RegisterUrlFunctions(FunctionRegistry& r) {
  const char* kCat = "URL";
  r.Register(fn::Make("URL_ENCODE_PARAM", kCat, "Escapes a string for a URL query parameter.",
                      {"URL_ENCODE_PARAM(str STRING) -> STRING"}, ResolveUrl, UrlEncode));
  r.Register(fn::Make("URL_DECODE_PARAM", kCat, "Unescapes a URL query parameter.",
                      {"URL_DECODE_PARAM(str STRING) -> STRING"}, ResolveUrl, UrlDecode));
  r.Register(fn::Make("URL_EXTRACT_PROTOCOL", kCat, "The scheme of a URL ('http').",
                      {"URL_EXTRACT_PROTOCOL(url STRING) -> STRING"}, ResolveUrl, UrlProtocol));
  r.Register(fn::Make("URL_EXTRACT_HOST", kCat, "The host of a URL.",
                      {"URL_EXTRACT_HOST(url STRING) -> STRING"}, ResolveUrl, UrlHost));
  r.Register(fn::Make("URL_EXTRACT_PORT", kCat, "The port of a URL, NULL when none is given.",
                      {"URL_EXTRACT_PORT(url STRING) -> INT"}, ResolveUrl, UrlPort));
  r.Register(fn::Make("URL_EXTRACT_PATH", kCat, "The path of a URL.",
                      {"URL_EXTRACT_PATH(url STRING) -> STRING"}, ResolveUrl, UrlPath));
  r.Register(fn::Make("URL_EXTRACT_QUERY", kCat, "The query string of a URL (after '?').",
                      {"URL_EXTRACT_QUERY(url STRING) -> STRING"}, ResolveUrl, UrlQuery));
  r.Register(fn::Make("URL_EXTRACT_FRAGMENT", kCat, "The fragment of a URL (after '#').",
                      {"URL_EXTRACT_FRAGMENT(url STRING) -> STRING"}, ResolveUrl, UrlFragment));
  r.Register(fn::Make("URL_EXTRACT_PARAMETER", kCat,
                      "The value of the first query parameter with a name.",
                      {"URL_EXTRACT_PARAMETER(url STRING, name STRING) -> STRING"}, ResolveUrl,
                      UrlParameter));
}

}  // namespace riffle
