// Compares a code-set file compiled from a user-loaded ICD-10-CM order file with the file
// the manifest path builds from the same inputs: every section but META byte for byte;
// META field by field, minus what records the load itself: "provenance" (user-loaded,
// the file's name, sha256 and the date), and the loaded input's "path" ("user-loaded
// DATE" against the manifest's path), "sha256" (of the file as loaded against the file as
// stored, which may be compressed) and "kind" ("user-loaded" against "official").
// Their import state files (icd10cm_state.h): ISRC byte for byte, META field by field but
// for the code set each names (its own: file name, size, sha256) and the provenance that
// says so.
// Two loads of one release from two files (the HCPCS .xlsx and its fixed-width .txt): every
// section but META byte for byte, META but for the provenance and the input's name and
// sha256.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture.h"
#include "util.h"

namespace medcode::fx {

// Every section of the two files but META byte for byte; their METAs in *ma and *mb.
inline void ExpectSameSectionsButMeta(const std::string& loaded, const std::string& built, nlohmann::json* ma,
                                      nlohmann::json* mb) {
  auto a = SplitSections(loaded), b = SplitSections(built);
  ASSERT_EQ(a.size(), b.size()) << "section count";
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].tag, b[i].tag) << "section " << i;
    EXPECT_NE(a[i].tag, format::kTagImportState) << "the import state is written beside the code set, not in it";
    EXPECT_EQ(a[i].version, b[i].version) << "section " << i;
    EXPECT_EQ(a[i].flags, b[i].flags) << "section " << i;
    if (a[i].tag == format::kTagMeta) {
      *ma = nlohmann::json::parse(a[i].data);
      *mb = nlohmann::json::parse(b[i].data);
      continue;
    }
    EXPECT_TRUE(a[i].data == b[i].data) << "section " << i << " differs (" << a[i].data.size() << " and "
                                        << b[i].data.size() << " bytes)";
  }
  ASSERT_TRUE(ma->is_object() && mb->is_object()) << "META";
}

// loaded_inputs: the indices of META "inputs" that were loaded by the user.
inline void ExpectSameFileButLoad(const std::string& loaded, const std::string& built, const std::vector<size_t>& loaded_inputs) {
  nlohmann::json ma, mb;
  ASSERT_NO_FATAL_FAILURE(ExpectSameSectionsButMeta(loaded, built, &ma, &mb));
  ASSERT_TRUE(ma.contains("provenance"));
  EXPECT_FALSE(mb.contains("provenance"));
  for (size_t i : loaded_inputs) {
    const auto& in = ma["inputs"][i];
    EXPECT_TRUE(in["path"].get<std::string>().starts_with("user-loaded ")) << in;
    EXPECT_EQ(in["kind"], "user-loaded");
    EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u);
    for (const char* key : {"path", "sha256", "kind"}) {
      ma["inputs"][i].erase(key);
      mb["inputs"][i].erase(key);
    }
  }
  ma.erase("provenance");
  EXPECT_EQ(ma.dump(1), mb.dump(1));
}

// Two user loads of one release from two files, e.g. the .xlsx and the .txt: the user's file
// is input 0; the project's inputs after it (the HCPCS lexicon) are the same in both.
inline void ExpectSameFileButSourceFile(const std::string& one, const std::string& other) {
  nlohmann::json ma, mb;
  ASSERT_NO_FATAL_FAILURE(ExpectSameSectionsButMeta(one, other, &ma, &mb));
  ASSERT_TRUE(ma.contains("provenance") && mb.contains("provenance"));
  ASSERT_GE(ma["inputs"].size(), 1u);
  ASSERT_EQ(ma["inputs"].size(), mb["inputs"].size());
  for (size_t i = 1; i < ma["inputs"].size(); ++i) EXPECT_EQ(ma["inputs"][i]["kind"], "project") << ma["inputs"][i];
  EXPECT_NE(ma["inputs"][0]["sha256"], mb["inputs"][0]["sha256"]) << "two different files";
  for (auto* m : {&ma, &mb}) {
    m->erase("provenance");
    (*m)["inputs"][0].erase("name");
    (*m)["inputs"][0].erase("sha256");
  }
  EXPECT_EQ(ma.dump(1), mb.dump(1));
}

// `state` is the import state file of the code set `codeset`, named `name` in it.
inline void ExpectStateOf(const std::string& state, const std::string& codeset, const std::string& name) {
  nlohmann::json meta;
  for (const auto& s : SplitSections(state)) {
    if (s.tag == format::kTagMeta) meta = nlohmann::json::parse(s.data);
  }
  ASSERT_TRUE(meta.is_object()) << "import state META";
  const std::string sha = import::Sha256Hex(codeset);
  EXPECT_EQ(meta["system"], "ICD-10-CM import state");
  EXPECT_EQ(meta["belongs_to"]["file"], name);
  EXPECT_EQ(meta["belongs_to"]["bytes"], codeset.size());
  EXPECT_EQ(meta["belongs_to"]["sha256"], sha);
  EXPECT_NE(meta["provenance"].get<std::string>().find(name + " (sha256 " + sha + ")"), std::string::npos) << meta["provenance"];
}

// The import state files of a loaded code set and of the manifest build: the same but for
// the code set each belongs to (checked by ExpectStateOf).
inline void ExpectSameStateButOwner(const std::string& loaded, const std::string& built) {
  auto a = SplitSections(loaded), b = SplitSections(built);
  ASSERT_EQ(a.size(), 2u) << "import state sections";
  ASSERT_EQ(b.size(), 2u) << "import state sections";
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].tag, b[i].tag) << "section " << i;
    EXPECT_EQ(a[i].version, b[i].version);
    EXPECT_EQ(a[i].flags, b[i].flags);
    if (a[i].tag != format::kTagMeta) {
      EXPECT_EQ(a[i].tag, format::kTagImportState);
      EXPECT_TRUE(a[i].data == b[i].data) << "ISRC differs (" << a[i].data.size() << " and " << b[i].data.size() << " bytes)";
      continue;
    }
    auto ma = nlohmann::json::parse(a[i].data), mb = nlohmann::json::parse(b[i].data);
    for (auto* m : {&ma, &mb}) {
      m->erase("belongs_to");
      m->erase("provenance");
    }
    EXPECT_EQ(ma.dump(1), mb.dump(1));
  }
}

}  // namespace medcode::fx
