// Search across several code sets at once (multisearch.h): an exact code, code prefixes
// (also digit-first codes such as CPT), then word hits interleaved and merged by score.
#include "medcode/multisearch.h"

#include <algorithm>
#include <cctype>

namespace medcode {
namespace {

// "99213", "992", "0001u" -> upper case; empty if not a digit-led code query.
std::string NumericCodeQuery(std::string_view q) {
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  if (q.size() < 2 || q.size() > 5 || q[0] < '0' || q[0] > '9') return {};
  std::string out;
  for (char c : q) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return {};
    out += c;
  }
  return out;
}

// "E11.9", "e11.": an ICD-10-CM style dotted code (never a code of an undotted system).
bool DottedCodeQuery(std::string_view q) {
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  if (q.size() < 4 || q.size() > 8 || q[3] != '.') return false;
  for (size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    if (i != 3 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// How many of the query's words a hit has, as sets compare them: words found as typed or
// read by the lexicon (a phrase counts its words: "blood pressure" 2), of three letters or
// more (two for a lexicon reading: "iv"); not a spelling correction, nor "i", "my" or the "p"
// of "s/p" (sets differ in them).
uint32_t WordsMatched(const SearchResult& r, const SearchHit& h) {
  uint32_t n = 0;
  for (size_t i = 0; i < r.words.size() && i < 32; ++i) {
    const QueryWord& w = r.words[i];
    if (!(h.matched >> i & 1u) || w.use == WordUse::kCorrected) continue;
    const size_t least = w.use == WordUse::kExpanded ? 2 : 3;
    size_t start = 0;
    for (size_t k = 0; k <= w.text.size(); ++k) {
      if (k == w.text.size() || w.text[k] == ' ') {
        n += k - start >= least;
        start = k + 1;
      }
    }
  }
  return n;
}

// Each set's words it does not know, as sets compare them: its unknown words, and the words
// it only corrected that another set has as typed or read ("concussion": HCPCS corrects it to
// "conclusion", ICD-10-CM has it; HCPCS's "Conclusion" codes match less of the query than
// their words suggest). web/lib/catalog.mjs unknownTo does the same.
std::vector<std::vector<std::string>> UnknownTo(const std::vector<SearchResult>& per_set) {
  auto knows = [](const SearchResult& r, const std::string& text) {
    return std::any_of(r.words.begin(), r.words.end(), [&](const QueryWord& w) {
      return w.text == text && w.use == WordUse::kExact;
    });
  };
  std::vector<std::vector<std::string>> out;
  for (size_t s = 0; s < per_set.size(); ++s) {
    out.push_back(per_set[s].unknown);
    for (const QueryWord& w : per_set[s].words) {
      // A word of six letters or more read as another word (not split: "preeclampsia" as
      // "pre-eclampsia" is the same word).
      if (w.use != WordUse::kCorrected || w.text.size() < 6) continue;
      std::string letters;
      for (char c : w.used) {
        if (c != ' ' && c != '-') letters += c;
      }
      if (letters == w.text) continue;
      for (size_t t = 0; t < per_set.size(); ++t) {
        if (t != s && knows(per_set[t], w.text)) {
          out.back().push_back(w.text);
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace

Result<SearchResult> SearchCodeSet(const CodeSet& cs, Searcher& searcher, std::string_view query,
                                   const SearchOptions& options) {
  const bool digit_codes = cs.size() && cs.code(cs.sorted()[0])[0] >= '0' && cs.code(cs.sorted()[0])[0] <= '9';
  std::string code = digit_codes ? NumericCodeQuery(query) : std::string();
  if (!code.empty() && options.limit >= 1 && options.limit <= kMaxLimit) {
    auto [lo, hi] = cs.PrefixRange(code);
    if (lo != hi) {
      SearchResult out;
      out.total = hi - lo;
      // Scores as the word search gives code queries: the exact code, then the others in code order.
      uint32_t k = 0;
      for (uint32_t p = lo; p < hi && out.hits.size() < options.limit; ++p, ++k) {
        uint32_t idx = cs.sorted()[p];
        bool exact = cs.code(idx) == code;
        out.hits.push_back({idx, exact ? 0xFFFFFFFFu : 0xFFFFFFFEu - k, exact ? MatchKind::kExactCode : MatchKind::kCodePrefix,
                            format::kNone, 0});
      }
      std::stable_sort(out.hits.begin(), out.hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
      return out;
    }
  }
  // A dotted code ("E11.9") is no code of a system without dots: HCPCS E1190 is not a match.
  if (cs.meta().dot_after == 0 && DottedCodeQuery(query) && options.limit >= 1 && options.limit <= kMaxLimit &&
      query.size() <= kMaxQueryBytes) {
    return SearchResult{};
  }
  return searcher.Search(query, options);
}

Result<MultiResult> SearchCodeSets(std::span<const CodeSet* const> sets, std::span<Searcher* const> searchers,
                                   std::string_view query, const SearchOptions& options) {
  if (sets.size() != searchers.size()) return MakeError(ErrorCode::kInvalidArgument, "one searcher per code set");
  MultiResult out;
  for (uint32_t s = 0; s < sets.size(); ++s) {
    auto r = SearchCodeSet(*sets[s], *searchers[s], query, options);
    if (!r) return r.error();
    out.total += r->total;
    out.partial += r->partial;
    if (out.did_you_mean.empty() && !r->did_you_mean.empty()) {
      out.did_you_mean = r->did_you_mean;
      out.did_you_mean_reason = r->did_you_mean_reason;
    }
    for (const auto& h : r->hits) out.hits.push_back({s, h});
    if (s == 0) {
      out.unknown = r->unknown;
    } else {
      std::erase_if(out.unknown, [&](const std::string& w) {
        return std::find(r->unknown.begin(), r->unknown.end(), w) == r->unknown.end();
      });
    }
    out.per_set.push_back(std::move(*r));
  }
  // Code queries: the exact code first, then the codes below it in its own code set, then
  // other code sets' codes that merely start with the same characters ("E11": ICD-10-CM
  // E11.x before HCPCS E1100); word matches by score.
  std::vector<bool> exact_set(sets.size(), false);
  for (const auto& h : out.hits) {
    if (h.hit.kind == MatchKind::kExactCode) exact_set[h.set] = true;
  }
  auto rank = [&](const MultiHit& h) {
    if (h.hit.kind == MatchKind::kExactCode) return 3;
    if (h.hit.kind == MatchKind::kCodePrefix) return exact_set[h.set] ? 2 : 1;
    return 0;
  };
  // Each set's own order is kept: a word search may put a lower-scored code early on purpose
  // (a lead for another concept of the query, a default's category right after it).
  // Word hits that match every word of the query (in a set that knows every word some set
  // knows) alternate between the sets, the best of each first ("insulin": Z79.4, J1815, ...):
  // scores of different code systems' documents are not fine enough to rank one above the
  // other. The rest merge by the best score still to come in each set.
  constexpr uint32_t kFullCoverage = 100000;  // score of a document matching every word (search.h: 1000 * 100)
  const std::vector<std::vector<std::string>> unknown_to = UnknownTo(out.per_set);
  std::vector<bool> knows_all(sets.size());
  for (uint32_t s = 0; s < sets.size(); ++s) knows_all[s] = unknown_to[s].size() == out.unknown.size();
  // Every word: of a set that knows every word some set knows (HCPCS matching "chf w/" of
  // "chf w/ afib" has not every word: ICD-10-CM knows "afib").
  for (uint32_t s = 0; s < sets.size(); ++s) out.every_word = out.every_word || (out.per_set[s].every_word && knows_all[s]);
  // A set whose best code has every part of the query, by weight, with no leads (the "with"
  // of "pregnant with twins" weighs little: O30.009 "Pregnancy, twin" has the rest).
  auto whole = [&](uint32_t s) {
    const SearchResult& r = out.per_set[s];
    return knows_all[s] && r.leads == 0 && !r.hits.empty() && r.hits[0].kind == MatchKind::kWords &&
           r.hits[0].score >= kFullCoverage;
  };
  // The leads (one code per condition of the query) of the first set with any that knows
  // every word stay first, unless another set has a code with every word, or with every
  // part of the query ("pregnant with twins": not HCPCS's leads for "pregnant" and "twins").
  // Of several sets with leads, the one whose best lead has most of the query's words (the
  // first on a tie): "home blood pressure cuff automatic" leads with HCPCS A4670 "Automatic
  // blood pressure monitor", not with ICD-10-CM's one code per word. Another set's best code
  // with more of the words than every lead has ends the leads: the sets' hits merge by score.
  std::vector<uint32_t> cover(sets.size(), 0);
  for (uint32_t s = 0; s < sets.size(); ++s) {
    const SearchResult& r = out.per_set[s];
    if (!knows_all[s]) continue;
    const size_t n = std::min<size_t>(r.hits.size(), std::max<uint32_t>(r.leads, 1));
    for (size_t k = 0; k < n; ++k) {
      if (r.hits[k].kind == MatchKind::kWords) cover[s] = std::max(cover[s], WordsMatched(r, r.hits[k]));
    }
  }
  uint32_t lead_set = UINT32_MAX;
  for (uint32_t s = 0; s < sets.size() && !out.every_word; ++s) {
    if (out.per_set[s].leads && knows_all[s] && (lead_set == UINT32_MAX || cover[s] > cover[lead_set])) lead_set = s;
  }
  for (uint32_t s = 0; s < sets.size() && lead_set != UINT32_MAX; ++s) {
    if (s != lead_set && (whole(s) || cover[s] > cover[lead_set])) lead_set = UINT32_MAX;
  }
  struct Key {
    int rank;
    bool complete;
    uint32_t turn;   // complete hits: position among the set's complete hits
    uint32_t score;  // complete: the set's best complete score; else the best score still to come in the set
  };
  // A set that found only the query's numbers ("125" of "solu medrol 125": ICD-10-CM's
  // "Iodine, 125" table row) while another set found its words: that set's word hits come
  // after every other set's (the dose belongs to the drug the other set names).
  auto has_letter = [](const std::string& w) {
    return std::any_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
  };
  std::vector<bool> letters(sets.size(), false);
  bool any_letters = false;
  for (uint32_t s = 0; s < sets.size(); ++s) {
    for (const auto& w : out.per_set[s].words) {
      if (w.use != WordUse::kUnknown && w.use != WordUse::kCodeFilter && has_letter(w.text)) letters[s] = true;
    }
    any_letters = any_letters || letters[s];
  }
  std::vector<Key> key(out.hits.size());
  std::vector<uint32_t> turns(sets.size(), 0), first(sets.size(), 0);
  // Only a set's leading run of complete hits: a lead for another concept placed among them
  // ends it, and the rest keep the set's order.
  std::vector<bool> run_over(sets.size(), false);
  std::vector<uint32_t> seen(sets.size(), 0);
  for (size_t k = 0; k < out.hits.size(); ++k) {
    const MultiHit& h = out.hits[k];
    Key& x = key[k];
    x.rank = rank(h);
    if (x.rank == 0 && any_letters && !letters[h.set]) x.rank = -1;
    if (h.set == lead_set && seen[h.set]++ < out.per_set[h.set].leads) {
      x.rank = 4;  // above every other word hit; the set's order is kept (stable sort)
      ++out.leads;
      continue;
    }
    x.complete = x.rank == 0 && knows_all[h.set] && h.hit.score >= kFullCoverage && !run_over[h.set];
    if (x.rank == 0 && !x.complete) run_over[h.set] = true;
    if (x.complete) {
      if (turns[h.set] == 0) first[h.set] = h.hit.score;
      x.turn = turns[h.set]++;
    }
  }
  // A set that lacks words another set knows scored its codes over the words it knows: its
  // scores count in the merge as the share of the query's words it knows ("slipped on ice":
  // HCPCS's ice cap matched all HCPCS knows, half of what ICD-10-CM's W00.0XXA matched).
  std::vector<double> known_share(sets.size(), 1.0);
  for (uint32_t s = 0; s < sets.size(); ++s) {
    if (knows_all[s]) continue;
    size_t words = 0;
    for (const auto& w : out.per_set[s].words) words += w.use != WordUse::kCodeFilter;
    const size_t missing = unknown_to[s].size() - out.unknown.size();
    if (words) known_share[s] = words > missing ? static_cast<double>(words - missing) / static_cast<double>(words) : 0.0;
  }
  for (size_t k = out.hits.size(); k-- > 0;) {
    Key& x = key[k];
    if (x.complete) {
      x.score = first[out.hits[k].set];
      continue;
    }
    const bool same = k + 1 < out.hits.size() && out.hits[k + 1].set == out.hits[k].set && key[k + 1].rank == x.rank &&
                      !key[k + 1].complete;
    const auto own = static_cast<uint32_t>(out.hits[k].hit.score * known_share[out.hits[k].set]);
    x.score = std::max(own, same ? key[k + 1].score : 0u);
  }
  std::vector<size_t> order(out.hits.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Key &x = key[a], &y = key[b];
    if (x.rank != y.rank) return x.rank > y.rank;
    if (x.complete != y.complete) return x.complete;
    if (x.complete && x.turn != y.turn) return x.turn < y.turn;
    return x.score > y.score;
  });
  std::vector<MultiHit> merged;
  merged.reserve(order.size());
  for (size_t k : order) merged.push_back(out.hits[k]);
  out.hits = std::move(merged);
  if (out.hits.size() > options.limit) out.hits.resize(options.limit);
  return out;
}

}  // namespace medcode
