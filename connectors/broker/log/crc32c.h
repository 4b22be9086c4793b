#pragma once
// CRC-32C (Castagnoli), the checksum of Kafka record batches (magic 2).
//
// Uses the SSE4.2 crc32 instruction when the CPU has it (checked once, at run time, so the binary
// still runs on baseline x86-64) and a table-driven loop otherwise; both give the same result.

#include <cstddef>
#include <cstdint>

namespace riffle::broker {

// Extends `crc` (the value returned for the bytes before `data`; 0 to start) over `size` bytes.
// Crc32c(b, n) == Crc32cExtend(Crc32cExtend(0, b, k), b + k, n - k) for every k <= n.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t size);

inline uint32_t Crc32c(const void* data, size_t size) { return Crc32cExtend(0, data, size); }

// True when the hardware path is in use (for tests and diagnostics).
bool Crc32cIsHardware();
// The table-driven path alone, whatever the CPU (so tests can compare the two).
uint32_t Crc32cExtendPortable(uint32_t crc, const void* data, size_t size);

}  // namespace riffle::broker
