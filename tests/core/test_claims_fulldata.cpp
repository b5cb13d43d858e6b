// The real claim-edits import (codesets/manifest.json entry edits-2026) and claims checked
// against it with the real ICD-10-CM FY2026 code set. Runs only when the real inputs are
// present at $CODESETS_DIR (default ../shared/codesets); otherwise every test is skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "fixture.h"
#include "medcode/claims.h"
#include "medcode/edits.h"
#include "user_files.h"
#include "util.h"

namespace {

using namespace medcode;
using nlohmann::json;

std::string CodesetsDir() {
  const char* env = std::getenv("CODESETS_DIR");
  return env && *env ? env : MEDCODE_REAL_CODESETS_DIR;
}

json RealEntry(const std::string& id) {
  auto text = import::ReadFile(std::string(MEDCODE_SOURCE_DIR) + "/codesets/manifest.json");
  if (!text) return {};
  auto m = json::parse(*text, nullptr, false);
  if (m.is_discarded() || !m.contains("codesets")) return {};
  for (const auto& e : m["codesets"]) {
    if (e.value("id", "") == id) return e;
  }
  return {};
}

class ClaimsFullData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* id : {"icd10cm-2027", "edits-2026"}) {
      json e = RealEntry(id);
      if (e.is_null()) {
        skip_ = std::string("codesets/manifest.json has no ") + id + " entry";
        return;
      }
      for (const auto& in : e["inputs"]) {
        std::string p = in["path"].get<std::string>();
        if (p.starts_with("project:")) continue;
        if (!std::filesystem::exists(CodesetsDir() + "/" + p)) {
          skip_ = "real code-set files not found (" + CodesetsDir() + "/" + p + "); set CODESETS_DIR";
          return;
        }
      }
    }
    import::Report icd_rep;
    auto icd = import::ImportEntry(RealEntry("icd10cm-2027"), CodesetsDir(), icd_rep, std::string(MEDCODE_SOURCE_DIR) + "/codesets");
    report_ = new import::Report();
    auto ed = import::ImportEntry(RealEntry("edits-2026"), CodesetsDir(), *report_);
    if (!icd || !ed) {
      error_ = !icd ? icd.error().message : ed.error().message;
      return;
    }
    icd_bytes_ = new fx::Aligned(*icd);
    ed_bytes_ = new fx::Aligned(*ed);
    auto cs = CodeSet::Open(icd_bytes_->span());
    auto es = EditSet::Open(ed_bytes_->span());
    if (!cs || !es) {
      error_ = !cs ? cs.error().message : es.error().message;
      return;
    }
    icd_ = new CodeSet(std::move(*cs));
    edits_ = new EditSet(std::move(*es));
    checker_ = new claims::Checker(*icd_, *edits_, {20260915});
  }
  void SetUp() override {
    if (!skip_.empty()) {
      std::printf("MEDCODE_FULLDATA_SKIPPED: %s\n", skip_.c_str());
      GTEST_SKIP() << skip_;
    }
    ASSERT_TRUE(error_.empty()) << error_;
  }
  static claims::ClaimResult Check(const std::string& text) { return checker_->Check(claims::ParseJson(text).at(0)); }
  static bool Has(const claims::ClaimResult& r, claims::Kind k) {
    for (const auto& f : r.findings) {
      if (f.kind == k && f.rule != "data-range") return true;
    }
    return false;
  }

  static inline std::string skip_, error_;
  static inline import::Report* report_ = nullptr;
  static inline fx::Aligned *icd_bytes_ = nullptr, *ed_bytes_ = nullptr;
  static inline CodeSet* icd_ = nullptr;
  static inline EditSet* edits_ = nullptr;
  static inline claims::Checker* checker_ = nullptr;
};

TEST_F(ClaimsFullData, ImporterReportCountsEveryInput) {
  auto& c = report_->counts;
  EXPECT_EQ(c["NCCI MUE practitioner 2026Q2: codes"], 15095);
  EXPECT_EQ(c["NCCI MUE outpatient hospital 2026Q2: codes"], 15045);
  EXPECT_EQ(c["NCCI MUE DME supplier 2026Q2: codes"], 3083);
  EXPECT_EQ(c["NCCI PTP practitioner 2026Q3: pairs"], 1728585);
  EXPECT_EQ(c["NCCI PTP practitioner 2026Q3: modifier_0"], 511751);
  EXPECT_EQ(c["NCCI PTP practitioner 2026Q3: modifier_1"], 1216834);
  EXPECT_EQ(c["NCCI PTP practitioner 2024Q3: rows"], 2546017);
  EXPECT_EQ(c["NCCI PTP practitioner 2024Q3: deleted_rows"], 876197);
  EXPECT_EQ(c["NCCI PTP practitioner 2024Q3: rationales"], 12);
  EXPECT_EQ(c["NCCI PTP outpatient hospital 2024Q3: rows"], 1775818);
  EXPECT_EQ(c["NCCI add-on code edits 2026Q3: rows"], 7743);
  EXPECT_EQ(c["NCCI add-on code edits 2026Q3: add_on_codes"], 723);
  EXPECT_EQ(c["MCE v43.1: age_newborn"], 42);
  EXPECT_EQ(c["MCE v43.1: age_pediatric"], 125);
  EXPECT_EQ(c["MCE v43.1: age_maternity"], 2543);
  EXPECT_EQ(c["MCE v43.1: age_adult"], 856);
  EXPECT_EQ(c["MCE v43.1: manifestation"], 422);
  EXPECT_EQ(c["MCE v43.1: unacceptable_principal"], 2652);
  EXPECT_EQ(c["MCE v43.1: unacceptable_principal_removed_by_this_version"], 5);
  EXPECT_EQ(c["CMS place of service codes: codes"], 51);
  EXPECT_EQ(c["HCPCS Level II modifiers October 2025: modifiers"], 383);
  EXPECT_EQ(report_->skipped_by_reason.size(), 1u);  // only: POS 27 is missing from the older cross-check list
}

TEST_F(ClaimsFullData, TablesFitTheMemoryTarget) {
  size_t tables = 0;
  for (const auto& s : edits_->section_sizes()) tables += s.bytes;
  EXPECT_LE(tables + checker_->extra_bytes(), 40u << 20);
  EXPECT_EQ(checker_->mce_codes_missing(), 0) << "every MCE-listed code is in ICD-10-CM FY2026";
}

TEST_F(ClaimsFullData, RealEditsFireAndBypass) {
  const std::string base = R"("date_of_service":"2026-07-15","place_of_service":"11","billing_npi":"1234567893",
    "patient":{"birth_date":"1960-03-15","sex":"F"},"diagnoses":["M17.11","E11.9"],)";
  // 20610 (column 1) / 99214 (column 2), modifier indicator 1.
  auto r = Check("{" + base + R"("lines":[{"code":"99214","units":1,"dx_pointers":["A"]},{"code":"20610","units":1,"dx_pointers":["A"]}]})");
  EXPECT_TRUE(Has(r, claims::Kind::kNcciPtp));
  r = Check("{" + base + R"("lines":[{"code":"99214","modifiers":["25"],"units":1,"dx_pointers":["A"]},{"code":"20610","units":1,"dx_pointers":["A"]}]})");
  EXPECT_FALSE(Has(r, claims::Kind::kNcciPtp));
  // 64484 without 64483: an add-on without its primary.
  r = Check("{" + base + R"("lines":[{"code":"64484","units":1,"dx_pointers":["A"]}]})");
  EXPECT_TRUE(Has(r, claims::Kind::kAddOnWithoutPrimary));
  r = Check("{" + base + R"("lines":[{"code":"64483","units":1,"dx_pointers":["A"]},{"code":"64484","units":1,"dx_pointers":["A"]}]})");
  EXPECT_FALSE(Has(r, claims::Kind::kAddOnWithoutPrimary));
  // Newborn, maternity and manifestation lists; Excludes1 from the FY2026 notes.
  r = Check(R"({"date_of_service":"2026-07-15","place_of_service":"11","billing_npi":"1234567893","patient":{"age":40},
    "diagnoses":["F02.80","Z00.110","E11.9","E10.9"],"lines":[{"code":"99214","units":1,"dx_pointers":["A","B","C","D"]}]})");
  EXPECT_TRUE(Has(r, claims::Kind::kManifestationFirst));
  EXPECT_TRUE(Has(r, claims::Kind::kAge));
  EXPECT_TRUE(Has(r, claims::Kind::kExcludes1));
}

// FY2027 is in force for 2026-12-01: its codes pass, with no code-year finding, and no
// finding is filed under an edit kind that did not fire (dates outside the loaded edits are
// data-coverage). A claim straddling 2026-10-01 checks each line against its own year.
TEST_F(ClaimsFullData, CodeYearByLineDate) {
  claims::Checker k(*icd_, *edits_, {20261204});
  auto check = [&](const std::string& text) { return k.Check(claims::ParseJson(text).at(0)); };
  const std::string head = R"("place_of_service":"11","billing_npi":"1234567893","patient":{"birth_date":"1960-03-15","sex":"F"},)";
  auto r = check("{" + head + R"("date_of_service":"2026-12-01","diagnoses":["I42.00","E11.9"],
    "lines":[{"code":"99213","units":1,"dx_pointers":["A","B"]}]})");
  for (const auto& f : r.findings) {
    EXPECT_NE(f.kind, claims::Kind::kCodeYear) << f.message;
    EXPECT_NE(f.kind, claims::Kind::kMue) << f.message;
    EXPECT_NE(f.kind, claims::Kind::kNcciPtp) << f.message;
    EXPECT_NE(f.kind, claims::Kind::kAddOnWithoutPrimary) << f.message;
  }
  bool coverage = false;
  for (const auto& f : r.findings) coverage = coverage || f.kind == claims::Kind::kDataCoverage;
  EXPECT_TRUE(coverage);  // MUE 2026Q2 and the rest do not cover 2026-12-01: said once each
  // I42.0 was billable through 2026-09-30: line 1 (September) is fine, line 2 (December) is not.
  r = check("{" + head + R"("diagnoses":["I42.0"],"lines":[
    {"code":"99213","units":1,"dx_pointers":["A"],"date_of_service":"2026-09-15"},
    {"code":"99213","units":1,"dx_pointers":["A"],"date_of_service":"2026-10-15"}]})");
  std::vector<const claims::Finding*> year;
  for (const auto& f : r.findings) if (f.kind == claims::Kind::kHeaderCode) year.push_back(&f);
  ASSERT_EQ(year.size(), 1u);
  EXPECT_EQ(year[0]->lines, std::vector<uint16_t>{2});
  EXPECT_NE(year[0]->action.find("I42.00"), std::string::npos) << year[0]->action;
  // Deleted in FY2027: a code-year error naming its replacement; fine for a FY2026 date.
  r = check("{" + head + R"("date_of_service":"2026-11-02","diagnoses":["T52.8X1A"],
    "lines":[{"code":"99213","units":1,"dx_pointers":["A"]}]})");
  bool deleted = false;
  for (const auto& f : r.findings) {
    if (f.kind == claims::Kind::kCodeYear && f.message.find("deleted") != std::string::npos) {
      deleted = f.action.find("T52.811A") != std::string::npos;
    }
  }
  EXPECT_TRUE(deleted);
  r = check("{" + head + R"("date_of_service":"2026-08-03","diagnoses":["T52.8X1A"],
    "lines":[{"code":"99213","units":1,"dx_pointers":["A"]}]})");
  for (const auto& f : r.findings) EXPECT_NE(f.kind, claims::Kind::kCodeYear) << f.message;
}


// ---- Updates a clinic loads itself (codesets/importer/user_files.h) on the official files.

std::vector<import::UserFile> OfficialMue() {
  std::vector<import::UserFile> files;
  const json entry = RealEntry("edits-2026");
  for (const auto& in : entry["inputs"]) {
    if (in.value("role", "") != "mue") continue;
    auto b = import::ReadFile(CodesetsDir() + "/" + in["path"].get<std::string>());
    if (b) files.push_back({in["name"].get<std::string>(), std::move(*b)});
  }
  return files;
}

// The official MUE CSVs through the user path (recognised by content, dated by their CMS
// names) give the manifest path's tables, row for row.
TEST_F(ClaimsFullData, OfficialMueThroughTheUserPathEqualsTheManifestTables) {
  auto files = OfficialMue();
  ASSERT_EQ(files.size(), 3u);
  import::LoadOptions o;
  o.loaded_on = "2026-12-05";
  auto r = import::LoadUserFiles(files, o);
  ASSERT_TRUE(r) << r.error().message;
  fx::Aligned a(r->bytes);
  auto es = EditSet::Open(a.span());
  ASSERT_TRUE(es) << es.error().message;
  for (auto s : {edits_format::Setting::kPractitioner, edits_format::Setting::kOutpatientHospital, edits_format::Setting::kDmeSupplier}) {
    const auto* mine = es->Mue(s);
    const auto* shipped = edits_->Mue(s);
    ASSERT_TRUE(mine && shipped) << SettingName(s);
    EXPECT_EQ(mine->dataset->from, shipped->dataset->from);
    EXPECT_EQ(mine->dataset->to, shipped->dataset->to);
    EXPECT_EQ(mine->dataset->version, shipped->dataset->version);
    ASSERT_EQ(mine->recs.size(), shipped->recs.size()) << SettingName(s);
    for (size_t i = 0; i < mine->recs.size(); ++i) {
      const auto &x = mine->recs[i], &y = shipped->recs[i];
      ASSERT_EQ(es->CodeText(x.code), edits_->CodeText(y.code));
      ASSERT_EQ(x.value, y.value);
      ASSERT_EQ(x.mai, y.mai);
      ASSERT_EQ(es->str(mine->rationales[x.rationale]), edits_->str(shipped->rationales[y.rationale]));
    }
  }
}

// A quarter added to the real shipped file: every shipped table reads as before, and the
// date of service picks the edition.
TEST_F(ClaimsFullData, LoadedQuarterBesideTheShippedEditions) {
  auto files = OfficialMue();
  files.resize(1);  // the practitioner table, loaded as if it were 2026 Q4
  import::LoadOptions o;
  o.loaded_on = "2026-12-05";
  o.effective_from = "2026-10-01";
  o.base.assign(reinterpret_cast<const char*>(ed_bytes_->data()), ed_bytes_->size());
  auto r = import::LoadUserFiles(files, o);
  ASSERT_TRUE(r) << r.error().message;
  fx::Aligned a(r->bytes);
  auto es = EditSet::Open(a.span());
  ASSERT_TRUE(es) << es.error().message;
  ASSERT_EQ(es->datasets().size(), edits_->datasets().size() + 1);
  ASSERT_EQ(es->ptp_tables().size(), edits_->ptp_tables().size());
  for (size_t t = 0; t < es->ptp_tables().size(); ++t) {
    EXPECT_EQ(es->ptp_tables()[t].column2.size(), edits_->ptp_tables()[t].column2.size());
    EXPECT_EQ(es->ptp_tables()[t].dataset->label, edits_->ptp_tables()[t].dataset->label);
  }
  EXPECT_EQ(es->aoc()->addons.size(), edits_->aoc()->addons.size());
  EXPECT_EQ(es->aoc()->primaries.size(), edits_->aoc()->primaries.size());
  EXPECT_EQ(es->mce()->recs.size(), edits_->mce()->recs.size());
  EXPECT_EQ(es->modifiers()->recs.size(), edits_->modifiers()->recs.size());
  EXPECT_EQ(es->Mue(edits_format::Setting::kPractitioner, 20260515)->dataset->version, "2026Q2");
  EXPECT_EQ(es->Mue(edits_format::Setting::kPractitioner, 20261102)->dataset->from, 20261001u);
  // The base read back and written again answers PTP pairs as the shipped file does.
  const auto& shipped = edits_->ptp_tables()[0];
  const auto& again = es->ptp_tables()[0];
  for (uint32_t c1 = 0; c1 < edits_->code_count(); c1 += 97) {
    for (uint32_t e = shipped.row_first[c1]; e < shipped.row_first[c1 + 1]; ++e) {
      int32_t n1 = es->CodeId(edits_->CodeText(static_cast<uint16_t>(c1))), n2 = es->CodeId(edits_->CodeText(shipped.column2[e]));
      ASSERT_TRUE(n1 >= 0 && n2 >= 0);
      auto [f, l] = es->FindPtp(again, static_cast<uint16_t>(n1), static_cast<uint16_t>(n2));
      ASSERT_GT(l, f);
      EXPECT_EQ(again.attr[f] & edits_format::kPtpModMask, shipped.attr[e] & edits_format::kPtpModMask);
    }
  }
  std::printf("loaded quarter added to the shipped claim edits: %zu -> %zu bytes\n", ed_bytes_->size(), r->bytes.size());
}

// The official HCPCS workbook through the user path: the same codes, modifiers and counts as
// the manifest path (the files differ only in their label, provenance and input kind).
TEST_F(ClaimsFullData, OfficialHcpcsWorkbookThroughTheUserPath) {
  json e = RealEntry("hcpcs-2025q4");
  ASSERT_FALSE(e.is_null());
  const json& in = e["inputs"][0];
  auto bytes = import::ReadFile(CodesetsDir() + "/" + in["path"].get<std::string>());
  ASSERT_TRUE(bytes);
  import::Report rep;
  auto manifest = import::ImportEntry(e, CodesetsDir(), rep, std::string(MEDCODE_SOURCE_DIR) + "/codesets");
  ASSERT_TRUE(manifest) << manifest.error().message;
  import::LoadOptions o;
  o.loaded_on = "2026-12-05";
  auto r = import::LoadUserFiles({{in["name"].get<std::string>(), *bytes}}, o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->report["effective_from"], e["effective_from"]);
  EXPECT_EQ(r->report["effective_to"], e["effective_to"]);
  EXPECT_EQ(r->report["counts"], rep.ToJson()["counts"]);
  fx::Aligned a(r->bytes), b(*manifest);
  auto mine = CodeSet::Open(a.span());
  auto shipped = CodeSet::Open(b.span());
  ASSERT_TRUE(mine && shipped);
  ASSERT_EQ(mine->size(), shipped->size());
  EXPECT_NE(mine->meta().provenance.find("user-loaded: HCPC2025_OCT_ANWEB_v4.xlsx (sha256 " + in["sha256"].get<std::string>() + ")"),
            std::string::npos);
}

}  // namespace
