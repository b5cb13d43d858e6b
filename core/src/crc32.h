// Checksums of the MCS container (container.cpp); private to the core and its importer.
#pragma once
#include <cstddef>
#include <cstdint>

namespace medcode {
// CRC-32 with the zlib/PNG polynomial (0xEDB88320, reflected); same value as zlib's crc32().
uint32_t Crc32(const void* data, size_t size, uint32_t crc = 0);
// CRC-32 of a 64-byte code-set file header, its header_crc32 field (bytes 36..39) taken as zero.
uint32_t HeaderCrc32(const void* header64);
}  // namespace medcode
