// The importer library: input verification, determinism, parsers' error handling
// on malformed official files, note reference extraction and the small utilities.
#include <gtest/gtest.h>

#include <lzma.h>
#include <zlib.h>

#include "fixture.h"
#include "medcode/lookup.h"
#include "medcode/years.h"
#include <map>
#include "util.h"
#include "xlsx_writer.h"

namespace {

using namespace medcode;
using namespace medcode::import;
using namespace medcode::fx;  // the shared fixture helpers (fixture.h)

bool Contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

nlohmann::json& InputWithRole(nlohmann::json& entry, const std::string& role) {
  for (auto& in : entry["inputs"]) {
    if (in["role"] == role) return in;
  }
  ADD_FAILURE() << "no input with role " << role;
  return entry;
}

std::string Fixture(const std::string& name) {
  auto r = ReadFile(FixturesDir() + "/" + name);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : "";
}

TEST(Importer, FixtureManifestHashesAreCurrent) {
  // If this fails after editing a fixture, update tests/fixtures/manifest.json.
  const nlohmann::json entry = FixtureEntry();
  ASSERT_EQ(entry["inputs"].size(), 11u);
  for (const auto& in : entry["inputs"]) {
    std::string path = in["path"];
    EXPECT_EQ(Sha256Hex(Fixture(path)), in["sha256"].get<std::string>()) << path;
  }
}

TEST(Importer, FixtureFilesUseTheOfficialLineEnds) {
  std::string order = Fixture("fx_order.txt");
  EXPECT_TRUE(Contains(order, "\r\n"));
  for (auto line : SplitLines(order)) {
    if (line.empty()) continue;
    EXPECT_GE(line.size(), 78u);
    EXPECT_EQ(line[5], ' ');
    EXPECT_EQ(line[13], ' ');
    EXPECT_EQ(line[15], ' ');
    EXPECT_EQ(line[76], ' ');
  }
  EXPECT_TRUE(Contains(Fixture("fx_codes_addenda.txt"), "\r\n"));
  EXPECT_TRUE(Contains(Fixture("fx_tabular.xml"), "\r\n"));
}

TEST(Importer, HashMismatchNamesFileAndExpectedPath) {
  nlohmann::json e = FixtureEntry();
  const std::string wrong(64, '0');
  InputWithRole(e, "addenda")["sha256"] = wrong;
  Report rep;
  auto r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadChecksum);
  const std::string& m = r.error().message;
  EXPECT_TRUE(Contains(m, "icd10cm_codes_addenda_2026.txt")) << m;
  EXPECT_TRUE(Contains(m, FixturesDir() + "/fx_codes_addenda.txt")) << m;
  EXPECT_TRUE(Contains(m, wrong)) << m;
  EXPECT_TRUE(Contains(m, Sha256Hex(Fixture("fx_codes_addenda.txt")))) << m;
}

TEST(Importer, MissingFileNamesTheExpectedPath) {
  nlohmann::json e = FixtureEntry();
  InputWithRole(e, "tabular")["path"] = "fy2023/not-there.xml.gz";
  Report rep;
  auto r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  const std::string& m = r.error().message;
  EXPECT_TRUE(Contains(m, "icd10cm_tabular_2023.xml")) << m;  // the official name
  EXPECT_TRUE(Contains(m, FixturesDir() + "/fy2023/not-there.xml.gz")) << m;
  EXPECT_TRUE(Contains(m, "CODESETS_DIR")) << m;
  // A wrong CODESETS_DIR: every input is missing; the first is named.
  r = ImportEntry(FixtureEntry(), "/nonexistent-dir", rep);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.error().message, "/nonexistent-dir/fx_order.txt")) << r.error().message;
}

TEST(Importer, ManifestEntryErrors) {
  Report rep;
  nlohmann::json e = FixtureEntry();
  e.erase("inputs");
  auto r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);

  e = FixtureEntry();
  InputWithRole(e, "order").erase("sha256");
  r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error().message, "icd10cm_order_2026.txt")) << r.error().message;

  e = FixtureEntry();
  e["system"] = "ICD-11";
  r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error().message, "ICD-11"));

  e = FixtureEntry();
  auto& ins = e["inputs"];
  for (size_t i = 0; i < ins.size(); ++i) {
    if (ins[i]["role"] == "chapters") ins.erase(i);
  }
  r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.error().message, "'chapters'")) << r.error().message;
}

TEST(Importer, SameInputsGiveByteIdenticalOutput) {
  Report r1, r2;
  auto a = ImportEntry(FixtureEntry(), FixturesDir(), r1);
  auto b = ImportEntry(FixtureEntry(), FixturesDir(), r2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), b->size());
  EXPECT_TRUE(*a == *b) << "two imports of the same inputs differ";
  EXPECT_EQ(r1.ToJson(), r2.ToJson());
}

TEST(Importer, ReportCountsAndSkips) {
  Report rep;
  auto r = ImportEntry(FixtureEntry(), FixturesDir(), rep);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(rep.counts["codes (order file lines)"], 54);
  EXPECT_EQ(rep.counts["codes billable"], 31);
  EXPECT_EQ(rep.counts["codes headers"], 23);
  EXPECT_EQ(rep.counts["addenda: codes added this year"], 5);
  EXPECT_EQ(rep.counts["addenda: codes deleted this year"], 2);
  EXPECT_EQ(rep.counts["addenda: titles revised this year"], 1);
  EXPECT_EQ(rep.counts["7th-character definitions (FY2023 tabular)"], 4);
  EXPECT_EQ(rep.counts["categories placed by section range (absent from the category list)"], 1);
  EXPECT_EQ(rep.skipped_by_reason["addenda 'Add' code not in the order file"], 1);
  EXPECT_EQ(rep.skipped_by_reason["notes JSON code not in the FY order file"], 1);
  EXPECT_EQ(rep.skipped_by_reason["FY2023 note on a code absent from FY2026"], 1);
  EXPECT_TRUE(Contains(rep.ToText(), "W2199XA"));
  EXPECT_EQ(rep.ToJson()["counts"]["chapters"], 4);
}

// Compressed copies of the inputs (as the real files are stored) give the same code set.
std::string Gzip(const std::string& in) { return fx::Deflate(in, 9, 15 + 16); }

std::string Xz(const std::string& in) {
  std::string out(lzma_stream_buffer_bound(in.size()), '\0');
  size_t pos = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                                    reinterpret_cast<uint8_t*>(out.data()), &pos, out.size()),
            LZMA_OK);
  out.resize(pos);
  return out;
}

TEST(Importer, CompressedInputs) {
  TempInputs t;
  t.Write("fx_order.txt.xz", Xz(Fixture("fx_order.txt")));
  t.Write("fx_tabular.xml.gz", Gzip(Fixture("fx_tabular.xml")));
  nlohmann::json e = FixtureEntry();
  InputWithRole(e, "order")["path"] = "fx_order.txt.xz";
  InputWithRole(e, "tabular")["path"] = "fx_tabular.xml.gz";
  TempInputs* tp = &t;
  for (auto& in : e["inputs"]) in["sha256"] = Sha256Hex(*ReadFile(tp->dir() + "/" + in["path"].get<std::string>()));
  Report rep;
  auto r = ImportEntry(e, t.dir(), rep);
  ASSERT_TRUE(r.ok()) << r.error().message;
  // Only META (paths, hashes) differs from the plain import: same sections otherwise.
  auto plain = fx::SplitSections(fx::FixtureFileBytes());
  auto packed = fx::SplitSections(*r);
  ASSERT_EQ(plain.size(), packed.size());
  for (size_t i = 0; i < plain.size(); ++i) {
    if (plain[i].tag == format::kTagMeta) continue;
    EXPECT_TRUE(plain[i].data == packed[i].data) << "section " << i;
  }
}

TEST(Importer, DamagedCompressedInput) {
  TempInputs t;
  std::string gz = Gzip(Fixture("fx_tabular.xml"));
  gz.resize(gz.size() / 2);
  t.Write("fx_tabular.xml.gz", gz);
  nlohmann::json e = t.Entry();
  InputWithRole(e, "tabular")["path"] = "fx_tabular.xml.gz";
  InputWithRole(e, "tabular")["sha256"] = Sha256Hex(gz);
  Report rep;
  auto r = ImportEntry(e, t.dir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_TRUE(Contains(r.error().message, "gzip")) << r.error().message;
  auto x = Decompress("a.xz", "not xz at all");
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().code, ErrorCode::kCorrupt);
  auto plain = Decompress("a.txt", "as is");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "as is");
}

// Feeds one replaced input and expects an error (never a crash) whose message has `part`.
void ExpectImportError(const std::string& file, const std::string& content, const std::string& part,
                       ErrorCode code = ErrorCode::kCorrupt) {
  TempInputs t;
  t.Write(file, content);
  Report rep;
  auto r = ImportEntry(t.Entry(), t.dir(), rep);
  ASSERT_FALSE(r.ok()) << file << " was accepted";
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_TRUE(Contains(r.error().message, part)) << "'" << part << "' not in: " << r.error().message;
}

TEST(Importer, MalformedOrderFile) {
  std::string order = Fixture("fx_order.txt");
  ExpectImportError("fx_order.txt", order + "00099 E999    1 too short\r\n", "line 55");
  std::string bad_flag = order;
  bad_flag[14] = '2';
  ExpectImportError("fx_order.txt", bad_flag, "line 1");
  // The same line twice.
  ExpectImportError("fx_order.txt", order + order.substr(0, order.find('\n') + 1), "duplicate code E10");
  // A code before its parent (tabular order broken).
  auto lines = SplitLines(order);
  std::string swapped = std::string(lines[1]) + "\r\n" + std::string(lines[0]) + "\r\n";
  for (size_t i = 2; i < lines.size(); ++i) {
    if (!lines[i].empty()) swapped += std::string(lines[i]) + "\r\n";
  }
  ExpectImportError("fx_order.txt", swapped, "E109");
  // A code whose category is absent.
  ExpectImportError("fx_order.txt",
                    order + "00099 Q999    1 Orphan code                                                  Orphan code\r\n",
                    "Q999");
  ExpectImportError("fx_order.txt", "", "no codes");
}

TEST(Importer, LexiconEntriesThatWouldMisleadAreRefused) {
  const std::string lex = Fixture("clinical-en.tsv");
  // "on insulin" is "insulin" once stopwords go: it would be read into every query with that word.
  ExpectImportError("clinical-en.tsv", lex + "on penicillin\tpenicillins\tlay\n", "is one word ('penicillin')");
  // A reading with a word no document has would match nothing, silently.
  ExpectImportError("clinical-en.tsv", lex + "xyzq\tfracture|zzqqzz\tabbr\n", "'zzqqzz', which no code title");
  ExpectImportError("clinical-en.tsv", lex + "pe\tpenicillins\tabbr\n", "twice");
  // A phrase longer than the search reads would never be read (stopwords aside: six words).
  ExpectImportError("clinical-en.tsv", lex + "broken arm when i fell down the stairs\tfracture\tlay\n",
                    "the search reads at most 5");
}

TEST(Importer, MalformedAddenda) {
  ExpectImportError("fx_codes_addenda.txt",
                    Fixture("fx_codes_addenda.txt") + "Revised:     E119    Something\r\n", "unrecognized addenda");
}

TEST(Importer, OddAddendaEntriesStillGiveAReadableFile) {
  // Whatever the importer accepts, the reader must open: a Delete entry whose code is
  // not an undotted upper-case code is skipped (reported), not written into DELC.
  TempInputs t;
  t.Write("fx_codes_addenda.txt", Fixture("fx_codes_addenda.txt") +
                                                "Delete:      E11.69  Dotted code\r\n"
                                                "Delete:      e1169   Lower case\r\n"
                                                "Delete:      E1169123 Too long\r\n"
                                                "Delete:\r\n"
                                                "Delete:      W2181XA Striking against or struck by football helmet, initial encounter\r\n");
  Report rep;
  auto r = ImportEntry(t.Entry(), t.dir(), rep);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(rep.skipped_by_reason["addenda 'Delete' entry without a valid undotted code"], 4);
  fx::Aligned a(*r);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  EXPECT_EQ(cs->deleted().size(), 3u);
  EXPECT_EQ(Validate(*cs, "W21.81XA").status, CodeStatus::kDeleted);
}

TEST(Importer, MalformedHierarchyCsv) {
  ExpectImportError("fx_chapters.csv", "chapter,description\nIV,\"Endocrine (E00-E89)\"\n",
                    "chapter 'IV' is not a number");
  ExpectImportError("fx_chapters.csv", "chapter,description\n4,Endocrine without a range\n",
                    "no code range");
  ExpectImportError("fx_chapters.csv", "chapter,description\n4\n", "expected 2 fields");
  ExpectImportError("fx_sections.csv", "section_range,chapter,description\nE08-E13,four,Diabetes\n",
                    "not a number");
  ExpectImportError("fx_sections.csv", "section_range,chapter,description\nE08-E13,99,Diabetes\n",
                    "unknown chapter 99");
  ExpectImportError("fx_categories.csv",
                    "ICD10-CM-CODE,description,section,chapter\nE11,Type 2 diabetes mellitus,E99-E99,4\n",
                    "unknown section E99-E99");
  // Every category must fall in a section (by list or by range).
  std::string sections = Fixture("fx_sections.csv");
  std::string no_h = sections.substr(0, sections.find("H80-H83")) + sections.substr(sections.find("S50-S59"));
  std::string cats = Fixture("fx_categories.csv");
  std::string no_h_cats = cats.substr(0, cats.find("H81,")) + cats.substr(cats.find("S52,"));
  TempInputs t;
  t.Write("fx_sections.csv", no_h);
  t.Write("fx_categories.csv", no_h_cats);
  Report rep;
  auto r = ImportEntry(t.Entry(), t.dir(), rep);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.error().message, "H81 falls in no section")) << r.error().message;
}

TEST(Importer, MalformedNotesJson) {
  ExpectImportError("fx_notes.json", "{not json", "notes JSON");
  ExpectImportError("fx_notes.json", R"({"codes": []})", "notes JSON");
  ExpectImportError("fx_notes.json", R"({"codes": {"E11": {"excludes1": "a string"}}})",
                    "E11.excludes1 is not an array");
  ExpectImportError("fx_notes.json", R"({"codes": {"E11": {"includes": [1]}}})", "non-string");
}

TEST(Importer, MalformedTabularXml) {
  std::string xml = Fixture("fx_tabular.xml");
  ExpectImportError("fx_tabular.xml", xml.substr(0, xml.size() / 2), "icd10cm_tabular_2023.xml line");
  ExpectImportError("fx_tabular.xml", "<?xml version=\"1.0\"?>\r\n<other/>\r\n", "no <ICD10CM.tabular>");
  std::string bad_ext = xml;
  bad_ext.replace(bad_ext.find("<extension char=\"A\">"), 20, "<extension char=\"AB\">");
  ExpectImportError("fx_tabular.xml", bad_ext, "one-character");
  std::string twice = xml;
  size_t def = twice.find("<sevenChrDef>");
  size_t end = twice.find("</sevenChrDef>", def) + 14;
  twice.insert(end, twice.substr(def, end - def));
  ExpectImportError("fx_tabular.xml", twice, "two sevenChrDef on S52");
}

TEST(Importer, OptionalInputsMayBeLeftOut) {
  // Without addenda, notes and tabular: codes and hierarchy only.
  nlohmann::json e = FixtureEntry();
  nlohmann::json kept = nlohmann::json::array();
  for (auto& in : e["inputs"]) {
    if (in["role"] != "addenda" && in["role"] != "notes" && in["role"] != "tabular") kept.push_back(in);
  }
  e["inputs"] = kept;
  Report rep;
  auto r = ImportEntry(e, FixturesDir(), rep);
  ASSERT_TRUE(r.ok()) << r.error().message;
  fx::Aligned a(*r);
  auto cs = CodeSet::Open(a.span());
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  EXPECT_EQ(cs->size(), 54u);
  EXPECT_TRUE(cs->notes().empty());
  EXPECT_TRUE(cs->seventh_defs().empty());
  EXPECT_EQ(Validate(*cs, "T36.0X1").status, CodeStatus::kHeader);  // no 7th-character definitions known
}

TEST(ExtractRefs, OfficialForms) {
  using R = std::vector<RefRange>;
  EXPECT_EQ(ExtractRefs("bacterial foodborne intoxications (A05.-)"), (R{{"A05", "A05"}}));
  EXPECT_EQ(ExtractRefs("sepsis due to streptococcus (P36.0-P36.1)"), (R{{"P360", "P361"}}));
  EXPECT_EQ(ExtractRefs("complications (O03.37, O03.87)"), (R{{"O0337", "O0337"}, {"O0387", "O0387"}}));
  EXPECT_EQ(ExtractRefs("infection (T80.22-, T80.29-)"), (R{{"T8022", "T8022"}, {"T8029", "T8029"}}));
  EXPECT_EQ(ExtractRefs("birth trauma (P10-P15)"), (R{{"P10", "P15"}}));
  EXPECT_EQ(ExtractRefs("in remission (E11.A)"), (R{{"E11A", "E11A"}}));
  EXPECT_EQ(ExtractRefs("dermatitis (L23-L25, L27.-)"), (R{{"L23", "L25"}, {"L27", "L27"}}));
  EXPECT_EQ(ExtractRefs("antineoplastic antibiotics (T45.1-)"), (R{{"T451", "T451"}}));
  EXPECT_EQ(ExtractRefs("neonatal diabetes mellitus (P70.2)"), (R{{"P702", "P702"}}));
}

TEST(ExtractRefs, SeveralGroupsAndNoise) {
  using R = std::vector<RefRange>;
  EXPECT_EQ(ExtractRefs("a (E08.-) and b (E13.-) and again (E08.-)"), (R{{"E08", "E08"}, {"E13", "E13"}}));
  EXPECT_EQ(ExtractRefs("no references here"), R{});
  EXPECT_EQ(ExtractRefs("(mellitus)"), R{});
  EXPECT_EQ(ExtractRefs("unterminated (E11.9"), R{});
  EXPECT_EQ(ExtractRefs("()"), R{});
  EXPECT_EQ(ExtractRefs("(ICD10, E1, E11x9)"), R{});  // not codes
  EXPECT_EQ(ExtractRefs("code to identify control using: insulin (Z79.4)"), (R{{"Z794", "Z794"}}));
  EXPECT_EQ(ExtractRefs("(E05.8, E07.0, E16-E31, E34.-)"), (R{{"E058", "E058"}, {"E070", "E070"}, {"E16", "E31"}, {"E34", "E34"}}));
  // A piece may start with words before its code ("i.e. E05.8").
  EXPECT_EQ(ExtractRefs("(i.e. E05.8, E07.0)"), (R{{"E058", "E058"}, {"E070", "E070"}}));
  EXPECT_EQ(ExtractRefs("(see also ICD10 E11.9)"), (R{{"E119", "E119"}}));
}

TEST(Util, Sha256KnownAnswers) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),  // 56 bytes: two padding blocks
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(Sha256Hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(Sha256Hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
}

TEST(Util, SplitLinesAndCsv) {
  EXPECT_EQ(SplitLines("a\r\nb\nc"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(SplitLines("a\r\n"), (std::vector<std::string_view>{"a"}));
  EXPECT_TRUE(SplitLines("").empty());
  EXPECT_EQ(ParseCsvLine(R"(T36,"Poisoning by, adverse effect of ""x""",T36-T50,19)"),
            (std::vector<std::string>{"T36", "Poisoning by, adverse effect of \"x\"", "T36-T50", "19"}));
  EXPECT_EQ(ParseCsvLine("a,,b,"), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(Trim("  x y \t\r\n"), "x y");
}


// Two years in one file: the fixture order file as FY2026, and a FY2027 written here in the
// same layout (E11.691 deleted, E10.9 made a header with a new child E10.90, E11.9
// retitled). The merge keeps the deleted code where FY2026 had it; the date of service
// then chooses the year (medcode/years.h).
std::string OrderLine(int n, const std::string& code, bool billable, const std::string& short_title, const std::string& title) {
  char buf[320];
  std::snprintf(buf, sizeof buf, "%05d %-7s %c %-60s %s\r\n", n, code.c_str(), billable ? '1' : '0',
                short_title.substr(0, 60).c_str(), title.c_str());
  return buf;
}

TEST(Importer, TwoYearsInOneFile) {
  std::string older = Fixture("fx_order.txt");
  std::string newer;
  int n = 0;
  for (auto line : SplitLines(older)) {
    if (line.size() < 77) continue;
    std::string code(Trim(line.substr(6, 7)));
    std::string title(Trim(line.substr(77)));
    std::string short_title(Trim(line.substr(16, 60)));
    if (code == "E11691") continue;  // deleted
    if (code == "E109") {
      newer += OrderLine(++n, code, false, short_title, title);
      newer += OrderLine(++n, "E1090", true, "Type 1 diabetes, newly specified", title + ", newly specified");
      continue;
    }
    if (code == "E119") title += " (revised)";
    newer += OrderLine(++n, code, line[14] == '1', short_title, title);
  }
  TempInputs t;  // a copy of the fixture inputs
  t.Write("fx_order_2027.txt", newer);
  nlohmann::json e = FixtureEntry();
  nlohmann::json second = InputWithRole(e, "order");
  second["path"] = "fx_order_2027.txt";
  second["name"] = "fx_order_2027.txt";
  second["year"] = 2027;
  e["inputs"].push_back(second);
  e["years"] = nlohmann::json::array({{{"year", 2026}, {"effective_from", "2025-10-01"}, {"effective_to", "2026-09-30"}},
                                      {{"year", 2027}, {"effective_from", "2026-10-01"}, {"effective_to", "2027-09-30"}}});
  for (auto& in : e["inputs"]) {
    auto bytes = ReadFile(t.dir() + "/" + in["path"].get<std::string>());
    ASSERT_TRUE(bytes.ok()) << in["path"];
    in["sha256"] = Sha256Hex(*bytes);
  }
  Report rep;
  auto file = ImportEntry(e, t.dir(), rep);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(rep.counts["FY2026 codes not in FY2027 (kept, valid through FY2026)"], 1);
  EXPECT_EQ(rep.counts["FY2027 codes new since FY2026"], 1);
  EXPECT_EQ(rep.counts["FY2026 billable codes that are headers in FY2027"], 1);
  EXPECT_EQ(rep.counts["FY2026 codes retitled in FY2027"], 1);
  fx::Aligned bytes(*file);
  auto cs = CodeSet::Open(bytes.span());
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  ASSERT_EQ(cs->years().size(), 2u);
  // The deleted code sits where FY2026 had it: after E11.690, inside E11.69's subtree.
  auto del = cs->Find("E11691");
  ASSERT_TRUE(del.has_value());
  EXPECT_EQ(cs->code(*del - 1), "E11690");
  EXPECT_TRUE(cs->terminated(*del));
  EXPECT_FALSE(cs->billable(*del));
  auto ch = Changes(*cs, 1);
  ASSERT_TRUE(ch.ok());
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& c : *ch) by[ChangeKindName(c.kind)].push_back(cs->Dotted(c.code));
  EXPECT_EQ(by["added"], std::vector<std::string>{"E10.90"});
  EXPECT_EQ(by["deleted"], std::vector<std::string>{"E11.691"});
  EXPECT_EQ(by["became-header"], std::vector<std::string>{"E10.9"});
  EXPECT_EQ(by["retitled"], std::vector<std::string>{"E11.9"});
  EXPECT_EQ(Validate(*cs, "E11.691", "2026-05-01").status, CodeStatus::kValid);
  EXPECT_EQ(Validate(*cs, "E11.691", "2026-12-01").status, CodeStatus::kDeleted);
  Validation early = Validate(*cs, "E10.90", "2026-05-01");
  EXPECT_EQ(early.status, CodeStatus::kNotYetEffective);
  EXPECT_EQ(early.suggestions, std::vector<std::string>{"E10.9"});
  Validation header = Validate(*cs, "E10.9", "2026-12-01");
  EXPECT_EQ(header.status, CodeStatus::kHeader);
  EXPECT_EQ(header.suggestions, std::vector<std::string>{"E10.90"});
  auto d26 = Lookup(*cs, "E11.9", "2026-01-05");
  auto d27 = Lookup(*cs, "E11.9", "2026-11-05");
  ASSERT_TRUE(d26.ok() && d27.ok());
  EXPECT_EQ(d26->title, "Type 2 diabetes mellitus without complications");
  EXPECT_EQ(d27->title, "Type 2 diabetes mellitus without complications (revised)");
  EXPECT_TRUE(d27->revised_this_year);

  // "years" must name one year per order file.
  e["years"].erase(0);
  Report rep2;
  auto bad = ImportEntry(e, t.dir(), rep2);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Contains(bad.error().message, "one year per 'order' input")) << bad.error().message;
}

}  // namespace
