// The NONE format: no columns. Decoding ignores the bytes; encoding writes a null.

#include "connectors/formats/format_impl.h"

namespace riffle::formats {

namespace {

class NoneDecoder final : public Decoder {
 public:
  bool Decode(std::string_view, bool, std::vector<Value>&, std::string&) override { return true; }
};

class NoneEncoder final : public Encoder {
 public:
  bool Encode(const std::vector<Value>&, std::string& out, bool& is_null, std::string&) override {
    out.clear();
    is_null = true;
    return true;
  }
};

}  // namespace

std::unique_ptr<Decoder> MakeNoneDecoder() { return std::make_unique<NoneDecoder>(); }
std::unique_ptr<Encoder> MakeNoneEncoder() { return std::make_unique<NoneEncoder>(); }

}  // namespace riffle::formats
