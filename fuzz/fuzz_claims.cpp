// Fuzz target: any bytes as claims in the three input formats (JSON, NDJSON, CSV). A
// malformed claim is a claim with its errors, never a crash or a read past the text.
#include <cstdint>
#include <string_view>

#include "medcode/claims.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t n = medcode::claims::ParseJson(text).size();
  n += medcode::claims::ParseNdjson(text).size();
  n += medcode::claims::ParseCsv(text).size();
  return n == SIZE_MAX ? 1 : 0;
}
