// The note coder's state and candidates (private to the core): one Suggest call reads the
// note (suggest.cpp: chunks, search, defaults, details) and applies the conventions that
// join, add, drop and order codes (suggest_conventions.cpp). See medcode/suggest.h.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/index.h"
#include "medcode/lookup.h"
#include "medcode/search.h"
#include "medcode/suggest.h"
#include "medcode/years.h"
#include "ascii.h"
#include "note_text.h"

namespace medcode::coding {

using note::Assertion;
using note::Section;

// One token of the text: a run of letters and digits, with '/' inside ("s/p", "w/") and a
// '.' between digits ("2.5"). folded: its words as the search folds them.
struct Tok {
  uint32_t begin, end;
  std::vector<std::string> folded;
  bool content = false;  // a word that can carry meaning (not filler, not a stopword)
  bool number = false;
  bool used = false;
  bool absent = false;  // after "without" / "w/o" in its chunk: a detail said to be absent
  bool duration = false;  // "x3 days", "for five days": how long, never a word of a title
};

struct Candidate {
  uint32_t code;
  std::vector<TextSpan> evidence;
  Section section = Section::kNone;
  uint32_t item = 0;
  uint32_t line = 0;
  uint32_t position = 0;     // first evidence offset
  uint32_t weight = 0;       // tokens of evidence (for conflicts)
  int group = 0;             // 0 diagnosis, 1 other section, 2 history/family/status, 3 external cause
  std::vector<std::string> why;
  std::vector<RuleApplied> rules;
  std::vector<Alternative> alternatives;
  bool dropped = false;
  // Both sides documented and the category has no bilateral code: this is the right side's
  // code, and the left side's (this field) is reported beside it (I.B.13).
  uint32_t left_too = format::kNone;
  uint32_t doc = format::kNone;  // the search document that found it (kNone: made by a rule)
};

bool IsWordByte(char c);
// The tokens of text[b, e), with content, number and absent marks.
std::vector<Tok> Tokens(std::string_view text, uint32_t b, uint32_t e);
std::vector<std::string> SplitSpaces(std::string_view s);
// The runs of letters and digits of a (lower-case) title.
std::vector<std::string> TitleWords(const std::string& s);
// Any of the words (or phrases) in lower-case text, on word boundaries.
bool HasAny(std::string_view lower, std::initializer_list<std::string_view> words);
// Blanks each cancer treatment the (lower-case) text says is over ("chemo completed 2023",
// "s/p XRT"); true when one was blanked (suggest_suppress.cpp).
bool BlankPastTreatment(std::string& lower);
// The state of a fracture's healing the (lower-case) words document, as its 7th character
// (I.C.19.a): K nonunion, P malunion, G delayed healing, D routine healing; 0 for none.
char HealingOf(std::string_view lower);
// "G2P1", "g1p0": gravida and para.
bool GravidaPara(std::string_view lower);
// Whether the hit's matched words include the main term of an index path (framing main
// terms such as "Status", "History" are not asked for).
bool MainTermMatched(const SearchResult& r, const SearchHit& h, std::string_view path);
// The (lower-case) text does not say a drug is given briefly, stopped or only planned
// (I.C.21.c.3).
bool LongTermDrugText(std::string_view lower);
// The undotted code within a note's code range ("E11.2-" .. "E11.29").
bool InRange(std::string_view undotted, const NoteRef& r);

// What the coder read from the Alphabetic Index (its look-ups walk the terms): kept by the
// Suggester across calls, for its one code set.
struct IndexCache {
  bool sites_read = false;
  std::set<std::string> sites;                                       // SiteWord's words (folded)
  std::map<uint32_t, std::optional<std::pair<uint32_t, std::string>>> manifestations;  // by search document: code, term
  // The Index's "History, personal (of)" read as a map from the condition to its history
  // code: key an undotted condition code or a 3-character category; value the history code
  // and the Index term that gives it (HistoryOf, suggest_manifestation.cpp).
  bool history_read = false;
  std::map<std::string, std::pair<uint32_t, std::string>, std::less<>> history;
  // Chapter 15's "Conditions in D50-D64" inclusion terms (O98-O99): the range and its code.
  bool pregnancy_ranges_read = false;
  std::vector<std::pair<NoteRef, uint32_t>> pregnancy_ranges;
  // The Index term a search document stands for (its "see" followed), kNone when none
  // (IndexTermOf, suggest_manifestation.cpp).
  std::map<uint32_t, uint32_t> doc_terms;
  // The Index to Diseases' terms by the code each gives (code, node; sorted), read once
  // (ReadLinkedCause, suggest_sibling.cpp).
  std::vector<std::pair<uint32_t, uint32_t>> code_terms;
  bool code_terms_read = false;
  // The main terms by their keys, built at the first path looked up (FindIndexPath,
  // suggest_manifestation.cpp).
  std::optional<index::MainTermKeys> main_terms;
};

// The searcher as the Suggester uses it: each question (query, limit, date) is searched
// once; asking it again returns the first answer (the search is deterministic). A note asks
// the same question for each repeated phrase, and the joins and rules ask again what the
// chunks asked; the notes of a batch ask many of the same questions (Suggester::KeepSearches).
class MemoSearcher {
 public:
  explicit MemoSearcher(Searcher& searcher) : searcher_(searcher) {}
  const Result<SearchResult>& Search(std::string_view query, const SearchOptions& options);
  const Searcher& searcher() const { return searcher_; }
  // Forgets every answer when more than max are kept. Only between Suggest calls: a call
  // holds references to the answers it asked for.
  void ForgetAbove(size_t max) {
    if (answers_.size() > max) answers_.clear();
  }

 private:
  using Key = std::tuple<std::string, uint32_t, uint32_t>;  // query, limit, date
  using KeyView = std::tuple<std::string_view, uint32_t, uint32_t>;
  // Looks a key up by a view of the query, without a string made for it. (std::less<> compared
  // a tuple of views with a tuple of strings, which clang with libstdc++ 12 refuses.)
  struct KeyLess {
    using is_transparent = void;
    static KeyView View(const Key& k) { return {std::get<0>(k), std::get<1>(k), std::get<2>(k)}; }
    static const KeyView& View(const KeyView& k) { return k; }
    template <class A, class B>
    bool operator()(const A& a, const B& b) const { return View(a) < View(b); }
  };
  Searcher& searcher_;
  std::map<Key, Result<SearchResult>, KeyLess> answers_;
};

// State of one Suggest call.
class NoteCoder {
 public:
  NoteCoder(const CodeSet& cs, MemoSearcher& searcher, IndexCache& cache, std::string_view text, const SuggestOptions& options)
      : cs_(cs), searcher_(searcher), cache_(cache), text_(text), lower_(ascii::Lower(text)), options_(options),
        year_(ChooseYearAt(cs, options.date).index) {}

  SuggestResult Run();

 private:
  const CodeSet& cs_;
  MemoSearcher& searcher_;
  IndexCache& cache_;
  std::string_view text_;
  std::string lower_;
  SuggestOptions options_;
  int year_;  // the year in force on the date of service (CodeSet::years())
  note::Layout layout_;
  bool pregnancy_ = false;  // the note is a pregnant patient's (words or a gestational age)
  bool newborn_ = false;    // the note is a newborn's
  char handed_ = 0;         // the hand the record says the patient favors ('L', 'R'; I.C.6.a)
  // The code as the year coded has it: reportable in that year, and its title then.
  bool Billable(uint32_t code) const { return cs_.InYear(code, year_) && cs_.BillableIn(code, year_); }
  std::string_view Title(uint32_t code) const { return cs_.TitleIn(code, year_); }
  std::vector<Candidate> cands_;
  std::vector<uint32_t> story_history_;  // the story's history chunks (StoryHistoryBesideNeoplasm)
  mutable std::optional<bool> current_pregnancy_;  // CurrentPregnancy, read once
  SuggestResult out_;
  std::map<uint32_t, std::optional<CodeDetail>> details_;  // Lookup once per code and call
  // A word the Index lists as a main term that only says "see condition" ("Colon", "Heel",
  // "Ascending"): a site, never a condition of its own (suggest_manifestation.cpp, which owns
  // the coder's other Index look-ups; cached in cache_).
  bool SiteWord(const std::string& folded);

  // The code's notes (own and inherited), looked up once per Suggest call.
  const CodeDetail* Detail(uint32_t code) {
    auto it = details_.find(code);
    if (it == details_.end()) {
      auto d = Lookup(cs_, Dotted(code));
      it = details_.emplace(code, d ? std::optional<CodeDetail>(std::move(*d)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  std::string Dotted(uint32_t i) const { return cs_.Dotted(i); }
  bool Listed(uint32_t item) const {
    for (const note::Chunk& c : layout_.chunks)
      if (c.item == item) return c.listed;
    return false;
  }
  std::string_view Undotted(uint32_t i) const { return cs_.code(i); }
  // The lower-case line the text offset `pos` is on (an offset at a line's end is on that line).
  std::string_view LineLowerAt(size_t pos) const {
    size_t b = pos == 0 ? std::string::npos : lower_.rfind('\n', pos - 1);
    b = b == std::string::npos ? 0 : b + 1;
    size_t e = lower_.find('\n', pos);
    if (e == std::string::npos) e = lower_.size();
    return std::string_view(lower_).substr(b, e - b);
  }
  // The lower-case line the chunk is on.
  std::string_view LineLower(const note::Chunk& c) const { return LineLowerAt(c.begin); }
  std::string_view ChunkLower(const note::Chunk& c) const {
    return std::string_view(lower_).substr(c.begin, c.end - c.begin);
  }
  // The lower-case chunks of an item, each followed by a space.
  std::string ItemLower(uint32_t item) const {
    std::string out;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == item) out.append(ChunkLower(ch)).push_back(' ');
    return out;
  }

  // The item a diagnosis's dash opens after `item` on its line, UINT32_MAX when none does.
  uint32_t DashDetailItem(uint32_t item, uint32_t line) const;
  // The words of the lexicon's readings of an item's free words (`own` false), for the sibling
  // step's test of whether a sibling's title may read them (suggest_sibling.cpp).
  std::vector<std::string> LexiconReadingWords(const std::vector<Tok>& words, const std::vector<bool>& own) const;

  // The candidate's line puts its infarction in the past ("s/p MI", "MI 2019", "MI 3 yrs ago").
  bool PastInfarction(const Candidate& c) const;
  void CodeChunk(uint32_t ci);
  // A past condition's history and status codes; false when it has no history code.
  bool CodeHistory(const note::Chunk& ch, const std::vector<Tok>& toks);
  // The tokens without those of the chunk's trigger words.
  std::vector<Tok> WithoutTrigger(const note::Chunk& ch, std::vector<Tok> toks) const;
  std::optional<Candidate> FamilyByChapter(const note::Chunk& ch, const std::vector<Tok>& toks);
  // The condition a family member has ("Father with lung cancer": C34.90), without the
  // trigger and the relative; none for a symptom, an injury or a Z code.
  std::optional<Candidate> FamilyCondition(const note::Chunk& ch, const std::vector<Tok>& toks);
  std::optional<Candidate> AdverseEffect(const note::Chunk& ch, std::vector<Tok>& toks);
  uint32_t ReadingWords(const std::string& readings, const format::DocRec& doc);
  uint32_t UnsaidWords(const SearchResult& r, const format::DocRec& doc) const;
  uint32_t UnsaidIn(const SearchResult& r, std::string_view text) const;  // the same, for any text
  uint32_t SaidIn(const SearchResult& r, std::string_view text) const;    // the words of a text the query says
  // The document says a word of a condition the query does not (modifiers and kind words aside).
  bool SaysMoreThanOneWord(const SearchResult& r, const format::DocRec& doc) const;
  // The document (an Index path) has an acronym ("HIV", "MRSA") outside parentheses, other
  // than NEC and NOS, that the search did not read.
  bool UnsaidAcronym(const SearchResult& r, const format::DocRec& doc) const;
  // A name with its kind ("Still's disease") read from the name written as an ordinary word.
  bool NameReadAsWord(const note::Chunk& ch, const std::vector<Tok>& toks, size_t at, const format::DocRec& doc,
                      bool trusted) const;
  void JoinQualifiedChunks();
  // A plan piece that is only a diagnosis ("- NSTEMI"): coded as one; false otherwise.
  bool PlanDiagnosis(const note::Chunk& ch, const std::vector<Tok>& toks, int group);
  bool PlanDiagnosisPart(const note::Chunk& ch, const std::vector<Tok>& toks, int group);
  // An adult's BMI value: its Z68 code where the note has a diagnosis it supports (I.B.14);
  // the value's tokens used.
  std::optional<Candidate> BodyMassIndex(const note::Chunk& ch, std::vector<Tok>& toks);
  // The chunk does not say its drug is given briefly, stopped or only planned (I.C.21.c.3).
  bool LongTermDrugTold(const note::Chunk& ch) const;
  // The items after the chunk's on its line that say only a course ("; chronic, compensated").
  std::string CourseAfter(const note::Chunk& ch) const;
  // A carcinoma of a named organ: its malignant primary code by site (C00-C76), the organ's
  // and the morphology's tokens used; nothing when the text names no organ or says more.
  std::optional<Candidate> PrimaryBySite(const note::Chunk& ch, std::vector<Tok>& toks);
  // Tokens of a slash form the lexicon reads as words ("N/V", "N/V/D") become one token with
  // those words.
  void ReadSlashForms(std::vector<Tok>& toks) const;
  // Marks the tokens of a gestational age used when the chunk names a condition besides the
  // pregnancy (the weeks rule reads them: Z3A, I.C.15.a.7).
  void SetAsideGestation(const note::Chunk& ch, std::vector<Tok>& toks) const;
  // Marks the tokens of "late effect(s)" opening a chunk used (the sequela rules read them).
  void SetAsideLateEffect(std::vector<Tok>& toks) const;
  void SetAsideHandedness(std::vector<Tok>& toks) const;  // "R-handed": dominance, no condition (I.C.6.a)
  bool CauseLinkBeside(const std::vector<Tok>& toks, size_t t) const;  // "ED 2/2 DM2": a cause link next to token t
  void SetAsidePlace(std::vector<Tok>& toks) const;       // "placed in ED": the emergency department
  bool IsStatusPost(const Tok& t) const;  // the token is "s/p" (status post)
  // External causes (suggest_external_cause.cpp): an injury code (S00-T34, T66-T78) and, for
  // each line with one and no cause yet, the cause its words state (V00-Y38, I.C.20.a).
  bool InjuryCode(uint32_t code) const;
  void ApplyExternalCause();
  // Code prefixes FindOne's search is narrowed to (SearchOptions::within); null: none.
  const std::vector<std::string>* within_ = nullptr;
  bool said_only_ = false;  // FindOne accepts only a document whose every word the text says
  void ApplySeverity(Candidate& c);  // "mild"/"moderate"/"severe" in place of "unspecified severity" (I.C.5.d)
  // framing: words the narrowed category's titles add to every document ("Family history of").
  bool FindOne(const note::Chunk& ch, std::vector<Tok>& toks, const std::string& prefix, bool first,
               std::optional<Candidate>& found, std::string_view range_first = {}, std::string_view range_last = {},
               uint32_t framing = 0);
  // told: the words that may say a subsequent encounter (the line without its plan text);
  // none given: chunk_lower.
  uint32_t Finalize(uint32_t code, std::string_view chunk_lower, Candidate& c, std::string_view told = {});
  std::optional<uint32_t> Sibling(uint32_t code, std::string_view from, std::string_view to) const;
  std::optional<uint32_t> DefaultChild(uint32_t code) const;
  std::optional<uint32_t> ChildSaidBy(uint32_t code, std::string_view lower) const;
  // The one child of a header an Index entry (search document `doc`) names (suggest.cpp).
  std::optional<uint32_t> IndexNamedChild(uint32_t code, uint32_t doc) const;
  // The one child of a header whose title's words an Index entry's text says (suggest.cpp).
  std::optional<uint32_t> ChildNamedBy(uint32_t code, std::string_view entry) const;
  void AddUseAdditional(const note::Chunk& ch, std::vector<Tok>& toks, const Candidate& main);
  // A word of the code's own title is among its evidence (suggest.cpp).
  bool SaysOwnTitle(const Candidate& c) const;
  // An abbreviation of its evidence the lexicon reads as its whole title (suggest.cpp).
  bool ReadAsTitle(const Candidate& c);
  // The manifestation the index prints in brackets beside the term that found `main`
  // (suggest_manifestation.cpp).
  void AddManifestation(const note::Chunk& ch, std::vector<Tok>& toks, const Candidate& main);
  std::optional<std::pair<uint32_t, std::string>> ManifestationOf(uint32_t doc) const;
  // The Index term a search document stands for (its "see" followed); kNone when none.
  uint32_t IndexTermOf(uint32_t doc) const;
  // index::FindPath with the cache's main-term keys (built at the first call).
  Result<uint32_t> FindIndexPath(std::string_view path, uint32_t book, std::string* rest) const;
  bool SeeTargetSubterm(size_t i, const std::vector<Tok>& words, std::string_view line);  // suggest_sibling.cpp
  std::optional<std::pair<uint32_t, std::string>> CodeFirstOfWith(uint32_t term, std::string_view code) const;
  // The personal-history code the Index gives for a condition code (by the code, else by its
  // category), with the Index term; nullptr when the Index has none (I.C.21.c.4).
  const std::pair<uint32_t, std::string>* HistoryOf(uint32_t condition);
  // A past acute infection or rheumatic fever the Index names no history term for: the
  // history code of its kind (Z86.19, Z86.79); nothing for other conditions.
  std::optional<uint32_t> PastInfectionHistory(uint32_t condition) const;
  void ReadHistoryTerms();
  void Explain(const SearchResult& r, const SearchHit& h, Candidate& c) const;
  void NotCodedChunk(const note::Chunk& ch, const char* reason, std::string explanation, bool look_up_code);
  // A status code (Z93-Z99) from the story of a note with an assessment (suggest_note_sections.cpp).
  void StatusBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks);
  // A past medical history beside an assessment: its status codes (Z77-Z99) and the chronic
  // conditions it lists, those with no history code (IV.J, III; suggest_note_sections.cpp).
  void PastHistoryBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks);
  // A current tobacco dependence the story, social or past history documents beside an
  // assessment (IV.J; suggest_note_sections.cpp).
  void TobaccoBesideAssessment(const note::Chunk& ch, std::vector<Tok> toks);
  // The chunk's words say a current tobacco use, not a past one (suggest_note_sections.cpp).
  bool CurrentTobacco(const note::Chunk& ch) const;
  // A BMI in a section the note's conditions are not coded from: Z68 beside the diagnosis it
  // supports (I.B.14; suggest_note_sections.cpp).
  void BodyMassIndexAside(const note::Chunk& ch);
  // A BMI code with no diagnosis it documents is not reported (I.B.14; suggest_note_sections.cpp).
  void ApplyBodyMassIndexDiagnosis();
  // A past-history condition the assessment codes in its category is the assessment's
  // (suggest_note_sections.cpp).
  void ApplyPastHistoryAssessed();
  // A drug the story says the patient is on: Z79 beside the assessment (I.C.21.c.3;
  // suggest_note_sections.cpp).
  void LongTermDrugFromStory(const note::Chunk& ch, const std::vector<Tok>& toks);
  // The assessment's unspecified code made specific by the story's code in its category
  // (suggest_note_sections.cpp).
  void DetailFromStory();
  // The lines a note's assessment concludes, read for its detail (suggest_note_sections.cpp).
  bool StoryOfAssessment(const note::Chunk& ch) const;
  // An unspecified code whose sibling's own words or side another line documents: the sibling.
  void SiblingWordsFromStory(Candidate& a);
  // A "not intractable" G40/G43 code whose story says intractable: the intractable code.
  void IntractableFromStory();
  // A leukemia "not having achieved remission" whose lines say it relapsed: its relapse code
  // (I.C.2.n; suggest_note_sections.cpp).
  void ApplyLeukemiaRelapse();
  // The detailed code's title names all the vague ("unspecified") code's title says of its
  // condition (suggest_note_sections.cpp).
  bool SameConditionMoreDetail(uint32_t vague, uint32_t detailed) const;
  // Gestational diabetes O24.4- coded by the control the note names, no Z79.4/Z79.84/Z79.85
  // beside it (I.C.15.g; suggest_note_sections.cpp).
  void ApplyGestationalControl();
  // A general examination with a condition coded: "with abnormal findings" (I.C.21.c.13;
  // suggest_note_sections.cpp).
  void ApplyExamFindings();
  // A family history outside the assessment that bears on no condition the assessment
  // treats is not reported (IV.J, III.A; suggest_note_sections.cpp).
  void ApplyFamilyRelevance();
  // A past malignancy the story documents is reported where the assessment treats a neoplasm
  // (III.A, IV.J; suggest_note_sections.cpp).
  void StoryHistoryBesideNeoplasm();
  // Sepsis with an acute organ dysfunction the record links to it: R65.2- (I.C.1.d.1.a;
  // suggest_note_sections.cpp).
  void ApplySevereSepsis();
  // A fragility fracture of known osteoporosis: M80, not the traumatic fracture (I.C.13.d.1;
  // suggest_note_sections.cpp).
  void ApplyFragilityFracture();
  void ApplyNeoplasticFracture();  // M84.4- beside a neoplasm of its item: M84.5- (Index: Fracture, pathological, due to)
  // An artificial opening the encounter manages: Z43.-, not the status Z93.- (I.C.21.c.3;
  // suggest_note_sections.cpp).
  void ApplyAttentionToOpening();
  // Coronary atherosclerosis and angina in one record: I25.11- of the angina's kind (I.C.9.b;
  // suggest_note_sections.cpp).
  void ApplyAnginaOfCad();
  // The organism another code of the item names, for an infection of unspecified organism
  // (I.B.18; suggest_note_sections.cpp).
  void OrganismOfItem(Candidate& c, const std::string& head);
  // The organism the text names in words ("blood cx 2/2 MSSA") for an infection of unspecified
  // organism: the code "due to" it (suggest_organism_text.cpp); the whole note for sepsis.
  void OrganismOfText(Candidate& c, const std::string& head, bool whole_note);
  // The code "<head><detail>" whose detail the text names in one to three words, in the
  // present chunks of the note (whole_note) or of the code's item and of the items that name
  // one of `specimen` and no other specimen; none when none or two are
  // (suggest_organism_text.cpp).
  std::optional<uint32_t> DetailOfText(const Candidate& c, const std::string& head, bool whole_note,
                                       std::initializer_list<std::string_view> specimen = {});
  // A chapter 15 code whose title names the past: a past obstetric event as the current
  // pregnancy's care (I.C.15.a.1; suggest_note_sections.cpp).
  bool PastObstetric(uint32_t code);
  // The record documents a current pregnancy, not only an obstetric word (suggest_note_sections.cpp).
  bool CurrentPregnancy() const;
  // The chunk of a candidate's first evidence; assessed: any evidence in the assessment.
  const note::Chunk* EvidenceChunk(const Candidate& c, bool& assessed) const;
  // A vaccine the assessment or plan gives: Z23, and the chunk holds no condition (I.C.21.c.2;
  // suggest_note_sections.cpp).
  bool ImmunizationGiven(const note::Chunk& ch);
  // An encounter chiefly for chemotherapy, immunotherapy or radiation: Z51.- first (I.C.2.e.2;
  // suggest_note_sections.cpp).
  void ApplyTreatmentEncounter();
  // A delivery with a liveborn infant: Z37.0 on the mother's record (I.C.15.b.5;
  // suggest_note_sections.cpp).
  void ApplyOutcomeOfDelivery();
  // A delivery this encounter: the "in childbirth" option of an obstetric code (I.C.15.a.3;
  // suggest_note_sections.cpp).
  void ApplyChildbirth();
  void ApplyPostpartumVisit();  // outpatient Z39.0: the routine follow-up Z39.2 (I.C.15.o.4)
  // A readmission for a puerperal condition: no Z37, no Z3A (I.C.15.b.5, I.C.21.c.11;
  // suggest_note_sections.cpp).
  void ApplyPostpartumReadmission();
  // "Pneumonia, unspecified organism" beside "Pneumonia due to <organism>" from another line
  // or item: not reported (I.B.18; suggest_note_sections.cpp).
  void ApplyUnspecifiedOrganism();
  // An infected artificial joint: the T84.5- complication code, not the Z96.6- presence, and
  // the organism as its cause (suggest_prosthesis_infection.cpp).
  void ApplyProsthesisInfection();
  // Pre-existing diabetes in pregnancy (O24.0-, O24.1-) followed by E10.9 / E11.9 when no
  // diabetes code of the type is coded (I.C.15.g; suggest_note_sections.cpp).
  void ApplyPregnancyDiabetesType();
  // An outpatient assessment with an uncertain diagnosis: the chief complaint's symptoms
  // (IV.H; suggest_note_sections.cpp).
  void SymptomsOfUncertainAssessment();
  // The story's neurologic deficits of an assessed acute stroke (I.B.6;
  // suggest_note_sections.cpp).
  void StrokeDeficitsFromStory();
  // The CKD stage the note documents beside hypertensive CKD (I12, I13) coded without one
  // (suggest_conventions.cpp; before ApplyDiabetes and again after ApplyHypertension).
  void StageBesideHypertension(bool unspecified_too = false);
  void ApplyDialysisStage();  // a CKD stage of an item on dialysis (Z99.2): N18.6 (I.C.14.a.1)
  // The codes the story's chunks read that the two tests accept (with new_categories: in
  // categories not yet coded; with result_readings: a result's words after " - " too, its
  // reading and no plan; suggest_note_sections.cpp).
  std::vector<Candidate> StoryCodes(const std::function<bool(const note::Chunk&)>& take_chunk,
                                    const std::function<bool(std::string_view)>& take_code, bool new_categories = true,
                                    bool result_readings = false, bool history_too = false);
  // Fever beside an infection the record codes: not coded apart (I.B.5;
  // suggest_note_sections.cpp).
  void ApplyFeverOfInfection();
  // The code a note names with the words before it ("fever (R50.81)") where the chunk says them.
  std::optional<Candidate> NamedByNote(const note::Chunk& ch, const std::vector<Tok>& toks, std::string_view note,
                                       std::string_view code);
  // A code a note-level rule reports (Z23, Z51.-, Z37.0), with the chunk it rests on (none:
  // the whole record); none if the code set lacks it or it is not billable.
  std::optional<Candidate> MadeByRule(std::string_view code, const note::Chunk* ch, int group, uint32_t position,
                                      std::string_view why, RuleApplied rule);
  // The chapter title of a code ("Neoplasms"), "" if none.
  std::string ChapterOf(uint32_t code);
  void ApplyDiabetes();
  void DiabetesType();
  void ApplyHypertension();
  void ApplyUndiagnosedHypertension();
  void ApplyCombinations();  // suggest_combination.cpp
  void ApplyCopdInfection();  // suggest_combination.cpp
  void CodeInfectionOfCopd();  // J44.0's "code also" infection from its Index path (I.A.17)
  void ApplyOrganism();       // suggest_combination.cpp
  // Dementia due to Alzheimer's read as F01/F03: F02 with the same detail, after G30 (I.A.13).
  void ApplyDementiaEtiology();
  void DementiaOfAlzheimer();  // G30's bracketed manifestation F02, with its detail (I.A.13; after the one-reading rule)
  void ApplyDrugInduced();
  void ApplyDrugOfCode();  // T45.1X5 beside D70.1 "secondary to cancer chemotherapy" (I.A.13)
  void ApplySymptomSibling();
  void ApplyOneReading();
  void ApplyExcludes1();
  // Whether an Excludes2 of `code` written at a closer level than `level` names `other`: both
  // are coded, the Excludes1 aside (I.A.12.b; suggest_conventions.cpp).
  bool Excludes2Names(uint32_t code, uint32_t other, std::string_view level);
  void ApplyStroke();  // an artery without its mechanism: I63.5- (I.A.9); Z92.82 only from elsewhere
  void ApplySequela();
  // Peripheral arterial disease with claudication, rest pain or gangrene: I70.2- (suggest_conventions.cpp).
  void ApplyPeripheralAtherosclerosis();
  // A polyp whose pathology names its neoplasm ("sigmoid polyp, path tubular adenoma"): the
  // Neoplasm Table by the polyp's site (suggest_conventions.cpp).
  void ApplyPolypPathology();
  void ApplySymptoms();
  // Severe sepsis (R65.2-) without a code of the systemic infection: A41.9 first (I.C.1.d.4.a).
  void ApplySepsis();
  void ApplySpecificity();
  void ApplyPregnancy();
  bool CodeInRemission(Candidate& c) const;  // a past substance dependence: in remission (I.C.5.b.1)
  void ApplySubstanceUse();  // use disorder severity and remission (I.C.5.b.1), one per substance (I.C.5.b.2)
  void ApplyNewbornMaturity();  // a newborn's birth weight and weeks: P07 (I.C.16.d)
  void ApplyNeoplasmHistory();  // a malignancy excised, untreated and gone is its history (I.C.2.d)
  void ApplyFollowUpExam();  // a visit's examination after completed treatment: Z08/Z09 first (I.C.21.c.8)
  bool FollowUpOfFirstProblem();  // the assessment's first problem gone: Z08/Z09 first (I.C.21.c.8)
  const char* FollowUpFirst(const Candidate& history);  // Z08/Z09 first, on the history's evidence
  void ApplyCorrectedCongenital();
  void ApplyObstetricHistory();  // a pregnant patient's obstetric history is O09.2- (I.C.15.b.2)  // a corrected congenital malformation is its history (I.C.17)
  // A pregnant patient's condition coded from chapter 15 (I.C.15.a.1): the O code the Index
  // lists for it in pregnancy, else the O98/O99 code whose inclusion term names its range.
  void ApplyPregnancyChapter();
  // by_range: also by the O98/O99 inclusion terms (not for a Z code).
  std::optional<uint32_t> PregnancyCodeOf(const Candidate& c, bool by_range);
  void ApplyInjuryAftercare();
  void ApplyUnsitedInjury();  // T14 beside the injury coded by its site (I.C.19.b)
  // A code of the category whose Index entry or title reads more of its line's words (I.B.2;
  // suggest_sibling.cpp).
  void ApplyDocumentedSibling();
  // A detail a code's title says is present ("with fluctuations") that its item says is absent:
  // the sibling whose title says it absent (I.B.2; suggest_sibling.cpp).
  void ApplyNegatedDetail();
  // The stems of the content words a candidate's own item and line say are absent.
  std::set<std::string> DeniedStems(const Candidate& c) const;
  // A condition one item codes with its title's default absence ("without dyskinesia") and
  // another item with that detail: the detailed one (I.B.1, I.A.12.a; suggest_sibling.cpp).
  void ApplyDetailElsewhere();
  // A condition linked to its cause ("due to", "2/2", "from", "after", "in"): the code of its
  // category that the Index gives under the condition's term for that cause (I.A.15, I.B.1;
  // suggest_sibling.cpp).
  void ApplyLinkedCause();
  void ReadLinkedCause(size_t i);  // one candidate's (ApplySepsis reads its A41.9's)
  // The cause's code "without complications" with a complication the note links to it (I.A.15).
  void CauseWithComplication(size_t cause, size_t condition);
  // The drug's code (T36-T50) of a word's row in the Table of Drugs, if any (suggest_sibling.cpp).
  std::optional<uint32_t> DrugTableTerm(const std::string& folded) const;
  // Diabetes documented as poorly controlled: E1x.65 (the Index; suggest_sibling.cpp).
  void ApplyDiabetesControl();
  // A fracture's delayed healing documented on another line of its note: 7th character G
  // (I.C.19.a; suggest_sibling.cpp).
  void ApplyNoteHealing();
  void ApplyContactExposure();  // a contact's communicable disease: Z20.- (I.C.21.c.1)
  void Order();
  // The assessment lists the two codes as problems of their own (suggest_conventions.cpp).
  bool ListedApart(const Candidate& a, const Candidate& b) const;
  void Alternatives(Candidate& c) const;
  void Emit();
  void Drop(Candidate& c, const char* reason, std::string explanation);
  // Codes that must not be reported (suggest_suppress.cpp): a hit that rests on a word the
  // text says is absent or that only gives an age; and ApplySuppression, the guideline rules
  // that drop a code beside the others, called once from Run.
  bool HitRestsOnUnsaid(const std::vector<Tok>& toks, const std::vector<size_t>& matched, const SearchResult& r,
                        const SearchHit& h, std::string_view doc_text) const;
  void ApplySuppression();
  void ApplyScreeningNotDisease();  // a disease screened for is no diagnosis (I.C.21.c.5)
  void ApplyPostCovid();            // U07.1 of the item that names U09.9 (I.C.1.g.1.m)
  void ApplyEncounterReasonZ();     // Z23 not given, Z76.0 beside a condition (I.C.21.c.2, c.13)
  void ApplyRuledOutByResult();     // inpatient "r/o X - test neg": ruled out (II.H)
  void ApplyOrganismNamed();        // "unspecified organism" beside its category's named one (I.B.18)
  void ApplyUnspecifiedOfLine();    // an unspecified code beside its category's specific one (I.A.9)
  void ApplyBodySystemSymptoms();   // N23, K62.5, F51.5, ... beside a diagnosis of their system (I.B.4-5)
  void ApplyIndexCombination();     // a term's own code beside the code its subterm gives (I.B.9)
  bool ConditionCoded() const;  // a disease, injury or sign code (A00-T88) not dropped
  void ApplyObservationBesideDiagnosis();  // no Z03-Z05 observation code beside a diagnosis (I.C.21.c.6)
  void ApplyUnspecifiedRegionInjury();  // no T14 beside another code or for a surgical wound (I.B.3, I.C.19.b)
  void ApplyTypeOneControl();       // no Z79.4/Z79.84/Z79.85 beside type 1 diabetes only (I.C.4.a.3)
  void ApplyPlacedThisStay();       // no Z93/Z95-Z97 status for a device placed this stay (I.C.21.c.3)
  void ApplyElderlyPregnancy();     // Z34 of a patient 35 or older: O09.5- (I.C.15.b.1)
  void ApplyTreatedAndGone();       // a condition treated and gone: its history code (I.C.21.c.4)
  void ApplyParentheticalSymptoms();  // "bradycardia (HR 42, lightheaded)": R42 not coded (I.B.4-5)
  void ApplyAsymptomaticHiv();       // "HIV ..., never had OI or AIDS": Z21, not B20 (I.C.1.a.2.d)
  void ApplyLivingDonor();           // Z52 only for a living donor: not a recipient's (Z52 Excludes1)
  void ApplyTransplantedKidney();    // "ESRD s/p kidney tx", no dialysis: Z94.0, not N18.6 (I.C.14.a.2)
  void ApplyTreatmentOver();         // no Z51.0/Z51.1- for a treatment the text says is over (I.C.2.e.2)
  void ApplyStoneWithHydronephrosis();  // N20.- with hydronephrosis: N13.2 alone (I.B.9)
  void ApplyObstructiveEmphysema();     // COPD NOS J44.9 beside emphysema J43.- of its line: J43 alone
  void ApplyPostprocedural();  // "hypothyroidism after RAI ablation": its Excludes1's E89.0 (I.A.12.a)
  void ApplyCurrentInjury();   // M24/M43.6/M54 beside a current injury of its region (Excludes1)
  void ApplyOpeningComplication();  // "G-tube dislodged, replaced": K94.23, not Z43.1 (Z43 Excludes1)
  void ApplyOrganismOfInfection();  // "RSV bronchiolitis, RSV swab +": the organism J21.0 names, not J20.5 (I.B.9)
  // A subterm below the Index term (or the term a subterm's "see" names) leads to the code.
  bool SubtermLeadsTo(uint32_t term, uint32_t code) const;
  // The code's notes (own and inherited) may ask for the other beside it: a "code first", "use
  // additional code" or "code also" note names its range or names none (words only).
  bool NotesAskFor(uint32_t code, uint32_t other);
  // A header with no unspecified child: its residual child ("Other seborrheic keratosis"),
  // where the title of the header says nothing of "other"; nothing when it has none.
  std::optional<uint32_t> ResidualChild(uint32_t header) const;
};

}  // namespace medcode::coding
