// Facts of the real ICD-10-CM FY2026 import (codesets/manifest.json). Runs only when
// the real inputs are present at $CODESETS_DIR (default: MEDCODE_REAL_CODESETS_DIR,
// ../shared/codesets beside the source tree); otherwise every test is skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include <cstdlib>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <tuple>

#include "fixture.h"
#include "medcode/index.h"
#include "medcode/lookup.h"
#include "medcode/years.h"
#include "medcode/search.h"
#include "medcode/multisearch.h"
#include "util.h"

namespace {

using namespace medcode;

std::string CodesetsDir() {
  const char* env = std::getenv("CODESETS_DIR");
  return env && *env ? env : MEDCODE_REAL_CODESETS_DIR;
}

std::string ProjectDir() { return std::string(MEDCODE_SOURCE_DIR) + "/codesets"; }

nlohmann::json RealEntry() {
  auto text = import::ReadFile(std::string(MEDCODE_SOURCE_DIR) + "/codesets/manifest.json");
  if (!text) return {};
  auto m = nlohmann::json::parse(*text, nullptr, false);
  if (m.is_discarded() || !m.contains("codesets")) return {};
  for (const auto& e : m["codesets"]) {
    if (e.value("id", "") == "icd10cm-2027") return e;
  }
  return {};
}

class FullData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    entry_ = RealEntry();
    if (entry_.is_null()) {
      skip_ = "codesets/manifest.json has no icd10cm-2027 entry";
      return;
    }
    for (const auto& in : entry_["inputs"]) {
      std::string path = CodesetsDir() + "/" + in["path"].get<std::string>();
      // The project's own inputs ("project:lexicon/...") are below codesets/ in the source tree.
      if (in["path"].get<std::string>().starts_with("project:")) path = ProjectDir() + "/" + in["path"].get<std::string>().substr(8);
      if (!std::filesystem::exists(path)) {
        skip_ = "real code-set files not found (" + path + "); set CODESETS_DIR";
        return;
      }
    }
    import::Report rep;
    auto r = import::ImportEntry(entry_, CodesetsDir(), rep, ProjectDir());
    if (!r) {
      error_ = r.error().message;
      return;
    }
    bytes_ = new std::string(std::move(*r));
    aligned_ = new fx::Aligned(*bytes_);
    auto cs = CodeSet::Open(aligned_->span());
    if (!cs) {
      error_ = cs.error().message;
      return;
    }
    cs_ = new CodeSet(std::move(*cs));
  }

  void SetUp() override {
    if (!skip_.empty()) {
      // The marker lets ctest report the whole executable as skipped.
      std::printf("MEDCODE_FULLDATA_SKIPPED: %s\n", skip_.c_str());
      GTEST_SKIP() << skip_;
    }
    ASSERT_TRUE(error_.empty()) << "importing the real data failed: " << error_;
    ASSERT_NE(cs_, nullptr);
  }

  static const CodeSet& CS() { return *cs_; }

  static inline nlohmann::json entry_;
  static inline std::string skip_, error_;
  static inline std::string* bytes_ = nullptr;
  static inline fx::Aligned* aligned_ = nullptr;
  static inline CodeSet* cs_ = nullptr;
};

TEST_F(FullData, CodeCounts) {
  // FY2027's 98,403 order-file lines plus the 21 FY2026 codes FY2027 deleted.
  EXPECT_EQ(CS().size(), 98424u);
  uint32_t billable = 0, billable26 = 0, in26 = 0, in27 = 0;
  for (uint32_t i = 0; i < CS().size(); ++i) {
    billable += CS().billable(i);
    billable26 += CS().BillableIn(i, 0);
    in26 += CS().InYear(i, 0);
    in27 += CS().InYear(i, 1);
  }
  EXPECT_EQ(billable, 74879u);    // FY2027 (the order file's count)
  EXPECT_EQ(billable26, 74719u);  // FY2026
  EXPECT_EQ(in26, 98186u);
  EXPECT_EQ(in27, 98403u);
  EXPECT_EQ(CS().chapters().size(), 22u);
  EXPECT_EQ(CS().sections().size(), 297u);
  EXPECT_EQ(CS().meta().label, "ICD-10-CM FY2027 and FY2026");
  ASSERT_EQ(CS().years().size(), 2u);
  EXPECT_EQ(CS().YearNumber(CS().YearAt(20261201)), 2027);
  EXPECT_EQ(CS().YearNumber(CS().YearAt(20260930)), 2026);
  EXPECT_EQ(CS().YearAt(20240101), -1);
}

// The change lists published for FY2027 (238 added, 21 deleted, 4 retitled, 15 became
// headers) are what the two official order files give.
TEST_F(FullData, Fy2027Changes) {
  auto ch = Changes(CS(), 1);
  ASSERT_TRUE(ch.ok()) << ch.error().message;
  std::map<std::string, int> n;
  for (const auto& c : *ch) ++n[ChangeKindName(c.kind)];
  EXPECT_EQ(n["added"], 238);
  EXPECT_EQ(n["deleted"], 21);
  EXPECT_EQ(n["retitled"], 4);
  EXPECT_EQ(n["became-header"], 15);
  EXPECT_EQ(n["became-billable"], 0);
  EXPECT_FALSE(Changes(CS(), 0).ok());
}

// The year in force on the date of service decides, for lookups, validation and search.
TEST_F(FullData, YearByDateOfService) {
  EXPECT_EQ(Validate(CS(), "I42.0", "2026-05-01").status, CodeStatus::kValid);
  Validation h = Validate(CS(), "I42.0", "2026-12-01");
  EXPECT_EQ(h.status, CodeStatus::kHeader);
  ASSERT_FALSE(h.suggestions.empty());
  EXPECT_EQ(h.suggestions[0], "I42.00");
  EXPECT_EQ(Validate(CS(), "I42.0").status, CodeStatus::kHeader);  // no date: the newest year
  Validation n = Validate(CS(), "I42.00", "2026-05-01");
  EXPECT_EQ(n.status, CodeStatus::kNotYetEffective);
  ASSERT_FALSE(n.suggestions.empty());
  EXPECT_EQ(n.suggestions[0], "I42.0");
  EXPECT_EQ(Validate(CS(), "I42.00", "2026-10-01").status, CodeStatus::kValid);
  Validation d = Validate(CS(), "T52.8X1A", "2026-12-01");
  EXPECT_EQ(d.status, CodeStatus::kDeleted);
  EXPECT_NE(std::find(d.suggestions.begin(), d.suggestions.end(), "T52.811A"), d.suggestions.end()) << d.message;
  EXPECT_EQ(Validate(CS(), "T52.8X1A", "2026-09-30").status, CodeStatus::kValid);

  auto dl = Lookup(CS(), "T52.8X1A", "2026-12-01");
  ASSERT_TRUE(dl.ok());
  EXPECT_FALSE(dl->billable);
  EXPECT_TRUE(dl->terminated);
  EXPECT_EQ(dl->year, "FY2027");
  EXPECT_EQ(dl->valid_to, "2026-09-30");
  EXPECT_FALSE(dl->replaced_by.empty());
  auto old = Lookup(CS(), "L02.232", "2026-03-01");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->title, "Carbuncle of back [any part, except buttock]");
  auto now = Lookup(CS(), "L02.232", "2026-12-01");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->title, "Carbuncle of back [any part, except buttock and flank]");
  EXPECT_TRUE(now->revised_this_year);

  Searcher s(CS());
  auto has = [&](uint32_t date, std::string_view query, std::string_view code) {
    SearchOptions o;
    o.limit = 10;
    o.date = date;
    auto r = s.Search(query, o);
    if (!r.ok()) return false;
    for (const auto& h : r->hits) if (CS().Dotted(h.code) == code) return true;
    return false;
  };
  EXPECT_TRUE(has(20261201, "dilated cardiomyopathy", "I42.00"));
  EXPECT_FALSE(has(20260501, "dilated cardiomyopathy", "I42.00"));
  EXPECT_TRUE(has(20260501, "T52.8X1A", "T52.8X1A"));
  EXPECT_FALSE(has(20261201, "T52.8X1", "T52.8X1A"));
  // An Index term the newest year gave a new code ("Fasciitis, plantar": FY2027's M67.A) is the
  // old code's for the older year's dates (M72.2, billable in FY2026), the new code's after.
  auto first = [&](uint32_t date, std::string_view query) {
    SearchOptions o;
    o.limit = 3;
    o.date = date;
    auto r = s.Search(query, o);
    return r.ok() && !r->hits.empty() ? CS().Dotted(r->hits[0].code) : std::string();
  };
  EXPECT_EQ(first(20260901, "plantar fasciitis"), "M72.2");
  EXPECT_EQ(first(20261201, "plantar fasciitis"), "M67.A09");
  EXPECT_EQ(first(20260901, "brugada syndrome"), "I49.8");
  EXPECT_EQ(first(20261201, "brugada syndrome"), "I49.81");
}

TEST_F(FullData, E119) {
  auto d = Lookup(CS(), "E11.9");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->billable);
  EXPECT_EQ(d->title, "Type 2 diabetes mellitus without complications");
  ASSERT_GE(d->hierarchy.size(), 3u);
  EXPECT_EQ(d->hierarchy[0].level, "chapter");
  EXPECT_EQ(d->hierarchy[0].code, "4");
  EXPECT_EQ(d->hierarchy[1].level, "section");
  EXPECT_EQ(d->hierarchy[1].code, "E08-E13");
  EXPECT_EQ(d->hierarchy[2].code, "E11");
}

TEST_F(FullData, E11Excludes1InheritedToE119) {
  auto d = Lookup(CS(), "E11.9");
  ASSERT_TRUE(d.ok());
  bool found = false;
  for (const auto& n : d->notes) {
    if (n.kind == "excludes1" && n.from == "E11" && n.text.find("type 1 diabetes mellitus (E10.-)") != std::string::npos) {
      found = true;
      EXPECT_TRUE(n.inherited);
      EXPECT_EQ(n.source_year, 2026);
    }
    if (n.kind == "inclusionTerm") {
      EXPECT_EQ(n.from, "E11.9") << "inclusion term inherited from " << n.from;
    }
  }
  EXPECT_TRUE(found) << "E11 Excludes1 not inherited by E11.9";
}

TEST_F(FullData, S52SeventhCharacters) {
  EXPECT_TRUE(CS().Find("S52.001A").has_value());
  EXPECT_EQ(Validate(CS(), "S52.001A").status, CodeStatus::kValid);
  auto d = Lookup(CS(), "S52");
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->seventh.has_value());
  std::string chars;
  for (const auto& c : d->seventh->chars) chars += c.ch;
  EXPECT_EQ(chars, "ABCDEFGHJKMNPQRS");
  EXPECT_EQ(d->seventh->declared_at, "S52");
  EXPECT_EQ(d->seventh->source_year, 2023);
}

TEST_F(FullData, HeaderSuggestsTheIndexDefaultFirst) {
  // A coder who reaches E11 by the index default reports E11.9, not E11.00 (the first child).
  Validation v = Validate(CS(), "E11");
  EXPECT_EQ(v.status, CodeStatus::kHeader);
  ASSERT_FALSE(v.suggestions.empty());
  EXPECT_EQ(v.suggestions[0], "E11.9");
  EXPECT_NE(v.message.find("E11.9"), std::string::npos) << v.message;
  // I50.2 (systolic heart failure) -> I50.20, "unspecified systolic (congestive) heart failure".
  Validation h = Validate(CS(), "I50.2");
  ASSERT_FALSE(h.suggestions.empty());
  EXPECT_EQ(h.suggestions[0], "I50.20");
}

TEST_F(FullData, PlaceholderX) {
  EXPECT_EQ(Validate(CS(), "T36.0X1A").status, CodeStatus::kValid);
  Validation v = Validate(CS(), "T36.01A");
  EXPECT_EQ(v.status, CodeStatus::kMissingPlaceholder);
  EXPECT_EQ(v.suggestions, std::vector<std::string>{"T36.0X1A"});
  v = Validate(CS(), "W21.89A");
  EXPECT_EQ(v.status, CodeStatus::kMissingPlaceholder);
  EXPECT_EQ(v.suggestions, std::vector<std::string>{"W21.89XA"});
  EXPECT_EQ(Validate(CS(), "W21.89XB").status, CodeStatus::kInvalidSeventh);
  auto b = BuildSeventh(CS(), "W21.89", 'A');
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, "W21.89XA");
  EXPECT_EQ(Validate(CS(), "S30.1XXA").status, CodeStatus::kDeleted);  // deleted FY2026
  EXPECT_EQ(Validate(CS(), "E11").status, CodeStatus::kHeader);
}

TEST_F(FullData, Search) {
  Searcher s(CS());
  auto r = s.Search("E11");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(CS().Dotted(r->hits[0].code), "E11");
  EXPECT_EQ(r->hits[0].kind, MatchKind::kExactCode);

  r = s.Search("type 2 diabetes without complications");
  ASSERT_TRUE(r.ok());
  bool top3 = false;
  for (size_t k = 0; k < std::min<size_t>(3, r->hits.size()); ++k) top3 |= CS().Dotted(r->hits[k].code) == "E11.9";
  EXPECT_TRUE(top3) << "E11.9 not in the top 3";
}

TEST_F(FullData, SearchOneSideIsNotBilateral) {
  Searcher s(CS());
  // One side named, and neither "both" nor "bilateral": a code whose title says "bilateral"
  // follows the unilateral code of the same words (K40.20 "Bilateral inguinal hernia, ..." had
  // led: its title weighs less than "Unilateral ...", so the query's words covered more of it).
  for (const char* q : {"inguinal hernia right without obstruction", "ing. hernia rt. w/o obstruction"}) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok() && !r->hits.empty()) << q;
    EXPECT_EQ(CS().Dotted(r->hits[0].code), "K40.90") << q;
  }
  // Both sides: the bilateral code keeps its place.
  auto both = s.Search("inguinal hernia both sides without obstruction");
  ASSERT_TRUE(both.ok() && !both->hits.empty());
  EXPECT_EQ(CS().Dotted(both->hits[0].code), "K40.20");
}

TEST_F(FullData, SearchConnectorAloneFindsNothing) {
  // "with" joining two conditions weighs a sixteenth: a code whose documents have only "with"
  // of the query's words is no answer ("bph w/ luts" had A15.7 and B59 after the N40 codes),
  // and the search no longer reads the fifth of the book that has the word to find them.
  Searcher s(CS());
  for (const char* q : {"bph w/ luts", "copd w/ lri", "pcos w/ oligomenorrhea"}) {
    auto r = s.Search(q, {10});
    ASSERT_TRUE(r.ok() && !r->hits.empty()) << q;
    uint32_t with = 0;
    for (size_t w = 0; w < r->words.size() && w < 32; ++w)
      if (r->words[w].text == "with") with |= 1u << w;
    ASSERT_NE(with, 0u) << q;
    for (const SearchHit& h : r->hits)
      if (h.kind == MatchKind::kWords) EXPECT_NE(h.matched & ~with, 0u) << q << ": " << CS().Dotted(h.code);
  }
}

TEST_F(FullData, SearchRuleOutLeadsWithTheSymptom) {
  // A diagnosis to rule out is not coded in the outpatient setting; the sign or symptom is
  // (Section IV.H): "X r/o Y", "X rule out Y" lead with X's code, Y's code still among the ten.
  Searcher s(CS());
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"abd pain r/o appendicitis", "R10.9", "K37"},
      {"cough r/o pneumonia", "R05.9", nullptr},
      {"fever r/o uti", "R50.9", "N39.0"},
  };
  for (const auto& [q, first, also] : cases) {
    auto r = s.Search(q, {10});
    ASSERT_TRUE(r.ok() && !r->hits.empty()) << q;
    EXPECT_EQ(CS().Dotted(r->hits[0].code), first) << q;
    if (!also) continue;
    bool found = false;
    for (const auto& h : r->hits) found |= CS().Dotted(h.code) == also;
    EXPECT_TRUE(found) << q << ": " << also << " in the ten";
  }
}

TEST_F(FullData, SearchNegatedWordCutShort) {
  // A negated word cut short ("w/o obstr.") reads the negated words it begins, as a word cut
  // short reads the words it begins: it is no unknown word.
  Searcher s(CS());
  auto cut = s.Search("umbilical hernia w/o obstr.");
  ASSERT_TRUE(cut.ok() && !cut->hits.empty());
  EXPECT_TRUE(cut->unknown.empty()) << cut->unknown.front();
  EXPECT_EQ(CS().Dotted(cut->hits[0].code), "K42.9");
  // One side named: the unilateral code, now that the negated words match both titles.
  auto side = s.Search("ing. hernia rt. w/o obstr.");
  ASSERT_TRUE(side.ok() && !side->hits.empty());
  EXPECT_EQ(CS().Dotted(side->hits[0].code), "K40.90");
}

TEST_F(FullData, SearchReadsWordsPeopleType) {
  // Misspelled, joined, split and wrapped in everyday words: the expected code leads.
  Searcher s(CS());
  const std::pair<const char*, const char*> cases[] = {
      {"migrane", "G43.9"},             // a letter from "migrans" (20 documents) and "migraine" (292)
      {"preeclampsia", "O14.9"},        // one word, the book writes pre-eclampsia
      {"chicken pox", "B01"},           // two words, the book writes chickenpox
      {"ringing in my ears", "H93.1"},  // "my" is no word of the book: the phrase still meets
      // Ranking on the real book (lexicon and index together):
      {"broken rib", "S22.3"},            // traumatic before "Fracture, pathological, rib" (M84.48)
      {"broken left ankle", "S82.892A"},  // index "Fracture, traumatic, ankle" -> S82.899, completed by "left"
      {"sprained right wrist", "S63.501A"},  // initial encounter before D/S and before the header
      {"umbilical hernia", "K42.9"},      // "without obstruction or gangrene" is what the query means
      {"umbilical hernia gangrene", "K42.1"},
      {"type 2 diabetes", "E11.9"},
      {"colon cancer", "C18.9"},          // "unspecified" before the header C18
      {"c diff", "A04.72"},               // "not specified as recurrent"
      {"pacemaker", "Z95.0"},             // the reading "presence of cardiac pacemaker" fits its title whole
      {"mi", "I21"},                      // not M35.81 (MIS-C stems to "mi")
      {"s/p knee replacement", "Z96.65"},
      {"broken right hip", "S72.0"},      // the side inside the phrase "broken hip"
      {"whiplash", "S13.4XXA"},           // the header's default code: S13.4 + initial encounter
      {"leukemia", "C95.90"},             // C95.9 + "not having achieved remission"
      {"nausea and vomiting", "R11.2"},   // not "Nausea (without vomiting)" R11.0
      {"lac", "S61"},                     // an injury before "Laceration NEC" of the External Cause Index (X58)
  };
  for (const auto& [q, want] : cases) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_FALSE(r->hits.empty()) << q;
    EXPECT_TRUE(CS().Dotted(r->hits[0].code).starts_with(want)) << q << ": first is " << CS().Dotted(r->hits[0].code);
  }
}

// Search relevance (issue 11): each case names the class of query it stands for; the
// rule that fixes the class is general (search_defaults.cpp, search_rank.cpp Leads,
// search_slots.cpp readings, the lexicon's anatomy words), never keyed on these strings.
TEST_F(FullData, SearchFollowsTheBooksDefaultsAndReadsCodersWords) {
  Searcher s(CS());
  const std::pair<const char*, const char*> first[] = {
      // Anatomy words coders use: distal = lower end, proximal = upper end, midshaft = shaft.
      {"fx distal radius left initial", "S52.502A"},
      {"proximal humerus fracture", "S42.2"},
      {"midshaft clavicle fracture", "S42.02"},
      // An index path to a header completed by the header's own codes (S62.10 -> S62.102A).
      {"broken left wrist", "S62.102A"},
      // I.C.19.e.5(b): intent not documented is accidental.
      {"acetaminophen poisoning", "T39.1X1"},
      {"tylenol overdose", "T39.1X1"},
      // Asking for the intent still finds it.
      {"acetaminophen poisoning assault", "T39.1X3"},
      // I.C.19.c.1: not documented as open is closed; not documented as displaced is displaced.
      {"fracture of shaft of right femur", "S72.301A"},
      // I.A.13: the disease before a code never first-listed (B95-B97, "in diseases classified
      // elsewhere"), unless the query asks for it.
      {"walking pneumonia", "J15.7"},
      {"respiratory syncytial virus as cause of disease classified elsewhere", "B97.4"},
      // A diagnosis before V00-Y99: the injury before the place or activity.
      {"fracture", "T14.8"},
      {"ankle sprain playing soccer", "S93.4"},
      // Truncated words with a period read as the word they begin; vowels dropped; "lft" by a side word.
      {"unspec. fracture of rt. femur", "S72.91XA"},
      {"poisoning by aspirin undet.", "T39.014A"},
      {"lft. knee pain", "M25.562"},
      {"rght knee pain", "M25.561"},
      {"rihgt knee pain", "M25.561"},
      // An abbreviation inside a phrase the lexicon has in full: "fx hip" is "hip fracture"
      // (Index: Fracture, hip - see Fracture, femur, neck), not a periprosthetic fracture.
      {"fx rt hip", "S72.001A"},
      // A word of a lexicon reading the query types as well counts once: "orthostatic" read as
      // "orthostatic hypotension" does not fill "Hypotension, neurogenic, orthostatic" (G90.3).
      {"orthostatic hypotension", "I95.1"},
      // A word cut short past its stem ("lacera." begins laceration, whose stem is "lacer").
      {"unspecified lacera. of spleen, subsequent encounter", "S36.039D"},
      // A header the index leads to gives way to its default code: the unspecified side,
      // "uncomplicated", the accidental intent (I.C.19.e.5(b)), followed down to a billable code.
      {"ear infection", "H66.90"},
      {"bee sting reaction", "T63.441A"},
      // "not having achieved remission" is a negation, as in the titles; a "without" runs on
      // through the list after a comma.
      {"acute lymphoblastic leukemia not having achieved remission", "C91.00"},
      {"diverticulitis of large intestine without perforation, abscess or bleeding", "K57.32"},
      // The unspecified choice written inside the title ("... of unspecified femur") is the
      // header's default too; a hip fracture is the femoral neck's (Index: Fracture, hip).
      {"fracture of neck of femur", "S72.009A"},
      {"broken hip", "S72.009A"},
      // "uncomplicated" says no more than the query: not a missing word.
      {"alcohol dependence", "F10.20"},
      {"nicotine dependence cigarettes", "F17.210"},
      // Shorthand: "dep" (dependence), "not in remission".
      {"opioid dep in remission", "F11.21"},
      {"cll not in remission", "C91.10"},
      // A lexicon reading after "without" is negated as a title's "without" is: "w/o loc" =
      // without loss (of consciousness).
      {"concussion w/o loc", "S06.0X0A"},
      // A completion that is a header gives way to its default code too.
      {"parkinson's disease", "G20.A1"},
      // A cut is a laceration (Index: Cut - see also Laceration), not an unspecified open wound.
      {"cut on right index finger", "S61.210A"},
      // A word that only relates two concepts ("from", "after", "due") leads nothing of its own:
      // not "Release from prison" (Z65.2) for the "from" of a symptom and its cause.
      {"hot flashes from menopause", "N95.1"},
      // Coder shorthand (lexicon): screening, long term use, lateral, nondisplaced, compression;
      // a hyphen after the "a" of atrial; vertebral levels as written (L1: the book's "first
      // lumbar vertebra"; T12: "T11-T12 vertebra").
      {"scrn lipid", "Z13.220"},
      {"ltu aspirin", "Z79.82"},
      {"nondisp fx lt lat malleolus init", "S82.65XA"},
      {"wedge compr fx L1 init", "S32.010A"},
      {"t12 compression fracture", "S22.080A"},
      {"a-flutter", "I48.92"},
      // A header the index leads to gives way to the one child that leaves unspecified what
      // its siblings specify: the side ("Bunion of unspecified foot"), the type of fracture.
      {"bunion", "M21.619"},
      {"shin splints", "S86.899A"},
      {"broke my arm", "S42.309A"},
      // An encounter word ends a "without" as the title's comma does: the sequela of a
      // concussion without loss of consciousness, not a concussion without its sequela.
      {"concussion w/o loc seq", "S06.0X0S"},
      // Two Index paths with every word: the one that says "NOS" is the Index's default for
      // them ("Anemia, deficiency, vitamin B12 NOS"), not a sibling path's qualifier (pernicious).
      {"b12 def anemia", "D51.9"},
      // A word cut short with a period that is also a stem of its own ("radic", of radical;
      // "specif", of specific) begins every word it can: radiculopathy, specified.
      {"lumbar radic.", "M54.16"},
      {"other specif. acant. dis.", "L11.8"},
      // Lexicon: chart shorthand (asx, hz, compl, ou: both eyes, pre-dm) and a patient's "used to smoke".
      {"asx hiv", "Z21"},
      {"hz w/o compl.", "B02.9"},
      {"armd dry ou", "H35.3130"},
      {"pre-dm", "R73.03"},
      {"used to smoke", "Z87.891"},
      // A bite in a patient's past tense is the injury first (the open bite), then how it happened.
      {"dog bit my hand", "S61.459A"},
      // A stomach flu is the Index's intestinal flu (Flu, intestinal NEC A08.4), not a
      // noninfective gastroenteritis.
      {"stomach flu", "A08.4"},
      // Codes with the same words follow the order they were typed in (neighbouring words
      // side by side in the title): "other injury of unspecified muscle", not "unspecified
      // injury of other muscle"; a word typed twice counts at each place ("other ... other fetus").
      {"other injury of unspecified muscle at lower leg level, left leg, initial", "S86.992A"},
      {"unspecified injury of other muscle at lower leg level, left leg, initial", "S86.802A"},
      {"maternal care for other isoimmunization, third trimester, other fetus", "O36.1939"},
      // A word cut short with a period ends there: "con., seque." is not one word
      // (consequences); and a cut-short word the lexicon knows ("sub." subsequent encounter)
      // begins other words too (subluxation).
      {"fall from other pedestrian con., seque.", "V00.891S"},
      {"ant. sub. of left humerus, init.", "S43.012A"},
      // A drug named with no effect or cause said is its accidental poisoning, not its
      // underdosing (I.C.19.e.5(c)) nor its adverse effect (I.C.19.e.5(a)); saying so finds them.
      {"child swallowed metoprolol", "T44.7X1A"},
      {"missed doses of metformin", "T38.3X6A"},
      // A patient's words for the intent (lexicon, read before words are split: "on" and
      // "myself" are dropped words): intentional self-harm.
      {"took tylenol on purpose", "T39.1X2A"},
      {"swallowed aspirin to kill myself", "T39.012A"},
      // A cracked rib is one rib's fracture (multiple ribs only when the query says so).
      {"cracked rib left", "S22.32XA"},
      // A header the index leads to is completed by its codes also when the query has a word
      // no document has ("nicely"): only the words found count toward a long query.
      {"follow up broken right ankle healing nicely", "S82.891D"},
      // A patient's sentence: "I" opening it, "have/has/had/having" and "his" are no words of a
      // code (not Z28.81 "... patient having had the disease", Hers or His-Werner disease, nor
      // the lexicon's "HA"/"HI" that "has"/"his" stem to).
      {"I have asthma", "J45.909"},
      {"having chest pain", "R07.9"},
      {"rash on his arm", "R21"},
      // A "no" after the condition before a word a title has after "without" is that "without".
      {"hx of stroke no residual deficits", "Z86.73"},
      // The nondisplaced class asked for by a lexicon reading ("nondisp"), not only by the word.
      {"nondisp fx left 5th metatarsal", "S92.355A"},
      // A lexicon phrase whose first word is typed as two ("under active": underactive thyroid).
      {"under active thyroid gland", "E03.9"},
      // Lexicon: a stage in words is the titles' number; an intent unknown is accidental
      // (I.C.19.e.5(b)); "with hypoxemia" is the title's "with hypoxia".
      {"chronic kidney disease stage four", "N18.4"},
      {"tramadol overdose, intent unknown", "T40.421A"},
      {"acute resp failure with hypoxemia", "J96.01"},
      // A query that asks for the external cause ("cause code", "ext cause", "activity code"):
      // V00-Y99 lead, not the injury (I.C.20), and the asking words match nothing.
      {"cause code horse bite", "W55.11XA"},
      {"activity code swimming", "Y93.11"},
      // A word cut short without a period, neither a word nor a misspelling of one: the words it begins.
      {"parox atrial fibrillation", "I48.0"},
      {"periph vascular disease", "I73.9"},
      // No code has every part: the part a code explains whole leads, not a rarer everyday word
      // ("feeling": "Feeling, foreign body in throat"; "really" corrected to Alder-Reilly).
      {"feeling anxious", "F41.9"},
      {"feeling very tired", "R53.83"},
      {"feeling short of breath", "R06.02"},
      {"really itchy skin", "L29.9"},
      // A range in a title says each stage inside it: hypertension with CKD stage 3a is I12.9
      // ("... with stage 1 through stage 4 chronic kidney disease", I.C.9.a.2).
      {"htn with ckd 3a", "I12.9"},
      {"hypertensive chronic kidney disease stage 2", "I12.9"},
      // Session 16. A measured range in a title holds each value inside it: a BMI, a blood
      // alcohol level, a newborn's age in days, a Glasgow coma scale score (not an age: "I.Q.,
      // 35-49" is no range of the search's).
      {"bmi 42", "Z68.41"},
      {"blood alcohol level 150", "Y90.6"},
      {"newborn check 10 days old", "Z00.111"},
      {"newborn check 5 days old", "Z00.110"},
      {"burns 25% of body surface third degree 5%", "T31.20"},
      // A drug "after" which or "making" a symptom: its adverse effect, not a poisoning (I.C.19.e.5(a)).
      {"rash after taking amoxicillin", "T36.0X5A"},
      // "me" is the patient's pronoun, not the Index's "ME/CFS" (which the lexicon reads whole).
      {"makes me tired", "R53.83"},
      {"me/cfs", "G93.32"},
      // An inflammation is its own word, not its organ's adjective: "vaginitis" is not
      // "vaginal" (the Index's "Vaginalitis", N49.1), "hepatic" is not "hepatitis".
      {"vaginitis", "N76.0"},
      {"hepatic encephalopathy", "K76.82"},
      {"vaginal yeast infection", "B37.31"},
      {"esophageal candidiasis", "B37.81"},
      // "GCS" (lexicon, read before words are split: its stem is gonorrhea's "gc").
      {"gcs 14", "R40.2410"},
      // A term with no code whose "see also" names one: that code ("Hammer toe (acquired) NEC
      // - see also Deformity, toe, hammer toe" M20.4-), not its congenital subterm.
      {"hammer toe", "M20.40"},
      // Session 13. A symptom routinely part of a disease of its body system follows that
      // disease's lead (I.B.5): the dermatitis (poison ivy: an allergic contact dermatitis,
      // lexicon), the zoster, the urinary infection, not R21 or R30.0 first.
      {"poison ivy rash", "L23.7"},
      {"shingles rash", "B02.9"},
      {"burning urination uti", "N39.0"},
      // A lexicon phrase with one word misspelled, the others vouching for the correction
      // ("hihg blood pressure": high blood pressure; "urinaton": burning urination = dysuria).
      {"hihg blood pressure", "I10"},
      {"burning urinaton", "R30.0"},
      // I.C.6.a: a side said, dominance not: the left is nondominant, the right dominant.
      {"left hemiparesis", "G81.94"},
      {"right hemiplegia", "G81.91"},
      {"l hemiparesis s/p cva", "I69.354"},
      {"left hemiplegia dominant", "G81.92"},
      // The Index and the notes predate FY2027: a code that became a header while a new code took
      // the Index term's own words is where the term now leads (M72.2 "Plantar fascial
      // fibromatosis"; the new M67.A "Plantar fasciitis", completed by its one child M67.A0).
      {"plantar fasciitis", "M67.A09"},
      {"plantar fasciitis left", "M67.A02"},
      {"brugada syndrome", "I49.81"},
      // Lexicon: patients' phrases for nocturia and suicidal ideation; "alot" is "a lot".
      {"peeing alot at night", "R35.1"},
      {"thoughts of killing myself", "R45.851"},
      // A lexicon phrase of five words ("blood pressure drops when stand"), the "I" and "up" aside.
      {"blood pressure drops when i stand up", "I95.1"},
      // An "I" inside a patient's sentence is the patient; "bipolar I" is a type.
      {"leak urine when I laugh", "N39.3"},
      {"lightheaded when I stand", "I95.1"},
      {"bipolar I disorder", "F31.9"},
      // A header with no child that adds nothing nor an unspecified one: its "Other ..." child
      // is the default ("Embolism, pulmonary" I26.99).
      {"pulmonary embolism without acute cor pulmonale", "I26.99"},
      // "not" before a word the titles have after "without" is that "without"; the book's own
      // "not intractable" stays.
      {"varices of esophagus not bleeding", "I85.00"},
      {"migraine not intractable", "G43.909"},
      // Session 14. Weeks of gestation beside a condition of pregnancy give its trimester
      // (I.C.15.a.3: 31 weeks is the third); the weeks alone, or a newborn's (its gestational
      // age), are read as typed (Z3A, P07).
      {"urinary tract infection pregnant 31 weeks", "O23.43"},
      {"gestational hypertension 30 weeks", "O13.3"},
      {"pregnant 8 weeks", "Z3A.08"},
      {"preterm newborn 32 weeks", "P07.35"},
      // "no" before an abbreviation whose reading the titles put after "without" ("loc": loss
      // of consciousness) is that "without"; a short lexicon entry is read only as written
      // ("no" is not "nos", unspecified, though their stems agree).
      {"concussion no loc", "S06.0X0A"},
      // A morphology the Index sends to the Neoplasm Table by site ("Carcinoma - see also
      // Neoplasm, by site, malignant"; "Metastasis ... - see Neoplasm, secondary, by site"):
      // the site's code in that column; a malignant neoplasm not said secondary is primary.
      {"carcinoma of stomach", "C16.9"},
      {"malignant neoplasm of lung", "C34.90"},
      {"bone metastases", "C79.51"},
      {"metastatic to brain", "C79.31"},
      // Words that only join a patient's sentence ("that", "just", "really") are skipped inside
      // a lexicon phrase ("cough wont go away": chronic cough).
      {"cough that just wont go away", "R05.3"},
      // "AOM" is acute otitis media, which the Index leads to H66.9- (Otitis, media, acute,
      // subacute H66.90), completed by the side; suppurative (H66.0-) only when said.
      {"aom left ear", "H66.92"},
      // Lexicon: vaping is nicotine dependence on an other tobacco product (F17.29-, Coding
      // Clinic); "after giving birth" is postpartum; a gallbladder "out" is its acquired absence.
      {"vaping every day", "F17.290"},
      {"depression after giving birth", "F53.0"},
      {"gallbladder out", "Z90.49"},
      // Patients' words (lexicon): presbyopia, generalized anxiety, insomnia, PTSD.
      {"cant see up close", "H52.4"},
      {"worry about everything", "F41.1"},
      {"cant stay asleep", "G47.00"},
      {"flashbacks and nightmares", "F43.10"},
      // Session 15. A first-level Index subterm with its main term's own code is the default
      // type ("Osteoporosis M81.0, age-related M81.0"; "Epilepsy G40.909, not intractable G40.909"): a query that
      // names no type gets it, not the "specified type NEC" / "Other" path.
      {"osteoporosis with pathological fracture of vertebra", "M80.08XA"},
      {"osteoporotic fracture vertebra", "M80.08XA"},
      {"epilepsy with status epilepticus", "G40.901"},
      // A word of six letters or more cut short without a period, no word of its own: the
      // words it begins, before a split ("hyper ten") or a correction ("hypertonic").
      {"hyperten heart disease", "I11.9"},
      {"divertic of sigmoid colon", "K57.30"},
      {"diabetic retinop", "E11.319"},
      // Lexicon: "os" is the left eye (oculus sinister) as "od" the right; "pvd" beside an eye
      // is a (posterior) vitreous detachment (Index: Detachment, vitreous H43.81-).
      {"pvd od", "H43.811"},
      {"conjunctivitis os", "H10.32"},
      // A patient's "didnt", "never" is a "no", also at a clause's start, and before a lexicon
      // phrase whose reading some title writes after "without" ("passed out": loss of
      // consciousness); a lexicon phrase that begins with the "not" keeps it.
      {"concussion, never passed out", "S06.0X0A"},
      {"concussion and didnt black out", "S06.0X0A"},
      {"infant not gaining weight", "P92.6"},
      // Lexicon: chart shorthand "subsq" (subsequent encounter) and "ank" (ankle).
      {"lt ank sprain subsq", "S93.402D"},
      // Vowels dropped with the "y" that sounds as one ("prxsml": paroxysmal).
      {"prxsml afib", "I48.0"},
      // What a title says it is "not specified as" is negated, in the title and in the query:
      // metastases to the liver are not C22.9 "..., not specified as primary or secondary";
      // "not specified as recurrent" is the title that says so, not the recurrent one.
      {"metastases in liver", "C78.7"},
      {"c diff colitis not specified as recurrent", "A04.72"},
      // A see-reference written with its terms' modifiers and a trailing comma ("Disease, heart,
      // ischemic, atherosclerotic, coronary artery bypass graft - see Arteriosclerosis, coronary
      // (artery),") leads to that term (I25.10), not to the main term's default (I70.90).
      {"ischemic heart disease atherosclerotic coronary artery bypass graft", "I25.10"},
      // A word cut short is not a word an abbreviation beside it reads as ("inf." beside
      // "stemi", which reads infarction, is inferior); a reading that keeps its word and adds
      // one ("hyperemesis": hyperemesis gravidarum) is completed by it ("grav.").
      {"stemi inf. wall", "I21.19"},
      {"hyperemesis grav.", "O21.0"},
      // A query writes no comma where the title has one: a "without" ends at the first word after
      // its first that no title writes after a "without" ("2nd": O44.02 "... without hemorrhage,
      // second trimester").
      {"previa w/o hemorrhage 2nd tri", "O44.02"},
      {"preterm labor w/o delivery 2nd tri", "O60.02"},
  };
  for (const auto& [q, want] : first) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_FALSE(r->hits.empty()) << q;
    EXPECT_TRUE(CS().Dotted(r->hits[0].code).starts_with(want)) << q << ": first is " << CS().Dotted(r->hits[0].code);
  }
  // An effect of a drug ("due to", "from", "reaction"): the drug's part leads with its adverse effect.
  for (const char* q : {"cough due to enalapril", "hives from amoxicillin"}) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    auto at = [&](std::string_view sixth) {
      for (size_t k = 0; k < r->hits.size(); ++k) {
        const std::string c = CS().Dotted(r->hits[k].code);
        if (c.size() >= 7 && c[0] == 'T' && c[6] == sixth[0]) return k;
      }
      return r->hits.size();
    };
    EXPECT_LT(at("5"), at("6")) << q << ": the adverse effect before the underdosing";
    EXPECT_LT(at("5"), at("1")) << q << ": the adverse effect before the poisoning";
  }
  // Two conditions: each leads with its best code, a combination code ("with") first, and
  // the result says how many hits lead.
  const std::tuple<const char*, const char*, const char*> two[] = {
      {"chf w/ afib", "I50.9", "I48.91"},
      {"type 2 dm with ckd stage 3", "E11.22", "N18.30"},
      {"dm2 with ckd stage 3", "E11.22", "N18.30"},
      {"htn and hld", "I10", "E78.5"},
      {"copd + chf", "J44.9", "I50.9"},
  };
  for (const auto& [q, a, b] : two) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_GE(r->hits.size(), 2u) << q;
    EXPECT_EQ(r->leads, 2u) << q;
    std::set<std::string> top = {CS().Dotted(r->hits[0].code), CS().Dotted(r->hits[1].code)};
    EXPECT_EQ(top, (std::set<std::string>{a, b})) << q;
    EXPECT_FALSE(r->every_word) << q;
  }
  // A limit below the number of conditions shows as many leads as hits (and never more).
  for (uint32_t limit : {1u, 2u}) {
    SearchOptions o;
    o.limit = limit;
    auto few = s.Search("chf w/ afib", o);
    ASSERT_TRUE(few.ok());
    EXPECT_EQ(few->hits.size(), limit);
    EXPECT_LE(few->leads, few->hits.size());
  }
  auto one = s.Search("type 2 diabetes");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->leads, 0u);
  EXPECT_TRUE(one->every_word);
  EXPECT_GT(one->partial, 0u);  // "type" and "2" alone match other codes
  // A code-shaped query that is no code: "did you mean", with lookup's reason.
  auto code = s.Search("T36.01A");
  ASSERT_TRUE(code.ok());
  EXPECT_TRUE(code->hits.empty());
  ASSERT_FALSE(code->did_you_mean.empty());
  EXPECT_EQ(code->did_you_mean[0], "T36.0X1A");
  EXPECT_NE(code->did_you_mean_reason.find("placeholder"), std::string::npos);
}

TEST_F(FullData, AlphabeticIndexAndTables) {
  auto books = index::Books(CS());
  ASSERT_EQ(books.size(), 4u);
  EXPECT_EQ(books[0].key, "index");
  EXPECT_EQ(books[0].main_terms, 8060u);
  EXPECT_EQ(books[0].terms, 80118u);
  EXPECT_EQ(books[0].letters.size(), 26u);
  EXPECT_EQ(books[1].key, "eindex");
  EXPECT_EQ(books[1].terms, 8090u);
  EXPECT_EQ(books[2].key, "neoplasm");
  EXPECT_EQ(books[2].terms, 1940u);
  EXPECT_EQ(books[2].columns.size(), 7u);
  EXPECT_EQ(books[3].key, "drug");
  EXPECT_EQ(books[3].main_terms, 5179u);
  EXPECT_EQ(books[3].letters.front().letter, "#");

  index::ListOptions a;
  a.letter = "A";
  a.limit = 1;
  EXPECT_EQ(index::MainTerms(CS(), 0, a)->items.at(0).title, "Aarskog's syndrome");

  auto hyper = index::FindPath(CS(), "Diabetes, type 2, with, hyperglycemia");
  ASSERT_TRUE(hyper.ok());
  auto v = index::View(CS(), *hyper);
  ASSERT_FALSE(v.refs.empty());
  ASSERT_TRUE(v.refs[0].code.has_value());
  EXPECT_EQ(v.refs[0].code->code, "E11.65");
  EXPECT_TRUE(v.refs[0].code->billable);

  // "Neoplasm, abdomen" goes further in the Neoplasm Table than in the Index.
  std::string rest;
  auto ab = index::FindPath(CS(), "Neoplasm, abdomen", format::kNone, &rest);
  ASSERT_TRUE(ab.ok());
  EXPECT_EQ(rest, "");
  EXPECT_EQ(CS().index_book_of(*ab), 2u);
  bool c762 = false;
  for (const auto& r : index::View(CS(), *ab).refs) {
    c762 |= r.kind == format::IndexRefKind::kCell && r.column_name == "Malignant Primary" && r.text == "C76.2";
  }
  EXPECT_TRUE(c762);

  // "Carcinoma - see also Neoplasm, by site, malignant": the table, its primary column.
  index::ListOptions c;
  c.prefix = "carcinoma";
  auto carc = index::MainTerms(CS(), 0, c);
  ASSERT_TRUE(carc.ok());
  ASSERT_FALSE(carc->items.empty());
  auto f = index::Follow(CS(), carc->items[0].id);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_TRUE(f->see_also);
  EXPECT_EQ(f->node->node.title, "Neoplasm, neoplastic");
  EXPECT_EQ(f->via.column_name, "Malignant Primary");
  EXPECT_TRUE(f->via.partial);

  // A Table of Drugs cell: a header that needs its 7th character.
  auto ac = index::FindPath(CS(), "Acetaminophen", 3);
  ASSERT_TRUE(ac.ok());
  bool t391x5 = false;
  for (const auto& r : index::View(CS(), *ac).refs) {
    t391x5 |= r.column_name == "Adverse effect" && r.code && r.code->code == "T39.1X5" && !r.code->billable;
  }
  EXPECT_TRUE(t391x5);

  auto where = index::WhereIsCode(CS(), "E11.65");
  ASSERT_TRUE(where.ok());
  EXPECT_GE(where->total, 2u);
  EXPECT_TRUE(where->items[0].exact);
}

TEST_F(FullData, DoubleImportIsByteIdentical) {
  import::Report rep;
  auto again = import::ImportEntry(entry_, CodesetsDir(), rep, ProjectDir());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->size(), bytes_->size());
  EXPECT_TRUE(*again == *bytes_) << "two imports of the real data differ";
}

// HCPCS Level II, October 2025 (HCPC2025_OCT_ANWEB_v4.xlsx): counts from SOURCES.md and
// the file itself, a terminated code, a modifier, search.
TEST(HcpcsFullData, October2025) {
  auto text = import::ReadFile(std::string(MEDCODE_SOURCE_DIR) + "/codesets/manifest.json");
  ASSERT_TRUE(text.ok());
  nlohmann::json entry;
  const nlohmann::json manifest = nlohmann::json::parse(*text);
  for (const auto& e : manifest["codesets"]) {
    if (e.value("id", "") == "hcpcs-2025q4") entry = e;
  }
  ASSERT_FALSE(entry.is_null()) << "codesets/manifest.json has no hcpcs-2025q4 entry";
  const std::string file = CodesetsDir() + "/" + entry["inputs"][0]["path"].get<std::string>();
  if (!std::filesystem::exists(file)) {
    std::printf("MEDCODE_FULLDATA_SKIPPED: %s not found; set CODESETS_DIR\n", file.c_str());
    GTEST_SKIP();
  }
  import::Report rep;
  auto bytes = import::ImportEntry(entry, CodesetsDir(), rep, ProjectDir());
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(rep.counts.at("codes"), 8463);
  EXPECT_EQ(rep.counts.at("modifiers"), 383);
  EXPECT_EQ(rep.counts.at("codes terminated before the code set takes effect (not billable)") +
                rep.counts.at("modifiers terminated"), 1225) << "1,225 rows carry a TERM DT (SOURCES.md)";
  EXPECT_EQ(rep.counts.at("codes by action code: A (Add procedure or modifier code)"), 76);
  EXPECT_TRUE(rep.skipped.empty() || rep.skipped_by_reason.size() == 1) << "only unknown attribute values are noted";
  fx::Aligned a(*bytes);
  auto cs = fx::OpenBytes(a);
  ASSERT_TRUE(cs.ok()) << cs.error().message;
  auto d = Lookup(*cs, "E0100");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->billable);
  EXPECT_EQ(d->added_date, "1986-01-01");
  auto t = Lookup(*cs, "A4466");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->terminated);
  EXPECT_FALSE(t->billable);
  EXPECT_EQ(Validate(*cs, "A4466").suggestions, std::vector<std::string>{"A4467"});
  ASSERT_NE(cs->FindModifier("KX"), nullptr);
  Searcher s(*cs);
  auto r = s.Search("wheelchair", {10});
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(cs->code(r->hits[0].code), "K0001");
  // An item before what goes with it: a title that begins with a word the query does not
  // have ("Foot rest, for use with commode chair", "Wheelchair accessory, crutch and cane
  // holder", "Brake attachment for wheeled walker") follows one that begins with them.
  const std::pair<const char*, const char*> items[] = {
      {"bedside commode", "E0163"}, {"cane", "E0100"}, {"walker with wheels", "E0141"}};
  for (const auto& [q, want] : items) {
    auto h = s.Search(q, {10});
    ASSERT_TRUE(h.ok()) << q;
    ASSERT_FALSE(h->hits.empty()) << q;
    EXPECT_EQ(cs->code(h->hits[0].code), want) << q;
  }
  // A terminated code ranks last (issue 11): J1030 (methylprednisolone acetate 40 mg,
  // terminated) follows J1010, its replacement, though its dose is the query's.
  {
    auto t = s.Search("depo medrol 40 mg", {10});
    ASSERT_TRUE(t.ok());
    ASSERT_FALSE(t->hits.empty());
    EXPECT_FALSE(cs->terminated(t->hits[0].code)) << cs->code(t->hits[0].code);
  }
  auto again = import::ImportEntry(entry, CodesetsDir(), rep, ProjectDir());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == *bytes) << "two imports of the HCPCS file differ";
}

// The HCPCS lexicon (codesets/lexicon/hcpcs-en.tsv) over the real October 2025 file, by class
// (issue 11): what clinic staff type for drugs and supplies finds the code HCPCS names them by.
// The October 2025 HCPCS file imported as the build does (empty when the real file is absent).
std::string ImportHcpcs2025q4() {
  auto text = import::ReadFile(std::string(MEDCODE_SOURCE_DIR) + "/codesets/manifest.json");
  if (!text.ok()) return {};
  nlohmann::json entry;
  const nlohmann::json manifest = nlohmann::json::parse(*text);
  for (const auto& e : manifest["codesets"]) {
    if (e.value("id", "") == "hcpcs-2025q4") entry = e;
  }
  if (entry.is_null()) return {};
  const std::string file = CodesetsDir() + "/" + entry["inputs"][0]["path"].get<std::string>();
  if (!std::filesystem::exists(file)) return {};
  import::Report rep;
  auto bytes = import::ImportEntry(entry, CodesetsDir(), rep, ProjectDir());
  return bytes.ok() ? *bytes : std::string();
}

// That file opened, imported once for the tests that search it (null when the real file is absent).
const CodeSet* Hcpcs2025q4() {
  static const fx::Aligned* bytes = nullptr;
  static std::optional<CodeSet> cs;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const std::string b = ImportHcpcs2025q4();
    if (!b.empty()) {
      bytes = new fx::Aligned(b);  // kept for the process: the code set reads it in place
      auto opened = fx::OpenBytes(*bytes);
      if (opened.ok()) cs.emplace(std::move(*opened));
    }
  }
  return cs ? &*cs : nullptr;
}
#define MEDCODE_HCPCS_OR_SKIP(name)                                                                   \
  const CodeSet* name = Hcpcs2025q4();                                                                 \
  if (!name) {                                                                                         \
    std::printf("MEDCODE_FULLDATA_SKIPPED: the HCPCS file was not found or not imported; set CODESETS_DIR\n"); \
    GTEST_SKIP();                                                                                      \
  }

TEST(HcpcsFullData, LexiconBrandsDosesRoutesAndItems) {
  MEDCODE_HCPCS_OR_SKIP(cs);
  Searcher s(*cs);
  const auto first = [&](const char* q) -> std::string {
    auto r = s.Search(q, {10});
    if (!r.ok() || r->hits.empty()) return "";
    return std::string(cs->code(r->hits[0].code));
  };
  // 1. Brand names of drugs HCPCS names by their generic names; a brand that is the plain
  //    generic reads as its "not otherwise specified" code, never another brand's code.
  const std::pair<const char*, const char*> brands[] = {
      {"solu cortef", "J1720"}, {"bicillin la", "J0561"}, {"bicillin cr", "J0558"}, {"reglan", "J2765"},
      {"eligard", "J9217"},     {"kenalog", "J3301"},     {"narcan", "J2312"},      {"infed", "J1750"},
      {"nexplanon", "J7307"},   {"paragard", "J7300"},    {"vitamin k", "J3430"},   {"regular insulin", "J1815"},
      {"rhogam", "J2790"}};
  for (const auto& [q, want] : brands) EXPECT_EQ(first(q), want) << q;
  // 2. Route and dose words as orders write them: iv/im/inj/infusion are HCPCS's
  //    "Injection, ..."; a dose joined to its unit is the number and the unit.
  const std::pair<const char*, const char*> doses[] = {
      {"zofran iv", "J2405"},    {"phenergan im", "J2550"},   {"iron sucrose infusion", "J1756"},
      {"narcan inj", "J2312"},   {"lidocaine hcl injection", "J2003"}, {"kenalog 10mg", "J3301"},
      {"kenalog 10 mg", "J3301"}, {"rocephin 250mg", "J0696"}};
  for (const auto& [q, want] : doses) EXPECT_EQ(first(q), want) << q;
  // 3. Supplies and equipment in lay words.
  const std::pair<const char*, const char*> items[] = {
      {"aluminum crutches", "E0114"},    {"wooden crutches", "E0112"},     {"soft cervical collar", "L0120"},
      {"hearing aid batteries", "V5266"}, {"adult diapers", "A4520"},       {"alcohol prep pads", "A4245"},
      {"tens unit 2 lead", "E0720"},      {"tens unit 4 lead", "E0730"},    {"lancing device", "A4258"},
      {"hearing aid exam", "V5010"},     {"condom catheter", "A4349"},     {"tens unit supplies 2 lead", "A4595"}};
  for (const auto& [q, want] : items) EXPECT_EQ(first(q), want) << q;
  // 4. "with any type side rails" is every kind, which a query need not name; HCPCS writes no
  //    defaults, so "without side rails" is one kind among others, not what a query means by
  //    saying nothing (the ICD-10-CM "without" convention is not HCPCS's).
  const std::pair<const char*, const char*> kinds[] = {
      {"semi-electric hospital bed with mattress", "E0260"}, {"semi electric hospital bed without mattress", "E0261"},
      {"full electric hospital bed with mattress", "E0265"}};  // lexicon: "full electric" is HCPCS's total electric
  for (const auto& [q, want] : kinds) EXPECT_EQ(first(q), want) << q;
}

// Across code sets (the page and the CLI search ICD-10-CM and HCPCS together): one set's
// leads, each for a part of the query, give way to another set's code that has every part
// ("pregnant with twins": O30.009 "Pregnancy, twin", not HCPCS's leads for "twins" and
// "pregnant" alone).
TEST_F(FullData, AcrossCodeSetsTheLeadsThatHaveMostOfTheQueryGoFirst) {
  MEDCODE_HCPCS_OR_SKIP(hc);
  Searcher si(CS()), sh(*hc);
  const CodeSet* sets[] = {&CS(), hc};
  Searcher* searchers[] = {&si, &sh};
  auto m = SearchCodeSets(sets, searchers, "pregnant with twins", {10});
  ASSERT_TRUE(m.ok());
  ASSERT_GT(m->per_set[1].leads, 0u) << "HCPCS has no leads for the query: the test proves nothing";
  ASSERT_FALSE(m->hits.empty());
  EXPECT_EQ(m->hits[0].set, 0u);
  EXPECT_EQ(CS().Dotted(m->hits[0].hit.code), "O30.009");

  // When both sets have leads, the set whose best lead has most of the query's words leads
  // ("home blood pressure cuff automatic": HCPCS A4670 "Automatic blood pressure monitor" has
  // three, ICD-10-CM's leads one or two each), and a set's best code with more of the words
  // than any lead of the other set ends that set's leads.
  const std::pair<const char*, const char*> cases[] = {
      {"home blood pressure cuff automatic", "A4670"},
      {"wrist cock-up splint off the shelf", "L3908"},
      {"lasix iv push", "J1938"},
  };
  for (const auto& [q, want] : cases) {
    m = SearchCodeSets(sets, searchers, q, {10});
    ASSERT_TRUE(m.ok()) << q;
    ASSERT_GT(m->per_set[0].leads, 0u) << q << ": ICD-10-CM has no leads: the case proves nothing";
    ASSERT_FALSE(m->hits.empty()) << q;
    EXPECT_EQ(m->hits[0].set, 1u) << q;
    EXPECT_EQ(hc->code(m->hits[0].hit.code), want) << q;
  }
  // A code whose score fell below 0 (a terminated HCPCS quality code costs 1000) scores 0, not
  // a wrapped 4.29e9 that ranked it first across code sets.
  for (const char* q : {"meningitis due to streptococcus pneumoniae", "secondary diabetes due to drug or chemical without complications"}) {
    m = SearchCodeSets(sets, searchers, q, {10});
    ASSERT_TRUE(m.ok()) << q;
    for (const auto& r : m->per_set) {
      for (const auto& h : r.hits) EXPECT_LT(h.score, 200000u) << q << ": a word hit scored " << h.score;
    }
    ASSERT_FALSE(m->hits.empty()) << q;
    EXPECT_EQ(m->hits[0].set, 0u) << q;
  }
  // A spelling correction or a short word is no word to compare: "tingling in my hands" keeps
  // ICD-10-CM's R20.2 first (HCPCS corrects "tingling" and has "my").
  m = SearchCodeSets(sets, searchers, "tingling in my hands", {10});
  ASSERT_TRUE(m.ok());
  ASSERT_FALSE(m->hits.empty());
  EXPECT_EQ(CS().Dotted(m->hits[0].hit.code), "R20.2");
  // A set that lacks a word the other knows scored its codes over fewer words: "slipped on ice"
  // is ICD-10-CM's W00.0XXA (every word), not HCPCS's ice cap ("slipped" unknown to HCPCS),
  // though the external cause costs its penalty.
  m = SearchCodeSets(sets, searchers, "slipped on ice", {10});
  ASSERT_TRUE(m.ok());
  ASSERT_FALSE(m->per_set[1].unknown.empty()) << "HCPCS knows every word: the case proves nothing";
  ASSERT_FALSE(m->hits.empty());
  EXPECT_EQ(CS().Dotted(m->hits[0].hit.code), "W00.0XXA");
}

// The pronoun "I" is no abbreviation: the lexicon's "ied" (intermittent explosive disorder)
// no longer stems to "i" (text::Stem never cuts a word to one letter).
TEST_F(FullData, ThePronounIIsNotAnAbbreviation) {
  Searcher s(CS());
  auto r = s.Search("I have depression");
  ASSERT_TRUE(r.ok());
  for (const auto& w : r->words) {
    if (w.text == "i") EXPECT_NE(w.use, WordUse::kExpanded) << "read as " << w.used;
  }
  auto ied = s.Search("ied");
  ASSERT_TRUE(ied.ok());
  ASSERT_FALSE(ied->hits.empty());
  EXPECT_EQ(CS().Dotted(ied->hits[0].code), "F63.81");
}

// The codes of a page of ten hits, dotted, in order (none if the search fails).
std::vector<std::string> HitCodes(const CodeSet& cs, Searcher& s, std::string_view query, SearchOptions o = {}) {
  o.limit = 10;
  std::vector<std::string> codes;
  auto r = s.Search(query, o);
  if (r.ok()) {
    for (const auto& h : r->hits) codes.push_back(cs.Dotted(h.code));
  }
  return codes;
}

// Session 16. A later encounter of an injury whose initial encounter is on the page, and a
// header above its own code, follow the page's other concepts: the first ten hits of "hit my
// head and blacked out" are ten kinds of injury, not S06.9X1D and S06.9X1S. The note coder,
// which weighs the hits itself, reads them in score order (SearchOptions::fold_forms).
TEST_F(FullData, AnotherFormOfACodeOnThePageFollowsTheOtherConcepts) {
  Searcher s(CS());
  const std::vector<std::string> codes = HitCodes(CS(), s, "hit my head and blacked out for a minute");
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(codes[0], "S06.9X1A");
  for (const std::string& c : codes) {
    EXPECT_NE(c, "S06.9X1D");
    EXPECT_NE(c, "S06.9X1S");
  }
  const std::vector<std::string> scored = HitCodes(CS(), s, "hit my head and blacked out for a minute", {.fold_forms = false});
  EXPECT_NE(std::find(scored.begin(), scored.end(), "S06.9X1D"), scored.end())
      << "in score order, the subsequent encounter is among the ten";
}

// Session 17. Codes of one concept crowding the page: a header whose default code took its
// place (an index path to S09.93 "Unspecified injury of face" shown as S09.93XA) follows the
// page's other concepts, as the forms RankHits meets do; the spare hits move up. "knocked my
// tooth out": S03.2XXA "Dislocation of tooth" is among the ten (it was 12th, behind S09.93,
// M21.06 and X58 each right below its own code).
TEST_F(FullData, AHeaderBelowItsDefaultCodeFollowsTheOtherConcepts) {
  Searcher s(CS());
  const std::vector<std::string> codes = HitCodes(CS(), s, "knocked my tooth out");
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "S03.2XXA"), codes.end());
  // No header below its own code comes before a code that is not such a form.
  bool form_seen = false;
  for (size_t k = 0; k < codes.size(); ++k) {
    bool form = false;
    for (size_t a = 0; a < k && !CS().billable(*CS().Find(codes[k])); ++a) form = form || codes[a].starts_with(codes[k]);
    EXPECT_FALSE(form_seen && !form) << codes[k] << " follows a header below its own code";
    form_seen = form_seen || form;
  }
  // The note coder's order: the header right after its default code.
  const std::vector<std::string> scored = HitCodes(CS(), s, "knocked my tooth out", {.fold_forms = false});
  EXPECT_NE(std::find(scored.begin(), scored.end(), "S09.93"), scored.end()) << "without folding, the header stays among the ten";
}

// Session 17. A partial match ranked by the words that carry meaning: a concept the query spends
// several words on (the lexicon's "hair falling out" = alopecia) weighs more than a word typed
// beside it ("round", "patches": rarer in the book than the phrase's readings together, each
// led to codes of its own: kyphosis "Round, back", helminthiasis "Round, worms"). After the
// leads, the page is the concept's other codes: most of the ten are alopecia. A negated phrase
// ("w/o compl.") is the default clause and weighs as before: "HZ w/o compl." is B02.9.
TEST_F(FullData, ALexiconPhraseOfSeveralWordsWeighsMoreThanAWordBesideIt) {
  Searcher s(CS());
  auto alopecia = [&](SearchOptions o) {
    int n = 0;
    for (const std::string& c : HitCodes(CS(), s, "hair falling out in round patches", o)) {
      const std::string_view title = CS().title(*CS().Find(c));
      n += title.find("lopecia") != std::string_view::npos || title.find("hair loss") != std::string_view::npos;
    }
    return n;
  };
  const int weighed = alopecia({});
  EXPECT_GE(weighed, 6);
  // The note coder's weights: the single words' codes fill the page.
  EXPECT_LT(alopecia({.weigh_phrases = false}), weighed);
  auto hz = s.Search("HZ w/o compl.");
  ASSERT_TRUE(hz.ok());
  ASSERT_FALSE(hz->hits.empty());
  EXPECT_EQ(CS().Dotted(hz->hits[0].code), "B02.9");
}

// Session 17. A query whose words match a header's inclusion term and its codes' titles, but no
// one document: "Pyelonephritis in pregnancy" is an inclusion term of the header O23.0, whose
// code O23.03 "Infections of kidney in pregnancy, third trimester" has the trimester. The
// inclusion term is completed by the header's codes as an index path is (CompleteHeaders):
// O23.03 first, not O88.813 "Other embolism in pregnancy, third trimester" for the words
// "pregnancy third trimester" and O23.00 (unspecified trimester) for the rest.
TEST_F(FullData, AHeadersInclusionTermIsCompletedByItsCodesTitles) {
  Searcher s(CS());
  for (const char* q : {"pyelonephritis pregnancy third trimester", "pyelonephritis in pregnancy 3rd tri"}) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok());
    ASSERT_FALSE(r->hits.empty());
    EXPECT_EQ(CS().Dotted(r->hits[0].code), "O23.03") << q;
    EXPECT_EQ(r->leads, 0u) << q << ": one code has every word";
  }
  // Not an inclusion term that refers to other codes' conditions, of which the query says one
  // word: "Conditions classifiable to Q00-Q89 that have been repaired or corrected" (Z87.7) is
  // not completed by Z87.760 "... congenital diaphragmatic hernia ..." for "hernia repair".
  auto r = s.Search("Preoperative examination before hernia repair");
  ASSERT_TRUE(r.ok());
  for (const auto& h : r->hits) EXPECT_NE(CS().Dotted(h.code), "Z87.760");
}

// Session 18. A lexicon phrase is read within a comma's piece: "Type 1 diabetes, on insulin"
// leads with E10.9, not E10.A2 "Type 1 diabetes mellitus, presymptomatic, Stage 2". "Heart,
// attack of angina" holds no "heart attack" (the lexicon's myocardial infarction), which
// "heart attack" reads. A comma the titles themselves write before their next words ("Opioid
// dependence, in remission") does not end a phrase.
TEST_F(FullData, ALexiconPhraseDoesNotReadAcrossAComma) {
  Searcher s(CS());
  auto r = s.Search("Type 1 diabetes, on insulin");
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->hits.empty());
  EXPECT_EQ(CS().Dotted(r->hits[0].code), "E10.9");
  auto split = s.Search("heart, attack of angina");
  ASSERT_TRUE(split.ok());
  for (const auto& w : split->words) EXPECT_NE(w.text, "heart attack") << "a phrase across the comma";
  auto joined = s.Search("heart attack of angina");
  ASSERT_TRUE(joined.ok());
  bool read = false;
  for (const auto& w : joined->words) read = read || w.text == "heart attack";
  EXPECT_TRUE(read) << "without the comma the phrase is read";
  auto remission = s.Search("Opioid dependence, in sustained remission");
  ASSERT_TRUE(remission.ok());
  ASSERT_FALSE(remission->hits.empty());
  EXPECT_EQ(CS().Dotted(remission->hits[0].code), "F11.21");
}

// Session 19 (search, index readings). A subterm with no code whose "see also" names a main
// term is that main term's condition at that site or of that kind: "Inflammation, brain - see
// also Encephalitis" (G04.90), "Infection, pharynx - see also Pharyngitis", "Discharge, ear -
// see also Otorrhea", "Lack of, memory - see also Amnesia", "Excess, fat - see also Obesity".
// Not beside a subterm for the finding without the diagnosis ("Elevated, blood pressure - see
// also Hypertension", "reading ..., no diagnosis of hypertension" R03.0).
TEST_F(FullData, ASubtermsSeeAlsoToAMainTermIsThatConditionsCode) {
  Searcher s(CS());
  const std::pair<const char*, const char*> first[] = {
      {"inflammation of the brain", "G04.90"}, {"infection of the pharynx", "J02.9"}, {"discharge from ear", "H92.10"},
      {"lack of memory", "R41.3"},             {"excess fat", "E66.9"},               {"elevated blood pressure", "R03.0"},
  };
  for (const auto& [q, code] : first) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_FALSE(r->hits.empty()) << q;
    EXPECT_EQ(CS().Dotted(r->hits[0].code), code) << q;
  }
}

// Session 19 (search). Numbness and tingling (R20, disturbances of skin sensation) are
// routinely part of a mononeuropathy or polyneuropathy (I.B.5): the nerve's lead comes first,
// as a rash follows its dermatitis ("poison ivy rash"). Alone, the symptom leads.
TEST_F(FullData, SkinSensationFollowsItsNervesDisease) {
  Searcher s(CS());
  const std::pair<const char*, const char*> first[] = {
      {"numb hands carpal tunnel", "G56.00"}, {"numb fingers carpal tunnel", "G56.00"},
      {"tingling feet neuropathy", "G62.9"},  {"numbness in my hands", "R20.0"},
  };
  for (const auto& [q, code] : first) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_GE(r->hits.size(), 2u) << q;
    EXPECT_EQ(CS().Dotted(r->hits[0].code), code) << q;
  }
}

// Session 19 (the lead's, search). Who the patient is ("kid", "toddler", "elderly mom") is no
// concept of its own: when no code reads every word, the lead of what happened to them comes
// before the lead of the person word alone (Z76.2 "... healthy infant and child").
TEST_F(FullData, APersonWordLeadsAfterWhatHappened) {
  Searcher s(CS());
  const std::pair<const char*, const char*> first[] = {
      {"kid broke arm", "S42.309A"}, {"toddler fever", "R50.9"}, {"uti in my elderly mom", "N39.0"}};
  for (const auto& [q, code] : first) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_FALSE(r->hits.empty()) << q;
    EXPECT_EQ(CS().Dotted(r->hits[0].code), code) << q;
  }
}

// Session 19 (search). A word written without its vowels that the lexicon knows with them is
// read as the lexicon reads it: "dstl" is "distal", a coder's anatomy word for the lower end
// ("Fracture of lower end of radius"), "prxml" the upper end.
TEST_F(FullData, AWordWithoutItsVowelsTakesTheLexiconsReading) {
  Searcher s(CS());
  const std::pair<const char*, const char*> first[] = {{"dstl radius fx rt init", "S52.501A"}, {"prxml humerus fracture", "S42.2"}};
  for (const auto& [q, code] : first) {
    auto r = s.Search(q);
    ASSERT_TRUE(r.ok()) << q;
    ASSERT_FALSE(r->hits.empty()) << q;
    EXPECT_TRUE(CS().Dotted(r->hits[0].code).starts_with(code)) << q << ": " << CS().Dotted(r->hits[0].code);
  }
}

// Session 19 (speed): over the real Index and Tables, FindPath with the main terms' keys
// (index::MainTermKeys) answers as FindPath folding every main term: every 31st node's path
// (accents, digits, punctuation as printed), alone and with a subterm the tree lacks.
TEST_F(FullData, FindPathWithMainTermKeysAnswersTheSame) {
  index::MainTermKeys keys(CS());
  size_t checked = 0;
  for (uint32_t i = 0; i < CS().index_nodes().size(); i += 31) {
    auto d = index::Node(CS(), i);
    ASSERT_TRUE(d.ok());
    std::string path;
    for (const index::NodeView& v : d->path) path += (path.empty() ? "" : ", ") + v.title;
    for (const std::string& p : {path, path + ", zzz"}) {
      std::string rest1, rest2;
      auto a = index::FindPath(CS(), p, format::kNone, &rest1);
      auto k = index::FindPath(CS(), p, format::kNone, &rest2, &keys);
      ASSERT_EQ(a.ok(), k.ok()) << p;
      if (a.ok()) EXPECT_TRUE(*a == *k && rest1 == rest2) << p;
      ++checked;
    }
  }
  EXPECT_GT(checked, 2000u);
}

}  // namespace
