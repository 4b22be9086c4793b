// Resolving a format from WITH properties and checking it can carry a schema, with ksqlDB's
// rules and messages.

#include <algorithm>
#include <cctype>
#include <climits>
#include <stdexcept>

#include "connectors/formats/format.h"
#include "connectors/formats/format_impl.h"
#include "core/common/error.h"
#include "core/common/text.h"

namespace riffle::formats {

namespace {

// Every format name ksqlDB knows, so a typo gets a suggestion and a known-but-unimplemented
// format gets an honest message rather than "unknown".
const std::vector<std::string>& KnownFormats() {
  static const std::vector<std::string> kNames = {"JSON",     "JSON_SR",  "DELIMITED",
                                                  "KAFKA",    "NONE",     "AVRO",
                                                  "PROTOBUF", "PROTOBUF_NOSR"};
  return kNames;
}

bool IsImplemented(const std::string& name) {
  return name == "JSON" || name == "JSON_SR" || name == "DELIMITED" || name == "KAFKA" ||
         name == "NONE" || name == "AVRO" || name == "PROTOBUF" || name == "PROTOBUF_NOSR";
}

std::optional<std::string> Property(const std::map<std::string, std::string>& props,
                                    const std::string& name) {
  for (const auto& [key, value] : props) {
    if (AsciiUpper(key) == name) return value;
  }
  return std::nullopt;
}

char ParseDelimiter(const std::string& property, const std::string& text) {
  std::string prefix = "Configuration " + property + " is invalid: ";
  const std::string example = "\nExample valid value: ';'";
  // Java trims the value first, so a lone space or tab reads as empty.
  bool blank = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) <= ' '; });
  if (blank) {
    ThrowBind({}, prefix +
                      "Delimiter cannot be empty, if you meant to have a tab or space for "
                      "delimiter, please use the special values 'TAB' or 'SPACE'" +
                      example);
  }
  std::string upper = AsciiUpper(text);
  if (upper == "TAB") return '\t';
  if (upper == "SPACE") return ' ';
  if (text.size() != 1) {
    ThrowBind({}, prefix + "Invalid delimiter value: '" + text +
                      "'. Delimiter must be a single character or TAB,SPACE" + example);
  }
  return text[0];
}

bool ContainsMap(const Type& type) {
  if (type.kind == TypeKind::kMap) return true;
  if (type.element && ContainsMap(*type.element)) return true;
  for (const auto& f : type.fields) {
    if (f.type && ContainsMap(*f.type)) return true;
  }
  return false;
}

// "[`K` STRING KEY, `V` INTEGER]" as ksqlDB lists columns in format errors.
std::string ColumnList(const std::vector<FieldBinding>& fields, bool is_key) {
  std::string s = "[";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) s += ", ";
    s += "`" + fields[i].name + "` " + fields[i].type->ToString();
    if (is_key) s += " KEY";
  }
  return s + "]";
}

}  // namespace

namespace {

// FORMAT together with KEY_FORMAT or VALUE_FORMAT.
void CheckNotBoth(const std::map<std::string, std::string>& props) {
  auto format = Property(props, "FORMAT");
  for (const char* specific : {"KEY_FORMAT", "VALUE_FORMAT"}) {
    if (format && Property(props, specific)) {
      ThrowBind({}, std::string("Cannot supply both '") + specific +
                        "' and 'FORMAT' properties, as 'FORMAT' sets both key and value "
                        "formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and "
                        "'VALUE_FORMAT'.");
    }
  }
}

void CheckKnown(const std::string& given) {
  const auto& known = KnownFormats();
  if (std::find(known.begin(), known.end(), AsciiUpper(given)) == known.end()) {
    std::string close = ClosestMatch(AsciiUpper(given), known);
    ThrowBind({}, "Unknown format: " + given, close.empty() ? "" : "did you mean " + close + "?");
  }
}

}  // namespace

void CheckFormatNames(const std::map<std::string, std::string>& with_properties) {
  CheckNotBoth(with_properties);
  for (const char* name : {"FORMAT", "KEY_FORMAT", "VALUE_FORMAT"}) {
    if (auto given = Property(with_properties, name)) CheckKnown(*given);
  }
}

FormatSpec ParseFormatSpec(const std::string& default_name,
                           const std::map<std::string, std::string>& with_properties,
                           bool is_key) {
  CheckNotBoth(with_properties);
  auto format = Property(with_properties, "FORMAT");
  auto key_format = Property(with_properties, "KEY_FORMAT");
  auto value_format = Property(with_properties, "VALUE_FORMAT");
  std::optional<std::string> chosen = is_key ? key_format : value_format;
  if (!chosen) chosen = format;
  if (!chosen && !default_name.empty()) chosen = default_name;
  if (!chosen) {
    if (!is_key) {
      ThrowBind({},
                "Statement is missing the 'VALUE_FORMAT' property from the WITH clause. "
                "Either provide one or set a default via the "
                "'ksql.persistence.default.format.value' config.");
    }
    chosen = "KAFKA";
  }

  FormatSpec spec;
  spec.is_key = is_key;
  spec.name = AsciiUpper(*chosen);
  CheckKnown(*chosen);
  if (!IsImplemented(spec.name)) {
    ThrowBind({}, "The '" + spec.name + "' format is not supported by riffle yet",
              "supported formats: JSON, JSON_SR, DELIMITED, KAFKA, NONE, AVRO, PROTOBUF, PROTOBUF_NOSR");
  }

  const std::string delimiter_property = is_key ? "KEY_DELIMITER" : "VALUE_DELIMITER";
  if (auto delimiter = Property(with_properties, delimiter_property)) {
    if (spec.name != "DELIMITED") {
      ThrowBind({}, spec.name + " does not support the following configs: [delimiter]");
    }
    spec.delimiter = ParseDelimiter(delimiter_property, *delimiter);
  }

  const std::string side = is_key ? "KEY" : "VALUE";
  if (auto id = Property(with_properties, side + "_SCHEMA_ID")) {
    std::optional<int64_t> n = ParseInt64(*id);
    if (!n || *n < 1 || *n > INT32_MAX) {
      ThrowBind({}, "Invalid value for " + side + "_SCHEMA_ID: '" + *id + "'",
                "a schema id is a positive integer");
    }
    spec.schema.id = static_cast<int32_t>(*n);
  }
  std::optional<std::string> full_name = Property(with_properties, side + "_SCHEMA_FULL_NAME");
  if (!full_name && !is_key) full_name = Property(with_properties, "VALUE_AVRO_SCHEMA_FULL_NAME");
  if (full_name) {
    if (spec.name != "AVRO" && spec.name != "PROTOBUF" && spec.name != "PROTOBUF_NOSR" &&
        spec.name != "JSON_SR") {
      ThrowBind({}, spec.name + " does not support the following configs: [fullSchemaName]");
    }
    if (full_name->empty()) {
      ThrowBind({}, "fullSchemaName cannot be empty. Format configuration: {fullSchemaName=}");
    }
    spec.schema_full_name = *full_name;
  }

  if (!is_key) {
    if (auto wrap = Property(with_properties, "WRAP_SINGLE_VALUE")) {
      std::string upper = AsciiUpper(*wrap);
      if (upper != "TRUE" && upper != "FALSE") {
        ThrowBind({}, "Invalid value for WRAP_SINGLE_VALUE: '" + *wrap + "'",
                  "use true or false");
      }
      spec.wrap_single_value = upper == "TRUE";
      if (*spec.wrap_single_value &&
          (spec.name == "KAFKA" || spec.name == "DELIMITED" || spec.name == "NONE")) {
        ThrowBind({}, "Format '" + spec.name +
                          "' does not support 'WRAP_SINGLE_VALUE' set to 'true'.");
      }
    }
  }
  return spec;
}

namespace {
// The checks of ValidateFormatSchema other than MAP keys; messages as ksqlDB's serde factories.
void CheckFormatSupports(const FormatSpec& spec, const std::vector<FieldBinding>& fields);
}  // namespace

void ValidateFormatSchema(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  if (spec.is_key) {
    for (const auto& f : fields) {
      if (ContainsMap(*f.type)) {
        ThrowBind({}, "Map keys, including types that contain maps, are not supported as they "
                      "may lead to unexpected behavior due to inconsistent serialization. Key "
                      "column name: `" +
                          f.name + "`. Column type: " + f.type->ToString() +
                          ". See https://github.com/confluentinc/ksql/issues/6621 for more.");
      }
    }
    // ksqlDB reports a key schema its key format cannot hold with the format and the schema.
    try {
      CheckFormatSupports(spec, fields);
    } catch (const RiffleError& e) {
      ThrowBind({}, "Key format does not support schema.\nformat: " + spec.name +
                        "\nschema: Persistence{columns=" + ColumnList(fields, true) +
                        ", features=[]}\nreason: " + e.message(),
                e.suggestion());
    }
    return;
  }
  CheckFormatSupports(spec, fields);
}

namespace {
void CheckFormatSupports(const FormatSpec& spec, const std::vector<FieldBinding>& fields) {
  if (spec.name == "NONE" && !fields.empty()) {
    ThrowBind({}, "The 'NONE' format can only be used when no columns are defined. Got: " +
                      ColumnList(fields, spec.is_key));
  }
  if (spec.name == "KAFKA") {
    if (fields.size() > 1) {
      ThrowBind({}, "The 'KAFKA' format only supports a single field. Got: " +
                        ColumnList(fields, spec.is_key));
    }
    for (const auto& f : fields) {
      TypeKind k = f.type->kind;
      if (k != TypeKind::kInt && k != TypeKind::kBigint && k != TypeKind::kDouble &&
          k != TypeKind::kString && k != TypeKind::kBytes) {
        ThrowBind({}, StrCat("The 'KAFKA' format does not support type '",
                             BaseTypeName(f.type->kind), "'"));
      }
    }
  }
  if (spec.name == "DELIMITED") {
    for (const auto& f : fields) {
      if (!f.type->IsPrimitive()) {
        ThrowBind({}, StrCat("The 'DELIMITED' format does not support type '",
                             BaseTypeName(f.type->kind), "', column: `", f.name, "`"));
      }
    }
  }
  if (!spec.is_key && spec.wrap_single_value.has_value() && fields.size() != 1) {
    ThrowBind({}, "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas");
  }
  if (spec.name == "AVRO") ValidateAvroFields(spec, fields);
  if (spec.name == "PROTOBUF" || spec.name == "PROTOBUF_NOSR") ValidateProtobufFields(spec, fields);
}
}  // namespace

bool IsUnwrapped(const FormatSpec& spec, size_t num_fields) {
  if (num_fields != 1) return false;
  // ksqlDB always writes PROTOBUF keys and values as messages (a message is the root type).
  if (spec.name == "PROTOBUF" || spec.name == "PROTOBUF_NOSR") return false;
  if (spec.is_key) return true;
  return spec.wrap_single_value.has_value() && !*spec.wrap_single_value;
}

std::string FieldContext(const FieldBinding& field) { return "field `" + field.name + "`: "; }

}  // namespace riffle::formats
