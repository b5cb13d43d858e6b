// Issue 12 on the real files: the FY2026 code set built from a manifest entry (the
// icd10cm-2027 entry of codesets/manifest.json without its FY2027 order file and years:
// an entry the default import does not build), then the shared FY2027 order file loaded
// onto it through the user path (LoadUserFiles, as coder-import --load and the page do),
// against the two-year file the manifest path builds (icd10cm-2027).
//
// What is compared: every section of the two files but META byte for byte (codes, years,
// titles, notes, 7th characters, deleted codes, the search index, the lexicon, the
// Alphabetic Index and Tables; neither holds the import state). META field by field, except what
// records the load: "provenance" (user-loaded, the file's name, sha256, the date) and the
// loaded input's path, sha256 and kind (the manifest lists the stored .xz with its own
// sha256; the user loads the order file itself). And the import state files written with
// each (the user load's beside its output, the manifest's beside icd10cm-2027.mcs): ISRC
// byte for byte, META but for the code set each names. See same_file_but_load.h.
//
// Runs only when the real inputs are present at $CODESETS_DIR (default
// ../shared/codesets); otherwise it prints MEDCODE_FULLDATA_SKIPPED and ctest skips it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "fixture.h"
#include "icd10cm.h"
#include "same_file_but_load.h"
#include "user_files.h"
#include "util.h"

namespace {

using namespace medcode;
using namespace medcode::import;

using fx::ProjectCodesetsDir;
using fx::RealCodesetsDir;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST(Icd10cmYearFullData, LoadedFy2027IsTheManifestBuildButForTheLoadsProvenance) {
  const nlohmann::json both = fx::RealManifestEntry("icd10cm-2027");
  ASSERT_FALSE(both.is_null()) << "codesets/manifest.json has no icd10cm-2027 entry";
  for (const auto& in : both["inputs"]) {
    const std::string p = in["path"].get<std::string>();
    if (!p.starts_with("project:") && !std::filesystem::exists(RealCodesetsDir() + "/" + p)) {
      std::printf("MEDCODE_FULLDATA_SKIPPED: %s not found; set CODESETS_DIR\n", p.c_str());
      GTEST_SKIP();
    }
  }
  // The FY2026 entry: the same inputs without the FY2027 order file (listed first).
  ASSERT_EQ(both["inputs"][0]["role"], "order");
  ASSERT_EQ(both["inputs"][0]["year"], 2027);
  nlohmann::json older = both;
  older["id"] = "icd10cm-2026-only";
  older["year"] = 2026;
  older["label"] = "ICD-10-CM FY2026";
  older["effective_to"] = "2026-09-30";
  older.erase("years");
  older["inputs"].erase(0);

  Report r26, r27;
  std::string state26, state27;
  auto t0 = std::chrono::steady_clock::now();
  auto base = ImportEntry(older, RealCodesetsDir(), r26, ProjectCodesetsDir(), &state26);
  ASSERT_TRUE(base.ok()) << base.error().message;
  std::printf("manifest build, FY2026 only: %zu bytes, %.1f s\n", base->size(), Seconds(t0));
  t0 = std::chrono::steady_clock::now();
  auto built = ImportEntry(both, RealCodesetsDir(), r27, ProjectCodesetsDir(), &state27);
  ASSERT_TRUE(built.ok()) << built.error().message;
  std::printf("manifest build, FY2027 and FY2026: %zu bytes, %.1f s; import state file %zu bytes\n", built->size(),
              Seconds(t0), state27.size());

  // The order file as a user downloads it (the shared copy is stored compressed).
  nlohmann::json only_order = nlohmann::json::object();
  only_order["inputs"] = nlohmann::json::array({both["inputs"][0]});
  auto inputs = LoadInputs(only_order, RealCodesetsDir(), ProjectCodesetsDir());
  ASSERT_TRUE(inputs.ok()) << inputs.error().message;
  UserFile order{"icd10cm_order_2027.txt", (*inputs)[0].content};
  LoadOptions opt;
  opt.base = *base;
  opt.base_name = "icd10cm-2026.mcs";
  opt.base_state = state26;
  opt.base_state_name = "icd10cm-2026.import.mcs";
  opt.out_name = "icd10cm-2027.mcs";
  opt.loaded_on = "2026-12-05";
  t0 = std::chrono::steady_clock::now();
  auto load = LoadUserFiles({order}, opt);
  ASSERT_TRUE(load.ok()) << load.error().message;
  std::printf("user load of %s (%zu bytes) onto %zu bytes: %zu bytes, %.1f s\n", order.name.c_str(), order.bytes.size(),
              base->size(), load->bytes.size(), Seconds(t0));
  std::printf("year: %s\n", load->report["year"].dump().c_str());

  fx::ExpectSameFileButLoad(load->bytes, *built, {0});
  fx::ExpectStateOf(load->import_state, load->bytes, "icd10cm-2027.mcs");
  fx::ExpectStateOf(state27, *built, "icd10cm-2027.mcs");
  fx::ExpectSameStateButOwner(load->import_state, state27);
  EXPECT_EQ(load->report["year"]["codes"], 98403);
  EXPECT_EQ(load->report["year"]["deleted"], 21);
  EXPECT_EQ(load->report["year"]["added"], r27.counts["FY2027 codes new since FY2026"]);
  EXPECT_EQ(load->report["effective_from"], "2025-10-01");
  EXPECT_EQ(load->report["effective_to"], "2027-09-30");
}

}  // namespace
