#include "medcode/multisearch.h"

#include <algorithm>

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
  std::stable_sort(out.hits.begin(), out.hits.end(), [&](const MultiHit& a, const MultiHit& b) {
    int ra = rank(a), rb = rank(b);
    return ra != rb ? ra > rb : a.hit.score > b.hit.score;
  });
  if (out.hits.size() > options.limit) out.hits.resize(options.limit);
  return out;
}

}  // namespace medcode
