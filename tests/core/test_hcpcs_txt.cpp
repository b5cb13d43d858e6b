// The HCPCS alpha-numeric file as fixed-width text (codesets/importer/hcpcs_txt.h): the
// layout's columns, the same code set as the workbook of the same release
// (tests/fixtures/hcpcs: HCPC_fixture.txt is HCPC_fixture.xlsx in the text layout, written by
// make_hcpcs_fixture.py), and every kind of damage refused with its line.
#include <gtest/gtest.h>

#include <map>

#include "fixture.h"
#include "hcpcs_txt.h"
#include "medcode/codeset.h"
#include "medcode/lookup.h"
#include "same_file_but_load.h"
#include "user_files.h"
#include "util.h"

namespace medcode {
namespace {

using import::LoadUserFiles;
using import::UserFile;
namespace txt = import::hcpcs_txt;

std::string Fixture(const char* name) {
  auto b = import::ReadFile(fx::FixturesDir() + "/hcpcs/" + name);
  EXPECT_TRUE(b) << name;
  return b ? *b : std::string();
}

import::LoadOptions On(const char* day) {
  import::LoadOptions o;
  o.loaded_on = day;
  return o;
}

// The fixture text's lines (without their CR LF), and back.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto l : import::SplitLines(text)) out.emplace_back(l);
  return out;
}
std::string Join(const std::vector<std::string>& lines, const char* end = "\r\n") {
  std::string s;
  for (const auto& l : lines) s += l + end;
  return s;
}

// One record of 320 characters with `fields` (1-based first column -> text) written in.
std::string Record(const std::map<size_t, std::string>& fields, size_t length = txt::kRecordLength) {
  std::string r(txt::kRecordLength, ' ');
  for (const auto& [col, v] : fields) r.replace(col - 1, v.size(), v);
  return r.substr(0, length);
}

Result<import::UserLoad> LoadText(const std::string& bytes, const char* name = "HCPC2025_OCT_ANWEB_v4.txt") {
  return LoadUserFiles({UserFile{name, bytes}}, On("2026-12-05"));
}

// The message of a load refused, or a note that it was not.
std::string Refusal(const std::string& bytes) {
  auto r = LoadText(bytes);
  return r ? "(loaded)" : r.error().message;
}

TEST(HcpcsText, ReadsEachColumnOfTheLayout) {
  std::map<size_t, std::string> f = {
      {1, "J1100"},    {6, "00100"},    {11, "3"},        {12, "Test injection"}, {92, "Test inj"},   {120, "51"},
      {122, "11"},     {124, "13"},     {126, "21"},      {128, "A"},             {129, "60-11"},     {135, "60-3"},
      {141, "50-1"},   {147, "2100.1"}, {155, "2049"},    {163, "4270.2"},        {171, "1861S10A"},  {181, "100"},
      {184, "110"},    {202, "900"},    {205, "A4467"},   {225, "J1200"},         {230, "C"},         {231, "YY"},
      {233, "20080101"}, {241, "102"}, {244, "1"},       {245, "20090101"},      {253, "0196"},      {257, "O1E"},
      {261, "1"},      {265, "W"},      {266, "  5"},     {269, "19940101"},      {277, "20010101"},  {285, "20301231"},
      {293, "N"}};
  auto t = txt::Read(Record(f) + "\r\n");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 2u);
  ASSERT_EQ(t->rows[0].size(), 48u) << "the workbook's 48 columns";
  EXPECT_EQ(t->lines, (std::vector<size_t>{0, 1}));
  std::map<std::string, std::string> got;
  for (size_t c = 0; c < 48; ++c) got[t->rows[0][c]] = t->rows[1][c];
  const std::map<std::string, std::string> want = {
      {"HCPC", "J1100"}, {"SEQNUM", "00100"}, {"RECID", "3"}, {"LONG DESCRIPTION", "Test injection"},
      {"SHORT DESCRIPTION", "Test inj"}, {"PRICE1", "51"}, {"PRICE2", "11"}, {"PRICE3", "13"}, {"PRICE4", "21"},
      {"MULT_PI", "A"}, {"CIM1", "60-11"}, {"CIM2", "60-3"}, {"CIM3", "50-1"}, {"MCM1", "2100.1"}, {"MCM2", "2049"},
      {"MCM3", "4270.2"}, {"STATUTE", "1861S10A"}, {"LABCERT1", "100"}, {"LABCERT2", "110"}, {"LABCERT3", ""},
      {"LABCERT4", ""}, {"LABCERT5", ""}, {"LABCERT6", ""}, {"LABCERT7", ""}, {"LABCERT8", "900"},
      {"XREF1", "A4467"}, {"XREF2", ""}, {"XREF3", ""}, {"XREF4", ""}, {"XREF5", "J1200"}, {"COV", "C"},
      {"ASC_GRP", "YY"}, {"ASC_DT", "20080101"}, {"OPPS", "102"}, {"OPPS_PI", "1"}, {"OPPS_DT", "20090101"},
      {"PROCNOTE", "0196"}, {"BETOS", "O1E"}, {"TOS1", "1"}, {"TOS2", ""}, {"TOS3", ""}, {"TOS4", ""}, {"TOS5", "W"},
      {"ANEST_BU", "  5"}, {"ADD DT", "19940101"}, {"ACT EFF DT", "20010101"}, {"TERM DT", "20301231"},
      {"ACTION CD", "N"}};
  EXPECT_EQ(got, want);
}

TEST(HcpcsText, RecognisedByContentNotName) {
  UserFile f{"renamed.dat", Fixture("HCPC_fixture.txt")};
  auto r = import::RecogniseUserFile(f);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kind, "hcpcs-txt");
  EXPECT_TRUE(txt::LooksLikeHcpcsText(f.bytes));
  EXPECT_FALSE(txt::LooksLikeHcpcsText(Fixture("HCPC_fixture.xlsx")));
  EXPECT_FALSE(txt::LooksLikeHcpcsText("00001 A00     0 Cholera\r\n")) << "an ICD-10-CM order file";
  // Renamed, the file does not say its quarter: --from is needed, as for the workbook.
  auto unnamed = LoadText(f.bytes, "codes.txt");
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message.find("codes.txt: the dates of this release are not in the file"), std::string::npos)
      << unnamed.error().message;
}

// The text and the workbook of one release compile to the same code set: every section but
// META byte for byte, META but for the file's name, sha256 and the provenance naming them.
TEST(HcpcsText, SameCodeSetAsTheWorkbookOfTheSameRelease) {
  auto x = LoadUserFiles({UserFile{"HCPC2025_OCT_ANWEB_v4.xlsx", Fixture("HCPC_fixture.xlsx")}}, On("2026-12-05"));
  ASSERT_TRUE(x) << x.error().message;
  const std::string text = Fixture("HCPC_fixture.txt");
  auto t = LoadText(text);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->system, "HCPCS");
  EXPECT_EQ(t->report["effective_from"], "2025-10-01") << "the quarter from the CMS name, as for the workbook";
  EXPECT_EQ(t->report["effective_to"], "2025-12-31");
  EXPECT_EQ(t->report["files"][0]["kind"], "hcpcs-txt");
  EXPECT_EQ(t->report["files"][0]["what"], "HCPCS Level II alpha-numeric file (fixed-width text)");
  EXPECT_EQ(t->report["counts"]["codes"], x->report["counts"]["codes"]);
  EXPECT_EQ(t->report["counts"]["modifiers"], x->report["counts"]["modifiers"]);
  // A4253's description is cut over two lines in the text, one cell in the workbook.
  EXPECT_EQ(t->report["counts"]["continuation lines joined"], 2);
  EXPECT_EQ(x->report["counts"]["continuation lines joined"], 1);
  fx::ExpectSameFileButSourceFile(t->bytes, x->bytes);
  // The rows the importer skips are named by their line in the text.
  const std::string skipped = t->report.dump();
  EXPECT_NE(skipped.find("HCPC2025_OCT_ANWEB_v4.txt line 17: 'E01'"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("HCPC2025_OCT_ANWEB_v4.txt line 18: E0100"), std::string::npos) << skipped;
  // LF line ends and no line end after the last record read the same.
  std::string lf = Join(Lines(text), "\n");
  lf.pop_back();
  auto t2 = LoadText(lf);
  ASSERT_TRUE(t2) << t2.error().message;
  EXPECT_TRUE(t2->bytes.size() == t->bytes.size());
  fx::ExpectSameFileButSourceFile(t2->bytes, x->bytes);
  // A byte order mark an editor put first is no part of the first record.
  auto bom = LoadText("\xEF\xBB\xBF" + text);
  ASSERT_TRUE(bom) << bom.error().message;
  fx::ExpectSameFileButSourceFile(bom->bytes, x->bytes);
  // Empty lines after the last record are no records.
  auto t3 = LoadText(text + "\r\n\r\n");
  ASSERT_TRUE(t3) << t3.error().message;
  fx::ExpectSameFileButSourceFile(t3->bytes, x->bytes);

  fx::Aligned a(t->bytes);
  auto cs = fx::OpenBytes(a);
  ASSERT_TRUE(cs) << cs.error().message;
  auto d = Lookup(*cs, "A4253");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->title, "Test blood glucose test or reagent strips for home blood glucose monitor, per 50 strips");
}

// A modifier's description over several lines (RECID 7, then 8), and a description with
// characters outside ASCII: the record is 320 characters, more bytes.
TEST(HcpcsText, ModifierContinuationAndUtf8) {
  const std::string text = Join({
      Record({{4, "KX"}, {6, "00100"}, {11, "7"}, {12, "Test modifier whose description goes on"}, {92, "Test KX"},
              {230, "C"}, {269, "20020701"}, {277, "20020701"}, {293, "N"}}),
      Record({{4, "KX"}, {6, "00200"}, {11, "8"}, {12, "over a second line"}}, txt::kContinuationLength),
      Record({{4, "KX"}, {6, "00300"}, {11, "8"}, {12, "and a third"}}),
      Record({{1, "E0100"}, {6, "00100"}, {11, "3"}, {12, "Test cane for Meniere's ward"}, {92, "Test cane"},
              {230, "D"}, {269, "19860101"}, {277, "19960101"}, {293, "N"}}),
  });
  // Two characters of two bytes each: the record stays 320 characters, 322 bytes, and the
  // fields after the description stay in their columns.
  std::vector<std::string> lines = Lines(text);
  lines[3].replace(lines[3].find("Meniere"), 7, "M\xC3\xA9ni\xC3\xA8re");
  ASSERT_EQ(lines[3].size(), 322u);
  auto t = LoadText(Join(lines));
  ASSERT_TRUE(t) << t.error().message;
  fx::Aligned a(t->bytes);
  auto cs = fx::OpenBytes(a);
  ASSERT_TRUE(cs) << cs.error().message;
  const format::ModifierRec* kx = cs->FindModifier("KX");
  ASSERT_NE(kx, nullptr);
  EXPECT_EQ(cs->str(kx->title), "Test modifier whose description goes on over a second line and a third");
  auto d = Lookup(*cs, "E0100");
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->title, "Test cane for M\xC3\xA9ni\xC3\xA8re's ward");
}

// Damage: each refused with the file's name, the line and what is wrong.
TEST(HcpcsText, DamagedFilesAreRefusedWithTheirLine) {
  const std::string text = Fixture("HCPC_fixture.txt");
  const std::vector<std::string> good = Lines(text);
  ASSERT_EQ(good.size(), 18u);
  ASSERT_EQ(good[5].substr(0, 11), "A4253001003");
  ASSERT_EQ(good[6].substr(0, 11), "A4253002004");
  const std::string name = "HCPC2025_OCT_ANWEB_v4.txt: ";
  auto with = [&](size_t line, const std::string& new_text) {
    auto l = good;
    l[line - 1] = new_text;
    return Join(l);
  };
  auto expect = [&](const std::string& bytes, const std::string& message) {
    const std::string got = Refusal(bytes);
    EXPECT_NE(got.find(name + message), std::string::npos) << "got: " << got << "\nwant: " << message;
  };
  // A record one character short, or long.
  expect(with(3, good[2].substr(0, 319)), "line 3: a record of 319 characters: the layout's are 320");
  expect(with(8, good[7] + " "), "line 8: a record of 321 characters: the layout's are 320");
  expect(with(7, good[6] + "   "), "line 7: a record of 94 characters: the layout's are 320 (or 91 for a continuation line)");
  // A RECID the layout does not know.
  {
    std::string l = good[1];
    l[10] = '5';
    expect(with(2, l), "line 2: record identification code (RECID, column 11) '5': the layout knows 3, 4 (procedure), 7, 8 (modifier)");
  }
  // A continuation without its first line: A4253's first line removed, or another code's.
  {
    auto l = good;
    l.erase(l.begin() + 5);
    expect(Join(l), "line 6: a continuation line (RECID 4) of 'A4253' without the first line of its procedure (RECID 3) before it ('A2036', RECID 3)");
    std::string m = good[6];
    m[10] = '8';  // a modifier's continuation after a procedure
    expect(with(7, m), "line 7: a continuation line (RECID 8) of 'A4253' without the first line of its modifier (RECID 7) before it ('A4253', RECID 3)");
    auto first = good;
    first.erase(first.begin(), first.begin() + 6);  // the file starts with the continuation
    expect(Join(first), "line 1: a continuation line (RECID 4) of 'A4253' without the first line of its procedure (RECID 3)");
  }
  // A continuation line of 320 characters with data after its description.
  expect(with(7, Record({{1, "A4253"}, {6, "00200"}, {11, "4"}, {12, "strips"}, {230, "C"}})),
         "line 7: a continuation line (RECID 4) with data after its description (columns 92-320 must be blank)");
  // Dates that are not YYYYMMDD.
  {
    std::string l = good[4];
    l.replace(268, 8, "20251340");
    expect(with(5, l), "line 5: ADD DT (columns 269-276) '20251340' is not a date YYYYMMDD");
    l = good[4];
    l.replace(284, 8, "2025-1-1");
    expect(with(5, l), "line 5: TERM DT (columns 285-292) '2025-1-1' is not a date YYYYMMDD");
    l = good[11];
    l.replace(232, 8, "0000000A");
    expect(with(12, l), "line 12: ASC_DT (columns 233-240) '0000000A' is not a date YYYYMMDD");
  }
  // A sequence number that is not digits.
  {
    std::string l = good[3];
    l.replace(5, 5, "00 10");
    expect(with(4, l), "line 4: the sequence number (SEQNUM, columns 6-10) '00 10' is not five digits");
  }
  // Text that is not UTF-8, and control characters (a binary file, a tab).
  {
    std::string l = good[9];
    l[20] = '\xFF';
    expect(with(10, l), "line 10: byte 21 of the line is not UTF-8 text");
    l = good[9];
    l[20] = '\t';
    expect(with(10, l), "line 10: a control character (0x09) at byte 21");
    std::string bin = text;
    bin[text.size() - 40] = '\0';
    expect(bin, "line 18: a control character (0x00) at byte 283");
  }
  // An empty line between records; the file cut short in its last record.
  {
    auto l = good;
    l.insert(l.begin() + 2, "");
    expect(Join(l), "line 3: an empty line between the records");
    expect(text.substr(0, 5000), "line 17: the last record is cut short (77 characters of 320): the file is truncated");
    expect(text.substr(0, 2 * 322 + 5), "line 3: the last record is cut short (5 characters of 320): the file is truncated");
  }
  // Nothing but empty lines is no file (and not recognised as the text).
  EXPECT_NE(Refusal("\r\n\r\n").find("not a file this loader knows"), std::string::npos);
  // The undamaged text still loads (the damage above was the only cause).
  EXPECT_EQ(Refusal(text), "(loaded)");
}

}  // namespace
}  // namespace medcode
