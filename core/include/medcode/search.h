// Code search and terminology matching.
//
// A query is codes or words. Codes: "E11", "e11.6", "E116" list that part of the
// classification, exact code first. Words are matched against a lexicon of documents
// (titles, inclusion terms, Alphabetic Index paths, see-references, Table rows):
//  - words in any order; small words optional; inflections meet (Porter stems);
//  - the last word is a prefix while it is being typed;
//  - a misspelled word is corrected against the code set's vocabulary;
//  - the curated clinical lexicon expands abbreviations and lay terms ("htn",
//    "heart attack", "w/o"); an ambiguous abbreviation offers its readings;
//  - nonessential modifiers of the index may match but are never required;
//  - a code among words narrows them to that part ("E11 foot ulcer").
// Ranking: how much of the query a document covers, then how much of the document the
// query covers (a specific query finds the specific code), then the kind of document
// (an index main term's default code is what a general query wants), billable first.
// Every hit carries the document that matched and which query words it matched.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "medcode/buffer.h"
#include "medcode/codeset.h"

namespace medcode {

inline constexpr uint32_t kMaxLimit = 1000;
inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr size_t kMaxQueryWords = 32;  // a query word is a bit of a 32-bit mask

struct SearchOptions {
  uint32_t limit = 20;  // 1..kMaxLimit
  // Date of service (YYYYMMDD; 0 = none): a file of several years (ICD-10-CM FY2026 and
  // FY2027) finds only the codes of the year in force on it (medcode/years.h; a date
  // outside every year uses the nearest). 0 searches the newest year.
  uint32_t date = 0;
  // false: SearchResult::partial is not counted (a walk over every document any word touched:
  // 9 % of the note coder's CPU in `perf`): for callers that read only the hits (the note coder).
  bool count_partial = true;
  // Code prefixes the hits must start with ("V", "W", "Y0"): the search narrowed to a part of
  // the classification, as a code among the words narrows it ("E11 foot ulcer"); none: all.
  std::vector<std::string> within;
  // true: another form of a code already on the page (a later encounter of an injury, a header
  // above its own code) follows the page's other concepts, for a person reading the list;
  // false: the hits in score order (the note coder weighs them itself).
  bool fold_forms = true;
  // true: a lexicon phrase the query types in several words ("hair falling out" = alopecia)
  // weighs more than one word of the query does (Searcher::WeighSlots), for a person who
  // typed a concept and some words around it; false: every reading weighs by its postings
  // alone (the note coder, tuned on those weights, searches windows of a note's lines).
  bool weigh_phrases = true;
};

enum class MatchKind : uint8_t {
  kExactCode = 1,   // the query is this code
  kCodePrefix = 2,  // the code starts with the query
  kWords = 3,       // query words matched a document of the code
};

// How one query word was used.
enum class WordUse : uint8_t {
  kExact = 1,      // found as typed (or an inflection of it)
  kPrefix = 2,     // the last word, still being typed
  kCorrected = 3,  // misspelled: matched as `used`
  kExpanded = 4,   // abbreviation / lay term: matched as `used` (one or more readings)
  kUnknown = 5,    // matched nothing
  kCodeFilter = 6, // a code narrowing the words
};

struct QueryWord {
  std::string text;   // as in the query (folded); a lexicon phrase keeps its words together
  WordUse use = WordUse::kExact;
  std::string used;   // correction or expansion(s), " | " between readings
};

struct SearchHit {
  uint32_t code;        // index into the CodeSet
  uint32_t score;       // higher is better; comparable within one result list
  MatchKind kind;
  uint32_t doc;         // best matching document (CodeSet::docs()), format::kNone for code matches
  uint32_t matched;     // bit i set: SearchResult::words[i] matched this document
};

struct SearchResult {
  std::vector<SearchHit> hits;       // best first, at most limit
  uint32_t total = 0;                // codes matching as many words as the best match (code queries: all with the prefix)
  std::vector<QueryWord> words;      // the query's words and how each was used
  std::vector<std::string> unknown;  // words matched nowhere (also in words, as kUnknown)
  int year = 0;                      // the year searched (index into CodeSet::years(); 0 for one year):
                                     // a hit is billable when cs.BillableIn(hit.code, year)
  bool every_word = false;           // word queries: the `total` codes match every word found
  uint32_t partial = 0;              // word queries: codes matching fewer words than the `total` ones
  // Word queries naming several conditions ("chf w/ afib") that no code has whole: the
  // first `leads` hits are each the best code of one part (hit.matched: its words).
  uint32_t leads = 0;
  // A code-shaped query that is no code of the set ("T36.01A"): the valid codes it most
  // likely means, dotted, and why ("... lacks the placeholder X ...").
  std::vector<std::string> did_you_mean;
  std::string did_you_mean_reason;
};

const char* WordUseName(WordUse use);     // "exact", "prefix", "corrected", "expanded", "unknown", "code-filter"
const char* DocKindName(uint8_t kind);   // "title", "inclusion term", "index", "index see-reference", "table"
// One line saying why a hit matched: "index: Diabetes, diabetic, type 2 (words: type, 2, diabetes)".
std::string Explain(const CodeSet& cs, const SearchResult& r, const SearchHit& hit);

class Searcher {
 public:
  explicit Searcher(const CodeSet& cs);
  Result<SearchResult> Search(std::string_view query, const SearchOptions& options = {});
  // The curated lexicon's entry for a key (stems; `raw`: a raw form such as "w/o"), the one
  // written as `typed` where two share the key ("om", "ome"); nullptr if none.
  const format::LexRec* FindLexicon(std::string_view key, bool raw, std::string_view typed = {}) const;

 private:
  struct Alt;
  struct Slot;
  struct Scored;
  struct Query;  // one query's state through the phases below (search_internal.h)

  // The phases of Search, in order (words: search_query.cpp; slots: search_slots.cpp;
  // documents: search_match.cpp; scores and hits: search_rank.cpp; headers: search_headers.cpp).
  static void SplitAtEncounter(std::vector<std::vector<std::string>>& clauses);
  static void AskedForExternalCause(std::vector<std::string>& tokens, Query& q);
  // The words after the code filters (SplitCodeFilters: `rest`); false: no words.
  Result<bool> ReadWords(const std::string& rest, Query& q) const;
  void BuildSlots(Query& q) const;
  void LeaveOthersWords(Query& q) const;
  void WeighSlots(Query& q) const;
  void MarkDocuments(Query& q);
  void ReportWords(Query& q, SearchResult& out) const;
  void Cover(Query& q, SearchResult& out);
  void Score(Query& q);
  void CompleteHeaders(Query& q);
  void RankHits(Query& q, SearchResult& out) const;
  bool BeginsWithQueryWord(const Query& q, const Scored& sc) const;
  void OrderTies(const Query& q, std::vector<Scored>& best, size_t take) const;
  uint32_t TypedPairs(const Query& q, uint32_t code, const std::vector<std::pair<uint8_t, uint8_t>>& pairs) const;
  void PutDefaultCodes(const Query& q, SearchResult& out) const;
  void FoldShownForms(const Query& q, SearchResult& out) const;
  bool ShownForm(const SearchResult& out, size_t first, size_t before, uint32_t code) const;
  void PutCategory(SearchResult& out, uint32_t limit) const;

  // Parts of the phases.
  void SplitCodeFilters(std::string_view query, Query& q, std::string& rest, SearchResult& out) const;
  void FindTruncated(std::string_view text, Query& q) const;
  size_t LexiconSlot(Query& q, size_t i) const;  // words used from i, 0 if no phrase there
  size_t JoinedLexiconSlot(Query& q, size_t i) const;
  const format::LexRec* MisspelledLexicon(const Query& q, const std::vector<size_t>& win, size_t len, size_t& fixed,
                                          std::string& fix) const;
  const std::vector<uint32_t>& PhraseWordsNear(const std::string& word, const std::string& stem) const;
  static std::string FixedKey(const Query& q, const std::vector<size_t>& win, size_t len, size_t fixed,
                              const std::string& stem);
  Slot PhraseSlot(const format::LexRec& lex, const std::string& key, const std::string& text, bool one_word,
                  const std::vector<std::string>& others,
                  bool negated) const;
  bool JoinedSlot(Query& q, size_t i) const;     // kept[i] and kept[i + 1] as one word
  bool WeeksSlot(Query& q, size_t i) const;      // "30 weeks": also its trimester
  Slot WordSlot(const Query& q, size_t i) const;
  void AddCommonReadings(Slot& s, const std::string& word, std::pair<uint32_t, uint32_t> exact) const;
  bool AddTruncatedReadings(const Query& q, Slot& s, const std::string& word, std::pair<uint32_t, uint32_t> exact) const;
  static bool AddPrefixAlts(Slot& s, const std::vector<std::pair<uint32_t, uint32_t>>& prefixes,
                            std::pair<uint32_t, uint32_t> exact);
  void AddSplitReading(Slot& s, const std::string& word) const;
  void AddNegatedReadings(Slot& s, const std::string& word) const;
  void AddCorrections(Slot& s, const std::string& word) const;
  Alt AltOf(const std::string& stems_joined) const;
  void Mark(Query& q, size_t si, uint32_t d, uint32_t ess, bool exact);
  void MarkSlot(Query& q, size_t si);
  void CheckSlot(Query& q, size_t si, const std::vector<uint32_t>& sorted_docs);
  void CheckCommonSlots(Query& q, const std::vector<size_t>& check, double rest_w);
  std::vector<uint32_t> SortedTouched(Query& q);
  bool Contains(uint32_t t, uint32_t& pos, uint32_t d, uint32_t& ess) const;
  bool PassesFilter(const Query& q, uint32_t code) const;
  bool PassesDocFilter(const Query& q, const format::DocRec& doc) const;
  static double MaskWeight(const Query& q, uint32_t mask);  // the weight of the slots in mask
  double ScoreOf(const Query& q, uint32_t d, double qcov) const;
  double UnspecifiedPoints(const format::DocRec& dr) const;
  double ReadUnspecifiedPoints(const format::DocRec& dr) const;
  void AddScored(Query& q, const Scored& sc);
  void ScoreBelowBar(Query& q, const bool (&seen_mask)[256]);
  std::vector<Scored> HeadPaths(const Query& q) const;
  void CompleteHead(const Query& q, const Scored& head, std::vector<Scored>& completed) const;
  void CompleteUnder(const Query& q, const Scored& head, uint32_t root, const std::vector<std::string>& head_words,
                     std::vector<Scored>& completed) const;
  bool DocHas(const Query& q, size_t si, uint32_t doc, uint32_t& ess) const;
  std::vector<Scored> Leads(Query& q) const;
  static std::vector<uint32_t> Conditions(const Query& q);
  static uint32_t RelationalSlots(const Query& q);
  const format::DocRec* TitleDoc(uint32_t code) const;
  uint32_t DefaultCode(const Query& q, uint32_t header) const;
  uint32_t UnspecifiedChild(const Query& q, uint32_t header) const;

  void CodeMatches(const std::string& code, uint32_t limit, int year, SearchResult& out);
  void DidYouMean(std::string_view query, uint32_t date, SearchResult& out) const;
  Result<bool> SearchWords(std::string_view query, const SearchOptions& options, SearchResult& out);
  std::pair<uint32_t, uint32_t> TermRange(std::string_view stem, bool prefix) const;
  std::pair<uint32_t, uint32_t> FindTermRange(std::string_view stem, bool prefix) const;
  const format::LexRec* FindLexiconEntry(std::string_view key, bool raw, std::string_view typed) const;
  std::vector<std::pair<uint32_t, uint32_t>> PrefixRanges(std::string_view word) const;
  std::vector<std::string> Corrections(const std::string& word, uint32_t except_term = UINT32_MAX) const;
  std::vector<std::string> FindCorrections(const std::string& word, uint32_t except_term) const;
  std::vector<std::string> VowelDropped(const std::string& word) const;
  bool NegatedInTitles(const std::string& word, const std::string& next = {}) const;
  void EndWithoutAtSaidWord(const std::vector<std::string>& clause, std::vector<bool>& negated) const;
  std::string ApplyRawLexicon(std::string_view text) const;
  uint32_t NextGen(std::vector<uint32_t>& stamps, uint32_t& gen);
  // The last query whose documents were marked, as MarkDocuments left it (SearchWords), and its
  // words without their code filters: a query that differs from it only by its code filters
  // ("K29 overdose ...", then "L27 overdose ...": the note coder asks a phrase in several
  // categories) reads the same words and marks the same documents, whose scratch (doc_) is
  // still that query's, so it starts from there. Replaced at every marking.
  std::shared_ptr<const Query> marked_;
  std::string marked_rest_;

  const CodeSet& cs_;
  // Scratch values are read only where their stamp is this query's (written first): they are
  // not zero-filled when the searcher is made (Scratch: megabytes for ICD-10-CM); the stamps are.
  template <class T>
  using Scratch = std::vector<T, NoZeroFill<T>>;
  // Per-document scratch, valid where its stamp == doc_gen_. A document's fields side by
  // side with their stamp: they are read together, at random places of a large array (one
  // cache miss for the four, not two: marking a note's searches' postings was a seventh of
  // the note coder's CPU). Zero-filled when the searcher is made, as the stamps must be.
  struct DocScratch {
    uint32_t stamp;  // the query (doc_gen_) the other fields are of
    uint32_t mask;   // query slots matched
    uint32_t ess;    // weight of the essential document stems matched
    uint32_t exact;  // the last word matched a whole stem
  };
  std::vector<DocScratch> doc_;
  // Per-document scratch for the slot being marked: its contribution to doc_[d].ess, so the
  // reading that fits a document best counts ("tumor of brain": "malignant neoplasm of
  // brain" over "neoplasm of brain" for C71.9's title).
  std::vector<uint32_t> slot_stamp_;
  Scratch<uint32_t> slot_ess_;
  uint32_t slot_gen_ = 0;
  uint32_t doc_gen_ = 0;
  // Per-document scratch for one multi-word alternative.
  std::vector<uint64_t> touched_bits_;  // CheckCommonSlots: a query's documents as bits (all zero between queries)
  std::vector<uint32_t> alt_stamp_;
  Scratch<uint8_t> alt_count_;
  Scratch<uint32_t> alt_ess_;
  uint32_t alt_gen_ = 0;
  std::vector<uint32_t> term_masks_;  // letters of each term's usual spelling
  mutable std::vector<uint32_t> stem_masks_;  // letters of each term's stem (made by the first correction)
  // The words of the lexicon's phrases as written, with their stems (made by the first misspelled phrase).
  mutable std::vector<std::pair<std::string, std::string>> phrase_words_;
  mutable std::map<std::string, std::vector<uint32_t>> phrase_fixes_;  // per word: PhraseWordsNear
  // The lexicon's raw forms ("w/o", "s/p"), longest first (ApplyRawLexicon; read by the first query).
  mutable std::vector<const format::LexRec*> raws_;
  mutable std::vector<std::vector<const format::LexRec*>> raws_by_byte_;  // raws_ by their first byte
  mutable bool raws_read_ = false;
  // TermRange's and FindLexicon's answers by their arguments (a key made in term_key_ and
  // lex_key_, kept to spare an allocation per look-up), found once: pure functions of the
  // code set, asked for the same words by each window of a note. Emptied when full.
  mutable std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> term_ranges_;
  mutable std::unordered_map<std::string, const format::LexRec*> lex_found_;
  mutable std::string term_key_, lex_key_;
  mutable std::vector<int8_t> unspecified_points_;  // per document: UnspecifiedPoints + 2 once known, 0 before
  // Each word's corrections (word, term left out), found once: finding them walks the whole
  // vocabulary, and a note's searches ask again for the same words. Emptied when full.
  mutable std::map<std::pair<std::string, uint32_t>, std::vector<std::string>> corrections_;
  // How much a stem says (rarer = more, integer so every platform ranks alike), and each
  // document's total over its essential stems: a document whose unmatched words are common
  // ("Fracture, traumatic, rib" for "broken rib") fits better than one missing a rare word
  // ("Fracture, pathological, rib").
  uint32_t eindex_source_ = 0xFFFFFFFFu;  // META input of the External Cause Index, if any
  std::vector<uint16_t> term_weight_;
  std::vector<uint32_t> doc_weight_;
  std::vector<uint8_t> head_doc_;  // an index path, see-reference, table cell or inclusion term of a header
  bool has_index_ = false;         // any Alphabetic Index path (ICD-10-CM); HCPCS and CPT have titles only
  // Per code: its classes of the book's defaults (search_defaults.cpp), found when the code is
  // first scored (kClassesKnown set): reading all 98,000 ICD-10-CM titles when the searcher was
  // made was a fifth of opening the code set in wasm, and a query scores a few hundred codes.
  static constexpr uint16_t kClassesKnown = 0x100;
  mutable std::vector<uint16_t> code_pen_;
  bool icd_ = false;  // ICD-10-CM: the classes are read from the titles
  uint8_t ClassesOf(uint32_t code) const;
  std::array<uint16_t, 256> pen_cost_{};  // per set of classes: what it takes from a score
  uint16_t PenaltyOf(const Query& q, uint32_t code) const;
  // Per code: it starts with one of the query's code filters ("E11 foot ulcer") where
  // filter_stamp_[c] == the query's filter_gen (marked once per query, from cs.sorted()).
  std::vector<uint32_t> filter_stamp_;
  uint32_t filter_gen_ = 0;
  // Per-code aggregation.
  std::vector<uint32_t> code_stamp_;
  Scratch<uint32_t> code_best_;  // index into the scored list
  uint32_t code_gen_ = 0;
};

}  // namespace medcode
