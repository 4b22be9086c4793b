// The KAFKA format: one primitive column serialized as Kafka's own serializers do (INT 4 bytes
// and BIGINT 8 bytes big-endian, DOUBLE 8-byte IEEE 754 big-endian, STRING UTF-8, BYTES raw).

#include <cstdint>
#include <cstring>

#include "connectors/formats/format_impl.h"

namespace riffle::formats {

namespace {

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

void AppendBigEndian(uint64_t v, int width, std::string& out) {
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

bool WrongSize(const char* deserializer, int expected, size_t got, std::string& error) {
  error = std::string("Size of data received by ") + deserializer + " is not " +
          std::to_string(expected) + " (got " + std::to_string(got) + " bytes)";
  return false;
}

class KafkaDecoder final : public Decoder {
 public:
  explicit KafkaDecoder(std::vector<FieldBinding> fields) : fields_(std::move(fields)) {}

  bool Decode(std::string_view bytes, bool is_null, std::vector<Value>& row,
              std::string& error) override {
    if (fields_.empty()) return true;  // a keyless source ignores whatever key there is
    const FieldBinding& f = fields_[0];
    Value& out = row[f.index];
    out = Value();
    if (is_null) return true;
    switch (f.type->kind) {
      case TypeKind::kInt:
        if (bytes.size() != 4) return WrongSize("IntegerDeserializer", 4, bytes.size(), error);
        out = Value::Int(static_cast<int32_t>(static_cast<uint32_t>(ReadBigEndian(bytes))));
        return true;
      case TypeKind::kBigint:
        if (bytes.size() != 8) return WrongSize("LongDeserializer", 8, bytes.size(), error);
        out = Value::Int(static_cast<int64_t>(ReadBigEndian(bytes)));
        return true;
      case TypeKind::kDouble: {
        if (bytes.size() != 8) return WrongSize("DoubleDeserializer", 8, bytes.size(), error);
        uint64_t raw = ReadBigEndian(bytes);
        double d = 0;
        std::memcpy(&d, &raw, sizeof(d));
        out = Value::Double(d);
        return true;
      }
      case TypeKind::kString:
      case TypeKind::kBytes:
        out = Value::String(std::string(bytes));
        return true;
      default:
        error = "The 'KAFKA' format does not support type '" + f.type->ToString() + "'";
        return false;
    }
  }

 private:
  std::vector<FieldBinding> fields_;
};

class KafkaEncoder final : public Encoder {
 public:
  explicit KafkaEncoder(std::vector<FieldBinding> fields) : fields_(std::move(fields)) {}

  bool Encode(const std::vector<Value>& row, std::string& out, bool& is_null,
              std::string& error) override {
    out.clear();
    is_null = false;
    if (fields_.empty()) {
      is_null = true;
      return true;
    }
    const FieldBinding& f = fields_[0];
    const Value& v = row[f.index];
    if (v.is_null()) {
      is_null = true;
      return true;
    }
    switch (f.type->kind) {
      case TypeKind::kInt:
        if (!v.is_int()) break;
        if (v.as_int() < INT32_MIN || v.as_int() > INT32_MAX) {
          error = FieldContext(f) + "value " + std::to_string(v.as_int()) +
                  " does not fit in INTEGER";
          return false;
        }
        AppendBigEndian(static_cast<uint32_t>(static_cast<int32_t>(v.as_int())), 4, out);
        return true;
      case TypeKind::kBigint:
        if (!v.is_int()) break;
        AppendBigEndian(static_cast<uint64_t>(v.as_int()), 8, out);
        return true;
      case TypeKind::kDouble: {
        if (!v.is_double() && !v.is_int()) break;
        double d = v.is_double() ? v.as_double() : static_cast<double>(v.as_int());
        uint64_t raw = 0;
        std::memcpy(&raw, &d, sizeof(d));
        AppendBigEndian(raw, 8, out);
        return true;
      }
      case TypeKind::kString:
      case TypeKind::kBytes:
        if (!v.is_string()) break;
        out = v.as_string();
        return true;
      default:
        break;
    }
    error = FieldContext(f) + "value does not match its column type " + f.type->ToString();
    return false;
  }

 private:
  std::vector<FieldBinding> fields_;
};

}  // namespace

std::unique_ptr<Decoder> MakeKafkaDecoder(std::vector<FieldBinding> fields) {
  return std::make_unique<KafkaDecoder>(std::move(fields));
}

std::unique_ptr<Encoder> MakeKafkaEncoder(std::vector<FieldBinding> fields) {
  return std::make_unique<KafkaEncoder>(std::move(fields));
}

}  // namespace riffle::formats
