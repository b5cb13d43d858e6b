// Claim pre-check benchmark: a generated batch of claims (6 lines, 4 diagnoses each),
// checked natively; prints claims/s (check only, and NDJSON in -> NDJSON out) and the
// memory the loaded edit tables take. Writes the batch as NDJSON for the wasm bench.
//
//   medcode-claims-bench ICD.mcs EDITS.mcs [N=100000] [OUT.ndjson]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "medcode/claims.h"
#include "mapped_file.h"
#include "medcode/codeset.h"
#include "medcode/edits.h"

using namespace medcode;

namespace {

struct Rng {
  uint64_t s = 0x9E3779B97F4A7C15ull;
  uint64_t Next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
};

// Timing uses the thread's CPU time: the figures stay meaningful on a busy machine
// (2 cores shared with builds and browsers here); the wall time is printed too.
struct Clock {
  double cpu, wall;
};
Clock Now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return {ts.tv_sec + ts.tv_nsec * 1e-9, std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count()};
}
double Secs(Clock a, Clock b) { return b.cpu - a.cpu; }

long RssKb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

}  // namespace

// The generated batch: 4 diagnoses from 3,000 billable ICD-10-CM codes (the first-listed
// never an external cause code), 6 lines: an office visit (E/M) on most claims, then codes
// from 400 procedure codes with a practitioner MUE of 2 or more; 1 unit (sometimes 2), a
// modifier on 15% of lines, 1-4 pointers. Dates of service in 2026Q3 (the PTP edition).
std::string Generate(const CodeSet& icd, const EditSet& ed, size_t n) {
  Rng rng;
  std::vector<uint32_t> billable, first_ok;
  for (uint32_t i = 0; i < icd.size(); ++i) {
    if (icd.billable(i)) billable.push_back(i);
  }
  std::vector<uint32_t> dx_pool, dx_first;
  for (int i = 0; i < 3000; ++i) {
    uint32_t c = billable[rng.Below(billable.size())];
    dx_pool.push_back(c);
    char ch = icd.code(c)[0];
    if (ch != 'V' && ch != 'W' && ch != 'X' && ch != 'Y') dx_first.push_back(c);
  }
  std::vector<std::string> em, procs;
  for (const char* c : {"99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215"}) {
    if (ed.CodeId(c) >= 0) em.push_back(c);
  }
  const auto* mue = ed.Mue(edits_format::Setting::kPractitioner);
  std::vector<std::string> candidates;
  for (const auto& r : mue->recs) {
    if (r.value >= 2) candidates.push_back(ed.CodeText(r.code));
  }
  for (int i = 0; i < 400; ++i) procs.push_back(candidates[rng.Below(candidates.size())]);
  static const char* kMods[] = {"25", "59", "RT", "LT", "XU", "76", "26", "TC"};
  static const char* kPos[] = {"11", "22", "11", "11", "02"};
  std::string out;
  out.reserve(n * 700);
  for (size_t k = 0; k < n; ++k) {
    int month = 7 + static_cast<int>(rng.Below(3)), day = 1 + static_cast<int>(rng.Below(28));
    char dos[16];
    std::snprintf(dos, sizeof dos, "2026-%02d-%02d", month, day);
    int by = 1930 + static_cast<int>(rng.Below(90));
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", by, 1 + static_cast<int>(rng.Below(12)), 1 + static_cast<int>(rng.Below(28)));
    out += "{\"claim_id\":\"B" + std::to_string(k) + "\",\"patient\":{\"birth_date\":\"" + birth + "\",\"sex\":\"" +
           (rng.Below(2) ? "F" : "M") + "\"},\"date_of_service\":\"" + dos + "\",\"place_of_service\":\"" + kPos[rng.Below(5)] +
           "\",\"billing_npi\":\"1234567893\",\"rendering_npi\":\"1234567893\",\"diagnoses\":[";
    for (int d = 0; d < 4; ++d) {
      if (d) out += ',';
      out += '"' + icd.Dotted(d == 0 ? dx_first[rng.Below(dx_first.size())] : dx_pool[rng.Below(dx_pool.size())]) + '"';
    }
    out += "],\"lines\":[";
    bool visit = !em.empty() && rng.Below(10) < 7;
    for (int l = 0; l < 6; ++l) {
      if (l) out += ',';
      const std::string& code = (l == 0 && visit) ? em[rng.Below(em.size())] : procs[rng.Below(procs.size())];
      out += "{\"code\":\"" + code + "\"";
      if (rng.Below(100) < 15) out += std::string(",\"modifiers\":[\"") + kMods[rng.Below(8)] + "\"]";
      out += ",\"units\":" + std::to_string(rng.Below(10) == 0 ? 2 : 1);
      out += ",\"dx_pointers\":[\"A\"";
      for (int p = 1, np = static_cast<int>(rng.Below(4)); p <= np; ++p) out += ",\"" + std::string(1, char('A' + p)) + "\"";
      out += "],\"charge\":" + std::to_string(50 + rng.Below(400)) + ".00}";
    }
    out += "]}\n";
  }
  return out;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ICD.mcs EDITS.mcs [N] [OUT.ndjson]\n", argv[0]);
    return 2;
  }
  size_t n = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 100000;
  long rss0 = RssKb();
  medcode::cli::MappedFile icd_map, ed_map;
  auto icd_bytes = icd_map.Open(argv[1], "code-set", true);
  auto ed_bytes = ed_map.Open(argv[2], "claim-edits", true);
  if (!icd_bytes || !ed_bytes) {
    std::fprintf(stderr, "cannot open %s or %s\n", argv[1], argv[2]);
    return 1;
  }
  auto t0 = Now();
  auto icd = CodeSet::Open(*icd_bytes);
  auto t1 = Now();
  auto ed = EditSet::Open(*ed_bytes);
  auto t2 = Now();
  if (!icd || !ed) {
    std::fprintf(stderr, "cannot load: %s\n", !icd ? icd.error().message.c_str() : ed.error().message.c_str());
    return 1;
  }
  claims::Checker checker(*icd, *ed, {20261001});
  auto t3 = Now();
  long rss_loaded = RssKb();

  std::string ndjson = Generate(*icd, *ed, n);
  if (argc > 4) std::ofstream(argv[4], std::ios::binary) << ndjson;

  // End to end: NDJSON text in, NDJSON results out (as coder check --batch does).
  auto e0 = Now();
  std::vector<claims::Claim> parsed = claims::ParseNdjson(ndjson);
  auto e1 = Now();
  claims::ClaimResult r;
  size_t findings = 0, errors = 0, out_bytes = 0;
  std::vector<size_t> by_kind(claims::kKindCount, 0);
  for (const auto& c : parsed) {
    checker.Check(c, r);
    findings += r.findings.size();
    errors += static_cast<size_t>(r.errors);
    for (const auto& f : r.findings) ++by_kind[static_cast<size_t>(f.kind)];
  }
  auto e2 = Now();
  for (const auto& c : parsed) {
    checker.Check(c, r);
    out_bytes += claims::ResultJson(r).size() + 1;
  }
  auto e3 = Now();
  // Check only, best of 3 passes over the parsed claims.
  double best = 1e9;
  for (int pass = 0; pass < 3; ++pass) {
    auto a = Now();
    for (const auto& c : parsed) checker.Check(c, r);
    best = std::min(best, Secs(a, Now()));
  }
  const double parse_s = Secs(e0, e1), check_s = Secs(e1, e2), check_json_s = Secs(e2, e3);
  std::printf("native  claims: %zu generated (6 lines, 4 diagnoses each), %.1f MB NDJSON\n", parsed.size(), ndjson.size() / 1048576.0);
  std::printf("native  load: code set %.1f ms, edit tables %.1f ms (validate + checksum), checker %.1f ms\n", Secs(t0, t1) * 1e3,
              Secs(t1, t2) * 1e3, Secs(t2, t3) * 1e3);
  std::printf("native  check only: %.0f claims/s (best of 3; %.2f us/claim)\n", parsed.size() / best, best * 1e6 / parsed.size());
  std::printf("native  NDJSON in -> NDJSON out: %.0f claims/s (parse %.0f/s, check %.0f/s, check + JSON %.0f/s; %.1f MB out)\n",
              parsed.size() / (parse_s + check_json_s), parsed.size() / parse_s, parsed.size() / check_s, parsed.size() / check_json_s,
              out_bytes / 1048576.0);
  std::printf("native  findings: %.2f per claim (%.2f errors)", double(findings) / parsed.size(), double(errors) / parsed.size());
  for (int k = 0; k < claims::kKindCount; ++k) {
    if (by_kind[static_cast<size_t>(k)]) std::printf(" %s=%zu", claims::KindName(static_cast<claims::Kind>(k)), by_kind[static_cast<size_t>(k)]);
  }
  std::printf("\n");
  size_t tables = 0;
  for (const auto& s : ed->section_sizes()) tables += s.bytes;
  std::printf("native  edit tables in memory: %.1f MB (file %.1f MB, read in place) + %.2f MB checker index; RSS after load +%.1f MB\n",
              tables / 1048576.0, ed->byte_size() / 1048576.0, checker.extra_bytes() / 1048576.0, (rss_loaded - rss0) / 1024.0);
  for (const auto& s : ed->section_sizes()) std::printf("          %-48s %8.2f MB\n", s.what.c_str(), s.bytes / 1048576.0);
  return 0;
}
