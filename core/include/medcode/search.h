// Code search: code prefixes ("E11", "e11.6", "E116") and words (all words must match,
// in any order; the last word is a prefix while it is being typed). A code among words
// narrows the words to that part of the classification ("E11 foot ulcer").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/codeset.h"

namespace medcode {

inline constexpr uint32_t kMaxLimit = 1000;
inline constexpr size_t kMaxQueryBytes = 1024;

struct SearchOptions {
  uint32_t limit = 20;  // 1..kMaxLimit
};

enum class MatchKind : uint8_t {
  kExactCode = 1,   // the query is this code
  kCodePrefix = 2,  // the code starts with the query
  kWords = 3,       // every query word is in the title, short title or an inclusion term
};

struct SearchHit {
  uint32_t code;       // index into the CodeSet
  uint32_t score;      // higher is better; comparable within one result list
  MatchKind kind;
  uint8_t fields;      // format::kFieldTitle | kFieldShort | kFieldInclusion that matched
};

struct SearchResult {
  std::vector<SearchHit> hits;       // best first, at most limit
  uint32_t total = 0;                // matches before the limit
  std::vector<std::string> tokens;   // the folded query words that were required
  std::vector<std::string> unknown;  // query words found nowhere in the code set's vocabulary
};

class Searcher {
 public:
  explicit Searcher(const CodeSet& cs);
  Result<SearchResult> Search(std::string_view query, const SearchOptions& options = {});

 private:
  struct TokenRange {
    uint32_t lo, hi;  // term ids [lo, hi)
    bool prefix;
    uint32_t exact;   // term id equal to the token, or kNone
    uint64_t weight;  // postings in range
  };
  void CodeMatches(const std::string& code, uint32_t limit, SearchResult& out);
  void WordMatches(const std::vector<TokenRange>& toks, const std::vector<std::string>& code_filters, uint32_t limit,
                   SearchResult& out);
  std::pair<uint32_t, uint32_t> TermRange(std::string_view token, bool prefix) const;

  const CodeSet& cs_;
  uint32_t NextGen();
  // Per-code scratch, valid where stamp_[code] == gen_: fields matched by a prefix
  // token's terms, and whether the exact term was among them.
  std::vector<uint32_t> stamp_;
  std::vector<uint8_t> fields_;
  std::vector<uint8_t> exact_;
  uint32_t gen_ = 0;
};

}  // namespace medcode
