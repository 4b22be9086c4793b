#include "shell/render_json.h"

#include <cmath>
#include <exception>
#include <nlohmann/json.hpp>
#include <ostream>

#include "core/common/text.h"
#include "core/types/json_string.h"
#include "shell/renderer.h"
#include "shell/value_text.h"

namespace riffle::shell {
namespace {

bool IsAscii(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// JSON string literal; invalid UTF-8 is replaced rather than failing the whole row. ASCII text
// (valid UTF-8 by definition) is escaped directly, as nlohmann's dump would (same escapes,
// lowercase hex digits): building a json object per string was a tenth of a push query's time.
void AppendString(std::string* out, const std::string& text) {
  if (IsAscii(text)) {
    AppendJsonString(text, *out);
    return;
  }
  *out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AppendDouble(std::string* out, double d) {
  if (std::isnan(d)) {
    *out += "\"NaN\"";
  } else if (std::isinf(d)) {
    *out += d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    *out += nlohmann::json(d).dump();
  }
}

void AppendValue(std::string* out, const Value& value, const Type* type);

// Writes the value from its own representation when the column type is unknown or does not
// match it (never throws for a mismatched value).
void AppendUntyped(std::string* out, const Value& value) {
  if (value.is_null()) {
    *out += "null";
  } else if (value.is_bool()) {
    *out += value.as_bool() ? "true" : "false";
  } else if (value.is_int()) {
    *out += std::to_string(value.as_int());
  } else if (value.is_double()) {
    AppendDouble(out, value.as_double());
  } else if (value.is_decimal()) {
    *out += value.as_decimal().ToString();
  } else if (value.is_string()) {
    AppendString(out, value.as_string());
  } else if (value.is_list()) {
    *out += '[';
    bool first = true;
    for (const Value& item : value.as_list()) {
      if (!first) *out += ',';
      first = false;
      AppendUntyped(out, item);
    }
    *out += ']';
  } else {
    *out += '{';
    bool first = true;
    for (const auto& [k, v] : value.as_map()) {
      if (!first) *out += ',';
      first = false;
      AppendString(out, k.is_string() ? k.as_string() : UntypedDisplay(k));
      *out += ':';
      AppendUntyped(out, v);
    }
    *out += '}';
  }
}

void AppendValue(std::string* out, const Value& value, const Type* type) {
  if (value.is_null()) {
    *out += "null";
    return;
  }
  if (type == nullptr) {
    AppendUntyped(out, value);
    return;
  }
  switch (type->kind) {
    case TypeKind::kBoolean:
      if (!value.is_bool()) break;
      *out += value.as_bool() ? "true" : "false";
      return;
    case TypeKind::kInt:
    case TypeKind::kBigint:
      if (!value.is_int()) break;
      *out += std::to_string(value.as_int());
      return;
    case TypeKind::kDouble:
      if (!value.is_double()) break;
      AppendDouble(out, value.as_double());
      return;
    case TypeKind::kDecimal:
      if (!value.is_decimal()) break;
      *out += value.as_decimal().ToString();
      return;
    case TypeKind::kString:
      if (!value.is_string()) break;
      AppendString(out, value.as_string());
      return;
    case TypeKind::kBytes:
    case TypeKind::kDate:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
      AppendString(out, CellText(value, type));
      return;
    case TypeKind::kArray: {
      if (!value.is_list()) break;
      *out += '[';
      bool first = true;
      for (const Value& item : value.as_list()) {
        if (!first) *out += ',';
        first = false;
        AppendValue(out, item, type->element.get());
      }
      *out += ']';
      return;
    }
    case TypeKind::kMap: {
      if (!value.is_map()) break;
      *out += '{';
      bool first = true;
      for (const auto& [k, v] : value.as_map()) {
        if (!first) *out += ',';
        first = false;
        AppendString(out, k.is_string() ? k.as_string() : CellText(k, type->key));
        *out += ':';
        AppendValue(out, v, type->element.get());
      }
      *out += '}';
      return;
    }
    case TypeKind::kStruct: {
      if (!value.is_list()) break;
      const ValueList& fields = value.as_list();
      *out += '{';
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) *out += ',';
        AppendString(out, i < type->fields.size() ? type->fields[i].name
                                                  : StrCat("_", std::to_string(i)));
        *out += ':';
        AppendValue(out, fields[i], i < type->fields.size() ? type->fields[i].type.get() : nullptr);
      }
      *out += '}';
      return;
    }
    case TypeKind::kNull:
      break;
  }
  AppendUntyped(out, value);
}

// `text` as the JSON value it holds, or as a string when it is not JSON. Kept as written (the
// exact digits of its numbers) unless it spans lines, which a JSON line cannot.
void AppendEmbedded(std::string* out, const std::string& text) {
  if (!nlohmann::json::accept(text)) {
    AppendString(out, text);
  } else if (text.find_first_of("\r\n") == std::string::npos) {
    size_t begin = text.find_first_not_of(" \t");
    size_t end = text.find_last_not_of(" \t");
    *out += text.substr(begin, end - begin + 1);
  } else {
    *out += nlohmann::json::parse(text).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

std::string ValueToJson(const Value& value, const TypePtr& type) {
  std::string out;
  AppendValue(&out, value, type.get());
  return out;
}

namespace {

void AppendRow(std::string* out, const std::vector<ResultColumn>& columns,
               const std::vector<Value>& row, const std::vector<bool>& embedded) {
  *out += '{';
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) *out += ',';
    AppendString(out, i < columns.size() ? columns[i].name : StrCat("_", std::to_string(i)));
    *out += ':';
    if (i < embedded.size() && embedded[i] && row[i].is_string()) {
      AppendEmbedded(out, row[i].as_string());
    } else {
      AppendValue(out, row[i], i < columns.size() ? columns[i].type.get() : nullptr);
    }
  }
  *out += '}';
}

}  // namespace

std::string RowToJson(const std::vector<ResultColumn>& columns, const std::vector<Value>& row,
                      const std::vector<bool>& embedded) {
  std::string out;
  AppendRow(&out, columns, row, embedded);
  return out;
}

void JsonRenderer::Notice(const std::string& text) { WriteLine(err_, text); }
void JsonRenderer::Warning(const std::string& text) { WriteWarning(err_, text); }
void JsonRenderer::Error(const std::string& text) {
  out_.flush();
  WriteError(err_, text);
}

void JsonRenderer::Table(const std::vector<ResultColumn>& columns,
                         const std::vector<std::vector<Value>>& rows) {
  for (const auto& row : rows) out_ << RowToJson(columns, row) << '\n';
  out_.flush();
}

void JsonRenderer::BeginRows(const std::vector<ResultColumn>& columns) {
  columns_ = columns;
  embedded_.clear();
}

void JsonRenderer::BeginRowsOf(RowsKind kind, const std::vector<ResultColumn>& columns) {
  BeginRows(columns);
  if (kind != RowsKind::kPrint) return;
  for (const ResultColumn& c : columns) embedded_.push_back(c.name == "KEY" || c.name == "VALUE");
}

void JsonRenderer::Row(const std::vector<Value>& row) {
  out_ << RowToJson(columns_, row, embedded_) << '\n';
  out_.flush();
}

void JsonRenderer::Rows(const std::vector<std::vector<Value>>& rows) {
  std::string text;
  for (const auto& row : rows) {
    AppendRow(&text, columns_, row, embedded_);
    text += '\n';
  }
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  out_.flush();
}

void JsonRenderer::EndRows(const std::string& summary) {
  columns_.clear();
  embedded_.clear();
  out_.flush();
  if (!summary.empty()) WriteLine(err_, summary);
}

}  // namespace riffle::shell
