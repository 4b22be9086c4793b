#include "core/exec/source_layout.h"

#include <algorithm>
#include <cctype>

#include "core/common/error.h"
#include "core/common/text.h"
#include "core/exec/registry_schemas.h"

namespace riffle {

int64_t ParseWindowSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t digits = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == digits || i - digits > 15) return -1;
  int64_t n = *ParseInt64(std::string_view(text).substr(digits, i - digits));  // 1-15 digits
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  std::string unit = text.substr(i);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  AsciiUpperInPlace(unit);
  if (!unit.empty() && unit.back() == 'S') unit.pop_back();
  static const std::pair<const char*, int64_t> kUnits[] = {
      {"", 1},          {"MILLISECOND", 1},      {"SECOND", 1000},        {"MINUTE", 60000},
      {"HOUR", 3600000}, {"DAY", 86400000}};
  for (const auto& [name, ms] : kUnits) {
    if (unit == name) return n * ms;
  }
  return -1;
}

SourceLayout MakeSourceLayout(const SourceInfo& source, const SchemaRegistry* registry) {
  SourceLayout layout;
  layout.schema = source.schema;
  std::map<std::string, std::string> props = source.properties;
  props["KEY_FORMAT"] = source.key_format;
  props["VALUE_FORMAT"] = source.value_format;
  props.erase("FORMAT");
  layout.key_format = formats::ParseFormatSpec(source.key_format, props, /*is_key=*/true);
  layout.value_format = formats::ParseFormatSpec(source.value_format, props, /*is_key=*/false);
  for (size_t i = 0; i < source.schema.size(); ++i) {
    const ColumnDef& c = source.schema[i];
    formats::FieldBinding binding{c.name, c.type, static_cast<int>(i)};
    if (c.role == ColumnRole::kKey) {
      layout.key_fields.push_back(binding);
    } else if (c.role == ColumnRole::kValue) {
      layout.value_fields.push_back(binding);
    }
  }
  formats::ValidateFormatSchema(layout.key_format, layout.key_fields);
  formats::ValidateFormatSchema(layout.value_format, layout.value_fields);
  if (registry != nullptr) {
    ResolveRegisteredSchema(layout.key_format, *registry);
    ResolveRegisteredSchema(layout.value_format, *registry);
  }
  if (auto type = source.properties.find("WINDOW_TYPE"); type != source.properties.end()) {
    std::string kind = type->second;
    AsciiUpperInPlace(kind);
    if (kind != "SESSION" && kind != "TUMBLING" && kind != "HOPPING") {
      ThrowBind({}, "WINDOW_TYPE must be SESSION, TUMBLING or HOPPING, not '" + type->second +
                        "'.");
    }
    layout.window = kind == "SESSION" ? SourceLayout::Window::kSession : SourceLayout::Window::kTime;
    auto size = source.properties.find("WINDOW_SIZE");
    if (kind == "SESSION" && size != source.properties.end()) {
      throw RiffleError(ErrorKind::kParse, "'WINDOW_SIZE' should not be set for SESSION windows.");
    }
    if (kind != "SESSION") {
      if (size == source.properties.end()) {
        ThrowBind({}, "'WINDOW_SIZE' must be set for " + kind + " windows.",
                  "e.g. WINDOW_SIZE='30 SECONDS'");
      }
      layout.window_size_ms = ParseWindowSize(size->second);
      if (layout.window_size_ms < 0) {
        std::string unit = size->second;
        size_t at = unit.find_first_not_of("0123456789 ");
        unit = at == std::string::npos ? "" : unit.substr(at);
        AsciiUpperInPlace(unit);
        throw RiffleError(ErrorKind::kParse,
                          "Configuration WINDOW_SIZE is invalid: Invalid duration: '" +
                              size->second + "'. Unknown time unit: '" + unit + "'",
                          {}, "e.g. WINDOW_SIZE='30 SECONDS' or WINDOW_SIZE='30000'");
      }
    }
  }
  if (!source.timestamp_column.empty()) {
    layout.timestamp_column = source.schema.Find(source.timestamp_column);
    layout.timestamp_format = source.timestamp_format;
  }
  return layout;
}

}  // namespace riffle
