// Searcher: the public side of the search (search.h) and the phases in order. Search checks
// the query, answers a code query by codes, and otherwise takes the words through the
// phases: words (search_query.cpp), slots (search_slots.cpp), documents (search_match.cpp),
// scores and hits (search_rank.cpp), headers (search_headers.cpp); the vocabulary they
// look words up in is search_vocab.cpp. Also the names of word uses and document kinds, a
// hit's explanation, and the per-code-set tables the searcher computes once.
#include "medcode/search.h"

#include "medcode/years.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include "medcode/date.h"
#include "medcode/lookup.h"
#include "medcode/text.h"
#include "ascii.h"
#include "search_internal.h"
#include "enum_names.h"

namespace medcode {

using namespace format;
using search_detail::CodeQuery;
using search_detail::LetterMask;

const char* WordUseName(WordUse use) {
  static constexpr const char* kNames[] = {
      nullptr, "exact", "prefix", "corrected", "expanded", "unknown", "code-filter"};
  return EnumName(use, kNames, "exact");
}

const char* DocKindName(uint8_t kind) {
  static constexpr const char* kNames[] = {
      nullptr, "title", nullptr, "inclusion term", "index", "index see-reference", "table"};
  return EnumName(kind, kNames, "title");
}

std::string Explain(const CodeSet& cs, const SearchResult& r, const SearchHit& hit) {
  if (hit.kind == MatchKind::kExactCode) return "code";
  if (hit.kind == MatchKind::kCodePrefix) return "code prefix";
  if (hit.doc >= cs.docs().size()) return "category of the code above";
  const DocRec& d = cs.docs()[hit.doc];
  std::string s = std::string(DocKindName(d.kind)) + ": " + std::string(cs.str(d.text));
  // An index path to a header, completed by this code's title (search: "broken left ankle").
  if (d.code != hit.code) s += " -> " + cs.Dotted(d.code) + ", then this code's title";
  std::string words;
  for (size_t i = 0; i < r.words.size() && i < 32; ++i) {
    if (!(hit.matched & (1u << i))) continue;
    const QueryWord& w = r.words[i];
    if (!words.empty()) words += ", ";
    words += w.text;
    if ((w.use == WordUse::kCorrected || w.use == WordUse::kExpanded) && !w.used.empty()) words += " = " + w.used;
  }
  if (!words.empty()) s += " (words: " + words + ")";
  return s;
}

namespace {

// Hits filled beyond the limit (SearchWords): room for the page's other concepts when a header
// follows the default code that took its place (FoldShownForms).
constexpr uint32_t kSpareHits = 6;

// A term's weight added to each document where it is essential, a term per call (see
// compact.cpp kChunk: later calls of a wasm function may run its optimized code).
[[gnu::noinline]] void AddEssentialWeight(std::span<const uint32_t> post, uint16_t w, uint32_t* doc_weight) {
  for (uint32_t v : post) {
    if (!((v >> 24) & kPostOptional)) doc_weight[v & kIdMask] += w;
  }
}

}  // namespace

Searcher::Searcher(const CodeSet& cs)
    : cs_(cs),
      doc_(cs.docs().size(), DocScratch{0, 0, 0, 0}),
      slot_stamp_(cs.docs().size(), 0),
      slot_ess_(cs.docs().size()),
      alt_stamp_(cs.docs().size(), 0),
      alt_count_(cs.docs().size()),
      alt_ess_(cs.docs().size()),
      filter_stamp_(cs.size(), 0),
      code_stamp_(cs.size(), 0),
      code_best_(cs.size()) {
  term_masks_.reserve(cs.terms().size());
  // Negated stems ("~gangren") are never a correction: an impossible mask keeps them out.
  for (const auto& t : cs.terms()) {
    term_masks_.push_back(cs.str(t.text).starts_with(text::kNegated) ? 0xFFFFFFFFu : LetterMask(cs.str(t.display)));
  }
  for (size_t i = 0; i < cs.meta().inputs.size(); ++i) {
    if (cs.meta().inputs[i].role == "eindex") eindex_source_ = static_cast<uint32_t>(i);
  }
  code_pen_.assign(cs.size(), 0);
  icd_ = cs.meta().system == "ICD-10-CM";
  pen_cost_ = search_detail::PenaltyTable();
  head_doc_.reserve(cs.docs().size());
  for (const auto& d : cs.docs()) {
    const auto kind = static_cast<DocKind>(d.kind);
    // An inclusion term of a header is an index entry too ("Pyelonephritis in pregnancy" under O23.0):
    // completed by the header's codes like a path (search_headers.cpp).
    head_doc_.push_back((kind == DocKind::kIndexPath || kind == DocKind::kIndexSee || kind == DocKind::kTable ||
                         kind == DocKind::kInclusion) &&
                        !cs.billable(d.code));
    has_index_ = has_index_ || kind == DocKind::kIndexPath;
  }
  const double n_docs = static_cast<double>(cs.docs().size());
  term_weight_.reserve(cs.terms().size());
  doc_weight_.assign(cs.docs().size(), 0);
  const auto post = cs.postings();
  for (const auto& t : cs.terms()) {
    const double idf = std::log(1.0 + n_docs / (1.0 + static_cast<double>(t.post_count)));
    const uint16_t w = static_cast<uint16_t>(std::clamp(std::lround(idf * 16.0), 1L, 65535L));
    term_weight_.push_back(w);
    AddEssentialWeight(post.subspan(t.post_first, t.post_count), w, doc_weight_.data());
  }
}

uint32_t Searcher::NextGen(std::vector<uint32_t>& stamps, uint32_t& gen) {
  if (++gen == 0) {  // wrapped: reset the stamps
    std::fill(stamps.begin(), stamps.end(), 0);
    gen = 1;
  }
  return gen;
}

void Searcher::CodeMatches(const std::string& code, uint32_t limit, int year, SearchResult& out) {
  auto [lo, hi] = cs_.PrefixRange(code);
  std::vector<uint32_t> idx;
  idx.reserve(hi - lo);
  for (uint32_t k = lo; k < hi; ++k) {
    if (cs_.InYear(cs_.sorted()[k], year)) idx.push_back(cs_.sorted()[k]);
  }
  out.total += static_cast<uint32_t>(idx.size());
  // Tabular order: a category, then its subcategories and codes in the book's order.
  size_t take = std::min<size_t>(limit, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + take, idx.end());
  for (size_t k = 0; k < take; ++k) {
    bool exact = cs_.code(idx[k]) == code;
    uint32_t score = exact ? 0xFFFFFFFFu : 0xFFFFFFFEu - static_cast<uint32_t>(k);
    out.hits.push_back({idx[k], score, exact ? MatchKind::kExactCode : MatchKind::kCodePrefix, kNone, 0});
  }
  std::stable_sort(out.hits.begin(), out.hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
}

// What lookup says of a code-shaped query that is no code (lookup.h Validate): its
// suggestions, as "did you mean".
void Searcher::DidYouMean(std::string_view query, uint32_t date, SearchResult& out) const {
  Validation v = Validate(cs_, ascii::Trim(query, " "), FormatDate(date));
  if (v.status == CodeStatus::kValid || v.suggestions.empty()) return;
  out.did_you_mean = std::move(v.suggestions);
  out.did_you_mean_reason = std::move(v.message);
}

Result<SearchResult> Searcher::Search(std::string_view query, const SearchOptions& options) {
  if (options.limit == 0 || options.limit > kMaxLimit) {
    return MakeError(ErrorCode::kInvalidArgument, "limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  if (query.size() > kMaxQueryBytes) {
    return MakeError(ErrorCode::kInputTooLong, "query is " + std::to_string(query.size()) + " bytes; the limit is " +
                                                   std::to_string(kMaxQueryBytes));
  }
  long bad = text::FindInvalidUtf8(query);
  if (bad >= 0) return MakeError(ErrorCode::kInvalidUtf8, "query is not valid UTF-8 (byte " + std::to_string(bad) + ")");
  SearchResult out;
  out.year = ChooseYearAt(cs_, options.date).index;
  std::string code = CodeQuery(query);
  if (!code.empty()) CodeMatches(code, options.limit, out.year, out);
  // A query that is a code of this code set is answered by the codes alone.
  if (!out.hits.empty()) return out;
  // A code-shaped query that is no code ("T36.01A") says what it likely means, unless its
  // words find codes ("h1n1").
  if (code.size() >= 4) DidYouMean(query, options.date, out);
  if (!cs_.has_search()) return out;
  auto words = SearchWords(query, options, out);
  if (!words) return words.error();
  if (!out.hits.empty() && out.unknown.size() < out.words.size()) {
    out.did_you_mean.clear();
    out.did_you_mean_reason.clear();
  }
  return out;
}

// The word search (the phases in order), into out.
Result<bool> Searcher::SearchWords(std::string_view query, const SearchOptions& options, SearchResult& out) {
  Query q;
  q.limit = options.limit;
  // (Only where forms fold: an ICD-10-CM page for a person reading it.)
  q.page = icd_ && options.fold_forms ? options.limit + kSpareHits : options.limit;
  q.count_partial = options.count_partial;
  q.fold_forms = options.fold_forms;
  q.weigh_phrases = options.weigh_phrases;
  q.year = out.year;
  std::string rest;
  SplitCodeFilters(query, q, rest, out);
  // The words, their slots and their documents: those of the last query marked when it had
  // the same words and options (marked_; the code filters are only read from here on).
  // (A query marked here is kept at the end, its touched list moved, not copied: the phases
  // after MarkDocuments only read it, and copying it was most of a search's memcpy.)
  std::optional<Query> marked;
  const Query* m = marked_.get();
  if (m && rest == marked_rest_ && m->limit == q.limit && m->page == q.page && m->count_partial == q.count_partial &&
      m->fold_forms == q.fold_forms && m->weigh_phrases == q.weigh_phrases && m->year == q.year) {
    std::vector<std::string> filters = std::move(q.code_filters);
    q = *m;
    q.code_filters = std::move(filters);
  } else {
    auto words = ReadWords(rest, q);
    if (!words) return words.error();
    if (!*words) return true;
    BuildSlots(q);
    WeighSlots(q);
    MarkDocuments(q);
    std::vector<uint32_t> touched = std::move(q.touched);
    marked.emplace(q);
    q.touched = std::move(touched);
    marked_rest_ = std::move(rest);
  }
  for (const std::string& f : options.within) q.code_filters.push_back(f);
  if (!q.code_filters.empty()) {
    q.filter_gen = NextGen(filter_stamp_, filter_gen_);
    const auto sorted = cs_.sorted();
    for (const std::string& f : q.code_filters) {
      const auto [lo, hi] = cs_.PrefixRange(f);
      for (uint32_t k = lo; k < hi; ++k) filter_stamp_[sorted[k]] = q.filter_gen;
    }
  }
  ReportWords(q, out);
  if (!q.touched.empty() && q.total_w > 0) {
    Cover(q, out);
    Score(q);
    CompleteHeaders(q);
    RankHits(q, out);
    PutDefaultCodes(q, out);
    FoldShownForms(q, out);
    PutCategory(out, q.limit);
  }
  if (marked) {
    marked->touched = std::move(q.touched);
    marked_ = std::make_shared<const Query>(std::move(*marked));
  }
  return true;
}

}  // namespace medcode
