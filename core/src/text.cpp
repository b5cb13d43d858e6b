// Text for search: ICU NFKC case folding, word breaking, tokens, stopwords, clause
// splitting and the "without" scopes, the same for documents and queries.
#include "medcode/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

namespace medcode::text {
namespace {

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

// The code point starting at byte i of s, i moved past it; negative for an ill-formed sequence.
inline UChar32 NextCodePoint(std::string_view s, int32_t& i) {
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

bool AsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

}  // namespace

long FindInvalidUtf8(std::string_view s) {
  for (int32_t i = 0; i < static_cast<int32_t>(s.size());) {
    int32_t start = i;
    if (NextCodePoint(s, i) < 0) return start;
  }
  return -1;
}

Result<std::string> Fold(std::string_view utf8) {
  if (IsAscii(utf8)) {  // NFKC_Casefold of ASCII is ASCII lower case; no marks to strip
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  long bad = FindInvalidUtf8(utf8);
  if (bad >= 0) {
    return MakeError(ErrorCode::kInvalidUtf8, "invalid UTF-8 at byte " + std::to_string(bad));
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfkd = U_SUCCESS(status) ? icu::Normalizer2::getNFKDInstance(status) : nullptr;
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal, std::string("ICU normalizer unavailable: ") + u_errorName(status));
  }
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString folded = cf->normalize(src, status);
  icu::UnicodeString decomposed = nfkd->normalize(folded, status);
  if (U_FAILURE(status)) {
    return MakeError(ErrorCode::kInternal, std::string("ICU normalization failed: ") + u_errorName(status));
  }
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
  }
  std::string out;
  stripped.toUTF8String(out);
  return out;
}

Result<std::vector<std::string>> Tokenize(std::string_view utf8) {
  auto folded = Fold(utf8);
  if (!folded) return folded.error();
  const std::string& s = *folded;
  std::vector<std::string> tokens;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) tokens.push_back(std::move(cur));
    cur.clear();
  };
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t len = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < len) {
    int32_t start = i;
    UChar32 c = NextCodePoint(s, i);
    bool alnum = c < 0x80 ? AsciiAlnum(static_cast<char>(c)) : u_isalnum(c) != 0;
    if (alnum) {
      cur.append(s, start, i - start);
      continue;
    }
    if ((c == '\'' || c == 0x2019) && !cur.empty()) {
      // Possessive 's at the end of a word is dropped; any other apostrophe inside a word joins.
      int32_t j = i;
      UChar32 next = -1;
      if (j < len) U8_NEXT(p, j, len, next);
      if (next == 's') {
        UChar32 after = -1;
        int32_t k = j;
        if (k < len) U8_NEXT(p, k, len, after);
        bool after_alnum = after >= 0 && (after < 0x80 ? AsciiAlnum(static_cast<char>(after)) : u_isalnum(after) != 0);
        if (!after_alnum) {
          i = j;  // skip "'s"
          flush();
          continue;
        }
      }
      bool next_alnum = next >= 0 && (next < 0x80 ? AsciiAlnum(static_cast<char>(next)) : u_isalnum(next) != 0);
      if (next_alnum) continue;  // join: o'brien -> obrien
    }
    flush();
  }
  flush();
  return tokens;
}

Result<std::vector<std::vector<std::string>>> TokenizeClauses(std::string_view utf8) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i <= utf8.size();) {
    const size_t j = std::min(utf8.find(',', i), utf8.size());
    auto toks = Tokenize(utf8.substr(i, j - i));
    if (!toks) return toks.error();
    if (!toks->empty()) out.push_back(std::move(*toks));
    i = j + 1;
  }
  return out;
}

bool IsLinkWord(std::string_view t) { return t == "with"; }

std::vector<bool> WithoutScope(const std::vector<std::string>& tokens, std::string_view opener) {
  static constexpr std::array<std::string_view, 8> kEnd = {"of", "in", "at", "with", "due", "for", "on", "by"};
  std::vector<bool> out(tokens.size(), false);
  bool in = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t == opener) {
      in = true;
      continue;
    }
    if (std::find(kEnd.begin(), kEnd.end(), t) != kEnd.end()) in = false;
    out[i] = in && !IsStopword(t);
  }
  return out;
}

ClauseNegation NegationOf(const std::vector<std::string>& clause) {
  ClauseNegation out{WithoutScope(clause), WithoutScope(clause, "not")};
  std::vector<bool>& scope = out.negated;
  std::vector<bool>& nots = out.unsaid;
  for (size_t k = 0; k < clause.size(); ++k) {
    if (clause[k] != "not") continue;
    const std::string& next = k + 1 < clause.size() ? clause[k + 1] : clause[k];
    const int mode = next == "specified" || next == "elsewhere" ? 1 : next == "having" ? 2 : 0;
    nots[k] = mode != 0;
    for (size_t m = k + 1; m < clause.size() && clause[m] != "not"; ++m) {
      if (!nots[m] && !IsStopword(clause[m])) break;
      if (mode == 2 && nots[m]) scope[m] = true;
      nots[m] = nots[m] && mode == 1;
    }
  }
  out.detail.assign(clause.size(), false);
  bool specified = false;  // inside a "not specified (as ...)"
  for (size_t k = 0; k < clause.size(); ++k) {
    if (!nots[k]) {
      if (!IsStopword(clause[k])) specified = false;
      continue;
    }
    if (clause[k] == "not") specified = k + 1 < clause.size() && clause[k + 1] == "specified";
    out.detail[k] = specified && clause[k] != "not" && clause[k] != "specified" && !IsStopword(clause[k]);
  }
  return out;
}

bool IsStopword(std::string_view t) {
  // "me": the pronoun of a patient's words ("lasix making me dizzy"), which the Index's "ME/CFS"
  // made a word of G93.32 (the lexicon reads "me/cfs" and "me cfs" whole).
  static constexpr std::array<std::string_view, 16> kStop = {"a",  "an", "and", "as", "at", "by",  "for", "in",
                                                             "is", "of", "on",  "or", "the", "to", "be", "me"};
  return std::find(kStop.begin(), kStop.end(), t) != kStop.end();
}

}  // namespace medcode::text
