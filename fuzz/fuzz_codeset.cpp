// Fuzz target: any bytes as a code-set file. CodeSet::Open either refuses them with an error
// or opens a code set whose every read (codes, titles, search, the Index file attached) stays
// inside its bytes. Seeds: the project's .mcs files and their prefixes.
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/search.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader needs 8-byte aligned bytes (any malloc or ArrayBuffer start is).
  std::vector<uint64_t> aligned((size + 7) / 8);
  if (size) std::memcpy(aligned.data(), data, size);
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(aligned.data()), size);
  auto cs = medcode::CodeSet::Open(bytes);
  if (!cs.ok()) return 0;
  size_t sum = 0;
  for (uint32_t i = 0; i < cs->size() && i < 2000; ++i) sum += cs->code(i).size() + cs->title(i).size();
  medcode::Searcher s(*cs);
  for (const char* q : {"diabetes", "fx left wrist", "E11", "chf w/ afib"}) {
    auto r = s.Search(q, {10});
    if (r.ok()) sum += r->hits.size();
  }
  return sum == SIZE_MAX ? 1 : 0;
}
