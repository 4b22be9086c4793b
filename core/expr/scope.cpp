// Name resolution for expressions.

#include "core/expr/scope.h"

#include <algorithm>

#include "core/common/text.h"

namespace riffle {
namespace {

std::string Qualified(const ScopeColumn& c) {
  return c.qualifier.empty() ? c.name : c.qualifier + "." + c.name;
}

}  // namespace

const char* PseudoColumnName(PseudoColumn p) {
  switch (p) {
    case PseudoColumn::kRowtime:
      return "ROWTIME";
    case PseudoColumn::kRowpartition:
      return "ROWPARTITION";
    case PseudoColumn::kRowoffset:
      return "ROWOFFSET";
    case PseudoColumn::kNone:
      break;
  }
  return "";
}

bool IsSystemColumnName(const std::string& name) {
  return name == "ROWTIME" || name == "ROWPARTITION" || name == "ROWOFFSET" ||
         name == "WINDOWSTART" || name == "WINDOWEND";
}

PseudoColumn PseudoColumnFromName(const std::string& name) {
  if (AsciiIEquals(name, "ROWTIME")) return PseudoColumn::kRowtime;
  if (AsciiIEquals(name, "ROWPARTITION")) return PseudoColumn::kRowpartition;
  if (AsciiIEquals(name, "ROWOFFSET")) return PseudoColumn::kRowoffset;
  return PseudoColumn::kNone;
}

TypePtr PseudoColumnType(PseudoColumn p) {
  switch (p) {
    case PseudoColumn::kRowtime:
      return Type::Bigint();
    case PseudoColumn::kRowpartition:
      return Type::Int();
    case PseudoColumn::kRowoffset:
      return Type::Bigint();
    case PseudoColumn::kNone:
      break;
  }
  return Type::Null();
}

void Scope::AddColumn(std::string qualifier, std::string name, TypePtr type, int index) {
  columns_.push_back({std::move(qualifier), std::move(name), std::move(type), index});
}

void Scope::AddSchema(const std::string& qualifier, const Schema& schema, int first_index) {
  for (size_t i = 0; i < schema.size(); ++i) {
    AddColumn(qualifier, schema[i].name, schema[i].type, first_index + static_cast<int>(i));
  }
}

void Scope::AddExpressionColumn(std::string expr_text, TypePtr type, int index) {
  expressions_.push_back({"", std::move(expr_text), std::move(type), index});
}

void Scope::AddLambdaVariable(std::string name, TypePtr type, int index) {
  lambda_vars_.push_back({"", std::move(name), std::move(type), index});
}

int Scope::EndIndex() const {
  int end = 0;
  for (const auto* list : {&columns_, &expressions_, &lambda_vars_, &qualified_pseudo_}) {
    for (const auto& c : *list) end = std::max(end, c.index + 1);
  }
  return end;
}

void Scope::AddQualifiedPseudoColumn(std::string qualifier, std::string name, int index) {
  TypePtr type = PseudoColumnType(PseudoColumnFromName(name));
  qualified_pseudo_.push_back({std::move(qualifier), std::move(name), std::move(type), index});
}

void Scope::AddQualifierSynonym(std::string qualifier, std::string synonym) {
  synonyms_.emplace_back(std::move(synonym), std::move(qualifier));
}

const std::string& Scope::Canonical(const std::string& q) const {
  if (HasQualifier(q)) return q;
  for (const auto& [syn, qual] : synonyms_) {
    if (AsciiIEquals(syn, q)) return qual;
  }
  return q;
}

bool Scope::HasQualifier(const std::string& q) const {
  for (const auto& c : columns_) {
    if (c.qualifier == q || AsciiIEquals(c.qualifier, q)) return true;
  }
  return false;
}

PseudoColumn Scope::ResolvePseudo(const std::string& given_qualifier,
                                  const std::string& name) const {
  const std::string& qualifier = Canonical(given_qualifier);
  if (!allow_pseudo_) return PseudoColumn::kNone;
  PseudoColumn p = PseudoColumnFromName(name);
  if (p == PseudoColumn::kNone) return p;
  for (const auto& c : columns_) {
    if ((qualifier.empty() || AsciiIEquals(c.qualifier, qualifier)) && AsciiIEquals(c.name, name)) {
      return PseudoColumn::kNone;  // a real column shadows the pseudo-column
    }
  }
  if (!qualifier.empty() && !HasQualifier(qualifier)) return PseudoColumn::kNone;
  return p;
}

std::string DoubleQuotedNameHint(const std::string& name, const std::string& other_hint) {
  std::string literal = "'";
  for (char c : name) literal += c == '\'' ? std::string("''") : std::string(1, c);
  literal += "'";
  std::string hint = "double quotes name a column or source (\"" + name +
                     "\" is an identifier); a string literal takes single quotes: " + literal;
  return other_hint.empty() ? hint : other_hint + " Otherwise: " + hint;
}

const ScopeColumn* Scope::Resolve(const std::string& given_qualifier, const std::string& name,
                                  SourcePos pos, bool double_quoted) const {
  if (given_qualifier.empty()) {
    for (int pass = 0; pass < 2; ++pass) {
      for (auto it = lambda_vars_.rbegin(); it != lambda_vars_.rend(); ++it) {
        if (pass == 0 ? it->name == name : AsciiIEquals(it->name, name)) return &*it;
      }
    }
  }
  const std::string& qualifier = Canonical(given_qualifier);
  if (!qualifier.empty() && !HasQualifier(qualifier)) {
    std::vector<std::string> quals;
    for (const auto& c : columns_) {
      if (!c.qualifier.empty()) quals.push_back(c.qualifier);
    }
    std::string closest = ClosestMatch(qualifier, quals);
    std::string hint = closest.empty() ? "" : "did you mean " + closest + "?";
    // `customer.name` where CUSTOMER is a STRUCT column: other SQL dialects write a field so.
    for (const auto& c : columns_) {
      if (AsciiIEquals(c.name, qualifier) && c.type != nullptr &&
          c.type->kind == TypeKind::kStruct) {
        hint = c.name + " is a STRUCT column: write " + given_qualifier + "->" + name +
               " for its field";
        break;
      }
    }
    ThrowBind(pos, "'" + qualifier + "' is not a valid stream/table name or alias.", hint);
  }
  // Exact match first, then case-insensitive, each time checking for ambiguity.
  for (int pass = 0; pass < 2; ++pass) {
    const ScopeColumn* found = nullptr;
    for (const auto& c : columns_) {
      bool name_ok = pass == 0 ? c.name == name : AsciiIEquals(c.name, name);
      bool qual_ok =
          qualifier.empty() || c.qualifier == qualifier || AsciiIEquals(c.qualifier, qualifier);
      if (!name_ok || !qual_ok) continue;
      if (found != nullptr && found->index != c.index) {
        // ksqlDB's AmbiguousColumnException: the candidates sorted, "A, B or C."
        std::vector<std::string> could{Qualified(*found), Qualified(c)};
        std::sort(could.begin(), could.end());
        ThrowBind(pos,
                  "Column '" + name + "' is ambiguous. Could be " + could[0] + " or " + could[1] +
                      ".",
                  "qualify it with the source name or alias");
      }
      found = &c;
    }
    if (found != nullptr) return found;
  }
  if (ResolvePseudo(qualifier, name) != PseudoColumn::kNone) {
    for (const auto& c : qualified_pseudo_) {
      if (!qualifier.empty() && AsciiIEquals(c.qualifier, qualifier) &&
          AsciiIEquals(c.name, name)) {
        return &c;
      }
    }
    return nullptr;
  }
  std::vector<std::string> names;
  for (const auto& c : columns_) {
    if (qualifier.empty() || AsciiIEquals(c.qualifier, qualifier)) names.push_back(c.name);
  }
  std::string hint = ClosestMatch(name, names);
  std::string shown = qualifier.empty() ? name : qualifier + "." + name;
  std::string what = clause_.empty() ? "Column '" : clause_ + " column '";
  std::string suggestion = hint.empty() ? "" : "did you mean " + hint + "?";
  if (double_quoted) suggestion = DoubleQuotedNameHint(name, suggestion);
  ThrowBind(pos, what + shown + "' cannot be resolved" + (clause_.empty() ? "" : "."),
            suggestion);
}

const ScopeColumn* Scope::FindExpression(const std::string& expr_text) const {
  for (const auto& e : expressions_) {
    if (e.name == expr_text) return &e;
  }
  return nullptr;
}

}  // namespace riffle
