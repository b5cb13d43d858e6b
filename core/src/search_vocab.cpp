// Search's view of the code set's vocabulary: term ranges of a stem or prefix, spelling
// corrections, lexicon entries and the lexicon's raw forms ("w/o"), and the small text
// helpers the phases share (code-shaped queries, letter masks, edit distance).
#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdlib>

#include "medcode/text.h"
#include "search_internal.h"

namespace medcode {
namespace search_detail {

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
  // A letter and a digit ("E11"), or two letters and a digit ("QA1", new in FY2027).
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const bool second = digit(out.size() > 1 ? out[1] : ' ') ||
                      (out.size() > 2 && out[1] >= 'A' && out[1] <= 'Z' && digit(out[2]));
  if (out.size() < 2 || out.size() > 7 || !(out[0] >= 'A' && out[0] <= 'Z') || !second) {
    return {};
  }
  return out;
}

// Letters present in a word, as bits: one edit changes at most two of them.
uint32_t LetterMask(std::string_view w) {
  uint32_t m = 0;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') m |= 1u << (c - 'a');
    else if (c >= '0' && c <= '9') m |= 1u << 26;
  }
  return m;
}

// Optimal string alignment distance, stopping early above `max` (words up to 63 letters).
int EditDistance(std::string_view a, std::string_view b, int max) {
  int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max || n > 63 || m > 63) return max + 1;
  std::array<int, 64> prev2{}, prev{}, cur{};
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace search_detail

using namespace format;
using search_detail::EditDistance;
using search_detail::IsAlnumAscii;
using search_detail::LetterMask;

std::pair<uint32_t, uint32_t> Searcher::TermRange(std::string_view token, bool prefix) const {
  // Asked again and again for the same words (every window of a note's lines, every phase of a
  // query): the answer is kept by word (the prefix flag its first byte), emptied when full.
  term_key_.assign(1, prefix ? '\1' : '\0');
  term_key_.append(token);
  return search_detail::Remembered(term_ranges_, size_t{1} << 15, term_key_, [&] { return FindTermRange(token, prefix); });
}

// TermRange itself, without the memory: a binary search of the vocabulary.
std::pair<uint32_t, uint32_t> Searcher::FindTermRange(std::string_view token, bool prefix) const {
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

// The terms a word begins, typed in part or cut short with a period: the stems it is a
// prefix of, and a stem shorter than the word when the word begins that stem's usual
// spelling (the stemmer cut "laceration" to "lacer", so "lacera." and "lacerat" begin no
// stem). The first range is the stems the word begins (possibly empty); then one term each.
std::vector<std::pair<uint32_t, uint32_t>> Searcher::PrefixRanges(std::string_view word) const {
  std::vector<std::pair<uint32_t, uint32_t>> out{TermRange(word, true)};
  for (size_t k = word.size() - 1; k >= 3 && k < word.size(); --k) {
    auto r = TermRange(word.substr(0, k), false);
    if (r.first == r.second) continue;
    if (cs_.str(cs_.terms()[r.first].display).starts_with(word)) out.push_back(r);
  }
  return out;
}

namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The letters a writer keeps when dropping vowels: the first, then every consonant.
std::string Skeleton(std::string_view w) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    if (i == 0 || !IsVowel(w[i])) out += w[i];
  }
  return out;
}

// The skeleton without the "y"s after its first letter.
std::string DropY(std::string_view skeleton) {
  std::string out;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    if (i == 0 || skeleton[i] != 'y') out += skeleton[i];
  }
  return out;
}

}  // namespace

// A word written without its vowels, as chart shorthand and pick-lists do ("fngr", "frst",
// "thrd", "othr", "rght"): the vocabulary words with the same first letter and the same
// consonants in the same order, most used first (at most two, the second only if it is
// used at least a fifth as often). Only for words of 3+ letters with no vowel after the
// first letter.
std::vector<std::string> Searcher::VowelDropped(const std::string& word) const {
  std::vector<std::string> out;
  if (word.size() < 3 || word.size() > 12) return out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (word[i] < 'a' || word[i] > 'z' || (i > 0 && IsVowel(word[i]))) return out;
  }
  const auto terms = cs_.terms();
  auto [lo, hi] = TermRange(word.substr(0, 1), true);
  std::vector<std::pair<uint32_t, uint32_t>> cands;  // (postings, term)
  for (uint32_t t = lo; t < hi; ++t) {
    std::string_view display = cs_.str(terms[t].display);
    if (display.size() <= word.size() || display.size() > 2 * word.size() + 1) continue;
    // (A "y" sounding as a vowel may go too: "prxsml" of paroxysmal.)
    const std::string skeleton = Skeleton(display);
    if (skeleton == word || (word.find('y') == std::string::npos && skeleton.find('y', 1) != std::string::npos &&
                             DropY(skeleton) == word)) {
      cands.push_back({terms[t].post_count, t});
    }
  }
  std::sort(cands.begin(), cands.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (const auto& [posts, t] : cands) {
    if (out.size() >= 2 || 5 * posts < cands[0].first) break;
    out.emplace_back(cs_.str(terms[t].text));
  }
  return out;
}

// Vocabulary words within 1 (5-7 letters) or 2 (8+) edits of a word that matched nothing,
// comparing the word with each term's usual spelling and the stems with each other; the
// closest, most used first.
std::vector<std::string> Searcher::Corrections(const std::string& word, uint32_t except_term) const {
  if (word.size() < 5) return {};
  for (char c : word) {
    if (c < 'a' || c > 'z') return {};
  }
  return search_detail::Remembered(corrections_, 4096, std::make_pair(word, except_term),
                                   [&] { return FindCorrections(word, except_term); });
}

// Corrections itself, without the memory: the walk over the vocabulary.
std::vector<std::string> Searcher::FindCorrections(const std::string& word, uint32_t except_term) const {
  std::vector<std::string> out;
  const std::string stem = text::Stem(word);
  const int max = word.size() >= 8 ? 2 : 1;
  const uint32_t mask = LetterMask(word);
  // Stem to stem only for stems of five letters or more ("kill" is one edit from "skill", "ill", "bill").
  const int stem_max = stem.size() >= 8 ? 2 : stem.size() >= 5 ? 1 : -1;
  struct Cand {
    int d;
    uint32_t posts;
    uint32_t term;
  };
  std::vector<Cand> cands;
  const auto terms = cs_.terms();
  // A word is compared with each term's usual spelling and, stem to stem, with its stem: the
  // letters of either may be close ("dibetic": the stem "diabet" of "diabetes").
  if (stem_masks_.empty()) {
    stem_masks_.reserve(terms.size());
    for (uint32_t t = 0; t < terms.size(); ++t) stem_masks_.push_back(term_masks_[t] == 0xFFFFFFFFu ? 0xFFFFFFFFu : LetterMask(cs_.str(terms[t].text)));
  }
  const uint32_t stem_mask = LetterMask(stem);
  for (uint32_t t = 0; t < terms.size(); ++t) {
    if (t == except_term) continue;
    std::string_view display = cs_.str(terms[t].display);
    if (display.size() + max < word.size() || display.size() > word.size() + max) continue;
    if (std::popcount(term_masks_[t] ^ mask) > 2 * max &&
        (stem_max < 0 || std::popcount(stem_masks_[t] ^ stem_mask) > 2 * stem_max)) {
      continue;
    }
    const std::string_view text = cs_.str(terms[t].text);
    int d = EditDistance(word, display, max);
    // (Stem to stem only for a word whose first letter is right: "police" is no misspelled
    // "colic", though "polic" is a letter from it; people rarely miss a word's first letter.)
    if (stem_max >= 0 && !text.empty() && text[0] == stem[0]) {
      const int ds = EditDistance(stem, text, stem_max);
      if (ds <= stem_max) d = std::min(d, ds);
    }
    if (d <= max) cands.push_back({d, terms[t].post_count, t});
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
    return a.d != b.d ? a.d < b.d : a.posts != b.posts ? a.posts > b.posts : a.term < b.term;
  });
  for (const auto& c : cands) {
    if (out.size() >= 3 || c.d > cands[0].d) break;
    out.emplace_back(cs_.str(cs_.terms()[c.term].text));
  }
  return out;
}

// The lexicon's entry for `key` (stems). Given the one word `typed`, a short entry is read
// only as written: "no" is not the "nos" (unspecified) whose stem it shares, "om" not "ome".
// Where two entries share the key ("om", "ome"), the one written as typed wins.
const LexRec* Searcher::FindLexicon(std::string_view key, bool raw, std::string_view typed) const {
  // Kept as TermRange's answers are: by raw, the key's length, the key and typed.
  const uint32_t key_size = static_cast<uint32_t>(key.size());
  lex_key_.assign(1, raw ? '\1' : '\0');
  lex_key_.append(reinterpret_cast<const char*>(&key_size), sizeof key_size);
  lex_key_.append(key);
  lex_key_.append(typed);
  return search_detail::Remembered(lex_found_, size_t{1} << 15, lex_key_, [&] { return FindLexiconEntry(key, raw, typed); });
}

// FindLexicon itself, without the memory: a binary search of the lexicon.
const LexRec* Searcher::FindLexiconEntry(std::string_view key, bool raw, std::string_view typed) const {
  auto lex = cs_.lexicon();
  auto it = std::lower_bound(lex.begin(), lex.end(), key,
                             [&](const LexRec& r, std::string_view k) { return cs_.str(r.source) < k; });
  const LexRec* found = nullptr;
  for (; it != lex.end() && cs_.str(it->source) == key; ++it) {
    if ((it->raw != 0) != raw) continue;
    const std::string_view display = cs_.str(it->display);
    if (!typed.empty() && display.size() <= 4 && typed.size() < display.size()) continue;
    if (!typed.empty() && display.size() == typed.size() &&
        std::equal(display.begin(), display.end(), typed.begin(), [](char d, char t) {
          return d == static_cast<char>(std::tolower(static_cast<unsigned char>(t)));
        }))
      return &*it;
    if (!found) found = &*it;
  }
  return found;
}

// Some title or index path writes `word` after a "without" ("without loss of consciousness"),
// or, for a word the lexicon reads ("loc": loss of consciousness), or a two-word phrase it
// reads (`word` then `next`: "pass out"), the reading's first word: a "no" before it is that
// "without" ("concussion no loc", "didnt pass out").
bool Searcher::NegatedInTitles(const std::string& word, const std::string& next) const {
  const std::string stem = text::Stem(word);
  auto negated = [&](std::string_view st) {
    const auto [lo, hi] = TermRange(std::string(1, text::kNegated) + std::string(st), false);
    return lo != hi;
  };
  if (negated(stem)) return true;
  auto reads_negated = [&](const LexRec* lex) {
    for (uint32_t a = 0; lex && a < lex->alt_count; ++a) {
      const std::string_view reading = cs_.str(cs_.lexicon_alts()[lex->alt_first + a].stems);
      if (negated(reading.substr(0, reading.find(' ')))) return true;
    }
    return false;
  };
  if (reads_negated(FindLexicon(stem, false, word))) return true;
  return !next.empty() && reads_negated(FindLexicon(stem + " " + text::Stem(next), false, word + " " + next));
}

// Replaces the lexicon's raw forms ("w/o", "w/", "s/p") before tokenization would split them.
std::string Searcher::ApplyRawLexicon(std::string_view text) const {
  // The raw forms, longest first, found and sorted once (every query asks).
  if (!raws_read_) {
    for (const auto& r : cs_.lexicon()) {
      if (r.raw && r.alt_count > 0) raws_.push_back(&r);
    }
    // Stable: equal lengths keep the lexicon's order, so every standard library gives the same result.
    std::stable_sort(raws_.begin(), raws_.end(), [&](const LexRec* a, const LexRec* b) { return a->source.length > b->source.length; });
    // By their first byte, in that order: a place in the text is compared with the forms
    // that begin with its byte only (an empty form, if one were written, with every form).
    raws_by_byte_.assign(256, {});
    bool empty = false;
    for (const LexRec* r : raws_) empty = empty || cs_.str(r->source).empty();
    for (size_t b = 0; b < 256; ++b) {
      for (const LexRec* r : raws_) {
        const std::string_view src = cs_.str(r->source);
        if (empty || static_cast<unsigned char>(src[0]) == b) raws_by_byte_[b].push_back(r);
      }
    }
    raws_read_ = true;
  }
  if (raws_.empty()) return std::string(text);
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string out;
  for (size_t i = 0; i < lower.size();) {
    bool boundary = i == 0 || !IsAlnumAscii(lower[i - 1]);
    const LexRec* hit = nullptr;
    if (boundary) {
      for (const LexRec* r : raws_by_byte_[static_cast<unsigned char>(lower[i])]) {
        std::string_view src = cs_.str(r->source);
        if (lower.compare(i, src.size(), src) != 0) continue;
        size_t end = i + src.size();
        bool ends_alnum = IsAlnumAscii(src.back());
        if (ends_alnum && end < lower.size() && IsAlnumAscii(lower[end])) continue;
        hit = r;
        break;
      }
    }
    if (hit) {
      out += ' ';
      out += cs_.str(cs_.lexicon_alts()[hit->alt_first].display);
      out += ' ';
      i += hit->source.length;
    } else {
      out += text[i];
      ++i;
    }
  }
  // Keep "typing" state: a query that ended inside a word still does.
  if (!text.empty() && IsAlnumAscii(text.back()) && !out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace medcode
