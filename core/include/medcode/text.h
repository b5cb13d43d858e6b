// Text normalization and tokenization shared by the importer (index build) and
// the search (queries), so both sides see exactly the same tokens.
//
// Fold: validate UTF-8, ICU NFKC_Casefold, then NFKD with nonspacing marks removed
// ("Sjögren" -> "sjogren", "ＦＩＢ" -> "fib").
// Tokens: maximal runs of letters and digits; an apostrophe inside a word is dropped
// ("Alzheimer's" -> "alzheimer", "Crohn's" -> "crohn", "o'brien" -> "obrien").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/error.h"

namespace medcode::text {

// Bump whenever Fold or Tokenize change output: files carry it in SRCH and a
// reader refuses an index built with another version.
inline constexpr uint32_t kNormalizerVersion = 3;  // 3: "without" scopes (~stems)

// Returns the byte offset of the first invalid UTF-8 sequence, or -1 if valid.
long FindInvalidUtf8(std::string_view s);

Result<std::string> Fold(std::string_view utf8);

// Fold + split. Tokens are non-empty folded UTF-8 strings.
Result<std::vector<std::string>> Tokenize(std::string_view utf8);

// Tokenize, one list per comma-separated clause (clauses without words are left out).
Result<std::vector<std::vector<std::string>>> TokenizeClauses(std::string_view utf8);

// Small function words that a query may omit ("fracture of wrist" = "wrist fracture").
bool IsStopword(std::string_view folded_token);

// "with": it links a title's parts ("X with Y"). A document never requires it, but a
// query that says it prefers documents that have it ("with damage" vs "without damage").
bool IsLinkWord(std::string_view folded_token);

// The words a "without" governs, in one clause's tokens: from the word after it, through
// "or", "and" and "to", up to a word that starts another phrase (of, in, at, with, due, for,
// on, by). "without damage to nail" -> damage, nail; "without foreign body of finger" ->
// foreign, body. Search indexes and queries them as negated stems ("~" + stem), so
// "hernia without gangrene" and "hernia with gangrene" differ, and a query that does not
// mention gangrene fits the hernia without it.
std::vector<bool> WithoutScope(const std::vector<std::string>& tokens, std::string_view opener = "without");
inline constexpr char kNegated = '~';

// One clause's negations, the same for documents and queries: `negated` marks the words a
// "without" governs (WithoutScope) and those of "not having ..." ("not having achieved
// remission" = without remission); `unsaid` marks "not" and the words of "not specified
// (as ...)" and "not elsewhere classified", the unspecified forms, and the "not" that opens
// a "not having". "not intractable" stays as written: a query that says "intractable" must
// not fit it. `detail` marks the words a "not specified (as ...)" says are not specified
// ("... of liver, not specified as primary or secondary": primary, secondary): negated, so
// that "liver mets" does not fit that title's "secondary" (not the words after "not elsewhere
// classified", which in a query without commas are the ones said).
struct ClauseNegation {
  std::vector<bool> negated;
  std::vector<bool> unsaid;
  std::vector<bool> detail;
};
ClauseNegation NegationOf(const std::vector<std::string>& clause);

// Porter stem of a folded token ("fractures" -> "fractur", "infected" -> "infect");
// tokens with characters other than a-z (numbers, codes) are returned unchanged.
std::string Stem(std::string_view folded_token);

}  // namespace medcode::text
