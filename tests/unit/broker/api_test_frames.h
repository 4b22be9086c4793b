#pragma once
// Frame helpers for the API handlers' unit tests: encode a request body with Writer, decode a
// response body with Reader.

#include <functional>
#include <string>

#include "connectors/broker/wire.h"

namespace riffle::broker {

// The body `encode` writes, with compact encodings and tagged fields when `flexible`.
inline std::string Frame(bool flexible, const std::function<void(Writer&)>& encode) {
  Writer w(flexible);
  encode(w);
  return w.buffer();
}

// A string of 16 bytes that is a topic id in the fake store (its n-th topic).
inline std::string FakeTopicId(int n) { return std::string(15, '\0') + static_cast<char>(n); }

}  // namespace riffle::broker
