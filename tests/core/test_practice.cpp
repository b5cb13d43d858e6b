// Practice (medcode/practice.h) over the fixture code sets (tests/fixtures: ICD-10-CM and
// HCPCS, invented titles): the case-file reader and its errors, the grading rules (first
// slot, set, partial credit with reasons, headers, distractors, over-coding, HCPCS lines),
// the answer syntax, key verification, coverage counts and the JSON shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "fixture.h"
#include "hcpcs.h"
#include "medcode/practice.h"
#include "util.h"

namespace medcode {
namespace {

using namespace practice;
using json = nlohmann::json;

const CodeSet& Hcpcs() {
  static const CodeSet* cs = [] {
    const std::string dir = fx::FixturesDir() + "/hcpcs";
    auto text = import::ReadFile(dir + "/manifest.json");
    if (!text) std::abort();
    import::Report rep;
    auto bytes = import::ImportEntry(json::parse(*text)["codesets"][0], dir, rep);
    if (!bytes) {
      std::fprintf(stderr, "HCPCS fixture import failed: %s\n", bytes.error().message.c_str());
      std::abort();
    }
    static const fx::Aligned* a = new fx::Aligned(*bytes);
    auto r = CodeSet::Open(a->span());
    if (!r) std::abort();
    return new CodeSet(std::move(*r));
  }();
  return *cs;
}

CodeSets Sets() { return {&fx::FixtureCodeSet(), &Hcpcs()}; }

// A valid case in the fixture's codes; tests change one thing at a time.
json BaseCase() {
  return json::parse(R"({
    "id": "inj-901", "title": "Fall at the gym", "setting": "outpatient", "level": 3,
    "dateOfService": "2025-11-03",
    "scenario": "Hit by a weight plate at the gym. X-ray: fracture of the upper end of the right ulna, closed. Initial visit.",
    "key": [
      {"code": "S52.001A", "accept": [], "indexPath": "Fracture, traumatic, ulna or ulnar, upper end", "why": "closed fracture, right, initial"},
      {"code": "W21.89XA", "accept": [], "indexPath": "", "why": "struck by sports equipment"}
    ],
    "rationale": "Injury first, then the external cause (I.C.19.a, I.C.20).",
    "guidelines": ["I.C.19.a", "I.C.20"],
    "topics": ["fracture", "7th character", "laterality"],
    "distractors": ["W22.8XXA"]
  })");
}

json File(const std::vector<json>& cases) {
  return {{"format", "medcode-practice-cases"}, {"version", 1}, {"cases", cases}};
}

Case ParseOne(const json& c) {
  auto r = ParseCases(File({c}).dump());
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->cases.at(0) : Case{};
}

// The error of a file with one case changed.
std::string ErrorOf(const std::string& text, ErrorCode* code = nullptr) {
  auto r = ParseCases(text);
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  if (code) *code = r.error().code;
  return r.error().message;
}

GradeResult G(const json& c, std::vector<std::string> answer) {
  auto g = Grade(ParseOne(c), Sets(), answer);
  EXPECT_TRUE(g.ok());
  return g.ok() ? *g : GradeResult{};
}

// ---- the reader --------------------------------------------------------------------

TEST(PracticeCases, ReadsEveryField) {
  json c = BaseCase();
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "modifiers": [], "units": 2, "why": "8 mg"}])");
  Case k = ParseOne(c);
  EXPECT_EQ(k.id, "inj-901");
  EXPECT_EQ(k.setting, "outpatient");
  EXPECT_EQ(k.level, 3);
  EXPECT_EQ(k.date_of_service, "2025-11-03");
  ASSERT_EQ(k.key.size(), 2u);
  EXPECT_EQ(k.key[0].code, "S52.001A");
  EXPECT_EQ(k.key[0].index_path, "Fracture, traumatic, ulna or ulnar, upper end");
  EXPECT_EQ(k.key[1].why, "struck by sports equipment");
  ASSERT_EQ(k.hcpcs.size(), 1u);
  EXPECT_EQ(k.hcpcs[0].units, 2);
  EXPECT_EQ(k.guidelines, (std::vector<std::string>{"I.C.19.a", "I.C.20"}));
  EXPECT_EQ(k.distractors, std::vector<std::string>{"W22.8XXA"});
}

TEST(PracticeCases, OptionalFieldsMayBeLeftOut) {
  json c = BaseCase();
  c.erase("distractors");
  c["key"][0].erase("accept");
  Case k = ParseOne(c);
  EXPECT_TRUE(k.distractors.empty());
  EXPECT_TRUE(k.key[0].accept.empty());
  EXPECT_TRUE(k.hcpcs.empty());
}

TEST(PracticeCases, WrongTypeNamesCaseAndField) {
  json c = BaseCase();
  c["level"] = "3";
  std::string e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, level: must be the integer 1, 2 or 3, not a string"), std::string::npos) << e;
  c = BaseCase();
  c["key"][1]["code"] = 42;
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, key[1].code: must be a string, not an integer"), std::string::npos) << e;
  c = BaseCase();
  c["topics"] = "fracture";
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, topics: must be an array, not a string"), std::string::npos) << e;
}

TEST(PracticeCases, MissingFieldNamesCaseAndField) {
  json c = BaseCase();
  c.erase("scenario");
  std::string e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, scenario: missing"), std::string::npos) << e;
  c = BaseCase();
  c["key"][0].erase("indexPath");
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, key[0].indexPath: missing"), std::string::npos) << e;
  c = BaseCase();
  c.erase("id");
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case cases[0], id: missing"), std::string::npos) << e;
  c = BaseCase();
  c["key"] = json::array();
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, key: must have at least one code"), std::string::npos) << e;
}

TEST(PracticeCases, DuplicateIds) {
  json b = BaseCase();
  b["title"] = "Another";
  std::vector<CaseIssue> issues;
  auto r = ParseCases(File({BaseCase(), b}).dump(), &issues);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].case_id, "inj-901");
  EXPECT_EQ(issues[0].field, "id");
  EXPECT_NE(issues[0].message.find("duplicate id"), std::string::npos);
}

TEST(PracticeCases, InvalidDates) {
  for (const char* d : {"2026-02-30", "2025-13-01", "03/12/2026", "2026-3-12", ""}) {
    json c = BaseCase();
    c["dateOfService"] = d;
    std::string e = ErrorOf(File({c}).dump());
    EXPECT_NE(e.find("case inj-901, dateOfService:"), std::string::npos) << d << ": " << e;
  }
}

TEST(PracticeCases, CodeShapesAndCrossChecks) {
  json c = BaseCase();
  c["key"][0]["code"] = "S52001A";
  std::string e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("key[0].code: \"S52001A\" is not a dotted upper-case ICD-10-CM code"), std::string::npos) << e;
  c = BaseCase();
  c["distractors"] = {"S52.001A"};
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("distractors[0]: S52.001A is also on the key"), std::string::npos) << e;
  c = BaseCase();
  c["key"][1]["code"] = "S52.001A";
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("S52.001A is on the key twice"), std::string::npos) << e;
  c = BaseCase();
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "modifiers": ["kx"], "units": 0, "why": "x"}])");
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("hcpcs[0].modifiers[0]: \"kx\" is not a two-character upper-case modifier"), std::string::npos) << e;
  EXPECT_NE(e.find("hcpcs[0].units: must be from 1 to 9999"), std::string::npos) << e;
  c = BaseCase();
  c["setting"] = "ER";
  c["id"] = "Inj-1";
  e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("id: \"Inj-1\" is not an id"), std::string::npos) << e;
  EXPECT_NE(e.find("setting: \"ER\" must be \"outpatient\" or \"inpatient\""), std::string::npos) << e;
}

TEST(PracticeCases, UnknownFieldsAreTypingErrors) {
  json c = BaseCase();
  c["distractor"] = json::array();
  c["key"][0]["indexpath"] = "x";
  std::string e = ErrorOf(File({c}).dump());
  EXPECT_NE(e.find("case inj-901, distractor: unknown field"), std::string::npos) << e;
  EXPECT_NE(e.find("case inj-901, key[0].indexpath: unknown field"), std::string::npos) << e;
}

TEST(PracticeCases, FileLevelErrors) {
  ErrorCode code{};
  std::string e = ErrorOf("{\"format\": \"medcode-practice-cases\",\n \"version\": 1,\n \"cases\": [ {\"id\": } ]}", &code);
  EXPECT_EQ(code, ErrorCode::kCorrupt);
  EXPECT_NE(e.find("not valid JSON: syntax error at line 3"), std::string::npos) << e;
  e = ErrorOf(R"({"format": "something-else", "version": 1, "cases": []})", &code);
  EXPECT_EQ(code, ErrorCode::kBadMagic);
  e = ErrorOf(R"({"format": "medcode-practice-cases", "version": 2, "cases": []})", &code);
  EXPECT_EQ(code, ErrorCode::kUnsupportedVersion);
  EXPECT_NE(e.find("version 2 is not supported"), std::string::npos) << e;
  e = ErrorOf(std::string("{\"format\": \"medcode-practice-cases\", \"version\": 1, \"cases\": [], \"x\": \"\xff\"}"), &code);
  EXPECT_EQ(code, ErrorCode::kInvalidUtf8);
  e = ErrorOf(R"({"format": "medcode-practice-cases", "version": 1, "cases": [1, "x", null, []]})", &code);
  EXPECT_NE(e.find("cases[0]: must be an object, not an integer"), std::string::npos) << e;
  EXPECT_NE(e.find("cases[3]: must be an object, not an array"), std::string::npos) << e;
  for (const char* junk : {"", "null", "[]", "42", "\"x\"", "{", "{\"format\": 1}"}) {
    EXPECT_FALSE(ParseCases(junk).ok()) << junk;
  }
}

TEST(PracticeCases, OversizeFileIsRefusedBeforeParsing) {
  std::string big(kMaxCaseFileBytes + 1, ' ');
  ErrorCode code{};
  std::string e = ErrorOf(big, &code);
  EXPECT_EQ(code, ErrorCode::kInputTooLong);
  EXPECT_NE(e.find("at most 4 MB"), std::string::npos) << e;
}

TEST(PracticeCases, DamagedFilesNeverCrash) {
  json c = BaseCase();
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "modifiers": ["KX"], "units": 2, "why": "x"}])");
  const std::string good = File({c}).dump();
  ASSERT_TRUE(ParseCases(good).ok());
  // Every truncation is an error, never a crash.
  for (size_t n = 0; n < good.size(); n += 3) {
    EXPECT_FALSE(ParseCases(good.substr(0, n)).ok()) << n;
  }
  // Each value replaced by values of every other type.
  const std::vector<json> others = {nullptr, true, 1.5, -3, "", json::array(), json::object(), json::array({1, "a"})};
  std::vector<std::string> paths = {"/cases/0/id", "/cases/0/level", "/cases/0/key", "/cases/0/key/0", "/cases/0/key/0/accept",
                                    "/cases/0/hcpcs/0/units", "/cases/0/hcpcs/0/modifiers", "/cases/0/guidelines/0",
                                    "/cases/0/dateOfService", "/cases/0/distractors", "/cases", "/version"};
  for (const auto& p : paths) {
    for (const auto& v : others) {
      // These arrays may be empty.
      const bool may_be_empty = p.ends_with("accept") || p.ends_with("modifiers") || p.ends_with("distractors") || p == "/cases";
      if (may_be_empty && v == json::array()) continue;
      json doc = File({c});
      doc[json::json_pointer(p)] = v;
      auto r = ParseCases(doc.dump());
      if (r.ok()) ADD_FAILURE() << p << " = " << v.dump() << " was accepted";
    }
  }
}

TEST(PracticeCases, EveryIssueIsListed) {
  json a = BaseCase(), b = BaseCase();
  a["level"] = 7;
  b["id"] = "inj-902";
  b["dateOfService"] = "2025-02-29";
  std::vector<CaseIssue> issues;
  ASSERT_FALSE(ParseCases(File({a, b}).dump(), &issues).ok());
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].Text(), "case inj-901, level: must be 1, 2 or 3");
  EXPECT_EQ(issues[1].Text(), "case inj-902, dateOfService: \"2025-02-29\" is not a valid date YYYY-MM-DD");
}

// ---- grading -----------------------------------------------------------------------

const GradedItem& Item(const GradeResult& g, size_t i) { return g.items.at(i); }

TEST(PracticeGrade, KeyScoresOne) {
  GradeResult g = G(BaseCase(), {"S52.001A", "W21.89XA"});
  EXPECT_EQ(g.score, 1.0);
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kCorrect);
  EXPECT_EQ(Item(g, 1).verdict, Verdict::kCorrect);
  EXPECT_TRUE(g.missing.empty());
  // Any case and without the dot.
  EXPECT_EQ(G(BaseCase(), {"s52001a", "w2189xa"}).score, 1.0);
}

TEST(PracticeGrade, EmptyAnswerScoresZero) {
  GradeResult g = G(BaseCase(), {});
  EXPECT_EQ(g.score, 0.0);
  EXPECT_TRUE(g.items.empty());
  ASSERT_EQ(g.missing.size(), 2u);
  EXPECT_EQ(g.missing[0].code, "S52.001A");
  EXPECT_EQ(g.missing[0].index_path, "Fracture, traumatic, ulna or ulnar, upper end");
}

TEST(PracticeGrade, SiblingScoresBetweenZeroAndOneAndIsNamed) {
  // S52.002A: the same fracture of the left ulna.
  GradeResult g = G(BaseCase(), {"S52.002A", "W21.89XA"});
  EXPECT_GT(g.score, 0.0);
  EXPECT_LT(g.score, 1.0);
  EXPECT_DOUBLE_EQ(g.score, 0.75);  // first slot 0.5 x 0.5 (laterality) + 0.5
  const GradedItem& it = Item(g, 0);
  EXPECT_EQ(it.verdict, Verdict::kPartial);
  EXPECT_NE(it.reason.find("laterality"), std::string::npos) << it.reason;
  EXPECT_NE(it.reason.find("S52.002A"), std::string::npos) << it.reason;
  EXPECT_NE(it.reason.find("S52.001A"), std::string::npos) << it.reason;
  EXPECT_EQ(it.expected, "S52.001A");
  EXPECT_EQ(it.index_path, "Fracture, traumatic, ulna or ulnar, upper end");
}

TEST(PracticeGrade, WrongSeventhCharacter) {
  GradeResult g = G(BaseCase(), {"S52.001D", "W21.89XA"});
  EXPECT_DOUBLE_EQ(g.score, 0.75);
  const GradedItem& it = Item(g, 0);
  EXPECT_EQ(it.verdict, Verdict::kPartial);
  EXPECT_NE(it.reason.find("wrong 7th character: S52.001D has D ("), std::string::npos) << it.reason;
  EXPECT_NE(it.reason.find("calls for A ("), std::string::npos) << it.reason;
  EXPECT_NE(it.reason.find(": S52.001A"), std::string::npos) << it.reason;
  // An undefined 7th character is invalid (no credit) and points at the key code.
  g = G(BaseCase(), {"S52.001Z", "W21.89XA"});
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kInvalid);
  EXPECT_EQ(Item(g, 0).expected, "S52.001A");
  EXPECT_DOUBLE_EQ(g.score, 0.5);
}

TEST(PracticeGrade, MissingPlaceholderX) {
  json c = BaseCase();
  c["id"] = "inj-902";
  c["key"] = json::parse(R"([{"code": "T36.0X1A", "indexPath": "", "why": "accidental overdose of penicillin"}])");
  c["distractors"] = json::array();
  GradeResult g = G(c, {"T36.01A"});
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kPartial);
  EXPECT_NE(Item(g, 0).reason.find("missing placeholder X"), std::string::npos) << Item(g, 0).reason;
  EXPECT_NE(Item(g, 0).reason.find("T36.0X1A"), std::string::npos) << Item(g, 0).reason;
}

TEST(PracticeGrade, OverCodingScoresBelowOne) {
  GradeResult g = G(BaseCase(), {"S52.001A", "W21.89XA", "E78.00"});
  EXPECT_LT(g.score, 1.0);
  EXPECT_DOUBLE_EQ(g.earned, 1.0);
  EXPECT_NEAR(g.score, 2.0 / 3.0, 1e-4);
  EXPECT_EQ(Item(g, 2).verdict, Verdict::kExtra);
  EXPECT_NE(Item(g, 2).reason.find("E78.00"), std::string::npos);
  // The same code twice is an extra too.
  g = G(BaseCase(), {"S52.001A", "W21.89XA", "W21.89XA"});
  EXPECT_EQ(Item(g, 2).verdict, Verdict::kExtra);
  EXPECT_NE(Item(g, 2).reason.find("entered twice"), std::string::npos);
  EXPECT_LT(g.score, 1.0);
}

TEST(PracticeGrade, HeaderIsNamed) {
  GradeResult g = G(BaseCase(), {"S52", "W21.89XA"});
  const GradedItem& it = Item(g, 0);
  EXPECT_EQ(it.verdict, Verdict::kHeader);
  EXPECT_EQ(it.credit, 0.0);
  EXPECT_NE(it.reason.find("S52 (Fracture of forearm) is a header"), std::string::npos) << it.reason;
  EXPECT_NE(it.reason.find("the key code below it is S52.001A"), std::string::npos) << it.reason;
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  // A code that still needs its 7th character is a header as well.
  g = G(BaseCase(), {"S52.001", "W21.89XA"});
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kHeader);
  EXPECT_NE(Item(g, 0).reason.find("7th character"), std::string::npos) << Item(g, 0).reason;
}

TEST(PracticeGrade, FirstListedSlotAndSequencing) {
  GradeResult g = G(BaseCase(), {"W21.89XA", "S52.001A"});
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kPartial);
  EXPECT_NE(Item(g, 0).reason.find("sequencing"), std::string::npos);
  EXPECT_EQ(Item(g, 1).verdict, Verdict::kWrong);
  EXPECT_NE(Item(g, 1).reason.find("must be entered first"), std::string::npos);
  ASSERT_EQ(g.missing.size(), 1u);
  EXPECT_EQ(g.missing[0].code, "S52.001A");
  // The rest is a set: order among the other codes does not matter.
  json c = BaseCase();
  c["key"].push_back(json::parse(R"({"code": "E78.00", "indexPath": "", "why": "on statin"})"));
  EXPECT_EQ(G(c, {"S52.001A", "E78.00", "W21.89XA"}).score, 1.0);
  EXPECT_EQ(G(c, {"S52.001A", "W21.89XA", "E78.00"}).score, 1.0);
}

TEST(PracticeGrade, SameSectionAsAnOpenKeyCodeIsWrongAndNamesIt) {
  json c = BaseCase();
  c["distractors"] = json::array();
  // W22.8XXA is in the section of W21.89XA (W20-W49 in the fixture): taken for it.
  GradeResult g = G(c, {"S52.001A", "W22.8XXA"});
  EXPECT_EQ(Item(g, 1).verdict, Verdict::kWrong);
  EXPECT_EQ(Item(g, 1).expected, "W21.89XA");
  EXPECT_NE(Item(g, 1).reason.find("the documentation calls for W21.89XA"), std::string::npos) << Item(g, 1).reason;
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  // With W21.89XA entered too, W22.8XXA is an extra.
  g = G(c, {"S52.001A", "W21.89XA", "W22.8XXA"});
  EXPECT_EQ(Item(g, 2).verdict, Verdict::kExtra);
}

TEST(PracticeGrade, AcceptedAlternative) {
  json c = BaseCase();
  c["key"][1]["accept"] = {"W22.8XXA"};
  c["distractors"] = json::array();
  EXPECT_EQ(G(c, {"S52.001A", "W22.8XXA"}).score, 1.0);
}

TEST(PracticeGrade, DistractorIsRuledOut) {
  GradeResult g = G(BaseCase(), {"S52.001A", "W22.8XXA"});
  const GradedItem& it = Item(g, 1);
  EXPECT_EQ(it.verdict, Verdict::kWrong);
  EXPECT_NE(it.reason.find("ruled out by the scenario"), std::string::npos) << it.reason;
  EXPECT_EQ(it.credit, 0.0);  // no category credit for a distractor
  EXPECT_DOUBLE_EQ(g.score, 0.5);
}

TEST(PracticeGrade, RightCategoryWrongSubcategory) {
  json c = BaseCase();
  c["id"] = "endo-901";
  c["key"] = json::parse(R"([{"code": "E78.010", "indexPath": "", "why": "familial, homozygous"}])");
  c["distractors"] = json::array();
  GradeResult g = G(c, {"E78.019"});
  EXPECT_DOUBLE_EQ(g.score, 0.25);
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kPartial);
  EXPECT_NE(Item(g, 0).reason.find("right subcategory, wrong code: E78.019 against E78.010"), std::string::npos)
      << Item(g, 0).reason;
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "", "why": "with hyperglycemia"}])");
  g = G(c, {"E11.9"});
  EXPECT_DOUBLE_EQ(g.score, 0.25);
  EXPECT_NE(Item(g, 0).reason.find("right category, wrong subcategory: E11.9 against E11.65"), std::string::npos)
      << Item(g, 0).reason;
  // Another category earns nothing.
  g = G(c, {"E78.00"});
  EXPECT_EQ(g.score, 0.0);
  EXPECT_EQ(Item(g, 0).verdict, Verdict::kWrong);
}

TEST(PracticeGrade, MissingUseAdditionalCodePartner) {
  // E11's note: "Use additional code to identify control using: insulin (Z79.4)".
  json c = BaseCase();
  c["id"] = "endo-902";
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "Diabetes, type 2, with, hyperglycemia", "why": "uncontrolled, high"},
                              {"code": "Z79.4", "indexPath": "", "why": "on insulin"}])");
  c["distractors"] = json::array();
  GradeResult g = G(c, {"E11.65"});
  EXPECT_DOUBLE_EQ(g.score, 0.5);
  ASSERT_EQ(g.missing.size(), 1u);
  EXPECT_EQ(g.missing[0].code, "Z79.4");
  EXPECT_NE(g.missing[0].reason.find("called for by E11.65: Use additional code (at E11)"), std::string::npos)
      << g.missing[0].reason;
  // Entered, the partner note is shown as the note that decides.
  g = G(c, {"E11.65", "Z79.4"});
  EXPECT_EQ(g.score, 1.0);
  EXPECT_NE(Item(g, 0).note.find("Use additional code"), std::string::npos) << Item(g, 0).note;
}

TEST(PracticeGrade, HcpcsLinesMustMatchCodeModifiersAndUnits) {
  json c = BaseCase();
  c["id"] = "hcpcs-901";
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "", "why": "x"}])");
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "modifiers": [], "units": 2, "why": "dexamethasone 2 mg"},
                                {"code": "E0100", "modifiers": ["KX", "GA"], "units": 1, "why": "cane"}])");
  c["distractors"] = json::array();
  EXPECT_EQ(G(c, {"E11.65", "J1100x2", "E0100-KX-GA"}).score, 1.0);
  EXPECT_EQ(G(c, {"E11.65", "e0100-ga-kx", "j1100X2"}).score, 1.0);  // modifiers as a set, lines as a set
  GradeResult g = G(c, {"E11.65", "J1100", "E0100-KX"});
  EXPECT_DOUBLE_EQ(g.score, 0.5);  // 0.5 + 0 + 0
  EXPECT_EQ(Item(g, 1).verdict, Verdict::kWrong);
  EXPECT_NE(Item(g, 1).reason.find("units 1, the documentation supports 2"), std::string::npos) << Item(g, 1).reason;
  EXPECT_EQ(Item(g, 2).verdict, Verdict::kWrong);
  EXPECT_NE(Item(g, 2).reason.find("modifier GA missing"), std::string::npos) << Item(g, 2).reason;
  g = G(c, {"E11.65", "J1100x2", "E0100-KX-KA"});
  EXPECT_NE(Item(g, 2).reason.find("modifier KA not supported"), std::string::npos) << Item(g, 2).reason;
  EXPECT_EQ(Item(g, 1).title, "Test injection, dexamethasone sodium phosphate, 1 mg");
  // One code on two lines (given, and discarded with a modifier): each line is matched on its own.
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "units": 2, "why": "given"},
                                {"code": "J1100", "modifiers": ["KX"], "units": 3, "why": "other line"}])");
  EXPECT_EQ(G(c, {"E11.65", "J1100-KXx3", "J1100x2"}).score, 1.0);
  g = G(c, {"E11.65", "J1100x2", "J1100x3"});
  EXPECT_DOUBLE_EQ(g.score, 0.75);
  EXPECT_NE(Item(g, 2).reason.find("modifier KX missing"), std::string::npos) << Item(g, 2).reason;
  // A terminated code on the date of service is invalid; an unknown one too.
  g = G(c, {"E11.65", "A4466"});
  EXPECT_EQ(Item(g, 1).verdict, Verdict::kInvalid);
  EXPECT_EQ(Item(g, 1).system, "HCPCS");
}

TEST(PracticeGrade, AnswerSyntax) {
  HcpcsEntry h;
  ASSERT_TRUE(ParseHcpcsEntry("J1100x2", h));
  EXPECT_EQ(h.code, "J1100");
  EXPECT_EQ(h.units, 2);
  EXPECT_TRUE(h.modifiers.empty());
  ASSERT_TRUE(ParseHcpcsEntry("e0114-nu", h));
  EXPECT_EQ(h.modifiers, std::vector<std::string>{"NU"});
  EXPECT_EQ(h.units, 1);
  ASSERT_TRUE(ParseHcpcsEntry("E0114-NU-RRx3", h));
  EXPECT_EQ(h.modifiers, (std::vector<std::string>{"NU", "RR"}));
  EXPECT_EQ(h.units, 3);
  ASSERT_TRUE(ParseHcpcsEntry("J1100-X2", h));  // X2 is a modifier, not units
  EXPECT_EQ(h.modifiers, std::vector<std::string>{"X2"});
  EXPECT_EQ(h.units, 1);
  ASSERT_TRUE(ParseHcpcsEntry("J1100", h));
  EXPECT_FALSE(h.explicit_parts);
  for (const char* bad : {"S52.001A", "W2189XA", "J1100-", "J1100-N", "J1100x0", "J1100x", "J110", "J1100-AA-BB-CC-DD-EE"}) {
    EXPECT_FALSE(ParseHcpcsEntry(bad, h)) << bad;
  }
  EXPECT_EQ(HcpcsLineText("E0114", {"NU", "RR"}, 3), "E0114-NU-RRx3");
  EXPECT_EQ(HcpcsLineText("J1100", {}, 1), "J1100");
}

TEST(PracticeGrade, UndottedHcpcsShapedCodeIsIcdWithoutHcpcsLines) {
  // E1165 without HCPCS lines on the case is E11.65.
  json c = BaseCase();
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "", "why": "x"}])");
  c["distractors"] = json::array();
  EXPECT_EQ(G(c, {"E1165"}).score, 1.0);
}

TEST(PracticeGrade, InvalidInputIsGradedNotFatal) {
  GradeResult g = G(BaseCase(), {"S52.001A", "W21.89XA", "??", "Q99.9"});
  EXPECT_EQ(Item(g, 2).verdict, Verdict::kInvalid);
  EXPECT_EQ(Item(g, 3).verdict, Verdict::kInvalid);
  EXPECT_NEAR(g.score, 0.5, 1e-9);
  std::vector<std::string> many(kMaxAnswerCodes + 1, "E11.9");
  auto r = Grade(ParseOne(BaseCase()), Sets(), many);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInputTooLong);
}

TEST(PracticeGrade, DeterministicAndJsonShape) {
  std::vector<std::string> a = {"S52.002A", "W22.8XXA", "E78.00", "S52"};
  json j1 = ToJson(G(BaseCase(), a)), j2 = ToJson(G(BaseCase(), a));
  EXPECT_EQ(j1, j2);
  EXPECT_EQ(j1["caseId"], "inj-901");
  ASSERT_EQ(j1["items"].size(), 4u);
  EXPECT_EQ(j1["items"][0]["verdict"], "partial");
  EXPECT_EQ(j1["items"][0]["expected"]["code"], "S52.001A");
  EXPECT_EQ(j1["items"][3]["verdict"], "header");
  EXPECT_EQ(j1["key"][0]["code"], "S52.001A");
  EXPECT_EQ(j1["key"][1]["code"], "W21.89XA");
  EXPECT_TRUE(j1["rationale"].is_string());
  EXPECT_GE(j1["score"].get<double>(), 0.0);
  EXPECT_LE(j1["score"].get<double>(), 1.0);
  // A case to work on never shows its key.
  json ex = ExerciseJson(ParseOne(BaseCase()), Sets());
  EXPECT_FALSE(ex.contains("key"));
  EXPECT_FALSE(ex.contains("distractors"));
  EXPECT_FALSE(ex.contains("rationale"));
  EXPECT_EQ(ex["chapter"], "19");
  EXPECT_EQ(ex["dateOfService"], "2025-11-03");
}

// ---- hints ----------------------------------------------------------------------------

TEST(PracticeHints, ThreeStepsPerKeyItemWithoutTheKeyCode) {
  auto steps = Hints(ParseOne(BaseCase()), Sets());
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].name, "main term");
  EXPECT_EQ(steps[1].name, "index path");
  EXPECT_EQ(steps[2].name, "tabular entry");
  for (const auto& s : steps) ASSERT_EQ(s.lines.size(), 2u) << s.name;
  EXPECT_NE(steps[0].lines[0].find("\u201cFracture\u201d in the Alphabetic Index"), std::string::npos) << steps[0].lines[0];
  EXPECT_EQ(steps[1].lines[0], "Code 1: Alphabetic Index: Fracture, traumatic, ulna or ulnar, upper end");
  EXPECT_NE(steps[2].lines[0].find("category S52 ("), std::string::npos) << steps[2].lines[0];
  // The second key code has no index path: its chapter instead.
  EXPECT_NE(steps[0].lines[1].find("chapter 20"), std::string::npos) << steps[0].lines[1];
  for (const auto& s : steps) {
    for (const auto& l : s.lines) {
      EXPECT_EQ(l.find("S52.001A"), std::string::npos) << l;
      EXPECT_EQ(l.find("W21.89XA"), std::string::npos) << l;
    }
  }
  json j = ToJson(steps);
  EXPECT_EQ(j[2]["step"], 3);
  EXPECT_EQ(j[2]["name"], "tabular entry");
}

TEST(PracticeHints, ExternalCauseIndexAndHcpcsLines) {
  json c = BaseCase();
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "eindex:Fall, from, stairs", "why": "x"}])");
  c["hcpcs"] = json::parse(R"([{"code": "J1100", "modifiers": [], "units": 2, "why": "dexamethasone 2 mg"}])");
  c["distractors"] = json::array();
  auto steps = Hints(ParseOne(c), Sets());
  ASSERT_EQ(steps[0].lines.size(), 2u);
  EXPECT_NE(steps[0].lines[0].find("\u201cFall\u201d in the External Cause Index"), std::string::npos) << steps[0].lines[0];
  EXPECT_EQ(steps[1].lines[0], "Code 1: External Cause Index: Fall, from, stairs");
  EXPECT_EQ(steps[0].lines[1], "HCPCS line 1: HCPCS Level II, section J (codes J0000-J9999)");
  EXPECT_EQ(steps[1].lines[1], "HCPCS line 1: 2 units, 0 modifiers");
  EXPECT_EQ(steps[2].lines[1], "HCPCS line 1: the description reads \u201cTest injection, dexamethasone sodium phosphate, 1 mg\u201d");
  // Without code sets: no titles, still three steps and never a crash.
  auto bare = Hints(ParseOne(c), CodeSets{});
  EXPECT_EQ(bare[2].lines[0], "Code 1: verify the code in the Tabular List (category E11)");
  EXPECT_EQ(bare[2].lines[1], "HCPCS line 1: the code starts with J11");
}

// ---- verification and coverage -------------------------------------------------------

std::vector<std::string> IssuesOf(const json& c) {
  std::vector<std::string> out;
  for (const auto& i : VerifyCase(ParseOne(c), Sets())) out.push_back(i.Text());
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& part) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

TEST(PracticeVerify, AGoodKeyVerifies) {
  EXPECT_TRUE(IssuesOf(BaseCase()).empty());
  json c = BaseCase();
  c["hcpcs"] = json::parse(R"([{"code": "E0100", "modifiers": ["KX"], "units": 1, "why": "cane"}])");
  EXPECT_TRUE(IssuesOf(c).empty());
}

TEST(PracticeVerify, BadKeysAreReportedWithTheReason) {
  json c = BaseCase();
  c["key"][0]["code"] = "S52.001";
  c["key"][1]["code"] = "W21.89A";
  c["key"][0]["indexPath"] = "Fracture, traumatic, radius";
  c["distractors"] = {"Q99.8"};
  auto v = IssuesOf(c);
  EXPECT_TRUE(Has(v, "case inj-901, key[0].code: S52.001: needs-seventh")) << ::testing::PrintToString(v);
  EXPECT_TRUE(Has(v, "case inj-901, key[1].code: W21.89A: missing-placeholder")) << ::testing::PrintToString(v);
  EXPECT_TRUE(Has(v, "the valid code is W21.89XA")) << ::testing::PrintToString(v);
  EXPECT_TRUE(Has(v, "key[0].indexPath: \"Fracture, traumatic, radius\" is not a path")) << ::testing::PrintToString(v);
  EXPECT_TRUE(Has(v, "distractors[0]: Q99.8")) << ::testing::PrintToString(v);
}

TEST(PracticeVerify, DatesAndHcpcs) {
  json c = BaseCase();
  c["dateOfService"] = "2026-10-01";
  EXPECT_TRUE(Has(IssuesOf(c), "dateOfService: 2026-10-01 is outside ICD-10-CM FY2026"));
  c = BaseCase();
  c["dateOfService"] = "2025-12-01";
  c["hcpcs"] = json::parse(R"([{"code": "K0009", "units": 1, "why": "x"}, {"code": "E0100", "modifiers": ["ZZ"], "why": "y"}])");
  auto v = IssuesOf(c);
  EXPECT_TRUE(Has(v, "hcpcs[0].code: K0009: terminated")) << ::testing::PrintToString(v);
  EXPECT_TRUE(Has(v, "hcpcs[1].modifiers[0]: ZZ is not a modifier")) << ::testing::PrintToString(v);
  c["dateOfService"] = "2026-03-01";
  c["hcpcs"] = json::parse(R"([{"code": "E0100", "units": 1, "why": "x"}])");
  EXPECT_TRUE(Has(IssuesOf(c), "which the HCPCS lines need"));
}

TEST(PracticeVerify, IndexPathsAsPrinted) {
  const CodeSet& cs = fx::FixtureCodeSet();
  auto exact = ResolveIndexPath(cs, "Fracture, traumatic, ulna or ulnar, upper end");
  ASSERT_TRUE(exact.ok());
  // With the main term's nonessential modifiers, as the index prints it.
  auto printed = ResolveIndexPath(cs, "Fracture, traumatic (abduction) (closed), ulna or ulnar, upper end");
  ASSERT_TRUE(printed.ok()) << printed.error().message;
  EXPECT_EQ(*printed, *exact);
  auto bad = ResolveIndexPath(cs, "Fracture, traumatic, ulna, upper end");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("before \"ulna\""), std::string::npos) << bad.error().message;
  EXPECT_FALSE(ResolveIndexPath(cs, "Nothing like it").ok());
}

TEST(PracticeVerify, Excludes1BetweenKeyCodes) {
  // E11 has "Excludes1: type 1 diabetes mellitus (E10.-)".
  json c = BaseCase();
  c["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "Diabetes, type 2, with, hyperglycemia", "why": "x"},
                              {"code": "E10.9", "indexPath": "", "why": "y"}])");
  c["distractors"] = json::array();
  auto v = IssuesOf(c);
  EXPECT_TRUE(Has(v, "key[1].code: E10.9 is excluded by an Excludes1 note of E11.65")) << ::testing::PrintToString(v);
  c["topics"].push_back("excludes1");
  EXPECT_TRUE(IssuesOf(c).empty()) << ::testing::PrintToString(IssuesOf(c));
}

TEST(PracticeStats, CountsAndOrders) {
  json a = BaseCase(), b = BaseCase(), h = BaseCase();
  b["id"] = "endo-901";
  b["level"] = 1;
  b["setting"] = "inpatient";
  b["key"] = json::parse(R"([{"code": "E11.65", "indexPath": "", "why": "x"}])");
  b["distractors"] = json::array();
  b["guidelines"] = {"I.C.4.a", "I.C.19.e.5(a)"};
  h["id"] = "hcpcs-901";
  h["hcpcs"] = json::parse(R"([{"code": "J1100", "why": "x"}])");
  h["guidelines"] = {"I.C.19.e.5.a"};
  auto bank = ParseCases(File({a, b, h}).dump());
  ASSERT_TRUE(bank.ok());
  CoverageStats s = Coverage(*bank, Sets());
  EXPECT_EQ(s.cases, 3u);
  EXPECT_EQ(s.by_chapter.at("19"), 1u);
  EXPECT_EQ(s.by_chapter.at("4"), 1u);
  EXPECT_EQ(s.by_chapter.at("HCPCS"), 1u);
  EXPECT_EQ(s.by_level.at(3), 2u);
  EXPECT_EQ(s.by_setting.at("inpatient"), 1u);
  EXPECT_EQ(s.by_guideline.at("I.C.19.e.5.a"), 2u);  // "(a)" and ".a" are one section
  EXPECT_TRUE(ChapterLess("4", "19"));
  EXPECT_TRUE(ChapterLess("21", "HCPCS"));
  EXPECT_TRUE(SectionLess("I.C.2", "I.C.10"));
  EXPECT_TRUE(SectionLess("I.C.21.c.3", "II"));
  EXPECT_TRUE(SectionLess("III", "IV.G"));
  json j = ToJson(s);
  EXPECT_EQ(j["byChapter"][0]["chapter"], "4");
  EXPECT_EQ(j["byChapter"][2]["chapter"], "HCPCS");
}

}  // namespace
}  // namespace medcode
