// CRC-32 (zlib polynomial, table driven) and the header CRC of an MCS file: the checksums
// the container writes and checks.
#include "crc32.h"

#include <array>

namespace medcode {
namespace {
// t[0]: the byte-at-a-time table; t[s][i]: the CRC of byte i followed by s zero bytes
// (slicing-by-8: eight bytes per step, eight independent table reads).
struct Tables {
  std::array<std::array<uint32_t, 256>, 8> t{};
  constexpr Tables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
      for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
  }
};
constexpr Tables kTables;

inline uint32_t Le32(const unsigned char* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

// One piece of Crc32's input (the CRC register as it is, not inverted).
[[gnu::noinline]] uint32_t Crc32Piece(const unsigned char* p, size_t size, uint32_t crc) {
  const auto& t = kTables.t;
  while (size >= 8) {  // slicing-by-8, byte order independent
    const uint32_t a = crc ^ Le32(p), b = Le32(p + 4);
    crc = t[7][a & 0xFF] ^ t[6][(a >> 8) & 0xFF] ^ t[5][(a >> 16) & 0xFF] ^ t[4][a >> 24] ^
          t[3][b & 0xFF] ^ t[2][(b >> 8) & 0xFF] ^ t[1][(b >> 16) & 0xFF] ^ t[0][b >> 24];
    p += 8;
    size -= 8;
  }
  while (size--) crc = t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
  return crc;
}
}  // namespace

// The file's CRC is the first cost of opening a code set (11.5 MB for ICD-10-CM). It runs
// 64 KiB per call: V8 runs a wasm function's first calls in baseline code and only later
// calls in the optimized code it compiles meanwhile (one call over the file ran all of it in
// baseline code in a fresh module).
uint32_t Crc32(const void* data, size_t size, uint32_t crc) {
  constexpr size_t kPiece = 64 * 1024;
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (; size > kPiece; p += kPiece, size -= kPiece) crc = Crc32Piece(p, kPiece, crc);
  return ~Crc32Piece(p, size, crc);
}

uint32_t HeaderCrc32(const void* header64) {
  unsigned char h[64];
  const auto* p = static_cast<const unsigned char*>(header64);
  for (int i = 0; i < 64; ++i) h[i] = (i >= 36 && i < 40) ? 0 : p[i];
  return Crc32(h, 64);
}
}  // namespace medcode
