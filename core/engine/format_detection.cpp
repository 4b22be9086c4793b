#include "core/engine/format_detection.h"

#include <bit>
#include <nlohmann/json.hpp>
#include <string_view>

#include "connectors/formats/format.h"
#include "connectors/formats/schema_format.h"
#include "core/exec/registry_schemas.h"

namespace riffle {

namespace {

std::string Hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string hex = "0x";
  for (unsigned char c : bytes) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

// Valid UTF-8 without control characters other than TAB, LF and CR.
bool IsText(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    int extra = (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra < 0 || (c & 0xfe) == 0xc0 || i + static_cast<size_t>(extra) >= s.size()) {
      return false;
    }
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += static_cast<size_t>(extra) + 1;
  }
  return true;
}

template <typename T>
T BigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  if constexpr (sizeof(T) == 4) {
    return static_cast<T>(static_cast<uint32_t>(v));
  } else {
    return std::bit_cast<T>(v);
  }
}

}  // namespace

const char* DetectedFormatName(DetectedFormat f) {
  switch (f) {
    case DetectedFormat::kAvro:
      return "AVRO";
    case DetectedFormat::kProtobuf:
      return "PROTOBUF";
    case DetectedFormat::kJsonSr:
      return "JSON_SR";
    case DetectedFormat::kJson:
      return "JSON";
    case DetectedFormat::kKafkaInt:
      return "KAFKA_INT";
    case DetectedFormat::kKafkaBigint:
      return "KAFKA_BIGINT";
    case DetectedFormat::kKafkaDouble:
      return "KAFKA_DOUBLE";
    case DetectedFormat::kKafkaString:
      return "KAFKA_STRING";
  }
  return "?";
}

struct FormatDetector::SchemaCodec {
  std::string format;  // AVRO, PROTOBUF or JSON (the registry's name)
  std::unique_ptr<formats::Decoder> decoder;
  std::unique_ptr<formats::Encoder> json;
  size_t columns = 0;
};

FormatDetector::FormatDetector(bool is_key, const SchemaRegistry& schemas)
    : is_key_(is_key), schemas_(schemas) {
  for (int f = 0; f <= static_cast<int>(DetectedFormat::kKafkaDouble); ++f) {
    candidates_.push_back(static_cast<DetectedFormat>(f));
  }
}

FormatDetector::~FormatDetector() = default;

Value FormatDetector::Format(const std::optional<std::string>& bytes) {
  if (!bytes) return Value();
  seen_ = true;
  std::optional<std::string> first;
  std::vector<DetectedFormat> still;
  for (DetectedFormat f : candidates_) {
    std::optional<std::string> text = TryRead(f, *bytes);
    if (!text) continue;
    still.push_back(f);
    if (!first) first = std::move(text);
  }
  candidates_ = std::move(still);
  if (first) return Value::String(*first);
  // No format reads it: shown raw, as text when it is text, else in hex.
  return Value::String(IsText(*bytes) ? *bytes : Hex(*bytes));
}

std::string FormatDetector::Describe() const {
  if (!seen_) return std::string("unknown (only null ") + (is_key_ ? "keys" : "values") + ")";
  if (candidates_.empty()) return "unrecognised bytes";
  std::string out;
  for (DetectedFormat f : candidates_) {
    out += (out.empty() ? "" : " or ") + std::string(DetectedFormatName(f));
  }
  return out;
}

std::optional<std::string> FormatDetector::TryRead(DetectedFormat f, const std::string& bytes) {
  std::string error;
  switch (f) {
    case DetectedFormat::kAvro:
    case DetectedFormat::kProtobuf:
    case DetectedFormat::kJsonSr: {
      SchemaCodec* codec = CodecFor(bytes);
      const char* registry_name = f == DetectedFormat::kAvro       ? "AVRO"
                                  : f == DetectedFormat::kProtobuf ? "PROTOBUF"
                                                                   : "JSON";
      if (codec == nullptr || codec->format != registry_name) return std::nullopt;
      if (f == DetectedFormat::kJsonSr) {
        std::string_view text(bytes);
        text.remove_prefix(5);
        if (!nlohmann::json::accept(text)) return std::nullopt;
        return std::string(text);
      }
      std::vector<Value> row(codec->columns);
      if (!codec->decoder->Decode(bytes, false, row, error)) return std::nullopt;
      std::string out;
      bool is_null = false;
      if (!codec->json->Encode(row, out, is_null, error)) return std::nullopt;
      return is_null ? std::string("null") : out;
    }
    case DetectedFormat::kJson:
      if (bytes.empty() || !IsText(bytes) || !nlohmann::json::accept(bytes)) return std::nullopt;
      return bytes;
    case DetectedFormat::kKafkaInt:
      if (bytes.size() != 4) return std::nullopt;
      return std::to_string(BigEndian<int32_t>(bytes));
    case DetectedFormat::kKafkaBigint:
      if (bytes.size() != 8) return std::nullopt;
      return std::to_string(BigEndian<int64_t>(bytes));
    case DetectedFormat::kKafkaDouble:
      if (bytes.size() != 8) return std::nullopt;
      return DoubleToString(BigEndian<double>(bytes));
    case DetectedFormat::kKafkaString:
      if (bytes.empty() || !IsText(bytes)) return std::nullopt;
      return bytes;
  }
  return std::nullopt;
}

// The decoder for the schema id in Confluent's framing of `bytes`, or nullptr when the bytes
// are not framed or the id is not registered (or cannot be read by riffle).
FormatDetector::SchemaCodec* FormatDetector::CodecFor(const std::string& bytes) {
  if (bytes.size() < 5 || bytes[0] != '\0') return nullptr;
  int32_t id = BigEndian<int32_t>(std::string_view(bytes).substr(1, 4));
  auto it = codecs_.find(id);
  if (it != codecs_.end()) return it->second.get();
  std::unique_ptr<SchemaCodec> codec;
  try {
    if (auto stored = schemas_.SchemaById(id)) codec = MakeCodec(*stored);
  } catch (const std::exception&) {
    codec.reset();  // a schema riffle cannot map: not readable as that format
  }
  return codecs_.emplace(id, std::move(codec)).first->second.get();
}

std::unique_ptr<FormatDetector::SchemaCodec> FormatDetector::MakeCodec(
    const StoredSchema& stored) {
  auto codec = std::make_unique<SchemaCodec>();
  codec->format = stored.format.empty() ? "AVRO" : stored.format;
  if (codec->format == "JSON") return codec;  // JSON_SR text is shown as it is
  formats::FormatSpec spec;
  spec.name = codec->format;
  spec.is_key = is_key_;
  spec.schema = ToRegistered(stored);
  spec.lookup = RegistrySchemaLookup(schemas_);
  std::vector<StructField> fields = formats::SchemaColumns(spec, spec.schema);
  // A primitive schema gives one column that is written bare.
  bool bare = fields.size() == 1 && (fields[0].name == "ROWKEY" || fields[0].name == "ROWVAL");
  if (bare && !is_key_) spec.wrap_single_value = false;
  std::vector<formats::FieldBinding> bindings;
  for (size_t i = 0; i < fields.size(); ++i) {
    bindings.push_back({fields[i].name, fields[i].type, static_cast<int>(i)});
  }
  formats::FormatSpec json;
  json.name = "JSON";
  json.is_key = is_key_;
  if (bare && !is_key_) json.wrap_single_value = false;
  codec->decoder = formats::MakeDecoder(spec, bindings);
  codec->json = formats::MakeEncoder(json, bindings);
  codec->columns = fields.size();
  return codec;
}

TypePtr KafkaColumnType(const FormatDetector& detector, std::string& why) {
  const char* what = detector.is_key() ? "keys" : "values";
  if (!detector.seen()) {
    why = std::string("only null ") + what;
    return nullptr;
  }
  std::vector<DetectedFormat> numbers;
  for (DetectedFormat f : detector.candidates()) {
    if (f == DetectedFormat::kKafkaString) return Type::String();
    if (f == DetectedFormat::kKafkaInt || f == DetectedFormat::kKafkaBigint ||
        f == DetectedFormat::kKafkaDouble) {
      numbers.push_back(f);
    }
  }
  if (numbers.size() == 1) {
    switch (numbers[0]) {
      case DetectedFormat::kKafkaInt: return Type::Int();
      case DetectedFormat::kKafkaBigint: return Type::Bigint();
      default: return Type::Double();
    }
  }
  if (numbers.empty()) {
    why = std::string("its ") + what + " are " + detector.Describe() +
          ", none of STRING, INT, BIGINT or DOUBLE";
  } else {
    why = std::string("its 8-byte ") + what + " read as BIGINT or DOUBLE";
  }
  return nullptr;
}

}  // namespace riffle
