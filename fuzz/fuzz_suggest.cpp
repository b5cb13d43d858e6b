// Fuzz target: any bytes as a note and as a search query, against a real code set (the file
// named by MEDCODE_FUZZ_CODESET, e.g. build/codesets/icd10cm-2027.mcs). Invalid UTF-8 and an
// over-long text are errors; anything else is an answer. Nothing may crash, read out of
// bounds or hang on one input.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/search.h"
#include "medcode/suggest.h"

namespace {
std::vector<uint64_t> g_bytes;
std::unique_ptr<medcode::CodeSet> g_cs;
std::unique_ptr<medcode::Searcher> g_searcher;
std::unique_ptr<medcode::Suggester> g_suggester;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* path = std::getenv("MEDCODE_FUZZ_CODESET");
  FILE* f = path ? std::fopen(path, "rb") : nullptr;
  if (!f) {
    std::fprintf(stderr, "set MEDCODE_FUZZ_CODESET to an ICD-10-CM .mcs file\n");
    std::exit(2);
  }
  std::vector<uint8_t> raw;
  uint8_t buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) raw.insert(raw.end(), buf, buf + n);
  std::fclose(f);
  g_bytes.resize((raw.size() + 7) / 8);
  std::memcpy(g_bytes.data(), raw.data(), raw.size());
  auto cs = medcode::CodeSet::Open({reinterpret_cast<const uint8_t*>(g_bytes.data()), raw.size()});
  if (!cs.ok()) {
    std::fprintf(stderr, "%s: %s\n", path, cs.error().message.c_str());
    std::exit(2);
  }
  g_cs = std::make_unique<medcode::CodeSet>(std::move(*cs));
  g_searcher = std::make_unique<medcode::Searcher>(*g_cs);
  g_suggester = std::make_unique<medcode::Suggester>(*g_cs, *g_searcher);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  medcode::SuggestOptions o;
  o.setting = size % 2 ? medcode::CareSetting::kInpatient : medcode::CareSetting::kOutpatient;
  auto r = g_suggester->Suggest(text, o);
  size_t sum = r.ok() ? r->codes.size() : 0;
  auto s = g_searcher->Search(text.substr(0, 200), {10});
  if (s.ok()) sum += s->hits.size();
  return sum == SIZE_MAX ? 1 : 0;
}
