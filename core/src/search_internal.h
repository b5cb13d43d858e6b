// Private to the search (search*.cpp): the state of one query as Searcher::Search takes it
// through its phases, the readings a query word can have, and the small text helpers the
// phases share. Nothing here is API.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medcode/search.h"

namespace medcode {

// One way a query word (or phrase) can match: all of its stems, each a term range.
struct Searcher::Alt {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // per stem: terms [lo, hi)
  std::vector<uint32_t> exact;                        // per stem: the term equal to it, or kNone
  // Every stem found in the vocabulary.
  bool nonempty() const {
    if (ranges.empty()) return false;
    for (const auto& r : ranges) {
      if (r.first == r.second) return false;
    }
    return true;
  }
};

struct Searcher::Slot {
  QueryWord word;
  std::vector<Alt> alts;
  bool typing = false;  // the last word, still being typed
  bool merged = false;  // a correction that is another word of the query: counted there
  uint8_t phrase_words = 1;  // the typed words a lexicon phrase reads ("hair falling out": 3), not negated
  uint32_t df = 0;      // documents matched
  double weight = 0;
};

// A document's score for a code (the best one per code is kept).
struct Searcher::Scored {
  double score;
  uint32_t code;
  uint32_t doc;
  uint32_t mask;
  // A total order (score, code, document): libstdc++ and libc++ must sort ties alike.
  static bool Better(const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.code != b.code ? a.code < b.code : a.doc < b.doc;
  }
};

// One query on its way through the phases of Search, each filling in what the next reads.
// Query::split_before: what came between a kept word and the one before it. ReadWords marks
// a comma in its word list with kClauseMark (no token is punctuation).
inline constexpr uint8_t kAndBefore = 1, kCommaBefore = 2;
inline constexpr std::string_view kClauseMark = ",";

struct Searcher::Query {
  uint32_t limit = 0;  // SearchOptions::limit
  uint32_t page = 0;   // hits RankHits and PutDefaultCodes fill: the limit and a few spare (FoldShownForms)
  bool count_partial = true;  // SearchOptions::count_partial
  bool fold_forms = true;     // SearchOptions::fold_forms
  bool weigh_phrases = true;  // SearchOptions::weigh_phrases
  int year = 0;        // the year searched: codes not in it never match (CodeSet::InYear)
  // ReadWords: codes narrowing the words, and the words kept (folded, in query order) with
  // their stems ("~stem" for a negated word).
  std::vector<std::string> code_filters;
  uint32_t filter_gen = 0;  // the codes the filters let through: filter_stamp_ == filter_gen
  std::vector<std::string> kept;
  std::vector<std::string> stems;
  bool last_typing = false;  // the last kept word is still being typed
  std::vector<std::string> truncated;  // words written cut short with a period ("unspec.", "lft.")
  std::vector<uint8_t> split_before;    // per kept word: kAndBefore ("and", "&", "+"), kCommaBefore
  std::vector<uint8_t> ruled_out;       // per kept word: it came after "r/o" or "rule out" (WeighSlots)
  std::vector<std::string> typed_order;  // the kept words in the order typed, repeats kept ("other ... other fetus")
  // BuildSlots: one slot per word or lexicon phrase (bit i of a mask is slots[i]).
  std::vector<Slot> slots;
  std::vector<uint8_t> slot_of;  // per kept word (as BuildSlots leaves kept): its slot
  // WeighSlots: documents each slot's readings can match at most, and the sum of the weights.
  std::vector<uint64_t> est;
  double total_w = 0;
  uint32_t connectors = 0;  // slots that join two conditions of the query ("with")
  uint32_t splits = 0;      // slots that start a condition after a dropped "and", "&" or "+"
  uint32_t ruled = 0;       // slots of a condition to rule out ("cp r/o mi": mi), weighed down
  uint8_t waived = 0;       // default classes the query asks for (search_defaults.cpp)
  bool one_side = false;    // the query names one side, right or left, and not both (BuildSlots)
  bool external_asked = false;  // the query asks for an external cause: other codes follow V00-Y99
  // MarkDocuments: every document matched (doc_[d].stamp == gen), in the order first matched.
  uint32_t gen = 0;
  std::vector<uint32_t> touched;
  // ReportWords: where the slots' words start in SearchResult::words (code filters first).
  size_t word_base = 0;
  // Cover: the slots' final weights, each touched document's query coverage, the best
  // coverage and the bar a document must reach to rank.
  double weights[32] = {};
  Scratch<float> qcovs;  // (not zero-filled: Cover writes each)
  float max_q = 0;
  float threshold = 0;
  // Score: the best document of each code (code_stamp_ == cgen; code_best_ indexes best).
  uint32_t cgen = 0;
  uint32_t all_matched = 0;  // slots that matched any document
  bool typing_slot = false;  // the last slot is still being typed
  std::vector<Scored> best;
};

// In the year searched and, with code filters, under one of them. Inline: asked for every
// document a query touches.
inline bool Searcher::PassesFilter(const Query& q, uint32_t code) const {
  return cs_.InYear(code, q.year) && (q.code_filters.empty() || filter_stamp_[code] == q.filter_gen);
}
// The weight of the slots in `mask` (bit i: slots[i]), as Cover set them: how much of the query
// a document's or a lead's words are. Inline: Cover asks for every touched document.
inline double Searcher::MaskWeight(const Query& q, uint32_t mask) {
  double w = 0;
  for (; mask; mask &= mask - 1) w += q.weights[std::countr_zero(mask)];
  return w;
}

// PassesFilter for a document: a document of the older years only (format::kDocOlderYears: a term
// the newest year gave a new code) is not the code's in the newest year.
inline bool Searcher::PassesDocFilter(const Query& q, const format::DocRec& doc) const {
  return PassesFilter(q, doc.code) && !((doc.flags & format::kDocOlderYears) && q.year == cs_.newest_year());
}

namespace search_detail {

// What a score (Searcher::ScoreOf) gives query and document coverage, and adds to the first
// at most: document coverage 100, kind 11, main term 15, whole word 5, billable 3.
inline constexpr double kQueryCoverageWeight = 1000.0;
inline constexpr double kDocCoverageWeight = 100.0;
inline constexpr double kMaxBeyondCoverage = 134.0;

// The book's defaults (search_defaults.cpp): classes of codes that rank lower unless the
// query asks for them, and what each costs a score; each word a query matches weighs more.
inline constexpr uint8_t kPenIntent = 1;          // assault/self-harm/undetermined poisoning (I.C.19.e.5(b)), underdosing
inline constexpr uint8_t kPenOpen = 2;            // open fracture (I.C.19.c.1)
inline constexpr uint8_t kPenOtherDetail = 4;     // nondisplaced fracture (I.C.19.c.1); left dominant, right nondominant side (I.C.6.a)
inline constexpr uint8_t kPenElsewhere = 8;       // never first-listed (I.A.13)
inline constexpr uint8_t kPenExternalCause = 16;  // V00-Y99
inline constexpr uint8_t kPenQuality = 32;        // HCPCS quality-data codes
inline constexpr uint8_t kPenTerminated = 64;     // a terminated HCPCS code
inline constexpr uint8_t kPenAdverse = 128;       // adverse effect of a drug, with no cause or effect said (I.C.19.e.5(a))
inline constexpr uint8_t kPenSecondary = kPenExternalCause | kPenQuality | kPenTerminated;  // lead after diagnoses
inline constexpr uint16_t kNotDefaultPenalty = 30;
inline constexpr uint16_t kExternalCausePenalty = 120;
inline constexpr uint16_t kTerminatedPenalty = 1000;
// One code's classes (0 for most codes); icd: the code set is ICD-10-CM (its titles say them).
uint8_t DefaultClassesOf(const CodeSet& cs, uint32_t code, bool icd);
// The code prefixes of the diseases a symptom code (R00-R39, undotted) is routinely part of
// (I.B.5), by its block, space separated: "I J" for R00-R09 (circulatory and respiratory),
// "K" for R10-R19, "L B0" for R20-R23 (skin; B00-B09 are the viral infections characterized
// by skin lesions; R20, skin sensation, "L B0 G": the nerves' too), "G M" for R25-R29, "N"
// for R30-R39; empty for any other code.
std::string_view SymptomSystem(std::string_view code);
// Whether a code begins with one of a SymptomSystem's prefixes.
bool OfSystem(std::string_view code, std::string_view system);
// Beside a code's classes (Searcher::code_pen_, above its classes and kClassesKnown), read
// only for a query that names one side (Query::one_side: PenaltyOf): the title says
// "bilateral" ("Bilateral inguinal hernia, ...", "..., bilateral"), which costs kNotDefaultPenalty.
inline constexpr uint16_t kBilateralTitle = 0x200;
inline constexpr uint16_t kBilateralKnown = 0x400;
bool SaysBilateral(std::string_view title);
// Per set of classes: the score they cost.
std::array<uint16_t, 256> PenaltyTable();
// The classes a query asks for (by its stems), whose cost is waived.
uint8_t WaivedClasses(const std::vector<std::string>& stems);

bool IsAlnumAscii(char c);
// "E11", "e11.6", "E116", "S52.001A", also "E1" while typing. Empty if not code-shaped.
std::string CodeQuery(std::string_view q);
// Letters present in a word, as bits: one edit changes at most two of them.
uint32_t LetterMask(std::string_view w);
// Optimal string alignment distance, stopping early above `max` (words up to 63 letters).
int EditDistance(std::string_view a, std::string_view b, int max);

// A pure look-up's answer kept by its key in map m (at most `most` answers: emptied when full),
// found by find() the first time: TermRange, FindLexicon and Corrections ask it for the same
// words again and again.
template <class Map, class Key, class Find>
const typename Map::mapped_type& Remembered(Map& m, size_t most, Key&& key, Find&& find) {
  if (auto it = m.find(key); it != m.end()) return it->second;
  if (m.size() >= most) m.clear();
  return m.emplace(std::forward<Key>(key), find()).first->second;
}

}  // namespace search_detail

// A code's classes of the book's defaults, found once (code_pen_). Inline: asked for every
// document scored.
inline uint8_t Searcher::ClassesOf(uint32_t code) const {
  uint16_t& c = code_pen_[code];
  if (!(c & kClassesKnown)) c = kClassesKnown | search_detail::DefaultClassesOf(cs_, code, icd_);
  return static_cast<uint8_t>(c);
}

}  // namespace medcode
