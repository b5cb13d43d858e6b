#pragma once
#include <cstddef>
#include <cstdint>

namespace medcode {
// CRC-32 with the zlib/PNG polynomial (0xEDB88320, reflected); same value as zlib's crc32().
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);
}  // namespace medcode
