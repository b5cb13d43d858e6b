// Coding from documentation: the note reader (sections, items, chunks, assertions) and the
// suggester's conventions on the real ICD-10-CM file (skipped when build/codesets has none).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

#include "medcode/suggest.h"
#include "note_text.h"
#include "suggest_detail.h"

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

TEST(NoteText, AnyHeadingEndsAFamilyOrSocialList) {
  // A heading the list does not know ("Workup:") ends the family history: the results after
  // it are not a relative's conditions.
  std::string t = "FH: Brother with CAD.\nWorkup: troponin negative x 2\nSH: never smoker\nX-ray R ankle: no fracture";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kFamily);
  EXPECT_EQ(l.chunks[1].section, Section::kResults);
  EXPECT_NE(l.chunks[1].assertion, Assertion::kFamily);
  EXPECT_EQ(l.chunks[2].section, Section::kSocial);
  EXPECT_EQ(l.chunks[3].section, Section::kOther);
}

TEST(NoteText, SidesAndOrdinalsStayWithTheirCondition) {
  std::string t = "Acute otitis media, L ear; PAD w/ claudication, R leg; Gestational HTN, 3rd trimester";
  auto texts = ChunkTexts(t, note::Read(t));
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[0], "Acute otitis media, L ear");
  EXPECT_EQ(texts[1], "PAD w/ claudication, R leg");
  EXPECT_EQ(texts[2], "Gestational HTN, 3rd trimester");
}

TEST(NoteText, ResolvedWithTreatmentIsNotHistory) {
  // Treated to resolution in this encounter: still a condition of the encounter.
  std::string t = "Prerenal acute kidney injury resolved with IV fluids\nPneumonia resolved";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 2u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent);
  EXPECT_EQ(l.chunks.back().assertion, Assertion::kHistory);
}

// ---- one-axis details: side, trimester, weeks ---------------------------------------------

TEST(SuggestDetail, DocumentedSide) {
  EXPECT_EQ(detail::DocumentedSide("acute dvt lt femoral vein"), 'L');
  EXPECT_EQ(detail::DocumentedSide("cellulitis r foot"), 'R');
  EXPECT_EQ(detail::DocumentedSide("cataracts ou"), 'B');
  EXPECT_EQ(detail::DocumentedSide("osteoarthritis of both knees"), 'B');
  // Not a side: "r/o", "L1", "2L"; both sides named apart: none.
  EXPECT_EQ(detail::DocumentedSide("r/o dvt"), 0);
  EXPECT_EQ(detail::DocumentedSide("compression fx l1 on 2l nc"), 0);
  EXPECT_EQ(detail::DocumentedSide("l mca infarct with right hemiparesis"), 0);
}

TEST(SuggestDetail, GestationalAgeIsNotADuration) {
  EXPECT_EQ(detail::GestationWeeks("g1p0 @ 28w2d - gdm").weeks, 28);
  EXPECT_EQ(detail::GestationWeeks("uti in pregnancy, 22 wks").weeks, 22);
  EXPECT_EQ(detail::GestationWeeks("born at 32 0/7 wks").weeks, 32);
  EXPECT_EQ(detail::GestationWeeks("hyperemesis at 9 weeks").weeks, 9);
  auto g = detail::GestationWeeks("ab 10 weeks cd");
  EXPECT_EQ(g.begin, 3u);
  EXPECT_EQ(g.end, 11u);
  EXPECT_EQ(detail::GestationWeeks("neck pain x 2 wks").weeks, -1);
  EXPECT_EQ(detail::GestationWeeks("recheck in 3 weeks").weeks, -1);
  EXPECT_EQ(detail::GestationWeeks("no weeks here").weeks, -1);
}

TEST(SuggestDetail, TrimesterNamedOrFromWeeks) {
  EXPECT_EQ(detail::DocumentedTrimester("gestational htn, 3rd trimester", -1), 3);
  EXPECT_EQ(detail::DocumentedTrimester("first trimester bleeding", 30), 1);  // named wins
  EXPECT_EQ(detail::DocumentedTrimester("", 13), 1);
  EXPECT_EQ(detail::DocumentedTrimester("", 14), 2);
  EXPECT_EQ(detail::DocumentedTrimester("", 27), 2);
  EXPECT_EQ(detail::DocumentedTrimester("", 28), 3);
  EXPECT_EQ(detail::DocumentedTrimester("", -1), 0);
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

// Laterality (I.B.13): the side the chunk documents picks the sibling of the unspecified
// side (or of the other side).
TEST_F(SuggestReal, DocumentedSidePicksTheSibling) {
  EXPECT_EQ(Codes("Acute DVT R femoral vein"), (V{"I82.411"}));
  EXPECT_EQ(Codes("Dry eye syndrome OU"), (V{"H04.123"}));
  EXPECT_EQ(Codes("Nuclear sclerotic cataract, L eye"), (V{"H25.12"}));
}

// Trimester (I.C.15.a.3) from the weeks or the words, and the weeks of gestation (Z3A).
TEST_F(SuggestReal, TrimesterAndWeeksOfGestation) {
  EXPECT_EQ(Codes("UTI in pregnancy, 30 wks"), (V{"O23.43", "Z3A.30"}));
  EXPECT_EQ(Codes("Gestational HTN w/o proteinuria, 3rd trimester"), (V{"O13.3"}));
  // Weeks that are a duration are not a gestational age.
  auto c = Codes("Neck pain x 3 wks");
  EXPECT_EQ(c, (V{"M54.2"}));
}

// Long-term drug therapy (I.C.21.c.3): one code per drug class named; none for a drug given
// briefly for an acute illness.
TEST_F(SuggestReal, LongTermDrugsOnePerDrugNoneForABurst) {
  EXPECT_EQ(Codes("DM type 2 - on insulin + metformin"), (V{"E11.9", "Z79.4", "Z79.84"}));
  EXPECT_EQ(Codes("COPD exacerbation - prednisone burst"), (V{"J44.1"}));
  EXPECT_EQ(Codes("CAP - azithromycin x 5 days"), (V{"J18.9"}));
}

// Family history in words no Z80-Z84 title has: by the condition's section or chapter.
TEST_F(SuggestReal, FamilyHistoryByTheConditionsChapter) {
  EXPECT_EQ(Codes("FH: Father - MI at age 60"), (V{"Z82.49"}));
  EXPECT_EQ(Codes("FH: Mother with major depression"), (V{"Z81.8"}));
}

// Units are not conditions ("4.2 cm" is not CMML).
TEST_F(SuggestReal, UnitsAreNotConditions) {
  auto c = Codes("AAA 5.1 cm");
  EXPECT_EQ(c, (V{"I71.40"}));
}

// Weak readings: an index path found without its main term ("community acquired" is not
// "Hydrocephalus, communicating"); chapter 15 and 16 codes on a pregnancy's or a newborn's
// record only; a detail said to be absent is not a second condition.
TEST_F(SuggestReal, WeakReadingsAreNotSuggested) {
  for (const std::string& code : Codes("Community acquired pneumonia", CareSetting::kInpatient))
    EXPECT_NE(code.substr(0, 3), "G91") << code;
  for (const std::string& code : Codes("AAA 4.0 cm, unruptured")) EXPECT_NE(code[0], 'P') << code;
  for (const std::string& code : Codes("Chronic afib, INR therapeutic")) EXPECT_NE(code[0], 'O') << code;
  EXPECT_EQ(Codes("Age-related osteoporosis without current fracture"), (V{"M81.0"}));
  EXPECT_EQ(Codes("GERD w/o esophagitis"), (V{"K21.9"}));
}

// Adverse effect of a drug taken as prescribed (I.C.19.e.5(a)): the condition, then the
// drug's T36-T50 code with 5; a cause that is a disease is not a drug.
TEST_F(SuggestReal, AdverseEffectOfADrugAfterTheCondition) {
  EXPECT_EQ(Codes("Cough due to lisinopril"), (V{"R05.9", "T46.4X5A"}));
  for (const std::string& code : Codes("Unstable angina due to coronary artery disease", CareSetting::kInpatient))
    EXPECT_NE(code[0], 'T') << code;
  // An overdose is a poisoning, not an adverse effect.
  for (const std::string& code : Codes("tylenol overdose")) EXPECT_NE(code.substr(5, 1), "5") << code;
}

// The type of diabetes documented anywhere in the note holds for its other diabetes codes:
// E11 is only the default for an undocumented type (I.C.4.a.2).
TEST_F(SuggestReal, DocumentedDiabetesTypeHolds) {
  EXPECT_EQ(Codes("A/P:\n1. DKA\n2. Type 1 diabetes mellitus", CareSetting::kInpatient), (V{"E10.10"}));
  EXPECT_EQ(Codes("A/P:\n1. DKA", CareSetting::kInpatient), (V{"E11.10"}));
}

// A plan's dependence on oxygen or a machine is a status code (Z99); a vaccine given is an
// immunization encounter (lexicon, note coding block).
TEST_F(SuggestReal, DependenceStatusFromThePlanAndVaccinesGiven) {
  EXPECT_EQ(Codes("COPD - on home O2 3L"), (V{"J44.9", "Z99.81"}));
  EXPECT_EQ(Codes("Influenza vaccine given today"), (V{"Z23"}));
  // Planned or discussed: not under way.
  EXPECT_EQ(Codes("CKD stage 5 - dialysis planning"), (V{"N18.5"}));
}

// A detail the text says is absent picks the sibling whose title says so (I.A.9).
TEST_F(SuggestReal, DetailSaidAbsentPicksTheSibling) {
  EXPECT_EQ(Codes("Concussion without LOC"), (V{"S06.0X0A"}));
  EXPECT_EQ(Codes("Concussion with LOC"), (V{"S06.0X9A"}));
  EXPECT_EQ(Codes("Acute myeloid leukemia, not in remission"), (V{"C92.00"}));
}

// Sequelae of cerebrovascular disease (I.C.9.d.1): the deficit of an old stroke is its I69
// code (with the type of dysphagia the I69 code asks for); the old stroke is not coded.
TEST_F(SuggestReal, DeficitOfAnOldStrokeIsItsSequelaCode) {
  EXPECT_EQ(Codes("Aphasia due to old CVA"), (V{"I69.320"}));
  EXPECT_EQ(Codes("Oropharyngeal dysphagia as a residual of old cerebral infarction"), (V{"I69.391", "R13.12"}));
  // A current stroke stays a current stroke.
  auto c = Codes("Acute CVA", CareSetting::kInpatient);
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].substr(0, 3), "I63");
}

// Hemiplegia by side: not documented, the right side is dominant, the left non-dominant (I.C.6.a).
TEST_F(SuggestReal, DominanceDefaultsBySide) {
  EXPECT_EQ(Codes("Left hemiplegia"), (V{"G81.94"}));
  EXPECT_EQ(Codes("Left hemiplegia (dominant side)"), (V{"G81.92"}));
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
