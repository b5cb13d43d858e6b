// Compares a code-set file compiled from a user-loaded ICD-10-CM order file with the file
// the manifest path builds from the same inputs: every section but META byte for byte;
// META field by field, minus what records the load itself: "provenance" (user-loaded,
// the file's name, sha256 and the date), and the loaded input's "path" ("user-loaded
// DATE" against the manifest's path), "sha256" (of the file as loaded against the file as
// stored, which may be compressed) and "kind" ("user-loaded" against "official").
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixture.h"

namespace medcode::fx {

// loaded_inputs: the indices of META "inputs" that were loaded by the user.
inline void ExpectSameFileButLoad(const std::string& loaded, const std::string& built, const std::vector<size_t>& loaded_inputs) {
  auto a = SplitSections(loaded), b = SplitSections(built);
  ASSERT_EQ(a.size(), b.size()) << "section count";
  nlohmann::json ma, mb;
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].tag, b[i].tag) << "section " << i;
    EXPECT_EQ(a[i].version, b[i].version) << "section " << i;
    EXPECT_EQ(a[i].flags, b[i].flags) << "section " << i;
    if (a[i].tag == format::kTagMeta) {
      ma = nlohmann::json::parse(a[i].data);
      mb = nlohmann::json::parse(b[i].data);
      continue;
    }
    EXPECT_TRUE(a[i].data == b[i].data) << "section " << i << " differs (" << a[i].data.size() << " and "
                                        << b[i].data.size() << " bytes)";
  }
  ASSERT_TRUE(ma.is_object() && mb.is_object()) << "META";
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

}  // namespace medcode::fx
