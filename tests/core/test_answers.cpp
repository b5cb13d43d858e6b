// The answers' JSON (medcode/answers_json.h), shared by the CLI and the JS API: one naming
// (camelCase) throughout, the values of the core's structs, null for what a code set lacks.
#include <gtest/gtest.h>

#include <string>

#include "fixture.h"
#include "medcode/answers_json.h"

namespace {

using namespace medcode;
using nlohmann::json;

// Every key at any depth is camelCase: starts lower case, no '_' or '-'.
void ExpectCamelCase(const json& j, const std::string& where) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      EXPECT_FALSE(k.empty()) << where;
      EXPECT_EQ(k.find_first_of("_- "), std::string::npos) << where << ": key " << k;
      EXPECT_TRUE(k[0] >= 'a' && k[0] <= 'z') << where << ": key " << k;
      ExpectCamelCase(v, where + "." + k);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) ExpectCamelCase(j[i], where + "[" + std::to_string(i) + "]");
  }
}

TEST(AnswersJson, LookupCarriesTheDetail) {
  const CodeSet& cs = fx::FixtureCodeSet();
  auto d = Lookup(cs, "H81.01");
  ASSERT_TRUE(d.ok()) << d.error().message;
  json j = ToJson(cs, *d);
  ExpectCamelCase(j, "lookup H81.01");
  EXPECT_EQ(j["code"], "H81.01");
  EXPECT_EQ(j["title"], d->title);
  EXPECT_EQ(j["shortTitle"], d->short_title);
  EXPECT_EQ(j["billable"], d->billable);
  EXPECT_EQ(j["system"], cs.meta().system);
  EXPECT_EQ(j["year"], cs.meta().year);
  EXPECT_EQ(j["label"], cs.meta().label);
  ASSERT_EQ(j["hierarchy"].size(), d->hierarchy.size());
  EXPECT_EQ(j["hierarchy"].back()["code"], "H81.01");
  ASSERT_EQ(j["notes"].size(), d->notes.size());
  ASSERT_FALSE(d->notes.empty());
  EXPECT_EQ(j["notes"][0]["sourceYear"], d->notes[0].source_year);
  EXPECT_EQ(j["notes"][0]["fromLevel"], d->notes[0].from_level);
  // An ICD-10-CM code has no dates, no 7th character here: null, not absent or "".
  EXPECT_TRUE(j["seventh"].is_null());
  EXPECT_TRUE(j["addedDate"].is_null());
  EXPECT_TRUE(j["terminationDate"].is_null());
  EXPECT_EQ(j["terminated"], false);
  EXPECT_TRUE(j["attributes"].is_array());
  EXPECT_FALSE(j.contains("ok"));  // the wasm layer adds it; the CLI prints the answer alone
}

TEST(AnswersJson, LookupSeventh) {
  const CodeSet& cs = fx::FixtureCodeSet();
  auto d = Lookup(cs, "S52.001A");
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_TRUE(d->seventh.has_value());
  json j = ToJson(cs, *d);
  ExpectCamelCase(j, "lookup S52.001A");
  ASSERT_TRUE(j["seventh"].is_object());
  EXPECT_EQ(j["seventh"]["declaredAt"], d->seventh->declared_at);
  EXPECT_EQ(j["seventh"]["sourceYear"], d->seventh->source_year);
  ASSERT_EQ(j["seventh"]["chars"].size(), d->seventh->chars.size());
  EXPECT_EQ(j["seventh"]["chars"][0]["char"], std::string(1, d->seventh->chars[0].ch));
}

TEST(AnswersJson, Validate) {
  const CodeSet& cs = fx::FixtureCodeSet();
  json j = ToJson(cs, Validate(cs, "E11.99"));
  ExpectCamelCase(j, "validate");
  EXPECT_EQ(j["status"], "unknown");
  EXPECT_EQ(j["input"], "E11.99");
  EXPECT_EQ(j["suggestions"], json::array({"E11.9"}));
  EXPECT_EQ(j["label"], cs.meta().label);
  EXPECT_EQ(ToJson(cs, Validate(cs, "e119"))["status"], "valid");
}

TEST(AnswersJson, Modifier) {
  ModifierView m;
  m.code = "KX";
  m.title = "Requirements met";
  m.short_title = "Reqs met";
  m.added_date = "2005-01-01";
  m.coverage = "C";
  m.coverage_meaning = "Carrier judgment";
  m.source = "HCPC_fixture.xlsx";
  json j = ToJson(m);
  ExpectCamelCase(j, "modifier");
  EXPECT_EQ(j["shortTitle"], "Reqs met");
  EXPECT_EQ(j["addedDate"], "2005-01-01");
  EXPECT_TRUE(j["terminationDate"].is_null());
  EXPECT_TRUE(j["action"].is_null());
  EXPECT_EQ(j["coverageMeaning"], "Carrier judgment");
  EXPECT_EQ(j["terminated"], false);
  // The fixture code set has no modifiers: an empty list, total 0.
  json list = ModifiersJson(fx::FixtureCodeSet(), {m});
  EXPECT_EQ(list["modifiers"].size(), 1u);
  EXPECT_EQ(list["total"], 0);
}

TEST(AnswersJson, Info) {
  const CodeSet& cs = fx::FixtureCodeSet();
  json j = InfoJson(cs);
  ExpectCamelCase(j, "info");
  EXPECT_EQ(j["codes"], cs.size());
  EXPECT_EQ(j["bytes"], cs.byte_size());
  EXPECT_EQ(j["effectiveFrom"], cs.meta().effective_from);
  EXPECT_EQ(j["inputs"].size(), cs.meta().inputs.size());
  EXPECT_FALSE(j.contains("modifiers"));
  EXPECT_FALSE(j.contains("terminated"));
}

TEST(AnswersJson, CptReportAndError) {
  CptLoadReport r;
  r.lines = 3;
  r.codes = 2;
  r.skipped = 1;
  r.extra_columns = 1;
  r.issues.push_back({2, "no descriptor"});
  r.year_from = "option";
  json j = ToJson(r);
  ExpectCamelCase(j, "cpt report");
  EXPECT_EQ(j["extraColumns"], 1);
  EXPECT_EQ(j["yearFrom"], "option");
  EXPECT_EQ(j["issues"][0]["line"], 2);
  json e = ToJson(Error{ErrorCode::kNotFound, "no such code"});
  EXPECT_EQ(e, json({{"ok", false}, {"code", "NOT_FOUND"}, {"message", "no such code"}}));
}

TEST(AnswersJson, DumpReplacesInvalidUtf8) {
  json j = {{"title", std::string("bad \xff byte")}};
  EXPECT_EQ(DumpJson(j), "{\"title\":\"bad \xEF\xBF\xBD byte\"}");
  EXPECT_EQ(DumpJson(json::object({{"a", 1}}), 2), "{\n  \"a\": 1\n}");
}

}  // namespace
