// String/bytes conversions: TO_BYTES, FROM_BYTES, ENCODE, and INT_FROM_BYTES,
// BIGINT_FROM_BYTES, DOUBLE_FROM_BYTES. BYTES values are raw byte strings. Encodings are
// 'hex', 'utf8', 'ascii' and 'base64' (case-insensitive), as in ksqlDB.

#include <strings.h>

#include <cctype>
#include <cstring>

#include "core/expr/functions_util.h"

namespace riffle {
namespace {

enum class Enc { kHex, kUtf8, kAscii, kBase64, kUnknown };

Enc ParseEnc(const std::string& s) {
  if (strcasecmp(s.c_str(), "hex") == 0) return Enc::kHex;
  if (strcasecmp(s.c_str(), "utf8") == 0) return Enc::kUtf8;
  if (strcasecmp(s.c_str(), "ascii") == 0) return Enc::kAscii;
  if (strcasecmp(s.c_str(), "base64") == 0) return Enc::kBase64;
  return Enc::kUnknown;
}

// Text -> bytes. False when the text is not valid in the encoding.
bool Decode(const std::string& text, Enc enc, std::string* out) {
  switch (enc) {
    case Enc::kHex: {
      // ksqlDB accepts 0x<hex> (odd length padded with a leading 0), X'<hex>' and bare hex
      // (both of even length).
      std::string t = text;
      if (t.rfind("0x", 0) == 0 || t.rfind("0X", 0) == 0) {
        t = t.substr(2);
        if (t.size() % 2 != 0) t = "0" + t;
      } else if (t.rfind("X'", 0) == 0 || t.rfind("x'", 0) == 0) {
        if (t.size() < 3 || t.back() != '\'') return false;
        t = t.substr(2, t.size() - 3);
      }
      if (t.size() % 2 != 0) return false;
      out->clear();
      for (size_t i = 0; i < t.size(); i += 2) {
        if (!std::isxdigit(static_cast<unsigned char>(t[i])) ||
            !std::isxdigit(static_cast<unsigned char>(t[i + 1]))) {
          return false;
        }
        out->push_back(static_cast<char>(std::stoi(t.substr(i, 2), nullptr, 16)));
      }
      return true;
    }
    case Enc::kUtf8:
      *out = text;
      return true;
    case Enc::kAscii: {
      // Java's US-ASCII encoder writes '?' for each character it cannot map.
      out->clear();
      for (size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
          out->push_back(static_cast<char>(c));
        } else if ((c & 0xC0) != 0x80) {
          out->push_back('?');
        }
      }
      return true;
    }
    case Enc::kBase64:
      return Base64Decode(text, out);
    case Enc::kUnknown:
      break;
  }
  return false;
}

// Bytes -> text.
std::string Encode(const std::string& bytes, Enc enc, bool upper_hex) {
  switch (enc) {
    case Enc::kHex: {
      const char* digits = upper_hex ? "0123456789ABCDEF" : "0123456789abcdef";
      std::string out;
      for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
      }
      return out;
    }
    case Enc::kAscii: {
      std::string out;
      for (unsigned char c : bytes) {
        if (c < 0x80) {
          out += static_cast<char>(c);
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD, as Java's decoder
        }
      }
      return out;
    }
    case Enc::kBase64:
      return Base64Encode(bytes);
    default:
      return bytes;
  }
}

TypePtr ResolveToBytes(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 2, 2, pos);
  if (!ArgIsString(a[0]) || !ArgIsString(a[1])) ThrowNoSignature(name, a, pos);
  fn::DefaultNulls(a, Type::String());
  return Type::Bytes();
}
TypePtr ResolveFromBytes(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 2, 2, pos);
  if (!ArgIsBytes(a[0]) || !ArgIsString(a[1])) ThrowNoSignature(name, a, pos);
  if (a[0]->kind == TypeKind::kNull) a[0] = Type::Bytes();
  if (a[1]->kind == TypeKind::kNull) a[1] = Type::String();
  return Type::String();
}
TypePtr ResolveEncode(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 3, 3, pos);
  for (auto& t : a) {
    if (!ArgIsString(t)) ThrowNoSignature(name, a, pos);
  }
  fn::DefaultNulls(a, Type::String());
  return Type::String();
}
TypePtr ResolveNumberFromBytes(const std::string& name, std::vector<TypePtr>& a, SourcePos pos) {
  fn::Arity(name, a, 1, 2, pos);
  if (!ArgIsBytes(a[0]) || (a.size() == 2 && !ArgIsString(a[1]))) ThrowNoSignature(name, a, pos);
  if (a[0]->kind == TypeKind::kNull) a[0] = Type::Bytes();
  if (a.size() == 2 && a[1]->kind == TypeKind::kNull) a[1] = Type::String();
  if (name == "INT_FROM_BYTES") return Type::Int();
  if (name == "BIGINT_FROM_BYTES") return Type::Bigint();
  return Type::Double();
}

Value ToBytes(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  Enc enc = ParseEnc(a[1]->as_string());
  std::string out;
  if (enc == Enc::kUnknown) {
    ctx.RecordError("TO_BYTES: unknown encoding '" + a[1]->as_string() + "'");
    return Value();
  }
  if (!Decode(a[0]->as_string(), enc, &out)) {
    ctx.RecordError("TO_BYTES: '" + a[0]->as_string() + "' is not valid " + a[1]->as_string());
    return Value();
  }
  return Value::String(std::move(out));
}
Value FromBytes(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  Enc enc = ParseEnc(a[1]->as_string());
  if (enc == Enc::kUnknown) {
    ctx.RecordError("FROM_BYTES: unknown encoding '" + a[1]->as_string() + "'");
    return Value();
  }
  return Value::String(Encode(a[0]->as_string(), enc, /*upper_hex=*/true));
}
Value EncodeFn(const Value* const* a, size_t, const FnCall&, EvalContext& ctx) {
  Enc in = ParseEnc(a[1]->as_string()), out = ParseEnc(a[2]->as_string());
  if (in == Enc::kUnknown || out == Enc::kUnknown) return Value();
  std::string bytes;
  if (!Decode(a[0]->as_string(), in, &bytes)) {
    ctx.RecordError("ENCODE: '" + a[0]->as_string() + "' is not valid " + a[1]->as_string());
    return Value();
  }
  return Value::String(Encode(bytes, out, /*upper_hex=*/false));
}

// Reads a big- or little-endian number of exactly `size` bytes.
bool ReadNumber(const Value* const* a, size_t n, size_t size, uint64_t* out, EvalContext& ctx,
                const char* fn_name) {
  const std::string& b = a[0]->as_string();
  if (b.size() != size) {
    ctx.RecordError(std::string(fn_name) + ": expected " + std::to_string(size) +
                    " bytes but got " + std::to_string(b.size()));
    return false;
  }
  bool little = n > 1 && strcasecmp(a[1]->as_string().c_str(), "LITTLE_ENDIAN") == 0;
  if (n > 1 && !little && strcasecmp(a[1]->as_string().c_str(), "BIG_ENDIAN") != 0) {
    ctx.RecordError(std::string(fn_name) + ": byte order must be BIG_ENDIAN or LITTLE_ENDIAN");
    return false;
  }
  *out = 0;
  for (size_t i = 0; i < size; ++i) {
    unsigned char c = static_cast<unsigned char>(b[little ? size - 1 - i : i]);
    *out = (*out << 8) | c;
  }
  return true;
}
Value IntFromBytes(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  uint64_t v;
  if (!ReadNumber(a, n, 4, &v, ctx, "INT_FROM_BYTES")) return Value();
  return Value::Int(static_cast<int32_t>(static_cast<uint32_t>(v)));
}
Value BigintFromBytes(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  uint64_t v;
  if (!ReadNumber(a, n, 8, &v, ctx, "BIGINT_FROM_BYTES")) return Value();
  return Value::Int(static_cast<int64_t>(v));
}
Value DoubleFromBytes(const Value* const* a, size_t n, const FnCall&, EvalContext& ctx) {
  uint64_t v;
  if (!ReadNumber(a, n, 8, &v, ctx, "DOUBLE_FROM_BYTES")) return Value();
  double d;
  std::memcpy(&d, &v, sizeof(d));
  return Value::Double(d);
}

}  // namespace

void RegisterBytesFunctions(FunctionRegistry& r) {
  const char* kCat = "BYTES";
  r.Register(fn::Make("TO_BYTES", kCat,
                      "Converts a string to BYTES with an encoding (hex, utf8, ascii, base64).",
                      {"TO_BYTES(str STRING, encoding STRING) -> BYTES"}, ResolveToBytes, ToBytes));
  r.Register(fn::Make("FROM_BYTES", kCat,
                      "Converts BYTES to a string with an encoding (hex, utf8, ascii, base64).",
                      {"FROM_BYTES(b BYTES, encoding STRING) -> STRING"}, ResolveFromBytes,
                      FromBytes));
  r.Register(fn::Make("ENCODE", "STRING",
                      "Re-encodes a string from one encoding to another (hex, utf8, ascii, "
                      "base64).",
                      {"ENCODE(str STRING, input_encoding STRING, output_encoding STRING) -> "
                       "STRING"},
                      ResolveEncode, EncodeFn));
  r.Register(fn::Make("INT_FROM_BYTES", kCat, "Reads a 4-byte integer (BIG_ENDIAN by default).",
                      {"INT_FROM_BYTES(b BYTES[, byte_order STRING]) -> INT"},
                      ResolveNumberFromBytes, IntFromBytes));
  r.Register(fn::Make("BIGINT_FROM_BYTES", kCat, "Reads an 8-byte integer (BIG_ENDIAN default).",
                      {"BIGINT_FROM_BYTES(b BYTES[, byte_order STRING]) -> BIGINT"},
                      ResolveNumberFromBytes, BigintFromBytes));
  r.Register(fn::Make("DOUBLE_FROM_BYTES", kCat, "Reads an 8-byte IEEE double (BIG_ENDIAN "
                      "default).",
                      {"DOUBLE_FROM_BYTES(b BYTES[, byte_order STRING]) -> DOUBLE"},
                      ResolveNumberFromBytes, DoubleFromBytes));
}

}  // namespace riffle
