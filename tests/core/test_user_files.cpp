// Updates a clinic loads itself (codesets/importer/user_files.h): official CMS files,
// recognised by their content, compiled by the manifest path's importers. Fixtures in
// tests/fixtures/user-load (NCCI text and CSV layouts, invented values) and the HCPCS
// fixture workbook (tests/fixtures/hcpcs).
#include <gtest/gtest.h>

#include "claims_fixture.h"
#include "fixture.h"
#include "medcode/codeset.h"
#include "medcode/edits.h"
#include "medcode/claims.h"
#include "user_files.h"
#include "util.h"

namespace medcode {
namespace {

using import::LoadUserFiles;
using import::UserFile;
using namespace edits_format;

std::string Dir() { return fx::FixturesDir() + "/user-load"; }

UserFile File(const std::string& name, const std::string& dir = Dir()) {
  auto b = import::ReadFile(dir + "/" + name);
  EXPECT_TRUE(b) << name;
  return {name, b ? *b : std::string()};
}

import::LoadOptions On(const char* day) {
  import::LoadOptions o;
  o.loaded_on = day;
  return o;
}

TEST(UserFiles, RecognisesEachKindByContentNotName) {
  struct Case {
    const char* file;
    const char* kind;
    const char* setting;
  } cases[] = {{"MCR_MUE_PractitionerServices_Eff_10-01-2026.csv", "mue", "practitioner"},
               {"ccipra-v323r0-f1.txt", "ptp", "practitioner"},
               {"ccioph-v323r0-f1.txt", "ptp", "outpatient-hospital"},
               {"AOC_V2026Q4-F-MCR.txt", "aoc", ""}};
  for (const auto& c : cases) {
    UserFile f = File(c.file);
    f.name = "renamed.bin";  // the content decides the kind (the PTP setting is in the CMS name only)
    auto r = import::RecogniseUserFile(f);
    ASSERT_TRUE(r) << c.file << ": " << r.error().message;
    EXPECT_EQ(r->kind, c.kind) << c.file;
    if (r->kind != "ptp") {
      EXPECT_EQ(r->setting, c.setting) << c.file;
    }
    auto named = import::RecogniseUserFile(File(c.file));
    ASSERT_TRUE(named);
    EXPECT_EQ(named->setting, c.setting) << c.file;
  }
  auto x = import::RecogniseUserFile(File("HCPC_fixture.xlsx", fx::FixturesDir() + "/hcpcs"));
  ASSERT_TRUE(x) << x.error().message;
  EXPECT_EQ(x->kind, "hcpcs");
  auto order = import::RecogniseUserFile(File("fx_order.txt", fx::FixturesDir()));
  ASSERT_TRUE(order);
  EXPECT_EQ(order->kind, "icd10cm-order");
}

TEST(UserFiles, RefusesWhatItDoesNotKnowNamingTheFileAndTheProblem) {
  auto r = import::RecogniseUserFile(File("not-a-cms-file.txt"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not-a-cms-file.txt: not a file this loader knows"), std::string::npos) << r.error().message;
  auto empty = import::RecogniseUserFile({"empty.csv", ""});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "empty.csv: the file is empty");
  auto gz = import::RecogniseUserFile({"x.csv.gz", std::string("\x1f\x8b\x08\0\0\0", 6)});
  ASSERT_FALSE(gz);
  EXPECT_NE(gz.error().message.find("x.csv.gz: a compressed file"), std::string::npos);
  // A damaged workbook: the first half of the HCPCS fixture.
  UserFile x = File("HCPC_fixture.xlsx", fx::FixturesDir() + "/hcpcs");
  x.bytes.resize(x.bytes.size() / 2);
  auto bad = import::RecogniseUserFile(x);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("HCPC_fixture.xlsx: a zip archive that is not a readable workbook"), std::string::npos)
      << bad.error().message;
  // An ICD-10-CM order file is recognised, and refused without the code set to add its year to (said so).
  auto order = LoadUserFiles({File("fx_order.txt", fx::FixturesDir())}, On("2026-12-05"));
  ASSERT_FALSE(order);
  EXPECT_NE(order.error().message.find("fx_order.txt: an ICD-10-CM order file"), std::string::npos);
}

TEST(UserFiles, NcciFilesBecomeOneClaimEditsFileWithProvenance) {
  std::vector<UserFile> files = {File("ccipra-v323r0-f2.txt"), File("AOC_V2026Q4-F-MCR.txt"),
                                 File("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"), File("ccipra-v323r0-f1.txt"),
                                 File("ccioph-v323r0-f1.txt")};
  auto r = LoadUserFiles(files, On("2026-12-05"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->system, "CLAIM-EDITS");
  const auto& rep = r->report;
  EXPECT_EQ(rep["effective_from"], "2026-10-01");
  EXPECT_EQ(rep["effective_to"], "2026-12-31");
  ASSERT_EQ(rep["files"].size(), 5u);
  for (const auto& f : rep["files"]) {
    EXPECT_EQ(f["loaded"], "2026-12-05");
    EXPECT_EQ(f["sha256"].get<std::string>().size(), 64u);
    EXPECT_EQ(f["dates_from"], "file name");
  }
  fx::Aligned a(r->bytes);
  auto es = EditSet::Open(a.span());
  ASSERT_TRUE(es) << es.error().message;
  EXPECT_NE(es->meta().provenance.find("user-loaded: "), std::string::npos);
  EXPECT_NE(es->meta().provenance.find("ccipra-v323r0-f1.txt (sha256 "), std::string::npos);
  EXPECT_NE(es->meta().provenance.find("loaded 2026-12-05"), std::string::npos);
  for (const auto& in : es->meta().inputs) EXPECT_EQ(in.kind, "user-loaded");
  // MUE, PTP practitioner (two part files, one dataset), PTP outpatient hospital, add-on codes.
  ASSERT_EQ(es->datasets().size(), 4u);
  for (const auto& d : es->datasets()) {
    EXPECT_EQ(d.from, 20261001u) << d.label;
    EXPECT_EQ(d.to, 20261231u) << d.label;
  }
  const auto* mue = es->Mue(Setting::kPractitioner);
  ASSERT_NE(mue, nullptr);
  const MueRec* m = es->FindMue(*mue, static_cast<uint16_t>(es->CodeId("20610")));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->value, 1u);  // the fixture's new value (the shipped fixture says 2)
  ASSERT_EQ(es->ptp_tables().size(), 2u);
  const auto& prac = es->ptp_tables()[0].dataset->setting == Setting::kPractitioner ? es->ptp_tables()[0] : es->ptp_tables()[1];
  EXPECT_EQ(prac.dataset->setting, Setting::kPractitioner);
  nlohmann::json prac_counts;
  for (const auto& d : rep["datasets"]) {
    if (d["kind"] == "ptp" && d["setting"] == "practitioner") prac_counts = d["counts"];
  }
  // Both part files are in the one table: a pair of each.
  auto [a1, z1] = es->FindPtp(prac, static_cast<uint16_t>(es->CodeId("20610")), static_cast<uint16_t>(es->CodeId("99213")));
  EXPECT_EQ(z1 - a1, 1u);
  auto [a2, z2] = es->FindPtp(prac, static_cast<uint16_t>(es->CodeId("64484")), static_cast<uint16_t>(es->CodeId("64483")));
  EXPECT_EQ(z2 - a2, 1u);
  EXPECT_EQ(prac_counts["part_files"], 2);
  EXPECT_EQ(prac_counts["rows"], 6);
  EXPECT_EQ(prac_counts["deleted_rows"], 1);
  EXPECT_EQ(prac_counts["newest_effective_date"], "2026-10-01");
  EXPECT_EQ(rep["skipped_by_reason"]["PTP line that is not an edit (column 1, column 2, dates, modifier)"], 1);
  const AocAddon* add = es->FindAddon(static_cast<uint16_t>(es->CodeId("99417")));
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->primary_count, 2u);
  EXPECT_EQ(rep["skipped_by_reason"]["add-on code edit without codes, type 1-3 or valid dates"], 1);
}

TEST(UserFiles, TheSameFilesGiveTheSameBytes) {
  auto a = LoadUserFiles({File("ccipra-v323r0-f1.txt"), File("ccipra-v323r0-f2.txt")}, On("2026-12-05"));
  auto b = LoadUserFiles({File("ccipra-v323r0-f2.txt"), File("ccipra-v323r0-f1.txt")}, On("2026-12-05"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->bytes, b->bytes);  // part order does not matter
}

TEST(UserFiles, RefusesInconsistentSets) {
  auto mixed = LoadUserFiles({File("ccipra-v323r0-f1.txt"), File("ccipra-v330r0-f1.txt")}, On("2026-12-05"));
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("ccipra-v330r0-f1.txt: a PTP part file of release 2027Q1"), std::string::npos)
      << mixed.error().message;
  auto twice = LoadUserFiles({File("ccipra-v323r0-f1.txt"), File("ccipra-v323r0-f1.txt")}, On("2026-12-05"));
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("the same file as"), std::string::npos);
  // Edits effective after the last day of the release its name states.
  auto late = LoadUserFiles({File("ccipra-v322r0-f3.txt")}, On("2026-12-05"));
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("ccipra-v322r0-f3.txt: holds edits effective 2026-10-01, after the release's last day 2026-09-30"),
            std::string::npos)
      << late.error().message;
  // A PTP file without its CMS name needs its setting and dates.
  UserFile renamed = File("ccipra-v323r0-f1.txt");
  renamed.name = "ptp.txt";
  auto unnamed = LoadUserFiles({renamed}, On("2026-12-05"));
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message.find("ptp.txt: a PTP file whose name does not say its setting"), std::string::npos);
  import::LoadOptions o = On("2026-12-05");
  o.setting = "practitioner";
  auto no_dates = LoadUserFiles({renamed}, o);
  ASSERT_FALSE(no_dates);
  EXPECT_NE(no_dates.error().message.find("ptp.txt: the dates of this release are not in the file"), std::string::npos);
  o.effective_from = "2026-10-01";
  auto ok = LoadUserFiles({renamed}, o);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->report["files"][0]["dates_from"], "options");
  EXPECT_EQ(ok->report["effective_to"], "2026-12-31");
  // HCPCS is loaded on its own.
  auto both = LoadUserFiles({File("HCPC_fixture.xlsx", fx::FixturesDir() + "/hcpcs"), File("AOC_V2026Q4-F-MCR.txt")}, o);
  ASSERT_FALSE(both);
}

TEST(UserFiles, HcpcsWorkbookBecomesAnHcpcsCodeSet) {
  UserFile x = File("HCPC_fixture.xlsx", fx::FixturesDir() + "/hcpcs");
  x.name = "HCPC2026_JAN_ANWEB_v2.xlsx";  // the CMS name states the quarter
  auto r = LoadUserFiles({x}, On("2026-12-05"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->system, "HCPCS");
  EXPECT_EQ(r->report["effective_from"], "2026-01-01");
  EXPECT_EQ(r->report["effective_to"], "2026-03-31");
  fx::Aligned a(r->bytes);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs) << cs.error().message;
  EXPECT_EQ(cs->meta().system, "HCPCS");
  EXPECT_EQ(cs->meta().effective_from, "2026-01-01");
  EXPECT_NE(cs->meta().provenance.find("user-loaded: HCPC2026_JAN_ANWEB_v2.xlsx (sha256 " + import::Sha256Hex(x.bytes) + ")"),
            std::string::npos);
  EXPECT_GT(r->report["counts"]["codes"].get<int64_t>(), 0);
  // The project's HCPCS lexicon comes with it (hcpcs_lexicon.h), listed as an input; its
  // readings with words this small workbook lacks are left out and counted, not refused.
  EXPECT_FALSE(cs->lexicon().empty());
  EXPECT_GT(r->report["skipped_by_reason"]["lexicon reading with a word no code's description has (left out)"].get<int64_t>(), 0)
      << r->report.dump();
  bool listed = false;
  for (const auto& in : cs->meta().inputs) listed = listed || in.role == "lexicon";
  EXPECT_TRUE(listed);
  x.name = "codes.xlsx";
  auto unnamed = LoadUserFiles({x}, On("2026-12-05"));
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message.find("codes.xlsx: the dates of this release are not in the file"), std::string::npos);
}


// The loaded quarter added to the shipped claim-edits file (here the claims fixture's): the
// date of service chooses between the editions.
TEST(UserFiles, LoadedQuarterTakesPartInDateOfServiceSelection) {
  const fx::Aligned& shipped = cfx::Imported("edits-fixture");
  import::LoadOptions o = On("2026-12-05");
  o.base.assign(reinterpret_cast<const char*>(shipped.data()), shipped.size());
  o.base_name = "edits-fixture.mcs";
  auto r = LoadUserFiles({File("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"), File("ccipra-v323r0-f1.txt"),
                          File("ccipra-v323r0-f2.txt"), File("AOC_V2026Q4-F-MCR.txt")},
                         o);
  ASSERT_TRUE(r) << r.error().message;
  fx::Aligned a(r->bytes);
  auto es = EditSet::Open(a.span());
  ASSERT_TRUE(es) << es.error().message;
  const EditSet& base = cfx::Edits();
  // Every shipped data set is still there (the add-on table replaced, and said so), plus MUE and PTP 2026Q4.
  ASSERT_EQ(es->datasets().size(), base.datasets().size() + 3);
  for (size_t i = 0; i < base.datasets().size(); ++i) {
    EXPECT_EQ(es->datasets()[i].label, base.datasets()[i].label);
    EXPECT_EQ(es->datasets()[i].from, base.datasets()[i].from);
  }
  EXPECT_EQ(es->meta().inputs.size(), base.meta().inputs.size() + 4);
  EXPECT_EQ(es->meta().effective_to, "2026-12-31");
  EXPECT_NE(es->meta().provenance.find("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv (sha256 "), std::string::npos);
  EXPECT_EQ(es->mue_tables().size(), base.mue_tables().size() + 1);
  EXPECT_EQ(es->ptp_tables().size(), base.ptp_tables().size() + 1);
  EXPECT_EQ(es->MceFlags("Z5189"), base.MceFlags("Z5189"));
  ASSERT_NE(es->FindModifier("CP"), nullptr);
  const auto* q2 = es->Mue(Setting::kPractitioner, 20260515);
  const auto* q4 = es->Mue(Setting::kPractitioner, 20261102);
  ASSERT_TRUE(q2 && q4);
  EXPECT_EQ(q2->dataset->version, "2026Q2");
  EXPECT_EQ(q4->dataset->version, "2026Q4");

  // A claim: 20610 x2 (MUE 2 in the shipped 2026Q2 table, 1 in the loaded 2026Q4 one).
  claims::Checker checker(cfx::Icd(), *es, {20261215});
  auto check = [&](const char* dos) {
    std::string text = std::string(R"({"claim_id":"U1","patient":{"birth_date":"1960-03-15","sex":"F"},"date_of_service":")") +
                       dos + R"(","place_of_service":"11","billing_npi":"1234567893","diagnoses":["E11.9"],)" +
                       R"("lines":[{"code":"20610","units":2,"dx_pointers":["A"]}]})";
    auto claims = claims::ParseJson(text);
    EXPECT_EQ(claims.size(), 1u);
    return checker.Check(claims[0]);
  };
  auto count = [](const claims::ClaimResult& res, claims::Kind k, const std::string& source_part) {
    int n = 0;
    for (const auto& f : res.findings) n += f.kind == k && f.source.find(source_part) != std::string::npos;
    return n;
  };
  auto nov = check("2026-11-02");
  EXPECT_EQ(count(nov, claims::Kind::kMue, "2026Q4"), 1);
  EXPECT_EQ(count(nov, claims::Kind::kDataCoverage, "MUE"), 0);  // the loaded quarter covers the date
  auto may = check("2026-05-15");
  EXPECT_EQ(count(may, claims::Kind::kMue, ""), 0);
  EXPECT_EQ(count(may, claims::Kind::kDataCoverage, "MUE"), 0);
  // Without the loaded quarter, November is outside every MUE edition.
  claims::Checker shipped_only(cfx::Icd(), base, {20261215});
  auto claims = claims::ParseJson(R"({"claim_id":"U1","patient":{"birth_date":"1960-03-15","sex":"F"},"date_of_service":"2026-11-02","place_of_service":"11","billing_npi":"1234567893","diagnoses":["E11.9"],"lines":[{"code":"20610","units":2,"dx_pointers":["A"]}]})");
  auto before = shipped_only.Check(claims[0]);
  EXPECT_EQ(count(before, claims::Kind::kDataCoverage, "MUE"), 1);
  EXPECT_EQ(count(before, claims::Kind::kMue, ""), 0);

  // A loaded MUE quarter that overlaps a shipped one of the setting is refused.
  import::LoadOptions o2 = o;
  o2.effective_from = "2026-06-01";
  auto overlap = LoadUserFiles({File("MCR_MUE_PractitionerServices_Eff_10-01-2026.csv")}, o2);
  ASSERT_FALSE(overlap);
  EXPECT_NE(overlap.error().message.find("overlapping dates"), std::string::npos) << overlap.error().message;
}

TEST(UserFiles, AddingNothingNewKeepsEveryShippedTable) {
  // The base read back and written again, with one PTP quarter added: the shipped tables answer as before.
  const fx::Aligned& shipped = cfx::Imported("edits-fixture");
  import::LoadOptions o = On("2026-12-05");
  o.base.assign(reinterpret_cast<const char*>(shipped.data()), shipped.size());
  auto r = LoadUserFiles({File("ccioph-v323r0-f1.txt")}, o);
  ASSERT_TRUE(r) << r.error().message;
  fx::Aligned a(r->bytes);
  auto es = EditSet::Open(a.span());
  ASSERT_TRUE(es);
  const EditSet& base = cfx::Edits();
  for (size_t t = 0; t < base.ptp_tables().size(); ++t) {
    const auto& bt = base.ptp_tables()[t];
    const auto& nt = es->ptp_tables()[t];
    EXPECT_EQ(bt.column2.size(), nt.column2.size());
    for (uint16_t c1 = 0; c1 < base.code_count(); ++c1) {
      for (uint32_t e = bt.row_first[c1]; e < bt.row_first[c1 + 1]; ++e) {
        int32_t n1 = es->CodeId(base.CodeText(c1)), n2 = es->CodeId(base.CodeText(bt.column2[e]));
        ASSERT_GE(n1, 0);
        auto [f, l] = es->FindPtp(nt, static_cast<uint16_t>(n1), static_cast<uint16_t>(n2));
        EXPECT_GE(l - f, 1u) << base.CodeText(c1);
      }
    }
  }
  const auto* bm = base.Mue(Setting::kDmeSupplier);
  const auto* nm = es->Mue(Setting::kDmeSupplier);
  ASSERT_TRUE(bm && nm);
  EXPECT_EQ(bm->recs.size(), nm->recs.size());
  ASSERT_NE(es->aoc(), nullptr);
  EXPECT_EQ(es->aoc()->addons.size(), base.aoc()->addons.size());
}

}  // namespace
}  // namespace medcode
