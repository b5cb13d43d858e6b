// Claim pre-checks: a professional claim (CMS-1500 / 837P content) checked against the
// ICD-10-CM code set (lookup.h) and the claim-edits file (edits.h): NCCI PTP, MUE and
// add-on code edits, MCE diagnosis lists, place of service, modifiers, NPI check digits,
// diagnosis pointers, dates and claim limits. Every finding names its kind, severity,
// the lines and codes involved, what to do, and the data set (and version) behind it.
//
// Input: JSON (one claim or an array), NDJSON (one claim per line) or CSV (one row per
// service line, see README "Claim pre-checks"). Parsing never fails a batch: a malformed
// claim becomes a claim with `syntax` findings (with the field's path), and the rest of it
// is still checked where it can be.
//
//   medcode::claims::Checker checker(icd, edits);          // both must outlive the checker
//   std::vector<medcode::claims::Claim> claims = medcode::claims::ParseJson(text);
//   medcode::claims::ClaimResult r = checker.Check(claims[0]);
//   std::string json = medcode::claims::ResultJson(r);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/edits.h"

namespace medcode::claims {

enum class Severity : uint8_t { kError = 0, kWarning = 1, kInfo = 2 };

enum class Kind : uint8_t {
  kSyntax,
  kInvalidCode,
  kHeaderCode,
  kSeventhCharacter,
  kCodeYear,
  kAge,
  kSex,
  kManifestationFirst,
  kExternalCauseFirst,
  kUnacceptablePrincipal,
  kExcludes1,
  kNcciPtp,
  kMue,
  kAddOnWithoutPrimary,
  kDxPointer,
  kNpi,
  kModifier,
  kPlaceOfService,
  kDuplicateLine,
  kClaimLimits,
  kDate,
  kDataCoverage,  // a date of service outside a loaded data set (MUE, PTP, add-on, MCE, ...): once per data set
};
inline constexpr int kKindCount = static_cast<int>(Kind::kDataCoverage) + 1;

const char* KindName(Kind k);          // "syntax", "invalid-code", ..., "date", "data-coverage"
const char* SeverityName(Severity s);  // "error", "warning", "info"

struct Finding {
  Kind kind = Kind::kSyntax;
  Severity severity = Severity::kError;
  std::vector<uint16_t> lines;     // 1-based service lines; empty = the claim
  std::vector<std::string> codes;  // codes involved (ICD-10-CM dotted)
  std::string message;             // what is wrong, with the date of service
  std::string action;              // what a coder can do
  std::string source;              // data set and version ("NCCI PTP practitioner 2026Q3")
  std::string rule;                // which rule fired ("PTP 99214/96372, modifier indicator 1")
  std::string path;                // syntax: the field ("lines[2].units"); else ""
  uint32_t date = 0;               // date of service it applies to (YYYYMMDD), 0 = none
};

// A date as given: the text and, when it is a valid date, its value.
struct DateField {
  std::string text;    // as given ("" = absent)
  uint32_t value = 0;  // YYYYMMDD, 0 if absent or not a date
  bool given() const { return !text.empty(); }
};

struct Line {
  std::string code;                    // upper case, trimmed
  std::vector<std::string> modifiers;  // upper case
  double units = 1;
  bool units_given = false;
  std::vector<int> pointers;           // 0-based diagnosis index; -1 = not a pointer
  std::vector<std::string> bad_pointers;  // the text of each -1 in pointers, in order
  DateField date_of_service;           // absent: the claim's
  std::string place_of_service;        // "" = the claim's
  double charge = 0;
  bool charge_given = false;
};

struct Claim {
  std::string claim_id;
  bool has_claim_id = false;
  DateField birth_date;
  int age = -1;                        // "patient.age" in years when given, else -1
  char sex = 0;                        // 'F', 'M', 'U' or 0 = not given
  DateField date_of_service;
  std::string place_of_service;
  std::string billing_npi, rendering_npi;
  edits_format::Setting setting = edits_format::Setting::kPractitioner;
  std::vector<std::string> diagnoses;  // as given (dotted or not)
  std::vector<Line> lines;
  std::vector<Finding> findings;       // from parsing (syntax; unknown fields)
  bool unreadable = false;             // not even an object: only the findings above
  size_t input_index = 0;              // position in the input (0-based)
  size_t input_line = 0;               // NDJSON/CSV: 1-based line where it starts, 0 = n/a
};

struct ClaimResult {
  std::string claim_id;
  bool has_claim_id = false;
  size_t input_index = 0;
  std::vector<Finding> findings;  // errors first, then warnings, then info; by line within each
  int errors = 0, warnings = 0, infos = 0;
};

struct Options {
  uint32_t today = 0;  // YYYYMMDD for "date in the future" and timely filing; 0 = the system clock (UTC)
};

class Checker {
 public:
  Checker(const CodeSet& icd, const EditSet& edits, Options options = {});
  ClaimResult Check(const Claim& claim) const;
  void Check(const Claim& claim, ClaimResult& out) const;  // reuses out's storage

  // Memory the checker adds on top of the two files (per-diagnosis-code flags).
  size_t extra_bytes() const;
  const CodeSet& icd() const { return icd_; }
  const EditSet& edits() const { return edits_; }
  uint32_t today() const { return today_; }
  int mce_codes_missing() const { return mce_missing_; }  // MCE-listed codes absent from the code set

 private:
  friend class Run;
  const CodeSet& icd_;
  const EditSet& edits_;
  uint32_t today_;
  uint64_t serial_ = 0;             // tells checkers apart in per-thread caches
  uint32_t icd_from_ = 0, icd_to_ = 0;
  // Open-addressing hash of the ICD-10-CM codes by their packed text: a slot holds what a
  // claim's diagnosis needs first (one cache line read per diagnosis).
  struct IcdSlot {
    uint64_t key = 0;    // PackCode of the undotted code; 0 = empty slot
    uint32_t index = 0;  // code index
    uint16_t flags = 0;  // MCE flags (low byte), sex
    uint16_t years = 0;  // bit y: in year y and billable there (years 0-15; later years are asked of the code set)
  };
  const IcdSlot* FindIcd(std::string_view undotted) const;  // fast exact lookup; nullptr = not a code
  // Start reading, from memory, the slot where FindIcd / EditsCodeId will look for the code
  // (random places in tables of 4 MB and 1 MB: a claim's lookups then overlap, not queue).
  void PrefetchIcd(std::string_view undotted) const;
  void PrefetchCode(std::string_view code) const;
  std::vector<IcdSlot> icd_slots_;
  int icd_shift_ = 64;
  // The claim-edits file's codes by their packed text (EditSet::CodeId with one probe).
  struct CodeSlot {
    uint64_t key = 0;  // PackCode; 0 = empty slot
    int32_t id = -1;
  };
  int32_t EditsCodeId(std::string_view code) const;
  std::vector<CodeSlot> code_slots_;
  int code_shift_ = 64;
  std::vector<uint8_t> section_sex_;
  // Excludes1 prefilter: which (letter, first digit < 5 or >= 5) buckets the Excludes1
  // ranges in force at a code can cover (own and inherited; sections and chapters apart).
  std::vector<uint64_t> excl_mask_, section_excl_mask_, chapter_excl_mask_;
  // Per edits code id: position + 1 of its MUE record in each setting's table, of its add-on record (0 = none).
  std::vector<uint16_t> mue_pos_[4];
  const EditSet::MueTable* mue_table_[4] = {};  // the table mue_pos_ points into, per setting
  std::vector<uint16_t> addon_pos_;
  int mce_missing_ = 0;             // MCE codes not in the ICD-10-CM code set
};

// ---- Input.
// JSON text: one claim object, an array of them, or a sequence of them (NDJSON). A value
// that is not valid JSON becomes an unreadable claim with a syntax finding (line:column);
// in NDJSON, reading resumes on the next line.
std::vector<Claim> ParseJson(std::string_view text);
// One JSON document (or one NDJSON line: one_value) -> one claim per object (arrays flatten).
// With one_value, anything after the first value is a syntax error of that line's claims.
void ParseJsonInto(std::string_view text, std::vector<Claim>& out, size_t first_line = 1, bool one_value = false);
// NDJSON: each non-blank line is one claim (or an array of claims).
std::vector<Claim> ParseNdjson(std::string_view text);
// CSV with a header row (see README): one row per service line, rows of one claim adjacent.
std::vector<Claim> ParseCsv(std::string_view text);

// A batch read a few claims at a time (bounded memory, progress): NDJSON line by line,
// CSV row by row, JSON parsed at once. The text must outlive the stream.
enum class InputFormat { kJson, kNdjson, kCsv };
class ClaimStream {
 public:
  ClaimStream(std::string_view text, InputFormat format);
  ~ClaimStream();
  ClaimStream(ClaimStream&&) noexcept;
  ClaimStream& operator=(ClaimStream&&) noexcept;
  // Appends up to max_claims claims in input order; returns how many (0 = done).
  size_t Next(std::vector<Claim>& out, size_t max_claims);
  bool done() const;
  size_t consumed() const;  // bytes of the text read so far
  size_t total() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- Output.
std::string ResultJson(const ClaimResult& r);                  // one line: {"claim_id", "findings": [...]}
std::string ResultText(const ClaimResult& r, const Claim* c);  // readable report for people
// CSV of findings (one row per finding) with a header row when header is true.
std::string FindingsCsv(const ClaimResult& r, bool header);

}  // namespace medcode::claims
