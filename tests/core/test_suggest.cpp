// Coding from documentation: the note reader (sections, items, chunks, assertions) and the
// suggester's conventions on the real ICD-10-CM file (skipped when build/codesets has none).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

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
  // A side ("L ear", "R leg") or an ordinal ("3rd trimester") qualifies the piece before it.
  for (std::string one : {"Acute otitis media, L ear", "PAD w/ claudication, R leg", "Gestational HTN, 3rd trimester"})
    EXPECT_EQ(ChunkTexts(one, note::Read(one)), std::vector<std::string>{one});
}

TEST(NoteText, NegationGovernsAListUpToATerminator) {
  std::string t = "Denies fever, chills, or cough but reports headache";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kNegated);
  EXPECT_EQ(l.chunks[0].trigger, "denies");
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kNegated);
  EXPECT_EQ(texts[2], "or cough");
  EXPECT_EQ(l.chunks[2].assertion, Assertion::kNegated);
  // A contrast word ends the piece and the trigger's scope: what follows it is present.
  EXPECT_EQ(texts[3], "but reports headache");
  EXPECT_EQ(l.chunks[3].assertion, Assertion::kPresent);
}

// A negation or uncertainty trigger inside a piece governs the words after it only: the
// words before it are a piece of their own (NegEx scope); a test before its result stays whole.
TEST(NoteText, ATriggerInsideAPieceStartsItsScopeThere) {
  std::string t = "Sore throat x3 days. r/o strep pharyngitis";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 2u);
  EXPECT_EQ(ChunkTexts(t, l)[0], "Sore throat x3 days");
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent);
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kUncertain);
  std::string d = "DM2 with no complications";
  auto ld = note::Read(d);
  ASSERT_EQ(ld.chunks.size(), 2u);
  EXPECT_EQ(ld.chunks[0].assertion, Assertion::kPresent);
  EXPECT_EQ(ld.chunks[1].assertion, Assertion::kNegated);
  std::string c = "CT head negative for bleed";
  EXPECT_EQ(note::Read(c).chunks.size(), 1u);
}

// A parenthesis bounds a trigger's scope (NegEx): the condition before "(no coma)" or "(ATN
// not proven)" is present, and a denial inside one stops at its close.
TEST(NoteText, AParenthesisBoundsATriggersScope) {
  for (std::string t : {"T1DM w/ hypoglycemia (no coma)", "AKI (ATN not proven)", "CAD (h/o MI)",
                        "Pneumonia (possible aspiration)"}) {
    auto l = note::Read(t);
    ASSERT_EQ(l.chunks.size(), 2u) << t;
    EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent) << t;
    EXPECT_NE(l.chunks[1].assertion, Assertion::kPresent) << t;
  }
  std::string a = "Anemia (no bleeding), CKD 3";
  auto la = note::Read(a);
  ASSERT_EQ(la.chunks.size(), 3u);
  EXPECT_EQ(ChunkTexts(a, la)[1], "no bleeding");
  EXPECT_EQ(la.chunks[0].assertion, Assertion::kPresent);
  EXPECT_EQ(la.chunks[1].assertion, Assertion::kNegated);
  EXPECT_EQ(la.chunks[2].assertion, Assertion::kPresent);
  // Stays whole: no trigger, "not" (a detail of the title), a trigger that governs the words
  // before the parenthesis, a trigger after the parenthesis's first comma piece.
  for (std::string t : {"HTN (controlled)", "AML (not in remission)"}) EXPECT_EQ(note::Read(t).chunks.size(), 1u) << t;
  std::string r = "Anxiety (resolved, off meds)";
  EXPECT_EQ(note::Read(r).chunks[0].assertion, Assertion::kHistory);
  std::string tb = "Latent TB (+PPD, CXR neg)";
  EXPECT_EQ(ChunkTexts(tb, note::Read(tb))[0], "Latent TB (+PPD");
}

// A normal finding at the end of its piece ("TM intact", "TSH wnl") says the structure or test
// is normal; inside a condition's words ("with intact skin") it is a detail of it.
TEST(NoteText, ANormalFindingEndsItsPiece) {
  for (std::string t : {"TM intact", "CMP all wnl", "CT abd unremarkable"})
    EXPECT_EQ(note::Read(t).chunks[0].assertion, Assertion::kNegated) << t;
  for (std::string t : {"Stage 1 pressure injury sacrum with intact skin", "intact"})
    EXPECT_EQ(note::Read(t).chunks[0].assertion, Assertion::kPresent) << t;
  // "lives with mother who has dementia": whose condition it is, a family history.
  std::string lives = "Pt lives with mother who has dementia";
  EXPECT_EQ(note::Read(lives).chunks.back().assertion, Assertion::kFamily);
  std::string two = "Pregnancy, intact";
  for (const auto& c : note::Read(two).chunks) EXPECT_EQ(c.assertion, Assertion::kPresent);
}

// A history trigger after a word of cause ("from prior stroke", "late effect of old CVA")
// names the cause of a current condition: not a history.
TEST(NoteText, AHistoryNamedAsACauseIsNoHistory) {
  for (std::string t : {"Dysphagia from prior stroke", "R hemiparesis due to old CVA"}) {
    auto l = note::Read(t);
    ASSERT_EQ(l.chunks.size(), 1u) << t;
    EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent) << t;
  }
  std::string h = "Hx NSTEMI 2023";
  EXPECT_EQ(note::Read(h).chunks[0].assertion, Assertion::kHistory);
}

// "but", "however", "although" between two findings of one sentence, without a comma
// ("denies fever but reports cough"): two pieces, the negation governs the first only.
TEST(NoteText, AContrastWordEndsANegationWithoutAComma) {
  for (std::string t : {"Denies fever but reports cough", "No chest pain however has dyspnea on exertion",
                        "negative for dysuria although reports frequency"}) {
    auto l = note::Read(t);
    ASSERT_EQ(l.chunks.size(), 2u) << t;
    EXPECT_EQ(l.chunks[0].assertion, Assertion::kNegated) << t;
    EXPECT_EQ(l.chunks[1].assertion, Assertion::kPresent) << t;
  }
  // Inside a word ("butterfly rash") it is no contrast.
  std::string w = "No butterfly rash";
  EXPECT_EQ(note::Read(w).chunks.size(), 1u);
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
  // (An unknown heading that names a study opens its results: session 23.)
  EXPECT_EQ(l.chunks[3].section, Section::kResults);
}

TEST(NoteText, APlanSectionIsPlanText) {
  std::string t = "Assessment: sprain of right ankle\nPlan: RICE, brace\nHPI: fell";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 4u);
  EXPECT_FALSE(l.chunks[0].plan);
  EXPECT_TRUE(l.chunks[1].plan);
  EXPECT_TRUE(l.chunks[2].plan);
  EXPECT_FALSE(l.chunks[3].plan);
}

// Class: plan bullets on lines of their own under a "#" or numbered problem were read as
// findings ("- blood cultures", "- IVF", "-echo" gave codes of their own).
TEST(NoteText, BulletsUnderAProblemAreItsPlan) {
  const std::string t = "A/P:\n# CAP\n - blood cultures\n#AKI\n-IVF, renal US\n1. COPD\n   - CXR\nHPI: fell";
  const std::vector<std::pair<std::string, bool>> want = {
      {"CAP", false}, {"blood cultures", true}, {"AKI", false}, {"IVF", true},
      {"renal US", true}, {"COPD", false}, {"CXR", true}, {"fell", false}};  // the last in another section
  const note::Layout l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ChunkTexts(t, l)[i], want[i].first);
    EXPECT_EQ(l.chunks[i].plan, want[i].second) << want[i].first;
  }
  // Bullets with no problem line above them are the problems themselves.
  const note::Layout m = note::Read("Assessment:\n- CHF exacerbation\n- AKI");
  ASSERT_EQ(m.chunks.size(), 2u);
  EXPECT_FALSE(m.chunks[0].plan || m.chunks[1].plan);
}

TEST(NoteText, ResolvedWithTreatmentIsNotHistory) {
  // Treated to resolution in this encounter: still a condition of the encounter.
  std::string t = "Prerenal acute kidney injury resolved with IV fluids\nPneumonia resolved";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 2u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kPresent);
  EXPECT_EQ(l.chunks.back().assertion, Assertion::kHistory);
}

// Class: negated conditions still coded in short lines ("Dysuria; UA neg" gave I20.0, UA
// read as unstable angina; "Rash, not cellulitis" gave L03.90 and dropped the rash as its
// symptom): a result "negative"/"neg" negates what it follows in its chunk (not a receptor,
// blood type or gram stain, which are coded as such); "not" opening a chunk after a comma
// negates a condition, and stays a qualifier before a detail ("CLL, not in remission").
TEST(NoteText, ANegativeResultAndNotAfterAComma) {
  std::string t = "UA neg\nRapid strep negative\nER negative\nGram negative sepsis\nRash, not cellulitis\nCLL, not in remission";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 7u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kNegated);
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kNegated);
  EXPECT_EQ(l.chunks[2].assertion, Assertion::kPresent);  // Z17.1, a status
  EXPECT_EQ(l.chunks[3].assertion, Assertion::kPresent);  // a kind of sepsis
  EXPECT_EQ(texts[4], "Rash");
  EXPECT_EQ(l.chunks[4].assertion, Assertion::kPresent);
  EXPECT_EQ(texts[5], "not cellulitis");
  EXPECT_EQ(l.chunks[5].assertion, Assertion::kNegated);
  EXPECT_EQ(texts[6], "CLL, not in remission");
  EXPECT_EQ(l.chunks[6].assertion, Assertion::kPresent);
}

TEST(NoteText, MoreNegationUncertaintyAndHistoryTriggers) {
  // Session 7: forbidden codes from phrases the trigger lists missed.
  std::string t = "Ruled out for ACS\nPneumonia - not likely\nPE - ruled out\n? TIA\nPrevious smoker\nSymptoms prior to admission";
  auto l = note::Read(t);
  auto texts = ChunkTexts(t, l);
  ASSERT_EQ(texts.size(), 8u);
  EXPECT_EQ(l.chunks[0].assertion, Assertion::kRuledOut);   // "ruled out for" governs what follows
  EXPECT_EQ(l.chunks[1].assertion, Assertion::kRuledOut);   // a plan piece "not likely" governs the piece before it
  EXPECT_EQ(l.chunks[1].trigger, "not likely");
  EXPECT_EQ(l.chunks[3].assertion, Assertion::kRuledOut);   // "PE - ruled out"
  EXPECT_EQ(texts[5], "? TIA");
  EXPECT_EQ(l.chunks[5].assertion, Assertion::kUncertain);  // a question mark before the words
  EXPECT_EQ(l.chunks[6].assertion, Assertion::kHistory);    // "previous"
  EXPECT_EQ(l.chunks[7].assertion, Assertion::kPresent);    // "prior to" is a time
  // A question mark after a word asks nothing of the words after it.
  std::string q = "Chest pain?";
  EXPECT_EQ(note::Read(q).chunks[0].assertion, Assertion::kPresent);
}

TEST(NoteText, SoapLettersAndOtherHeadings) {
  // A note in SOAP letters: the subjective story and the exam are not coded once "A:" says
  // what the visit treats; "P:" is plan text; a differential is not a diagnosis.
  std::string t = "S: cough\nO: wheezes\nA: Acute bronchitis\nP: albuterol\nDDx: strep vs viral\nA 45 yo man";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 6u);
  EXPECT_EQ(l.chunks[0].section, Section::kHpi);
  EXPECT_EQ(l.chunks[1].section, Section::kExam);
  EXPECT_EQ(l.chunks[2].section, Section::kAssessment);
  EXPECT_TRUE(l.has_assessment);
  EXPECT_TRUE(l.chunks[3].plan);
  EXPECT_EQ(l.chunks[4].section, Section::kOther);
  EXPECT_EQ(l.chunks[5].section, Section::kOther);  // "A 45 yo": a word, not a heading
}

TEST(NoteText, AKnownHeadingAfterAWordOrTwo) {
  // The story after "Brief hospital course:" is not the discharge diagnoses before it.
  std::string t = "Discharge diagnoses: pneumonia\nBrief hospital course: fever, cough\nPertinent labs: WBC 14";
  auto l = note::Read(t);
  ASSERT_EQ(l.chunks.size(), 4u);
  EXPECT_EQ(l.chunks[0].section, Section::kAssessment);
  EXPECT_EQ(l.chunks[1].section, Section::kHpi);
  EXPECT_EQ(l.chunks[3].section, Section::kResults);
  // A condition's own follow-up line keeps its condition.
  std::string f = "DM2 follow-up: A1c 7.2";
  EXPECT_EQ(ChunkTexts(f, note::Read(f)).front(), "DM2 follow-up: A1c 7.2");
}

// ---- one-axis details: side, trimester, weeks ---------------------------------------------

TEST(SuggestDetail, HeartFailureTypeAndAcuity) {
  auto hf = detail::DocumentedHeartFailure("acute on chronic diastolic chf");
  EXPECT_EQ(hf.type, 3);
  EXPECT_EQ(hf.acuity, 3);
  hf = detail::DocumentedHeartFailure("chronic hfref");
  EXPECT_EQ(hf.type, 2);
  EXPECT_EQ(hf.acuity, 2);
  hf = detail::DocumentedHeartFailure("heart failure with preserved ejection fraction, acute");
  EXPECT_EQ(hf.type, 3);
  EXPECT_EQ(hf.acuity, 1);
  EXPECT_EQ(detail::DocumentedHeartFailure("combined systolic and diastolic hf").type, 4);
  hf = detail::DocumentedHeartFailure("chf exacerbation");
  EXPECT_EQ(hf.type, 0);
  EXPECT_EQ(hf.acuity, 0);
}

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
    // Its Alphabetic Index and Tables, in a file of their own beside it (NAME-index.mcs).
    std::ifstream idx(path.substr(0, path.size() - 4) + "-index.mcs", std::ios::binary);
    if (idx) {
      index_bytes_ = new std::vector<uint8_t>((std::istreambuf_iterator<char>(idx)), std::istreambuf_iterator<char>());
      if (auto e = cs_->AttachIndex(*index_bytes_)) ADD_FAILURE() << "the Index file does not attach: " << e->message;
    }
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
  static inline std::vector<uint8_t>* index_bytes_ = nullptr;
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

// Class: plan bullets under a problem coded as conditions ("- IVF" as in vitro fertilization,
// "- blood cultures" as a blood type).
TEST_F(SuggestReal, PlanBulletsUnderAProblemGiveNoConditions) {
  EXPECT_EQ(Codes("A/P:\n# Community acquired pneumonia\n - ceftriaxone and azithromycin\n - blood cultures, sputum cx\n"
                  " - IVF\n# HTN\n - continue amlodipine",
                  CareSetting::kInpatient),
            (V{"J18.9", "I10"}));
}

// Class: past medical history in a note without an assessment coded as current ("PMH: MI"
// gave I21.9, an acute MI): a past condition with a history code is its history (I.C.21.c.4),
// a chronic one without a history code is still coded.
TEST_F(SuggestReal, PastHistoryWithoutAnAssessmentIsHistory) {
  EXPECT_EQ(Codes("PMH: MI, CABG x3"), (V{"I25.2", "Z95.1"}));
  EXPECT_EQ(Codes("PMH: DVT 2019, pneumonia"), (V{"Z86.718", "Z87.01"}));
  EXPECT_EQ(Codes("PMH: HTN, DM2, hyperlipidemia"), (V{"I10", "E11.9", "E78.5"}));
}

// Class: the first index reading says more than the text ("Hypotension, neurogenic,
// orthostatic" G90.3 for "orthostatic hypotension"): a later reading of the same words that
// says nothing more is taken; "unspecified" and one of two alternatives ("acute or subacute")
// say nothing more; "with"/"without" details still decide (G20.A1).
TEST_F(SuggestReal, AReadingThatSaysNoMoreThanTheText) {
  EXPECT_EQ(Codes("Orthostatic hypotension"), (V{"I95.1"}));
  EXPECT_EQ(Codes("Acute bronchitis"), (V{"J20.9"}));
  EXPECT_EQ(Codes("Parkinson's disease without dyskinesia or fluctuations"), (V{"G20.A1"}));
  EXPECT_EQ(Codes("C diff colitis"), (V{"A04.72"}));
}

// Class: a condition after "due to" read as a drug by its stem ("vaginitis" found the Table of
// Drugs row "Contraceptive, vaginal": T49.8X5A): the row must name the word.
TEST_F(SuggestReal, AnAdverseEffectNeedsTheDrugNamed) {
  for (const std::string& c : Codes("symptoms due to vaginitis")) EXPECT_NE(c[0], 'T') << c;
  // The Index's "Rash, drug (internal use)" L27.0 (session 13; was R21).
  EXPECT_EQ(Codes("rash due to amoxicillin"), (V{"L27.0", "T36.0X5A"}));
}

// Class: a history of stroke with a residual deficit coded as the history (Z86.73, "without
// residual deficits") beside the deficit's own code (G81.94): the deficit's I69 sequela code,
// with the dominance default of I.C.6.a ("non-dominant" as I69 writes it).
TEST_F(SuggestReal, AHistoryOfStrokeWithADeficitIsItsSequela) {
  EXPECT_EQ(Codes("Hx CVA with residual left hemiparesis"), (V{"I69.354"}));
  EXPECT_EQ(Codes("Hx CVA with residual right hemiparesis"), (V{"I69.351"}));
  EXPECT_EQ(Codes("history of CVA with residual left hemiparesis"), (V{"I69.354"}));
  for (const std::string& c : Codes("h/o stroke, no residual deficits")) EXPECT_NE(c.substr(0, 3), "I69") << c;
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

// Class: negated results and conditions in short lines (see NoteText.ANegativeResultAndNotAfterAComma).
TEST_F(SuggestReal, NegativeResultsAndNotConditionsAreNotCoded) {
  EXPECT_EQ(Codes("Dysuria; UA neg, no UTI"), (V{"R30.0"}));
  EXPECT_EQ(Codes("Rash, not cellulitis"), (V{"R21"}));
  EXPECT_EQ(Codes("CLL, not in remission"), (V{"C91.10"}));
}

// Class: a history of a condition coded with the generic history code (Z85.9 for breast
// cancer, Z85.00 for colon cancer) or with nothing ("h/o nephrolithiasis"): the Index's
// "History, personal (of)" subterms, read back to their conditions (a malignant neoplasm's
// site through the Neoplasm Table), give the condition's own history code (I.C.21.c.4).
TEST_F(SuggestReal, HistoryCodeFromTheIndexHistoryTerms) {
  EXPECT_EQ(Codes("h/o nephrolithiasis"), (V{"Z87.442"}));
  EXPECT_EQ(Codes("h/o kidney stones"), (V{"Z87.442"}));  // the words without their trigger
  EXPECT_EQ(Codes("history of colon cancer"), (V{"Z85.038"}));
  EXPECT_EQ(Codes("hx of prostate cancer"), (V{"Z85.46"}));
  EXPECT_EQ(Codes("history of bladder cancer"), (V{"Z85.51"}));
  EXPECT_EQ(Codes("h/o pulmonary embolism"), (V{"Z86.711"}));
  EXPECT_EQ(Codes("h/o UTI"), (V{"Z87.440"}));
}

// Class: a lab result read as a status its words do not name ("positive rapid test" found
// "Test, tests, testing, HIV, positive": Z21, the HIV status): an Index path with an acronym
// the text does not say is not taken; NEC and NOS are the book's words (J30.2).
TEST_F(SuggestReal, AnIndexPathNamingAnUnsaidAcronymIsNotTaken) {
  for (const std::string& c : Codes("positive rapid test")) EXPECT_NE(c, "Z21") << c;
  EXPECT_EQ(Codes("HIV positive"), (V{"Z21"}));
  EXPECT_EQ(Codes("Seasonal allergic rhinitis"), (V{"J30.2"}));
}

// Class: extra codes read from words of a condition's course or care alone ("uncomplicated"
// found F10.230, alcohol withdrawal; "well controled" F63.9; "supportive care" Z51.5;
// "echo" B34.1): a reading rests on a word of a condition.
TEST_F(SuggestReal, CourseAndCareWordsAloneCodeNothing) {
  EXPECT_EQ(Codes("Supervision of normal first pregnancy, uncomplicated"), (V{"Z34.00"}));
  EXPECT_EQ(Codes("GERD, well controlled"), (V{"K21.9"}));
  EXPECT_EQ(Codes("Mitral regurgitation, stable on echo"), (V{"I34.0"}));
  EXPECT_EQ(Codes("Acute bronchitis, supportive care"), (V{"J20.9"}));
  EXPECT_EQ(Codes("Stable angina"), (V{"I20.89"}));
}

// Each row: the class of problem it covers (with its guideline section), a text, the setting,
// and the codes expected in reporting order.
struct Case {
  const char* problem;
  const char* text;
  CareSetting setting;
  V codes;
};

const Case kCases[] = {
    // Laterality (I.B.13): the side the chunk documents picks the sibling of the unspecified
    // side (or of the other side).
    {"side", "Acute DVT R femoral vein", CareSetting::kOutpatient, {"I82.411"}},
    {"side", "Dry eye syndrome OU", CareSetting::kOutpatient, {"H04.123"}},
    {"side", "Nuclear sclerotic cataract, L eye", CareSetting::kOutpatient, {"H25.12"}},
    // Hemiplegia by side: not documented, right is dominant, left non-dominant (I.C.6.a).
    // A chunk that details its item's condition (one category) has the side of the item's
    // line: one specific code, not the unspecified ligament beside an unspecified side.
    {"side-of-item", "Left ankle sprain, anterior talofibular ligament", CareSetting::kOutpatient, {"S93.492A"}},
    {"side-of-item", "L ankle sprain, calcaneofibular ligament", CareSetting::kOutpatient, {"S93.412A"}},
    {"side-per-chunk", "R wrist pain, left ankle sprain", CareSetting::kOutpatient, {"M25.531", "S93.402A"}},
    // Influenza with its virus type named is due to an identified virus (J10), with the same
    // manifestation as the unidentified virus's code (J11) the words found.
    {"identified-influenza", "Influenza type A with otitis media", CareSetting::kOutpatient, {"J10.83"}},
    {"identified-influenza", "H1N1 influenza", CareSetting::kOutpatient, {"J10.1"}},
    {"unidentified-influenza", "Influenza", CareSetting::kOutpatient, {"J11.1"}},
    // A stage after a comma is the stage of the ulcer before it ("unstageable" joins its chunk).
    {"stage-after-comma", "Pressure ulcer of left heel, unstageable", CareSetting::kOutpatient, {"L89.620"}},
    // The sigmoid is large intestine, as the tabular names the site (anatomy lexicon).
    {"site-word", "Sigmoid diverticulosis", CareSetting::kOutpatient, {"K57.30"}},
    {"site-word", "Sigmoid volvulus", CareSetting::kOutpatient, {"K56.2"}},
    // Severe sepsis: the systemic infection first (A41.9 when no organism is named), then
    // R65.2- (not dropped as a symptom of the localized infection), then that infection
    // (I.C.1.d.4.a, I.A.13).
    {"severe-sepsis", "Septic shock", CareSetting::kInpatient, {"A41.9", "R65.21"}},
    {"severe-sepsis", "Severe sepsis with septic shock, source cellulitis", CareSetting::kInpatient,
     {"A41.9", "R65.21", "L03.90"}},
    {"dominance", "Left hemiplegia", CareSetting::kOutpatient, {"G81.94"}},
    {"dominance", "Left hemiplegia (dominant side)", CareSetting::kOutpatient, {"G81.92"}},
    // Trimester from the weeks or the words (I.C.15.a.3) and the weeks of gestation (Z3A);
    // weeks that are a duration are not a gestational age.
    {"trimester", "UTI in pregnancy, 30 wks", CareSetting::kOutpatient, {"O23.43", "Z3A.30"}},
    {"trimester", "Gestational HTN w/o proteinuria, 3rd trimester", CareSetting::kOutpatient, {"O13.3"}},
    {"duration", "Neck pain x 3 wks", CareSetting::kOutpatient, {"M54.2"}},
    // Long-term drug therapy (I.C.21.c.3): one code per drug class; none for a brief course.
    {"long-term-drug", "DM type 2 - on insulin + metformin", CareSetting::kOutpatient, {"E11.9", "Z79.4", "Z79.84"}},
    {"brief-drug", "COPD exacerbation - prednisone burst", CareSetting::kOutpatient, {"J44.1"}},
    {"brief-drug", "CAP - azithromycin x 5 days", CareSetting::kOutpatient, {"J18.9"}},
    // A plan's drug is long-term therapy when the plan keeps it, not when it starts it.
    {"plan-drug", "Afib - cont apixaban", CareSetting::kOutpatient, {"I48.91", "Z79.01"}},
    {"plan-drug", "Afib - start apixaban", CareSetting::kOutpatient, {"I48.91"}},
    // What a "Plan:" section does is not a finding ("recheck ear", "wrist splint").
    {"plan-section", "Assessment: Otitis media, right ear\nPlan: amoxicillin, ibuprofen prn, recheck ear in 2 weeks",
     CareSetting::kOutpatient, {"H66.91"}},
    // Two readings of one item that say opposite things (with / without): the fuller one.
    {"opposite", "Assessment: 1. Routine adult exam with abnormal finding: prediabetes", CareSetting::kOutpatient,
     {"Z00.01", "R73.03"}},
    // "Code first" the etiology the words name, from another chapter (I.A.13); not a
    // same-chapter "code first, if applicable" with nothing to say it applies.
    {"code-first", "Pneumonia due to COVID-19", CareSetting::kInpatient, {"U07.1", "J12.82"}},
    {"code-first", "Heart failure, chronic diastolic", CareSetting::kOutpatient, {"I50.32"}},
    // History and what it left: the history code, then the status code (I.C.21.c.3-4).
    {"history-status", "Hx of breast cancer, s/p R mastectomy", CareSetting::kOutpatient, {"Z85.3", "Z90.11"}},
    // "Born here": born in hospital (lexicon, note coding block).
    {"newborn", "Liveborn female, born here", CareSetting::kInpatient, {"Z38.00"}},
    // A scar is an injury's sequela (7th character S); aftercare of an injury is its code
    // with D, not an aftercare Z code (I.C.19.a, I.C.21.c.7).
    {"injury-aftercare", "Staple removal, healed scalp laceration", CareSetting::kOutpatient, {"S01.01XD"}},
    // Dependence status from a plan (Z99); planned or discussed is not under way.
    {"dependence", "COPD - on home O2 3L", CareSetting::kOutpatient, {"J44.9", "Z99.81"}},
    {"not-yet", "CKD stage 5 - dialysis planning", CareSetting::kOutpatient, {"N18.5"}},
    // A vaccine given is an immunization encounter (lexicon, note coding block).
    {"vaccine", "Influenza vaccine given today", CareSetting::kOutpatient, {"Z23"}},
    // Family history in words no Z80-Z84 title has: by the condition's section or chapter.
    {"family-chapter", "FH: Father - MI at age 60", CareSetting::kOutpatient, {"Z82.49"}},
    {"family-chapter", "FH: Mother with major depression", CareSetting::kOutpatient, {"Z81.8"}},
    // Units are not conditions ("5.1 cm" is not CMML).
    {"units", "AAA 5.1 cm", CareSetting::kOutpatient, {"I71.40"}},
    // A detail said to be absent: not a second condition, and the sibling that says so (I.A.9).
    {"absent", "Age-related osteoporosis without current fracture", CareSetting::kOutpatient, {"M81.0"}},
    {"absent", "GERD w/o esophagitis", CareSetting::kOutpatient, {"K21.9"}},
    {"absent", "Concussion without LOC", CareSetting::kOutpatient, {"S06.0X0A"}},
    {"absent", "Concussion with LOC", CareSetting::kOutpatient, {"S06.0X9A"}},
    {"absent", "Acute myeloid leukemia, not in remission", CareSetting::kOutpatient, {"C92.00"}},
    // Adverse effect of a drug taken as prescribed (I.C.19.e.5(a)): the condition, then the drug.
    {"adverse-effect", "Cough due to lisinopril", CareSetting::kOutpatient, {"R05.9", "T46.4X5A"}},
    // The diabetes type documented anywhere holds; E11 only by default (I.C.4.a.2).
    {"diabetes-type", "A/P:\n1. DKA\n2. Type 1 diabetes mellitus", CareSetting::kInpatient, {"E10.10"}},
    {"diabetes-type", "A/P:\n1. DKA", CareSetting::kInpatient, {"E11.10"}},
    // Sequelae of stroke (I.C.9.d.1): the deficit's I69 code, with the type it asks for.
    {"stroke-sequela", "Aphasia due to old CVA", CareSetting::kOutpatient, {"I69.320"}},
    {"stroke-sequela", "Oropharyngeal dysphagia as a residual of old cerebral infarction", CareSetting::kOutpatient,
     {"I69.391", "R13.12"}},
    // Session 10: classes of text read as a coder reads them, each a general rule.
    // A gestational age beside a condition of the pregnancy is read by the weeks rule (Z3A,
    // two digits under 10 weeks), not searched with the condition's words (I.C.15.a.7).
    {"gestation-aside", "Hyperemesis gravidarum at 9 weeks", CareSetting::kOutpatient, {"O21.0", "Z3A.09"}},
    {"gestation-aside", "Hyperemesis gravidarum, 10 wks", CareSetting::kOutpatient, {"O21.0", "Z3A.10"}},
    {"weeks-two-digits", "UTI in pregnancy at 8 weeks", CareSetting::kOutpatient, {"O23.41", "Z3A.08"}},
    // A slash form the lexicon reads as words is those words, with its evidence.
    {"slash-form", "N/V x2 days", CareSetting::kOutpatient, {"R11.2"}},
    {"slash-form", "h/a x 3 days", CareSetting::kOutpatient, {"R51.9"}},
    {"slash-form", "Mo/di twins at 20 weeks", CareSetting::kOutpatient, {"O30.032", "Z3A.20"}},
    // Supervision of a first pregnancy says more than of a pregnancy "unspecified" (an
    // unspecified trimester is the trimester rule's); a pregnancy that is the record's reason
    // is not an incidental pregnant state (I.C.15.a.1).
    {"first-pregnancy", "Initial prenatal visit, primigravida at 12 wks, no complications", CareSetting::kOutpatient,
     {"Z34.01", "Z3A.12"}},
    {"not-incidental", "IUP 28 wks, routine prenatal visit, G1P0, no complications", CareSetting::kOutpatient,
     {"Z34.03", "Z3A.28"}},
    // A contrast word ends a negation's scope without a comma.
    {"contrast", "Denies fever but reports cough", CareSetting::kOutpatient, {"R05.9"}},
    // A carcinoma of a named organ is its malignant primary by site (the Neoplasm Table),
    // not a skin code found by the morphology word alone; a skin word keeps the skin code.
    {"neoplasm-by-site", "Adenocarcinoma of prostate", CareSetting::kOutpatient, {"C61"}},
    {"neoplasm-by-site", "Sigmoid adenocarcinoma", CareSetting::kOutpatient, {"C18.7"}},
    {"neoplasm-by-site", "SCC RLL lung", CareSetting::kOutpatient, {"C34.31"}},
    {"neoplasm-skin", "Basal cell carcinoma of skin of nose", CareSetting::kOutpatient, {"C44.311"}},
    {"neoplasm-own-reading", "Breast cancer, left", CareSetting::kOutpatient, {"C50.912"}},
    // "Hx" alone opens a history; a past myocardial infarction is I25.2 (I.C.9.e.4).
    {"history-hx", "Hx NSTEMI 2023", CareSetting::kOutpatient, {"I25.2"}},
    {"old-mi", "history of STEMI", CareSetting::kOutpatient, {"I25.2"}},
    // A past condition named as the cause of a current one is its sequela, not a history.
    {"cause-not-history", "Dysphagia from prior stroke", CareSetting::kOutpatient, {"I69.391"}},
    // No weeks of gestation with an abortive outcome (Z3A Excludes1 O00-O08).
    {"abortive-no-weeks", "Missed abortion at 11 wks", CareSetting::kOutpatient, {"O02.1"}},
    // A pregnancy is no status a past condition left.
    {"history-no-pregnancy", "Hx of GDM with last pregnancy", CareSetting::kOutpatient, {"Z86.32"}},
    // The symptom before a rule-out inside its piece is coded (IV.H); a test is not.
    {"inner-trigger", "Sore throat x3 days. r/o strep pharyngitis", CareSetting::kOutpatient, {"J02.9"}},
    {"inner-trigger", "Headache, CT head negative for bleed", CareSetting::kOutpatient, {"R51.9"}},
    // A test named in passing and a severity level are no reading of their own.
    {"test-word", "L renal calculus, 6 mm on CT", CareSetting::kOutpatient, {"N20.0"}},
    {"level-word", "Autism spectrum disorder, level 2", CareSetting::kOutpatient, {"F84.0"}},
    // An organ's adjective is the organ (anatomy lexicon): the primary by site.
    {"organ-adjective", "Pancreatic head adenocarcinoma, unresectable", CareSetting::kOutpatient, {"C25.0"}},
    // Screening and general examination encounters need their words.
    {"screening-word", "Screening mammogram", CareSetting::kOutpatient, {"Z12.31"}},
    // A liveborn infant delivered by cesarean (Z38, the type of delivery documented).
    {"delivery-type", "Single liveborn male, born in hospital by c-section; neonatal jaundice", CareSetting::kInpatient,
     {"Z38.01", "P59.9"}},
    // An adult BMI value: its Z68 code by range, beside the diagnosis it supports (I.B.14).
    {"bmi", "Morbid obesity, BMI 42.3", CareSetting::kOutpatient, {"E66.01", "Z68.41"}},
    {"bmi", "Overweight, BMI 27.5", CareSetting::kOutpatient, {"E66.3", "Z68.27"}},
    // A plan piece that is only a diagnosis is coded (the chest pain it explains is not,
    // I.B.5); a plan's drug or device word is no diagnosis ("thiamine", "splint").
    {"diagnosis-in-plan", "Chest pain - troponin trending up, NSTEMI; heparin gtt, cardiology to cath",
     CareSetting::kInpatient, {"I21.4"}},
    {"plan-words", "Fx rt distal radius after FOOSH - splint, ortho f/u", CareSetting::kOutpatient, {"S52.501A"}},
    // A plan piece that joins a test and its finding, or two diagnoses, with "with" is read
    // part by part: the finding or each diagnosis is coded, the symptom it explains is not
    // (I.B.4-5); a degree word before the diagnosis is no other diagnosis.
    {"diagnosis-in-plan-part", "Racing heart - event monitor w/ frequent PVCs, start metoprolol",
     CareSetting::kOutpatient, {"I49.3"}},
    {"diagnosis-in-plan-part", "Emesis x1 day - gastroenteritis w/ dehydration, ORS", CareSetting::kOutpatient,
     {"K52.9", "E86.0"}},
    // A latent infection named in the plan is its Z22 code, and the positive test it explains
    // is not coded beside it (Z22.7 Excludes1 R76.1-; I.B.4-5); the test alone stays.
    {"latent-infection-in-plan", "Positive PPD, CXR negative, asymptomatic - latent TB, start isoniazid",
     CareSetting::kOutpatient, {"Z22.7"}},
    {"positive-test-alone", "Positive QuantiFERON, CXR pending", CareSetting::kOutpatient, {"R76.12"}},
    // Both sides documented: the bilateral code where the category has one, else a code for
    // each side (I.B.13).
    {"both-sides", "Superficial frostbite both hands after snowmobiling", CareSetting::kOutpatient,
     {"T33.521A", "T33.522A"}},
    {"both-sides", "Cerumen impaction, both ears", CareSetting::kOutpatient, {"H61.23"}},
    {"both-sides", "Bilateral otitis media", CareSetting::kOutpatient, {"H66.93"}},
    // Dementia due to Alzheimer's disease: G30 (by the onset documented), then F02 with the
    // dementia's severity and disturbance (its "code first" note, I.A.13).
    {"dementia-etiology", "Alzheimer's dementia with agitation", CareSetting::kOutpatient, {"G30.9", "F02.811"}},
    {"dementia-etiology", "Late-onset Alzheimer's dementia with agitation", CareSetting::kOutpatient,
     {"G30.1", "F02.811"}},
    {"dementia-unspecified", "Dementia with agitation", CareSetting::kOutpatient, {"F03.911"}},
    {"plan-words", "Alcohol dependence with withdrawal, uncomplicated - CIWA protocol, thiamine", CareSetting::kInpatient,
     {"F10.230"}},
};

// Session 7: each row names the class of problem it fixes.
const Case kSession7Cases[] = {
    // Heart failure type and acuity (I.A.9): the search stops at "chronic" or at the
    // unspecified type; the words documented pick I50.2x-I50.4x.
    {"heart-failure-acuity", "Acute on chronic diastolic CHF", CareSetting::kInpatient, {"I50.33"}},
    {"heart-failure-type", "HFrEF", CareSetting::kOutpatient, {"I50.20"}},
    {"heart-failure-type", "Acute systolic heart failure", CareSetting::kInpatient, {"I50.21"}},
    {"heart-failure-default", "CHF exacerbation", CareSetting::kInpatient, {"I50.9"}},
    // Hypertension with heart failure (I.C.9.a.1) keeps the typed I50 code it asks for.
    {"hypertension-heart-failure", "Hypertensive heart disease with acute on chronic diastolic CHF",
     CareSetting::kInpatient, {"I11.0", "I50.33"}},
    // Etiology/manifestation pairs the index prints in brackets (I.A.13).
    {"etiology-manifestation", "Alzheimer's dementia", CareSetting::kOutpatient, {"G30.9", "F02.80"}},
    {"etiology-manifestation", "Late onset Alzheimer's disease", CareSetting::kOutpatient, {"G30.1", "F02.80"}},
    // A condition caused by a drug taken as prescribed: its drug-induced code (I.C.19.e.5(a)).
    {"drug-induced", "Hypotension d/t lisinopril, taken as prescribed", CareSetting::kOutpatient, {"I95.2", "T46.4X5A"}},
    {"drug-induced", "Neutropenia due to chemotherapy", CareSetting::kOutpatient, {"D70.1", "T45.1X5A"}},
    // "Without symptoms" beside a documented symptom its sibling asks for (I.A.13).
    {"with-symptoms", "BPH with nocturia", CareSetting::kOutpatient, {"N40.1", "R35.1"}},
    // A plan's "f/u" plans a later visit: this encounter stays initial (I.C.19.a).
    {"plan-follow-up", "Fx rt distal radius after FOOSH - splint, ortho f/u", CareSetting::kOutpatient, {"S52.501A"}},
    // Two conditions a cause word links, named by one code (I.B.9): the part the code asks for stays.
    {"combination-linked", "Anemia in CKD stage 4", CareSetting::kOutpatient, {"N18.4", "D63.1"}},
    {"combination-linked", "Right hemiparesis due to old left MCA infarct", CareSetting::kOutpatient, {"I69.351"}},
    // ... but "with" between two conditions does not join them.
    {"not-linked", "CHF w/ afib", CareSetting::kOutpatient, {"I50.9", "I48.91"}},
    // Forbidden codes from triggers the lists missed.
    {"ruled-out-plan", "PE - ruled out", CareSetting::kOutpatient, {}},
    {"uncertain-question-mark", "Transient rt arm numbness, resolved - ? TIA", CareSetting::kOutpatient, {"R20.0"}},
    {"history-former", "Previous smoker, quit 2010", CareSetting::kOutpatient, {"Z87.891"}},
    // Course words and a two-letter abbreviation read two ways start no code of their own.
    {"course-word", "Sinus bradycardia, asymptomatic", CareSetting::kOutpatient, {"R00.1"}},
    {"one-reading", "ESRD on HD", CareSetting::kOutpatient, {"N18.6", "Z99.2"}},
    // "Asymptomatic" after a comma qualifies the condition before it (asymptomatic HIV status).
    {"asymptomatic-qualifier", "HIV+, asymptomatic", CareSetting::kOutpatient, {"Z21"}},
    // Lexicon (note coding, session 7): LUTS.
    {"lexicon-luts", "BPH w/ LUTS", CareSetting::kOutpatient, {"N40.1"}},
    // "Not" opening an item negates it; inside a chunk it says a detail is absent.
    {"not-negation", "Dx: Acute bronchitis. Not pneumonia.", CareSetting::kOutpatient, {"J20.9"}},
    // A numbered list's entries on one line are separate problems: hypertension does not
    // explain the headache (I.B.5 applies within an entry).
    {"list-items-apart", "Assessment: 1. Headache 2. Hypertension", CareSetting::kOutpatient, {"R51.9", "I10"}},
    // Family history codes for a family member only: "asthma history" is the patient's own.
    {"no-family-code-without-family", "Asthma history", CareSetting::kOutpatient, {"J45.909"}},
    // Lexicon (note coding, session 7): the search reads "community acquired" as
    // "communicating"; the phrase is pneumonia.
    {"lexicon-cap", "Impression: Community-acquired pneumonia.", CareSetting::kOutpatient, {"J18.9"}},
    // The unspecified code of a condition another item of the note specifies (I.A.9); a
    // different condition of the category stays.
    {"unspecified-across-items", "A/P: 1. CKD 2. Anemia 3. CKD stage 3a", CareSetting::kOutpatient, {"D64.9", "N18.31"}},
    {"unspecified-other-condition", "A/P: 1. Low back pain 2. Neck pain", CareSetting::kOutpatient, {"M54.50", "M54.2"}},
    // A lexicon phrase spanning a stopword of the text ("history of stroke" read as "history
    // stroke"); an old MI is the history of one (I25.2).
    {"history-phrase-stopword", "history of stroke", CareSetting::kOutpatient, {"Z86.73"}},
    {"history-old-mi", "Hx of MI 2019, asymptomatic today", CareSetting::kOutpatient, {"I25.2"}},
    // A side is not a diabetic complication ("left lower leg" is not "... retinopathy, left eye").
    {"diabetes-side-word", "Cellulitis of left lower leg; type 2 diabetes", CareSetting::kInpatient, {"L03.116", "E11.9"}},
    // Hypertension with CKD (I12.9, I.C.9.a.2) is no diabetic complication: the diabetes
    // combination for the CKD (E11.22) keeps it (session 12: a range "stage 1 through stage 4"
    // now reads stage 3a, so one piece finds I12.9 whole).
    {"diabetes-not-hypertension", "DM2, hypertension, CKD 3a", CareSetting::kOutpatient, {"E11.22", "I12.9", "N18.31"}},
};

// Session 11: each row names the class of problem it fixes.
const Case kSession11Cases[] = {
    // A short word found only as the start or the misspelling of another word is no reading
    // ("ago": agoraphobia, "place": placenta, "Tinel": tinea); a short word the document has
    // whole still is ("croup", "fever", "falls").
    {"short-word-not-sure", "Epilepsy, last seizure 3 years ago", CareSetting::kOutpatient, {"G40.909"}},
    {"short-word-not-sure", "Carpal tunnel syndrome, L, positive Tinel sign", CareSetting::kOutpatient, {"G56.02"}},
    {"short-word-not-sure", "Pacemaker in place, sick sinus syndrome", CareSetting::kOutpatient, {"I49.5", "Z95.0"}},
    {"short-word-whole", "Croup", CareSetting::kOutpatient, {"J05.0"}},
    {"short-word-whole", "H/o falls", CareSetting::kOutpatient, {"Z91.81"}},
    // A pregnant patient's condition is coded from chapter 15 first (I.C.15.a.1): the Index's
    // code in pregnancy (no separate N39.0, no incidental Z33.1), else the O99 code whose
    // inclusion term names the condition's range, with the condition's code it asks for; no
    // Z34 beside a complication (I.C.15.b.1). A gestational age alone ("f/u in 1 wk") and
    // "IVF" as fluids make no pregnancy.
    {"pregnancy-chapter", "22 wk IUP w/ UTI", CareSetting::kOutpatient, {"O23.42", "Z3A.22"}},
    {"pregnancy-chapter", "Asthma, 28 weeks pregnant", CareSetting::kOutpatient, {"O99.513", "J45.909", "Z3A.28"}},
    {"pregnancy-chapter", "Prenatal visit at 16 wks; hypothyroidism on levothyroxine", CareSetting::kOutpatient,
     {"O99.282", "E03.9", "Z3A.16"}},
    {"not-pregnancy", "AKI on CKD 3a - hold NSAIDs, IVF", CareSetting::kOutpatient, {"N17.9", "N18.31"}},
    {"pregnancy-carrier", "GBS carrier, prenatal visit at 36 wks", CareSetting::kOutpatient, {"O99.820", "Z3A.36"}},
    // Gestational diabetes controlled by insulin: O24.414 and no Z79.4 (I.C.15.g).
    {"gestational-insulin", "Gestational diabetes, insulin controlled, 30 wks pregnant - continue insulin",
     CareSetting::kOutpatient, {"O24.414", "Z3A.30"}},
    {"not-pregnancy", "Hypertension - recheck in 1 wk", CareSetting::kOutpatient, {"I10"}},
    // A chunk opening with "late effect of" names the old stroke of the deficit before it: the
    // sequela (I.C.9.d.1), not "Stroke, lightning" read from "effect"; an old infarction with
    // no residual deficit is its history (Z86.73, I.C.9.d.3), not a current I63.
    {"late-effect-chunk", "R hemiparesis, late effect of old ischemic stroke", CareSetting::kOutpatient, {"I69.351"}},
    {"old-stroke-history", "Old CVA, no residual deficits", CareSetting::kOutpatient, {"Z86.73"}},
    {"old-stroke-history", "Remote ischemic stroke 2019, no residual deficit", CareSetting::kOutpatient, {"Z86.73"}},
    {"current-stroke", "Acute ischemic stroke", CareSetting::kInpatient, {"I63.9"}},
    // COPD with a lower respiratory infection anywhere in the note is J44.0 with the
    // infection's code (I.A.15); an exacerbation is reported beside it.
    {"copd-infection", "COPD with pneumonia", CareSetting::kInpatient, {"J44.0", "J18.9"}},
    {"copd-infection", "COPD exacerbation; RLL pneumonia", CareSetting::kInpatient, {"J44.1", "J44.0", "J18.9"}},
    {"copd-alone", "COPD", CareSetting::kOutpatient, {"J44.9"}},
    // Two conditions side by side or joined by "with", named by one code of the first's own
    // category that reads words of both (I.A.15): the combination, not the unspecified code and
    // the second's ("Lupus, nephritis" M32.14); never an "other"/NEC code.
    {"combination-own-category", "SLE with lupus nephritis", CareSetting::kOutpatient, {"M32.14"}},
    {"combination-own-category", "Systemic lupus erythematosus with nephritis", CareSetting::kOutpatient, {"M32.14"}},
    // One word of the text, as written, is no reading of a document that says more ("struck":
    // "Struck by lightning", "household": "Household, housing circumstance", "adult": "Adult
    // osteomalacia"); a main term's variant or a kind word is no more ("Diabetes, diabetic",
    // "Whiplash injury").
    {"one-word-says-more", "Struck head on cabinet door, scalp laceration", CareSetting::kOutpatient, {"S01.01XA"}},
    {"one-word-says-more", "COVID-19 exposure in household, no symptoms", CareSetting::kOutpatient, {"Z20.822"}},
    {"one-word-says-more", "Obesity, adult, BMI 33", CareSetting::kOutpatient, {"E66.9", "Z68.33"}},
    {"one-word-variant", "Diabetes", CareSetting::kOutpatient, {"E11.9"}},
    {"one-word-kind", "Whiplash after rear-end MVC", CareSetting::kOutpatient, {"S13.4XXA", "V49.20XA"}},
    // An organism beside an infection of its item is its cause (B95-B97, after the infection),
    // not a carrier state (Z22); "carrier" keeps Z22.
    {"infectious-agent", "UTI d/t E. coli", CareSetting::kOutpatient, {"N39.0", "B96.20"}},
    {"infectious-agent", "Acute cystitis w/ hematuria, E. coli on culture", CareSetting::kOutpatient, {"N30.01", "B96.20"}},
    {"carrier", "MRSA carrier", CareSetting::kOutpatient, {"Z22.322"}},
    // Lexicon (note coding, session 11): ankle ligaments as notes abbreviate them.
    {"lexicon-ankle-ligament", "R ankle sprain, ATFL", CareSetting::kOutpatient, {"S93.491A"}},
    {"lexicon-ankle-ligament", "L ankle sprain, CFL", CareSetting::kOutpatient, {"S93.412A"}},
    // A primary malignancy excised, with no treatment and no evidence of it now, is its
    // history (I.C.2.d); one still treated stays current (I.C.2.m).
    {"neoplasm-history", "Colon cancer s/p hemicolectomy 2019, no evidence of disease", CareSetting::kOutpatient,
     {"Z85.038"}},
    {"neoplasm-current", "Breast cancer s/p lumpectomy, on tamoxifen", CareSetting::kOutpatient, {"C50.911", "Z79.810"}},
    // A delivery with a complication is not O80 (I.C.15.b.4); the mother's record reports the
    // outcome of delivery (Z37), the newborn's its own Z38.
    {"delivery-outcome", "Atonic PPH after SVD at 38w; single liveborn", CareSetting::kInpatient,
     {"O72.1", "Z3A.38", "Z37.0"}},
    {"delivery-outcome", "NSVD at 40 wks, single liveborn, uncomplicated", CareSetting::kInpatient,
     {"O80", "Z3A.40", "Z37.0"}},
};

TEST_F(SuggestReal, Session11Cases) {
  for (const Case& c : kSession11Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 12: each row names the class of problem it fixes.
const Case kSession12Cases[] = {
    // Lexicon: a drug by its class's long-term code (I.C.21.c.3) and a drug abbreviation
    // read for the Table of Drugs (adverse effect, I.C.19.e.5(a)).
    {"lexicon-long-term-drug", "Liver transplant status, maintained on cyclosporine", CareSetting::kOutpatient,
     {"Z94.4", "Z79.621"}},
    {"lexicon-drug-abbreviation", "Hyponatremia from HCTZ taken as prescribed", CareSetting::kOutpatient,
     {"E87.1", "T50.2X5A"}},
    // A drug taken as prescribed named after "from" or "on" is the adverse effect's cause; a
    // sign it caused is the effect's nature, not a symptom another diagnosis explains, and a
    // drug the patient stays on keeps its long-term code (I.C.19.e.5(a), I.C.21.c.3).
    {"adverse-effect-taken-as-prescribed", "Hypokalemia from furosemide taken as prescribed", CareSetting::kOutpatient,
     {"E87.6", "T50.1X5A"}},
    {"adverse-effect-taken-as-prescribed", "Hematuria from warfarin taken as prescribed", CareSetting::kOutpatient,
     {"R31.9", "T45.515A", "Z79.01"}},
    {"adverse-effect-taken-as-prescribed", "High INR on coumadin taken as directed; afib", CareSetting::kOutpatient,
     {"R79.1", "T45.515A", "I48.91", "Z79.01"}},
    // "s/p" parts a current condition from the procedure after it: the procedure is a status
    // code, not a detail of the condition (I.C.21.c.3).
    {"status-post-parts", "ASHD s/p CABG", CareSetting::kOutpatient, {"I25.10", "Z95.1"}},
    // A combination code of another chapter rests on its Index main term said in the text
    // (I.B.9): a primary lung carcinoma "w/ mets to brain" is two neoplasm codes (I.C.2), no
    // amebic brain abscess.
    {"combination-main-term", "Adenocarcinoma RLL lung w/ mets to brain", CareSetting::kOutpatient,
     {"C34.31", "C79.31"}},
    // A lung lobe after a comma is the site of the carcinoma before it, and "small cell" its
    // morphology, not a site (I.C.2, Neoplasm Table by site).
    {"neoplasm-lobe", "Small cell lung cancer, LLL", CareSetting::kOutpatient, {"C34.32"}},
    {"neoplasm-lobe", "Non-small cell lung ca, RUL", CareSetting::kOutpatient, {"C34.11"}},
    // The unspecified sibling beside a code of its category that leaves fewer axes
    // unspecified (side and quadrant) is not reported (I.A.9).
    {"unspecified-sibling", "2 cm lump L breast UIQ - dx mammo ordered", CareSetting::kOutpatient, {"N63.22"}},
    // A venomous sting is the venom's toxic effect (Index: Sting; T63), its local reaction
    // integral to it.
    {"venom-sting", "Wasp sting L forearm, local redness", CareSetting::kOutpatient, {"T63.461A"}},
    // The patient ingested a relative's drug: a poisoning (the Table's row, I.C.19.e.5(b)), not
    // the relative's condition; no observation code beside it (I.C.21.c.6).
    {"poisoning-ingested", "3 yo ingested grandfather's amlodipine, accidental; observed 6 h", CareSetting::kOutpatient,
     {"T46.1X1A"}},
    // A poisoning's signs are its manifestations, coded after it (I.C.19.e.5(b)).
    {"poisoning-manifestations", "Intentional overdose of diphenhydramine; tachycardia, drowsiness",
     CareSetting::kOutpatient, {"T45.0X2A", "R00.0", "R40.0"}},
    // A self-harm poisoning names the suicide attempt (no R45.851 beside it); a generic the
    // Table of Drugs lacks is read as its class (sertraline: SSRI, T43.22-).
    {"poisoning-self-harm", "Intentional OD on sertraline, suicide attempt", CareSetting::kOutpatient, {"T43.222A"}},
    // A corrected congenital malformation is its personal history (I.C.17).
    {"corrected-congenital", "Tetralogy of Fallot, repaired at age 1", CareSetting::kOutpatient, {"Z87.74"}},
    {"corrected-congenital", "cleft palate repaired", CareSetting::kOutpatient, {"Z87.730"}},
    // Lexicon: peripheral neuropathy is polyneuropathy (Index: Neuropathy, peripheral -> G62.9),
    // so diabetes with it is E11.42 (Diabetes, type 2, with, polyneuropathy).
    {"lexicon-peripheral-neuropathy", "T2DM with peripheral neuropathy", CareSetting::kOutpatient, {"E11.42"}},
    // History (I.C.21.c.4): a history code rests on a word that names the condition, not only
    // "disease" (no Z85.71 Hodgkin for Lyme disease); a past infection or rheumatic fever the
    // Index has no history term for is Z86.19 / Z86.79; a drug still taken beside a past
    // condition is its long-term therapy and the condition its history (I.C.21.c.3).
    {"history-named-condition", "history of Lyme disease", CareSetting::kOutpatient, {"Z86.19"}},
    {"history-past-infection", "h/o rheumatic fever as a child", CareSetting::kOutpatient, {"Z86.79"}},
    {"history-with-drug", "Hx of PE, on lifelong apixaban", CareSetting::kOutpatient, {"Z86.711", "Z79.01"}},
    // Lexicon: chronic hypertension is pre-existing essential hypertension, in pregnancy O10.01-
    // (I.C.15.a.1, I.C.15.d); outside it, I10.
    {"lexicon-chronic-hypertension", "G2P1 at 12 wks with chronic HTN", CareSetting::kOutpatient, {"O10.011", "Z3A.12"}},
    {"lexicon-chronic-hypertension", "chronic hypertension, on lisinopril", CareSetting::kOutpatient, {"I10"}},
    // A pregnant patient's obstetric history is the supervision of a high-risk pregnancy
    // (O09.2-, I.C.15.b.2), no Z34 beside it (I.C.15.b.1); an earlier pregnancy's age is not
    // this one's weeks (Z3A, I.C.15.a.7).
    {"high-risk-pregnancy", "G2P1 at 10 wks, h/o GDM in prior pregnancy", CareSetting::kOutpatient, {"O09.291", "Z3A.10"}},
    {"high-risk-pregnancy", "prior preterm delivery at 33 wks; now 24 wks", CareSetting::kOutpatient,
     {"O09.212", "Z3A.24"}},
    {"history-not-pregnant", "Hx of GDM in 2019 pregnancy; not pregnant now", CareSetting::kOutpatient, {"Z86.32"}},
    // Aftercare following joint replacement is Z47.1 with the joint's Z96.6- (I.C.21.c.7).
    {"joint-aftercare", "Aftercare after left total knee replacement, PT", CareSetting::kOutpatient, {"Z47.1", "Z96.652"}},
    // Care of an artificial opening is the encounter for attention to it (Z43), not its
    // status (Z93); a second visit for an injury is a subsequent encounter (I.C.19.a: D).
    {"lexicon-ostomy-care", "trach care", CareSetting::kOutpatient, {"Z43.0"}},
    {"subsequent-visit", "L ankle sprain, 2nd visit", CareSetting::kOutpatient, {"S93.402D"}},
    // An Index path to a code whose title says more than the text yields to a code whose
    // title says just the text's words (I.A.9: the code says what the documentation says).
    {"title-says-the-text", "Bicuspid aortic valve, mild", CareSetting::kOutpatient, {"Q23.81"}},
    // Intractable as documented, after a comma and "without" ("without aura, intractable":
    // the migraine is intractable; the Tabular's inclusion terms "refractory", "poorly
    // controlled"), I.A.9.
    {"intractable", "Chronic migraine without aura, intractable", CareSetting::kOutpatient, {"G43.719"}},
    {"intractable", "Epilepsy, poorly controlled", CareSetting::kOutpatient, {"G40.919"}},
    // Dementia's severity as documented (I.C.5.d), also through the Index's manifestation.
    {"dementia-severity", "Alzheimer dementia, moderate", CareSetting::kOutpatient, {"G30.9", "F02.B0"}},
    // Lexicon (anatomy): "axillary" is the axilla's site, the terminal ileum is small intestine.
    {"lexicon-anatomy", "axillary abscess, right", CareSetting::kOutpatient, {"L02.411"}},
    {"lexicon-anatomy", "Crohn's disease of terminal ileum", CareSetting::kOutpatient, {"K50.00"}},
    // Hypertension does not go away: "hx HTN" is current (history codes are for conditions that
    // no longer exist, I.C.21.c.4), and with heart failure it is I11.0 (I.C.9.a.1).
    {"chronic-history-current", "Chronic diastolic CHF, hx HTN", CareSetting::kOutpatient, {"I11.0", "I50.32"}},
};

TEST_F(SuggestReal, Session12Cases) {
  for (const Case& c : kSession12Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 13 (single lines): each row names the class of problem it fixes, with its section.
const Case kSession13Cases[] = {
    // A newborn's recorded birth weight and gestational age are two P07 codes, the weight's
    // first (I.C.16.d); "vaginally" says how the baby was born, no vaginal disorder.
    {"newborn-maturity I.C.16.d", "Baby girl born here by vaginal delivery at 30 wks, birth weight 1400 g",
     CareSetting::kInpatient, {"Z38.00", "P07.15", "P07.33"}},
    {"newborn-maturity I.C.16.d", "Twin girl delivered vaginally here at 34 wks, BW 2100 g", CareSetting::kInpatient,
     {"Z38.30", "P07.18", "P07.37"}},
    // A term newborn of normal weight has no P07 code.
    {"newborn-maturity I.C.16.d", "Liveborn boy born here at 39 wks, birth weight 3400 g", CareSetting::kInpatient,
     {"Z38.00"}},
    // The mother's delivery record reports its outcome (I.C.15.b.5).
    {"outcome-of-delivery I.C.15.b.5", "NSVD of a liveborn boy at 40 wks", CareSetting::kInpatient,
     {"O80", "Z37.0", "Z3A.40"}},
    // A past dependence or abuse of a named substance is "in remission" (I.C.5.b.1); nicotine
    // has its history code (I.C.21.c.4).
    {"substance-in-remission I.C.5.b.1", "Past history of alcohol dependence, abstinent since 2019",
     CareSetting::kOutpatient, {"F10.21"}},
    {"substance-in-remission I.C.5.b.1", "h/o opioid dependence", CareSetting::kOutpatient, {"F11.21"}},
    {"substance-in-remission I.C.5.b.1", "History of cannabis abuse", CareSetting::kOutpatient, {"F12.11"}},
    {"nicotine-history I.C.21.c.4", "Former smoker, quit in 2001", CareSetting::kOutpatient, {"Z87.891"}},
    // A "with" combination whose condition's own code asks for it first ("code first ...
    // diabetes mellitus (E10.43)" at K31.84): both, the combination first (I.A.13).
    {"code-first-manifestation I.A.13", "Type 1 diabetes with gastroparesis", CareSetting::kOutpatient,
     {"E10.43", "K31.84"}},
    // Lexicon: bisphosphonates by name (Z79.83, I.C.21.c.3).
    {"lexicon-long-term-drug I.C.21.c.3", "Osteopenia, takes Fosamax", CareSetting::kOutpatient, {"M85.80", "Z79.83"}},
    // A stroke of a named artery with no mechanism documented is "unspecified occlusion or
    // stenosis" (I63.5-, I.A.9); one naming no artery is I63.9; each side word of a line
    // naming both sides goes with the words after it (I.B.13); the stroke's deficits are coded
    // beside it (I.B.6); tPA given here is no Z92.82 (given in a different facility).
    {"stroke-mechanism I.A.9", "Acute L MCA stroke with R hemiparesis", CareSetting::kInpatient, {"I63.512", "G81.91"}},
    {"stroke-mechanism I.A.9", "Cardioembolic stroke of the left MCA", CareSetting::kInpatient, {"I63.412"}},
    {"stroke-artery I.A.9", "Acute stroke with left hemiparesis", CareSetting::kInpatient, {"I63.9", "G81.94"}},
    {"stroke-deficit I.B.6", "Acute R MCA infarct with L facial droop and dysarthria", CareSetting::kInpatient,
     {"I63.511", "R47.1"}},
    {"tpa-elsewhere", "CVA, tPA given in ED", CareSetting::kInpatient, {"I63.9"}},
    // A drug the patient is on, after a denial and a comma, is outside the denial's scope
    // (I.C.21.c.3); aspirin is long-term only where the words say the patient stays on it.
    {"negation-scope-drug I.C.21.c.3", "Old MI, no chest pain today, on aspirin 81 mg", CareSetting::kOutpatient,
     {"I25.2", "Z79.82"}},
    {"negation-scope-drug I.C.21.c.3", "Osteoporosis, no falls, on risedronate", CareSetting::kOutpatient,
     {"M81.0", "Z79.83"}},
    {"aspirin-once I.C.21.c.3", "Tension headache, took aspirin once", CareSetting::kOutpatient, {"G44.209"}},
    // "Asymptomatic" is a state, no condition of its own (not "Asymptomatic hyperuricemia").
    {"state-word", "Mitral regurgitation, mild, asx", CareSetting::kOutpatient, {"I34.0"}},
    // A use disorder's severity and remission as the Tabular's inclusion terms place them
    // (I.C.5.b.1), one code per substance (I.C.5.b.2).
    {"substance-use-disorder I.C.5.b.1", "Cocaine use disorder, mild, in sustained remission", CareSetting::kOutpatient,
     {"F14.11"}},
    {"substance-use-disorder I.C.5.b.1", "Stimulant use d/o, severe", CareSetting::kOutpatient, {"F15.20"}},
    {"one-per-substance I.C.5.b.2", "Alcohol dependence with withdrawal; alcohol dependence", CareSetting::kOutpatient,
     {"F10.239"}},
    // A deficit from an old stroke read with the stroke's own words ("Hemiplegia, embolic"
    // I63.4-) is its sequela (I69.35-, I.C.9.d.1), not a history without residual deficits;
    // the default dominance (I.C.6.a).
    {"sequela-own-deficit I.C.9.d.1", "Right hemiparesis from remote CVA", CareSetting::kOutpatient, {"I69.351"}},
    // A drug named after "from" or "2/2" that the Table of Drugs has is the adverse effect's
    // cause, the condition first (I.C.19.e.5(a)); a rash a drug caused is the Index's "Rash,
    // drug (internal use)" L27.0; a fall "from" a ladder is no drug.
    {"adverse-effect-from I.C.19.e.5(a)", "Constipation 2/2 oxycodone", CareSetting::kOutpatient, {"K59.03", "T40.2X5A"}},
    {"adverse-effect-from I.C.19.e.5(a)", "Widespread rash from cephalexin", CareSetting::kOutpatient,
     {"L27.0", "T36.1X5A"}},
    {"adverse-effect-from I.C.19.e.5(a)", "Fall from ladder, L wrist fx", CareSetting::kOutpatient,
     {"S62.102A", "W11.XXXA"}},
    // An Excludes1 pair the text links by a cause word keeps the cause the note sends the
    // condition to (E87.1 excludes SIADH E22.2, I.A.12.a); lexicon SIADH.
    {"excludes1-cause I.A.12.a", "Hyponatremia secondary to SIADH", CareSetting::kOutpatient, {"E22.2"}},
    // Alzheimer's disease with its onset documented (I.A.9), with the Index's bracket F02.80.
    {"alzheimer-onset I.A.9", "Alzheimer disease, early onset", CareSetting::kOutpatient, {"G30.0", "F02.80"}},
    // A code naming two conditions needs words of both, not a side (I.B.9).
    {"combination-side I.B.9", "Infarct L MCA; R hemiparesis", CareSetting::kInpatient,
     {"I63.512", "G81.91"}},
    // A sequela's side and dominance as its deficit's code says them (I.C.9.d.1, I.C.6.a).
    {"sequela-side I.C.9.d.1", "Hemiparesis on the right, dominant, following old L MCA stroke", CareSetting::kOutpatient,
     {"I69.351"}},
};

TEST_F(SuggestReal, Session13Cases) {
  for (const Case& c : kSession13Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 14 (single lines): each row names the class of problem it fixes, with its section.
const Case kSession14Cases[] = {
    // An examination at the visit after a condition's treatment is completed: the follow-up
    // code first, then the history code (I.C.21.c.8); a course ("on surveillance") is no visit.
    {"follow-up-exam I.C.21.c.8", "Hx melanoma of the left arm, excised 2019; skin check today, no recurrence",
     CareSetting::kOutpatient, {"Z08", "Z85.820"}},
    {"follow-up-exam I.C.21.c.8", "h/o adenomatous colon polyps, surveillance colonoscopy today, normal",
     CareSetting::kOutpatient, {"Z09", "Z86.0101"}},
    {"follow-up-exam I.C.21.c.8", "History of colon cancer, resected 2016, on surveillance only", CareSetting::kOutpatient,
     {"Z85.038"}},
    // The hand the patient favors documents the dominance of the side a deficit affects
    // (I.C.6.a): it is no site ("hand") and no condition.
    {"handedness I.C.6.a", "Left hemiparesis from old stroke, left-handed", CareSetting::kOutpatient, {"I69.352"}},
    {"handedness I.C.6.a", "Right hemiparesis from old stroke, left-handed", CareSetting::kOutpatient, {"I69.353"}},
    {"handedness I.C.6.a", "Acute R MCA stroke, L hemiparesis, R hand dominant", CareSetting::kInpatient,
     {"I63.511", "G81.94"}},
    // A chunk that reads as nothing whole is read on each side of its cause word (I.B.9), and
    // the deficit beside the old stroke is its sequela (I.C.9.d.1).
    {"cause-split I.B.9", "Residual R hemiparesis from prior stroke", CareSetting::kOutpatient, {"I69.351"}},
    // "ppd" beside a cigarette count is packs per day: a puerperal disorder (F53) is on a
    // puerperal record only; "IVF" in a hospital line is intravenous fluids (Z31 needs words of
    // procreative management).
    {"puerperal-record I.C.15.a", "Smokes 2 ppd, wants to quit", CareSetting::kOutpatient, {"F17.210"}},
    {"procreative-words", "Dehydration, IVF bolus", CareSetting::kOutpatient, {"E86.0"}},
    {"procreative-words", "Infertility, here for IVF egg retrieval", CareSetting::kOutpatient, {"Z31.83"}},
    // COPD with an infection read in one Index path: J44.0 and the infection it asks to code
    // (I.A.17 "code also").
    {"code-also I.A.17", "COPD with acute bronchitis", CareSetting::kOutpatient, {"J44.0", "J20.9"}},
    {"code-also I.A.17", "COPD w/ acute exacerbation and acute bronchitis", CareSetting::kOutpatient,
     {"J44.0", "J44.1", "J20.9"}},
    // A plan that changes a drug's dose keeps a drug the patient takes: long-term (current)
    // drug therapy (I.C.21.c.3).
    {"dose-change I.C.21.c.3", "Type 2 DM - increase metformin to 1000 mg bid", CareSetting::kOutpatient,
     {"E11.9", "Z79.84"}},
    // A lab test named with its value ("A1c 7.0") is a result, no finding: the diabetes stays
    // (no R73.09 to exclude it); "elevated A1c" is the finding.
    {"test-name-lexicon", "Type 1 DM, A1c 7.0, no complications", CareSetting::kOutpatient, {"E10.9"}},
    // A vital sign or test written with its measured value is a measurement, no condition
    // ("Fluctuating blood pressure" I99.8; abnormal findings are coded only as the provider
    // documents them, III.B); a lesion with its size is the lesion.
    {"measurement", "Gestational HTN at 32 wks, BP 144/92", CareSetting::kOutpatient, {"O13.3", "Z3A.32"}},
    {"measurement", "Hypothyroidism on levothyroxine, TSH 2.1", CareSetting::kOutpatient, {"E03.9"}},
    {"measurement", "AAA 4.2 cm, unruptured", CareSetting::kOutpatient, {"I71.40"}},
    // A past TIA is its history Z86.73 (I.C.9.d.3); a TIA of this visit is G45.9.
    {"history-tia I.C.9.d.3", "TIA in 2019, no residual deficits", CareSetting::kOutpatient, {"Z86.73"}},
    // Tobacco dependence is nicotine's F17 (the Index: Dependence, drug, nicotine), the product
    // its line names; one code per substance (I.C.5.b.2).
    {"nicotine I.C.5.b.2", "Tobacco dependence", CareSetting::kOutpatient, {"F17.200"}},
    {"nicotine I.C.5.b.2", "Tobacco dependence - cigarettes, 1 ppd", CareSetting::kOutpatient, {"F17.210"}},
    // An observation encounter (Z04) needs words of an observation at the visit, not a course.
    {"observation-words I.C.21.c.6", "History of breast cancer, on surveillance only", CareSetting::kOutpatient,
     {"Z85.3"}},
    // "RA" after a measured percentage is room air; oxygen given in an acute illness is no
    // dependence on it (Z99.81 needs words of a dependence: "home O2").
    {"measurement", "RSV bronchiolitis, SpO2 95% RA", CareSetting::kOutpatient, {"J21.0"}},
    {"oxygen-dependence", "Pneumonia, O2 via NC", CareSetting::kOutpatient, {"J18.9"}},
    {"oxygen-dependence", "COPD on home O2 2L", CareSetting::kOutpatient, {"J44.9", "Z99.81"}},
    // A main term written as one hyphenated word is that word ("Tear-stone" is no ureteral stone).
    {"compound-main-term", "L ureteral stone", CareSetting::kOutpatient, {"N20.1"}},
};

TEST_F(SuggestReal, Session14Cases) {
  for (const Case& c : kSession14Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 15 (single lines): each row names the class of problem it fixes, with its section.
const Case kSession15Cases[] = {
    // Alzheimer's disease: the Index's bracketed manifestation F02 after G30 (I.A.13), with the
    // severity and the behaviour the line documents (I.C.5.d); words said absent give none.
    {"alzheimer-dementia I.A.13", "Alzheimer's disease, late onset, with agitation", CareSetting::kOutpatient,
     {"G30.1", "F02.811"}},
    {"alzheimer-dementia I.A.13", "Alzheimer's dementia, early onset, severe, with agitation", CareSetting::kOutpatient,
     {"G30.0", "F02.C11"}},
    {"alzheimer-dementia I.A.13", "Alzheimer's disease", CareSetting::kOutpatient, {"G30.9", "F02.80"}},
    {"alzheimer-dementia I.A.13", "Alzheimer's dementia, mild, without behavioral disturbance", CareSetting::kOutpatient,
     {"G30.9", "F02.A0"}},
    // Coronary atherosclerosis with angina is one code whose last character is the angina's
    // type (I.C.9.b; I20's Excludes1), the angina not coded apart.
    {"ashd-angina I.C.9.b", "CAD, stable angina", CareSetting::kOutpatient, {"I25.118"}},
    {"ashd-angina I.C.9.b", "CAD native vessel w/ stable exertional angina", CareSetting::kOutpatient, {"I25.118"}},
    {"ashd-angina I.C.9.b", "CAD, unstable angina", CareSetting::kOutpatient, {"I25.110"}},
    // "2/2" (secondary to) names a cause: a deficit 2/2 an old stroke is its sequela, not a
    // history (I.C.9.d.1).
    {"cause-2/2 I.C.9.d.1", "Aphasia 2/2 prior stroke", CareSetting::kOutpatient, {"I69.320"}},
    // An injury read without its body region (T14) beside the injury coded by its site, or a
    // "wound" the line codes as an ulcer, is not coded again (I.C.19.b, I.B.18).
    {"unsited-injury I.C.19.b", "R wrist sprain, twisting injury, initial", CareSetting::kOutpatient, {"S63.501A"}},
    {"unsited-injury I.C.19.b", "Bite R hand, initial, wound cleaned", CareSetting::kOutpatient, {"S61.451A"}},
    {"unsited-injury I.C.19.b", "Sacral pressure ulcer stage 2, wound care", CareSetting::kOutpatient, {"L89.152"}},
    // A communicable disease of a contact named first in its chunk is the patient's exposure
    // to it, Z20.- (I.C.21.c.1), when a Z20 code reads the disease's words.
    {"contact-exposure I.C.21.c.1", "Roommate COVID positive, pt asymptomatic", CareSetting::kOutpatient, {"Z20.822"}},
    {"contact-exposure I.C.21.c.1", "Partner w/ gonorrhea, no symptoms", CareSetting::kOutpatient, {"Z20.2"}},
    // A manifestation a "use additional code" note asks for, read on the main code's words
    // alone, must say a word of its own title (I.A.13): COVID-19 without pneumonia is U07.1.
    {"manifestation-words I.A.13", "COVID-19, mild", CareSetting::kOutpatient, {"U07.1"}},
    {"manifestation-words I.A.13", "COVID-19 pneumonia", CareSetting::kOutpatient, {"U07.1", "J12.82"}},
    {"manifestation-words I.A.13", "type 2 dm with ckd stage 3", CareSetting::kOutpatient, {"E11.22", "N18.30"}},
};

TEST_F(SuggestReal, Session15Cases) {
  for (const Case& c : kSession15Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 16 (single lines): each row names the class of problem it fixes, with its section.
const Case kSession16LinesCases[] = {
    // The external cause the line states, after the injury, with the injury's encounter
    // (I.C.20.a.1-2): a document whose every word the line says; none for an unspecified fall.
    {"external-cause I.C.20.a", "Dog bite L forearm, initial, wound cleaned, augmentin", CareSetting::kOutpatient,
     {"S51.852A", "W54.0XXA"}},
    {"external-cause I.C.20.a", "Tick bite R thigh, tick removed intact", CareSetting::kOutpatient, {"S70.361A", "W57.XXXA"}},
    {"external-cause I.C.20.a", "ED: restrained driver rear-ended by another car. L1 wedge compression fx, neuro intact",
     CareSetting::kOutpatient, {"S32.010A", "V43.52XA"}},
    {"external-cause I.C.20.a", "Lac R index finger, cut w/ kitchen knife", CareSetting::kOutpatient, {"S61.210A", "W26.0XXA"}},
    {"external-cause I.C.20.a", "L hip fx, fell out of bed", CareSetting::kOutpatient, {"S72.002A", "W06.XXXA"}},
    {"external-cause-unspecified I.C.20.a", "L knee contusion, fell at home, ambulating fine", CareSetting::kOutpatient,
     {"S80.02XA"}},
    // "Use additional code for associated symptoms, when specified" (N40.1): the symptoms
    // listed after the dash (I.A.13).
    {"associated-symptoms I.A.13", "BPH w/ LUTS - nocturia x3, weak stream; start tamsulosin", CareSetting::kOutpatient,
     {"N40.1", "R35.1", "R39.12"}},
    // An Index entry to a header (Sepsis, Escherichia coli A41.5-) is completed by the child
    // it names, not the header's unspecified default (I.A.4).
    {"index-entry-child I.A.4", "Sepsis d/t E. coli UTI", CareSetting::kOutpatient, {"A41.51", "N39.0"}},
    // "add" before what it adds is the plan verb, not ADD (attention deficit).
    {"plan-verb", "hypokalemia d/t HCTZ, K 3.1, add KCl", CareSetting::kOutpatient, {"E87.6", "T50.2X5A"}},
    // A use disorder's abbreviation with its severity and remission (I.C.5.b.1; F10.21's
    // inclusion term "Alcohol use disorder, moderate, in early remission").
    {"use-disorder-remission I.C.5.b.1", "AUD moderate, early remission, on naltrexone 50", CareSetting::kOutpatient,
     {"F10.21"}},
    // The great toe is chapter 13's site "ankle and foot".
    {"site-ankle-and-foot", "Gout flare R great toe, colchicine", CareSetting::kOutpatient, {"M10.071"}},
    // A cough's documented duration: acute under 3 weeks, subacute 3-8, chronic over 8 (I.A.9).
    {"cough-duration I.A.9", "Cough x 3 days, CXR neg for PNA", CareSetting::kOutpatient, {"R05.1"}},
    {"cough-duration I.A.9", "Cough x 3 wks, CXR clear", CareSetting::kOutpatient, {"R05.2"}},
    {"cough-duration I.A.9", "Cough, CXR clear", CareSetting::kOutpatient, {"R05.9"}},
    // A left-over word naming what the code leaves unspecified: the sibling naming it (I.A.9).
    {"detail-documented I.A.9", "Acute DVT R popliteal vein - start rivaroxaban", CareSetting::kOutpatient, {"I82.431"}},
    // A reading of a word said absent whose code says it present, with no sibling saying it
    // absent, is not what the text says (I.A.9).
    {"absent-detail I.A.9", "Panic disorder w/o agoraphobia", CareSetting::kOutpatient, {"F41.0"}},
    // The stage a "use additional code" note asks for, read on the abbreviation that names it
    // whole when the chunk's words together find nothing in the category (I.A.13, I.C.9.a.2).
    {"use-additional-stage I.A.13", "ESRD due to HTN", CareSetting::kOutpatient, {"I12.0", "N18.6"}},
    {"use-additional-stage I.A.13", "Alcoholic cirrhosis w/ ascites", CareSetting::kOutpatient, {"K70.31"}},
    // CLL is the B-cell type (C91.1-).
    {"cll-b-cell", "CLL in remission", CareSetting::kOutpatient, {"C91.11"}},
    // BMI under 20 by the FY2027 split, beside the diagnosis it documents (I.B.14); none
    // for a stated age under 20 (the Z68 note).
    {"bmi-adult I.B.14", "Underweight adult, BMI 18.2 - nutrition consult", CareSetting::kOutpatient, {"R63.6", "Z68.18"}},
    // Suicidal ideation beside the depression (I.B.5: not routinely part of it).
    {"suicidal-ideation I.B.5", "MDD single episode, severe w/o psychotic features; passive SI, no plan/intent - safety plan",
     CareSetting::kOutpatient, {"F32.2", "R45.851"}},
};

TEST_F(SuggestReal, Session16LinesCases) {
  for (const Case& c : kSession16LinesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// An assault code needs words of an assault (I.C.20.f: an injury of unstated intent is
// accidental): "punched a wall" is no assault by bodily force.
TEST_F(SuggestReal, AnExternalCauseIsAccidentalUnlessTold) {
  for (const std::string& c : Codes("Boxer's fx R 5th metacarpal neck, punched a wall, splinted")) {
    EXPECT_NE(c.substr(0, 2), "Y0") << c;
    EXPECT_NE(c.substr(0, 2), "X9") << c;
  }
  // ADD in capitals is still the abbreviation.
  EXPECT_EQ(Codes("ADD, on methylphenidate"), (V{"F98.8"}));
  // A child's BMI is its percentile: no adult range for a 17-year-old (the Z68 note).
  for (const std::string& c : Codes("17 y/o F anorexia nervosa restricting type, severe. BMI 14.8 - IOP referral"))
    EXPECT_NE(c.substr(0, 5), "Z68.1") << c;
}

// Session 17 (the lead's): long-term (current) drug therapy (I.C.21.c.3), each row naming the
// class it fixes.
const Case kSession17LeadCases[] = {
    // A plan that keeps a drug is a new clause: a denial before it does not reach it.
    {"negation-scope-plan-verb I.C.21.c.3", "Osteoporosis, no recent falls, cont Fosamax", CareSetting::kOutpatient,
     {"M81.0", "Z79.83"}},
    {"negation-scope-plan-verb I.C.21.c.3", "No chest pain, no bleeding, continue warfarin", CareSetting::kOutpatient,
     {"Z79.01"}},
    // A plan's drug with the schedule the patient takes it on is current therapy; one the plan
    // starts is not yet long-term.
    {"plan-regimen I.C.21.c.3", "DM2 - glipizide 5 bid", CareSetting::kOutpatient, {"E11.9", "Z79.84"}},
    {"plan-start I.C.21.c.3", "DM2 - start glipizide 5 bid", CareSetting::kOutpatient, {"E11.9"}},
    // Drug and brand names of the specific Z79 classes (lexicon).
    {"drug-class I.C.21.c.3", "Psoriatic arthritis on etanercept weekly", CareSetting::kOutpatient, {"L40.50", "Z79.620"}},
    {"drug-class I.C.21.c.3", "Kidney transplant status, on azathioprine", CareSetting::kOutpatient, {"Z94.0", "Z79.624"}},
    {"drug-class I.C.21.c.3", "Hot flashes of menopause, on Premarin", CareSetting::kOutpatient, {"N95.1", "Z79.890"}},
    {"drug-class I.C.21.c.3", "Paroxysmal AFib on dabigatran", CareSetting::kOutpatient, {"I48.0", "Z79.01"}},
    // An insulin's name after "insulin" is insulin, not the non-insulin injectables (Z79.85).
    {"drug-class I.C.21.c.3", "DM2 on insulin glargine", CareSetting::kOutpatient, {"E11.9", "Z79.4"}},
    // The screening the plan does at this visit is the reason for it (I.C.21.c.12); one
    // ordered for later is not.
    {"screening-in-plan I.C.21.c.12", "FHx of colon ca in brother - screening colonoscopy", CareSetting::kOutpatient,
     {"Z12.11", "Z80.0"}},
    {"screening-ordered I.C.21.c.12", "FHx of colon ca in brother - screening colonoscopy ordered",
     CareSetting::kOutpatient, {"Z80.0"}},
    // A word in capitals after a period opens a sentence: the history trigger before it does
    // not govern it (I.C.21.c.4).
    {"sentence-capitals I.C.21.c.4", "Ex-smoker, 20 pk-yr. LDCT lung ca screening", CareSetting::kOutpatient,
     {"Z12.2", "Z87.891"}},
    // History codes of category Z91 ("History of falling") for a history trigger (I.C.21.c.4).
    {"history-z91 I.C.21.c.4", "h/o falls, uses walker", CareSetting::kOutpatient, {"Z91.81"}},
    // Device and joint status as notes write it (I.C.21.c.3; lexicon).
    {"status-device I.C.21.c.3", "Status post right total hip arthroplasty", CareSetting::kOutpatient, {"Z96.641"}},
    {"status-device I.C.21.c.3", "Mechanical AVR, on warfarin", CareSetting::kOutpatient, {"Z95.2", "Z79.01"}},
    {"status-device I.C.21.c.3", "Long QT syndrome; ICD in place", CareSetting::kOutpatient, {"I45.81", "Z95.810"}},
    {"abbreviation", "Ischemic CM, EF 30%", CareSetting::kOutpatient, {"I25.5"}},
    // A negation ends with its sentence when its comma piece opens with it, after an
    // abbreviation in capitals too ("no LOC. has ...").
    {"negation-sentence", "DM1 w/ hypoglycemia, no LOC. has insulin pump", CareSetting::kOutpatient, {"E10.649", "Z96.41"}},
    // A lab's abbreviation is no diagnosis ("hs-trop" is high-sensitivity troponin, not HS).
    {"abbreviation", "ECG NSR, no ST changes. hs-trop 4 -> 4", CareSetting::kOutpatient, {}},
    // The intent the line documents, not the Table's accidental default (I.C.19.e.5(b)).
    {"poisoning-intent I.C.19.e.5(b)", "citalopram overdose, suicide attempt", CareSetting::kOutpatient, {"T43.222A"}},
    {"poisoning-intent I.C.19.e.5(b)", "citalopram overdose", CareSetting::kOutpatient, {"T43.221A"}},
    // An embolic infarct of a named artery is its embolism code, not the artery's infarct NOS.
    {"stroke-mechanism", "Cardioembolic stroke R MCA", CareSetting::kOutpatient, {"I63.411"}},
};

TEST_F(SuggestReal, Session17LeadCases) {
  for (const Case& c : kSession17LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 16 (the lead's): a family-history code is chosen by the relative's condition, never
// by the words that say it is family history ("fam hx", "FHx") nor by the relative's age.
const Case kSession16LeadCases[] = {
    {"family-history I.C.21.c.4", "FHx of CAD in father", CareSetting::kOutpatient, {"Z82.49"}},
    {"family-history I.C.21.c.4", "Mixed hyperlipidemia; fhx premature CAD (father MI at 45)", CareSetting::kOutpatient,
     {"E78.2", "Z82.49"}},
    {"family-history I.C.21.c.4", "Screening colonoscopy. Father dx colon ca at 55.", CareSetting::kOutpatient,
     {"Z12.11", "Z80.0"}},
    // A negation ends with its sentence, also one that ends on an abbreviation in capitals
    // ("Denies CP."): what follows is documented (IV.H codes what is documented, not denied).
    {"negation-scope IV", "Denies CP. HTN, well controlled", CareSetting::kOutpatient, {"I10"}},
    {"negation-scope IV", "denies chest pain. palpitations intermittently", CareSetting::kOutpatient, {"R00.2"}},
};

TEST_F(SuggestReal, Session16LeadCases) {
  for (const Case& c : kSession16LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// A diabetes complication code rests on a word of the complication, not on a side letter
// ("left eye" retinopathy for "L leg"; I.A.15's "with" links documented conditions).
TEST_F(SuggestReal, ADiabetesComplicationNeedsItsWord) {
  for (const std::string& c : Codes("T2DM w/ PAD, L leg")) EXPECT_NE(c.substr(0, 4), "E11.3") << c;
  EXPECT_EQ(Codes("DM2 w/ PAD"), (V{"E11.51"}));
}

// Session 10: what must not be coded.
TEST_F(SuggestReal, Session10NotCoded) {
  // A drug course completed and stopped is no long-term drug therapy (I.C.21.c.3); a
  // history's code is a history or status code (Z77-Z99), not "off" as a probation officer.
  for (const std::string& code : Codes("hx of provoked DVT L leg 2019, completed 6 mo anticoagulation, now off")) {
    EXPECT_NE(code.substr(0, 3), "Z79") << code;
    EXPECT_NE(code.substr(0, 3), "Z64") << code;
  }
  // A BMI with no diagnosis it supports is not reported (I.B.14).
  for (const std::string& code : Codes("BMI 24")) EXPECT_NE(code.substr(0, 3), "Z68") << code;
  // Pain beside an injury of its line is the injury's symptom (I.B.5).
  for (const std::string& code : Codes("Cervical muscle strain after rear-end MVC (restrained driver); neck pain"))
    EXPECT_NE(code, "M54.2");
  for (const std::string& code : Codes("Suspicious microcalcifications L breast on mammogram"))
    EXPECT_NE(code.substr(0, 3), "Z12") << code;
  // An "other" code is no combination of two words read side by side (I.A.15).
  for (const std::string& code : Codes("Atopic eczema")) EXPECT_NE(code, "L20.89");
  // A verb the lexicon reads as an abbreviation ("has": HA, headache) is no condition.
  for (const std::string& code : Codes("No chest pain however has dyspnea on exertion"))
    EXPECT_NE(code.substr(0, 3), "G44") << code;
}

// A site alone is not an injury of it: no S code without an injury word in the line; and a
// site the Index sends to its condition ("Colon - see condition") codes nothing by itself
// (not C18.2 "Malignant neoplasm of ascending colon").
TEST_F(SuggestReal, InjuryCodesNeedAnInjuryWord) {
  auto c = Codes("Colon polyp, ascending colon - removed");
  EXPECT_EQ(c, (V{"K63.5"}));
  EXPECT_EQ(Codes("Seborrheic keratosis, back - reassured"), (V{"L82.1"}));
  auto t = Codes("Tubular adenoma, transverse colon");
  for (const std::string& code : t) EXPECT_NE(code[0], 'S') << code;
}

TEST_F(SuggestReal, Session7Cases) {
  for (const Case& c : kSession7Cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

TEST_F(SuggestReal, ConventionAndDetailCases) {
  for (const Case& c : kCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Weak readings: an index path found without its main term ("community acquired" is not
// "Hydrocephalus, communicating"); chapter 15 and 16 codes on a pregnancy's or a newborn's
// record only; a cause that is a disease is not a drug; an overdose is not an adverse effect;
// a current stroke stays current.
TEST_F(SuggestReal, WeakReadingsAreNotSuggested) {
  for (const std::string& code : Codes("Community acquired pneumonia", CareSetting::kInpatient))
    EXPECT_NE(code.substr(0, 3), "G91") << code;
  for (const std::string& code : Codes("AAA 4.0 cm, unruptured")) EXPECT_NE(code[0], 'P') << code;
  for (const std::string& code : Codes("Chronic afib, INR therapeutic")) EXPECT_NE(code[0], 'O') << code;
  for (const std::string& code : Codes("Unstable angina due to coronary artery disease", CareSetting::kInpatient))
    EXPECT_NE(code[0], 'T') << code;
  for (const std::string& code : Codes("tylenol overdose")) EXPECT_NE(code.substr(5, 1), "5") << code;
  auto stroke = Codes("Acute CVA", CareSetting::kInpatient);
  ASSERT_FALSE(stroke.empty());
  EXPECT_EQ(stroke[0].substr(0, 3), "I63");
}

// A scar is the sequela of the injury that left it (7th character S). (The scar's own L90.5
// is not found yet: a known gap.)
TEST_F(SuggestReal, ScarIsTheInjurysSequela) {
  auto c = Codes("Scar of right forearm from laceration last year");
  EXPECT_NE(std::find(c.begin(), c.end(), "S51.811S"), c.end());
  for (const std::string& code : c) EXPECT_NE(code, "S51.811A");
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


// Session 12, multi-line notes: each row names the class of note layout it fixes.
const Case kSession12NotesCases[] = {
    // A "Plan:" heading alone makes no assessment: the conditions documented above it are
    // coded (IV.J), the plan's kept drugs give their Z79 codes (I.C.21.c.3).
    {"plan-is-no-assessment", "Endocrine f/u\nHypothyroidism, stable.\nPlan: continue levothyroxine 50 mcg, TSH 6 mo",
     CareSetting::kOutpatient, {"E03.9"}},
    {"plan-is-no-assessment", "Cardiology f/u\nPersistent AFib, rate controlled.\nPlan: continue apixaban",
     CareSetting::kOutpatient, {"I48.19", "Z79.01"}},
    // A relative's condition the family-history titles do not name is placed by its chapter
    // (Z80-Z84, I.C.21.c.4), read without the trigger words ("family history of" found a Z
    // code, which names no chapter).
    {"family-history-chapter", "Family history of CAD", CareSetting::kOutpatient, {"Z82.49"}},
    {"family-history-chapter", "Family history of premature CAD - stress test", CareSetting::kOutpatient, {"Z82.49"}},
    // The story (HPI, lines under no heading) of a note with an assessment adds the status it
    // documents (Z93-Z99, I.C.21.c.3), not its conditions; none where the line says the status
    // is not (yet) in place.
    {"status-beside-assessment", "HPI: 70 y/o M s/p CABG 2015, now with exertional chest pain.\nAssessment: Unstable angina - cath",
     CareSetting::kOutpatient, {"I20.0", "Z95.1"}},
    {"status-beside-assessment",
     "HPI: 70 y/o M with a pacemaker for sick sinus syndrome, here for dizziness.\nAssessment: Dizziness - check device",
     CareSetting::kOutpatient, {"R42", "Z95.0"}},
    {"status-not-yet", "HPI: 63 y/o M with CKD stage 5, not yet on dialysis, fistula placed.\nAssessment: CKD stage 5 - dialysis planning",
     CareSetting::kOutpatient, {"N18.5"}},
    // "Discharge Dx:" and "d/c Dx:" are the discharge diagnoses heading: the note is coded
    // from them, not from the admission's symptoms above (I.B.5, III).
    {"discharge-dx-heading", "Admitted w/ cough, fever.\nDischarge Dx:\n1. Community acquired pneumonia\n2. HTN",
     CareSetting::kInpatient, {"J18.9", "I10"}},
    {"discharge-dx-heading", "Admitted w/ cough, fever.\nd/c Dx: pneumonia; COPD", CareSetting::kInpatient,
     {"J18.9", "J44.0"}},
    // The diabetes type documented on another line decides the category of a complication's
    // code: not "other specified" E13, which the note does not say (I.C.4.a.2); the insulin
    // the history says the patient is on is Z79.4 (I.C.4.a.3, session 13).
    {"diabetes-type-across-lines",
     "HPI: 66 y/o M with type 2 DM on insulin.\nAssessment/Plan:\n1. Moderate NPDR with macular edema, right eye - anti-VEGF",
     CareSetting::kOutpatient, {"E11.3311", "Z79.4"}},
    {"diabetes-type-across-lines",
     "HPI: 30 y/o F with type 1 DM.\nAssessment/Plan:\n1. Moderate NPDR with macular edema, right eye - anti-VEGF",
     CareSetting::kOutpatient, {"E10.3311"}},
    // The assessment's unspecified code takes the detail the history documents for the same
    // condition, a code under the same parent (I.B.1, I.A.9); no Z79.4 beside gestational
    // diabetes O24.4- even with a prior cesarean in the note (I.C.15.g).
    {"detail-from-story", "HPI: 70 y/o M with chronic systolic HF.\nAssessment/Plan:\n1. CHF - continue carvedilol",
     CareSetting::kOutpatient, {"I50.22"}},
    {"detail-from-story", "Assessment/Plan:\n1. CHF - continue carvedilol", CareSetting::kOutpatient, {"I50.9"}},
    {"detail-from-story", "HPI: 29 y/o G2P1 at 30 wks with GDM, on insulin. Prior c-section.\nAssessment: GDM - cont insulin",
     CareSetting::kOutpatient, {"O24.414", "Z3A.30"}},
    // Diabetes "with" another line's condition (I.A.15, I.C.4.a) needs the complication's own
    // word in the Index's "with" term: COPD's "chronic ... disease" is no diabetic CKD.
    {"diabetes-with-own-word", "Assessment:\n1. COPD\n2. DM2", CareSetting::kOutpatient, {"J44.9", "E11.9"}},
    {"diabetes-with-own-word", "Assessment:\n1. CKD stage 3a\n2. DM2", CareSetting::kOutpatient, {"E11.22", "N18.31"}},
    // A general or routine examination at which a condition is coded is the examination "with
    // abnormal findings" (I.C.21.c.13); one documented normal stays "without".
    {"exam-with-findings", "Annual physical, 50 y/o M.\nEssential hypertension, new - start amlodipine.",
     CareSetting::kOutpatient, {"Z00.01", "I10"}},
    {"exam-with-findings", "Well child check, 4 y/o.\nMild intermittent asthma - albuterol prn", CareSetting::kOutpatient,
     {"Z00.121", "J45.20"}},
    // No diabetes type documented and no other kind said: the default type 2 (E11), not
    // "other specified" E13 (I.C.4.a.2).
    {"diabetes-default-type", "Assessment/Plan:\n1. Moderate NPDR with macular edema, right eye - anti-VEGF",
     CareSetting::kOutpatient, {"E11.3311"}},
    {"exam-without-findings", "Well child check, 4 y/o.\nNormal exam, no abnormal findings.", CareSetting::kOutpatient,
     {"Z00.129"}},
};

TEST_F(SuggestReal, Session12NotesCases) {
  for (const Case& c : kSession12NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 13, multi-line notes: what a section contributes and the encounter's reason.
const Case kSession13NotesCases[] = {
    // A family history listed outside the assessment is reported where it bears on current
    // care (IV.J, III.A): the assessment treats a condition of its chapter, or names it itself;
    // a father's asthma at an ear-infection visit, a mother's hypertension beside a diabetes
    // visit that names only the colon cancer history, are not.
    {"family-history-no-impact", "FH: Father has asthma.\nAssessment/Plan:\n1. Acute otitis media, left - amoxicillin",
     CareSetting::kOutpatient, {"H66.92"}},
    {"family-history-impact",
     "FH: Mother with major depression.\nAssessment/Plan:\n1. Major depressive disorder, recurrent, moderate - sertraline",
     CareSetting::kOutpatient, {"F33.1", "Z81.8"}},
    {"family-history-named-in-assessment",
     "FH: Father with colon cancer; mother with HTN.\nAssessment/Plan:\n1. Type 2 DM - metformin\n2. FHx colon ca - "
     "colonoscopy referral",
     CareSetting::kOutpatient, {"E11.9", "Z80.0"}},
    // A vaccine the assessment or plan gives is Z23 (I.C.21.c.2), and the disease it is named
    // for is not the patient's; immunizations "up to date" in the history give none.
    {"immunization-given", "Assessment/Plan:\n1. Well child exam, no abnormal findings.\n2. Vaccines: Hep A #2, influenza given.",
     CareSetting::kOutpatient, {"Z00.129", "Z23"}},
    {"immunization-given", "Plan: DTaP and MMR vaccines given today. RTC 1 year.", CareSetting::kOutpatient, {"Z23"}},
    {"immunization-given-in-story",
     "HPI: 9 y/o F here for annual well visit.\nVaccines: influenza given today\nA/P: well child exam, no abnormal findings",
     CareSetting::kOutpatient, {"Z00.129", "Z23"}},
    // "Vaccines today" in the story gives them: the list after it names vaccines (I.C.21.c.2),
    // not the diseases they prevent (no B01.9 for "varicella", and the exam has no abnormal
    // finding for it).
    {"immunization-today-in-story", "4 y/o well child exam, normal growth; immunizations today (DTaP, IPV, varicella)",
     CareSetting::kOutpatient, {"Z00.129", "Z23"}},
    {"immunization-received-long-ago",
     "HPI: 9 y/o F, received flu vaccine last year.\nA/P: well child exam, no abnormal findings", CareSetting::kOutpatient,
     {"Z00.129"}},
    {"immunization-up-to-date", "PMH: none. Immunizations up to date.\nAssessment/Plan:\n1. Acute otitis media, left",
     CareSetting::kOutpatient, {"H66.92"}},
    // An encounter chiefly for chemotherapy: Z51.11 first, the malignancy beside it
    // (I.C.2.e.2); not where the cycle is delayed (the visit manages the neutropenia).
    {"treatment-encounter", "Dx: adenocarcinoma of sigmoid colon\nHere for C3D1 FOLFOX.", CareSetting::kOutpatient,
     {"Z51.11", "C18.7"}},
    {"treatment-delayed",
     "HPI: here for cycle 4 of chemotherapy.\nAssessment:\n1. Neutropenia due to chemotherapy - delay cycle 4\n2. "
     "Adenocarcinoma of sigmoid colon",
     CareSetting::kOutpatient, {"D70.1", "T45.1X5A", "C18.7"}},
    // A procedure's indication is the encounter's reason: the screening first, what it found
    // beside it (I.C.21.c.5); its findings are results, read through the impression.
    {"indication-heading",
     "Indication: Screening colonoscopy, average risk.\nFindings: 6 mm polyp removed with cold snare.\nImpression: Colon "
     "polyp, ascending colon - removed",
     CareSetting::kOutpatient, {"Z12.11", "K63.5"}},
    // A history line's past procedure is a present status beside the assessment (I.C.21.c.3).
    {"history-status", "Hx: CAD s/p CABG 2018\nA/P:\n1. HTN", CareSetting::kOutpatient, {"I10", "Z95.1"}},
    // A drug the story says the patient is on is its long-term drug code (I.C.21.c.3); not a
    // drug switched to for days, nor a brief course.
    {"story-long-term-drug",
     "HPI: 58 yo M with type 2 DM on metformin presents with cellulitis.\nAssessment:\n1. Cellulitis of right lower leg",
     CareSetting::kOutpatient, {"L03.115", "Z79.84"}},
    {"story-drugs-in-parentheses",
     "Podiatry\n70M w/ DM2 (insulin glargine + metformin), PAD.\nA:\n1. DM2 w/ peripheral angiopathy",
     CareSetting::kOutpatient, {"E11.51", "Z79.4", "Z79.84"}},
    {"story-past-drug", "HPI: 60F w/ DM2 (previously on metformin), HTN.\nA:\n1. DM2", CareSetting::kOutpatient, {"E11.9"}},
    {"story-brief-drug",
     "HPI: Treated with IV ceftriaxone, switched to oral ciprofloxacin on day 3.\nAssessment:\n1. Acute pyelonephritis",
     CareSetting::kOutpatient, {"N10"}},
    {"story-brief-drug", "HPI: M with COPD on amoxicillin x 10 days.\nAssessment:\n1. COPD", CareSetting::kOutpatient,
     {"J44.9"}},
    // A dependence status from the plan names its machine (I.C.21.c.3): "renally dosed" is
    // no renal dialysis.
    {"plan-dependence-names-machine", "Assessment/Plan:\n1. Type 2 DM - continue metformin (renally dosed)",
     CareSetting::kOutpatient, {"E11.9", "Z79.84"}},
    {"plan-dependence-names-machine", "Assessment/Plan:\n1. COPD - continue home O2", CareSetting::kOutpatient,
     {"J44.9", "Z99.81"}},
    // The line after a one-line exam heading, with no heading of its own, is back in the
    // section before it (a short note's next problem); an exam under its heading alone stays
    // the exam.
    {"exam-one-line", "Derm f/u\nExam: 6 mm pearly papule R nasal ala - shave bx.\nMultiple AKs scalp - LN2 x 8.",
     CareSetting::kOutpatient, {"L57.0"}},
    {"exam-paragraph", "Exam:\nScattered wheezes.\nAssessment:\n1. Asthma", CareSetting::kOutpatient, {"J45.909"}},
    // A delivery the record documents with its liveborn infant: Z37.0 on the mother's record
    // (I.C.15.b.5), after the delivery's codes; not guessed for twins.
    {"outcome-of-delivery",
     "L&D delivery note\nG1P0 at 39w1d, spontaneous labor. NSVD of liveborn female, Apgars 8/9.\nDx: term pregnancy, "
     "delivered; 2nd degree perineal lac",
     CareSetting::kInpatient, {"O70.1", "Z3A.39", "Z37.0"}},
    // Aftercare following a joint replacement the assessment lists first is the encounter's
    // reason, first-listed (I.C.21.c.7); the joint's status follows the conditions.
    {"joint-aftercare-first",
     "Assessment/Plan:\n1. Aftercare following L TKA - continue PT.\n2. Primary OA R knee - injection today.\n3. HTN.",
     CareSetting::kOutpatient, {"Z47.1", "M17.11", "I10", "Z96.652"}},
    // The organism documented for a condition on one chunk: no "unspecified organism" code of
    // the same condition from another (I.B.18).
    {"organism-documented", "Discharge Dx:\n1. LLL pneumonia, Strep pneumoniae (sputum cx)\n2. HTN", CareSetting::kInpatient,
     {"J13", "I10"}},
    {"organism-not-documented", "Discharge Dx:\n1. LLL pneumonia\n2. HTN", CareSetting::kInpatient, {"J18.9", "I10"}},
    // Severe sepsis with the infection's organism documented in its item: the sepsis due to
    // that organism first (I.C.1.d.1.a, d.4.a), A41.9 only without one.
    {"sepsis-organism-of-infection",
     "Discharge Dx:\n1. Severe sepsis w/ septic shock d/t LLL pneumonia, Strep pneumoniae\n2. HTN", CareSetting::kInpatient,
     {"A40.3", "R65.21", "J13", "I10"}},
    {"sepsis-no-organism", "Discharge Dx:\n1. Severe sepsis d/t UTI\n2. HTN", CareSetting::kInpatient,
     {"A41.9", "R65.20", "N39.0", "I10"}},
    // Pre-existing diabetes in pregnancy: O24 first, then the diabetes code of its type
    // (I.C.15.g); gestational diabetes takes no other diabetes code (I.C.15.i).
    {"pregnancy-diabetes-type", "Assessment:\n1. Pregnancy with pre-existing type 2 DM, 3rd trimester\n2. 30 weeks gestation",
     CareSetting::kOutpatient, {"O24.113", "E11.9", "Z3A.30"}},
    {"gestational-diabetes-alone", "Assessment:\n1. Gestational diabetes, diet controlled\n2. 30 weeks gestation",
     CareSetting::kOutpatient, {"O24.410", "Z3A.30"}},
    // Fever beside an infection is the infection's routine sign, even as its own problem
    // (I.B.5); beside asthma it is a problem of its own.
    {"fever-of-infection", "Assessment/Plan:\n1. Community acquired pneumonia - amoxicillin\n2. Fever - acetaminophen prn",
     CareSetting::kOutpatient, {"J18.9"}},
    {"fever-without-infection", "Assessment/Plan:\n1. Mild intermittent asthma\n2. Fever - ibuprofen prn",
     CareSetting::kOutpatient, {"J45.20", "R50.9"}},
    // Twins both liveborn: Z37.2 (I.C.15.b.5; the two branches' rules made one at merge).
    {"outcome-of-delivery-twins",
     "L&D delivery note\nG1P0 at 39w1d. NSVD of liveborn twins.\nDx: term pregnancy, delivered; 2nd degree perineal lac",
     CareSetting::kInpatient, {"O70.1", "Z3A.39", "Z37.2"}},
};

TEST_F(SuggestReal, Session13NotesCases) {
  for (const Case& c : kSession13NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 14, multi-line notes: symptoms integral to a diagnosis, the complications the
// record documents on other lines, uncertain diagnoses outside the hospital, delivery.
const Case kSession14NotesCases[] = {
    // A chapter 13 pain of the site of a diagnosis on its line is that diagnosis's symptom
    // (I.B.4-5); not a pain of the other side, nor one of another site.
    {"pain-of-diagnosis-site", "L knee pain, L knee primary OA", CareSetting::kOutpatient, {"M17.12"}},
    {"pain-of-diagnosis-site", "Lumbar DDD w/ discogenic LBP", CareSetting::kOutpatient, {"M51.360"}},
    {"pain-of-other-side", "R knee pain; L knee primary OA", CareSetting::kOutpatient, {"M25.561", "M17.12"}},
    {"pain-of-other-site", "Low back pain, HTN", CareSetting::kOutpatient, {"M54.50", "I10"}},
    // A pain with no site in its title (myalgia) is explained by the diagnosis of its item.
    {"pain-of-no-site", "Influenza A, body aches", CareSetting::kOutpatient, {"J10.1"}},
    // Diabetes already coded with one complication, and another line's complication the
    // combination's note asks for: its combination code beside it (I.A.15, I.C.4.a); not a
    // condition the combination does not ask for.
    {"diabetes-complication-across-lines", "A/P:\n1. DM2 w/ diabetic polyneuropathy\n2. HTN w/ CKD 3a",
     CareSetting::kOutpatient, {"E11.42", "E11.22", "I12.9", "N18.31"}},
    {"diabetes-complication-not-asked", "A/P:\n1. DM2 w/ diabetic polyneuropathy\n2. Cellulitis of right lower leg",
     CareSetting::kOutpatient, {"E11.42", "L03.115"}},
    // An outpatient assessment whose diagnosis is uncertain: the chief complaint's symptoms
    // (IV.H); in the hospital the diagnosis is coded as if established (II.H).
    {"uncertain-outpatient-symptoms", "CC: Cough, fever\nAssessment/Plan:\n1. Probable pneumonia - amoxicillin\n2. HTN",
     CareSetting::kOutpatient, {"R05.9", "R50.9", "I10"}},
    {"uncertain-inpatient-diagnosis", "CC: Cough, fever\nAssessment/Plan:\n1. Probable pneumonia - amoxicillin",
     CareSetting::kInpatient, {"J18.9"}},
    {"certain-outpatient-diagnosis", "CC: Cough, fever\nAssessment/Plan:\n1. Pneumonia - amoxicillin",
     CareSetting::kOutpatient, {"J18.9"}},
    // A delivery this encounter: the "in childbirth" option (I.C.15.a.3); before delivery the
    // "in pregnancy" code.
    {"in-childbirth", "Discharge diagnoses: SVD at 39 weeks; gestational diabetes, diet controlled; single liveborn",
     CareSetting::kInpatient, {"O24.420", "Z3A.39", "Z37.0"}},
    {"in-pregnancy", "Assessment: gestational diabetes, diet controlled; 39 weeks", CareSetting::kOutpatient,
     {"O24.410", "Z3A.39"}},
    // The past history's chronic conditions (no history code: they persist) beside an
    // assessment that names only the encounter's reason (IV.J); not beside an assessment that
    // lists the problems addressed, not a condition its item says is over, not a cancer (its
    // history, I.C.2.d), not a condition the assessment codes in its category, not in
    // pregnancy (chapter 15, I.C.15.a.1).
    {"past-history-chronic", "PMH: HTN, hypothyroidism\nImp: TIA", CareSetting::kOutpatient, {"G45.9", "I10", "E03.9"}},
    {"past-history-problem-list", "PMH: HTN, GERD\nAssessment/Plan:\n1. Acute otitis media, left\n2. Allergic rhinitis",
     CareSetting::kOutpatient, {"H66.92", "J30.9"}},
    {"past-history-resolved", "PMH: eczema as an infant, resolved; HTN\nImp: TIA", CareSetting::kOutpatient,
     {"G45.9", "I10"}},
    {"past-history-neoplasm", "PMH: breast cancer, HTN\nImp: TIA", CareSetting::kOutpatient, {"G45.9", "I10"}},
    {"past-history-assessed", "PMH: DM2, HTN\nImp: DM2 w/ diabetic polyneuropathy", CareSetting::kOutpatient,
     {"E11.42", "I10"}},
    // "ED" heading a note or a line is the emergency department (the encounter's story);
    // "ED" as a problem is erectile dysfunction.
    {"ed-heading", "ED: L1 wedge compression fx", CareSetting::kOutpatient, {"S32.010A"}},
    {"ed-title", "ED note\nL1 wedge compression fx", CareSetting::kOutpatient, {"S32.010A"}},
    {"ed-problem", "ED - tadalafil prn", CareSetting::kOutpatient, {"N52.9"}},
    // "Principal dx:", "Secondary:", "Injuries:" list the diagnoses; "Admit:" is the reason the
    // patient came, its symptoms explained by them (II, III, I.B.5).
    {"discharge-headings", "Admit: fever, R flank pain\nPrincipal dx: Acute pyelonephritis\nSecondary: HTN",
     CareSetting::kInpatient, {"N10", "I10"}},
    {"injuries-heading", "Trauma discharge\nInjuries: closed fx L femoral shaft; concussion w/o LOC", CareSetting::kInpatient,
     {"S72.302A", "S06.0X0A"}},
    // The neurologic deficits the story documents for an assessed acute stroke, after it
    // (I.B.6); a deficit-like sign beside another diagnosis stays explained (I.B.5).
    {"stroke-deficits-from-story",
     "Admitted w/ sudden R-sided weakness.\nDeficits at discharge: R hemiparesis (pt is R-handed), dysarthria\nDischarge "
     "diagnoses:\n1. Acute ischemic stroke, L MCA\n2. HTN",
     CareSetting::kInpatient, {"I63.512", "G81.91", "R47.1", "I10"}},
    {"deficit-without-stroke", "HPI: dysarthria since yesterday.\nAssessment:\n1. Migraine", CareSetting::kInpatient,
     {"G43.909"}},
    {"past-history-pregnancy", "PMH: asthma\nImp: G1P0 at 30 wks, normal pregnancy", CareSetting::kOutpatient,
     {"Z34.03", "Z3A.30"}},
};

TEST_F(SuggestReal, Session14NotesCases) {
  for (const Case& c : kSession14NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

}  // namespace

namespace {

// Session 15, multi-line notes and the suppression rules of lines and notes alike: history
// against current, the past obstetric event of a pregnancy, symptoms a combination code or a
// diagnosis includes.
const Case kSession15NotesCases[] = {
    // A condition the line says is absent now is its history (I.C.21.c.4).
    {"none-now-is-history", "Recurrent renal calculi, none now", CareSetting::kOutpatient, {"Z87.442"}},
    {"none-active-is-history", "Recurrent UTIs, none active", CareSetting::kOutpatient, {"Z87.440"}},
    {"current-condition", "Recurrent renal calculi", CareSetting::kOutpatient, {"N20.0"}},
    // A previous cesarean in a pregnant patient's record is this pregnancy's maternal care
    // (I.C.15.a.1; the Index: Delivery, cesarean, previous, cesarean delivery O34.21-); not
    // outside a pregnancy.
    {"previous-cesarean-in-pregnancy",
     "A/P:\n1. 30 weeks gestation\n2. Prior low transverse cesarean delivery - plan repeat", CareSetting::kOutpatient,
     {"O34.211", "Z3A.30"}},
    {"previous-cesarean-not-pregnant", "PSH: prior cesarean delivery\nA/P: essential hypertension",
     CareSetting::kOutpatient, {"I10"}},
    // Melena beside an ulcer with hemorrhage: the combination code has the bleeding (I.B.9;
    // the Index: Melena, with ulcer).
    {"melena-with-bleeding-ulcer", "Melena; EGD showed acute gastric ulcer with hemorrhage", CareSetting::kInpatient,
     {"K25.0"}},
    {"melena-alone", "Melena; EGD pending", CareSetting::kInpatient, {"K92.1"}},
    // A symptom whose code-first note applies only "if applicable" is explained by the
    // diagnosis of its item like any other (I.B.5).
    {"dysphagia-explained", "Dysphagia to solids, EGD: esophageal stricture - dilated", CareSetting::kOutpatient,
     {"K22.2"}},
    {"dysphagia-other-system", "Aspiration pneumonia; oropharyngeal dysphagia", CareSetting::kOutpatient,
     {"J69.0", "R13.12"}},
    // The History term's "skin NEC" is the Neoplasm Table's "skin NOS": a past basal cell
    // carcinoma is Z85.828 (I.C.2.d, I.C.21.c.4).
    {"history-of-skin-cancer", "h/o basal cell carcinoma", CareSetting::kOutpatient, {"Z85.828"}},
    // A past malignancy the story documents is reported beside an assessed neoplasm (III.A,
    // IV.J), not beside other conditions.
    {"story-history-beside-neoplasm",
     "Derm visit\nHx basal cell carcinoma of back excised 2019.\nA/P: basal cell carcinoma of skin of nose - Mohs",
     CareSetting::kOutpatient, {"C44.311", "Z85.828"}},
    // The "with" sibling whose "use additional code" names the symptom's own code ("urinary
    // retention (R33.8)" under N40.1): the sibling and that code (I.A.13).
    {"with-symptom-named-code", "BPH, urinary retention", CareSetting::kOutpatient, {"N40.1", "R33.8"}},
    {"without-symptom", "BPH", CareSetting::kOutpatient, {"N40.0"}},
    // "in ED" is the emergency department; "ED" as a problem is erectile dysfunction.
    {"ed-place", "Urinary retention, foley placed in ED", CareSetting::kOutpatient, {"R33.9"}},
    // The organism another code of the item names is the cause of its infection of
    // unspecified organism too (I.B.18, I.C.1.d.4): J13, not J18.9.
    {"organism-of-item", "Sepsis d/t pneumococcal pneumonia", CareSetting::kInpatient, {"A40.3", "J13"}},
    {"organism-not-named", "Sepsis d/t pneumonia", CareSetting::kInpatient, {"A41.9", "J18.9"}},
    // Sepsis with an acute organ dysfunction its item links to it: severe sepsis after the
    // systemic infection (I.C.1.d.1.a, I.C.1.d.4); not an organ dysfunction of another cause.
    {"severe-sepsis", "Sepsis d/t UTI w/ AKI", CareSetting::kInpatient, {"A41.9", "R65.20", "N39.0", "N17.9"}},
    {"sepsis-organ-dysfunction-other-cause", "Sepsis 2/2 UTI; AKI d/t dehydration", CareSetting::kInpatient,
     {"A41.9", "N39.0", "N17.9", "E86.0"}},
    // A fracture the record calls fragility or osteoporotic, or links to known osteoporosis:
    // M80 with the bone's site, side and encounter, not the traumatic fracture and M81
    // (I.C.13.d.1); osteoporosis NOS is age-related (M80.0-), a named other kind M80.8-; a
    // fracture after a fall with osteoporosis only listed stays traumatic.
    {"fragility-fracture", "L distal radius fragility fx; postmenopausal osteoporosis", CareSetting::kOutpatient,
     {"M80.032A"}},
    {"osteoporotic-vertebral-fracture", "Osteoporotic compression fx of L1 vertebra, initial encounter",
     CareSetting::kOutpatient, {"M80.08XA"}},
    {"osteoporosis-nos-age-related", "L1 compression fx d/t osteoporosis", CareSetting::kOutpatient, {"M80.08XA"}},
    {"osteoporosis-other-kind", "compression fx L1 d/t steroid-induced osteoporosis", CareSetting::kOutpatient,
     {"M80.88XA"}},
    {"traumatic-fracture-beside-osteoporosis",
     "Imp: closed displaced L intertrochanteric fx after mechanical fall\nPMH: age-related osteoporosis",
     CareSetting::kInpatient, {"S72.142A", "M81.0", "W18.30XA"}},
    // An artificial opening its line says the encounter manages: Z43.- first, not the status
    // Z93.- (I.C.21.c.3, Z93 Excludes1); an opening only present is its status.
    {"attention-to-opening", "Colostomy in place - here to plan colostomy takedown", CareSetting::kOutpatient,
     {"Z43.3"}},
    {"opening-status", "HTN; ileostomy in place", CareSetting::kOutpatient, {"I10", "Z93.2"}},
    // Antineoplastic therapy given at this encounter ("dose #2 today") is its reason: Z51.- first
    // (I.C.2.e.2); intravesical BCG is immunotherapy.
    {"therapy-given-today", "Bladder cancer, lateral wall\nBCG maintenance dose #2 today", CareSetting::kOutpatient,
     {"Z51.12", "C67.2"}},
    // Coronary atherosclerosis and angina in one record: I25.11- of the angina's kind
    // (I.C.9.b), from the atherosclerosis's own words or another line's angina.
    {"cad-with-stable-angina", "CAD native vessel w/ stable angina", CareSetting::kOutpatient, {"I25.118"}},
    {"cad-angina-other-line", "A/P:\n1. CAD\n2. Unstable angina - heparin", CareSetting::kOutpatient, {"I25.110"}},
    {"cad-angina-unspecified", "CAD native vessel w/ angina", CareSetting::kOutpatient, {"I25.119"}},
    {"cad-without-angina", "CAD, no angina", CareSetting::kOutpatient, {"I25.10"}},
    {"cad-angina-denied", "CAD w/o angina", CareSetting::kOutpatient, {"I25.10"}},
    {"cad-stable-angina-stent", "CAD w/ stable angina, DES to LAD 2022; nitro prn", CareSetting::kOutpatient,
     {"I25.118", "Z95.5"}},
    // "of" links two conditions a combination code names (I.B.9): anemia of CKD is D63.1.
    {"combination-of", "Anemia of CKD stage 4", CareSetting::kOutpatient, {"N18.4", "D63.1"}},
    {"story-history-no-impact", "Clinic visit\nHx basal cell carcinoma of back excised 2019.\nA/P: essential hypertension",
     CareSetting::kOutpatient, {"I10"}},
};

TEST_F(SuggestReal, Session15NotesCases) {
  for (const Case& c : kSession15NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 16, multi-line notes (note level): what a section contributes beside the assessment,
// an assessment that points back, and the first-listed code of a follow-up visit.
const Case kSession16NotesCases[] = {
    // A BMI the vitals, growth line or social lines document is coded beside the diagnosis it
    // supports (I.B.14), a child's by the percentile for age (Z68.5-); not without such a
    // diagnosis, nor in pregnancy (I.C.21.c.3, Z68).
    {"bmi-beside-obesity I.B.14", "Vitals: BMI 31.2\nA/P: Obesity - diet counseling", CareSetting::kOutpatient,
     {"E66.9", "Z68.31"}},
    {"bmi-without-diagnosis I.B.14", "Vitals: BMI 31.2\nA/P: Essential hypertension", CareSetting::kOutpatient, {"I10"}},
    {"bmi-in-pregnancy I.C.21.c.3",
     "Vitals: BMI 34\nA/P:\n1. Obesity complicating pregnancy, 2nd trimester\n2. 20 weeks gestation",
     CareSetting::kOutpatient, {"O99.212", "E66.9", "Z3A.20"}},
    {"bmi-pediatric-percentile I.B.14",
     "Well child visit\nGrowth: BMI 97th percentile for age\nA/P: Pediatric obesity - nutrition counseling",
     CareSetting::kOutpatient, {"E66.9", "Z68.54"}},
    {"bmi-pediatric-share-of-95th I.B.14",
     "Growth: BMI 26.1, 135% of the 95th percentile for age\nA/P: Severe obesity - nutrition referral",
     CareSetting::kOutpatient, {"E66.01", "Z68.55"}},
    // A current tobacco dependence the story or social history documents is a coexisting
    // condition that affects care (IV.J; Index: Smoker - see Dependence, drug, nicotine), and
    // names the product the assessment's "nicotine dependence" leaves out (I.B.1); not a
    // never, former or passive smoker.
    {"tobacco-beside-assessment IV.J",
     "ED note\n54 y/o F w/ chest wall pain after lifting. Smokes 1 ppd cigarettes.\nA/P:\n1. Chest wall pain - "
     "NSAID\n2. Hyperlipidemia - cont statin",
     CareSetting::kOutpatient, {"R07.89", "E78.5", "F17.210"}},
    {"tobacco-wants-to-quit IV.J", "SH: current smoker 1 ppd, wants to quit\nA/P: essential hypertension",
     CareSetting::kOutpatient, {"I10", "F17.210"}},
    {"tobacco-never IV.J", "SH: never smoker\nA/P: essential hypertension", CareSetting::kOutpatient, {"I10"}},
    {"tobacco-former IV.J", "SH: former smoker, quit 2015\nA/P: essential hypertension", CareSetting::kOutpatient, {"I10"}},
    {"tobacco-secondhand IV.J", "SH: exposed to secondhand smoke at home\nA/P: asthma, mild intermittent",
     CareSetting::kOutpatient, {"J45.20"}},
    {"tobacco-product-from-story I.B.1", "Smokes 1/2 ppd cigarettes.\nDx: nicotine dependence", CareSetting::kOutpatient,
     {"F17.210"}},
    // The assessment's first problem gone after completed treatment: the follow-up code first,
    // then the history code (I.C.21.c.8; I.C.2.d: a malignancy whose treatment is completed,
    // with no evidence of it, is its history); not where the first problem is current.
    {"follow-up-first I.C.21.c.8", "F/u visit\nA: Pneumonia - resolved, no residual.", CareSetting::kOutpatient,
     {"Z09", "Z87.01"}},
    {"follow-up-malignancy I.C.21.c.8", "A/P: L breast ca, treatment completed, NED - annual mammogram",
     CareSetting::kOutpatient, {"Z08", "Z85.3"}},
    {"current-first-problem IV.G", "A/P:\n1. Pneumonia - improving, finish antibiotics\n2. HTN", CareSetting::kOutpatient,
     {"J18.9", "I10"}},
    // An assessment that points back ("as above") is what the story and a procedure's findings
    // document (IV.A-C, III.B).
    {"assessment-as-above II",
     "Hospital course: admitted w/ acute on chronic diastolic heart failure exacerbation. Hypokalemia, repleted.\nDC dx: "
     "as above",
     CareSetting::kInpatient, {"I50.33", "E87.6"}},
    {"findings-as-above III.B",
     "Colonoscopy report\nIndication: rectal bleeding\nFindings: 8 mm polyp ascending colon, removed; sigmoid "
     "diverticulosis\nImp: as above",
     CareSetting::kOutpatient, {"K62.5", "K63.5", "K57.30"}},
    // "A/P" alone on its line is the assessment's heading: the story before it is not coded
    // for its own conditions (IV.A-C).
    {"assessment-heading-alone IV.C",
     "Psych f/u\n34 y/o F w/ MDD recurrent. EtOH 2-3 drinks on weekends, no problems.\nA/P\n- MDD, recurrent, mild - "
     "cont sertraline",
     CareSetting::kOutpatient, {"F33.0"}},
    // The assessment's unspecified code made specific by the story's reading of the same
    // condition in another category (I.B.1, I.A.9): every word of its condition in the
    // story's title; a symptom is not made a disease.
    {"detail-other-category I.B.1", "HPI: 36F w/ chronic hep C, genotype 1a.\nA/P: hep C - referral for treatment",
     CareSetting::kOutpatient, {"B18.2"}},
    {"detail-other-category I.B.1", "88 y/o M w/ vascular dementia, severe.\nA/P: dementia - behavior plan",
     CareSetting::kOutpatient, {"F01.C0"}},
    {"detail-from-imaging I.B.1", "ED\nXR: nondisplaced extraarticular fx L distal radius.\nImp: closed L distal radius fx - splint",
     CareSetting::kOutpatient, {"S52.552A"}},
    // Problems the assessment lists apart keep the provider's order against a "use additional
    // code" note (I.A.13 orders one condition's two codes; II: the condition chiefly
    // responsible for the admission first).
    {"listed-order II", "Dx: alcohol withdrawal delirium; alcoholic fatty liver", CareSetting::kInpatient,
     {"F10.231", "K70.0"}},
    // A drug the past history says the patient is on: Z79 (I.C.21.c.3).
    {"past-history-drug I.C.21.c.3", "PMH: atrial fibrillation on warfarin\nImpression: forehead laceration - repaired",
     CareSetting::kOutpatient, {"S01.81XA", "I48.91", "Z79.01"}},
    // An assessment of one problem, with what it ruled out or left uncertain, leaves the
    // coexisting chronic conditions to the past history (IV.J); a list of several does not.
    {"one-problem-qualified IV.J", "PMH: HTN, HLD\nImpression: chest pressure, ACS ruled out; possibly GERD-related",
     CareSetting::kOutpatient, {"R07.89", "I10", "E78.5"}},
    {"problem-list IV.J", "PMH: HTN, HLD\nA/P:\n1. Chest pressure - stress test\n2. GERD - PPI", CareSetting::kOutpatient,
     {"R07.89", "K21.9"}},
    // A joint replacement the story schedules is no status yet (I.C.21.c.3).
    {"scheduled-procedure-no-status I.C.21.c.3",
     "Preop eval\n74F scheduled for elective L TKA for primary OA L knee.\nA/P:\n1. Preoperative cardiovascular exam - "
     "acceptable risk\n2. Primary OA L knee",
     CareSetting::kOutpatient, {"Z01.810", "M17.12"}},
    // A vaccine named by its product or abbreviation, given at the visit: Z23 (I.C.21.c.2).
    {"vaccine-by-name I.C.21.c.2", "A/P: COPD - stable; PCV20 today", CareSetting::kOutpatient, {"J44.9", "Z23"}},
    // Vaccines given documented on a line of their own after the exam, or after the visit's
    // words in one item: Z23, the vaccines' diseases not the patient's, the visit coded.
    {"vaccines-line-after-exam I.C.21.c.2",
     "12 mo WCC\nExam: growth normal\nVaccines: MMR, varicella, Hep A, PCV #4 given\nA/P: well child",
     CareSetting::kOutpatient, {"Z00.129", "Z23"}},
    {"vaccines-after-visit I.C.21.c.2", "18 mo WCC - growth & development nl. DTaP, Hep A given", CareSetting::kOutpatient,
     {"Z00.129", "Z23"}},
    {"vaccines-same-item I.C.21.c.2", "WCC 4 y/o, normal exam, vaccines given", CareSetting::kOutpatient,
     {"Z00.129", "Z23"}},
};

TEST_F(SuggestReal, Session16NotesCases) {
  for (const Case& c : kSession16NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 16 (issue 10, codes that must not be reported, lines and notes alike:
// core/src/suggest_suppress.cpp). Each row names the class it covers and its section; the
// words are written for the rule, not taken from an evaluation item.
const Case kSession16SuppressCases[] = {
    // A word the text says is absent is no reading of a code that names it present (I.A.9):
    // "w/o" as "without".
    {"absent-word-not-read", "Generalized anxiety w/o panic disorder", CareSetting::kOutpatient, {"F41.1"}},
    {"absent-word-not-read", "Panic disorder w/o agoraphobia, on sertraline", CareSetting::kOutpatient, {"F41.0"}},
    {"absent-word-sibling", "Concussion w/o LOC, initial", CareSetting::kOutpatient, {"S06.0X0A"}},
    // "old" after an age ("6 mo old") gives the age, no condition ("Acquired septal defect (old)").
    {"age-old-not-a-condition", "2 mo old w/ VSD, cards f/u", CareSetting::kOutpatient, {"Q21.0"}},
    // A header with no unspecified child reached by words that name none of its kinds: its
    // residual "other" child, not the first kind listed (I.A.4, I.A.9.b).
    {"header-residual-other", "Seborrheic keratoses of trunk, reassured", CareSetting::kOutpatient, {"L82.1"}},
    {"header-residual-other", "Preoperative examination before hernia repair", CareSetting::kOutpatient,
     {"Z01.818", "K46.9"}},
    // A disease screened for is no diagnosis (I.C.21.c.5); a finding of the screening is.
    {"screening-not-disease", "Screening for hep C and syphilis - results negative", CareSetting::kOutpatient, {"Z11.3"}},
    // U07.1 of the item that names a post COVID-19 condition is the previous infection (I.C.1.g.1.m).
    {"post-covid-not-active", "Post COVID-19 loss of smell, COVID-19 5 months ago", CareSetting::kOutpatient, {"U09.9"}},
    {"covid-active", "COVID-19 pneumonia", CareSetting::kOutpatient, {"U07.1", "J12.82"}},
    // Z23 for a vaccine given, not one up to date (I.C.21.c.2); Z76.0 only for a visit for the
    // prescription alone, not beside the condition it manages (I.C.21.c.13).
    {"vaccine-up-to-date", "Well child 3 y/o, immunizations up to date", CareSetting::kOutpatient, {"Z00.129"}},
    {"vaccine-given", "Flu vaccine given today", CareSetting::kOutpatient, {"Z23"}},
    // Inpatient, an uncertain diagnosis is coded only while still uncertain at discharge;
    // a negative test on its line ruled it out (II.H).
    {"ruled-out-by-result", "Admitted r/o DVT - duplex negative", CareSetting::kInpatient, {}},
    {"uncertain-inpatient", "Admitted r/o DVT, duplex pending", CareSetting::kInpatient, {"I82.409"}},
    {"probable-keeps-other-negatives", "Probable viral pneumonia - blood cx neg, sputum cx neg", CareSetting::kInpatient,
     {"J12.9"}},
    // The state of healing in plan text describes this encounter: after active treatment, 7th
    // character D (I.C.19.a); a follow-up the plan schedules does not.
    {"healing-is-subsequent", "L distal radius fx, closed - in cast, healing well", CareSetting::kOutpatient, {"S52.502D"}},
    {"planned-follow-up-initial", "L distal radius fx, closed - cast, ortho f/u 1 wk", CareSetting::kOutpatient,
     {"S52.502A"}},
    // "Sepsis, unspecified organism" beside a sepsis code that names its kind (I.B.18).
    {"organism-named", "Gram negative sepsis, severe sepsis w/ AKI", CareSetting::kInpatient, {"A41.50", "R65.20", "N17.9"}},
    // The unspecified code of a category beside its specific code on the same line, a plan's
    // reading included (I.A.9).
    {"unspecified-of-line", "strep pharyngitis - rapid strep +, amoxicillin", CareSetting::kOutpatient, {"J02.0"}},
    {"unspecified-of-line", "hyperlipidemia, mixed - LDL 190, start statin", CareSetting::kOutpatient, {"E78.2"}},
    // A symptom the Tabular classifies in a body-system chapter, beside a diagnosis of its
    // item and system (I.B.4-5); a numbered list keeps each entry.
    {"body-system-symptom", "Acute otitis media R ear w/ ear pain", CareSetting::kOutpatient, {"H65.01"}},
    {"body-system-symptom", "PTSD w/ nightmares, on prazosin", CareSetting::kOutpatient, {"F43.10"}},
    {"body-system-symptom-listed", "1. Kidney stone 2. Nightmares", CareSetting::kOutpatient, {"N20.0", "F51.5"}},
    {"refill-beside-condition", "Hypothyroidism, stable on levothyroxine, refilled x 90 days", CareSetting::kOutpatient,
     {"E03.9"}},
};

TEST_F(SuggestReal, Session16SuppressCases) {
  for (const Case& c : kSession16SuppressCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 17 (issue 10, the right code of the category): a code found by the search yields to
// the code of its category whose Index subterm or Tabular title reads more of the line's words
// no other code reads (suggest_sibling.cpp; I.B.1, I.B.2, I.A.9.b); and the guards that keep
// a code the text's other words do not decide.
const Case kSession17SiblingCases[] = {
    // More of the line's words: a severity, a site count, the episode's severity (I.B.2).
    {"documented-detail I.B.2", "Anorexia nervosa, restricting type, moderate. weekly weights", CareSetting::kOutpatient,
     {"F50.011"}},
    {"documented-detail I.B.2", "Depression, single episode, moderate. start sertraline", CareSetting::kOutpatient, {"F32.1"}},
    {"documented-detail I.B.2", "RA seropositive, multiple sites, on MTX", CareSetting::kOutpatient, {"M05.79", "Z79.631"}},
    {"documented-detail I.B.2", "Supervision of pregnancy, AMA 37 y/o G2P1, 20 wks", CareSetting::kOutpatient,
     {"O09.522", "Z3A.20"}},
    // An Index subterm of the code's own entry that reads the same words and says nothing else
    // (Mononucleosis, infectious, Epstein-Barr: I.B.1).
    {"documented-detail I.B.1", "EBV mono, monospot positive, no contact sports", CareSetting::kOutpatient, {"B27.00"}},
    // Words the search put apart asked again with the code's own ("UC" + "pancolitis").
    {"documented-detail I.B.2", "UC pancolitis in remission on mesalamine 2.4g", CareSetting::kOutpatient, {"K51.00"}},
    // A word the code reads only as a nonessential modifier of its Index entry (I.A.7).
    {"documented-detail I.A.7", "Familial DCM, EF 30%", CareSetting::kOutpatient, {"I42.01"}},
    // Both sides where the bilateral condition has a subcategory of its own (I.B.13).
    {"laterality I.B.13", "Primary OA both knees, R worse than L", CareSetting::kOutpatient, {"M17.0"}},
    // Loss of consciousness: its duration in the Tabular's bands, or its absence (I.B.2).
    {"loss-of-consciousness I.B.2", "Traumatic subdural hematoma, LOC approx 20 min",
     CareSetting::kInpatient, {"S06.5X1A"}},
    {"loss-of-consciousness I.B.2", "Traumatic SDH, denies LOC, initial encounter", CareSetting::kInpatient, {"S06.5X0A"}},
    {"loss-of-consciousness I.B.2", "concussion w/ LOC ~5 min after MVC", CareSetting::kInpatient, {"S06.0X1A"}},
    {"loss-of-consciousness I.B.2",
     "ADMISSION H&P\nFell at home, struck head. No LOC per wife.\nCT head: small acute R subdural hematoma\nA/P: traumatic "
     "SDH - neurosurgery consult",
     CareSetting::kInpatient, {"S06.5X0A"}},
    // What a general examination found, written after it on its line, is coded, and the
    // examination is "with abnormal findings" (I.C.21.c.13).
    {"exam-with-findings I.C.21.c.13", "Annual physical - elevated BP today, recheck 2 wk", CareSetting::kOutpatient,
     {"Z00.01", "R03.0"}},
    {"exam-with-findings I.C.21.c.13", "6 mo WCC - diaper dermatitis noted, zinc cream", CareSetting::kOutpatient,
     {"Z00.121", "L22"}},
    {"exam-with-findings guard I.C.21.c.13", "Annual physical - all normal, labs ordered", CareSetting::kOutpatient,
     {"Z00.00"}},
    // Diabetes documented as poorly controlled: the Index's "with hyperglycemia" (I.C.4.a).
    {"diabetes-poorly-controlled I.C.4.a", "T2DM, A1c 9.8 - poorly controlled, increase glipizide", CareSetting::kOutpatient,
     {"E11.65", "Z79.84"}},
    // Guards: a title word that negates the text's word ("abnormal findings" for "normal
    // findings"), dominance (I.C.6.a, its own rule) and a code of equal words by a title that
    // only says more ("with esophagitis") move nothing.
    {"documented-detail guard I.C.21.c.13", "Annual exam, 50 yo, normal findings", CareSetting::kOutpatient, {"Z00.00"}},
    {"documented-detail guard I.C.6.a", "R hemiparesis (R-hand dominant) from old L MCA stroke", CareSetting::kOutpatient,
     {"I69.351"}},
    {"documented-detail guard I.A.9", "GERD, symptoms controlled on PPI", CareSetting::kOutpatient, {"K21.9"}},
};

TEST_F(SuggestReal, Session17SiblingCases) {
  for (const Case& c : kSession17SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

}  // namespace

namespace {

// Session 17 (issue 10, forbidden codes other than the wrong sibling: core/src/suggest_suppress.cpp).
// Each row names the mechanism it covers and its section; the words are written for the rule,
// not taken from an evaluation item.
const Case kSession17SuppressCases[] = {
    // A condition's Index term's own code beside the code one of its subterms gives
    // ("Hypothyroidism, autoimmune - see Thyroiditis, autoimmune" E06.3; "Hepatitis, C,
    // chronic" B18.2): the combination code says both (I.B.9).
    {"index-combination", "Autoimmune thyroiditis with hypothyroidism, on levothyroxine", CareSetting::kOutpatient,
     {"E06.3"}},
    {"index-combination", "Hypothyroidism due to autoimmune thyroiditis", CareSetting::kOutpatient, {"E06.3"}},
    {"index-combination", "Chronic hepatitis C, HCV viral load pending", CareSetting::kOutpatient, {"B18.2"}},
    // Not where the combination's notes ask for the other code ("code also" the infection:
    // I.A.12-13), nor across the entries of a numbered list (each its own problem).
    {"index-combination-code-also", "COPD with acute bronchitis, on albuterol", CareSetting::kOutpatient,
     {"J44.0", "J20.9"}},
    {"index-combination-listed", "1. Hypothyroidism 2. Autoimmune thyroiditis", CareSetting::kOutpatient,
     {"E03.9", "E06.3"}},
    // Type 1 diabetes takes no code of its control: E10 has no "use additional code" note for
    // Z79.4 as E11 has (I.C.4.a.3, I.A.12-13).
    {"type-1-no-control-code", "DM1 w/ hypoglycemia, long-term insulin use", CareSetting::kOutpatient, {"E10.649"}},
    {"type-2-control-code", "DM2 w/ hypoglycemia, long-term insulin use", CareSetting::kOutpatient, {"E11.649", "Z79.4"}},
    // A condition the provider says is not suspected is ruled out, not coded (IV.H).
    {"not-suspected-ruled-out", "Viral URI; pneumonia not suspected", CareSetting::kOutpatient, {"J06.9"}},
    // A device placed during this stay is the procedure, not a status from past treatment
    // (I.C.21.c.3); one placed in a past year is.
    {"device-placed-this-stay", "Sick sinus syndrome, dual chamber pacemaker placed HD2", CareSetting::kInpatient,
     {"I49.5"}},
    {"device-status", "Sick sinus syndrome s/p pacemaker 2019", CareSetting::kInpatient, {"I49.5", "Z95.0"}},
    {"device-status-temperature", "CAD s/p CABG 2019, temp 37.1, no angina", CareSetting::kInpatient,
     {"I25.10", "Z95.1"}},
    // Excludes1 with equal evidence: the condition the line names first stays, not what the
    // line then says of it ("N91 Excludes1 ovarian dysfunction (E28.-)"); a cause named with
    // "with" after it stays too (I.A.12.a).
    // Supervision of a pregnancy at 35 or older is O09.5- (the Tabular's note), which Z34
    // excludes (I.C.15.b.1); younger, Z34.
    {"elderly-pregnancy", "38 yo primigravida at 10 wks, routine prenatal visit", CareSetting::kOutpatient,
     {"O09.511", "Z3A.10"}},
    {"elderly-pregnancy", "41 y/o G3P2 at 30 wks, routine prenatal visit", CareSetting::kOutpatient, {"O09.523", "Z3A.30"}},
    {"normal-pregnancy", "28 yo primigravida at 10 wks, routine prenatal visit", CareSetting::kOutpatient,
     {"Z34.01", "Z3A.10"}},
    // A condition treated and gone is its history (I.C.21.c.4); one that recurred or is still
    // treated is current.
    {"treated-and-gone", "Chronic hepatitis C treated with sofosbuvir 2022, SVR achieved", CareSetting::kOutpatient,
     {"Z86.19"}},
    {"treated-and-gone", "Atrial flutter s/p ablation 2021, in sinus rhythm", CareSetting::kOutpatient, {"Z86.79"}},
    {"treated-but-current", "Atrial flutter s/p ablation 2021, recurrent, on apixaban", CareSetting::kOutpatient,
     {"I48.92", "Z79.01"}},
    {"treated-still-on-drug", "AFib s/p cardioversion, now in sinus rhythm, on apixaban", CareSetting::kOutpatient,
     {"I48.91", "Z79.01"}},
    // A symptom in parentheses after a condition is its presentation (I.B.4-5), unless the
    // condition's notes ask for its symptoms (N40.1: "use additional code for associated
    // symptoms").
    {"symptom-in-parentheses", "Symptomatic bradycardia (dizziness)", CareSetting::kOutpatient, {"R00.1"}},
    {"symptoms-asked-for", "BPH (nocturia, weak stream), on tamsulosin", CareSetting::kOutpatient,
     {"N40.1", "R35.1", "R39.12"}},
    {"excludes1-first-named-kept", "PCOS with oligomenorrhea, stable", CareSetting::kOutpatient,
     {"E28.2"}},
    {"excludes1-first-named-kept", "SIADH with hyponatremia", CareSetting::kOutpatient, {"E22.2"}},
};

TEST_F(SuggestReal, Session17SuppressCases) {
  for (const Case& c : kSession17SuppressCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 18 (the lead's): each row naming the class it fixes.
const Case kSession18LeadCases[] = {
    // A lexicon phrase does not read across a comma of the note (the search keeps it): type 1
    // diabetes on insulin is E10.9 with no Z79.4 (I.C.4.a.3), not a presymptomatic stage.
    {"lexicon-phrase-comma I.C.4.a.3", "Type 1 diabetes, on insulin", CareSetting::kOutpatient, {"E10.9"}},
    // A misspelling keeps its first letter: a word is corrected stem to stem only to a word
    // that begins with the same letter ("police" is no "colic").
    {"spelling-first-letter", "brought in by police, slurred speech", CareSetting::kOutpatient, {"R47.1"}},
    // An eponym's Index term is not read from the name written as an ordinary word.
    {"eponym-as-word", "Celiac dz, strict GF diet, tTG trending down", CareSetting::kOutpatient, {"K90.0"}},
    {"eponym-as-word", "Cirrhosis, still drinking daily", CareSetting::kOutpatient, {"K74.60"}},
    {"eponym-written", "Pt w/ Down's, here for f/u", CareSetting::kOutpatient, {"Q90.9"}},
    {"eponym-written", "Still's disease", CareSetting::kOutpatient, {"M08.20"}},
    {"eponym-alone", "tick bite, lyme", CareSetting::kOutpatient, {"S60.469A", "A69.20", "W57.XXXA"}},
    {"eponym-alone", "alzheimer", CareSetting::kOutpatient, {"G30.9", "F02.80"}},
    {"eponym-as-word", "OSA on CPAP, AHI 4 on device", CareSetting::kOutpatient, {"G47.33"}},
    {"eponym-corrected", "ASA held 3 d, resumed", CareSetting::kOutpatient, {}},
    // "dermatome" is the skin a nerve supplies (lexicon, anat), not the start of "Dermatomegaly".
    {"anatomy-word", "Herpes zoster L T10 dermatome", CareSetting::kOutpatient, {"B02.9"}},
    // A follow-up after completed treatment is for a condition gone (I.C.21.c.8): beside one
    // its line documents, the condition is the reason; a course completed and the condition
    // resolved (outpatient) is its history (I.C.21.c.4).
    {"follow-up-beside-condition I.C.21.c.8", "hospital follow up, CHF exacerbation, now compensated",
     CareSetting::kOutpatient, {"I50.9"}},
    {"treated-and-gone I.C.21.c.4", "UTI, completed abx, sx resolved", CareSetting::kOutpatient, {"Z87.440"}},
    {"treated-in-stay II", "UTI, completed abx, sx resolved", CareSetting::kInpatient, {"N39.0"}},
    // A urine drug screen in the care of a condition is that care, not a Z02.83 encounter (I.C.21.c.16).
    {"first-listed-only-z I.C.21.c.16", "Opioid dependence on Suboxone, UDS appropriate", CareSetting::kOutpatient,
     {"F11.20"}},
    // A procedure done in this encounter or only planned is not a status (I.C.21.c.3).
    {"status-this-stay I.C.21.c.3", "Inferior STEMI, s/p emergent PCI", CareSetting::kOutpatient, {"I21.19"}},
    {"status-planned I.C.21.c.3", "Pre-op clearance for elective lap chole, HTN controlled", CareSetting::kOutpatient,
     {"Z01.818", "I10"}},
    {"status-planned I.C.21.c.3", "Scheduled for R TKA next month, OA R knee", CareSetting::kOutpatient, {"M17.11"}},
    {"status-past I.C.21.c.3", "s/p lap chole 2019", CareSetting::kOutpatient, {"Z90.49"}},
    // A Table of Drugs row is the cause only with its kind said: alcohol drunk is not "Alcohol,
    // diagnostic (gastric function)", a virus is not "Vaccine NEC, respiratory syncytial virus"
    // (I.C.19.e.5(a): the adverse effect of a drug properly given).
    {"drug-table-kind I.C.19.e.5(a)", "Acute alcohol-induced pancreatitis w/o necrosis", CareSetting::kOutpatient, {"K85.20"}},
    {"drug-table-kind I.C.19.e.5(a)", "Acute bronchitis d/t RSV", CareSetting::kOutpatient, {"J20.5"}},
    {"drug-table-kind I.C.19.e.5(a)", "Rash from amoxicillin", CareSetting::kOutpatient, {"L27.0", "T36.0X5A"}},
    // A comma piece that is a ruling-out alone governs the piece before it (IV.H); "resolved"
    // alone does not (a condition treated in the stay is coded).
    {"ruled-out-piece IV.H", "PE, ruled out", CareSetting::kOutpatient, {}},
    {"ruled-out-piece IV.H", "Strep pharyngitis, unlikely", CareSetting::kOutpatient, {}},
    {"resolved-piece II.H", "Hyponatremia, resolved", CareSetting::kInpatient, {"E87.1"}},
    // An injury of unspecified body region (T14) beside the code that says where (I.B.3).
    {"unspecified-region-injury I.B.3", "Forehead lac 2 cm, sutured\nWound care instructions given", CareSetting::kOutpatient,
     {"S01.81XA"}},
    {"unspecified-region-injury I.A.9", "Open wound, site not documented", CareSetting::kOutpatient, {"T14.8XXA"}},
    // What was looked for and "not proven" / "not confirmed" is not coded, inpatient too (II.H
    // codes an uncertain diagnosis still thought likely, not one the workup did not confirm).
    {"not-confirmed II.H", "PE not confirmed, CTA neg", CareSetting::kInpatient, {}},
    // An observation code beside a diagnosis: the diagnosis, not the observation (I.C.21.c.6).
    {"observation-beside-diagnosis I.C.21.c.6",
     "ED NOTE\n44M brought in, BAL 262.\nAlcohol dependence.\nObserved until clinically sober, d/c w/ resources.",
     CareSetting::kOutpatient, {"F10.20"}},
};

TEST_F(SuggestReal, Session18LeadCases) {
  for (const Case& c : kSession18LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 19 (the lead's): each row naming the class it fixes.
const Case kSession19LeadCases[] = {
    // A parenthesis bounds a negation's, rule-out's, uncertainty's or history's scope (NegEx;
    // IV.H, I.C.21.c.4): the condition before it is coded.
    {"parenthesis-scope IV.H", "T1DM w/ hypoglycemia (no coma)", CareSetting::kOutpatient, {"E10.649"}},
    {"parenthesis-scope IV.H", "BPH (no LUTS)", CareSetting::kOutpatient, {"N40.0"}},
    {"parenthesis-scope IV.H", "Chest pain (r/o MI)", CareSetting::kOutpatient, {"R07.9"}},
    {"parenthesis-scope I.C.21.c.4", "CAD (h/o MI)", CareSetting::kOutpatient, {"I25.10", "I25.2"}},
    {"parenthesis-scope IV.H", "Anemia (no bleeding), CKD 3", CareSetting::kOutpatient, {"D64.9", "N18.30"}},
    {"parenthesis-scope III.C", "AKI (ATN not proven)", CareSetting::kInpatient, {"N17.9"}},
    // A normal finding ("TM intact", "NV intact", "TSH wnl") is no condition of the structure
    // or test it names (III.B: abnormal findings are coded only when the provider calls them
    // significant; these are not abnormal).
    {"normal-finding III.B", "TM intact", CareSetting::kOutpatient, {}},
    {"normal-finding III.B", "NV intact", CareSetting::kOutpatient, {}},
    {"normal-finding III.B", "Hypothyroidism on levothyroxine; TSH wnl, no change", CareSetting::kOutpatient, {"E03.9"}},
    {"normal-finding III.B", "L wrist sprain, neurovascularly intact", CareSetting::kOutpatient, {"S63.502A"}},
    // A relative who tells or brings is an informant of the patient's own story, not a family
    // history (Z80-Z84 are for a relative's condition).
    {"informant-not-family I.C.21.c.4", "Mom says he has had ear pain x2 days", CareSetting::kOutpatient, {"H92.09"}},
    {"informant-not-family I.C.21.c.4", "4 yo brought in by mom for ear pain, AOM R", CareSetting::kOutpatient, {"H66.91"}},
    {"informant-not-family I.C.21.c.4", "Dad states child has been wheezing", CareSetting::kOutpatient, {"R06.2"}},
    {"family-history I.C.21.c.4", "Mom has asthma", CareSetting::kOutpatient, {"Z82.5"}},
    {"informant-not-family I.C.21.c.4", "here with mom for fever and cough", CareSetting::kOutpatient, {"R50.9", "R05.9"}},
    // A count of days is how long, not the words of an Index term ("Three-day fever" A93.1,
    // "Five-day fever" A79.0, "Fort Bragg fever" from "fever for").
    {"duration-not-words I.B.4", "fever x3 days", CareSetting::kOutpatient, {"R50.9"}},
    {"duration-not-words I.B.4", "fever and cough for five days", CareSetting::kOutpatient, {"R50.9", "R05.9"}},
    {"duration-not-words I.B.4", "fever for the past 2 days", CareSetting::kOutpatient, {"R50.9"}},
    // The "with" presumption links a condition the Index names under "Diabetes, with"; a
    // catch-all ("kidney complications NEC") or a title read by site words alone needs the
    // provider's link (I.A.15, I.C.4.a).
    {"with-named-only I.A.15", "DM2, myopia", CareSetting::kOutpatient, {"E11.9", "H52.10"}},
    {"with-named-only I.A.15", "DM2, kidney stone", CareSetting::kOutpatient, {"E11.9", "N20.0"}},
    {"with-linked I.A.15", "DM2, kidney stone d/t DM", CareSetting::kOutpatient, {"E11.29"}},
    {"with-named I.A.15", "DM2, CKD 3a", CareSetting::kOutpatient, {"E11.22", "N18.31"}},
    // "HD" with its schedule is hemodialysis (Z99.2, I.C.21.c.3), not Huntington disease (lexicon).
    {"abbreviation-sense I.C.21.c.3", "ESRD 2/2 DM2, HD MWF", CareSetting::kOutpatient, {"E11.22", "N18.6", "Z99.2"}},
};

TEST_F(SuggestReal, Session19LeadCases) {
  for (const Case& c : kSession19LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21: misc
// The second condition lost and the code a note asks for: hypertension with a heart condition
// it is presumed to cause (I.C.9.a.1: I11.9, which includes LVH), hypertensive CKD of no
// documented stage (I12's "use additional code": N18.9, I.C.9.a.2), and two codes of one
// category naming one axis each where one sibling names both (I.B.9).
const Case kSession21MiscCases[] = {
    {"other hypertension-heart-involvement I.C.9.a.1", "HTN, LVH", CareSetting::kOutpatient, {"I11.9"}},
    {"other hypertension-heart-involvement I.C.9.a.1", "HTN w/ RVH", CareSetting::kOutpatient, {"I11.9"}},
    {"other hypertension-heart-involvement I.C.9.a.1", "HTN and LAE", CareSetting::kOutpatient, {"I11.9"}},
    // "LVH" reads first as the left ventricle's hypertrophy (lexicon, as "RVH"): kept beside HTN.
    {"other lexicon-lvh I.C.9.a.1", "HTN w/ LVH on echo, no hx of heart failure", CareSetting::kOutpatient, {"I11.9"}},
    {"lexicon-lvh", "anemia w/ LVH", CareSetting::kOutpatient, {"D64.9", "I51.7"}},
    {"other hypertension-heart-ckd I.C.9.a.3", "HTN, LVH, CKD stage 3a", CareSetting::kOutpatient, {"I13.10", "N18.31"}},
    {"other hypertension-ckd-unstaged I.C.9.a.2", "HTN, CKD", CareSetting::kOutpatient, {"I12.9", "N18.9"}},
    {"sibling both-axes I.B.9", "saddle PE w/ RV strain - acute cor pulmonale", CareSetting::kInpatient, {"I26.02"}},
};

TEST_F(SuggestReal, Session21MiscCases) {
  for (const Case& c : kSession21MiscCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21 (issue 10, forbidden codes: the wrong sibling or an extra code beside a stated
// detail, OB, renal, psych, ortho): Tabular inclusion terms, the Index's subterms and the
// guidelines' definitions decide the code of the category.
const Case kSession21ObCases[] = {
    // CKD requiring chronic dialysis is ESRD (N18.6's inclusion term, I.C.14.a.1): dialysis-esrd.
    {"sibling dialysis-esrd I.C.14.a.1", "CKD 4 on HD TTS via R arm AVF", CareSetting::kOutpatient, {"N18.6", "Z99.2"}},
    {"sibling dialysis-esrd-none I.C.14.a.1", "CKD 3b, no dialysis", CareSetting::kOutpatient, {"N18.32"}},
    // An outpatient visit weeks after delivery is routine postpartum follow-up, not care
    // immediately after delivery (an admission, I.C.15.o.4): postpartum-visit.
    {"sibling postpartum-visit I.C.15.o.4", "6 week postpartum visit, doing well", CareSetting::kOutpatient, {"Z39.2"}},
    // "Mild or moderate severity, unspecified" with the severity documented (F31.32): severity.
    {"sibling bipolar-severity I.A.9", "Bipolar I disorder, current episode depressed, moderate severity",
     CareSetting::kOutpatient, {"F31.32"}},
    // Pregnancy, complicated by, pyelonephritis O23.0- ("acute" no kind the entry tells apart),
    // not O99.83 (the first "other" child of O99.8): pregnancy-chapter.
    {"sibling pregnancy-pyelonephritis I.C.15.a.1", "28 wks pregnant w/ acute pyelonephritis", CareSetting::kInpatient,
     {"O23.03", "Z3A.28"}},
    // Hyperemesis gravidarum, with dehydration O21.1 says both: not O21.0 beside it (I.B.9;
    // chapter 15's Z3A note asks for no chapter 15 code): index-combination.
    {"other hyperemesis-with-dehydration I.B.9", "8 wk IUP, hyperemesis gravidarum w/ dehydration", CareSetting::kInpatient,
     {"O21.1", "Z3A.08"}},
    {"other hyperemesis-alone I.B.9", "10 wk IUP, hyperemesis gravidarum", CareSetting::kInpatient, {"O21.0", "Z3A.10"}},
    // Fracture, pathological, due to neoplastic disease M84.5-: neoplastic-fracture.
    {"sibling neoplastic-fracture Index", "Pathologic fx R humerus d/t multiple myeloma", CareSetting::kInpatient,
     {"M84.521A", "C90.00"}},
    {"sibling pathologic-fracture-nec Index", "Pathologic fx R humerus, no known malignancy", CareSetting::kInpatient,
     {"M84.421A"}},
};

TEST_F(SuggestReal, Session21ObCases) {
  for (const Case& c : kSession21ObCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21, round 2 (issue 10, forbidden codes): a see-reference that names the Index's
// connecting word with its term ("see Calculus, gallbladder, with cholecystitis, acute", where
// the Index prints "with" as a subterm level of its own, I.A.15) leads to the whole path:
// see-connective.
const Case kSession21ObCases2[] = {
    {"sibling see-connective I.A.15", "Acute cholecystitis with cholelithiasis, no obstruction", CareSetting::kOutpatient,
     {"K80.00"}},
    {"sibling see-connective-alone I.A.15", "Cholelithiasis, no cholecystitis", CareSetting::kOutpatient, {"K80.20"}},
};

TEST_F(SuggestReal, Session21ObCases2) {
  for (const Case& c : kSession21ObCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 24: multi-line notes (issue 10, forbidden codes), the detail on another line: an
// operative note's diagnosis headings and the side its procedure line names, a sibling's own
// title words on a story line, a story's code read without the side its line gave, a seizure
// disorder's intractability in the history, a leukemia's remission on another line, and an
// assessment that refers to the story above; each with its counter-case.
TEST_F(SuggestReal, Session24NotesCases) {
  const Case cases[] = {
      // "Pre-op dx:" is a diagnosis heading ("Post-op dx: same" codes nothing: no R69), and the
      // procedure line naming the condition gives its side (I.B.13): op-note-side; a procedure
      // line that names the side of something else gives none.
      {"sibling op-note-side I.B.13",
       "OPERATIVE NOTE\nPre-op dx: carpal tunnel syndrome\nPost-op dx: same\nProcedure: LEFT endoscopic carpal tunnel release",
       CareSetting::kOutpatient, {"G56.02"}},
      {"sibling op-note-side-other I.B.13",
       "OPERATIVE NOTE\nPre-op dx: carpal tunnel syndrome\nPost-op dx: same\nProcedure: endoscopic carpal tunnel release; L "
       "knee injection",
       CareSetting::kOutpatient, {"G56.00"}},
      // Lexicon: the long finger is the middle finger (M65.33-).
      {"sibling long-finger I.B.13", "trigger finger, R long finger", CareSetting::kOutpatient, {"M65.331"}},
      // One sibling's own title words on a story line ("superficial incisional": O86.01) (I.B.1):
      // sibling-words; a story that says none keeps the unspecified code.
      {"sibling sibling-words I.B.1",
       "OB READMISSION\nHPI: POD 6 s/p cesarean. Erythema and purulent drainage at incision; fascia intact - superficial "
       "incisional.\nDx: infected cesarean wound",
       CareSetting::kInpatient, {"O86.01"}},
      {"sibling sibling-words-none I.B.1",
       "OB READMISSION\nHPI: POD 6 s/p cesarean. Erythema and purulent drainage at incision.\nDx: infected cesarean wound",
       CareSetting::kInpatient, {"O86.00"}},
      // Intractable in the history, in the Tabular's words under G40 (I.A.9): story-intractable;
      // not where the assessment says it is not, nor from another condition's "refractory".
      {"sibling story-intractable I.A.9",
       "EPILEPSY CLINIC\nHPI: focal seizures w/ impaired awareness monthly despite 3 drugs - pharmacoresistant.\nA/P: focal "
       "symptomatic epilepsy w/ complex partial seizures - refer for surgery",
       CareSetting::kOutpatient, {"G40.219"}},
      {"sibling story-intractable-denied I.A.9",
       "EPILEPSY CLINIC\nHPI: focal seizures w/ impaired awareness monthly despite 3 drugs - pharmacoresistant.\nA/P: focal "
       "symptomatic epilepsy w/ complex partial seizures, not intractable - refer for surgery",
       CareSetting::kOutpatient, {"G40.209"}},
      {"sibling story-intractable-other I.A.9",
       "EPILEPSY CLINIC\nHPI: refractory hypertension on 4 drugs.\nA/P: focal symptomatic epilepsy w/ complex partial seizures "
       "- cont levetiracetam",
       CareSetting::kOutpatient, {"G40.209"}},
      // A result's reading after " - " whose side is in the piece before it has the
      // assessment's side (I.B.13, I.B.1): story-side.
      {"sibling story-side I.B.13",
       "URGENT CARE\nImaging: XR L wrist - nondisplaced fx through the waist of the scaphoid\nA/P: Closed scaphoid fx, L - "
       "thumb spica cast",
       CareSetting::kOutpatient, {"S62.025A"}},
      // A leukemia's remission on another line (I.C.2.n): leukemia-remission; not one aimed at.
      {"sibling leukemia-remission I.C.2.n",
       "HEME F/U\nDx: CLL, treated 2020.\nToday: exam and labs c/w complete remission.\nA/P: CLL - observation",
       CareSetting::kOutpatient, {"C91.11"}},
      {"sibling leukemia-remission-goal I.C.2.n",
       "HEME F/U\nDx: CLL, on ibrutinib.\nToday: partial response, goal is complete remission.\nA/P: CLL - continue ibrutinib",
       CareSetting::kOutpatient, {"C91.10"}},
  };
  for (const Case& c : cases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
  // An assessment that refers to the story above ("Colon cancer as above") reads its history
  // line's detail (I.B.1): as-above.
  const auto above = Codes("ONCOLOGY ADMISSION\nOncologic hx: adenocarcinoma of the ascending colon, stage III\nA/P: Colon "
                           "cancer as above - cycle 2 FOLFOX",
                           CareSetting::kInpatient);
  ASSERT_FALSE(above.empty());
  EXPECT_EQ(above.front(), "C18.2") << "as-above I.B.1";
}

// Session 23: multi-line notes (issue 10, forbidden codes), the detail on another line or
// item of the note: a drug course the past history says was completed, a leukemia's relapse, a
// heart failure's course in an item of its own, an ulcer's kind in an endoscopy's results, a
// pneumonia's organism from its sputum culture, gestational diabetes' one control, and a
// postpartum readmission's outcome and weeks.
const Case kSession23NotesCases[] = {
    // A drug course the past history says is over: no long-term use (I.C.21.c.3):
    // completed-drug; a drug the patient is on keeps it.
    {"other completed-drug I.C.21.c.3",
     "CLINIC F/U\nPMH: R breast CA 2011 s/p lumpectomy, completed 5 yr tamoxifen 2016, NED; hypothyroidism\nMeds: "
     "levothyroxine 50\nA/P:\n1. Hypothyroidism - same dose\n2. Hx breast CA - mammogram",
     CareSetting::kOutpatient, {"E03.9", "Z85.3"}},
    {"other completed-drug-current I.C.21.c.3",
     "CLINIC F/U\nPMH: R breast CA 2024 s/p lumpectomy, on tamoxifen; hypothyroidism\nA/P:\n1. Hypothyroidism - same dose\n2. "
     "Hx breast CA - mammogram",
     CareSetting::kOutpatient, {"E03.9", "Z79.810", "Z85.3"}},
    // A relapse the history documents of the leukemia the assessment names (I.C.2.n):
    // leukemia-relapse; not a relapse watched for.
    {"sibling leukemia-relapse I.C.2.n",
     "HEME ADMISSION\nHPI: 58M w/ AML. CR1 2024 after 7+3. Marrow 11/2026: 35% blasts - relapse.\nA/P: AML - salvage "
     "blinatumomab",
     CareSetting::kOutpatient, {"C92.02"}},
    {"sibling leukemia-relapse-watched I.C.2.n",
     "HEME ADMISSION\nHPI: 58M w/ AML. CR1 2024 after 7+3. Marrow 11/2026 - monitor for relapse.\nA/P: AML - maintenance",
     CareSetting::kOutpatient, {"C92.00"}},
    // A course in an item of its own on the heart failure's entry (I.A.9): course-item; an
    // item that names another condition lends none.
    {"sibling course-item I.A.9", "CARDIOLOGY F/U\n1. HFrEF - EF 30%; on carvedilol; chronic, compensated\n2. Hyperlipidemia - statin",
     CareSetting::kOutpatient, {"I50.22", "E78.5"}},
    {"sibling course-item-other I.A.9", "CARDIOLOGY F/U\n1. HFrEF - EF 30%; acute kidney injury\n2. Hyperlipidemia - statin",
     CareSetting::kOutpatient, {"I50.20", "N17.9", "E78.5"}},
    // "Chronic or unspecified ulcer with hemorrhage" and an acute ulcer in the endoscopy's
    // results: the acute ulcer with hemorrhage (I.B.1): ulcer-kind; an "EGD today:" line after
    // the medication list is a result, read as the story (endoscopy-heading).
    {"sibling ulcer-kind I.B.1",
     "GI NOTE\nEGD: 1 cm acute ulcer in duodenal bulb w/ visible vessel - clips.\nA/P:\n1. Bleeding duodenal ulcer - PPI bid",
     CareSetting::kOutpatient, {"K26.0"}},
    {"sibling endoscopy-heading I.B.1",
     "GI CONSULT\nMeds: aspirin 81 mg daily, metoprolol\nEGD today: 2 cm acute ulcer of gastric body w/ visible vessel - "
     "clipped.\nA/P:\n1. Bleeding gastric ulcer - PPI gtt",
     CareSetting::kOutpatient, {"K25.0", "Z79.82"}},
    // The organism a sputum culture grew is the pneumonia's (I.B.18): sputum-organism; not
    // a blood culture's.
    {"sibling sputum-organism I.B.18",
     "ADMISSION\nCXR: RLL infiltrate. Sputum cx: Pseudomonas aeruginosa.\nA/P:\n1. RLL pneumonia - ceftriaxone",
     CareSetting::kOutpatient, {"J15.1"}},
    {"sibling sputum-organism-blood I.B.18", "ADMISSION\nCXR: RLL infiltrate. Blood cx: E. coli.\nA/P:\n1. RLL pneumonia - ceftriaxone",
     CareSetting::kOutpatient, {"J18.9"}},
    {"sibling sputum-organism-both I.B.18",
     "ADMISSION\nCXR: RLL infiltrate. Sputum cx: Pseudomonas aeruginosa. Blood cx: E. coli.\nA/P:\n1. RLL pneumonia - cefepime",
     CareSetting::kOutpatient, {"J15.1"}},
    // Gestational diabetes on insulin on one line, diet-controlled on another: insulin only
    // (I.C.15.g): gdm-one-control.
    {"sibling gdm-one-control I.C.15.g",
     "L&D NOTE\nCC: IOL at 39w1d for A2GDM\nHPI: GDM dx at 28 wks, failed diet, on insulin since 31 wks.\nCourse: SVD of "
     "liveborn female.",
     CareSetting::kOutpatient, {"O24.424", "Z3A.39", "Z37.0"}},
    // A readmission for a puerperal condition: no Z37 (I.C.15.b.5), no Z3A (I.C.21.c.11):
    // postpartum-readmission; the delivery's own stay keeps them.
    {"other postpartum-readmission I.C.15.b.5",
     "OB READMISSION\nHPI: POD 6 s/p repeat C-section at 39 wks, liveborn. Incision erythema, purulent drainage.\nDx: "
     "infected cesarean wound\nPlan: cephalexin",
     CareSetting::kOutpatient, {"O86.00"}},
    {"other postpartum-readmission-stay I.C.15.b.5",
     "POSTPARTUM NOTE\nHPI: PPD 2 s/p repeat C-section at 39 wks, liveborn. Incision erythema.\nDx: infected cesarean "
     "wound\nPlan: cephalexin",
     CareSetting::kOutpatient, {"O86.00", "Z3A.39", "Z37.0"}},
};

TEST_F(SuggestReal, Session23NotesCases) {
  for (const Case& c : kSession23NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23, round 2: the one word after "from" is a drug only where it names the Table of
// Drugs row's drug, not only its kind after the comma (I.C.19.e.5(a)): "from autonomic
// neuropathy" is a disease ("Spasmolytic, autonomic" is no drug the text names); the
// counter-case keeps "from lisinopril" an adverse effect.
const Case kSession23NotesCases2[] = {
    {"other from-kind-only I.C.19.e.5(a)", "diabetic gastroparesis from autonomic neuropathy", CareSetting::kOutpatient,
     {"E11.43", "K31.84"}},
    {"other from-drug-named I.C.19.e.5(a)", "angioedema from lisinopril", CareSetting::kOutpatient,
     {"T78.3XXA", "T46.4X5A"}},
    // A side written "R" is no complication of the diabetes (I.A.15, I.C.4.a): the cellulitis
    // of the right leg does not make "Diabetes, with, retinopathy ..., right eye" (E11.3591).
    {"other diabetes-with-side-letter I.C.4.a", "Discharge dx: 1. Sepsis d/t cellulitis R lower leg 2. DM2",
     CareSetting::kOutpatient, {"A41.9", "L03.115", "E11.9"}},
    {"other diabetes-with-named I.C.4.a", "T2DM w/ proliferative retinopathy, R eye", CareSetting::kOutpatient, {"E11.3591"}},
};

TEST_F(SuggestReal, Session23NotesCases2) {
  for (const Case& c : kSession23NotesCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 22: multi-line notes (issue 10, forbidden codes): an imaging line under the
// diagnoses, a fracture's healing and a condition's detail on another line of the note, and
// the scar an abbreviated cesarean names.
const Case kSession22NotesCases[] = {
    // "XR today:" under "Dx:" is a result, not a diagnosis (III.B: no skin callus L84, no
    // ligament disorder); its routine healing makes the fracture's subsequent encounter
    // (I.C.19.a, 7th character D): imaging-result, healing-elsewhere.
    {"seventh-character healing-elsewhere I.C.19.a",
     "ORTHO F/U\n5 wks s/p casting, R wrist\nDx: nondisplaced Colles' fracture, right radius, closed\nXR today: callus "
     "formation, alignment maintained. Healing as expected.\nPlan: wean from cast",
     CareSetting::kOutpatient, {"S52.531D"}},
    {"other imaging-result III.B",
     "Ortho clinic\nDx: displaced fx of shaft of L fibula, closed\nXR: callus formation, alignment maintained.\nPlan: WBAT in boot",
     CareSetting::kOutpatient, {"S82.422A"}},
    // One line's default "without dyskinesia" beside another line's "with dyskinesia" of the
    // same condition: the detail the record documents (I.B.1, I.A.12.a): detail-elsewhere.
    {"sibling detail-elsewhere I.B.1",
     "Neurology f/u\nDx: Parkinson's disease\nA/P: PD with dyskinesia, no motor fluctuations - adjust levodopa",
     CareSetting::kOutpatient, {"G20.B1"}},
    {"sibling detail-elsewhere-denied I.B.1", "Neurology f/u\nDx: Parkinson's disease, no dyskinesia\nA/P: PD - cont levodopa",
     CareSetting::kOutpatient, {"G20.A1"}},
    // LTCS is a low transverse cesarean: the Index's Cesarean delivery, previous, low
    // transverse scar O34.211 (lexicon), not the unspecified scar O34.219.
    {"sibling lexicon-ltcs Index", "Prenatal visit\nG2P1 at 33w1d\nA/P: IUP 33 wks; previous cesarean (LTCS) - counsel re TOLAC",
     CareSetting::kOutpatient, {"O34.211", "Z3A.33"}},
    // The note says in words that the examination found something abnormal: the examination
    // "with abnormal findings" (I.C.21.c.13), not where it says none: exam-findings-words.
    {"sibling exam-findings-words I.C.21.c.13",
     "WELL CHILD CHECK, 9 yo\nDevelopment normal.\nA/P:\n1. WCC - abnormal finding: pediatric obesity\n2. Diet and exercise "
     "reviewed",
     CareSetting::kOutpatient, {"Z00.121"}},
    {"sibling exam-findings-words-none I.C.21.c.13",
     "WELL CHILD CHECK, 8 yo\nDevelopment normal.\nA/P:\n1. WCC - no abnormal findings\n2. Influenza vaccine given",
     CareSetting::kOutpatient, {"Z00.129", "Z23"}},
};

TEST_F(SuggestReal, Session22NotesCases) {
  for (const Case& c : kSession22NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Round 2 (issue 10, forbidden codes in multi-line notes).
const Case kSession22NotesCases2[] = {
    // Oxaliplatin has no row of its own in the Table of Drugs: an antineoplastic NEC (lexicon),
    // so a neuropathy it caused is the drug-induced polyneuropathy G62.0 with its adverse
    // effect T45.1X5- (I.C.19.e.5(a)), not G62.9: lexicon-oxaliplatin.
    {"sibling lexicon-oxaliplatin I.C.19.e.5(a)",
     "Oncology follow-up\nDx: rectal adenocarcinoma, on FOLFOX\nA/P: peripheral neuropathy d/t oxaliplatin - hold next dose",
     CareSetting::kOutpatient, {"C20", "G62.0", "T45.1X5A"}},
};

TEST_F(SuggestReal, Session22NotesCases2) {
  for (const Case& c : kSession22NotesCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
  // A reading that joins the drug with a chemotherapy the line says is over is no encounter
  // for chemotherapy (I.C.2.e.2): treatment-over-joined.
  const std::string over = "Oxaliplatin neuropathy in feet persisting after chemo completed 2022 for colon cancer, NED";
  const std::vector<std::string> got = Codes(over, CareSetting::kOutpatient);
  EXPECT_EQ(std::count(got.begin(), got.end(), "Z51.11"), 0) << over;
  EXPECT_EQ(std::count(got.begin(), got.end(), "Z85.038"), 1) << over;
}

// Session 20 (issue 10, forbidden codes in multi-line notes): the detail that decides the code
// sits on another line of the note than the assessment's diagnosis (I.B.1: the code reflects
// the documentation of the whole record).
const Case kSession20NotesCases[] = {
    // A story's code that leaves fewer parts unspecified says more ("Unspecified dementia,
    // moderate" beside "Unspecified dementia, unspecified severity"): detail-from-story.
    {"sibling detail-from-story I.B.1", "PMH: afib, dementia (moderate), HTN.\nA/P:\n1. Dementia - delirium precautions\n2. HTN",
     CareSetting::kInpatient, {"F03.B0", "I10"}},
    // The onset of Alzheimer's disease another present line documents (I.A.9).
    {"sibling alzheimer-onset I.A.9", "HPI: 79M with Alzheimer disease, early onset\nA/P:\n1. Alzheimer dementia - cont donepezil",
     CareSetting::kOutpatient, {"G30.0", "F02.80"}},
    // A preoperative "CV exam" is the cardiovascular preprocedural examination (lexicon; the
    // Index: Examination, preprocedural, cardiovascular Z01.810; IV.M); "CV" alone stays unread.
    {"sibling lexicon-cv-exam IV.M", "Preoperative CV exam - acceptable risk, proceed", CareSetting::kOutpatient,
     {"Z01.810"}},
    {"lexicon-cv-alone", "CV: RRR, no murmur", CareSetting::kOutpatient, {}},
};

TEST_F(SuggestReal, Session20NotesCases) {
  for (const Case& c : kSession20NotesCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 20, round 2 (issue 10, forbidden codes in multi-line notes, new cases): the note's own
// exam and results lines document the detail or the stage the assessment leaves out (I.B.1,
// I.C.9.a.2), and the Index's words for a fracture site.
const Case kSession20NotesCases2[] = {
    // The exam documents the kind and side of the assessment's condition: detail-from-story.
    {"sibling detail-from-exam I.B.1",
     "CC: Ear pain\nHPI: 4 yo, fever and tugging at ear x2 days.\nExam: acute suppurative otitis media L ear.\nA/P: Acute otitis media - amoxicillin.",
     CareSetting::kOutpatient, {"H66.002"}},
    // A result's reading after " - " is no plan: the stage it documents.
    {"sibling detail-from-result-reading I.B.1",
     "CC: f/u\nHPI: 70 yo M here for labs.\nLabs: Cr 1.6, eGFR 40 - CKD stage 3b\nA/P: CKD - avoid NSAIDs, recheck 3 mo.",
     CareSetting::kOutpatient, {"N18.32"}},
    // Hypertension beside diabetes with diabetic CKD on another line: presumed linked to the
    // CKD (I12.9), with the stage the results document.
    {"other hypertension-with-diabetic-ckd I.C.9.a.2",
     "HPI: 61 yo F f/u.\nLabs: eGFR 52 - CKD stage 3a\nA/P:\n1. DM2 with diabetic CKD - cont metformin\n2. HTN - cont lisinopril",
     CareSetting::kOutpatient, {"E11.22", "I12.9", "N18.31", "Z79.84"}},
    // Hypertensive CKD coded without a stage: the stage the results document (use additional code).
    {"other stage-beside-hypertension I.C.9.a.2", "CC: BP check\nLabs: eGFR 25 - CKD stage 4\nA/P: HTN/CKD - BMP today, nephrology f/u",
     CareSetting::kOutpatient, {"I12.9", "N18.4"}},
    // A family member's CKD is no stage of the patient's (N18.9); it bears on the patient's own
    // CKD, so its family history is reported: Z84.1's "conditions classifiable to N00-N29".
    {"other stage-not-family I.C.9.a.2", "CC: BP check\nFHx: mother w/ CKD stage 4\nA/P: HTN/CKD - BMP today",
     CareSetting::kOutpatient, {"I12.9", "N18.9", "Z84.19"}},
    // An "unspecified part" code says less than the part the imaging names ("subcapital":
    // intracapsular, S72.01-), its side and encounter the same: detail-from-story.
    {"sibling detail-unspecified-part I.B.1",
     "CC: R hip pain after a fall\nImaging: nondisplaced subcapital fx of R femoral neck\nA/P: R femoral neck fx - ortho consult, NPO",
     CareSetting::kInpatient, {"S72.011A"}},
    // EBV named with the mononucleosis: Mononucleosis, infectious, Epstein-Barr (virus) B27.0-
    // (lexicon); EBV alone keeps its reading.
    {"sibling mononucleosis-ebv lexicon", "EBV mononucleosis, no complications", CareSetting::kOutpatient, {"B27.00"}},
    // The scaphoid's waist is its middle third (Fracture, traumatic, carpal bone, navicular,
    // middle third S62.02-): lexicon.
    {"sibling scaphoid-waist lexicon", "Nondisplaced fx through the waist of the scaphoid, L wrist", CareSetting::kOutpatient,
     {"S62.025A"}},
};

TEST_F(SuggestReal, Session20NotesCases2) {
  for (const Case& c : kSession20NotesCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 18 (issue 10, forbidden codes other than the wrong sibling: core/src/suggest_suppress.cpp
// and the rules it shares). Each row names the mechanism it covers and its section; the words
// are written for the rule, not taken from an evaluation item.
const Case kSession18SuppressCases[] = {
    // Pain at the site of an injury is the injury's (I.B.4-5); the injury's site is also its
    // category's ("... at neck level").
    {"pain-of-injury-region", "Cervical sprain after lifting a box yesterday; neck pain, no numbness",
     CareSetting::kOutpatient, {"S13.4XXA"}},
    // A sign or symptom against a diagnosis in an Excludes1 pair is the one not coded (K52.9
    // Excludes1 diarrhea NOS R19.7; I.C.18.b).
    {"excludes1-symptom-yields", "vomiting + diarrhea - gastroenteritis", CareSetting::kOutpatient, {"K52.9"}},
    // A primary excised, its treatment over and no evidence of it: its history (I.C.2.d); a
    // chemotherapy the text says is over is no encounter for chemotherapy (I.C.2.e.2).
    {"neoplasm-history-treatment-over", "Colon cancer s/p colectomy 2021, chemo completed 2022, NED",
     CareSetting::kOutpatient, {"Z85.038", "Z90.49"}},
    {"neoplasm-still-treated", "Breast cancer s/p lumpectomy, chemo cycle 3 of 6 today", CareSetting::kOutpatient,
     {"Z51.11", "C50.919"}},
    // A secondary site's line tells its primary's course (I.C.2.d: the secondary, then Z85).
    {"neoplasm-history-beside-secondary", "Liver mets from colon cancer; primary resected 2021, no recurrence",
     CareSetting::kOutpatient, {"C78.7", "Z85.038"}},
    // An excision's line tells the rest of the course: gone and untreated, its history
    // (I.C.2.d); still treated on the line, current (I.C.2.m).
    {"neoplasm-history-excision-line", "Papillary thyroid ca s/p total thyroidectomy 2019; RAI completed, no residual disease",
     CareSetting::kOutpatient, {"Z85.850", "E89.0"}},
    {"neoplasm-treated-on-line", "Breast ca s/p lumpectomy 2022; on anastrozole, no recurrence", CareSetting::kOutpatient,
     {"C50.911", "Z79.811"}},
    // A device placed at this encounter is the procedure, not a status (I.C.21.c.3).
    {"device-placed-today", "NSTEMI, cath today with DES to LAD", CareSetting::kInpatient, {"I21.4"}},
    // HIV with no AIDS or HIV-related illness is the status Z21 (I.C.1.a.2.d); HIV disease is B20.
    {"asymptomatic-hiv", "HIV on ART, CD4 700, never had an OI or AIDS", CareSetting::kOutpatient, {"Z21"}},
    {"hiv-disease", "HIV disease on ART, CD4 180", CareSetting::kOutpatient, {"B20"}},
    // Z52 is for a living donor, not the cadaveric donor nor the recipient (Z52 Excludes1).
    // (Session 19: the ESRD written before that transplant, no dialysis now, is not coded beside
    // Z94.0, I.C.14.a.2.)
    {"not-living-donor", "ESRD s/p deceased donor kidney transplant, on tacrolimus", CareSetting::kOutpatient,
     {"Z94.0", "Z79.621"}},
    {"living-donor", "Living kidney donor, 2 wks after donor nephrectomy, doing well", CareSetting::kOutpatient,
     {"Z52.4", "Z90.5"}},
    // The organism named with the infection: the Index's subterm, not the noninfective or
    // unspecified code (Gastroenteritis, rotaviral A08.0; Gastroenteritis, viral, Norwalk agent
    // A08.11); rheumatoid factor named: seropositive (Arthritis, rheumatoid, seropositive M05.-).
    {"organism-named", "Rotavirus gastroenteritis w/ dehydration", CareSetting::kOutpatient, {"A08.0", "E86.0"}},
    {"organism-named", "Norovirus gastroenteritis, outbreak at daycare", CareSetting::kOutpatient, {"A08.11"}},
    {"rheumatoid-factor", "RA with RF, multiple sites, on methotrexate", CareSetting::kOutpatient,
     {"M05.79", "Z79.631"}},
    {"rheumatoid-factor-unsaid", "RA, multiple sites, on methotrexate", CareSetting::kOutpatient, {"M06.09", "Z79.631"}},
    // A calculus with hydronephrosis: N13.2 alone (N20 is "without hydronephrosis", N13
    // Excludes2; Index: Hydronephrosis, with, obstruction by renal calculus; I.B.9); apart in
    // a numbered list, each its own code.
    {"calculus-with-hydronephrosis", "Left kidney stone with hydronephrosis", CareSetting::kOutpatient, {"N13.2"}},
    {"calculus-with-hydronephrosis", "Right ureteral stone 4 mm w/ mild right hydronephrosis on CT",
     CareSetting::kOutpatient, {"N13.2"}},
    {"calculus-hydronephrosis-listed", "1. Kidney stone 2. Hydronephrosis", CareSetting::kOutpatient,
     {"N20.0", "N13.30"}},
    // A condition an outpatient visit says is resolved is over: its history (I.C.21.c.4); an
    // inpatient stay's condition resolved during the stay was treated there and is coded;
    // "resolving" is not over.
    {"resolved-outpatient", "UTI - resolved after nitrofurantoin", CareSetting::kOutpatient, {"Z87.440"}},
    {"resolved-inpatient", "UTI - resolved after nitrofurantoin", CareSetting::kInpatient, {"N39.0"}},
    {"resolving-not-over", "Pneumonia, resolving; finish abx", CareSetting::kOutpatient, {"J18.9"}},
    // COPD with emphysema on one line: the emphysema alone (Index: Emphysema (obstructive)
    // J43.9; J43 Excludes1 sends only emphysema with chronic bronchitis to J44; I.B.9); COPD
    // alone stays J44.9.
    {"obstructive-emphysema", "Severe COPD with emphysema, on home O2", CareSetting::kOutpatient, {"J43.9", "Z99.81"}},
    {"obstructive-emphysema", "COPD w/ centrilobular emphysema per CT", CareSetting::kOutpatient, {"J43.2"}},
    {"copd-alone", "COPD, stable on inhaler", CareSetting::kOutpatient, {"J44.9"}},
    // A number after "stage" is the stage, not a list marker (HTN with CKD stage 4: I13.0 with
    // the heart failure, I.C.9.a.3).
    {"stage-not-list-marker", "Admitted w/ acute on chronic HFpEF, HTN, CKD stage 4. IV lasix given.",
     CareSetting::kInpatient, {"I13.0", "I50.33", "N18.4"}},
};

TEST_F(SuggestReal, Session18SuppressCases) {
  for (const Case& c : kSession18SuppressCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

}  // namespace

namespace {

// Session 18 (issue 10, the right code of the category): a condition the text links to its
// cause ("due to", "d/t", "2/2", "from", "after", "in", "to") takes the code the Index gives
// under the condition's term for that cause, read from the cause's words, the lexicon's
// readings of them and the title of the code the note gives the cause (suggest_sibling.cpp,
// ReadLinkedCause; I.A.15, I.B.1, I.A.9.b). Each row names the mechanism and its section.
const Case kSession18SiblingCases[] = {
    // "Neutropenia, drug-induced, due to cytoreductive cancer chemotherapy" D70.1 (the lexicon's
    // "chemotherapy" for "chemo").
    {"linked-cause I.A.15", "Neutropenia due to chemotherapy for breast cancer", CareSetting::kOutpatient,
     {"D70.1", "T45.1X5A", "C50.919"}},
    {"linked-cause I.A.15", "Neutropenic fever after chemo for AML", CareSetting::kInpatient, {"D70.1", "T45.1X5A", "C92.00", "R50.81"}},
    // "Urticaria, due to, drugs" L50.0: the cause is a drug's adverse effect (T36-T50, I.C.19.e.5.a).
    {"linked-cause I.C.19.e.5.a", "Urticaria due to penicillin, stop it", CareSetting::kOutpatient, {"L50.0", "T36.0X5A"}},
    // "Shock, anaphylactic, due to food, shellfish" T78.02 (the 7th character, I.C.19.a).
    {"linked-cause I.C.19.a", "Anaphylaxis after eating shellfish", CareSetting::kOutpatient, {"T78.02XA"}},
    // "Varix, esophagus, in (due to), cirrhosis of liver" I85.10, for a code found by its title.
    {"linked-cause I.B.1", "Esophageal varices in alcoholic cirrhosis", CareSetting::kOutpatient, {"I85.10", "K70.30"}},
    // Severe sepsis with no organism coded: the cause's organism ("Sepsis, Escherichia coli"
    // A41.51, I.C.1.d.1.a).
    {"linked-cause I.C.1.d.1.a", "Septic shock 2/2 E. coli pyelonephritis", CareSetting::kInpatient,
     {"R65.21", "A41.51", "N12"}},
    // A word that is a drug's row in the Table of Drugs (T36-T50) is a drug ("Osteoporosis,
    // drug-induced - see Osteoporosis, specified type NEC" M81.8); an antineoplastic (T45.1)
    // in a record with a malignancy is the cancer chemotherapy (D70.1), otherwise a drug (D70.2).
    {"linked-cause I.C.19.e.5.a", "Osteoporosis due to steroids, on alendronate", CareSetting::kOutpatient,
     {"M81.8", "Z79.83"}},
    {"linked-cause I.C.19.e.5.a", "Neutropenia after cyclophosphamide for breast cancer", CareSetting::kOutpatient,
     {"D70.1", "T45.1X5A", "C50.919"}},
    {"linked-cause I.C.19.e.5.a", "Neutropenia after methotrexate for RA", CareSetting::kOutpatient, {"D70.2", "Z79.631"}},
    // A disease the note codes is read by "due to disease classified elsewhere" ("Dysfunction,
    // sexual, male, erectile, due to, disease classified elsewhere" N52.1, I.A.13); and the
    // disease's code "without complications" is its "with, complication, specified NEC" for a
    // complication its "with" subterms do not name (E11.69, I.A.15), not for one they name.
    {"linked-complication I.A.15", "Erectile dysfunction secondary to type 2 DM, trial of sildenafil",
     CareSetting::kOutpatient, {"N52.1", "E11.69"}},
    {"linked-complication guard I.A.15", "Gastroparesis due to DM2", CareSetting::kOutpatient, {"E11.43", "K31.84"}},
    // Guards: a cause the Index codes in another category ("Anemia, in, chronic kidney disease"
    // D63.1) moves nothing within D64 (a general word, "disease", reads no cause); a cause
    // code's title is read whole (no "plasma cell" from "stem cells"); a cause said absent.
    {"linked-cause guard I.B.1", "Anemia in CKD stage 3b, on ESA", CareSetting::kOutpatient, {"N18.32", "D63.1"}},
    {"linked-cause guard I.B.1", "Multiple myeloma in remission after auto SCT in 2021", CareSetting::kOutpatient,
     {"C90.01", "Z94.84"}},
    {"linked-cause guard", "Urticaria, not from any drug", CareSetting::kOutpatient, {"L50.9"}},
    // The cause ends where the text says something is absent ("w/o coma"), and is not a word the
    // code already reads or its title says ("influenza" for J10.00).
    {"linked-cause guard", "Hypoglycemia in type 2 DM w/o coma, on glyburide", CareSetting::kOutpatient, {"E11.649"}},
    {"linked-cause guard", "Pneumonia due to influenza B, on oseltamivir", CareSetting::kOutpatient, {"J10.00"}},
    // The 7th character (I.C.19.a): a clause after the line's first that is only the
    // follow-up and who gives it is the plan's next visit, the encounter still active
    // treatment (A); a follow-up this visit is (D).
    {"seventh-character I.C.19.a", "L wrist sprain, wrapped, sports med f/u", CareSetting::kOutpatient, {"S63.502A"}},
    {"seventh-character I.C.19.a", "Closed fx L 5th metatarsal, boot, podiatry f/u 2 wk", CareSetting::kOutpatient,
     {"S92.352A"}},
    {"seventh-character I.C.19.a", "L ankle sprain f/u, swelling better", CareSetting::kOutpatient, {"S93.402D"}},
    {"seventh-character I.C.19.a", "L wrist sprain, f/u visit, improving", CareSetting::kOutpatient, {"S63.502D"}},
    // Round 2: a fracture's delayed healing given on another line of its note (the X-ray's)
    // is its 7th character G (I.C.19.a; ApplyNoteHealing); guards: said absent, and two
    // fractures in the note (each line decides).
    {"note-healing I.C.19.a", "Fracture clinic\nClosed fx of R 5th metatarsal, boot since 10 wk.\nXR: fracture line persists, delayed healing.\n",
     CareSetting::kOutpatient, {"S92.351G"}},
    {"note-healing guard I.C.19.a", "Fracture clinic\nClosed fx of R 5th metatarsal, boot since 10 wk.\nXR: no delayed healing.\n",
     CareSetting::kOutpatient, {"S92.351A"}},
    {"note-healing guard I.C.19.a",
     "Fracture clinic\nClosed fx of R 5th metatarsal, boot since 10 wk.\nClosed fx L distal radius, cast.\nXR: delayed healing.\n",
     CareSetting::kOutpatient, {"S92.351A", "S52.502A"}},
    // Round 2: delivered during this encounter (Z37), a title that names no pregnancy takes the
    // option that adds "complicating childbirth" (I.C.15.a.3, ApplyChildbirth); guard: no delivery.
    {"in-childbirth I.C.15.a.3", "Severe preeclampsia at 36 weeks, C-section, liveborn girl", CareSetting::kInpatient,
     {"O14.14", "Z37.0", "Z3A.36"}},
    {"in-childbirth I.C.15.a.3", "Gestational hypertension at 38 weeks, delivered a single liveborn infant",
     CareSetting::kInpatient, {"O13.4", "Z3A.38", "Z37.0"}},
    {"in-childbirth guard I.C.15.a.3", "Severe preeclampsia at 36 weeks, admitted for monitoring", CareSetting::kInpatient,
     {"O14.13", "Z3A.36"}},
};

TEST_F(SuggestReal, Session18SiblingCases) {
  for (const Case& c : kSession18SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 19 (issue 10, the right code of the category; suggest_sibling.cpp): a detail a code's
// title says is absent that the text says present is a sibling's (I.B.2); a code the Index
// gave by a "see" reference takes the target's subterm the text names (I.A.16); a neoplasm
// coded as the cause is the Index's "neoplastic disease" (I.A.15, I.C.2). Each row names the
// mechanism and its section; guards keep the code where the text gives nothing more.
const Case kSession19SiblingCases[] = {
    // "Parkinson's disease with dyskinesia, without mention of fluctuations" G20.B1 does not read
    // "fluctuations": "..., with fluctuations" G20.B2 does (I.B.2); guard: said absent.
    {"documented-detail I.B.2", "PD with dyskinesias and fluctuations, on levodopa", CareSetting::kOutpatient, {"G20.B2"}},
    {"documented-detail guard I.B.2", "Parkinson's disease with dyskinesia, no fluctuations", CareSetting::kOutpatient,
     {"G20.B1"}},
    // "Sprain, talofibular - see Sprain, ankle" (S93.40-): the target's subterm "talofibular
    // ligament - see ..., specified ligament NEC" S93.49-, the side kept (I.A.16, I.B.13);
    // guard: no ligament named.
    {"see-reference I.A.16", "Sprain of left talofibular ligament", CareSetting::kOutpatient, {"S93.492A"}},
    {"see-reference guard I.A.16", "Sprain of left ankle, ice", CareSetting::kOutpatient, {"S93.402A"}},
    // "Fracture, pathological, due to, neoplastic disease, humerus" M84.52- for a code found by
    // its title (M84.42-, "Fracture, pathological, humerus"), the side kept; guard: no cause.
    {"linked-cause I.A.15 I.C.2", "Pathological fracture of right humerus due to bone metastases", CareSetting::kOutpatient,
     {"M84.521A", "C79.51"}},
    {"linked-cause I.A.15 I.C.2", "Pathological fracture R humerus secondary to multiple myeloma", CareSetting::kOutpatient,
     {"M84.521A", "C90.00"}},
    {"linked-cause guard I.A.15", "Pathological fracture of right humerus, osteopenia", CareSetting::kOutpatient,
     {"M84.421A", "M85.80"}},
    // An "other" code found by an Index subterm its title does not say ("Constipation, chronic"
    // K59.09 "Other constipation") yields to the specific code the text's other words name
    // ("Constipation, slow transit" K59.01; I.A.9.a: "other" only for a detail no code has);
    // guard: nothing more said.
    {"documented-detail I.A.9.a", "Chronic constipation, slow transit type - linaclotide", CareSetting::kOutpatient,
     {"K59.01"}},
    {"documented-detail guard I.A.9.a", "Chronic constipation, miralax daily", CareSetting::kOutpatient, {"K59.09"}},
    // A preterm infant is a newborn: the gestational age recorded chooses the P07.3- code
    // (I.C.16.d: prematurity, codes by gestational age); guard: no weeks recorded.
    {"newborn-maturity I.C.16.d", "Premature infant born at 33 weeks, feeding well, 6 d/o", CareSetting::kOutpatient,
     {"P07.36"}},
    {"newborn-maturity guard I.C.16.d", "Preterm infant, feeding well", CareSetting::kOutpatient, {"P07.30"}},
    // The lexicon's depth of a rotator cuff tear ("Tear, rotator cuff, complete" M75.12-,
    // "..., incomplete" M75.11-; I.B.2: the detail documented); guard: no depth.
    {"lexicon I.B.2", "Partial thickness rotator cuff tear of left shoulder, PT referral", CareSetting::kOutpatient,
     {"M75.112"}},
    {"lexicon I.B.2", "Full thickness rotator cuff tear, right shoulder - ortho", CareSetting::kOutpatient, {"M75.121"}},
    {"lexicon guard I.B.2", "Rotator cuff tear left shoulder, PT", CareSetting::kOutpatient, {"M75.102"}},
    // A header whose title names its children's alternatives ("Supervision of elderly
    // primigravida and multigravida" O09.5): the child the text names, not the default
    // (I.B.2; the trimester from the weeks, I.C.15.a.3).
    {"header-child I.B.2", "AMA multigravida, 24 weeks", CareSetting::kOutpatient, {"O09.522", "Z3A.24"}},
    {"header-child I.B.2", "AMA primigravida, 24 weeks", CareSetting::kOutpatient, {"O09.512", "Z3A.24"}},
    // A two-letter abbreviation the lexicon reads one way, tied by a cause link to the rest
    // ("ED 2/2 DM", "... d/t DM") is a condition and its cause, each coded (I.A.15; "2/2" is the
    // link, not "type 2"): N52.1 and E11.69; guards: an abbreviation of two readings ("CP":
    // chest pain or cerebral palsy) is still not read alone; ESRD is a chronic kidney disease
    // (N18), which "Diabetes, with, chronic kidney disease" names (E11.22, I.C.4.a).
    {"cause-link abbreviation I.A.15", "ED 2/2 DM, tadalafil prn", CareSetting::kOutpatient, {"N52.1", "E11.69"}},
    {"cause-link abbreviation I.A.15", "Erectile dysfunction d/t DM", CareSetting::kOutpatient, {"N52.1", "E11.69"}},
    {"cause-link abbreviation guard", "CP 2/2 GERD, omeprazole", CareSetting::kOutpatient, {"K21.9"}},
    {"linked-complication guard I.C.4.a", "ESRD 2/2 DM2", CareSetting::kOutpatient, {"E11.22", "N18.6"}},
    // A cause link left at the end of a chunk once its cause is read ("Sepsis d/t" after the
    // cellulitis) is no word of a title ("d/t" is not "Sepsis, ..., group D"): the sepsis is
    // coded beside its localized infection (I.C.1.d.4); guard: a link before unread words
    // stays ("d/t cost").
    {"cause-link leftover I.C.1.d.4", "Sepsis d/t cellulitis of right leg", CareSetting::kOutpatient,
     {"A41.9", "L03.115"}},
    {"cause-link leftover guard", "DM2 w/ hyperglycemia after stopping insulin d/t cost", CareSetting::kOutpatient,
     {"E11.65", "Z79.4", "Z91.120"}},
};

TEST_F(SuggestReal, Session19SiblingCases) {
  for (const Case& c : kSession19SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 24: the unspecified or wrong sibling on one-line items (issue 10, forbidden codes:
// the detail written in words the lexicon reads, or in the writer's aside). Each row names its class.
const Case kSession24SiblingCases[] = {
    // lexicon-reading gate (I.B.2): free words the lexicon reads as a sibling's title words
    // ("sleeping in car": unsheltered homelessness) decide the sibling when its title says
    // nothing else; guard: "dz" (disease) is no "Rheumatoid heart disease".
    {"lexicon-reading-sibling I.B.2", "Homeless - sleeping in his car", CareSetting::kOutpatient, {"Z59.02"}},
    {"lexicon-reading-default I.A.9.b", "Homeless - lost his glucometer", CareSetting::kOutpatient, {"Z59.00"}},
    {"lexicon-reading-guard", "RA w/ RF, multiple sites, low dz activity - cont MTX", CareSetting::kOutpatient,
     {"M05.79", "Z79.631"}},
    // parenthetical aside (I.A.7 in the note's own words): the writer's example in parentheses
    // does not keep the comma pieces of one condition apart.
    {"parenthetical-aside-join I.B.2",
     "Bipolar I d/o, current episode manic, severe, with psychotic features (grandiose delusions) - involuntary hold",
     CareSetting::kInpatient, {"F31.2"}},
    // documented stage (I.C.12.a.1): the Index's "Ulcer, pressure, stage 4, coccyx" sends to
    // L89.15-; the stage written selects the code, not the unspecified stage.
    {"pressure-ulcer-stage I.C.12.a.1", "Stage 4 pressure ulcer coccyx", CareSetting::kInpatient, {"L89.154"}},
    {"pressure-ulcer-stage-default I.A.9.b", "Pressure ulcer coccyx", CareSetting::kInpatient, {"L89.159"}},
    // lexicon: a car left running is the motor vehicle exhaust (Table: Carbon monoxide, motor exhaust gas).
    {"lexicon-car-exhaust", "Carbon monoxide poisoning, accidental - car left running in closed garage",
     CareSetting::kInpatient, {"T58.01XA"}},
};

TEST_F(SuggestReal, Session24SiblingCases) {
  for (const Case& c : kSession24SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23: the unspecified or wrong sibling on one-line items (issue 10, forbidden codes:
// the detail written in other words, or on the line's other item). Each row names its class.
const Case kSession23SiblingCases[] = {
    // see-target subterm (I.A.16, I.B.1): a code found by "Sprain, talofibular - see Sprain,
    // ankle" is the target's; its subterm "talofibular ligament" (S93.49-) names the ligament,
    // the abbreviation on the dash's item.
    {"see-target-subterm I.A.16", "R ankle sprain - ATFL tender, rolled it 2 days ago", CareSetting::kOutpatient,
     {"S93.491A"}},
    {"see-target-subterm-default I.A.9.b", "R ankle sprain - rolled it 2 days ago", CareSetting::kOutpatient,
     {"S93.401A"}},
    // dash-item side (I.B.13): the side written on the dash's item is the wound's.
    {"dash-item-side I.B.13", "Stepped on nail - puncture wound R foot, no retained FB on XR", CareSetting::kOutpatient,
     {"S91.331A"}},
    // neoplastic fracture on the line (Index: Fracture, pathological, due to, neoplastic
    // disease M84.5-): the neoplasm on the line's other item.
    {"neoplastic-fracture-line I.A.15", "Pathologic fx L femur through metastatic lesion - prostate ca w/ bone mets",
     CareSetting::kInpatient, {"M84.552A", "C61", "C79.51"}},
    {"neoplastic-fracture-guard", "Pathologic fx L femur", CareSetting::kInpatient, {"M84.452A"}},
    // angina of CAD (I.C.9.b; Index: Angina, stable I20.8-): the other forms, I25.118.
    {"angina-stable I.C.9.b", "CAD of native coronaries w/ stable angina", CareSetting::kOutpatient, {"I25.118"}},
    // dominance (I.C.6.a): the hand the record names on another item of the line.
    {"dominance-elsewhere I.C.6.a", "Residual L hemiparesis from prior ischemic CVA; pt is left-handed",
     CareSetting::kOutpatient, {"I69.352"}},
    {"dominance-default I.C.6.a", "Residual L hemiparesis from prior ischemic CVA", CareSetting::kOutpatient,
     {"I69.354"}},
    // Gustilo type (I.C.19.c.1): type IIIA, IIIB or IIIC documented is the 7th character C.
    {"gustilo-type I.C.19.c.1", "Open fx R tibial shaft, displaced comminuted, Gustilo IIIA", CareSetting::kInpatient,
     {"S82.251C"}},
    {"gustilo-default I.C.19.c.1", "Open fx R tibial shaft, displaced comminuted", CareSetting::kInpatient,
     {"S82.251B"}},
    // inclusion-term detail (I.B.1, the Table of Drugs' source): the Tabular's inclusion term
    // names the source (T58.2 "... of coal, coke, kerosene, wood").
    {"inclusion-term-source I.B.1", "CO poisoning from kerosene space heater at home, accidental",
     CareSetting::kInpatient, {"T58.2X1A"}},
    // one code per substance (I.C.5.b.2): the withdrawal of one item and the dependence of the
    // other are the dependence with withdrawal, F11.23.
    {"substance-complication I.C.5.b.2", "Opioid withdrawal; heroin use disorder, severe", CareSetting::kInpatient,
     {"F11.23"}},
    {"substance-uncomplicated", "Heroin use disorder, severe", CareSetting::kInpatient, {"F11.20"}},
    // lexicon: a car is a place not meant for habitation (Z59.02 unsheltered; a shelter is Z59.01).
    {"lexicon-car-unsheltered", "Homeless, living in car", CareSetting::kOutpatient, {"Z59.02"}},
};

TEST_F(SuggestReal, Session23SiblingCases) {
  for (const Case& c : kSession23SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23, round 2 (issue 10, the unspecified sibling on one-line items). Each row names its class.
const Case kSession23SiblingCases2[] = {
    // A bleeding named as the cause is the Index's blood loss (Anemia, iron deficiency,
    // secondary to blood loss (chronic) D50.0; I.A.15); no cause: D50.9 (I.A.9.b).
    {"cause-bleeding-blood-loss I.A.15", "IDA due to menorrhagia", CareSetting::kOutpatient, {"D50.0", "N92.0"}},
    {"cause-bleeding-blood-loss I.A.15", "IDA 2/2 menorrhagia", CareSetting::kOutpatient, {"D50.0", "N92.0"}},
    {"cause-bleeding-default I.A.9.b", "IDA, ferrous sulfate", CareSetting::kOutpatient, {"D50.9"}},
    // A slash abbreviation the lexicon reads ("d/o": disorder) joins the comma pieces its
    // condition's Index term reads, as the spelled-out word does (Disorder, bipolar, current
    // episode, depressed, moderate F31.32; I.B.2).
    {"join-slash-form I.B.2", "Bipolar I d/o, current episode depressed, moderate severity", CareSetting::kOutpatient,
     {"F31.32"}},
    {"join-slash-form-not-other-words", "Routine GYN exam w/ pap, normal findings", CareSetting::kOutpatient, {"Z01.419"}},
    // The angina of coronary atherosclerosis is read in the sentence of its words, not in a
    // status after it (I25.118, I.C.9.b).
    {"angina-of-cad-sentence I.C.9.b", "CAD of native coronaries w/ stable angina. s/p CABG x3 (2019).",
     CareSetting::kOutpatient, {"I25.118", "Z95.1"}},
};

TEST_F(SuggestReal, Session23SiblingCases2) {
  for (const Case& c : kSession23SiblingCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 22 (issue 10, the unspecified sibling when the line states the detail in other words:
// the subcategory's title, an abbreviation of an anatomical part, a region's part). Each row names its class.
const Case kSession22SiblingCases[] = {
    // header-title (I.B.2): a sibling reads the words its subcategory's title says (L20.82
    // "Flexural eczema" is under L20.8 "Other atopic dermatitis"; I21.11 under I21.1 "... of
    // inferior wall").
    {"header-title I.B.2", "Atopic dermatitis, flexural", CareSetting::kOutpatient, {"L20.82"}},
    {"header-title-default I.A.9.b", "Atopic dermatitis", CareSetting::kOutpatient, {"L20.9"}},
    // A header's general words ("open wound") read no detail the code's words say ("bite"):
    // the open bite stays, puncture or not.
    {"header-title-not-reading I.B.2", "Dog bite R forearm - puncture wounds, irrigated", CareSetting::kOutpatient,
     {"S51.851A", "W54.0XXA"}},
    // An abbreviation beside an "other" code (I.A.9.a) may name a specific sibling, and a side
    // word of an anatomical name it reads ("RCA": right coronary artery) is no laterality (I.B.13).
    {"header-title-artery I.B.2", "Inferior STEMI, culprit RCA", CareSetting::kOutpatient, {"I21.11"}},
    {"header-title-artery-default I.A.9.b", "Inferior STEMI", CareSetting::kOutpatient, {"I21.19"}},
    // lexicon: the upper back is the book's trunk (Index: Lipoma, trunk (skin) (subcutaneous) D17.1).
    {"lexicon-upper-back-trunk", "Lipoma, subcutaneous, upper back", CareSetting::kOutpatient, {"D17.1"}},
};

TEST_F(SuggestReal, Session22SiblingCases) {
  for (const Case& c : kSession22SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 22, round 2 (issue 10, the unspecified sibling). Each row names its class.
const Case kSession22SiblingCases2[] = {
    // lexicon: a chemotherapy regimen named by its letters (FOLFIRI, ABVD, R-CHOP) is the
    // chemotherapy: the cause the Index reads under Neutropenia, due to cytoreductive cancer
    // chemotherapy D70.1, with the adverse effect T45.1X5- (I.C.19.e.5.a, I.A.15).
    {"lexicon-regimen-chemo I.C.19.e.5.a", "Neutropenic fever after FOLFIRI; colon cancer", CareSetting::kOutpatient,
     {"D70.1", "T45.1X5A", "R50.81", "C18.9"}},
    {"lexicon-regimen-chemo I.C.19.e.5.a", "Neutropenic fever after ABVD for Hodgkin lymphoma", CareSetting::kOutpatient,
     {"D70.1", "T45.1X5A", "C81.90", "R50.81"}},
    {"lexicon-regimen-chemo-hyphen", "Neutropenic fever after R-CHOP for DLBCL", CareSetting::kOutpatient,
     {"D70.1", "T45.1X5A", "C83.30", "R50.81"}},
    // No cause stated: the unspecified neutropenia stays (I.A.9.b).
    {"lexicon-regimen-default I.A.9.b", "Neutropenic fever; colon cancer", CareSetting::kOutpatient,
     {"D70.9", "R50.81", "C18.9"}},
    // A regimen the text says is over is no chemotherapy at this encounter (I.C.2.e.2): no Z51.11.
    {"regimen-over I.C.2.e.2", "Hodgkin lymphoma, ABVD completed 2015", CareSetting::kOutpatient, {"C81.90"}},
    // documented-sibling (I.B.1): "ribs" is several ribs (Fracture, traumatic, rib, multiple
    // S22.4-), the side and encounter kept; one rib stays S22.3-.
    {"documented-sibling-ribs I.B.1", "Fx R ribs 7-9, closed", CareSetting::kOutpatient, {"S22.41XA"}},
    {"documented-sibling-ribs I.B.1", "closed fx L 8th-10th ribs", CareSetting::kOutpatient, {"S22.42XA"}},
    {"documented-sibling-one-rib I.B.1", "Fx R 7th rib, closed", CareSetting::kOutpatient, {"S22.31XA"}},
};

TEST_F(SuggestReal, Session22SiblingCases2) {
  for (const Case& c : kSession22SiblingCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 20 (issue 10, the wrong sibling on one-line items). Each row names its class.
const Case kSession20SiblingCases[] = {
    // negated-detail (I.B.2): a detail the title says present ("with fluctuations") that the
    // text says absent is the sibling whose title says it absent; said present, it stays.
    {"negated-detail I.B.2", "Parkinson disease w/ resting tremor, no dyskinesia, no motor fluctuations",
     CareSetting::kOutpatient, {"G20.A1"}},
    {"negated-detail-present I.B.2", "Parkinson disease with motor fluctuations, no dyskinesia", CareSetting::kOutpatient,
     {"G20.A2"}},
    // lexicon: the detail as notes write it (Index: Pre-eclampsia, mild / moderate O14.0-;
    // Hemorrhoids, 2nd degree (grade/stage II); Keratosis, seborrheic, inflamed L82.0).
    {"lexicon-without-severe-features", "Preeclampsia without severe features @ 35w, admit for monitoring",
     CareSetting::kInpatient, {"O14.03", "Z3A.35"}},
    {"lexicon-grade-after-noun", "internal hemorrhoids grade 3, banding", CareSetting::kOutpatient, {"K64.2"}},
    {"lexicon-irritated-seb-k", "irritated seb K L shoulder - cryo", CareSetting::kOutpatient, {"L82.0"}},
    // lexicon (raw: "rib fracture" and "rib fractures" share their stems): the plural is
    // Fracture, traumatic, rib, multiple S22.4-; one rib stays S22.3-.
    {"lexicon-rib-fractures-plural", "3 L rib fxs after fall from ladder", CareSetting::kOutpatient,
     {"S22.42XA", "W11.XXXA"}},
    {"lexicon-rib-fracture-one", "L rib fx", CareSetting::kOutpatient, {"S22.32XA"}},
};

TEST_F(SuggestReal, Session20SiblingCases) {
  for (const Case& c : kSession20SiblingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 20, round 2 (the wrong sibling on one-line items: the detail after the diagnosis's
// dash, and a title's "not having achieved" as its "without"; suggest_sibling.cpp).
const Case kSession20SiblingCases2[] = {
    // The item a dash opens after a diagnosis gives its detail (I.B.2); C91.10's "not having
    // achieved remission" says remission absent, so the text's remission is C91.11's.
    {"dash-detail I.B.2", "CLL - remains in remission, CBC stable", CareSetting::kOutpatient, {"C91.11"}},
    {"dash-detail I.B.2", "Nephrotic syndrome - kidney biopsy c/w FSGS", CareSetting::kOutpatient, {"N04.1"}},
    {"not-achieved-absent I.B.2", "CLL, remains in remission", CareSetting::kOutpatient, {"C91.11"}},
    {"not-achieved-default I.A.9.b", "CLL, CBC stable", CareSetting::kOutpatient, {"C91.10"}},
    // The dash's words restating the condition name no "other" code (I.A.9.a), and the workup
    // of a possible diagnosis is no detail of it.
    {"dash-not-other I.A.9.a", "Epilepsy - seizure-free on keppra", CareSetting::kOutpatient, {"G40.909"}},
    {"dash-not-other I.A.9.a", "acute appendicitis, nonperforated, no gangrene - lap appy POD1",
     CareSetting::kOutpatient, {"K35.80"}},
    {"dash-uncertain II.H", "probable viral meningitis - CSF lymphocytic pleocytosis, HSV PCR neg, enterovirus PCR still pending",
     CareSetting::kInpatient, {"A87.9"}},
};

TEST_F(SuggestReal, Session20SiblingCases2) {
  for (const Case& c : kSession20SiblingCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

}  // namespace

namespace {

// Session 19 (issue 10, forbidden codes other than the wrong sibling: suggest_suppress.cpp).
// Each row names the mechanism and the guideline section or Tabular convention it follows.
const Case kSession19SuppressCases[] = {
    // A gland's deficiency after a procedure on it is the postprocedural code an Excludes1 note
    // of its category names (E03 Excludes1 postprocedural hypothyroidism E89.0; E20 E89.2:
    // I.A.12.a); a cause that is no procedure (a drug) keeps the category's own code.
    {"postprocedural I.A.12.a", "hypothyroidism after RAI ablation for Graves 2015 - cont levothyroxine 100 mcg",
     CareSetting::kOutpatient, {"E89.0"}},
    {"postprocedural I.A.12.a", "Hypoparathyroidism after total thyroidectomy, on calcitriol", CareSetting::kOutpatient,
     {"E89.2"}},
    {"postprocedural-not-drug I.A.12.a", "Hypothyroidism, on levothyroxine 50 mcg", CareSetting::kOutpatient, {"E03.9"}},
    // Stiffness or cervicalgia beside a current injury of the neck on its line: M43.6 and
    // M50-M54 Excludes1 "current injury - see injury of spine by body region" (I.A.12.a); a
    // pain of another region stays.
    {"current-injury I.A.12.a", "Cervical sprain after rear-end MVC yesterday; neck stiffness", CareSetting::kOutpatient,
     {"S13.4XXA", "V49.20XA"}},
    {"current-injury-other-region I.A.12.a", "neck sprain after MVC, low back pain", CareSetting::kOutpatient,
     {"S13.9XXA", "M54.50"}},
    // A calculus passed, with none left, no longer exists: its history (I.C.21.c.4), the
    // category's (History, personal, calculi, renal Z87.442); one still there stays.
    {"calculus-passed I.C.21.c.4", "L ureteral stone passed, no residual calculi on KUB", CareSetting::kOutpatient,
     {"Z87.442"}},
    {"calculus-remains I.C.21.c.4", "kidney stone, passed gravel, 5 mm stone remains", CareSetting::kOutpatient, {"N20.0"}},
    // A deceased donor's organ the patient received is the organ's transplant status, not the
    // donor's Z52 (Z52 Excludes1; I.C.21.c.3); ESRD written before that transplant, with no
    // dialysis now, is the disease the transplant treated (I.C.14.a.2); on dialysis it stays.
    {"transplant-status I.C.21.c.3", "s/p deceased donor kidney tx, Cr stable", CareSetting::kOutpatient, {"Z94.0"}},
    {"esrd-before-transplant I.C.14.a.2", "ESRD s/p deceased donor kidney tx 2020, on tacrolimus, Cr stable",
     CareSetting::kOutpatient, {"Z94.0", "Z79.621"}},
    {"esrd-on-dialysis I.C.14.a.2", "ESRD on HD, s/p failed kidney transplant", CareSetting::kOutpatient,
     {"N18.6", "Z99.2", "Z94.0"}},
    // An opening its line says is blocked or infected is the stoma's complication, not the
    // attention code (Z43 Excludes1 J95.0-, K94.-, N99.5-; I.A.12.a); a routine change is Z43.
    {"opening-complication I.A.12.a", "G-tube clogged, replaced in clinic", CareSetting::kOutpatient, {"K94.23"}},
    {"opening-complication I.A.12.a", "trach change, stoma infected", CareSetting::kOutpatient, {"J95.02"}},
    {"opening-attention I.C.21.c.7", "G-tube replacement today, routine", CareSetting::kOutpatient, {"Z43.1"}},
    // "Surveillance after completed treatment" of a malignancy: the follow-up Z08 first, then
    // its history (I.C.21.c.8: the condition "has been fully treated and no longer exists").
    {"surveillance-after-completed I.C.21.c.8", "surveillance after completed treatment for breast cancer",
     CareSetting::kOutpatient, {"Z08", "Z85.3"}},
};

TEST_F(SuggestReal, Session19SuppressCases) {
  for (const Case& c : kSession19SuppressCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 24: the wrong reading of a line (peripheral arterial disease with its ischemia, a
// polyp's pathology, a delivery's laceration, a malpresentation not in labor, a disease after
// "from"). The words are written for the rule, not taken from an item.
const Case kSession24ReadingCases[] = {
    // PAD with claudication or rest pain is atherosclerosis of the leg arteries, by side; the
    // limb and side words are no condition of their own (Index: Atherosclerosis, extremities).
    {"peripheral-atherosclerosis I.A.9", "PAD of both lower extremities with intermittent claudication",
     CareSetting::kOutpatient, {"I70.213"}},
    {"peripheral-atherosclerosis I.A.9", "Left leg PAD w/ rest pain", CareSetting::kOutpatient, {"I70.222"}},
    {"peripheral-atherosclerosis I.A.9", "PAD", CareSetting::kOutpatient, {"I73.9"}},
    // The pathology names what the polyp is: the Neoplasm Table at the polyp's site.
    {"polyp-pathology I.C.2", "Descending colon polyp, path tubular adenoma", CareSetting::kOutpatient, {"D12.4"}},
    {"polyp-pathology I.C.2", "Cecal polyp, path tubular adenoma", CareSetting::kOutpatient, {"D12.0"}},
    // A tubular adenoma is an adenomatous polyp: its history is Z86.0101 (the tabular's
    // inclusion term "Personal history of tubular adenoma polyps"), not Z86.018.
    {"adenoma-history I.C.21.c.4", "h/o tubular adenomas 2019", CareSetting::kOutpatient, {"Z86.0101"}},
    // A parapneumonic effusion is a pleural effusion in a condition classified elsewhere (J91.8).
    {"parapneumonic-effusion I.A.13", "RLL pneumonia with parapneumonic pleural effusion", CareSetting::kOutpatient,
     {"J18.9", "J91.8"}},
    // A perineal laceration of a stated degree at a delivery is the obstetric one: no O80
    // (I.C.15.b.4); the words of SVD spelled out are the uncomplicated delivery.
    {"delivery-complicated I.C.15.b.4", "NSVD at 39w2d with 3rd degree perineal laceration, repaired; liveborn",
     CareSetting::kInpatient, {"O70.20", "Z3A.39", "Z37.0"}},
    {"uncomplicated-delivery I.C.15.b.4", "Spontaneous vaginal delivery at 40w2d, single liveborn",
     CareSetting::kInpatient, {"O80", "Z3A.40", "Z37.0"}},
    // Not in labor: the maternal care for the malpresentation (O32: "cesarean delivery before
    // onset of labor"), not obstructed labor (O64).
    {"not-in-labor I.C.15", "Breech presentation at 39w0d, not in labor; primary cesarean, single liveborn",
     CareSetting::kInpatient, {"O32.1XX0", "Z3A.39", "Z37.0"}},
    // The one word after "from" that begins a disease is no drug (no "Varicose reduction drug").
    {"adverse-effect-drug-named I.C.19.e.5(a)", "Dermatitis from varicose veins", CareSetting::kOutpatient,
     {"I83.10"}},
};

TEST_F(SuggestReal, Session24ReadingCases) {
  for (const Case& c : kSession24ReadingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23: the wrong reading of a line (intent after a dash, an organism's Latin name, a
// postpartum visit, exposure, a declined drug, a repeat contraceptive, a prosthesis's
// loosening). The words are written for the rule, not taken from an item.
const Case kSession23ReadingCases[] = {
    // The dash states how the drug was taken or the intent, no plan (I.C.19.e.5(a), (b)).
    {"adverse-effect I.C.19.e.5(a)", "Phenytoin toxicity - takes phenytoin exactly as prescribed",
     CareSetting::kOutpatient, {"T42.0X5A"}},
    {"poisoning-intent I.C.19.e.5(b)", "Amitriptyline overdose - attempted suicide", CareSetting::kInpatient,
     {"T43.012A"}},
    {"poisoning-accidental-default I.C.19.e.5(b)", "Amitriptyline overdose", CareSetting::kInpatient, {"T43.011A"}},
    // A dash that goes on with the condition's detail reads on to its cause (I.A.15).
    {"linked-cause I.A.15", "Neutropenia - day 12 after chemo", CareSetting::kOutpatient, {"D70.1", "T45.1X5A"}},
    // An organism's species word is no disease: the organism as the cause (B96.1, I.C.1);
    // the disease named too stays.
    {"organism-not-disease I.B.18", "Cystitis, urine culture grew Klebsiella pneumoniae", CareSetting::kOutpatient,
     {"N30.90", "B96.1"}},
    {"organism-and-disease I.B.18", "Klebsiella pneumoniae pneumonia", CareSetting::kOutpatient, {"J15.0"}},
    // A postpartum visit is no delivery: no O80, no outcome, no weeks (I.C.15.n.1, I.C.15.b.5,
    // I.C.21.c.11).
    {"postpartum-not-delivery I.C.15.n.1", "Routine postpartum check 6 wks s/p NSVD", CareSetting::kOutpatient,
     {"Z39.2"}},
    // A chunk that opens with the exposure: the contact code (I.C.21.c.1).
    {"contact-exposure I.C.21.c.1", "Exposure to chickenpox at daycare, asymptomatic", CareSetting::kOutpatient,
     {"Z20.820"}},
    // A lymphoma whose treatment is completed, no evidence of it: its history, after the
    // follow-up examination (I.C.2.d, I.C.21.c.8).
    {"neoplasm-history I.C.2.d", "Surveillance exam after completed chemotherapy for Hodgkin lymphoma, no evidence of disease",
     CareSetting::kOutpatient, {"Z08", "Z85.71"}},
    // A declined drug is no long-term drug therapy (Z79, I.C.21.c.3).
    {"declined-drug I.C.21.c.3", "Hyperlipidemia - declines statin", CareSetting::kOutpatient, {"E78.5"}},
    // "Otherwise normal exam" found something: with abnormal findings (I.C.21.c.13).
    {"exam-with-findings I.C.21.c.13", "Annual exam - otherwise normal exam; hyperlipidemia, new dx",
     CareSetting::kOutpatient, {"Z00.01", "E78.5"}},
    // A contraceptive in use, its next dose due: surveillance (Index: Prescription of
    // contraceptives, repeat); a first injection is the initial prescription.
    {"contraceptive-surveillance I.B.1", "Depo-Provera injection, next dose due q3mo", CareSetting::kOutpatient,
     {"Z30.42"}},
    {"contraceptive-initial I.B.1", "Depo-Provera, first injection today", CareSetting::kOutpatient, {"Z30.013"}},
    // Aseptic loosening of the joint the item names, the presence not beside it (I.C.19.g).
    {"prosthesis-complication I.C.19.g", "Aseptic loosening R total knee arthroplasty", CareSetting::kInpatient,
     {"T84.032A"}},
};

TEST_F(SuggestReal, Session23ReadingCases) {
  for (const Case& c : kSession23ReadingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23, round 2: a plan piece's diagnosis read whole. The words are written for the
// rule, not taken from an item.
const Case kSession23ReadingCases2[] = {
    // The study it was seen on ("on EGD", "per EGD") is no plan word: the diagnosis after the
    // dash is coded, the bleed integral to the ulcer's combination code (I.B.5, I.B.9).
    {"diagnosis-in-plan IV.C", "Melena - duodenal ulcer with hemorrhage on EGD", CareSetting::kOutpatient, {"K26.4"}},
    {"diagnosis-in-plan IV.C", "Hematemesis - bleeding duodenal ulcer on EGD", CareSetting::kOutpatient, {"K26.4"}},
    // The Index's forms of a main term ("Ulcer, ulcerated, ulcerating ...", "Diabetes,
    // diabetic") are no words the piece leaves unsaid.
    {"diagnosis-in-plan IV.C", "Anemia - gastric ulcer", CareSetting::kOutpatient, {"D64.9", "K25.9"}},
    {"diagnosis-in-plan I.C.15.g", "G3P2 at 24w - GDM, diet controlled", CareSetting::kOutpatient,
     {"O24.410", "Z3A.24"}},
};

TEST_F(SuggestReal, Session23ReadingCases2) {
  for (const Case& c : kSession23ReadingCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 22: the wrong reading (poisoning vs adverse effect, combinations, history,
// uncertainty). The words are written for the rule, not taken from an item.
const Case kSession22ReadingCases[] = {
    // A drug taken in error is a poisoning, not an adverse effect (I.C.19.e.5(b)).
    {"poisoning-in-error I.C.19.e.5(b)", "Lithium carbonate toxicity - took two extra doses by mistake",
     CareSetting::kOutpatient, {"T43.591A"}},
    {"adverse-effect I.C.19.e.5(a)", "Lithium carbonate toxicity", CareSetting::kOutpatient, {"T43.595A"}},
    // An infarction the text dates in the past is an old one (I.C.9.e.4); days ago, acute.
    {"old-myocardial-infarction I.C.9.e.4", "s/p MI 2016", CareSetting::kOutpatient, {"I25.2"}},
    {"old-myocardial-infarction I.C.9.e.4", "CAD; MI in 2012, no angina", CareSetting::kOutpatient, {"I25.10", "I25.2"}},
    {"acute-myocardial-infarction I.C.9.e", "NSTEMI 3 days ago", CareSetting::kOutpatient, {"I21.4"}},
    // A high reading where hypertension is not diagnosed: R03.0 (Index: Elevated, blood
    // pressure, reading, no diagnosis of hypertension).
    {"elevated-reading IV.H", "elevated BP 150/96 in clinic, no dx of HTN", CareSetting::kOutpatient, {"R03.0"}},
    // Hypertension with heart failure and CKD, the heart failure read with the heart: I13.2
    // with the stage, not N18.9 beside N18.6 (I.C.9.a.3).
    {"hypertension-heart-kidney I.C.9.a.3", "Hypertensive heart & kidney disease w/ HF\nESRD on dialysis",
     CareSetting::kInpatient, {"I13.2", "N18.6", "Z99.2"}},
    // A cancer whose dash tells the completed treatment and no recurrence: its history, and the
    // follow-up examination first (I.C.2.d, I.C.21.c.8).
    {"neoplasm-history I.C.2.d", "Annual f/u bladder ca - completed tx 2018, no evidence of recurrence",
     CareSetting::kOutpatient, {"Z08", "Z85.51"}},
    // "post" links a condition to its cause as "after" does (I.A.15).
    {"linked-cause I.A.15", "Neutropenia post chemo", CareSetting::kOutpatient, {"D70.1", "T45.1X5A"}},
    // "prob" (probable) is uncertain: the symptoms in the outpatient setting (IV.H).
    {"uncertain-outpatient IV.H", "cough x2 days, prob viral bronchitis", CareSetting::kOutpatient, {"R05.1"}},
    // A type 1 code where the words say type 2 only is a misreading (I.C.4.a.2).
    {"diabetes-type I.C.4.a.2", "DM2 w/ hyperglycemia, A1c 11.2", CareSetting::kOutpatient, {"E11.65"}},
    // An examination the note says found something abnormal (I.C.21.c.13).
    {"exam-with-findings I.C.21.c.13", "Well child check - abnormal finding: obesity", CareSetting::kOutpatient,
     {"Z00.121", "E66.9"}},
};

TEST_F(SuggestReal, Session22ReadingCases) {
  for (const Case& c : kSession22ReadingCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Round 2 of the wrong reading. The words are written for the rule, not taken from an item.
const Case kSession22ReadingCases2[] = {
    // A dash that goes on with the cause ("- due to", "- adverse reaction to") is the link, not
    // a plan (I.A.15; the adverse effect's nature first, then its T code, I.C.19.e.5(a)).
    {"dash-link I.A.15", "Hyponatremia - secondary to HCTZ", CareSetting::kOutpatient, {"E87.1", "T50.2X5A"}},
    {"dash-link I.C.19.e.5(a)", "Bradycardia - adverse effect of metoprolol", CareSetting::kOutpatient,
     {"R00.1", "T44.7X5A"}},
    {"dash-plan", "Pneumonia - start augmentin", CareSetting::kOutpatient, {"J18.9"}},
    // A manifestation whose "code first" names another condition of the record (anemia in CKD,
    // D63.1: code first N18) is not joined into the diabetes combination (I.A.13, I.C.4.a);
    // a second hypertension beside its CKD combination is the same I12 (I.C.9.a.2).
    {"manifestation-of-other I.A.13",
     "A/P: 1. CKD stage 4 - due to diabetes and HTN\n2. Anemia of CKD - start ESA\n3. HTN - controlled",
     CareSetting::kOutpatient, {"I12.9", "E11.22", "N18.4", "D63.1"}},
};

TEST_F(SuggestReal, Session22ReadingCases2) {
  for (const Case& c : kSession22ReadingCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 20, the lead's cases. The words are written for the rule, not taken from an item.
const Case kSession20LeadCases[] = {
    // A question mark written against the word it doubts ("?PE") is the "? PE" cue: uncertain,
    // the sign coded in the outpatient setting (IV.H); "Lyme?" after a word is not read.
    {"question-mark-against-word IV.H", "Erythematous rash R arm, ?Lyme disease", CareSetting::kOutpatient, {"R21"}},
    {"question-mark-against-word IV.H", "?Lyme disease", CareSetting::kOutpatient, {}},
    // Gestational diabetes is coded by its control; no Z79.4/Z79.84 beside O24.4- (I.C.15.g). A
    // named drug makes the control of an unspecified or either-or reading; insulin wins.
    {"gestational-diabetes-control I.C.15.g", "Gestational diabetes, 26 weeks - on metformin, sugars at goal",
     CareSetting::kOutpatient, {"O24.415", "Z3A.26"}},
    {"gestational-diabetes-control I.C.15.g", "A2 GDM, glyburide 5 mg", CareSetting::kOutpatient, {"O24.415"}},
    {"gestational-diabetes-control I.C.15.g", "GDM on diet + insulin", CareSetting::kOutpatient, {"O24.414"}},
    // The diabetes of an untold type is type 2 (I.C.4.a.3) and insulin is its long-term drug
    // (I.C.4.a.3, Z79.4): both codes, whatever words name the type.
    {"diabetes-and-its-insulin I.C.4.a.3", "type 2 diabetes on insulin", CareSetting::kOutpatient, {"E11.9", "Z79.4"}},
    {"diabetes-and-its-insulin I.C.4.a.3", "diabetes on insulin", CareSetting::kOutpatient, {"E11.9", "Z79.4"}},
    // An Excludes2 note at a closer level than the Excludes1 note says both are coded
    // (I.A.12.b): Z01.4 Excludes2 Z30.4- against the section's Excludes1 of Z30-Z36; a
    // chapter's Excludes2 does not undo a category's Excludes1 (E79 Excludes1 gout).
    {"excludes2-closer-level I.A.12.b", "Routine gyn exam, normal; IUD insertion today", CareSetting::kOutpatient,
     {"Z01.419", "Z30.430"}},
    {"excludes1-over-chapter-excludes2 I.A.12.a", "Acute gout flare R 1st MTP, uric acid 9.4", CareSetting::kOutpatient,
     {"M10.071"}},
    // A hypertensive CKD read whole in the plan ("HTN/CKD") takes the stage the history gives,
    // and that CKD is the one the diabetes "with" presumption links (I.C.9.a.2, I.A.15).
    {"stage-before-diabetes-with I.A.15", "PMH: CKD stage 3b (eGFR 40)\nA/P:\n1. HTN/CKD - labs today\n2. DM2 - cont metformin",
     CareSetting::kOutpatient, {"I12.9", "E11.22", "N18.32", "Z79.84"}},
    // A drug the plan says the patient tolerates is one they take: long-term therapy (I.C.21.c.3).
    {"long-term-drug-tolerated I.C.21.c.3", "AF - tolerating apixaban, no bleeding", CareSetting::kOutpatient,
     {"I48.91", "Z79.01"}},
};

TEST_F(SuggestReal, Session20LeadCases) {
  for (const Case& c : kSession20LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

const Case kSession21LeadCases[] = {
    // A question mark between two conditions doubts the one after it only: the words before it
    // are a piece of their own, as with "r/o" (NegEx scope; IV.H codes the established one).
    {"question-mark-splits IV.H", "CAP ? aspiration", CareSetting::kOutpatient, {"J18.9"}},
    {"question-mark-splits IV.H", "Pneumonia (? aspiration)", CareSetting::kOutpatient, {"J18.9"}},
    {"question-mark-splits IV.H", "? TIA", CareSetting::kOutpatient, {}},
    // "OM" is otitis media, "OME" otitis media with effusion: two lexicon entries sharing one
    // stem key, each read where it is written.
    {"lexicon-shared-stem", "R OM, amoxicillin", CareSetting::kOutpatient, {"H66.91"}},
    {"lexicon-shared-stem", "bilateral OM", CareSetting::kOutpatient, {"H66.93"}},
    {"lexicon-shared-stem", "OME", CareSetting::kOutpatient, {"H65.90"}},
    // The family-history code whose inclusion term names the condition's range (Z84.1
    // "Conditions classifiable to N00-N29", a header in FY2027: its "other" child), before a
    // title reading of the chapter (Z84.2 "other diseases of the genitourinary system").
    {"family-history-inclusion-range I.C.21.c.4", "family hx of ESRD in mother", CareSetting::kOutpatient, {"Z84.19"}},
};

TEST_F(SuggestReal, Session21LeadCases) {
  for (const Case& c : kSession21LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 22, the lead's review: "prob" (probable) doubts what follows it (IV.H), but "prob" is
// also the short "problem" of a list's heading: the list is coded.
const Case kSession22LeadCases[] = {
    {"prob-is-problem IV.H", "Prob list: HTN, DM2, hyperlipidemia", CareSetting::kOutpatient, {"I10", "E11.9", "E78.5"}},
    {"prob-is-problem IV.H", "Active prob: HTN", CareSetting::kOutpatient, {"I10"}},
    {"prob-is-probable IV.H", "Problems: HTN; prob GERD", CareSetting::kOutpatient, {"I10"}},
};

TEST_F(SuggestReal, Session22LeadCases) {
  for (const Case& c : kSession22LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 23, the lead's review: what the patient declines is not done or taken, and the verb
// "declines" is no "decline" (Decline - see Deterioration, R53.81); the noun still is.
const Case kSession23LeadCases[] = {
    {"declines-negates", "Declines statin", CareSetting::kOutpatient, {}},
    {"declines-negates", "Pt declined colonoscopy", CareSetting::kOutpatient, {}},
    {"declines-negates", "HTN - declines meds", CareSetting::kOutpatient, {"I10"}},
    {"decline-noun", "General decline, elderly", CareSetting::kOutpatient, {"R53.81"}},
};

TEST_F(SuggestReal, Session23LeadCases) {
  for (const Case& c : kSession23LeadCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

const Case kSession20SuppressCases[] = {
    // Excludes1 notes that name the other code for the condition "with" or "without" what the
    // line also says: O62.2 "atony of uterus with hemorrhage (postpartum) (O72.1)", O72.1
    // "uterine atony without hemorrhage (O62.2)": both on one line go to O72.1 (I.A.12.a).
    {"excludes1-with I.A.12.a", "PPH d/t uterine atony after delivery today", CareSetting::kInpatient, {"O72.1"}},
    // "gyn exam" is the gynecological examination (Examination, gynecological Z01.419), not
    // the general adult one (I.C.21.c.12).
    {"lexicon-gyn-exam I.C.21.c.12", "Annual gyn exam, exam WNL, no complaints", CareSetting::kOutpatient, {"Z01.419"}},
    // Z98.61 Excludes1 "coronary angioplasty status with implant and graft (Z95.5)".
    {"excludes1-with I.A.12.a", "s/p PCI with stent to RCA 2019", CareSetting::kOutpatient, {"Z95.5"}},
    // J93 Excludes1 "traumatic pneumothorax (S27.0)", J94 "traumatic hemothorax (S27.1)": a
    // condition its item calls traumatic is the injury (I.A.12.a); "spontaneous" stays J93.
    {"traumatic-excludes1 I.A.12.a", "traumatic hemothorax", CareSetting::kOutpatient, {"S27.1XXA"}},
    {"not-traumatic I.A.12.a", "spontaneous pneumothorax, no trauma", CareSetting::kOutpatient, {"J93.83"}},
};

TEST_F(SuggestReal, Session20SuppressCases) {
  for (const Case& c : kSession20SuppressCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 20, round 2 (wrong extra codes on one-line items).
const Case kSession20SuppressCases2[] = {
    // An imaging study's finding after its colon, in the plan piece, is the diagnosis; the
    // symptom it explains goes (IV.C, I.B.5).
    {"study-finding IV.C I.B.5", "LLQ pain - CT: acute diverticulitis", CareSetting::kOutpatient, {"K57.92"}},
    {"study-finding IV.C I.B.5", "productive cough - CXR: pneumonia", CareSetting::kOutpatient, {"J18.9"}},
    // The unspecified code of a category beside another subcategory's code the line names,
    // even an unspecified one of its kind (I.A.9); a kind the line does not say is no kind.
    {"less-specific-kind I.A.9", "hyperlipidemia; pure hypercholesterolemia", CareSetting::kOutpatient, {"E78.00"}},
    // A one-word organism beside the infection whose code names it (I.B.9).
    {"organism-of-infection I.B.9", "RSV bronchiolitis; RSV +", CareSetting::kOutpatient, {"J21.0"}},
    {"organism-of-infection I.B.9", "hand foot mouth disease, coxsackie", CareSetting::kOutpatient, {"B08.4"}},
    // A condition the line says is no organism only (the guard Session15NotesCases holds:
    // "Sepsis d/t pneumococcal pneumonia" keeps J13 beside A40.3).
    // The Index's symptom-with-condition combination read as an unspecified code (Spens'
    // syndrome I45.9) beside the condition's specific code: that code, the symptom included
    // (I.B.5, I.B.9).
    {"symptom-in-specific-combination I.B.9", "syncopal episode due to complete AV block", CareSetting::kInpatient,
     {"I44.2"}},
    // Lexicon: a bleeding gastric ulcer is the gastric ulcer with hemorrhage (Ulcer, stomach,
    // with hemorrhage K25.4), not a stomach hemorrhage K92.2 with the ulcer left out.
    {"lexicon-bleeding-gastric-ulcer I.B.9", "bleeding gastric ulcer", CareSetting::kInpatient, {"K25.4"}},
};

TEST_F(SuggestReal, Session20SuppressCases2) {
  for (const Case& c : kSession20SuppressCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21: the detail a note gives on another line for a code that lacks it.
const Case kSession21SepsisCases[] = {
    // Sepsis whose organism the note names on another line (blood culture): the sepsis due to
    // it, not A41.9 (I.C.1.d.1.a, Index "Sepsis, Staphylococcus, aureus, methicillin ...").
    {"sepsis-organism-of-note I.C.1.d.1.a", "Dx: sepsis\nBCx 2/2 MSSA", CareSetting::kInpatient, {"A41.01"}},
    {"sepsis-organism-of-note I.C.1.d.1.a", "Dx: septic shock\nBCx: MRSA", CareSetting::kInpatient, {"A41.02", "R65.21"}},
    {"sepsis-organism-of-note I.C.1.d.1.a", "Dx: sepsis, E. coli bacteremia", CareSetting::kInpatient, {"A41.51"}},
    // Two organisms named: the note does not say which is the sepsis's.
    {"sepsis-two-organisms I.C.1.d.1.a", "Dx: sepsis\nBCx: MSSA; wound cx: MRSA", CareSetting::kInpatient, {"A41.9"}},
    // Pneumonia whose item names the organism, uncertain at an inpatient discharge (II.H).
    {"pneumonia-organism-of-item I.B.18", "RLL pneumonia, likely Pseudomonas", CareSetting::kInpatient, {"J15.1"}},
    {"pneumonia-uncertain-outpatient IV.H", "RLL pneumonia, likely Pseudomonas", CareSetting::kOutpatient, {"J18.9"}},
    // A cerebral infarction whose artery and mechanism the note names on another line (Index
    // "Infarct, cerebral, due to ..."; I.A.9); the occlusion is the infarction's cause, included
    // (I66 Excludes1, I.A.12.a).
    {"stroke-artery-of-note I.A.9", "Acute ischemic stroke\nCTA: R MCA occlusion, thrombotic", CareSetting::kInpatient,
     {"I63.311"}},
    {"stroke-artery-of-note I.A.9", "Acute ischemic stroke\nMRI: acute infarct L MCA territory, embolic", CareSetting::kInpatient,
     {"I63.412"}},
    {"stroke-artery-of-note I.A.12.a", "Acute ischemic stroke\nCTA: L MCA occlusion", CareSetting::kInpatient, {"I63.512"}},
    {"stroke-no-artery I.A.9", "Acute ischemic stroke", CareSetting::kInpatient, {"I63.9"}},
    // An infected artificial joint: the T84.5- complication, not the Z96.6- presence; the
    // organism as its cause (I.C.19.g; T84.5 "use additional code to identify infection").
    {"prosthesis-infection I.C.19.g", "Dx: periprosthetic joint infection R TKA", CareSetting::kInpatient, {"T84.53XA"}},
    {"prosthesis-infection I.C.19.g", "PMH: s/p L THA\nDx: Infection of L prosthetic hip joint (MRSA)", CareSetting::kInpatient,
     {"T84.52XA", "B95.62"}},
    {"prosthesis-presence I.C.21.c.3", "s/p R TKA, doing well", CareSetting::kOutpatient, {"Z96.651"}},
    // An infection the item negates is no complication of the prosthesis.
    {"prosthesis-infection-negated I.C.21.c.3", "s/p R TKA, no signs of infection", CareSetting::kOutpatient, {"Z96.651"}},
};

TEST_F(SuggestReal, Session21SepsisCases) {
  for (const Case& c : kSession21SepsisCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21 round 2 (wt-sep): wrong readings around infections.
const Case kSession21SepsisCases2[] = {
    // A dash that ends a word ("UTI- urine cx") separates a diagnosis from what follows, as
    // " - " does: "UTI urine" read as one phrase found nothing, and the organism alone was read
    // as a carrier state Z22 (wrong reading).
    {"dash-ends-word wrong-reading", "UTI- urine cx pending", CareSetting::kOutpatient, {"N39.0"}},
    {"dash-ends-word wrong-reading", "UTI- urine cx >100K E. coli", CareSetting::kOutpatient, {"N39.0"}},
};

TEST_F(SuggestReal, Session21SepsisCases2) {
  for (const Case& c : kSession21SepsisCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

// Session 21 (wt-drug): drugs - adverse effects, poisonings, drug-induced conditions, contraception.
const Case kSession21DrugCases[] = {
    // D70's "use additional code for any associated: fever (R50.81)" names the code by the
    // text's own word (I.A.13); D70.1 "secondary to cancer chemotherapy" asks for the drug's
    // adverse effect T45.1X5 (I.A.13, I.C.19.e.5(a)).
    {"use-additional-named I.A.13", "Neutropenic fever", CareSetting::kInpatient, {"D70.9", "R50.81"}},
    {"adverse-effect-of-code I.C.19.e.5(a)", "Neutropenic fever after cycle 2 chemo for NHL", CareSetting::kInpatient,
     {"D70.1", "T45.1X5A", "C85.90", "R50.81"}},
    // A drug correctly prescribed and properly taken is its adverse effect, not a poisoning
    // (I.C.19.e.5(a)); without those words the toxicity stays a poisoning.
    {"adverse-effect-as-prescribed I.C.19.e.5(a)", "Nausea from digoxin toxicity despite correct dosing",
     CareSetting::kInpatient, {"R11.0", "T46.0X5A"}},
    {"poisoning-default I.C.19.e.5(b)", "digoxin toxicity", CareSetting::kInpatient, {"T46.0X1A"}},
    // Lexicon: lithium toxicity is the drug (Table: Lithium, salts T43.59-), not the metal T56.89-.
    {"lexicon-lithium-salts I.C.19.e.5(b)", "Lithium toxicity from accidental double dosing w/ coarse tremor",
     CareSetting::kInpatient, {"T43.591A", "R25.1"}},
    // Z30.09 "other general counseling" yields to the Z30.0 code naming the purpose (I.A.9.a).
    {"other-beside-specific I.A.9.a", "contraception counseling, starting OCPs", CareSetting::kOutpatient, {"Z30.011"}},
    // A grade with its number is no ICANS grade (wrong reading); ICANS named keeps its grade.
    {"grade-is-no-icans wrong-reading", "Grade 1 peripheral neuropathy", CareSetting::kOutpatient, {"G62.9"}},
    {"icans-grade", "ICANS grade 2", CareSetting::kOutpatient, {"G92.02"}},
};

TEST_F(SuggestReal, Session21DrugCases) {
  for (const Case& c : kSession21DrugCases) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

const Case kSession21DrugCases2[] = {
    // Excludes1 between E87.1 and E22.2 (I.A.12.a): a cause named in another clause ("SIADH
    // 2/2 lung cancer; hyponatremia") does not make hyponatremia the cause; SIADH stays.
    {"integral-symptom excludes1 clause I.A.12.a", "Syndrome of inappropriate ADH secretion 2/2 lung cancer; hyponatremia",
     CareSetting::kInpatient, {"E22.2", "C34.90"}},
    // A drug given (naloxone) is no dependence: "narcan" is the drug, not opioid use (I.C.5.b).
    {"other: drug given is no dependence", "Unintentional overdose of oxycodone, given narcan in the ED",
     CareSetting::kInpatient, {"T40.2X1A"}},
};

TEST_F(SuggestReal, Session21DrugCases2) {
  for (const Case& c : kSession21DrugCases2) EXPECT_EQ(Codes(c.text, c.setting), c.codes) << c.problem << ": " << c.text;
}

}  // namespace
