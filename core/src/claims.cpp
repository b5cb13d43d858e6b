// The claim checker: every rule of claims.h, in the order a biller reads them.
#include "medcode/claims.h"

#include "medcode/years.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <atomic>
#include <ctime>
#include <initializer_list>
#include <string_view>
#include <type_traits>

#include "medcode/lookup.h"
#include "ascii.h"
#include "enum_names.h"

namespace medcode::claims {

using namespace edits_format;
using format::CodeRec;
using format::kNone;
using ascii::AllDigits;

const char* KindName(Kind k) {
  static constexpr const char* kNames[] = {
      "syntax", "invalid-code", "header-code", "seventh-character", "code-year", "age", "sex",
      "manifestation-first", "external-cause-first", "unacceptable-principal", "excludes1", "ncci-ptp", "mue",
      "add-on-without-primary", "dx-pointer", "npi", "modifier", "place-of-service", "duplicate-line",
      "claim-limits", "date", "data-coverage"};
  static_assert(std::size(kNames) == kKindCount);
  return EnumName(k, kNames);
}

const char* SeverityName(Severity s) {
  static constexpr const char* kNames[] = {"error", "warning", "info"};
  return EnumName(s, kNames);
}

namespace {

// IcdSlot::flags bits above the MCE flags (which use the low byte).
constexpr uint16_t kDxFemale = 1 << 8;
constexpr uint16_t kDxMale = 1 << 9;

constexpr int kPaperLines = 6;
constexpr int kMaxLines837 = 50;
constexpr int kMaxDiagnoses = 12;
constexpr int kMaxPointers = 4;
constexpr size_t kSpareFindings = 64;  // findings kept per thread for their storage
constexpr size_t kNoticeSlots = 1024;  // data-range notices kept per thread (one data set, one date each)

// The Excludes1 prefilter bucket of a code: its letter and whether its second character is below 5.
inline uint64_t Bucket(std::string_view code) {
  if (code.size() < 2 || code[0] < 'A' || code[0] > 'Z') return 0;
  return uint64_t{1} << ((code[0] - 'A') * 2 + (code[1] >= '5' ? 1 : 0));
}
uint64_t RangeMask(const format::CodeRange& r) {
  auto pos = [](const char* c) -> int {
    if (c[0] < 'A' || c[0] > 'Z') return -1;
    return (c[0] - 'A') * 2 + (c[1] >= '5' ? 1 : 0);
  };
  int a = pos(r.first), b = pos(r.last);
  if (a < 0 || b < 0) return ~uint64_t{0};  // unusual text: never filter it out
  uint64_t m = 0;
  for (int k = a; k <= b && k < 64; ++k) m |= uint64_t{1} << k;
  return m;
}

// log2 of the slots of an open-addressing hash of `count` keys: at least 1024 and more than twice the keys.
int HashBits(size_t count) {
  int bits = 10;
  while ((size_t{1} << bits) < count * 2 + 1) ++bits;
  return bits;
}

// The first slot of a key in an open-addressing hash of 2^(64 - shift) slots.
inline size_t SlotOf(uint64_t key, int shift) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift); }

// Days since 1970-01-01 (proleptic Gregorian), for date differences.
int64_t Days(uint32_t ymd) {
  int64_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int AgeOn(uint32_t birth, uint32_t date) {
  int a = static_cast<int>(date / 10000) - static_cast<int>(birth / 10000);
  if (date % 10000 < birth % 10000) --a;
  return a;
}

std::string D(uint32_t d) { return FormatDate(d); }

// Cat(out, parts...): out = the parts in order (text, a character, or a whole number), built
// in out's own storage; the hot findings' texts are built this way into per-thread scratch
// strings, so a warm checker allocates nothing for them.
inline void Append(std::string& o, std::string_view v) { o.append(v); }
inline void Append(std::string& o, char c) { o.push_back(c); }
template <class I>
  requires std::is_integral_v<I>
inline void Append(std::string& o, I v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  o.append(buf, static_cast<size_t>(r.ptr - buf));
}
template <class... P>
std::string& Cat(std::string& o, const P&... parts) {
  o.clear();
  (Append(o, parts), ...);
  return o;
}

std::string Num(double v) {
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// NPI check digit: Luhn over "80840" + the 10 digits (ISO 7812 card issuer prefix).
bool NpiCheckDigitOk(std::string_view npi) {
  int sum = 0;
  bool dbl = false;
  auto digit = [&](char c) {
    int d = c - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  };
  for (size_t i = npi.size(); i-- > 0;) digit(npi[i]);  // right to left: the NPI, then its prefix
  for (const char* p = "04808"; *p; ++p) digit(*p);     // "80840" read backwards
  return sum % 10 == 0;
}

// CPT modifier numbers (numbers only: their descriptors are AMA-licensed and not shipped).
constexpr const char* kCptModifiers[] = {"22", "23", "24", "25", "26", "27", "32", "33", "47", "50", "51", "52", "53",
                                         "54", "55", "56", "57", "58", "59", "62", "63", "66", "73", "74", "76", "77",
                                         "78", "79", "80", "81", "82", "90", "91", "92", "93", "95", "96", "97", "99"};
bool IsCptModifier(std::string_view m) {
  return std::any_of(std::begin(kCptModifiers), std::end(kCptModifiers), [&](const char* c) { return m == c; });
}

// NCCI PTP-associated modifiers (NCCI Policy Manual, chapter I): anatomic ones, global
// surgery ones, and 27, 59, 91, XE, XS, XP, XU.
bool IsAnatomic(std::string_view m) {
  static constexpr const char* k[] = {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9",
                                      "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "LT", "RT", "LC", "LD",
                                      "RC", "LM", "RI"};
  return std::any_of(std::begin(k), std::end(k), [&](const char* c) { return m == c; });
}
bool IsPtpOther(std::string_view m) {
  static constexpr const char* k[] = {"24", "27", "58", "59", "78", "79", "91", "XE", "XS", "XP", "XU"};
  return std::any_of(std::begin(k), std::end(k), [&](const char* c) { return m == c; });
}
bool IsEm(std::string_view code) {  // evaluation and management 99202-99499
  if (code.size() != 5 || !AllDigits(code)) return false;
  int v = 0;
  for (char c : code) v = v * 10 + (c - '0');
  return v >= 99202 && v <= 99499;
}

// NormalizeCode (codeset.h) without its per-character appends: " e11.9 " -> "E119"; "" if not a code.
std::string NormalizeDx(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  char buf[8];
  size_t n = 0;
  int dots = 0;
  for (char c : t) {
    if (c == '.') {
      if (++dots > 1 || n != 3) return {};
      continue;
    }
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n >= 7) return {};
    buf[n++] = c;
  }
  return n < 3 ? std::string() : std::string(buf, n);
}

// CPT (Category I: 5 digits; II: 4 digits + F; III: 4 digits + T; PLA: + U; MAAA: + M)
// or HCPCS Level II (a letter and 4 digits).
bool IsProcedureCode(std::string_view c) {
  if (c.size() != 5) return false;
  if (c[0] >= 'A' && c[0] <= 'Z') return AllDigits(c.substr(1));
  if (!AllDigits(c.substr(0, 4))) return false;
  char l = c[4];
  return (l >= '0' && l <= '9') || l == 'F' || l == 'T' || l == 'U' || l == 'M';
}

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string LineList(const std::vector<uint16_t>& lines) {
  std::string s;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) s += i + 1 == lines.size() ? " and " : ", ";
    s += std::to_string(lines[i]);
  }
  return (lines.size() == 1 ? "line " : "lines ") + s;
}

const char* MaiText(uint8_t mai) {
  switch (mai) {
    case 1: return "MAI 1 (line edit)";
    case 2: return "MAI 2 (date of service edit: policy)";
    case 3: return "MAI 3 (date of service edit: clinical)";
  }
  return "MAI ?";
}

}  // namespace

Checker::Checker(const CodeSet& icd, const EditSet& edits, Options options)
    : icd_(icd), edits_(edits), today_(options.today ? options.today : TodayUtc()) {
  static std::atomic<uint64_t> serials{0};
  serial_ = ++serials;
  icd_from_ = ParseIsoDate(icd.meta().effective_from);
  icd_to_ = ParseIsoDate(icd.meta().effective_to);
  std::vector<uint16_t> dx_flags(icd.size(), 0);  // per code index until the slots take them
  const int bits = HashBits(icd.size());
  const size_t slots = size_t{1} << bits;
  icd_shift_ = 64 - bits;
  icd_slots_.assign(slots, IcdSlot{});
  const int nyears = static_cast<int>(std::min<size_t>(icd.years().size(), 16));
  for (uint32_t i = 0; i < icd.size(); ++i) {
    std::string_view c = icd.code(i);
    uint64_t key = PackCode(c.data(), static_cast<unsigned>(c.size()));
    size_t h = SlotOf(key, icd_shift_);
    while (icd_slots_[h].key != 0 && icd_slots_[h].key != key) h = (h + 1) & (slots - 1);
    icd_slots_[h].key = key;
    icd_slots_[h].index = i;
    for (int y = 0; y < nyears; ++y) {
      if (icd.InYear(i, y) && icd.BillableIn(i, y)) icd_slots_[h].years = static_cast<uint16_t>(icd_slots_[h].years | (1u << y));
    }
  }
  // Sex-specific sections and chapters, by their titles in the ICD-10-CM tabular list
  // (advisory: CMS deactivated the MCE sex edit on 2024-10-01).
  section_sex_.assign(icd.sections().size(), 0);
  for (size_t s = 0; s < icd.sections().size(); ++s) {
    std::string t(icd.str(icd.sections()[s].title));
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t.find("female genital") != std::string::npos || t.find("female pelvic") != std::string::npos) section_sex_[s] = 'F';
    else if (t.find("male genital") != std::string::npos) section_sex_[s] = 'M';
  }
  int pregnancy_chapter = -1;
  for (size_t c = 0; c < icd.chapters().size(); ++c) {
    std::string t(icd.str(icd.chapters()[c].title));
    if (t.starts_with("Pregnancy, childbirth and the puerperium")) pregnancy_chapter = static_cast<int>(c);
  }
  const bool has_sections = !icd.sections().empty(), has_chapters = !icd.chapters().empty();
  for (uint32_t i = 0; i < icd.size(); ++i) {
    const CodeRec& r = icd.rec(i);
    uint16_t f = 0;
    if (has_sections && r.section < section_sex_.size()) {
      if (section_sex_[r.section] == 'F') f |= kDxFemale;
      if (section_sex_[r.section] == 'M') f |= kDxMale;
    }
    if (has_chapters && static_cast<int>(r.chapter) == pregnancy_chapter) f |= kDxFemale;
    dx_flags[i] = f;
  }
  {
    auto note_mask = [&](uint32_t first, uint32_t count) {
      uint64_t m = 0;
      for (uint32_t n = first; n < first + count; ++n) {
        const auto& nr = icd.notes()[n];
        if (nr.kind != static_cast<uint8_t>(format::NoteKind::kExcludes1)) continue;
        for (uint32_t r = nr.ref_first; r < nr.ref_first + nr.ref_count; ++r) m |= RangeMask(icd.note_refs()[r]);
      }
      return m;
    };
    excl_mask_.assign(icd.size(), 0);
    for (uint32_t i = 0; i < icd.size(); ++i) {  // parents come first in tabular order
      const CodeRec& r = icd.rec(i);
      excl_mask_[i] = note_mask(r.note_first, r.note_count) | (r.parent != kNone ? excl_mask_[r.parent] : 0);
    }
    for (const auto& sec : icd.sections()) section_excl_mask_.push_back(note_mask(sec.note_first, sec.note_count));
    for (const auto& ch : icd.chapters()) chapter_excl_mask_.push_back(note_mask(ch.note_first, ch.note_count));
    // Each code's mask takes in its section's and chapter's, so the check reads one word per
    // diagnosis (not its code record) before it walks any note.
    for (uint32_t i = 0; i < icd.size(); ++i) {
      const CodeRec& r = icd.rec(i);
      if (r.section < section_excl_mask_.size()) excl_mask_[i] |= section_excl_mask_[r.section];
      if (r.chapter < chapter_excl_mask_.size()) excl_mask_[i] |= chapter_excl_mask_[r.chapter];
    }
  }
  for (int st = 0; st < 4; ++st) {
    if (const auto* t = edits.Mue(static_cast<Setting>(st)); t && t->recs.size() < 65535) {
      mue_table_[st] = t;  // the newest edition; a line dated in an older one looks its record up
      mue_pos_[st].assign(edits.code_count(), 0);
      for (size_t k = 0; k < t->recs.size(); ++k) mue_pos_[st][t->recs[k].code] = static_cast<uint16_t>(k + 1);
    }
  }
  if (const auto* a = edits.aoc(); a && a->addons.size() < 65535) {
    addon_pos_.assign(edits.code_count(), 0);
    for (size_t k = 0; k < a->addons.size(); ++k) addon_pos_[a->addons[k].code] = static_cast<uint16_t>(k + 1);
  }
  if (const auto* mce = edits.mce()) {
    for (const auto& m : mce->recs) {
      const IcdSlot* slot = FindIcd(std::string_view(m.code, strnlen(m.code, 8)));
      if (!slot) {
        ++mce_missing_;
        continue;
      }
      dx_flags[slot->index] = static_cast<uint16_t>(dx_flags[slot->index] | (m.flags & 0xFF));
    }
  }
  for (auto& slot : icd_slots_) {
    if (slot.key) slot.flags = dx_flags[slot.index];
  }
  {
    const int bits = HashBits(edits.code_count());
    const size_t n = size_t{1} << bits;
    code_shift_ = 64 - bits;
    code_slots_.assign(n, CodeSlot{});
    for (size_t id = 0; id < edits.code_count(); ++id) {
      const std::string c = edits.CodeText(static_cast<uint16_t>(id));
      if (c.empty() || c.size() > 8) continue;
      const uint64_t key = PackCode(c.data(), static_cast<unsigned>(c.size()));
      size_t h = SlotOf(key, code_shift_);
      while (code_slots_[h].key != 0 && code_slots_[h].key != key) h = (h + 1) & (n - 1);
      if (code_slots_[h].key == 0) code_slots_[h] = {key, static_cast<int32_t>(id)};  // the first of equal texts, as a binary search finds
    }
  }
}

int32_t Checker::EditsCodeId(std::string_view code) const {
  if (code.empty() || code.size() > 8 || code_slots_.empty()) return -1;
  const uint64_t key = PackCode(code.data(), static_cast<unsigned>(code.size()));
  const size_t mask = code_slots_.size() - 1;
  for (size_t h = SlotOf(key, code_shift_);; h = (h + 1) & mask) {
    if (code_slots_[h].key == key) return code_slots_[h].id;
    if (code_slots_[h].key == 0) return -1;
  }
}

size_t Checker::extra_bytes() const {
  size_t per_code = addon_pos_.size() * sizeof(uint16_t);
  for (const auto& m : mue_pos_) per_code += m.size() * sizeof(uint16_t);
  return per_code + section_sex_.size() + icd_slots_.size() * sizeof(IcdSlot) + code_slots_.size() * sizeof(CodeSlot) +
         (excl_mask_.size() + section_excl_mask_.size() + chapter_excl_mask_.size()) * sizeof(uint64_t);
}

const Checker::IcdSlot* Checker::FindIcd(std::string_view c) const {
  if (c.empty() || c.size() > 7 || icd_slots_.empty()) return nullptr;
  uint64_t key = PackCode(c.data(), static_cast<unsigned>(c.size()));
  const size_t mask = icd_slots_.size() - 1;
  for (size_t h = SlotOf(key, icd_shift_);; h = (h + 1) & mask) {
    if (icd_slots_[h].key == key) return &icd_slots_[h];
    if (icd_slots_[h].key == 0) return nullptr;
  }
}

void Checker::PrefetchIcd(std::string_view c) const {
  if (c.empty() || c.size() > 7 || icd_slots_.empty()) return;
  __builtin_prefetch(&icd_slots_[SlotOf(PackCode(c.data(), static_cast<unsigned>(c.size())), icd_shift_)]);
}

void Checker::PrefetchCode(std::string_view code) const {
  if (code.empty() || code.size() > 8 || code_slots_.empty()) return;
  __builtin_prefetch(&code_slots_[SlotOf(PackCode(code.data(), static_cast<unsigned>(code.size())), code_shift_)]);
}

// One claim being checked.
class Run {
 public:
  Run(const Checker& k, const Claim& c, ClaimResult& out, std::vector<Finding>& spare)
      : k_(k), icd_(k.icd_), ed_(k.edits_), c_(c), out_(out), spare_(spare) {
    li_.clear();
    dx_.clear();
    range_.clear();
    excl_.clear();
  }

  void Go() {
    out_.claim_id = c_.claim_id;
    out_.has_claim_id = c_.has_claim_id;
    out_.input_index = c_.input_index;
    out_.findings.insert(out_.findings.end(), c_.findings.begin(), c_.findings.end());
    if (!c_.unreadable) {
      Prefetch();
      Limits();
      Dates();
      Npi();
      PlaceOfService();
      Diagnoses();
      DiagnosisRules();
      Lines();
      Duplicates();
      Ptp();
      Mue();
      AddOns();
      Ranges();
    }
    Finish();
  }

 private:
  struct LineInfo {
    uint32_t dos = 0;    // 0: no usable date of service
    bool code_ok = false;
    int32_t id = -1;     // edits code id
    bool em = false;
  };
  struct DxInfo {
    std::string norm;    // undotted upper case, "" if malformed
    std::string shown;   // dotted for messages
    int64_t index = -1;  // ICD-10-CM code index when billable
    uint16_t flags = 0;  // the code's IcdSlot flags and years (when it is a code)
    uint16_t years = 0;
  };
  struct RangeUse {  // a data set consulted for a date of service outside its range
    uint32_t dataset;
    uint16_t line;  // 0 = the claim (diagnoses)
    uint32_t date;
  };

  // The lines and codes of a finding: a braced list or a vector.
  struct LinesArg {
    const uint16_t* b = nullptr;
    const uint16_t* e = nullptr;
    LinesArg() = default;
    LinesArg(std::initializer_list<uint16_t> l) : b(l.begin()), e(l.end()) {}
    LinesArg(const std::vector<uint16_t>& v) : b(v.data()), e(v.data() + v.size()) {}
  };
  struct CodesArg {
    const std::string_view* b = nullptr;
    const std::string_view* e = nullptr;
    const std::vector<std::string>* v = nullptr;
    CodesArg() = default;
    CodesArg(std::initializer_list<std::string_view> l) : b(l.begin()), e(l.end()) {}
    CodesArg(const std::vector<std::string>& vec) : v(&vec) {}
  };

  // Appends a finding. Its storage is a spare finding's (from the previous claim checked into
  // the same result) when there is one: its strings and vectors are assigned in place, so a
  // warm checker allocates nothing for it. The arguments are copied: they may be temporaries.
  Finding& Add(Kind kind, Severity sev, LinesArg lines, CodesArg codes, std::string_view message, std::string_view action,
               std::string_view source, std::string_view rule, uint32_t date = 0) {
    if (!spare_.empty()) {
      out_.findings.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      out_.findings.emplace_back();
    }
    Finding& f = out_.findings.back();
    f.kind = kind;
    f.severity = sev;
    f.lines.assign(lines.b, lines.e);
    if (codes.v) {
      f.codes.resize(codes.v->size());
      for (size_t k = 0; k < codes.v->size(); ++k) f.codes[k].assign((*codes.v)[k]);
    } else {
      f.codes.resize(static_cast<size_t>(codes.e - codes.b));
      for (size_t k = 0; k < f.codes.size(); ++k) f.codes[k].assign(codes.b[k]);
    }
    f.message.assign(message);
    f.action.assign(action);
    f.source.assign(source);
    f.rule.assign(rule);
    f.path.clear();
    f.date = date;
    return f;
  }
  void Syntax(Severity sev, std::string_view path, std::string_view message, std::string_view action = {}) {
    Finding& f = Add(Kind::kSyntax, sev, {}, {}, message, action, "claim input", "input format (README: Claim pre-checks)");
    f.path.assign(path);
  }
  void UseData(const EditDataset* ds, uint16_t line, uint32_t date) {
    if (!ds || !date || ds->Covers(date)) return;
    range_.push_back({ds->index, line, date});
  }
  std::string IcdLabel() const { return icd_.meta().label; }
  uint16_t L(size_t i) const { return static_cast<uint16_t>(i + 1); }

  // The claim's codes: each diagnosis normalized, and the hash slots of the diagnoses and the
  // line codes asked for from memory, before the checks that need none of them (limits,
  // dates, NPIs, place of service); Diagnoses and Lines then find them in the cache.
  void Prefetch() {
    dx_.resize(c_.diagnoses.size());
    for (size_t i = 0; i < c_.diagnoses.size(); ++i) {
      if (c_.diagnoses[i].empty()) continue;  // reported while parsing
      dx_[i].norm = NormalizeDx(c_.diagnoses[i]);
      k_.PrefetchIcd(dx_[i].norm);
    }
    for (const Line& ln : c_.lines) k_.PrefetchCode(ln.code);
  }

  // ---- claim limits
  void Limits() {
    const size_t n = c_.lines.size(), d = c_.diagnoses.size();
    if (d > kMaxDiagnoses) {
      Add(Kind::kClaimLimits, Severity::kError, {}, {}, std::to_string(d) + " diagnoses: a CMS-1500 (box 21, A-L) and an 837P claim hold at most 12",
          "keep the 12 diagnoses the lines point to (first-listed first) and split the services onto another claim if more are needed",
          "CMS-1500 / ASC X12 837P", "at most 12 diagnoses");
    }
    if (n > static_cast<size_t>(kMaxLines837)) {
      Add(Kind::kClaimLimits, Severity::kError, {}, {}, std::to_string(n) + " service lines: an 837P professional claim holds at most 50",
          "split the services into claims of at most 50 lines", "ASC X12 837P", "at most 50 service lines");
    } else if (n > static_cast<size_t>(kPaperLines)) {
      Add(Kind::kClaimLimits, Severity::kInfo, {}, {}, std::to_string(n) + " service lines: a paper CMS-1500 holds 6 (box 24); an 837P holds 50",
          "on paper, continue on another CMS-1500 (the totals go on the last form); electronic 837P claims are fine",
          "CMS-1500", "6 service lines per paper form");
    }
    if (n == 0) {
      Syntax(Severity::kError, "lines", "the claim has no service lines", "add at least one line with a procedure code, units and a diagnosis pointer");
    }
    if (d == 0) {
      Syntax(Severity::kError, "diagnoses", "the claim has no diagnoses", "add the diagnoses (A-L), the first-listed first");
    }
  }

  // ---- dates of service, birth date, age
  void Dates() {
    const DateField& cd = c_.date_of_service;
    if (cd.given() && !cd.value) {
      std::vector<uint16_t> using_it;
      for (size_t i = 0; i < c_.lines.size(); ++i) {
        if (!c_.lines[i].date_of_service.given()) using_it.push_back(L(i));
      }
      Add(Kind::kDate, Severity::kError, using_it, {}, "date_of_service \"" + cd.text.substr(0, 40) + "\" is not a date" +
                                                           (using_it.empty() ? std::string() : "; edits that depend on the date (NCCI, code validity by year, age) are not checked for " + LineList(using_it)),
          "write dates as YYYY-MM-DD (or MM/DD/YYYY)", "claim input", "date must be valid");
    }
    if (c_.birth_date.given() && !c_.birth_date.value) {
      Add(Kind::kDate, Severity::kError, {}, {}, "patient.birth_date \"" + c_.birth_date.text.substr(0, 40) + "\" is not a date",
          "write dates as YYYY-MM-DD (or MM/DD/YYYY); age edits are not checked without it", "claim input", "date must be valid");
    }
    const uint32_t birth = c_.birth_date.value;
    if (birth && birth > k_.today_) {
      Add(Kind::kDate, Severity::kError, {}, {}, "patient.birth_date " + D(birth) + " is in the future (today is " + D(k_.today_) + ")",
          "correct the birth date", "claim input", "birth date not in the future");
    }
    li_.resize(c_.lines.size());
    std::vector<uint16_t> no_date, bad_date, future, before_birth, stale;
    uint32_t earliest = 0;
    const int64_t today_days = Days(k_.today_);
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      const Line& ln = c_.lines[i];
      uint32_t dos = 0;
      if (ln.date_of_service.given()) {
        dos = ln.date_of_service.value;
        if (!dos) bad_date.push_back(L(i));
      } else if (cd.given()) {
        dos = cd.value;
      } else {
        no_date.push_back(L(i));
      }
      li_[i].dos = dos;
      if (!dos) continue;
      if (dos > k_.today_) future.push_back(L(i));
      if (birth && dos < birth) before_birth.push_back(L(i));
      if (today_days - Days(dos) > 365) stale.push_back(L(i));
      if (!earliest || dos < earliest) earliest = dos;
    }
    static const std::string skipped = "; edits that depend on the date (NCCI, code validity by year, age) are not checked for it";
    for (uint16_t l : bad_date) {
      Add(Kind::kDate, Severity::kError, {l}, {}, "line " + std::to_string(l) + ": date_of_service \"" +
                                                    c_.lines[l - 1].date_of_service.text.substr(0, 40) + "\" is not a date" + skipped,
          "write dates as YYYY-MM-DD (or MM/DD/YYYY)", "claim input", "date must be valid");
    }
    if (!no_date.empty()) {
      Add(Kind::kDate, Severity::kError, no_date, {}, LineList(no_date) + ": no date of service (neither the claim nor the line gives one)" + skipped,
          "give the claim's date_of_service, or each line's", "claim input", "date of service required");
    }
    auto group = [&](const std::vector<uint16_t>& lines, auto&& emit) {
      std::vector<uint32_t> dates;
      for (uint16_t l : lines) if (std::find(dates.begin(), dates.end(), li_[l - 1].dos) == dates.end()) dates.push_back(li_[l - 1].dos);
      for (uint32_t d : dates) {
        std::vector<uint16_t> ls;
        for (uint16_t l : lines) if (li_[l - 1].dos == d) ls.push_back(l);
        emit(d, ls);
      }
    };
    group(future, [&](uint32_t d, const std::vector<uint16_t>& ls) {
      Add(Kind::kDate, Severity::kError, ls, {}, "date of service " + D(d) + " (" + LineList(ls) + ") is in the future (today is " + D(k_.today_) + ")",
          "bill services after they are furnished; correct the date if it is a typing error", "claim input", "date of service not in the future", d);
    });
    group(before_birth, [&](uint32_t d, const std::vector<uint16_t>& ls) {
      Add(Kind::kDate, Severity::kError, ls, {}, "date of service " + D(d) + " (" + LineList(ls) + ") is before the patient's birth date " + D(birth),
          "correct the date of service or the birth date", "claim input", "date of service on or after birth", d);
    });
    group(stale, [&](uint32_t d, const std::vector<uint16_t>& ls) {
      Add(Kind::kDate, Severity::kWarning, ls, {}, "date of service " + D(d) + " (" + LineList(ls) + ") is more than a year before today (" + D(k_.today_) +
                                                       "): Medicare's timely filing limit is 12 months after the date of service",
          "file now and check the payer's timely filing limit and exceptions", "42 CFR 424.44 (Medicare timely filing)", "timely filing: 12 months", d);
    });
    // The date the diagnoses and the patient's age are checked for: the claim's, else the earliest line's.
    dx_date_ = cd.value ? cd.value : earliest;
    if (birth && dx_date_ && dx_date_ >= birth) age_ = AgeOn(birth, dx_date_);
    else if (!birth && c_.age >= 0) age_ = c_.age;
    if (birth && dx_date_ && c_.age >= 0 && age_ >= 0 && age_ != c_.age) {
      Syntax(Severity::kWarning, "patient.age", "patient.age " + std::to_string(c_.age) + " disagrees with the birth date " + D(birth) +
                                                   " (age " + std::to_string(age_) + " on " + D(dx_date_) + "); the birth date is used");
    }
  }

  // ---- NPI
  void Npi() {
    auto check = [&](const std::string& npi, const char* field, bool required) {
      if (npi.empty()) {
        if (required) {
          Add(Kind::kNpi, Severity::kError, {}, {}, std::string(field) + " is missing: the billing provider's NPI (CMS-1500 box 33a) is required",
              "enter the 10-digit NPI of the billing provider", "NPPES / CMS-1500", "billing NPI required");
        }
        return;
      }
      if (npi.size() != 10 || !AllDigits(npi)) {
        Add(Kind::kNpi, Severity::kError, {}, {npi}, std::string(field) + " \"" + npi.substr(0, 20) + "\" is not an NPI: an NPI is 10 digits",
            "copy the NPI from NPPES (10 digits, no spaces or dashes)", "NPI standard (45 CFR 162.406)", "10 digits");
        return;
      }
      if (npi[0] != '1' && npi[0] != '2') {
        Add(Kind::kNpi, Severity::kError, {}, {npi}, std::string(field) + " " + npi + " cannot be an NPI: NPIs start with 1 or 2",
            "copy the NPI from NPPES", "NPI standard (45 CFR 162.406)", "first digit 1 or 2");
        return;
      }
      if (!NpiCheckDigitOk(npi)) {
        Add(Kind::kNpi, Severity::kError, {}, {npi}, std::string(field) + " " + npi + " fails the NPI check digit (Luhn with prefix 80840): a digit is wrong or two are swapped",
            "copy the NPI again from NPPES", "NPI standard (45 CFR 162.406)", "check digit (Luhn, prefix 80840)");
      }
    };
    check(c_.billing_npi, "billing_npi", true);
    check(c_.rendering_npi, "rendering_npi", false);
  }

  // ---- place of service
  void PlaceOfService() {
    const auto* list = ed_.pos();
    std::vector<uint16_t> missing;
    std::vector<std::pair<std::string, std::vector<uint16_t>>> unknown;
    const std::string* last = nullptr;  // the lines mostly share one place: looked up once
    bool last_known = false;
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      const std::string& pos = c_.lines[i].place_of_service.empty() ? c_.place_of_service : c_.lines[i].place_of_service;
      if (pos.empty()) {
        missing.push_back(L(i));
        continue;
      }
      if (!list) continue;
      if (!last || *last != pos) {
        last = &pos;
        last_known = ed_.FindPos(pos) != nullptr;
      }
      if (!last_known) {
        auto it = std::find_if(unknown.begin(), unknown.end(), [&](const auto& u) { return u.first == pos; });
        if (it == unknown.end()) unknown.push_back({pos, {L(i)}});
        else it->second.push_back(L(i));
      }
    }
    if (!missing.empty()) {
      Add(Kind::kPlaceOfService, Severity::kError, missing, {}, LineList(missing) + ": no place of service (CMS-1500 box 24B)",
          "give the claim's place_of_service (e.g. \"11\" office) or each line's", list ? list->dataset->label : "CMS-1500",
          "place of service required");
    }
    for (const auto& [pos, lines] : unknown) {
      Add(Kind::kPlaceOfService, Severity::kError, lines, {pos}, "place of service \"" + pos.substr(0, 10) + "\" (" + LineList(lines) + ") is not a CMS place of service code",
          "use a 2-digit CMS place of service code (e.g. 11 office, 22 on-campus outpatient hospital, 02/10 telehealth)",
          list->dataset->label, "known place of service");
    }
  }

  // ---- diagnoses: validity
  void Diagnoses() {
    bool outside = false;
    for (size_t i = 0; i < c_.diagnoses.size(); ++i) {
      const std::string& in = c_.diagnoses[i];
      DxInfo& d = dx_[i];
      char letter = static_cast<char>('A' + std::min<size_t>(i, 25));
      std::string label = std::string("diagnosis ") + letter;
      if (in.empty()) continue;  // reported while parsing
      d.shown = d.norm.empty() ? in.substr(0, 20) : DotCode(d.norm);
      for (size_t j = 0; j < i; ++j) {
        if (!d.norm.empty() && dx_[j].norm == d.norm) {
          Syntax(Severity::kWarning, "diagnoses[" + std::to_string(i) + "]",
                 label + " " + d.shown + " repeats diagnosis " + std::string(1, char('A' + j)) + "; list each diagnosis once",
                 "remove the repeat and point the lines at the first one");
          break;
        }
      }
      std::optional<uint32_t> idx;
      if (const Checker::IcdSlot* slot = k_.FindIcd(d.norm)) {
        idx = slot->index;
        d.flags = slot->flags;
        d.years = slot->years;
        // What DiagnosisRules reads of it: its Excludes1 prefilter mask, its record (the notes' walk).
        __builtin_prefetch(&k_.excl_mask_[slot->index]);
        __builtin_prefetch(&icd_.rec(slot->index));
      }
      if (idx && !icd_.years().empty()) {
        if (DiagnosisYears(i, *idx, label)) d.index = *idx;
        continue;
      }
      if (idx && icd_.billable(*idx)) {
        d.index = *idx;
        if (dx_date_ && k_.icd_from_ && dx_date_ < k_.icd_from_ && (icd_.rec(*idx).flags & format::kNewThisYear)) {
          Add(Kind::kCodeYear, Severity::kError, {}, {d.shown}, label + " " + d.shown + " is new in " + IcdLabel() + " (effective " +
                                                                 D(k_.icd_from_) + "): it was not valid on the date of service " + D(dx_date_),
              "code the diagnosis with the code set in force on " + D(dx_date_), IcdLabel() + " (codes addenda)", "not yet effective", dx_date_);
        }
        continue;
      }
      Validation v = Validate(icd_, in);
      Kind kind = Kind::kInvalidCode;
      Severity sev = Severity::kError;
      std::string rule = CodeStatusName(v.status);
      std::string action;
      switch (v.status) {
        case CodeStatus::kHeader: kind = Kind::kHeaderCode; action = "code to the highest specificity: choose a billable code below it"; break;
        case CodeStatus::kNeedsSeventh:
        case CodeStatus::kMissingPlaceholder:
        case CodeStatus::kInvalidSeventh:
          kind = Kind::kSeventhCharacter;
          action = "add the 7th character for the encounter (with placeholder X to fill empty positions)";
          break;
        case CodeStatus::kDeleted:
          kind = Kind::kCodeYear;
          if (dx_date_ && k_.icd_from_ && dx_date_ < k_.icd_from_) {
            sev = Severity::kWarning;
            v.message += "; it was deleted effective " + D(k_.icd_from_) + ", after the date of service " + D(dx_date_) +
                         " (that year's code set is not loaded, so it was not checked further)";
          }
          action = "use the code in force on the date of service";
          break;
        case CodeStatus::kMalformed: action = "enter an ICD-10-CM code: a letter, a digit, a letter or digit, then up to 4 more"; break;
        default: action = "check the code in the tabular list"; break;
      }
      if (!v.suggestions.empty()) action += " (e.g. " + Join(v.suggestions) + ")";
      Add(kind, sev, {}, {d.shown}, label + ": " + v.message + (dx_date_ ? " (date of service " + D(dx_date_) + ")" : ""), action,
          IcdLabel(), rule, dx_date_);
      outside = true;
    }
    (void)outside;
    if (dx_date_ && !c_.diagnoses.empty() && k_.icd_from_ && k_.icd_to_ && (dx_date_ < k_.icd_from_ || dx_date_ > k_.icd_to_)) {
      Add(Kind::kDataCoverage, Severity::kWarning, {}, {}, "the date of service " + D(dx_date_) + " is outside " + IcdLabel() + " (" + D(k_.icd_from_) + " to " +
                                                            D(k_.icd_to_) + "): the diagnoses were checked against it, but codes added, deleted or "
                                                            "revised for " + std::to_string(dx_date_ / 10000) + " may differ",
          "check the diagnoses with the code set in force on " + D(dx_date_), IcdLabel(), "data-range", dx_date_);
    }
  }

  // A file of several ICD-10-CM years: the diagnosis must be billable in the year in force
  // on the date of every line that points to it (the claim's diagnosis date when none
  // does), so a claim straddling 2026-10-01 checks each line against its own year. True
  // when it is; else one finding per date whose year does not have it.
  bool DiagnosisYears(size_t i, uint32_t idx, const std::string& label) {
    thread_local std::vector<uint32_t> dates;  // scratch, reused claim after claim
    dates.clear();
    for (size_t l = 0; l < c_.lines.size(); ++l) {
      const auto& p = c_.lines[l].pointers;
      if (std::find(p.begin(), p.end(), static_cast<int>(i)) == p.end() || !li_[l].dos) continue;
      if (std::find(dates.begin(), dates.end(), li_[l].dos) == dates.end()) dates.push_back(li_[l].dos);
    }
    if (dates.empty()) dates.push_back(dx_date_);
    std::sort(dates.begin(), dates.end());
    bool ok = true;
    std::vector<int> reported;  // one finding per year
    for (uint32_t date : dates) {
      const int y = ChooseYearIndexAt(icd_, date);
      if (y < 16 ? ((dx_[i].years >> y) & 1) != 0 : icd_.InYear(idx, y) && icd_.BillableIn(idx, y)) continue;
      ok = false;
      if (std::find(reported.begin(), reported.end(), y) != reported.end()) continue;
      reported.push_back(y);
      const YearChoice yc = ChooseYearAt(icd_, date);  // its label, for the finding
      std::vector<uint16_t> lines;
      for (size_t l = 0; l < c_.lines.size(); ++l) {
        const auto& p = c_.lines[l].pointers;
        if (std::find(p.begin(), p.end(), static_cast<int>(i)) != p.end() && ChooseYearIndexAt(icd_, li_[l].dos) == y) {
          lines.push_back(L(l));
        }
      }
      Validation v = Validate(icd_, c_.diagnoses[i], date ? D(date) : std::string());
      Kind kind = Kind::kCodeYear;
      std::string action = "use the code in force on the date of service";
      if (v.status == CodeStatus::kHeader) {
        kind = Kind::kHeaderCode;
        action = "code to the highest specificity: choose a billable code below it";
      } else if (v.status == CodeStatus::kNeedsSeventh) {
        kind = Kind::kSeventhCharacter;
        action = "add the 7th character for the encounter (with placeholder X to fill empty positions)";
      }
      if (!v.suggestions.empty()) action += " (e.g. " + Join(v.suggestions) + ")";
      Add(kind, Severity::kError, std::move(lines), {dx_[i].shown}, label + ": " + v.message, action,
          icd_.meta().system + " " + yc.label, CodeStatusName(v.status), date);
    }
    return ok;
  }

  // Walks the notes that apply to ICD-10-CM code idx (own, ancestors, section, chapter):
  // f(note, owner) where owner names where it is written (built only when asked for).
  struct NoteOwner {
    const CodeSet* cs;
    int kind;  // 0 code, 1 section, 2 chapter
    uint32_t index;
    std::string Name() const {
      if (kind == 0) return cs->Dotted(index);
      if (kind == 1) {
        const auto& s = cs->sections()[index];
        std::string a(s.first, strnlen(s.first, 4)), b(s.last, strnlen(s.last, 4));
        return "section " + (a == b ? a : a + "-" + b);
      }
      return "chapter " + std::to_string(cs->chapters()[index].number);
    }
  };
  template <class F>
  void ForNotes(uint32_t idx, F&& f) const {
    for (uint32_t k = idx; k != kNone; k = icd_.rec(k).parent) {
      const CodeRec& r = icd_.rec(k);
      for (uint32_t n = r.note_first; n < r.note_first + r.note_count; ++n) f(icd_.notes()[n], NoteOwner{&icd_, 0, k});
    }
    const CodeRec& r = icd_.rec(idx);
    if (!icd_.sections().empty() && r.section < icd_.sections().size()) {
      const auto& s = icd_.sections()[r.section];
      for (uint32_t n = s.note_first; n < s.note_first + s.note_count; ++n) f(icd_.notes()[n], NoteOwner{&icd_, 1, r.section});
    }
    if (!icd_.chapters().empty() && r.chapter < icd_.chapters().size()) {
      const auto& ch = icd_.chapters()[r.chapter];
      for (uint32_t n = ch.note_first; n < ch.note_first + ch.note_count; ++n) f(icd_.notes()[n], NoteOwner{&icd_, 2, r.chapter});
    }
  }

  // Compares code[0:len(pat)] with pat (NUL-padded): <0, 0, >0.
  static int ComparePrefix(std::string_view code, const char (&pat)[8]) {
    for (size_t k = 0; k < 8 && pat[k]; ++k) {
      if (k >= code.size()) return -1;
      if (code[k] != pat[k]) return static_cast<unsigned char>(code[k]) < static_cast<unsigned char>(pat[k]) ? -1 : 1;
    }
    return 0;
  }
  static bool Covers(const format::CodeRange& r, std::string_view code) {
    return ComparePrefix(code, r.first) >= 0 && ComparePrefix(code, r.last) <= 0;
  }

  // ---- diagnoses: MCE lists, sex, first-listed rules, Excludes1
  void DiagnosisRules() {
    const auto* mce = ed_.mce();
    static const std::string kMce = "MCE";
    const std::string& mce_label = mce ? mce->dataset->label : kMce;
    bool any_mce_use = false;
    // Age.
    std::vector<std::string> unchecked;
    for (size_t i = 0; i < dx_.size(); ++i) {
      const DxInfo& d = dx_[i];
      if (d.index < 0) continue;
      uint16_t f = d.flags;
      if (!(f & (kMceNewborn | kMcePediatric | kMceMaternity | kMceAdult))) continue;
      any_mce_use = true;
      if (age_ < 0) {
        unchecked.push_back(d.shown);
        continue;
      }
      struct Band {
        uint32_t flag;
        int lo, hi;
        const char* name;
      };
      static constexpr Band kBands[] = {{kMceNewborn, 0, 0, "perinatal/newborn (age 0)"},
                                        {kMcePediatric, 0, 17, "pediatric (age 0 through 17)"},
                                        {kMceMaternity, 9, 64, "maternity (age 9 through 64)"},
                                        {kMceAdult, 15, 124, "adult (age 15 through 124)"}};
      for (const auto& b : kBands) {
        if (!(f & b.flag) || (age_ >= b.lo && age_ <= b.hi)) continue;
        Add(Kind::kAge, Severity::kError, PointingLines(i), {d.shown},
            d.shown + " (diagnosis " + std::string(1, char('A' + i)) + ") is on the MCE " + b.name + " list, but the patient is " +
                std::to_string(age_) + " on " + D(dx_date_),
            "check the patient's birth date and the diagnosis: one of them is presumed wrong", mce_label,
            std::string("age conflict: ") + b.name, dx_date_);
      }
    }
    if (!unchecked.empty()) {
      Add(Kind::kAge, Severity::kInfo, {}, unchecked, "age edits not checked for " + Join(unchecked) + " (on MCE age lists): the patient's birth date or age is not given",
          "give patient.birth_date (or patient.age)", mce_label, "age unknown");
    }
    if (age_ > 124) {
      Add(Kind::kAge, Severity::kError, {}, {}, "the patient's age " + std::to_string(age_) + " is outside 0 through 124 (MCE invalid age)",
          "check the birth date", mce_label, "invalid age");
    }
    // Sex (advisory).
    if (c_.sex == 'F' || c_.sex == 'M') {
      for (size_t i = 0; i < dx_.size(); ++i) {
        if (dx_[i].index < 0) continue;
        uint16_t f = dx_[i].flags;
        char want = (f & kDxFemale) ? 'F' : (f & kDxMale) ? 'M' : 0;
        if (!want || want == c_.sex) continue;
        const CodeRec& r = icd_.rec(static_cast<uint32_t>(dx_[i].index));
        std::string where = !icd_.sections().empty() ? std::string(icd_.str(icd_.sections()[r.section].title)) : "";
        if (want == 'F' && !icd_.chapters().empty() && icd_.str(icd_.chapters()[r.chapter].title).starts_with("Pregnancy")) {
          where = std::string(icd_.str(icd_.chapters()[r.chapter].title));
        }
        Add(Kind::kSex, Severity::kInfo, PointingLines(i), {dx_[i].shown},
            dx_[i].shown + " (diagnosis " + std::string(1, char('A' + i)) + ") is in \"" + where + "\" but the patient's sex is " +
                (c_.sex == 'F' ? "female" : "male") + ". Advisory only: CMS deactivated the MCE sex conflict edit on 2024-10-01",
            "no change is needed when the code is correct for this patient (e.g. a transgender patient); some payers still edit sex",
            IcdLabel() + " tabular sections", "sex advisory (MCE sex edit deactivated 2024-10-01)", dx_date_);
      }
    }
    if (!dx_.empty() && dx_[0].index >= 0) {
      const DxInfo& p = dx_[0];
      uint16_t f = p.flags;
      if (f & kMceManifestation) {
        any_mce_use = true;
        std::string first;
        ForNotes(static_cast<uint32_t>(p.index), [&](const format::NoteRec& n, const NoteOwner&) {
          if (first.empty() && n.kind == static_cast<uint8_t>(format::NoteKind::kCodeFirst)) first = std::string(icd_.str(n.text));
        });
        Add(Kind::kManifestationFirst, Severity::kError, PointingLines(0), {p.shown},
            "the first-listed diagnosis " + p.shown + " is a manifestation code: it may not be listed first",
            "list the underlying condition first and this code after it" + (first.empty() ? std::string() : " (code first: " + first + ")"),
            mce_label, "manifestation code as principal diagnosis", dx_date_);
      }
      char c0 = p.norm.empty() ? 0 : p.norm[0];
      if (c0 == 'V' || c0 == 'W' || c0 == 'X' || c0 == 'Y') {
        Add(Kind::kExternalCauseFirst, Severity::kError, PointingLines(0), {p.shown},
            "the first-listed diagnosis " + p.shown + " is an external cause code (V00-Y99): it describes how an injury happened, not the condition",
            "list the injury or condition first; external cause codes are secondary only (ICD-10-CM guideline I.C.20)",
            mce ? mce_label + " (edit 2) and " + IcdLabel() : IcdLabel(), "external cause code as first-listed diagnosis", dx_date_);
      }
      bool unacceptable = (f & kMceUnacceptablePdx) ||
                          ((f & kMceUnacceptableBefore) && mce && mce->dataset->extra && dx_date_ && dx_date_ < mce->dataset->extra);
      // A secondary diagnosis is one given: an empty or blank entry (reported as a syntax error)
      // is none, as MCE reads a record (REQUIRES_SDX); a code given but invalid counts.
      const bool has_secondary = std::any_of(c_.diagnoses.begin() + 1, c_.diagnoses.end(), [](const std::string& s) { return !s.empty(); });
      if (unacceptable && (f & kMceAcceptableWithSecondary) && has_secondary) unacceptable = false;
      if (f & (kMceUnacceptablePdx | kMceUnacceptableBefore)) any_mce_use = true;
      if (unacceptable) {
        std::string when = (f & kMceUnacceptableBefore) ? " (" + mce->dataset->version + " removed it from the list from " +
                                                              D(mce->dataset->extra) + "; it applies before that)"
                                                        : "";
        Add(Kind::kUnacceptablePrincipal, Severity::kWarning, PointingLines(0), {p.shown},
            "the first-listed diagnosis " + p.shown + " is on the MCE list of codes unacceptable as principal diagnosis" + when +
                ((f & kMceAcceptableWithSecondary) ? "; it is acceptable only with a secondary diagnosis" : ""),
            "list the condition chiefly responsible for the encounter first; some of these codes may be first-listed in "
            "outpatient settings (guidelines section IV): check the payer's policy",
            mce_label, "unacceptable principal diagnosis", dx_date_);
      }
    }
    if (mce && any_mce_use) UseData(mce->dataset, 0, dx_date_);
    // Excludes1.
    for (size_t i = 0; i < dx_.size(); ++i) {
      if (dx_[i].index < 0) continue;
      // The buckets of the diagnoses the walk below would compare it with (not itself, nor a repeat of it).
      uint64_t others = 0;
      for (size_t j = 0; j < dx_.size(); ++j) {
        if (j != i && dx_[j].index >= 0 && dx_[j].index != dx_[i].index) others |= Bucket(dx_[j].norm);  // same index: same code
      }
      // No other diagnosis can fall in its Excludes1 ranges (own, ancestors', section's, chapter's).
      if (!others || !(k_.excl_mask_[static_cast<size_t>(dx_[i].index)] & others)) continue;
      ForNotes(static_cast<uint32_t>(dx_[i].index), [&](const format::NoteRec& n, const NoteOwner& owner) {
        if (n.kind != static_cast<uint8_t>(format::NoteKind::kExcludes1) || n.ref_count == 0) return;
        for (size_t j = 0; j < dx_.size(); ++j) {
          if (j == i || dx_[j].index < 0 || dx_[j].index == dx_[i].index) continue;  // same index: same code
          for (uint32_t r = n.ref_first; r < n.ref_first + n.ref_count; ++r) {
            if (!Covers(icd_.note_refs()[r], dx_[j].norm)) continue;
            std::pair<size_t, size_t> key{std::min(i, j), std::max(i, j)};
            if (std::find(excl_.begin(), excl_.end(), key) != excl_.end()) return;
            excl_.push_back(key);
            const std::string from = owner.Name();
            const CodeRec& a = icd_.rec(static_cast<uint32_t>(dx_[i].index));
            const CodeRec& b = icd_.rec(static_cast<uint32_t>(dx_[j].index));
            bool same_block = icd_.sections().empty() ? a.chapter == b.chapter : a.section == b.section;
            std::vector<uint16_t> lines = PointingLines(i);
            for (uint16_t l : PointingLines(j)) if (std::find(lines.begin(), lines.end(), l) == lines.end()) lines.push_back(l);
            std::sort(lines.begin(), lines.end());
            Add(Kind::kExcludes1, same_block ? Severity::kError : Severity::kWarning, lines, {dx_[i].shown, dx_[j].shown},
                dx_[i].shown + " (diagnosis " + std::string(1, char('A' + i)) + ") and " + dx_[j].shown + " (diagnosis " +
                    std::string(1, char('A' + j)) + ") are in an Excludes1 relation: " + from + " says \"Excludes1: " + std::string(icd_.str(n.text)) + "\"",
                same_block ? "Excludes1 means NOT CODED HERE: report only the code that fits; these are alternative forms of one condition"
                           : "report both only if the two conditions are unrelated (guideline I.A.12.a exception); if unclear, query the provider",
                icd_.SourceLabel(n.source) + "; " + IcdLabel(),
                "Excludes1 at " + from + (same_block ? "" : " (different sections: allowed when unrelated)"), dx_date_);
            return;
          }
        }
      });
    }
  }

  std::vector<uint16_t> PointingLines(size_t dx) const {
    std::vector<uint16_t> out;
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      const auto& p = c_.lines[i].pointers;
      if (std::find(p.begin(), p.end(), static_cast<int>(dx)) != p.end()) out.push_back(L(i));
    }
    return out;
  }

  // ---- service lines: codes, units, modifiers, pointers
  void Lines() {
    const auto* mods = ed_.modifiers();
    bool used_mods = false;
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      const Line& ln = c_.lines[i];
      LineInfo& info = li_[i];
      const uint16_t l = L(i);
      auto lp = [&](const char* field) { return "lines[" + std::to_string(i) + "]." + field; };  // for a syntax finding
      if (ln.code.empty()) {
        Syntax(Severity::kError, lp("code"), "line " + std::to_string(l) + " has no procedure code", "enter the CPT/HCPCS code of the service");
      } else if (!IsProcedureCode(ln.code)) {
        Add(Kind::kInvalidCode, Severity::kError, {l}, {ln.code.substr(0, 20)},
            "line " + std::to_string(l) + ": \"" + ln.code.substr(0, 20) + "\" is not a CPT or HCPCS Level II code (5 characters: 5 digits, "
                                                                          "4 digits and F/T/U/M, or a letter and 4 digits)",
            "enter the procedure code without modifiers (modifiers go in \"modifiers\")", "CPT / HCPCS code format", "procedure code format");
      } else {
        info.code_ok = true;
        info.id = k_.EditsCodeId(ln.code);
        info.em = IsEm(ln.code);
      }
      if (!ln.units_given) {
        Syntax(Severity::kWarning, lp("units"), "line " + std::to_string(l) + ": units are missing; 1 is assumed",
               "enter the units of service (CMS-1500 box 24G)");
      }
      // Diagnosis pointers.
      if (ln.pointers.empty()) {
        Add(Kind::kDxPointer, Severity::kError, {l}, {ln.code}, "line " + std::to_string(l) + " points to no diagnosis",
            "point the line to 1-4 diagnoses (A-L), the primary reason for the service first", "CMS-1500 box 24E", "at least one pointer");
      }
      if (ln.pointers.size() > kMaxPointers) {
        Add(Kind::kDxPointer, Severity::kError, {l}, {ln.code}, "line " + std::to_string(l) + " points to " + std::to_string(ln.pointers.size()) +
                                                                    " diagnoses; a line holds at most 4",
            "keep the 4 diagnoses that best support the service", "CMS-1500 box 24E / 837P SV107", "at most 4 pointers");
      }
      size_t bad = 0;
      for (size_t k = 0; k < ln.pointers.size(); ++k) {
        int p = ln.pointers[k];
        if (p < 0) {
          const std::string txt = bad < ln.bad_pointers.size() ? ln.bad_pointers[bad++] : std::string("?");
          Add(Kind::kDxPointer, Severity::kError, {l}, {}, "line " + std::to_string(l) + ": \"" + txt.substr(0, 10) + "\" is not a diagnosis pointer",
              "use the letters A-L (or 1-12) of box 21", "CMS-1500 box 24E", "pointer is A-L");
        } else if (static_cast<size_t>(p) >= c_.diagnoses.size()) {
          Add(Kind::kDxPointer, Severity::kError, {l}, {}, "line " + std::to_string(l) + " points to diagnosis " + std::string(1, char('A' + p)) +
                                                               ", but the claim has " + std::to_string(c_.diagnoses.size()) + " diagnos" +
                                                               (c_.diagnoses.size() == 1 ? "is" : "es"),
              "point to an existing diagnosis or add the missing one", "CMS-1500 box 24E", "pointer to an existing diagnosis");
        } else {
          for (size_t q = 0; q < k; ++q) {
            if (ln.pointers[q] == p) {
              Add(Kind::kDxPointer, Severity::kWarning, {l}, {}, "line " + std::to_string(l) + " points to diagnosis " + std::string(1, char('A' + p)) + " twice",
                  "list each pointer once", "CMS-1500 box 24E", "no repeated pointer");
              break;
            }
          }
        }
      }
      // Modifiers.
      if (ln.modifiers.size() > 4) {
        Add(Kind::kModifier, Severity::kError, {l}, {ln.code}, "line " + std::to_string(l) + " has " + std::to_string(ln.modifiers.size()) +
                                                                   " modifiers; a line holds at most 4 (CMS-1500 box 24D, 837P SV101)",
            "keep the modifiers that affect payment first; report others as the payer instructs", "CMS-1500 / ASC X12 837P", "at most 4 modifiers");
      }
      bool rt = false, lt = false, fifty = false;
      for (size_t k = 0; k < ln.modifiers.size(); ++k) {
        const std::string& m = ln.modifiers[k];
        for (size_t q = 0; q < k; ++q) {
          if (ln.modifiers[q] == m) {
            Add(Kind::kModifier, Severity::kWarning, {l}, {m}, "line " + std::to_string(l) + ": modifier " + m + " is given twice", "list it once",
                "CMS-1500 box 24D", "no repeated modifier");
            break;
          }
        }
        rt |= m == "RT";
        lt |= m == "LT";
        fifty |= m == "50";
        bool shape = m.size() == 2 && std::isalnum(static_cast<unsigned char>(m[0])) && std::isalnum(static_cast<unsigned char>(m[1]));
        if (!shape) {
          Add(Kind::kModifier, Severity::kError, {l}, {m.substr(0, 10)}, "line " + std::to_string(l) + ": \"" + m.substr(0, 10) + "\" is not a modifier (2 letters or digits)",
              "enter each modifier as 2 characters, e.g. \"25\", \"RT\"", "CMS-1500 box 24D", "modifier format");
          continue;
        }
        if (AllDigits(m)) {
          if (!IsCptModifier(m)) {
            Add(Kind::kModifier, Severity::kWarning, {l}, {m}, "line " + std::to_string(l) + ": modifier " + m + " is not a CPT modifier number this checker knows",
                "check the modifier in the CPT manual (CPT modifier descriptors are AMA-licensed and not included)",
                "CPT modifier numbers (built-in list, numbers only)", "known CPT modifier");
          }
          continue;
        }
        if (!mods) continue;
        used_mods = true;
        if (info.dos) UseData(mods->dataset, l, info.dos);
        const ModRec* r = ed_.FindModifier(m);
        if (!r) {
          Add(Kind::kModifier, Severity::kError, {l}, {m}, "line " + std::to_string(l) + ": " + m + " is not a HCPCS Level II modifier (nor a CPT modifier)",
              "check the modifier (HCPCS Level II modifiers are letters or a letter and a digit, e.g. RT, GT, XU)", mods->dataset->label,
              "known modifier", info.dos);
        } else if (info.dos && r->added && info.dos < r->added) {
          Add(Kind::kModifier, Severity::kError, {l}, {m}, "line " + std::to_string(l) + ": modifier " + m + " became valid on " + D(r->added) +
                                                               ", after the date of service " + D(info.dos),
              "use a modifier valid on the date of service", mods->dataset->label, "modifier effective date", info.dos);
        } else if (info.dos && r->terminated && info.dos > r->terminated) {
          Add(Kind::kModifier, Severity::kError, {l}, {m}, "line " + std::to_string(l) + ": modifier " + m + " (" + std::string(ed_.str(r->short_desc)) +
                                                               ") was discontinued after " + D(r->terminated) + "; the date of service is " + D(info.dos),
              "remove it or use its replacement", mods->dataset->label, "modifier termination date", info.dos);
        }
      }
      if (rt && lt) {
        Add(Kind::kModifier, Severity::kError, {l}, {"RT", "LT"}, "line " + std::to_string(l) + " has both RT and LT",
            "for a bilateral procedure use modifier 50 on one line (or RT and LT on two lines, as the payer requires)",
            mods ? mods->dataset->label : "HCPCS Level II modifiers", "RT with LT on one line", info.dos);
      }
      if (fifty && (rt || lt)) {
        Add(Kind::kModifier, Severity::kWarning, {l}, {"50", rt ? "RT" : "LT"}, "line " + std::to_string(l) + " has modifier 50 (bilateral) together with " +
                                                                                      (rt ? "RT" : "LT"),
            "use 50 for a bilateral procedure, or RT/LT for one side, not both", "NCCI / CMS modifier rules", "50 with RT or LT", info.dos);
      }
    }
    (void)used_mods;
  }

  // Whether lines i and j bill the same code: a code of the edits file has one id, so ids
  // compare when either line has one; other codes compare as text.
  bool SameCode(size_t i, size_t j) const {
    if (li_[i].id >= 0 || li_[j].id >= 0) return li_[i].id == li_[j].id;
    return c_.lines[i].code == c_.lines[j].code;
  }

  // ---- duplicate lines
  void Duplicates() {
    thread_local std::vector<bool> done;  // scratch, reused claim after claim
    done.assign(c_.lines.size(), false);
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      if (done[i] || !li_[i].code_ok) continue;
      // Most lines repeat nothing: nothing is built for them.
      bool again = false;
      for (size_t j = i + 1; j < c_.lines.size() && !again; ++j) {
        again = !done[j] && li_[j].dos == li_[i].dos && SameCode(i, j);
      }
      if (!again) continue;
      auto sorted_mods = [&](size_t k) {
        auto m = c_.lines[k].modifiers;
        std::sort(m.begin(), m.end());
        return m;
      };
      const auto mi = sorted_mods(i);
      std::vector<uint16_t> same{L(i)};
      bool identical = true;
      for (size_t j = i + 1; j < c_.lines.size(); ++j) {
        if (done[j] || li_[j].dos != li_[i].dos || !SameCode(i, j) || sorted_mods(j) != mi) continue;
        done[j] = true;
        same.push_back(L(j));
        identical &= c_.lines[j].units == c_.lines[i].units && c_.lines[j].charge == c_.lines[i].charge &&
                     c_.lines[j].pointers == c_.lines[i].pointers;
      }
      if (same.size() < 2) continue;
      std::string ms = mi.empty() ? "no modifiers" : "modifiers " + Join(mi, " ");
      Add(Kind::kDuplicateLine, identical ? Severity::kError : Severity::kWarning, same, {c_.lines[i].code},
          LineList(same) + " repeat " + c_.lines[i].code + " on " + (li_[i].dos ? D(li_[i].dos) : std::string("the same date")) +
              " with " + ms + (identical ? " (identical lines: the repeat is denied as a duplicate)" : ""),
          "report the total units on one line; if the service was really repeated, add 76/77 (repeat procedure) or 91 (repeat lab test), "
          "or an anatomic or XE/XS/XP/XU modifier when it was a separate site or encounter",
          "CMS claims processing (duplicate claim line edits)", "same code, date and modifiers", li_[i].dos);
    }
  }

  // ---- NCCI PTP
  struct PtpChoice {
    const EditSet::PtpTable* table = nullptr;
    const EditSet::PtpTable* previous = nullptr;  // an older edition with deletion dates, to date a hit in a gap
    bool in_range = false;
  };
  PtpChoice ChoosePtp(uint32_t dos) const {
    PtpChoice c;
    // The editions of this claim's setting (no list built: this runs on every claim).
    bool any = false;
    for (const auto& tt : ed_.ptp_tables()) {
      if (tt.dataset->setting != c_.setting) continue;
      any = true;
      const auto* t = &tt;
      if (t->dataset->Covers(dos) && (!c.table || t->dataset->from > c.table->dataset->from)) c.table = t;
    }
    if (!any) return c;
    if (c.table) {
      c.in_range = true;
      return c;
    }
    // Outside every edition: the newest one that starts after the date (a gap between
    // editions or before the first), else the newest.
    const EditSet::PtpTable* after = nullptr;
    const EditSet::PtpTable* newest = nullptr;
    for (const auto& tt : ed_.ptp_tables()) {
      if (tt.dataset->setting != c_.setting) continue;
      const auto* t = &tt;
      if (!newest || t->dataset->from > newest->dataset->from) newest = t;
      if (t->dataset->from > dos && (!after || t->dataset->from < after->dataset->from)) after = t;
    }
    c.table = after ? after : newest;
    // Before every edition: the oldest one with deletion dates knows which edits were deleted by then.
    const EditSet::PtpTable* hist = nullptr;
    for (const auto& tt : ed_.ptp_tables()) {
      if (tt.dataset->setting != c_.setting) continue;
      const auto* t = &tt;
      if ((t->dataset->flags & kDatasetHasDeletionDates) && (!hist || t->dataset->from < hist->dataset->from)) hist = t;
    }
    if (hist && hist->dataset->from > dos) c.table = hist;
    if (c.table && !(c.table->dataset->flags & kDatasetHasDeletionDates)) {
      for (const auto& tt : ed_.ptp_tables()) {
        if (tt.dataset->setting != c_.setting) continue;
        const auto* t = &tt;
        if (t != c.table && (t->dataset->flags & kDatasetHasDeletionDates) && t->dataset->to && t->dataset->to < dos) c.previous = t;
      }
    }
    return c;
  }

  // The row of the table in force on dos for (c1, c2), or -1. mod: 0, 1 or 2 (= 9).
  int64_t PtpRow(const EditSet::PtpTable& t, uint16_t c1, uint16_t c2, uint32_t dos) const {
    return PtpRowIn(t, t.row_first[c1], t.row_first[c1 + 1u], c2, dos);
  }
  // The same within c1's rows [first, end) of the table (as PtpRow finds them).
  int64_t PtpRowIn(const EditSet::PtpTable& t, uint32_t first, uint32_t end, uint16_t c2, uint32_t dos) const {
    if (first == end) return -1;
    const uint16_t* col2 = t.column2.data();
    const uint16_t* lo = std::lower_bound(col2 + first, col2 + end, c2);
    uint32_t hi = static_cast<uint32_t>(lo - col2);
    while (hi < end && col2[hi] == c2) ++hi;
    for (uint32_t e = static_cast<uint32_t>(lo - col2); e < hi; ++e) {
      uint16_t a = t.attr[e];
      uint32_t di = (a >> kPtpDateShift) & kPtpDateMask;
      if (di && t.dates[di - 1] < dos) continue;  // deleted before the date of service (the date is its last day)
      return e;
    }
    return -1;
  }

  // Whether a PTP-associated modifier on the pair bypasses an indicator-1 edit. `how` names
  // it; "same-site:RT" when both lines carry the same anatomic modifiers (no bypass), and
  // "em:59" when a modifier other than 25/57 is used on an E/M pair (it may pass the
  // payer's edit, but NCCI policy is modifier 25 on the E/M: reported as a warning).
  enum class Bypass { kNoBypass, kYes, kEmOther };
  Bypass Bypassed(size_t i, size_t j, std::string& how) const {
    const Line& a = c_.lines[i];
    const Line& b = c_.lines[j];
    if (li_[i].em || li_[j].em) {
      const Line& em = li_[i].em ? a : b;
      for (const auto& m : em.modifiers) {
        if (m == "25" || m == "57") {
          how = m;
          return Bypass::kYes;
        }
      }
      for (const Line* l : {&a, &b}) {
        for (const auto& m : l->modifiers) {
          if (IsPtpOther(m) || IsAnatomic(m)) {
            how = "em:" + m;
            return Bypass::kEmOther;
          }
        }
      }
      return Bypass::kNoBypass;
    }
    for (const Line* l : {&b, &a}) {
      for (const auto& m : l->modifiers) {
        if (IsPtpOther(m)) {
          how = m;
          return Bypass::kYes;
        }
      }
    }
    std::vector<std::string> an_a, an_b;
    for (const auto& x : a.modifiers) if (IsAnatomic(x)) an_a.push_back(x);
    for (const auto& x : b.modifiers) if (IsAnatomic(x)) an_b.push_back(x);
    std::sort(an_a.begin(), an_a.end());
    std::sort(an_b.begin(), an_b.end());
    if ((!an_a.empty() || !an_b.empty()) && an_a != an_b) {
      how = Join(an_b.empty() ? an_a : an_b, "/");
      return Bypass::kYes;
    }
    if (!an_a.empty() && an_a == an_b) how = "same-site:" + Join(an_a, "/");
    return Bypass::kNoBypass;
  }

  void Ptp() {
    const size_t n = c_.lines.size();
    thread_local std::vector<std::pair<uint32_t, PtpChoice>> cache;  // scratch, per claim
    cache.clear();
    auto choice = [&](uint32_t dos) -> const PtpChoice& {
      for (const auto& [d, c] : cache) if (d == dos) return c;
      cache.push_back({dos, ChoosePtp(dos)});
      return cache.back().second;
    };
    // Each line's column-1 rows in the table of its date, read once (not once per pair).
    thread_local std::vector<std::pair<uint32_t, uint32_t>> rows;  // scratch, per claim
    rows.assign(n, {0, 0});
    for (size_t i = 0; i < n; ++i) {
      if (!li_[i].code_ok || li_[i].id < 0 || !li_[i].dos) continue;
      if (const EditSet::PtpTable* t = choice(li_[i].dos).table) {
        const auto id = static_cast<size_t>(li_[i].id);
        rows[i] = {t->row_first[id], t->row_first[id + 1]};
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (!li_[i].code_ok || li_[i].id < 0 || !li_[i].dos) continue;
      const PtpChoice& ch = choice(li_[i].dos);
      if (!ch.table) continue;
      UseData(ch.table->dataset, L(i), li_[i].dos);
      for (size_t j = i + 1; j < n; ++j) {
        if (!li_[j].code_ok || li_[j].id < 0 || li_[j].dos != li_[i].dos || li_[j].id == li_[i].id) continue;
        size_t col1 = i, col2 = j;  // same date: the same table
        int64_t row = PtpRowIn(*ch.table, rows[i].first, rows[i].second, static_cast<uint16_t>(li_[j].id), li_[i].dos);
        if (row < 0) {
          row = PtpRowIn(*ch.table, rows[j].first, rows[j].second, static_cast<uint16_t>(li_[i].id), li_[i].dos);
          col1 = j;
          col2 = i;
        }
        if (row < 0) continue;
        PtpFinding(*ch.table, ch, static_cast<uint32_t>(row), col1, col2);
      }
    }
  }

  void PtpFinding(const EditSet::PtpTable& t, const PtpChoice& ch, uint32_t row, size_t col1, size_t col2) {
    const uint16_t a = t.attr[row];
    const int mod = (a & kPtpModMask) == 2 ? 9 : (a & kPtpModMask);
    if (mod == 9) return;  // indicator 9: the edit does not apply (deleted retroactively)
    const uint32_t dos = li_[col1].dos;
    const std::string& c1 = c_.lines[col1].code;
    const std::string& c2 = c_.lines[col2].code;
    std::string how;
    const Bypass by = Bypassed(col1, col2, how);
    if (mod == 1 && by == Bypass::kYes) return;
    const bool bypass = by != Bypass::kNoBypass;
    uint32_t ri = (a >> kPtpRationaleShift) & kPtpRationaleMask;
    uint32_t di = (a >> kPtpDateShift) & kPtpDateMask;
    const std::string_view rationale = ri ? ed_.str(t.rationales[ri - 1]) : std::string_view();
    Severity sev = mod == 1 && by == Bypass::kEmOther ? Severity::kWarning : Severity::kError;
    std::string extra;
    if (!ch.in_range && ch.previous) {
      int64_t prev = PtpRow(*ch.previous, static_cast<uint16_t>(li_[col1].id), static_cast<uint16_t>(li_[col2].id), ch.previous->dataset->to);
      bool mod_ok = prev >= 0 && ((ch.previous->attr[static_cast<size_t>(prev)] & kPtpModMask) != 2);
      if (!mod_ok) {
        sev = Severity::kWarning;
        extra = " This pair is not in the " + ch.previous->dataset->label + " edition, so it was added between " +
                ch.previous->dataset->version + " and " + t.dataset->version + "; whether it applied on " + D(dos) + " cannot be told from the loaded data.";
      } else {
        extra = " The pair is also in the " + ch.previous->dataset->label + " edition, so it was in force throughout.";
      }
    }
    const std::string date = D(dos);
    std::string& msg = Cat(scratch_.msg, "column 1 ", c1, " (line ", col1 + 1, ") and column 2 ", c2, " (line ", col2 + 1,
                           ") are an NCCI PTP pair on ", date, ": ", c2, " is not paid with ", c1, " on the same date");
    if (!rationale.empty()) Append(msg, " (rationale: "), Append(msg, rationale), Append(msg, ')');
    if (di) Append(msg, "; the edit is in force through "), Append(msg, D(t.dates[di - 1]));
    Append(msg, extra);
    std::string& action = scratch_.act;
    const std::string_view shown_how = how.starts_with("em:") ? std::string_view(how).substr(3)
                                       : how.starts_with("same-site:") ? std::string_view(how).substr(10)
                                                                       : std::string_view(how);
    if (mod == 0) {
      Cat(action, "modifier indicator 0: no modifier bypasses this pair; remove ", c2, " unless the payer says otherwise");
      if (bypass) Append(action, " (the modifier "), Append(action, shown_how), Append(action, " on the claim does not help)");
    } else if (li_[col1].em || li_[col2].em) {
      Cat(action, "indicator 1: for a significant, separately identifiable E/M service on the day of a procedure, append modifier 25 "
                  "(57 for the decision for major surgery) to the E/M code");
      if (by == Bypass::kEmOther) {
        Append(action, "; "), Append(action, shown_how),
            Append(action, " may pass the edit, but NCCI policy does not use 59, X{EPSU} or anatomic modifiers for E/M services");
      }
    } else {
      Cat(action, "modifier 59 or XE/XS/XP/XU may bypass this pair when the services were distinct (different session, site, organ "
                  "system, incision or encounter); indicator 1");
      if (how.starts_with("same-site:")) Append(action, "; the same anatomic modifier ("), Append(action, shown_how), Append(action, ") on both lines does not");
    }
    Add(Kind::kNcciPtp, sev, {L(std::min(col1, col2)), L(std::max(col1, col2))}, {c1, c2}, msg, action, t.dataset->label,
        Cat(scratch_.rule, "PTP ", c1, '/', c2, ", modifier indicator ", mod), dos);
  }

  // ---- MUE
  void Mue() {
    if (!ed_.Mue(c_.setting)) return;
    struct Group {  // the lines of one code and date of service (listed only for a finding)
      uint16_t code;
      uint32_t dos;
      double units = 0;
      const MueRec* rec;
      const EditSet::MueTable* table;
    };
    thread_local std::vector<Group> groups;  // scratch, reused claim after claim
    groups.clear();
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      if (!li_[i].code_ok || !li_[i].dos) continue;
      const auto* t = ed_.Mue(c_.setting, li_[i].dos);  // the edition in force on the line's date
      UseData(t->dataset, L(i), li_[i].dos);
      if (li_[i].id < 0) continue;
      const auto& pos = k_.mue_pos_[static_cast<int>(c_.setting)];
      const MueRec* r = pos.empty() || t != k_.mue_table_[static_cast<int>(c_.setting)] ? ed_.FindMue(*t, static_cast<uint16_t>(li_[i].id))
                        : pos[static_cast<size_t>(li_[i].id)] ? &t->recs[pos[static_cast<size_t>(li_[i].id)] - 1u] : nullptr;
      if (!r) continue;
      const double units = c_.lines[i].units;
      if (r->mai == 1) {
        if (units > r->value) MueFinding(*t, *r, {L(i)}, units, li_[i].dos, c_.lines[i].code);
        continue;
      }
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const Group& g) { return g.code == li_[i].id && g.dos == li_[i].dos; });
      if (it == groups.end()) {
        groups.push_back({static_cast<uint16_t>(li_[i].id), li_[i].dos, 0, r, t});
        it = groups.end() - 1;
      }
      it->units += units;
    }
    for (const auto& g : groups) {
      if (g.units <= g.rec->value) continue;
      std::vector<uint16_t> lines;  // the group's lines, in order (as it was built above)
      for (size_t i = 0; i < c_.lines.size(); ++i) {
        if (li_[i].code_ok && li_[i].dos == g.dos && li_[i].id == static_cast<int32_t>(g.code)) lines.push_back(L(i));
      }
      MueFinding(*g.table, *g.rec, std::move(lines), g.units, g.dos, ed_.CodeText(g.code));
    }
  }

  void MueFinding(const EditSet::MueTable& t, const MueRec& r, std::vector<uint16_t> lines, double units, uint32_t dos, const std::string& code) {
    std::string rationale = r.rationale < t.rationales.size() ? std::string(ed_.str(t.rationales[r.rationale])) : "";
    std::string msg;
    if (r.value == 0) {
      msg = code + " has an MUE of 0 in the " + SettingName(t.dataset->setting) + " setting: it is not payable as billed here (" +
            LineList(lines) + ", " + Num(units) + " unit" + (units == 1 ? "" : "s") + " on " + D(dos) + ")";
    } else if (r.mai == 1) {
      msg = LineList(lines) + ": " + Num(units) + " units of " + code + " exceed the MUE of " + std::to_string(r.value) + " per line on " + D(dos) +
            "; the whole line is denied";
    } else {
      msg = Num(units) + " units of " + code + " on " + D(dos) + " (" + LineList(lines) + ") exceed the MUE of " + std::to_string(r.value) +
            " per date of service; the units are summed across lines";
    }
    if (!rationale.empty()) msg += " (rationale: " + rationale + ")";
    std::string action;
    if (r.value == 0) action = "check the code and the setting (the service may belong on another kind of claim or is not covered)";
    else if (r.mai == 1) action = "MAI 1: report medically necessary units above the MUE on separate lines with an appropriate modifier (76, 77, 91, anatomic, or 59/XE/XS/XP/XU); each line is checked on its own";
    else if (r.mai == 2) action = "MAI 2: the limit is absolute (policy): bill at most " + std::to_string(r.value) + " units for the date; units above it are not payable, even on appeal";
    else action = "MAI 3: units above " + std::to_string(r.value) + " are denied; if they were medically necessary, appeal (redetermination) with the documentation";
    Add(Kind::kMue, Severity::kError, std::move(lines), {code}, msg, action, t.dataset->label,
        "MUE " + code + " = " + std::to_string(r.value) + ", " + MaiText(r.mai), dos);
  }

  const AocAddon* Addon(int32_t id) const {
    if (id < 0) return nullptr;
    if (k_.addon_pos_.empty()) return ed_.FindAddon(static_cast<uint16_t>(id));
    uint16_t p = k_.addon_pos_[static_cast<size_t>(id)];
    return p ? &ed_.aoc()->addons[p - 1u] : nullptr;
  }

  // ---- add-on codes
  void AddOns() {
    const auto* t = ed_.aoc();
    if (!t) return;
    for (size_t i = 0; i < c_.lines.size(); ++i) {
      if (!li_[i].code_ok || !li_[i].dos) continue;
      const uint32_t dos = li_[i].dos;
      UseData(t->dataset, L(i), dos);
      if (li_[i].id < 0) continue;
      const AocAddon* a = Addon(li_[i].id);
      if (!a || a->effective > dos || (a->end && a->end < dos)) continue;
      const std::string& code = c_.lines[i].code;
      auto in_force = [&](const AocPrimary& p) { return !(p.effective > dos || (p.end && p.end < dos)); };
      bool listed_found = false, any_primary = false;
      for (uint32_t k = a->primary_first; k < a->primary_first + a->primary_count && !listed_found; ++k) {
        const AocPrimary& p = t->primaries[k];
        if (!in_force(p)) continue;
        for (size_t j = 0; j < c_.lines.size(); ++j) {
          if (j != i && li_[j].dos == dos && li_[j].id == p.code) listed_found = true;
        }
      }
      if (a->type == 2) {
        for (size_t j = 0; j < c_.lines.size() && !any_primary; ++j) {
          if (j == i || li_[j].dos != dos || !li_[j].code_ok) continue;
          if (li_[j].id >= 0 && Addon(li_[j].id)) continue;  // another add-on is no primary
          any_primary = true;
        }
      }
      const bool fires = ((a->type == 1 || a->type == 3) && !listed_found) || (a->type == 2 && !any_primary);
      if (!fires) continue;  // the listed primaries are written out only for a finding
      std::vector<std::string> listed;
      size_t nlisted = 0;
      for (uint32_t k = a->primary_first; k < a->primary_first + a->primary_count; ++k) {
        const AocPrimary& p = t->primaries[k];
        if (!in_force(p)) continue;
        if (listed.size() < 8) listed.push_back(ed_.CodeText(p.code));
        ++nlisted;
      }
      std::string some = Join(listed) + (nlisted > listed.size() ? ", ... (" + std::to_string(nlisted) + " in all)" : "");
      std::string rule = "AOC type " + std::to_string(a->type) + " " + code;
      if (a->type == 1) {
        Add(Kind::kAddOnWithoutPrimary, Severity::kError, {L(i)}, {code},
            "line " + std::to_string(i + 1) + ": add-on code " + code + " is on the claim without one of its primary codes on " + D(dos) + " (" + some + ")",
            "report the primary procedure on the same claim and date (same practitioner), or remove the add-on code; type 1: only the listed primaries qualify",
            t->dataset->label, rule, dos);
      } else if (a->type == 3) {
        Add(Kind::kAddOnWithoutPrimary, Severity::kWarning, {L(i)}, {code},
            "line " + std::to_string(i + 1) + ": add-on code " + code + " is on the claim without any of the primary codes CMS lists for it on " + D(dos) +
                (nlisted ? " (" + some + ")" : ""),
            "type 3: your MAC may accept other primary codes; check its policy, or report a listed primary", t->dataset->label, rule, dos);
      } else {
        Add(Kind::kAddOnWithoutPrimary, Severity::kWarning, {L(i)}, {code},
            "line " + std::to_string(i + 1) + ": add-on code " + code + " has no primary procedure on the claim on " + D(dos),
            "type 2: CMS lists no primaries; report the primary procedure performed by the same practitioner on the same date",
            t->dataset->label, rule, dos);
      }
    }
  }

  // ---- dates of service outside the loaded data
  void Ranges() {
    if (range_.empty()) return;
    thread_local std::vector<uint32_t> dates;  // scratch, reused claim after claim
    thread_local std::vector<uint16_t> lines;
    for (const auto& ds : ed_.datasets()) {
      dates.clear();
      lines.clear();
      for (const auto& u : range_) {
        if (u.dataset != ds.index) continue;
        if (std::find(dates.begin(), dates.end(), u.date) == dates.end()) dates.push_back(u.date);
        if (u.line && std::find(lines.begin(), lines.end(), u.line) == lines.end()) lines.push_back(u.line);
      }
      if (dates.empty()) continue;
      std::sort(dates.begin(), dates.end());
      std::sort(lines.begin(), lines.end());
      // The same notice repeats on claim after claim: built once per data set and date.
      struct Cached {
        uint64_t checker = 0;  // 0: an empty slot (serials start at 1)
        uint32_t dataset = 0, date = 0;
        Kind kind = Kind::kDataCoverage;
        std::string message, action;
      };
      // Direct-mapped by data set and date: one probe, however many dates a batch has.
      thread_local std::vector<Cached> cache(kNoticeSlots);
      const size_t slot = (static_cast<size_t>(ds.index) * 0x9E3779B1u + dates[0]) % kNoticeSlots;
      const Cached* hit = nullptr;
      if (dates.size() == 1) {
        const Cached& c = cache[slot];
        if (c.checker == k_.serial_ && c.dataset == ds.index && c.date == dates[0]) hit = &c;
      }
      Cached made;
      if (!hit) {
        std::vector<std::string> ds_text;
        for (uint32_t d : dates) ds_text.push_back(D(d));
        std::string span = ds.from && ds.to ? D(ds.from) + " to " + D(ds.to) : ds.to ? "through " + D(ds.to) : "from " + D(ds.from);
        std::string consequence;
        const char* family = "";
        // Filed under its own kind: a program filtering by an edit's kind sees only edits that fired.
        made.kind = Kind::kDataCoverage;
        bool quarterly = true;
        switch (ds.kind) {
          case DatasetKind::kMue: family = "NCCI MUE"; consequence = "units were checked against it; MUE values may differ on that date"; break;
          case DatasetKind::kPtp:
            family = "NCCI PTP";
            consequence = (ds.flags & kDatasetHasDeletionDates)
                              ? "pairs were checked against it with their deletion dates; it has no effective dates, so edits added after that date may be included, and later changes are not known"
                              : "pairs were checked against it; edits added or deleted between then and the date of service are not known";
            break;
          case DatasetKind::kAoc: family = "NCCI add-on code"; consequence = "add-on codes were checked with its effective dates; edits that ended before it are not in it"; break;
          case DatasetKind::kMce: family = "MCE"; quarterly = false; consequence = "the diagnoses were checked against its lists; they may differ for that date"; break;
          case DatasetKind::kModifiers: family = "HCPCS modifier"; consequence = "modifiers added after it are not known"; break;
          case DatasetKind::kPos: family = "place of service"; quarterly = false; consequence = "place of service codes may differ"; break;
        }
        made.message = "the date of service " + Join(ds_text) + " is outside the " + ds.label + " data loaded here (" + span + "): " + consequence +
                       (ds.note.empty() ? "" : " (" + ds.note + ")");
        // The edition in force: CMS publishes the NCCI and HCPCS files each calendar quarter.
        const uint32_t last = dates.back();
        const std::string wanted = quarterly ? std::string(family) + " " + std::to_string(last / 10000) + "Q" +
                                                   std::to_string((last / 100 % 100 - 1) / 3 + 1) + " edition"
                                             : std::string("the ") + family + " edition in force on " + D(last);
        const bool ncci = ds.kind == DatasetKind::kMue || ds.kind == DatasetKind::kPtp || ds.kind == DatasetKind::kAoc;
        made.action = "for a final check, load the " + wanted + " (from CMS) with the project's importer (" +
                      (ncci ? "the page's Load updates view, or coder-import --load FILE --base EDITS" : "coder-import, a manifest entry naming the file") +
                      ") and check again";
        if (dates.size() == 1) {
          made.checker = k_.serial_;
          made.dataset = ds.index;
          made.date = dates[0];
          cache[slot] = std::move(made);
          hit = &cache[slot];
        } else {
          hit = &made;
        }
      }
      Add(hit->kind, ds.kind == DatasetKind::kModifiers ? Severity::kInfo : Severity::kWarning, lines, {}, hit->message,
          hit->action, ds.label, "data-range", dates.front());
    }
  }

  void Finish() {
    // Errors, then warnings, then notes; by first line within each (stable; in place).
    auto before = [](const Finding& a, const Finding& b) {
      if (a.severity != b.severity) return a.severity < b.severity;
      uint16_t la = a.lines.empty() ? 0 : a.lines.front(), lb = b.lines.empty() ? 0 : b.lines.front();
      return la < lb;
    };
    auto& f = out_.findings;
    for (size_t i = 1; i < f.size(); ++i) {
      for (size_t j = i; j > 0 && before(f[j], f[j - 1]); --j) std::swap(f[j], f[j - 1]);
    }
    out_.errors = out_.warnings = out_.infos = 0;
    for (const auto& finding : out_.findings) {
      if (finding.severity == Severity::kError) ++out_.errors;
      else if (finding.severity == Severity::kWarning) ++out_.warnings;
      else ++out_.infos;
    }
  }

  const Checker& k_;
  const CodeSet& icd_;
  const EditSet& ed_;
  const Claim& c_;
  ClaimResult& out_;
  std::vector<Finding>& spare_;
  // Per-claim state in storage reused claim after claim on this thread (cleared by the constructor).
  struct Scratch {
    std::vector<LineInfo> li;
    std::vector<DxInfo> dx;
    std::vector<RangeUse> range;
    std::vector<std::pair<size_t, size_t>> excl;
    std::string msg, act, rule;  // a finding's texts, built with Cat
  };
  static Scratch& Mine() {
    thread_local Scratch s;
    return s;
  }
  Scratch& scratch_ = Mine();
  std::vector<LineInfo>& li_ = scratch_.li;
  std::vector<DxInfo>& dx_ = scratch_.dx;
  std::vector<RangeUse>& range_ = scratch_.range;
  std::vector<std::pair<size_t, size_t>>& excl_ = scratch_.excl;
  uint32_t dx_date_ = 0;
  int age_ = -1;
};

void Checker::Check(const Claim& claim, ClaimResult& out) const {
  // The previous claim's findings become spare storage for this one's (see Run::Add).
  thread_local std::vector<Finding> spare;
  for (auto& f : out.findings) {
    if (spare.size() >= kSpareFindings) break;
    spare.push_back(std::move(f));
  }
  out.findings.clear();
  Run(*this, claim, out, spare).Go();
}

ClaimResult Checker::Check(const Claim& claim) const {
  ClaimResult r;
  Check(claim, r);
  return r;
}

}  // namespace medcode::claims
