// The claim pre-check fixtures (tests/fixtures/claims): a small ICD-10-CM code set and a
// claim-edits file, both imported through the real importer once per process, and
// helpers to build and check claims.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fixture.h"
#include "util.h"
#include "medcode/claims.h"
#include "medcode/edits.h"

namespace medcode::cfx {

using nlohmann::json;

inline std::string Dir() { return fx::FixturesDir() + "/claims"; }

inline json Manifest() {
  auto text = import::ReadFile(Dir() + "/manifest.json");
  if (!text) {
    ADD_FAILURE() << text.error().message;
    return {};
  }
  return json::parse(*text);
}

inline json Entry(const std::string& id) {
  const json m = Manifest();
  for (const auto& e : m["codesets"]) {
    if (e["id"] == id) return e;
  }
  ADD_FAILURE() << "no manifest entry " << id;
  return {};
}

// Imports a manifest entry (once) and keeps an aligned copy alive for the process.
inline const fx::Aligned& Imported(const std::string& id) {
  static std::map<std::string, fx::Aligned*> cache;
  auto it = cache.find(id);
  if (it != cache.end()) return *it->second;
  import::Report rep;
  auto bytes = import::ImportEntry(Entry(id), Dir(), rep);
  if (!bytes) {
    std::fprintf(stderr, "importing %s failed: %s\n", id.c_str(), bytes.error().message.c_str());
    std::abort();
  }
  return *(cache[id] = new fx::Aligned(*bytes));
}

inline const CodeSet& Icd() {
  static const CodeSet* cs = [] {
    auto r = CodeSet::Open(Imported("icd10cm-claims-fixture").span());
    if (!r) std::abort();
    return new CodeSet(std::move(*r));
  }();
  return *cs;
}

inline const EditSet& Edits() {
  static const EditSet* es = [] {
    auto r = EditSet::Open(Imported("edits-fixture").span());
    if (!r) {
      std::fprintf(stderr, "edits fixture does not open: %s\n", r.error().message.c_str());
      std::abort();
    }
    return new EditSet(std::move(*r));
  }();
  return *es;
}

inline constexpr uint32_t kToday = 20260915;

inline const claims::Checker& Checker() {
  static const claims::Checker* c = new claims::Checker(Icd(), Edits(), {kToday});
  return *c;
}

// A claim without problems: an established patient's office visit in 2026Q3.
inline json Line(const std::string& code, double units = 1, std::vector<std::string> mods = {},
                 std::vector<std::string> ptr = {"A"}) {
  json l = {{"code", code}, {"units", units}, {"dx_pointers", ptr}};
  if (!mods.empty()) l["modifiers"] = mods;
  return l;
}

inline json Base() {
  return {{"claim_id", "T1"},
          {"patient", {{"birth_date", "1960-03-15"}, {"sex", "F"}}},
          {"date_of_service", "2026-07-15"},
          {"place_of_service", "11"},
          {"billing_npi", "1234567893"},
          {"rendering_npi", "1234567893"},
          {"diagnoses", {"E11.9", "I10"}},
          {"lines", {Line("99214", 1, {}, {"A", "B"})}}};
}

inline claims::ClaimResult CheckText(const std::string& text) {
  auto cs = claims::ParseJson(text);
  EXPECT_EQ(cs.size(), 1u) << text;
  return Checker().Check(cs.at(0));
}
inline claims::ClaimResult Check(const json& j) { return CheckText(j.dump()); }

// Findings of a kind, leaving out "date outside the data's range" notices unless asked for.
inline std::vector<claims::Finding> Of(const claims::ClaimResult& r, claims::Kind k, bool with_range = false) {
  std::vector<claims::Finding> out;
  for (const auto& f : r.findings) {
    if (f.kind == k && (with_range || f.rule != "data-range")) out.push_back(f);
  }
  return out;
}

inline std::string Dump(const claims::ClaimResult& r) {
  std::string s;
  for (const auto& f : r.findings) {
    s += std::string("  ") + claims::SeverityName(f.severity) + " " + claims::KindName(f.kind) + ": " + f.message + " [" + f.rule + "]\n";
  }
  return s;
}

// Every finding except data-range notices.
inline std::vector<claims::Finding> Real(const claims::ClaimResult& r) {
  std::vector<claims::Finding> out;
  for (const auto& f : r.findings) {
    if (f.rule != "data-range") out.push_back(f);
  }
  return out;
}

}  // namespace medcode::cfx
