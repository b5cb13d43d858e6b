// The real October 2025 HCPCS release (HCPC2025_OCT_ANWEB_v4.xlsx, ../shared/codesets) as
// the fixed-width text CMS publishes beside it: this test writes that text at run time, in a
// temporary folder, from the workbook's 8,846 records in the CMS record layout ("HCPCS
// Contractor Record", 320 characters; written out here from the layout, not from the
// reader's table), descriptions longer than a line's 80 columns cut at a space onto
// continuation lines (RECID 4 / 8, 91 characters, CR LF) as CMS cuts them. Both files are
// then loaded as a user loads them (coder-import --load, the page): the code sets must be
// the same bytes but for the file's name, sha256 and the provenance naming them, and the
// same as the manifest build's but for META. Skipped without the real file.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "fixture.h"
#include "icd10cm.h"
#include "same_file_but_load.h"
#include "user_files.h"
#include "util.h"
#include "xlsx.h"

namespace medcode {
namespace {

namespace fs = std::filesystem;

// The record layout: (first column, width) of each field, 1-based.
std::map<std::string, std::pair<size_t, size_t>> Layout() {
  std::map<std::string, std::pair<size_t, size_t>> l = {
      {"HCPC", {1, 5}},        {"SEQNUM", {6, 5}},       {"RECID", {11, 1}},     {"LONG DESCRIPTION", {12, 80}},
      {"SHORT DESCRIPTION", {92, 28}}, {"MULT_PI", {128, 1}}, {"STATUTE", {171, 10}}, {"COV", {230, 1}},
      {"ASC_GRP", {231, 2}},   {"ASC_DT", {233, 8}},     {"OPPS", {241, 3}},     {"OPPS_PI", {244, 1}},
      {"OPPS_DT", {245, 8}},   {"PROCNOTE", {253, 4}},   {"BETOS", {257, 3}},    {"ANEST_BU", {266, 3}},
      {"ADD DT", {269, 8}},    {"ACT EFF DT", {277, 8}}, {"TERM DT", {285, 8}},  {"ACTION CD", {293, 1}}};
  for (size_t k = 0; k < 4; ++k) l["PRICE" + std::to_string(k + 1)] = {120 + 2 * k, 2};
  for (size_t k = 0; k < 3; ++k) l["CIM" + std::to_string(k + 1)] = {129 + 6 * k, 6};
  for (size_t k = 0; k < 3; ++k) l["MCM" + std::to_string(k + 1)] = {147 + 8 * k, 8};
  for (size_t k = 0; k < 8; ++k) l["LABCERT" + std::to_string(k + 1)] = {181 + 3 * k, 3};
  for (size_t k = 0; k < 5; ++k) l["XREF" + std::to_string(k + 1)] = {205 + 5 * k, 5};
  for (size_t k = 0; k < 5; ++k) l["TOS" + std::to_string(k + 1)] = {261 + k, 1};
  return l;
}

// A description cut into lines of at most 80 characters, at a single space between two words
// (the space dropped: the reader joins the lines with one).
std::vector<std::string> Wrap(std::string text) {
  std::vector<std::string> out;
  while (text.size() > 80) {
    size_t cut = 80;
    while (cut > 0 && !(text[cut] == ' ' && text[cut - 1] != ' ' && cut + 1 < text.size() && text[cut + 1] != ' ')) --cut;
    if (cut == 0) cut = 80;  // a word longer than a line (none in the 2025 file)
    out.push_back(text.substr(0, cut));
    text = text.substr(cut + (text[cut] == ' ' ? 1 : 0));
  }
  out.push_back(text);
  return out;
}

struct Written {
  std::string text;
  size_t records = 0, continuation_lines = 0, wrapped = 0;
};

Written WriteText(const std::vector<import::xlsx::Row>& rows) {
  const auto layout = Layout();
  std::map<std::string, size_t> col;
  for (size_t c = 0; c < rows[0].size(); ++c) col[rows[0][c]] = c;
  EXPECT_EQ(col.size(), 48u) << "the workbook's 48 columns";
  for (const auto& [name, place] : layout) EXPECT_TRUE(col.count(name)) << name << " is not a column of the workbook";
  Written w;
  auto cell = [&](const import::xlsx::Row& r, const std::string& name) -> std::string {
    size_t c = col.at(name);
    return c < r.size() ? r[c] : std::string();
  };
  auto put = [&](std::string& line, const std::string& name, const std::string& v) {
    auto [begin, width] = layout.at(name);
    EXPECT_LE(v.size(), width) << name << " '" << v << "' is wider than its field";
    line.replace(begin - 1, std::min(v.size(), width), v.substr(0, width));
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::string recid = cell(r, "RECID");
    EXPECT_TRUE(recid == "3" || recid == "7") << "row " << i + 1 << ": the 2025 workbook has no continuation rows";
    std::string line(320, ' ');
    for (const auto& [name, place] : layout) {
      if (name != "LONG DESCRIPTION" && name != "SEQNUM") put(line, name, cell(r, name));
    }
    const auto parts = Wrap(cell(r, "LONG DESCRIPTION"));
    put(line, "SEQNUM", "00100");
    put(line, "LONG DESCRIPTION", parts[0]);
    w.text += line + "\r\n";
    ++w.records;
    w.wrapped += parts.size() > 1 ? 1 : 0;
    for (size_t k = 1; k < parts.size(); ++k) {
      std::string more(91, ' ');
      char seq[8];
      std::snprintf(seq, sizeof seq, "%03zu00", k + 1);
      put(more, "HCPC", cell(r, "HCPC"));
      put(more, "SEQNUM", seq);
      put(more, "RECID", recid == "3" ? "4" : "8");
      put(more, "LONG DESCRIPTION", parts[k]);
      w.text += more + "\r\n";
      ++w.continuation_lines;
    }
  }
  return w;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(HcpcsTextFullData, October2025TextAndWorkbookMakeTheSameCodeSet) {
  const nlohmann::json entry = fx::RealManifestEntry("hcpcs-2025q4");
  ASSERT_FALSE(entry.is_null()) << "codesets/manifest.json has no hcpcs-2025q4 entry";
  const std::string xlsx_path = fx::RealCodesetsDir() + "/" + entry["inputs"][0]["path"].get<std::string>();
  if (!fs::exists(xlsx_path)) {
    std::printf("MEDCODE_FULLDATA_SKIPPED: %s not found; set CODESETS_DIR\n", xlsx_path.c_str());
    GTEST_SKIP();
  }
  auto workbook = import::ReadFile(xlsx_path);
  ASSERT_TRUE(workbook.ok()) << workbook.error().message;
  auto rows = import::xlsx::ReadFirstSheet(*workbook);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 8847u) << "8,846 records and the header (SOURCES.md)";

  const Written w = WriteText(*rows);
  std::printf("wrote the fixed-width text: %zu records, %zu continuation lines (%zu descriptions longer than a line), %.1f MB\n",
              w.records, w.continuation_lines, w.wrapped, static_cast<double>(w.text.size()) / 1e6);
  const fs::path dir = fs::temp_directory_path() / ("medcode-hcpcs-txt-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  const fs::path txt_path = dir / "HCPC2025_OCT_ANWEB_v4.txt";
  {
    std::ofstream out(txt_path, std::ios::binary);
    out << w.text;
    ASSERT_TRUE(out.good()) << txt_path;
  }
  auto text = import::ReadFile(txt_path.string());
  fs::remove_all(dir);
  ASSERT_TRUE(text.ok()) << text.error().message;
  ASSERT_TRUE(*text == w.text);

  import::LoadOptions on;
  on.loaded_on = "2026-12-05";
  auto t0 = std::chrono::steady_clock::now();
  auto from_xlsx = import::LoadUserFiles({{"HCPC2025_OCT_ANWEB_v4.xlsx", *workbook}}, on);
  const double xlsx_s = Seconds(t0);
  ASSERT_TRUE(from_xlsx.ok()) << from_xlsx.error().message;
  t0 = std::chrono::steady_clock::now();
  auto from_txt = import::LoadUserFiles({{"HCPC2025_OCT_ANWEB_v4.txt", *text}}, on);
  const double txt_s = Seconds(t0);
  ASSERT_TRUE(from_txt.ok()) << from_txt.error().message;
  std::printf("compiled: the workbook (%.1f MB) in %.2f s, the text (%.1f MB) in %.2f s, into %zu bytes each\n",
              static_cast<double>(workbook->size()) / 1e6, xlsx_s, static_cast<double>(text->size()) / 1e6, txt_s,
              from_txt->bytes.size());

  const auto& rt = from_txt->report;
  EXPECT_EQ(rt["files"][0]["kind"], "hcpcs-txt");
  EXPECT_EQ(rt["effective_from"], "2025-10-01");
  EXPECT_EQ(rt["effective_to"], "2025-12-31");
  EXPECT_EQ(rt["counts"]["codes"], 8463);
  EXPECT_EQ(rt["counts"]["modifiers"], 383);
  EXPECT_EQ(rt["counts"]["continuation lines joined"], static_cast<int64_t>(w.continuation_lines));
  EXPECT_EQ(rt["skipped_by_reason"], from_xlsx->report["skipped_by_reason"]) << "the same rows noted, whichever file";
  fx::ExpectSameFileButSourceFile(from_txt->bytes, from_xlsx->bytes);

  // ... and the code set the manifest builds from the workbook, but for META.
  import::Report rep;
  auto built = import::ImportEntry(entry, fx::RealCodesetsDir(), rep, fx::ProjectCodesetsDir());
  ASSERT_TRUE(built.ok()) << built.error().message;
  nlohmann::json ma, mb;
  fx::ExpectSameSectionsButMeta(from_txt->bytes, *built, &ma, &mb);
}

}  // namespace
}  // namespace medcode
