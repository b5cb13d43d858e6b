// Native search benchmark: prints figures, never fails on timing.
//   medcode-bench CODESET.mcs QUERIES_OUT [N]
// Generates N (default 2000) deterministic queries from the code set itself — code
// prefixes, full codes, title words, a partially typed last word, full titles — writes
// them to QUERIES_OUT (so the wasm benchmark runs the very same queries), and reports
// load time and per-query latency percentiles.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "mapped_file.h"
#include "medcode/codeset.h"
#include "medcode/search.h"

using namespace medcode;
using Clock = std::chrono::steady_clock;

static double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

static std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> w;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) cur += static_cast<char>(std::tolower(c));
    else if (!cur.empty()) { w.push_back(cur); cur.clear(); }
  }
  if (!cur.empty()) w.push_back(cur);
  return w;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: medcode-bench CODESET.mcs QUERIES_OUT [N]\n");
    return 2;
  }
  size_t want = argc > 3 ? std::stoul(argv[3]) : 2000;
  medcode::cli::MappedFile file;
  auto mapped = file.Open(argv[1]);
  if (!mapped) { std::fprintf(stderr, "%s\n", mapped.error().message.c_str()); return 1; }
  std::span<const uint8_t> bytes = *mapped;

  std::vector<double> loads;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    auto cs = CodeSet::Open(bytes);
    loads.push_back(Ms(Clock::now() - t0));
    if (!cs) { std::fprintf(stderr, "%s\n", cs.error().message.c_str()); return 1; }
  }
  auto cs = CodeSet::Open(bytes);
  std::sort(loads.begin(), loads.end());

  // Deterministic query mix.
  std::vector<std::string> queries;
  uint32_t n = cs->size();
  uint64_t x = 88172645463325252ull;
  auto rnd = [&] { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x; };
  while (queries.size() < want) {
    uint32_t i = static_cast<uint32_t>(rnd() % n);
    auto w = Words(cs->title(i));
    switch (queries.size() % 6) {
      case 0: queries.push_back(std::string(cs->code(i).substr(0, 3))); break;
      case 1: queries.push_back(cs->Dotted(i)); break;
      case 2: if (w.size() >= 2) queries.push_back(w[0] + " " + w[1]); break;
      case 3: if (w.size() >= 2) queries.push_back(w[w.size() - 1] + " " + w[0]); break;
      case 4: if (w.size() >= 2 && w[1].size() > 3) queries.push_back(w[0] + " " + w[1].substr(0, 3)); break;
      case 5: queries.push_back(std::string(cs->title(i))); break;
    }
  }
  std::ofstream(argv[2]) << [&] { std::string s; for (auto& q : queries) s += q + "\n"; return s; }();

  Searcher searcher(*cs);
  for (int warm = 0; warm < 200; ++warm) (void)searcher.Search(queries[warm % queries.size()], {20});
  std::vector<double> lat;
  size_t hits = 0;
  for (const auto& q : queries) {
    auto t0 = Clock::now();
    auto r = searcher.Search(q, {20});
    lat.push_back(Ms(Clock::now() - t0));
    if (r && !r->hits.empty()) ++hits;
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double q) { return lat[std::min(lat.size() - 1, static_cast<size_t>(q * lat.size()))]; };
  double sum = 0;
  for (double v : lat) sum += v;
  std::printf("native  code-set open (validate + checksum): median %.1f ms (5 runs)\n", loads[2]);
  std::printf("native  search over %zu queries (%zu with results): p50 %.3f ms  p99 %.3f ms  mean %.3f ms  max %.3f ms\n",
              lat.size(), hits, pct(0.50), pct(0.99), sum / lat.size(), lat.back());
  return 0;
}
