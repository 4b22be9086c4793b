// SQL types: BOOLEAN, INT/INTEGER, BIGINT, DOUBLE, DECIMAL(p, s), STRING/VARCHAR, BYTES, DATE,
// TIME, TIMESTAMP, ARRAY<T>, MAP<K, V>, STRUCT<name T, ...>.

#include <unordered_set>

#include "core/common/nesting.h"
#include "core/sql/parser_impl.h"

namespace riffle::sql_internal {

TypePtr Parser::ParseType() {
  static const std::vector<std::string> kTypeNames = {
      "BOOLEAN", "INT",  "INTEGER", "BIGINT",    "DOUBLE", "DECIMAL", "STRING", "VARCHAR",
      "BYTES",   "DATE", "TIME",    "TIMESTAMP", "ARRAY",  "MAP",     "STRUCT"};
  NestingGuard guard(ErrorKind::kParse, "type", Cur().pos);
  Note("a type");
  const Token& t = Cur();
  if (t.kind != TokenKind::kIdentifier) Fail();
  const std::string& name = t.text;
  struct Simple {
    const char* name;
    TypePtr (*make)();
  };
  static const Simple kSimple[] = {{"BOOLEAN", &Type::Boolean},    {"INT", &Type::Int},
                                   {"INTEGER", &Type::Int},        {"BIGINT", &Type::Bigint},
                                   {"DOUBLE", &Type::Double},      {"STRING", &Type::String},
                                   {"VARCHAR", &Type::String},     {"BYTES", &Type::Bytes},
                                   {"DATE", &Type::Date},          {"TIME", &Type::Time},
                                   {"TIMESTAMP", &Type::Timestamp}};
  for (const auto& simple : kSimple) {
    if (name == simple.name) {
      Advance();
      return simple.make();
    }
  }
  if (name == "DECIMAL") {
    Advance();
    ExpectSymbol("(");
    const Token& precision_token = Cur();
    int64_t precision = ExpectInteger("a precision");
    ExpectSymbol(",");
    const Token& scale_token = Cur();
    int64_t scale = ExpectInteger("a scale");
    ExpectSymbol(")");
    if (precision < 1 || precision > 38) {
      FailAt(precision_token,
             "DECIMAL precision must be between 1 and 38, got " + std::to_string(precision));
    }
    if (scale > precision) {
      FailAt(scale_token, "DECIMAL scale must not exceed precision (" + std::to_string(precision) +
                              "), got " + std::to_string(scale));
    }
    return Type::Decimal(static_cast<int>(precision), static_cast<int>(scale));
  }
  if (name == "ARRAY") {
    Advance();
    ExpectSymbol("<");
    TypePtr element = ParseType();
    ExpectSymbol(">");
    return Type::Array(std::move(element));
  }
  if (name == "MAP") {
    Advance();
    ExpectSymbol("<");
    TypePtr key = ParseType();
    ExpectSymbol(",");
    TypePtr value = ParseType();
    ExpectSymbol(">");
    return Type::Map(std::move(key), std::move(value));
  }
  if (name == "STRUCT") {
    Advance();
    std::vector<StructField> fields;
    std::unordered_set<std::string> names;  // a wide STRUCT stays linear
    // The lexer reads the empty struct's "<>" as the not-equal operator.
    if (TrySymbol("<>")) return Type::Struct(std::move(fields));
    ExpectSymbol("<");
    if (!TrySymbol(">")) {
      do {
        const Token& field_token = Cur();
        StructField field;
        field.name = ExpectIdentifier("a field name");
        if (!names.insert(field.name).second) {
          FailAt(field_token, "duplicate field '" + field.name + "' in STRUCT");
        }
        field.type = ParseType();
        fields.push_back(std::move(field));
      } while (TrySymbol(","));
      ExpectSymbol(">");
    }
    return Type::Struct(std::move(fields));
  }
  std::string match = SuggestKeyword(name, kTypeNames);
  FailAt(t, "unknown type " + DescribeToken(t, text_),
         match.empty() ? "" : "did you mean " + match + "?");
}

}  // namespace riffle::sql_internal
