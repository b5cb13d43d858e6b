#include "medcode/search.h"

#include <algorithm>

#include "medcode/text.h"

namespace medcode {
namespace {

using namespace format;

bool IsAlnumAscii(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "E11", "e11.6", "E116", "S52.001A", also "E1" while typing. Empty if not code-shaped.
std::string CodeQuery(std::string_view q) {
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  if (q.size() < 2 || q.size() > 8) return {};
  std::string out;
  for (size_t i = 0; i < q.size(); ++i) {
    char c = q[i];
    if (c == '.') {
      if (i != 3) return {};
      continue;
    }
    if (!IsAlnumAscii(c)) return {};
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out += c;
  }
  if (out.size() < 2 || out.size() > 7 || !(out[0] >= 'A' && out[0] <= 'Z') || !(out[1] >= '0' && out[1] <= '9')) {
    return {};
  }
  return out;
}

struct Scored {
  uint32_t score;
  uint32_t code;
  uint8_t fields;
  MatchKind kind;
};

bool Better(const Scored& a, const Scored& b) { return a.score != b.score ? a.score > b.score : a.code < b.code; }

}  // namespace

Searcher::Searcher(const CodeSet& cs)
    : cs_(cs), stamp_(cs.size(), 0), fields_(cs.size(), 0), exact_(cs.size(), 0) {}

std::pair<uint32_t, uint32_t> Searcher::TermRange(std::string_view token, bool prefix) const {
  auto terms = cs_.terms();
  auto lo = std::lower_bound(terms.begin(), terms.end(), token,
                             [&](const TermRec& t, std::string_view k) { return cs_.str(t.text) < k; });
  auto hi = lo;
  if (prefix) {
    hi = std::upper_bound(lo, terms.end(), token, [&](std::string_view k, const TermRec& t) {
      return k < cs_.str(t.text).substr(0, k.size());
    });
  } else if (hi != terms.end() && cs_.str(hi->text) == token) {
    ++hi;
  }
  return {static_cast<uint32_t>(lo - terms.begin()), static_cast<uint32_t>(hi - terms.begin())};
}

void Searcher::CodeMatches(const std::string& code, uint32_t limit, SearchResult& out) {
  auto [lo, hi] = cs_.PrefixRange(code);
  out.total += hi - lo;
  std::vector<uint32_t> idx;
  idx.reserve(hi - lo);
  for (uint32_t k = lo; k < hi; ++k) idx.push_back(cs_.sorted()[k]);
  // Tabular order: a category, then its subcategories and codes in the book's order.
  size_t take = std::min<size_t>(limit, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + take, idx.end());
  for (size_t k = 0; k < take; ++k) {
    bool exact = cs_.code(idx[k]) == code;
    // Exact match first; the rest keep tabular order (score falls with position).
    uint32_t score = exact ? 0xFFFFFFFFu : 0xFFFFFFFEu - static_cast<uint32_t>(k);
    out.hits.push_back({idx[k], score, exact ? MatchKind::kExactCode : MatchKind::kCodePrefix, 0});
  }
  std::stable_sort(out.hits.begin(), out.hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
}

uint32_t Searcher::NextGen() {
  if (++gen_ == 0) {  // wrapped: reset stamps
    std::fill(stamp_.begin(), stamp_.end(), 0);
    gen_ = 1;
  }
  return gen_;
}

// Candidates are kept sorted by code index, with per-candidate accumulators, and are
// narrowed token by token: exact words by a galloping merge with their posting list
// (which carries the matched fields), prefix words by marking the union of their
// terms' postings (small ranges) or by the per-code forward index (large ranges).
void Searcher::WordMatches(const std::vector<TokenRange>& toks_in, const std::vector<std::string>& code_filters,
                           uint32_t limit, SearchResult& out) {
  if (toks_in.empty()) return;
  const auto terms = cs_.terms();
  const auto post = cs_.postings();
  const auto offs = cs_.fwd_offsets();
  const auto fwd = cs_.fwd();
  const size_t last_index = toks_in.size() - 1;

  std::vector<size_t> order(toks_in.size());
  for (size_t t = 0; t < order.size(); ++t) order[t] = t;
  // Exact words first (cheapest to intersect), each group rarest first.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    bool pa = toks_in[a].hi - toks_in[a].lo > 1 || toks_in[a].prefix;
    bool pb = toks_in[b].hi - toks_in[b].lo > 1 || toks_in[b].prefix;
    if (pa != pb) return !pa;
    return toks_in[a].weight < toks_in[b].weight;
  });

  struct Cand {
    uint32_t code;
    uint8_t all;         // AND of the fields each token matched in
    uint8_t any;         // OR of the same
    uint8_t title_hits;  // tokens matched in the long title
    uint8_t last_exact;  // the last word matched a whole term
  };
  std::vector<Cand> cand;

  auto mark_range = [&](const TokenRange& tr) {
    uint32_t g = NextGen();
    for (uint32_t t = tr.lo; t < tr.hi; ++t) {
      bool is_exact = t == tr.exact;
      for (uint32_t p = terms[t].post_first, e = p + terms[t].post_count; p < e; ++p) {
        uint32_t c = post[p] & kIdMask;
        uint8_t f = static_cast<uint8_t>(post[p] >> 24);
        if (stamp_[c] != g) {
          stamp_[c] = g;
          fields_[c] = f;
          exact_[c] = is_exact;
        } else {
          fields_[c] |= f;
          exact_[c] |= is_exact;
        }
      }
    }
    return g;
  };
  auto apply = [&](Cand& c, uint8_t f, bool exact, size_t tok) {
    c.all &= f;
    c.any |= f;
    if (f & kFieldTitle) ++c.title_hits;
    if (tok == last_index) c.last_exact = exact || !toks_in[tok].prefix;
  };

  for (size_t step = 0; step < order.size(); ++step) {
    const size_t ti = order[step];
    const TokenRange& tr = toks_in[ti];
    const bool single = tr.hi - tr.lo == 1;
    if (step == 0) {
      if (single) {
        const TermRec& t = terms[tr.lo];
        cand.reserve(t.post_count);
        for (uint32_t p = t.post_first, e = p + t.post_count; p < e; ++p) {
          Cand c{post[p] & kIdMask, 0xFF, 0, 0, 0};
          apply(c, static_cast<uint8_t>(post[p] >> 24), tr.exact == tr.lo, ti);
          cand.push_back(c);
        }
      } else {
        uint32_t g = mark_range(tr);
        for (uint32_t c = 0; c < stamp_.size(); ++c) {  // linear scan keeps code order
          if (stamp_[c] != g) continue;
          Cand cc{c, 0xFF, 0, 0, 0};
          apply(cc, fields_[c], exact_[c], ti);
          cand.push_back(cc);
        }
      }
      continue;
    }
    if (cand.empty()) break;
    size_t kept = 0;
    if (single) {
      // Galloping merge of the candidates with this term's postings.
      const TermRec& t = terms[tr.lo];
      const uint32_t* p = post.data() + t.post_first;
      const uint32_t* e = p + t.post_count;
      for (size_t k = 0; k < cand.size() && p != e; ++k) {
        uint32_t code = cand[k].code;
        if ((*p & kIdMask) < code) {
          size_t stepw = 1;
          const uint32_t* q = p;
          while (q + stepw < e && (q[stepw] & kIdMask) < code) {
            q += stepw;
            stepw *= 2;
          }
          const uint32_t* hi = std::min(e, q + stepw + 1);
          p = std::lower_bound(q, hi, code, [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
          if (p == e) break;
        }
        if ((*p & kIdMask) == code) {
          Cand c = cand[k];
          apply(c, static_cast<uint8_t>(*p >> 24), tr.exact == tr.lo, ti);
          cand[kept++] = c;
          ++p;
        }
      }
    } else if (tr.weight <= 8 * cand.size()) {
      uint32_t g = mark_range(tr);
      for (size_t k = 0; k < cand.size(); ++k) {
        uint32_t code = cand[k].code;
        if (stamp_[code] != g) continue;
        Cand c = cand[k];
        apply(c, fields_[code], exact_[code], ti);
        cand[kept++] = c;
      }
    } else {
      for (size_t k = 0; k < cand.size(); ++k) {
        uint32_t code = cand[k].code;
        const uint32_t* b = fwd.data() + offs[code];
        const uint32_t* e = fwd.data() + offs[code + 1];
        const uint32_t* it = std::lower_bound(b, e, tr.lo, [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
        uint8_t f = 0;
        bool exact = false;
        for (; it != e && (*it & kIdMask) < tr.hi; ++it) {
          f |= static_cast<uint8_t>(*it >> 24);
          exact |= (*it & kIdMask) == tr.exact;
        }
        if (!f) continue;
        Cand c = cand[k];
        apply(c, f, exact, ti);
        cand[kept++] = c;
      }
    }
    cand.resize(kept);
  }

  std::vector<Scored> scored;
  scored.reserve(cand.size());
  for (const Cand& c : cand) {
    if (!code_filters.empty() &&
        std::none_of(code_filters.begin(), code_filters.end(),
                     [&](const std::string& f) { return cs_.code(c.code).starts_with(f); })) {
      continue;
    }
    const CodeRec& r = cs_.rec(c.code);
    // An Alphabetic Index main term made of the query words points at its default code
    // ("diabetes" -> E11.9): that is the code a coder would look up first.
    // Then every word in the long title beats a match that needs the short title or an
    // inclusion term; then the share of the title the query covers (specificity);
    // then a whole last word over a prefix; billable over header; tabular order.
    uint32_t base = (c.all & kFieldIndex)   ? 4000000u
                    : (c.all & kFieldTitle) ? 3000000u
                    : c.title_hits > 0      ? 2000000u
                                            : 1000000u;
    uint32_t denom = std::max<uint32_t>(r.title_tokens, c.title_hits);
    uint32_t coverage = denom ? static_cast<uint32_t>(100000ull * c.title_hits / denom) : 0;
    uint32_t score = base + coverage + (c.last_exact ? 20000u : 0u) + ((r.flags & kBillable) ? 5000u : 0u);
    scored.push_back({score, c.code, c.any, MatchKind::kWords});
  }
  out.total += static_cast<uint32_t>(scored.size());
  size_t take = std::min<size_t>(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + take, scored.end(), Better);
  for (size_t k = 0; k < take; ++k) out.hits.push_back({scored[k].code, scored[k].score, scored[k].kind, scored[k].fields});
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
  std::string code = CodeQuery(query);
  if (!code.empty()) CodeMatches(code, options.limit, out);
  if (!cs_.has_search()) return out;

  // A code among words ("E11 foot ulcer", "ulcer e11.6") narrows the words to that part of
  // the classification, unless it is itself a word of the vocabulary ("b12").
  std::vector<std::string> code_filters;
  std::string rest;
  {
    std::vector<std::string_view> pieces;
    for (size_t i = 0; i < query.size();) {
      size_t j = query.find(' ', i);
      if (j == std::string_view::npos) j = query.size();
      if (j > i) pieces.push_back(query.substr(i, j - i));
      i = j + 1;
    }
    for (auto piece : pieces) {
      std::string c = pieces.size() > 1 ? CodeQuery(piece) : std::string();
      if (!c.empty()) {
        std::string folded(piece);
        for (char& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto [tlo, thi] = TermRange(folded, false);
        auto [clo, chi] = cs_.PrefixRange(c);
        if (tlo == thi && clo != chi) {
          code_filters.push_back(c);
          continue;
        }
      }
      if (!rest.empty()) rest += ' ';
      rest.append(piece);
    }
    if (!rest.empty() && !query.empty() && query.back() == ' ') rest += ' ';
  }
  auto tokens = text::Tokenize(rest);
  if (!tokens) return tokens.error();
  std::vector<std::string> toks;
  for (auto& t : *tokens) {
    if (std::find(toks.begin(), toks.end(), t) == toks.end()) toks.push_back(t);
  }
  if (toks.empty()) return out;
  bool typing = !rest.empty() && (IsAlnumAscii(rest.back()) || static_cast<unsigned char>(rest.back()) >= 0x80);
  std::string last_raw = tokens->back();
  std::vector<std::string> kept;
  for (auto& t : toks) {
    if (!text::IsStopword(t)) kept.push_back(t);
  }
  // A stopword being typed as the last word may be the start of a real word ("o" -> "osteo...").
  if (typing && text::IsStopword(last_raw) && !kept.empty()) {
    kept.erase(std::remove(kept.begin(), kept.end(), last_raw), kept.end());
    kept.push_back(last_raw);
  }
  if (kept.empty()) kept = toks;
  bool last_prefix = typing && kept.back() == last_raw;

  std::vector<TokenRange> ranges;
  std::vector<std::string> words;
  for (size_t i = 0; i < kept.size(); ++i) {
    bool prefix = last_prefix && i + 1 == kept.size();
    auto [lo, hi] = TermRange(kept[i], prefix);
    words.push_back(kept[i]);
    if (lo == hi) {
      // A code query ("e11") is not also reported as an unknown word.
      if (code.empty() || out.hits.empty()) out.unknown.push_back(kept[i]);
      else return out;
      continue;
    }
    uint32_t exact = cs_.str(cs_.terms()[lo].text) == kept[i] ? lo : kNone;
    uint64_t w = 0;
    for (uint32_t t = lo; t < hi; ++t) w += cs_.terms()[t].post_count;
    ranges.push_back({lo, hi, prefix, exact, w});
  }
  out.tokens = words;
  if (!out.unknown.empty() || ranges.empty()) return out;  // every word must match
  // Words found as a code query already are not repeated.
  SearchResult wordres;
  uint32_t want = options.limit + static_cast<uint32_t>(out.hits.size());
  WordMatches(ranges, code_filters, want, wordres);
  for (const auto& h : wordres.hits) {
    if (out.hits.size() >= options.limit) break;
    bool dup = std::any_of(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == h.code; });
    if (!dup) out.hits.push_back(h);
  }
  out.total += wordres.total;
  return out;
}

}  // namespace medcode
