// PRINT 'topic' [FROM BEGINNING] [INTERVAL n] [LIMIT n]: the records of a topic, their key and
// value formats detected from the bytes as ksqlDB's PRINT detects them.
//
// Each side (key, value) starts with every candidate format; a candidate that fails to read a
// non-null record is dropped for the rest of the PRINT, and each record is shown through the
// first candidate still standing that reads it. The formats left after the first batch are
// reported before the rows ("Key format: KAFKA_INT", "Value format: JSON or KAFKA_STRING"), as
// ksqlDB reports them. Bytes cannot always tell: 8 bytes read as KAFKA_BIGINT and as
// KAFKA_DOUBLE, "12" is JSON and KAFKA_STRING. AVRO, PROTOBUF and JSON_SR records are recognised
// by Confluent's framing (magic byte 0, 4-byte schema id) and a schema of that format registered
// under that id (in the catalog, or the Schema Registry riffle is given), and shown decoded, as
// JSON. Unlike ksqlDB, KAFKA_STRING does not accept control characters other than TAB, CR and LF
// (binary data is not shown as text), and it is preferred to KAFKA_INT / KAFKA_BIGINT /
// KAFKA_DOUBLE for bytes that are such text ("abcd" is shown as text, not as the INT 1633837924).
#include <bit>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "connectors/formats/format.h"
#include "connectors/formats/schema_format.h"
#include "connectors/kafka/kafka_source.h"
#include "core/engine/engine_impl.h"
#include "core/plan/registry_schemas.h"

namespace riffle {

namespace {

enum class PrintFormat {
  kAvro,
  kProtobuf,
  kJsonSr,
  kJson,
  kKafkaString,
  kKafkaInt,
  kKafkaBigint,
  kKafkaDouble,
};

const char* FormatName(PrintFormat f) {
  switch (f) {
    case PrintFormat::kAvro:
      return "AVRO";
    case PrintFormat::kProtobuf:
      return "PROTOBUF";
    case PrintFormat::kJsonSr:
      return "JSON_SR";
    case PrintFormat::kJson:
      return "JSON";
    case PrintFormat::kKafkaInt:
      return "KAFKA_INT";
    case PrintFormat::kKafkaBigint:
      return "KAFKA_BIGINT";
    case PrintFormat::kKafkaDouble:
      return "KAFKA_DOUBLE";
    case PrintFormat::kKafkaString:
      return "KAFKA_STRING";
  }
  return "?";
}

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

// Reads one side's bytes with the candidate formats; see the comment at the top.
class SideFormatter {
 public:
  SideFormatter(bool is_key, const SchemaRegistry& schemas) : is_key_(is_key), schemas_(schemas) {
    for (int f = 0; f <= static_cast<int>(PrintFormat::kKafkaDouble); ++f) {
      candidates_.push_back(static_cast<PrintFormat>(f));
    }
  }

  // Narrows the candidates with `bytes` and returns its display text.
  Value Format(const std::optional<std::string>& bytes) {
    if (!bytes) return Value();
    seen_ = true;
    std::optional<std::string> first;
    std::vector<PrintFormat> still;
    for (PrintFormat f : candidates_) {
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

  std::string Describe() const {
    if (!seen_) return std::string("unknown (only null ") + (is_key_ ? "keys" : "values") + ")";
    if (candidates_.empty()) return "unrecognised bytes";
    std::string out;
    for (PrintFormat f : candidates_)
      out += (out.empty() ? "" : " or ") + std::string(FormatName(f));
    return out;
  }

 private:
  struct SchemaCodec {
    std::string format;  // AVRO, PROTOBUF or JSON (the registry's name)
    std::unique_ptr<formats::Decoder> decoder;
    std::unique_ptr<formats::Encoder> json;
    size_t columns = 0;
  };

  std::optional<std::string> TryRead(PrintFormat f, const std::string& bytes) {
    std::string error;
    switch (f) {
      case PrintFormat::kAvro:
      case PrintFormat::kProtobuf:
      case PrintFormat::kJsonSr: {
        SchemaCodec* codec = CodecFor(bytes);
        const char* registry_name = f == PrintFormat::kAvro       ? "AVRO"
                                    : f == PrintFormat::kProtobuf ? "PROTOBUF"
                                                                  : "JSON";
        if (codec == nullptr || codec->format != registry_name) return std::nullopt;
        if (f == PrintFormat::kJsonSr) {
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
      case PrintFormat::kJson:
        if (bytes.empty() || !IsText(bytes) || !nlohmann::json::accept(bytes)) return std::nullopt;
        return bytes;
      case PrintFormat::kKafkaInt:
        if (bytes.size() != 4) return std::nullopt;
        return std::to_string(BigEndian<int32_t>(bytes));
      case PrintFormat::kKafkaBigint:
        if (bytes.size() != 8) return std::nullopt;
        return std::to_string(BigEndian<int64_t>(bytes));
      case PrintFormat::kKafkaDouble:
        if (bytes.size() != 8) return std::nullopt;
        return DoubleToString(BigEndian<double>(bytes));
      case PrintFormat::kKafkaString:
        if (bytes.empty() || !IsText(bytes)) return std::nullopt;
        return bytes;
    }
    return std::nullopt;
  }

  // The decoder for the schema id in Confluent's framing of `bytes`, or nullptr when the bytes
  // are not framed or the id is not registered (or cannot be read by riffle).
  SchemaCodec* CodecFor(const std::string& bytes) {
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

  std::unique_ptr<SchemaCodec> MakeCodec(const StoredSchema& stored) {
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

  bool is_key_;
  const SchemaRegistry& schemas_;
  std::vector<PrintFormat> candidates_;
  bool seen_ = false;
  std::map<int32_t, std::unique_ptr<SchemaCodec>> codecs_;  // null: not readable
};

}  // namespace

void EngineImpl::Print(const PrintStmt& s, ResultSink& sink) {
  if (!admin_->TopicExists(s.topic)) {
    std::vector<std::string> names;
    for (const auto& t : admin_->ListTopics()) names.push_back(t.name);
    std::string hint = ClosestMatch(s.topic, names);
    ThrowBind({}, "Could not find topic '" + s.topic + "'.",
              hint.empty() ? "SHOW TOPICS lists them" : "did you mean '" + hint + "'?");
  }
  kafka::KafkaSourceOptions options;
  options.bootstrap_servers = bootstrap_;
  options.config = KafkaClientConfig();
  options.topic = s.topic;
  options.reset = s.from_beginning ? kafka::OffsetReset::kEarliest : kafka::OffsetReset::kLatest;
  kafka::KafkaSource source(options);
  // Offsets deleted before PRINT read them (or a re-created topic): said once per skip.
  auto report_skips = [&] {
    for (const kafka::OffsetSkip& skip : source.TakeSkips()) {
      sink.Warning("skipped " + skip.Describe());
    }
  };
  const std::vector<ResultColumn> columns = {{"ROWTIME", Type::Timestamp()},
                                             {"PARTITION", Type::Int()},
                                             {"OFFSET", Type::Bigint()},
                                             {"KEY", Type::String()},
                                             {"VALUE", Type::String()}};
  if (!s.from_beginning) {
    sink.Notice("Showing new records only. To read from the beginning: PRINT '" + s.topic +
                "' FROM BEGINNING;");
  }
  // The formats are reported with the first records, so wait for them before the rows begin.
  std::vector<kafka::KafkaRecord> records;
  while (!cancel_ && records.empty()) {
    records = source.Poll(500, 100);
    report_skips();
  }
  SideFormatter keys(true, Schemas()), values(false, Schemas());
  // The whole first batch narrows the formats before any of it is shown.
  for (const kafka::KafkaRecord& r : records) {
    keys.Format(r.key);
    values.Format(r.value);
  }
  if (!records.empty()) {
    sink.Notice("Key format: " + keys.Describe());
    sink.Notice("Value format: " + values.Describe());
  }
  sink.BeginRowsOf(ResultSink::RowsKind::kPrint, columns);
  int64_t shown = 0, seen = 0;
  int64_t interval = std::max<int64_t>(1, s.interval.value_or(1));
  bool first_batch = true;
  while (!cancel_) {
    if (!first_batch) {
      records = source.Poll(500, 100);
      report_skips();
    }
    for (const kafka::KafkaRecord& r : records) {
      // Later records narrow the formats further.
      Value key = keys.Format(r.key);
      Value value = values.Format(r.value);
      if (seen++ % interval != 0) continue;
      sink.Row({Value::Int(r.timestamp), Value::Int(r.partition), Value::Int(r.offset),
                std::move(key), std::move(value)});
      if (s.limit && ++shown >= *s.limit) {
        sink.EndRows("Limit Reached");
        return;
      }
    }
    first_batch = false;
  }
  sink.EndRows("Query terminated");
}

}  // namespace riffle
