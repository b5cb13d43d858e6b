// The claim-edits file: importer (tests/fixtures/claims), reader validation, and the
// xlsx reader the importer uses for the HCPCS file.
#include <filesystem>
#include <fstream>

#include "claims_fixture.h"
#include "edits.h"
#include "util.h"
#include "xlsx.h"

namespace medcode {
namespace {

using namespace cfx;
using namespace edits_format;

TEST(Edits, ImportedTablesHoldWhatTheFixturesSay) {
  const EditSet& e = Edits();
  EXPECT_EQ(e.meta().system, "CLAIM-EDITS");
  ASSERT_EQ(e.datasets().size(), 10u);
  const auto* mue = e.Mue(Setting::kPractitioner);
  ASSERT_NE(mue, nullptr);
  EXPECT_EQ(mue->recs.size(), 11u);  // the broken row is skipped
  int32_t id = e.CodeId("20610");
  ASSERT_GE(id, 0);
  const MueRec* r = e.FindMue(*mue, static_cast<uint16_t>(id));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->value, 2u);
  EXPECT_EQ(r->mai, 3);
  EXPECT_EQ(e.str(mue->rationales[r->rationale]), "Anatomic Consideration");
  EXPECT_EQ(e.CodeText(static_cast<uint16_t>(id)), "20610");
  EXPECT_EQ(e.CodeId("99999"), -1);
  ASSERT_EQ(e.ptp_tables().size(), 3u);
  EXPECT_EQ(e.MceFlags("Z5189"), kMceUnacceptablePdx | kMceAcceptableWithSecondary);
  EXPECT_EQ(e.MceFlags("I10"), kMceUnacceptableBefore);
  EXPECT_EQ(e.MceFlags("P702"), kMceNewborn);
  EXPECT_EQ(e.MceFlags("E119"), 0u);
  EXPECT_NE(e.FindPos("11"), nullptr);
  EXPECT_EQ(e.FindPos("12"), nullptr);  // only in the cross-check list
  const ModRec* cp = e.FindModifier("CP");
  ASSERT_NE(cp, nullptr);
  EXPECT_EQ(cp->terminated, 20171231u);
  EXPECT_EQ(e.str(e.FindModifier("RT")->long_desc).substr(0, 16), "Right side (used");
  const AocAddon* a = e.FindAddon(static_cast<uint16_t>(e.CodeId("99417")));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->type, 1);
  EXPECT_EQ(a->primary_count, 2u);
  for (const auto& ds : e.datasets()) {
    EXPECT_FALSE(ds.label.empty());
    EXPECT_FALSE(ds.source.empty());
  }
}

TEST(Edits, ImporterReportSaysWhatEachInputProvides) {
  import::Report rep;
  auto bytes = import::ImportEntry(Entry("edits-fixture"), Dir(), rep);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(rep.counts["NCCI PTP practitioner 2024Q3: deleted_rows"], 1);
  EXPECT_EQ(rep.counts["NCCI PTP practitioner 2026Q3: pairs"], 7);
  EXPECT_EQ(rep.counts["MCE v43.1: age_maternity"], 2);
  EXPECT_EQ(rep.counts["HCPCS Level II modifiers October 2025: modifiers"], 7);
  EXPECT_EQ(rep.skipped_by_reason["MUE row not of the form code, units, MAI 1-3, rationale"], 1);
  EXPECT_EQ(rep.skipped_by_reason["place-of-service code only in the cross-check list (not used)"], 1);
  // The same inputs give the same bytes.
  import::Report rep2;
  auto again = import::ImportEntry(Entry("edits-fixture"), Dir(), rep2);
  ASSERT_TRUE(again);
  EXPECT_EQ(*bytes, *again);
}

TEST(Edits, ImporterRefusesBadInputsWithTheFileName) {
  fx::TempInputs tmp;  // (a folder we can write; the ICD fixture files are not used here)
  namespace fs = std::filesystem;
  auto entry_with = [&](const std::string& file, const std::string& content) {
    for (const auto& e : fs::directory_iterator(Dir())) {  // fresh copies, then one file replaced
      fs::copy_file(e.path(), tmp.dir() + "/" + e.path().filename().string(), fs::copy_options::overwrite_existing);
    }
    tmp.Write(file, content);
    json e = Entry("edits-fixture");
    for (auto& in : e["inputs"]) {
      auto b = import::ReadFile(tmp.dir() + "/" + in["path"].get<std::string>());
      if (b) in["sha256"] = import::Sha256Hex(*b);
    }
    return e;
  };
  import::Report rep;
  auto r = import::ImportEntry(entry_with("ptp_practitioner_2024q3_fixture.tsv", "a\tb\n"), tmp.dir(), rep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("ptp_practitioner_2024q3_fixture.tsv"), std::string::npos) << r.error().message;
  r = import::ImportEntry(entry_with("ptp_practitioner_2024q3_fixture.tsv", "column_1\tcolumn_2\tdeletion_date\tmodifier\trationale\n20610\t99213\t*\t1\tx\n"),
                          tmp.dir(), rep);
  ASSERT_TRUE(r) << r.error().message;
  r = import::ImportEntry(entry_with("Definitions of Medicare Code Edits_fixture.txt", "v43.1 April 2026\r\nnothing else\r\n"), tmp.dir(), rep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("was not found"), std::string::npos) << r.error().message;
  r = import::ImportEntry(entry_with("HCPC_modifiers_fixture.xlsx", "PK\x03\x04 not really a zip"), tmp.dir(), rep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("HCPC_modifiers_fixture.xlsx"), std::string::npos) << "message: " << r.error().message;
  json bad = Entry("edits-fixture");
  bad["inputs"][0]["setting"] = "hospital";
  r = import::ImportEntry(bad, Dir(), rep);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("setting must be"), std::string::npos);
}

TEST(Edits, ReaderRefusesDamagedFiles) {
  const std::string file(reinterpret_cast<const char*>(Imported("edits-fixture").data()), Imported("edits-fixture").size());
  std::string damaged = file;
  damaged[damaged.size() - 20] ^= 0x55;
  auto r = EditSet::Open(fx::Aligned(damaged).span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadChecksum);
  r = EditSet::Open(fx::Aligned(file.substr(0, 500)).span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTruncated);
  r = EditSet::Open(fx::Aligned(std::string("not an edits file at all, long enough to have a header........")).span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBadMagic);
  // An ICD-10-CM code set given by mistake says so.
  r = EditSet::Open(Imported("icd10cm-claims-fixture").span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("ICD-10-CM"), std::string::npos) << r.error().message;
  // ... and the other way round the code-set reader refuses the edits file.
  EXPECT_FALSE(CodeSet::Open(Imported("edits-fixture").span()));
}

TEST(Edits, UnknownSectionsRequiredRefusedOptionalSkipped) {
  const std::string file(reinterpret_cast<const char*>(Imported("edits-fixture").data()), Imported("edits-fixture").size());
  auto secs = fx::SplitSections(file);
  auto with = [&](uint16_t flags) {
    auto s = secs;
    s.push_back({format::MakeTag("ZZZZ"), 1, flags, std::string(16, 'x')});
    return fx::Assemble(s);
  };
  auto r = EditSet::Open(fx::Aligned(with(format::kSectionRequired)).span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedSection);
  EXPECT_TRUE(EditSet::Open(fx::Aligned(with(0)).span()));
  // A PTP row pointing past the code list is caught.
  auto s = secs;
  for (auto& sec : s) {
    if (sec.tag == kTagPtp) {
      PtpHeader h;
      std::memcpy(&h, sec.data.data(), sizeof h);
      size_t col2 = sizeof h + 4ull * (h.code_count + 1) + 4ull * h.date_count + 8ull * h.rationale_count;
      uint16_t big = 60000;
      std::memcpy(sec.data.data() + col2, &big, 2);
      break;
    }
  }
  r = EditSet::Open(fx::Aligned(fx::Assemble(s)).span());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST(Edits, DatesFormatAndParse) {
  EXPECT_EQ(ParseIsoDate("2026-02-29"), 0u);
  EXPECT_EQ(ParseIsoDate("2024-02-29"), 20240229u);
  EXPECT_EQ(ParseIsoDate("2024-2-29"), 0u);
  EXPECT_EQ(FormatDate(20260701), "2026-07-01");
  EXPECT_EQ(FormatDate(0), "");
}

// ---- xlsx reader

TEST(Xlsx, ReadsTheFixtureWorkbook) {
  auto bytes = import::ReadFile(Dir() + "/HCPC_modifiers_fixture.xlsx");
  ASSERT_TRUE(bytes);
  auto wb = import::xlsx::Open(*bytes);
  ASSERT_TRUE(wb) << wb.error().message;
  EXPECT_EQ(wb->SheetNames(), std::vector<std::string>{"HCPC_FIXTURE"});
  auto rows = wb->Rows("HCPC_FIXTURE");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 10u);
  EXPECT_EQ((*rows)[0][0], "HCPC");
  EXPECT_EQ((*rows)[1][3].substr(0, 16), "Right side (used");  // rich-text runs joined, phonetic run left out
  EXPECT_EQ((*rows)[1][3].find("PHONETIC"), std::string::npos);
  EXPECT_EQ((*rows)[3][4], "Unusual non-overlap serv");  // inline string
  EXPECT_EQ((*rows)[4][1], "0010");                       // a cell without r
  EXPECT_EQ((*rows)[5][6], "20171231");                   // a number
  EXPECT_TRUE((*rows)[8].empty());                        // the row the sheet leaves out
  EXPECT_EQ((*rows)[9][0], "A4206");
  EXPECT_EQ(import::xlsx::ColumnIndex("AV"), 47);
  EXPECT_EQ(import::xlsx::ColumnIndex("a"), -1);
  EXPECT_FALSE(wb->Rows(3));
  EXPECT_FALSE(wb->Rows("nope"));
}

TEST(Xlsx, DamagedArchivesAreErrorsNotCrashes) {
  auto bytes = import::ReadFile(Dir() + "/HCPC_modifiers_fixture.xlsx");
  ASSERT_TRUE(bytes);
  EXPECT_FALSE(import::xlsx::Open(""));
  EXPECT_FALSE(import::xlsx::Open("PK\x05\x06"));
  for (size_t n = 0; n < bytes->size(); n += 97) {
    auto wb = import::xlsx::Open(std::string_view(*bytes).substr(0, n));
    if (wb) (void)wb->Rows(0);
  }
  for (size_t i = 40; i < bytes->size(); i += 53) {
    std::string b = *bytes;
    b[i] = static_cast<char>(b[i] ^ 0x5A);
    auto wb = import::xlsx::Open(b);
    if (wb) (void)wb->Rows(0);  // a flipped byte in a part fails its CRC or its XML; never crashes
  }
}

}  // namespace
}  // namespace medcode
