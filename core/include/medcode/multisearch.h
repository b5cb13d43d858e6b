// Searching several code sets at once (ICD-10-CM, HCPCS, a user's CPT), and code-number
// queries in code sets whose codes start with a digit (CPT: "99213", "992", "0001U").
//
// An exact code first, then codes starting with the query, then words. Each code set's own
// order is kept; word hits matching every word alternate between the code sets (best of
// each first), the rest merge by score (the same formula in every set, search.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "medcode/search.h"

namespace medcode {

// Searcher::Search, plus: in a code set whose codes start with a digit, a query of 2 to 5
// letters and digits starting with a digit lists the codes starting with it (as a code
// query does for ICD-10-CM codes), exact code first.
Result<SearchResult> SearchCodeSet(const CodeSet& cs, Searcher& searcher, std::string_view query,
                                   const SearchOptions& options = {});

struct MultiHit {
  uint32_t set;     // index into the code sets searched
  SearchHit hit;
};

struct MultiResult {
  std::vector<MultiHit> hits;             // best first, at most limit
  uint32_t total = 0;                     // sum of the code sets' totals
  std::vector<SearchResult> per_set;      // each code set's own result (words, unknown words)
  std::vector<std::string> unknown;       // words no code set knows
  bool every_word = false;                // a set knowing every word some set knows has codes with them all
  uint32_t partial = 0;                   // sum of the code sets' partial counts
  uint32_t leads = 0;                     // the first `leads` hits each lead one condition (SearchResult::leads)
  std::vector<std::string> did_you_mean;  // of the first set that has any (SearchResult::did_you_mean)
  std::string did_you_mean_reason;
};

// Searches each code set (searchers[i] over sets[i]) and merges as above; ties keep the
// order of the code sets.
Result<MultiResult> SearchCodeSets(std::span<const CodeSet* const> sets, std::span<Searcher* const> searchers,
                                   std::string_view query, const SearchOptions& options = {});

}  // namespace medcode
