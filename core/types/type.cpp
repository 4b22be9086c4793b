// Type factories, printing, equality and a small type-name parser.

#include "core/types/type.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "core/common/error.h"
#include "core/common/nesting.h"
#include "core/common/text.h"

namespace riffle {
namespace {

TypePtr MakePrimitive(TypeKind kind) {
  auto t = std::make_shared<Type>();
  t->kind = kind;
  return t;
}

// The depth of a type whose children are `children`; throws past the nesting limit.
int DepthOver(std::initializer_list<const Type*> children) {
  int deepest = 0;
  for (const Type* child : children) {
    if (child != nullptr) deepest = std::max(deepest, child->depth);
  }
  if (deepest >= kMaxNestingDepth) throw RiffleError(ErrorKind::kType, NestingMessage("type"));
  return deepest + 1;
}

std::string Render(const Type& t, bool quote_fields) {
  switch (t.kind) {
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(t.precision) + ", " + std::to_string(t.scale) + ")";
    case TypeKind::kArray:
      return "ARRAY<" + (t.element ? Render(*t.element, quote_fields) : "NULL") + ">";
    case TypeKind::kMap:
      return "MAP<" + (t.key ? Render(*t.key, quote_fields) : "NULL") + ", " +
             (t.element ? Render(*t.element, quote_fields) : "NULL") + ">";
    case TypeKind::kStruct: {
      std::string s = "STRUCT<";
      for (size_t i = 0; i < t.fields.size(); ++i) {
        if (i) s += ", ";
        s += quote_fields ? "`" + t.fields[i].name + "`" : t.fields[i].name;
        s += " ";
        s += t.fields[i].type ? Render(*t.fields[i].type, quote_fields) : "NULL";
      }
      return s + ">";
    }
    default:
      return BaseTypeName(t.kind);
  }
}

// Recursive-descent parser over a type name.
class TypeParser {
 public:
  explicit TypeParser(const std::string& text) : s_(text) {}

  TypePtr ParseAll() {
    TypePtr t = ParseOne();
    SkipSpace();
    if (i_ != s_.size()) Fail("unexpected text after type");
    return t;
  }

 private:
  [[noreturn]] void Fail(const std::string& why) {
    ThrowParse(SourcePos{1, static_cast<int>(i_) + 1}, "Invalid type '" + s_ + "': " + why);
  }
  void SkipSpace() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Accept(char c) {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Accept(c)) Fail(std::string("expected '") + c + "'");
  }
  std::string Word() {
    SkipSpace();
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) {
      ++i_;
    }
    if (start == i_) Fail("expected a type name");
    std::string w = s_.substr(start, i_ - start);
    AsciiUpperInPlace(w);
    return w;
  }
  std::string FieldName() {
    SkipSpace();
    if (i_ < s_.size() && s_[i_] == '`') {
      size_t end = s_.find('`', i_ + 1);
      if (end == std::string::npos) Fail("unterminated quoted field name");
      std::string n = s_.substr(i_ + 1, end - i_ - 1);
      i_ = end + 1;
      return n;
    }
    return Word();
  }
  int Number() {
    SkipSpace();
    size_t start = i_;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (start == i_ || i_ - start > 4) Fail("expected a number");
    return std::stoi(s_.substr(start, i_ - start));
  }

  TypePtr ParseOne() {
    NestingGuard guard(ErrorKind::kParse, "type", SourcePos{1, static_cast<int>(i_) + 1});
    std::string w = Word();
    if (w == "BOOLEAN" || w == "BOOL") return Type::Boolean();
    if (w == "INT" || w == "INTEGER") return Type::Int();
    if (w == "BIGINT") return Type::Bigint();
    if (w == "DOUBLE") return Type::Double();
    if (w == "STRING" || w == "VARCHAR") return Type::String();
    if (w == "BYTES") return Type::Bytes();
    if (w == "DATE") return Type::Date();
    if (w == "TIME") return Type::Time();
    if (w == "TIMESTAMP") return Type::Timestamp();
    if (w == "DECIMAL") {
      Expect('(');
      int p = Number();
      int s = 0;
      if (Accept(',')) s = Number();
      Expect(')');
      if (p < 1 || p > 38) Fail("DECIMAL precision must be between 1 and 38");
      if (s > p) Fail("DECIMAL scale must not exceed precision");
      return Type::Decimal(p, s);
    }
    if (w == "ARRAY") {
      Expect('<');
      TypePtr e = ParseOne();
      Expect('>');
      return Type::Array(e);
    }
    if (w == "MAP") {
      Expect('<');
      TypePtr k = ParseOne();
      Expect(',');
      TypePtr v = ParseOne();
      Expect('>');
      return Type::Map(k, v);
    }
    if (w == "STRUCT") {
      Expect('<');
      std::vector<StructField> fields;
      if (!Accept('>')) {
        do {
          std::string name = FieldName();
          TypePtr ft = ParseOne();
          fields.push_back({name, ft});
        } while (Accept(','));
        Expect('>');
      }
      return Type::Struct(std::move(fields));
    }
    Fail("unknown type " + w);
  }

  const std::string& s_;
  size_t i_ = 0;
};

}  // namespace

TypePtr Type::Boolean() {
  static const TypePtr t = MakePrimitive(TypeKind::kBoolean);
  return t;
}
TypePtr Type::Int() {
  static const TypePtr t = MakePrimitive(TypeKind::kInt);
  return t;
}
TypePtr Type::Bigint() {
  static const TypePtr t = MakePrimitive(TypeKind::kBigint);
  return t;
}
TypePtr Type::Double() {
  static const TypePtr t = MakePrimitive(TypeKind::kDouble);
  return t;
}
TypePtr Type::String() {
  static const TypePtr t = MakePrimitive(TypeKind::kString);
  return t;
}
TypePtr Type::Bytes() {
  static const TypePtr t = MakePrimitive(TypeKind::kBytes);
  return t;
}
TypePtr Type::Date() {
  static const TypePtr t = MakePrimitive(TypeKind::kDate);
  return t;
}
TypePtr Type::Time() {
  static const TypePtr t = MakePrimitive(TypeKind::kTime);
  return t;
}
TypePtr Type::Timestamp() {
  static const TypePtr t = MakePrimitive(TypeKind::kTimestamp);
  return t;
}
TypePtr Type::Null() {
  static const TypePtr t = MakePrimitive(TypeKind::kNull);
  return t;
}

TypePtr Type::Decimal(int precision, int scale) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kDecimal;
  t->precision = precision;
  t->scale = scale;
  return t;
}

TypePtr Type::Array(TypePtr element) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kArray;
  t->depth = DepthOver({element.get()});
  t->element = std::move(element);
  return t;
}

TypePtr Type::Map(TypePtr key, TypePtr value) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kMap;
  t->depth = DepthOver({key.get(), value.get()});
  t->key = std::move(key);
  t->element = std::move(value);
  return t;
}

TypePtr Type::Struct(std::vector<StructField> fields) {
  auto t = std::make_shared<Type>();
  t->kind = TypeKind::kStruct;
  int deepest = 0;
  for (const StructField& f : fields) {
    if (f.type) deepest = std::max(deepest, f.type->depth);
  }
  if (deepest >= kMaxNestingDepth) throw RiffleError(ErrorKind::kType, NestingMessage("type"));
  t->depth = deepest + 1;
  t->fields = std::move(fields);
  return t;
}

TypePtr Type::Of(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
      return Boolean();
    case TypeKind::kInt:
      return Int();
    case TypeKind::kBigint:
      return Bigint();
    case TypeKind::kDouble:
      return Double();
    case TypeKind::kString:
      return String();
    case TypeKind::kBytes:
      return Bytes();
    case TypeKind::kDate:
      return Date();
    case TypeKind::kTime:
      return Time();
    case TypeKind::kTimestamp:
      return Timestamp();
    case TypeKind::kDecimal:
      return Decimal(10, 0);
    default:
      return Null();
  }
}

const char* BaseTypeName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
      return "BOOLEAN";
    case TypeKind::kInt:
      return "INTEGER";
    case TypeKind::kBigint:
      return "BIGINT";
    case TypeKind::kDouble:
      return "DOUBLE";
    case TypeKind::kDecimal:
      return "DECIMAL";
    case TypeKind::kString:
      return "STRING";
    case TypeKind::kBytes:
      return "BYTES";
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kTime:
      return "TIME";
    case TypeKind::kTimestamp:
      return "TIMESTAMP";
    case TypeKind::kNull:
      return "NULL";
    case TypeKind::kArray:
      return "ARRAY";
    case TypeKind::kMap:
      return "MAP";
    case TypeKind::kStruct:
      return "STRUCT";
  }
  return "NULL";
}

std::string Type::ToString() const { return Render(*this, true); }
std::string Type::ToSqlString() const { return Render(*this, false); }

bool Type::IsNumeric() const {
  return kind == TypeKind::kInt || kind == TypeKind::kBigint || kind == TypeKind::kDouble ||
         kind == TypeKind::kDecimal;
}
bool Type::IsIntegral() const { return kind == TypeKind::kInt || kind == TypeKind::kBigint; }
bool Type::IsPrimitive() const {
  return kind != TypeKind::kArray && kind != TypeKind::kMap && kind != TypeKind::kStruct;
}

int Type::FieldIndex(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (AsciiIEquals(fields[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

bool TypeEquals(const Type& a, const Type& b) {
  if (&a == &b) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::kDecimal:
      return a.precision == b.precision && a.scale == b.scale;
    case TypeKind::kArray:
      return a.element && b.element && TypeEquals(*a.element, *b.element);
    case TypeKind::kMap:
      return a.key && b.key && a.element && b.element && TypeEquals(*a.key, *b.key) &&
             TypeEquals(*a.element, *b.element);
    case TypeKind::kStruct:
      if (a.fields.size() != b.fields.size()) return false;
      for (size_t i = 0; i < a.fields.size(); ++i) {
        if (a.fields[i].name != b.fields[i].name) return false;
        if (!a.fields[i].type || !b.fields[i].type) return false;
        if (!TypeEquals(*a.fields[i].type, *b.fields[i].type)) return false;
      }
      return true;
    default:
      return true;
  }
}

TypePtr ParseType(const std::string& text) { return TypeParser(text).ParseAll(); }

}  // namespace riffle
