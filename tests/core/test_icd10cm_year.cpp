// A new ICD-10-CM year loaded by the user (codesets/importer/icd10cm_onto.h) on the
// fixtures: tests/fixtures/icd-year/fx_order_next.txt is the fixture order file
// (FY2026) a year later, in the official fixed-width layout: E11.691 deleted, E10.9 made a
// header with a new child E10.90, E11.692 new under E11 (whose notes it inherits), E11.9
// retitled, a new category Q99 with Q99.9 (which the FY2026 Index already names), E11.69
// and E11.8 back (the FY2023 tabular and the notes JSON have notes on them, which the
// FY2026 file could not attach: its import state keeps them).
#include <gtest/gtest.h>

#include "fixture.h"
#include "icd10cm.h"
#include "icd10cm_state.h"
#include "medcode/lookup.h"
#include "medcode/years.h"
#include "same_file_but_load.h"
#include "user_files.h"
#include "util.h"

namespace {

using namespace medcode;
using namespace medcode::import;

std::string YearFixture(const std::string& name) {
  auto b = ReadFile(fx::FixturesDir() + "/icd-year/" + name);
  EXPECT_TRUE(b.ok()) << name;
  return b.ok() ? *b : std::string();
}

// Onto the code set `base` with its import state file `state`.
LoadOptions Onto(const std::string& base, const std::string& state) {
  LoadOptions o;
  o.base = base;
  o.base_name = "icd10cm-fixture.mcs";
  o.base_state = state;
  o.base_state_name = "icd10cm-fixture.import.mcs";
  o.out_name = "icd10cm-loaded.mcs";
  o.loaded_on = "2026-12-05";
  return o;
}
LoadOptions OntoFixture() { return Onto(fx::FixtureFileBytes(), fx::FixtureStateBytes()); }

Result<UserLoad> LoadYear(const std::string& name, const std::string& bytes, const LoadOptions& o) {
  return LoadUserFiles({UserFile{name, bytes}}, o);
}

// The fixture entry with the FY2027 order file listed first, as codesets/manifest.json
// lists its newest order file.
nlohmann::json TwoYearEntry(const fx::TempInputs& t) {
  nlohmann::json e = t.Entry();
  nlohmann::json order = e["inputs"][0];
  order["name"] = order["path"] = "icd10cm_order_2027.txt";
  order["year"] = 2027;
  order["sha256"] = Sha256Hex(YearFixture("fx_order_next.txt"));
  e["inputs"].insert(e["inputs"].begin(), order);
  e["year"] = 2027;
  e["label"] = "ICD-10-CM FY2027 and FY2026";
  e["effective_to"] = "2027-09-30";
  e["years"] = nlohmann::json::array({{{"year", 2026}, {"effective_from", "2025-10-01"}, {"effective_to", "2026-09-30"}},
                                      {{"year", 2027}, {"effective_from", "2026-10-01"}, {"effective_to", "2027-09-30"}}});
  return e;
}

// The FY2026 file built from the inputs in t, the FY2027 order file loaded onto it (with the
// FY2026 file's import state), against the two-year file built from the same inputs; the
// import state files written with each, against each other.
std::string ExpectLoadIsTheBuild(fx::TempInputs& t) {
  Report r26, r27;
  std::string state26, state27;
  auto base = ImportEntry(t.Entry(), t.dir(), r26, ".", &state26);
  EXPECT_TRUE(base.ok()) << base.error().message;
  if (!base.ok()) return {};
  fx::ExpectStateOf(state26, *base, "icd10cm-fixture.mcs");
  auto load = LoadYear("icd10cm_order_2027.txt", YearFixture("fx_order_next.txt"), Onto(*base, state26));
  EXPECT_TRUE(load.ok()) << load.error().message;
  if (!load.ok()) return {};
  t.Write("icd10cm_order_2027.txt", YearFixture("fx_order_next.txt"));
  auto built = ImportEntry(TwoYearEntry(t), t.dir(), r27, ".", &state27);
  EXPECT_TRUE(built.ok()) << built.error().message;
  if (!built.ok()) return {};
  fx::ExpectSameFileButLoad(load->bytes, *built, {0});
  fx::ExpectStateOf(load->import_state, load->bytes, "icd10cm-loaded.mcs");
  fx::ExpectStateOf(state27, *built, "icd10cm-fixture.mcs");
  fx::ExpectSameStateButOwner(load->import_state, state27);
  return load->bytes;
}

TEST(Icd10cmYear, LoadedYearIsTheManifestBuildButForTheLoadsProvenance) {
  fx::TempInputs t;
  const std::string bytes = ExpectLoadIsTheBuild(t);
  ASSERT_FALSE(bytes.empty());
  fx::Aligned a(bytes);
  // The file says where the new year came from.
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  EXPECT_EQ(cs->meta().provenance, "user-loaded: icd10cm_order_2027.txt (sha256 " +
                                       Sha256Hex(YearFixture("fx_order_next.txt")) + "), loaded 2026-12-05");
  EXPECT_EQ(cs->meta().label, "ICD-10-CM FY2027 and FY2026");
  // The notes the FY2026 file kept for codes it did not have are on them now.
  auto e118 = Lookup(*cs, "E11.8", "2026-11-05"), e1169 = Lookup(*cs, "E11.69", "2026-11-05");
  ASSERT_TRUE(e118.ok() && e1169.ok());
  EXPECT_TRUE(std::any_of(e118->notes.begin(), e118->notes.end(), [](const NoteView& n) { return !n.inherited; }));
  EXPECT_TRUE(std::any_of(e1169->notes.begin(), e1169->notes.end(), [](const NoteView& n) {
    return !n.inherited && n.text.find("FY2023-only note") != std::string::npos;
  }));
}

// The shipped file holds several years: a third one loaded onto a two-year file (FY2028,
// written here from the FY2027 fixture in the same layout: E11.65 deleted, E11.66 new,
// E11.A retitled) is the three-year manifest build.
TEST(Icd10cmYear, AThirdYearOntoATwoYearFileIsTheManifestBuild) {
  const std::string y27 = YearFixture("fx_order_next.txt");
  std::string y28;
  int n = 0;
  auto line = [&](const std::string& code, char flag, const std::string& short_title, const std::string& title) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "%05d %-7s %c %-60s %s\r\n", ++n, code.c_str(), flag, short_title.substr(0, 60).c_str(),
                  title.c_str());
    y28 += buf;
  };
  for (auto l : SplitLines(y27)) {
    if (l.size() < 77) continue;
    const std::string code(Trim(l.substr(6, 7))), short_title(Trim(l.substr(16, 60)));
    std::string title(Trim(l.substr(77)));
    if (code == "E1165") {
      line("E1166", '1', "Type 2 diabetes mellitus with hyperglycemia, persistent", "Type 2 diabetes mellitus with persistent hyperglycemia");
      continue;
    }
    if (code == "E11A") title += " (FY2028)";
    line(code, l[14], short_title, title);
  }
  fx::TempInputs t;
  auto l27 = LoadYear("icd10cm_order_2027.txt", y27, OntoFixture());
  ASSERT_TRUE(l27.ok()) << l27.error().message;
  auto l28 = LoadYear("icd10cm_order_2028.txt", y28, Onto(l27->bytes, l27->import_state));
  ASSERT_TRUE(l28.ok()) << l28.error().message;
  EXPECT_EQ(l28->report["year"]["added"], 1);
  EXPECT_EQ(l28->report["year"]["deleted"], 1);
  EXPECT_EQ(l28->report["year"]["retitled"], 1);
  t.Write("icd10cm_order_2027.txt", y27);
  t.Write("icd10cm_order_2028.txt", y28);
  nlohmann::json e = TwoYearEntry(t);
  nlohmann::json order = e["inputs"][0];
  order["name"] = order["path"] = "icd10cm_order_2028.txt";
  order["year"] = 2028;
  order["sha256"] = Sha256Hex(y28);
  e["inputs"].insert(e["inputs"].begin(), order);
  e["year"] = 2028;
  e["label"] = "ICD-10-CM FY2028, FY2027 and FY2026";
  e["effective_to"] = "2028-09-30";
  e["years"].push_back({{"year", 2028}, {"effective_from", "2027-10-01"}, {"effective_to", "2028-09-30"}});
  Report rep;
  std::string state;
  auto built = ImportEntry(e, t.dir(), rep, ".", &state);
  ASSERT_TRUE(built.ok()) << built.error().message;
  fx::ExpectSameFileButLoad(l28->bytes, *built, {0, 1});
  fx::ExpectStateOf(l28->import_state, l28->bytes, "icd10cm-loaded.mcs");
  fx::ExpectSameStateButOwner(l28->import_state, state);
  fx::Aligned a(l28->bytes);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok());
  ASSERT_EQ(cs->years().size(), 3u);
  EXPECT_EQ(Validate(*cs, "E11.65", "2027-06-01").status, CodeStatus::kValid);
  EXPECT_EQ(Validate(*cs, "E11.65", "2027-12-01").status, CodeStatus::kDeleted);
  EXPECT_EQ(Validate(*cs, "E11.691", "2027-06-01").status, CodeStatus::kDeleted);
  EXPECT_EQ(Validate(*cs, "E11.691", "2026-06-01").status, CodeStatus::kValid);
}

// A 7th-character definition the FY2023 tabular gives a code FY2026 lacks (E11.69): kept in
// the FY2026 file's import state, placed where the XML puts it once FY2027 has the code.
TEST(Icd10cmYear, AKeptSeventhCharacterDefinitionComesBackInItsPlace) {
  fx::TempInputs t;
  auto tab = ReadFile(fx::FixturesDir() + "/fx_tabular.xml");
  ASSERT_TRUE(tab.ok());
  const std::string at = "<name>E11.69</name>";
  size_t pos = tab->find(at);
  ASSERT_NE(pos, std::string::npos);
  pos = tab->find("</desc>", pos) + 7;
  tab->insert(pos, "\r\n            <sevenChrDef><extension char=\"A\">first kind</extension></sevenChrDef>");
  t.Write("fx_tabular.xml", *tab);
  const std::string bytes = ExpectLoadIsTheBuild(t);
  ASSERT_FALSE(bytes.empty());
  fx::Aligned a(bytes);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok());
  auto e1169 = cs->Find("E1169");
  ASSERT_TRUE(e1169.has_value());
  ASSERT_NE(cs->rec(*e1169).seventh, format::kNone);
  EXPECT_EQ(cs->code(cs->seventh_defs()[cs->rec(*e1169).seventh].owner), "E1169");
}

TEST(Icd10cmYear, CountsChangesAndDatesTheNewYear) {
  auto load = LoadYear("icd10cm_order_2027.txt", YearFixture("fx_order_next.txt"), OntoFixture());
  ASSERT_TRUE(load.ok()) << load.error().message;
  const auto& y = load->report["year"];
  EXPECT_EQ(y["year"], 2027);
  EXPECT_EQ(y["base_year"], 2026);
  EXPECT_EQ(y["codes"], 59);
  EXPECT_EQ(y["added"], 6);  // E10.90, E11.69, E11.692, E11.8, Q99, Q99.9
  EXPECT_EQ(y["deleted"], 1);
  EXPECT_EQ(y["retitled"], 1);
  EXPECT_EQ(y["became_headers"], 1);
  EXPECT_EQ(y["new_without_own_notes"], 4);  // all but E11.69 and E11.8
  const auto& f = load->report["files"][0];
  EXPECT_EQ(f["effective_from"], "2026-10-01");
  EXPECT_EQ(f["effective_to"], "2027-09-30");
  EXPECT_EQ(f["dates_from"], "file name");
  EXPECT_EQ(load->report["effective_from"], "2025-10-01");
  EXPECT_EQ(load->report["effective_to"], "2027-09-30");
  // Q99.9 was an Index target absent from FY2026 (dropped); FY2027 has it.
  const auto& counts = load->report["counts"];
  EXPECT_EQ(counts["Index to Diseases and Injuries: targets dropped (absent from every year)"], 0);

  fx::Aligned a(load->bytes);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  auto ch = Changes(*cs, 1);
  ASSERT_TRUE(ch.ok());
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& c : *ch) by[ChangeKindName(c.kind)].push_back(cs->Dotted(c.code));
  EXPECT_EQ(by["added"], (std::vector<std::string>{"E10.90", "E11.69", "E11.692", "E11.8", "Q99", "Q99.9"}));
  EXPECT_EQ(by["deleted"], std::vector<std::string>{"E11.691"});
  EXPECT_EQ(by["became-header"], std::vector<std::string>{"E10.9"});
  EXPECT_EQ(by["retitled"], std::vector<std::string>{"E11.9"});
  // The deleted code's last year is the older one: valid for its dates, deleted after.
  auto del = cs->Find("E11691");
  ASSERT_TRUE(del.has_value());
  EXPECT_EQ(cs->code_years(*del)->last, 0);
  EXPECT_EQ(Validate(*cs, "E11.691", "2026-05-01").status, CodeStatus::kValid);
  EXPECT_EQ(Validate(*cs, "E11.691", "2026-12-01").status, CodeStatus::kDeleted);
  EXPECT_EQ(Validate(*cs, "E10.90", "2026-12-01").status, CodeStatus::kValid);
  EXPECT_EQ(Validate(*cs, "E10.90", "2026-05-01").status, CodeStatus::kNotYetEffective);
  EXPECT_EQ(Validate(*cs, "E10.9", "2026-12-01").status, CodeStatus::kHeader);
  auto t26 = Lookup(*cs, "E11.9", "2026-01-05"), t27 = Lookup(*cs, "E11.9", "2026-11-05");
  ASSERT_TRUE(t26.ok() && t27.ok());
  EXPECT_EQ(t26->title, "Type 2 diabetes mellitus without complications");
  EXPECT_EQ(t27->title, "Type 2 diabetes mellitus without complications, revised");
  // A new code has no notes of its own and inherits its category's (E11), whose notes
  // keep their FY2026 source.
  auto fresh = Lookup(*cs, "E11.692", "2026-11-05");
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  ASSERT_FALSE(fresh->notes.empty());
  for (const auto& n : fresh->notes) {
    EXPECT_TRUE(n.inherited) << n.text;
    if (n.from == "E11") {
      EXPECT_NE(n.source.find("2026"), std::string::npos) << n.source;
    }
  }
  EXPECT_TRUE(std::any_of(fresh->notes.begin(), fresh->notes.end(), [](const NoteView& n) { return n.from == "E11"; }));
  // A code that existed keeps its own notes.
  auto old = Lookup(*cs, "E11.9", "2026-11-05");
  EXPECT_TRUE(std::any_of(old->notes.begin(), old->notes.end(), [](const NoteView& n) { return !n.inherited; }));
}

TEST(Icd10cmYear, DatesFromTheOptionsOverrideTheName) {
  LoadOptions o = OntoFixture();
  o.effective_from = "2026-10-01";
  o.effective_to = "2027-03-31";
  auto load = LoadYear("icd10cm_order_2027.txt", YearFixture("fx_order_next.txt"), o);
  ASSERT_TRUE(load.ok()) << load.error().message;
  EXPECT_EQ(load->report["files"][0]["dates_from"], "options");
  EXPECT_EQ(load->report["effective_to"], "2027-03-31");
  // A name without the year needs the dates.
  auto unnamed = LoadYear("order.txt", YearFixture("fx_order_next.txt"), OntoFixture());
  ASSERT_FALSE(unnamed.ok());
  EXPECT_NE(unnamed.error().message.find("order.txt: the fiscal year is not in the file"), std::string::npos)
      << unnamed.error().message;
}

TEST(Icd10cmYear, RefusesADamagedOrWrongFileNamingIt) {
  auto damaged = LoadYear("icd10cm_order_2027.txt", YearFixture("damaged_fx_order_next.txt"), OntoFixture());
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().message,
            "icd10cm_order_2027.txt line 6: not in the order-file layout (order 5, code 7, flag, short 60, long)");
  auto truncated = LoadYear("icd10cm_order_2027.txt", YearFixture("truncated_fx_order_next.txt"), OntoFixture());
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().message, "icd10cm_order_2027.txt: line 11: order number 15 where 11 belongs (lines missing "
                                       "or repeated: a damaged or edited file)");
  // Not an order file at all.
  auto csv = LoadYear("icd10cm_order_2027.txt", "code,title\nE11.9,x\n", OntoFixture());
  ASSERT_FALSE(csv.ok());
  EXPECT_TRUE(csv.error().message.starts_with("icd10cm_order_2027.txt: not a file this loader knows")) << csv.error().message;
  // Without a base, or onto a file that is not ICD-10-CM.
  auto nobase = LoadYear("icd10cm_order_2027.txt", YearFixture("fx_order_next.txt"), LoadOptions{});
  ASSERT_FALSE(nobase.ok());
  EXPECT_NE(nobase.error().message.find("give that file"), std::string::npos) << nobase.error().message;
}

// The import state file beside the base: missing, of another file, not one, damaged.
TEST(Icd10cmYear, RefusesAMissingWrongOrDamagedImportStateFileNamingIt) {
  const std::string& base = fx::FixtureFileBytes();
  const std::string& state = fx::FixtureStateBytes();
  const std::string order = YearFixture("fx_order_next.txt");
  // Not found: said where it was looked for and what to do.
  auto none = LoadYear("icd10cm_order_2027.txt", order, Onto(base, ""));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(none.error().message, "icd10cm-fixture.mcs: its ICD-10-CM import state (icd10cm-fixture.import.mcs, written "
                                  "beside it by coder-import) was not found: give it with --base-state FILE, or rebuild "
                                  "both with coder-import --manifest");
  // The import state of another code set (the FY2027 file loaded onto this one): refused by its sha256.
  auto y27 = LoadYear("icd10cm_order_2027.txt", order, Onto(base, state));
  ASSERT_TRUE(y27.ok()) << y27.error().message;
  auto other = LoadYear("icd10cm_order_2027.txt", order, Onto(base, y27->import_state));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message, "icd10cm-fixture.import.mcs: the import state of icd10cm-loaded.mcs (sha256 " +
                                       Sha256Hex(y27->bytes) + "), not of icd10cm-fixture.mcs (sha256 " + Sha256Hex(base) +
                                       "): give the .import.mcs written with icd10cm-fixture.mcs (--base-state), or rebuild both");
  // A base changed after its import state was written (one byte of a title) is another file.
  auto secs = fx::SplitSections(base);
  for (auto& sec : secs) {
    if (sec.tag == format::kTagStrings) sec.data[sec.data.size() / 2] ^= 0x20;
  }
  auto changed = LoadYear("icd10cm_order_2027.txt", order, Onto(fx::Assemble(secs), state));
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.error().message.starts_with("icd10cm-fixture.import.mcs: the import state of icd10cm-fixture.mcs (sha256 " +
                                                  Sha256Hex(base) + "), not of icd10cm-fixture.mcs"))
      << changed.error().message;
  // A code set given as the import state.
  auto codeset = LoadYear("icd10cm_order_2027.txt", order, Onto(base, base));
  ASSERT_FALSE(codeset.ok());
  EXPECT_EQ(codeset.error().message, "icd10cm-fixture.import.mcs: not an ICD-10-CM import state file (its META does not "
                                     "say \"ICD-10-CM import state\")");
  // Damaged: a byte changed (the container's checksum), cut short, not an MCS file.
  std::string flipped = state;
  flipped[flipped.size() / 2] ^= 0x01;
  auto damaged = LoadYear("icd10cm_order_2027.txt", order, Onto(base, flipped));
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().code, ErrorCode::kBadChecksum);
  EXPECT_TRUE(damaged.error().message.starts_with("icd10cm-fixture.import.mcs: import-state file checksum mismatch"))
      << damaged.error().message;
  auto cut = LoadYear("icd10cm_order_2027.txt", order, Onto(base, state.substr(0, state.size() - 100)));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, ErrorCode::kTruncated);
  EXPECT_TRUE(cut.error().message.starts_with("icd10cm-fixture.import.mcs: import-state file truncated")) << cut.error().message;
  auto text = LoadYear("icd10cm_order_2027.txt", order, Onto(base, "E11.9 notes\n"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, ErrorCode::kBadMagic);
  // The import state goes with an ICD-10-CM order file only.
  LoadOptions o = Onto("", state);
  o.base_name.clear();
  auto mue = ReadFile(fx::FixturesDir() + "/user-load/MCR_MUE_PractitionerServices_Eff_10-01-2026.csv");
  ASSERT_TRUE(mue.ok());
  ASSERT_TRUE(LoadUserFiles({UserFile{"MCR_MUE_PractitionerServices_Eff_10-01-2026.csv", *mue}}, Onto("", "")).ok());
  auto ncci = LoadUserFiles({UserFile{"MCR_MUE_PractitionerServices_Eff_10-01-2026.csv", *mue}}, o);
  ASSERT_FALSE(ncci.ok());
  EXPECT_EQ(ncci.error().message, "icd10cm-fixture.import.mcs: an ICD-10-CM import state: only an ICD-10-CM order file "
                                  "is loaded with one");
}

// The code set is written without its import state, which is a file of its own: the code
// set's sections are those of a code set alone, and a code-set reader refuses the state file.
TEST(Icd10cmYear, TheImportStateIsAFileOfItsOwnBesideTheCodeSet) {
  for (const auto& sec : fx::SplitSections(fx::FixtureFileBytes())) EXPECT_NE(sec.tag, format::kTagImportState);
  fx::ExpectStateOf(fx::FixtureStateBytes(), fx::FixtureFileBytes(), "icd10cm-fixture.mcs");
  auto secs = fx::SplitSections(fx::FixtureStateBytes());
  ASSERT_EQ(secs.size(), 2u);
  EXPECT_EQ(secs[0].tag, format::kTagMeta);
  EXPECT_EQ(secs[1].tag, format::kTagImportState);
  EXPECT_EQ(secs[1].flags, format::kSectionRequired);
  fx::Aligned a(fx::FixtureStateBytes());
  auto cs = CodeSet::Open(a.span());
  ASSERT_FALSE(cs.ok());
  EXPECT_EQ(cs.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(cs.error().message, "an ICD-10-CM import state file (written beside its code set, for coder-import --load), "
                                "not a code set");
  EXPECT_EQ(ImportStateFileName("build/codesets/icd10cm-2027.mcs"), "build/codesets/icd10cm-2027.import.mcs");
  EXPECT_EQ(ImportStateFileName("mine"), "mine.import.mcs");
}

TEST(Icd10cmYear, RefusesAYearThatIsNotTheNext) {
  const std::string order = YearFixture("fx_order_next.txt");
  auto same = LoadYear("icd10cm_order_2026.txt", order, OntoFixture());
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().message, "icd10cm_order_2026.txt: an order file of FY2026, but icd10cm-fixture.mcs already holds "
                                  "FY2026: load the year after FY2026");
  auto skip = LoadYear("icd10cm_order_2028.txt", order, OntoFixture());
  ASSERT_FALSE(skip.ok());
  EXPECT_EQ(skip.error().message, "icd10cm_order_2028.txt: an order file of FY2028, but the newest year of "
                                  "icd10cm-fixture.mcs is FY2026: load FY2027 first (years are loaded one after another)");
  // Loaded in turn: FY2027 onto FY2026, then the same FY2027 again onto the result.
  auto y27 = LoadYear("icd10cm_order_2027.txt", order, OntoFixture());
  ASSERT_TRUE(y27.ok()) << y27.error().message;
  auto again = LoadYear("icd10cm_order_2027.txt", order, Onto(y27->bytes, y27->import_state));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already holds FY2027"), std::string::npos) << again.error().message;
}

}  // namespace

namespace {

// The import state read back from damaged bytes: a specific error, never a crash.
TEST(Icd10cmYear, ADamagedImportStateIsRefused) {
  std::string isrc;
  for (const auto& s : medcode::fx::SplitSections(medcode::fx::FixtureStateBytes())) {
    if (s.tag == medcode::format::kTagImportState) isrc = s.data;
  }
  ASSERT_GT(isrc.size(), 100u);
  auto whole = medcode::import::DecodeImportState(isrc, "f.mcs");
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(medcode::import::EncodeImportState(*whole), isrc);  // read back and written again: the same bytes
  for (size_t cut = 0; cut < isrc.size(); cut += 7) {
    auto r = medcode::import::DecodeImportState(std::string_view(isrc).substr(0, cut), "f.mcs");
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_TRUE(r.error().message.starts_with("f.mcs: its ICD-10-CM import state")) << r.error().message;
  }
  // Any byte changed: refused or read (a changed letter in a title reads), never a crash.
  for (size_t at = 5; at < isrc.size(); at += 3) {
    std::string bad = isrc;
    bad[at] = static_cast<char>(bad[at] ^ 0xA5);
    (void)medcode::import::DecodeImportState(bad, "f.mcs");
  }
  auto later = isrc;
  later[4] = 2;
  auto v2 = medcode::import::DecodeImportState(later, "f.mcs");
  ASSERT_FALSE(v2.ok());
  EXPECT_EQ(v2.error().code, medcode::ErrorCode::kUnsupportedVersion);
}

}  // namespace
