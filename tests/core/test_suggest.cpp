// Coding from documentation: the note reader (sections, items, chunks, assertions) and the
// suggester's conventions on the real ICD-10-CM file (skipped when build/codesets has none).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "medcode/suggest.h"
#include "note_text.h"

namespace {

using namespace medcode;
using note::Assertion;
using note::Section;

std::vector<std::string> ChunkTexts(std::string_view text, const note::Layout& l) {
  std::vector<std::string> out;
  for (const auto& c : l.chunks) out.emplace_back(text.substr(c.begin, c.end - c.begin));
  return out;
}

TEST(NoteText, HeadingsListItemsAndPlans) {
  std::string t = "HPI: 3 days of cough.\nA/P: 1. CHF exacerbation - diurese 2. AFib, rate controlled\nFH: mother with breast cancer";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_GE(texts.size(), 5u);
  EXPECT_EQ(texts[0], "3 days of cough");
  EXPECT_EQ(l.chunks[0].section, Section::kHpi);
  EXPECT_EQ(texts[1], "CHF exacerbation");
  EXPECT_EQ(l.chunks[1].section, Section::kAssessment);
  EXPECT_EQ(texts[2], "diurese");
  EXPECT_EQ(texts[3], "AFib");
  EXPECT_EQ(texts[4], "rate controlled");
  EXPECT_TRUE(l.has_assessment);
  EXPECT_EQ(l.chunks.back().section, Section::kFamily);
  EXPECT_EQ(l.chunks.back().assertion, Assertion::kFamily);
}

TEST(NoteText, QualifiersStayWithTheirCondition) {
  std::string t = "Fracture of left radius, initial encounter, closed, displaced; HTN, hyperlipidemia";
  auto texts = ChunkTexts(t, note::Read(t));
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[0], "Fracture of left radius, initial encounter, closed, displaced");
  EXPECT_EQ(texts[1], "HTN");
  EXPECT_EQ(texts[2], "hyperlipidemia");
}

TEST(NoteText, NegationGovernsAListUpToATerminator) {
  std::string t = "Denies fever, chills, or cough but reports headache";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kNegated);
  EXPECT_EQ(l.chunks[0].trigger, "denies");
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kNegated);
  EXPECT_EQ(texts[2], "or cough but reports headache");
  // The chunk holding the terminator is governed up to it only: its condition after "but"
  // is what the coder sees; the chunk as a whole keeps the negation it starts under.
  EXPECT_EQ(l.chunks[2].assertion, Assertion::kNegated);
}

TEST(NoteText, PostTriggersAndUncertainty) {
  std::string t = "Chest pain, MI ruled out\nProbable pneumonia\nr/o PE\nh/o breast cancer\nno evidence of DVT";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 6u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent);  // chest pain
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kRuledOut);
  EXPECT_EQ(l.chunks[2].assertion, Assertion::kUncertain);
  EXPECT_EQ(l.chunks[3].assertion, Assertion::kUncertain);
  EXPECT_EQ(l.chunks[3].trigger, "r/o");
  EXPECT_EQ(l.chunks[4].assertion, Assertion::kHistory);
  EXPECT_EQ(l.chunks[5].assertion, Assertion::kNegated);
}

TEST(NoteText, WordsNotTriggersInsideOtherWords) {
  std::string t = "Nocturia; knowledge deficit; momentary dizziness";
  auto l = note::Read(t);
  for (const auto& c : l.chunks) EXPECT_EQ(c.assertion, Assertion::kPresent) << t.substr(c.begin, c.end - c.begin);
}

// ---- the suggester on the real file ------------------------------------------------------

class SuggestReal : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* env = std::getenv("MEDCODE_CODESET");
    std::string path = env && *env ? env : MEDCODE_BUILT_CODESET;
    std::ifstream in(path, std::ios::binary);
    if (!in) return;
    bytes_ = new std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto cs = CodeSet::Open(*bytes_);
    if (!cs) return;
    cs_ = new CodeSet(std::move(*cs));
    suggester_ = new Suggester(*cs_);
  }
  void SetUp() override {
    if (!suggester_) GTEST_SKIP() << "MEDCODE_FULLDATA_SKIPPED: no built ICD-10-CM file";
  }
  static std::vector<std::string> Codes(std::string_view text, CareSetting s = CareSetting::kOutpatient) {
    SuggestOptions o;
    o.setting = s;
    auto r = suggester_->Suggest(text, o);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> out;
    if (r)
      for (const auto& c : r->codes) out.push_back(c.code);
    return out;
  }
  static inline std::vector<uint8_t>* bytes_ = nullptr;
  static inline CodeSet* cs_ = nullptr;
  static inline Suggester* suggester_ = nullptr;
};

using V = std::vector<std::string>;

TEST_F(SuggestReal, TwoConditionsInOneLineGiveTwoCodes) {
  EXPECT_EQ(Codes("chf w/ afib"), (V{"I50.9", "I48.91"}));
}

TEST_F(SuggestReal, DiabetesWithCkdAddsTheStage) {
  EXPECT_EQ(Codes("type 2 dm with ckd stage 3"), (V{"E11.22", "N18.30"}));
}

TEST_F(SuggestReal, WithPresumptionAcrossLines) {
  EXPECT_EQ(Codes("A/P:\n1. DM2\n2. CKD stage 4"), (V{"E11.22", "N18.4"}));
  // The note's words ("ckd 3a") find no combination; the complication's category title does.
  EXPECT_EQ(Codes("dm2 w/ ckd 3a, on insulin"), (V{"E11.22", "N18.31", "Z79.4"}));
}

TEST_F(SuggestReal, PlanTextGivesOnlyLongTermDrugs) {
  EXPECT_EQ(Codes("paroxysmal afib - rate controlled, cont apixaban"), (V{"I48.0", "Z79.01"}));
}

TEST_F(SuggestReal, FractureDefaultsAndEncounter) {
  // Not documented as open: closed (7th character A); as nondisplaced: displaced.
  auto c = Codes("fx R femoral shaft");
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].back(), 'A');
  auto d = Codes("F/u L clavicle fx - delayed healing");
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d[0].back(), 'G');
}

TEST_F(SuggestReal, HypertensionWithCkdAndHeartFailure) {
  EXPECT_EQ(Codes("htn; ckd 3"), (V{"I12.9", "N18.30"}));
  auto both = Codes("Assessment: HTN, CKD stage 3, chronic diastolic CHF");
  ASSERT_FALSE(both.empty());
  EXPECT_EQ(both[0], "I13.0");
}

TEST_F(SuggestReal, NegatedAndRuledOutAreNotCoded) {
  SuggestOptions o;
  auto r = suggester_->Suggest("Denies chest pain. MI ruled out.", o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->codes.empty());
  ASSERT_EQ(r->not_coded.size(), 2u);
  EXPECT_EQ(r->not_coded[0].reason, "negated");
  EXPECT_EQ(r->not_coded[1].reason, "ruled-out");
}

TEST_F(SuggestReal, UncertainBySetting) {
  EXPECT_EQ(Codes("cough, probable pneumonia"), (V{"R05.9"}));
  EXPECT_EQ(Codes("cough, probable pneumonia", CareSetting::kInpatient), (V{"J18.9"}));
}

TEST_F(SuggestReal, PoisoningDefaultsToAccidental) {
  EXPECT_EQ(Codes("tylenol overdose"), (V{"T39.1X1A"}));
}

TEST_F(SuggestReal, HistoryAndFamilyHistory) {
  EXPECT_EQ(Codes("h/o breast cancer"), (V{"Z85.3"}));
  EXPECT_EQ(Codes("FH: mother with colon cancer"), (V{"Z80.0"}));
}

TEST_F(SuggestReal, BadInputIsASpecificErrorWithoutTheText) {
  auto bad = suggester_->Suggest(std::string("chf \xff\xfe secret"), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidUtf8);
  EXPECT_EQ(bad.error().message.find("secret"), std::string::npos);
  auto big = suggester_->Suggest(std::string(kMaxNoteBytes + 1, 'a'), {});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kInputTooLong);
  auto empty = suggester_->Suggest("  ... !!", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->codes.empty());
  EXPECT_FALSE(empty->empty_reason.empty());
}

}  // namespace
