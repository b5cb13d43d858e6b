#include "medcode/search.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

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

struct Scored {
  double score;
  uint32_t code;
  uint32_t doc;
  uint32_t mask;
};

}  // namespace

// One way a query word (or phrase) can match: all of its stems, each a term range.
struct Searcher::Alt {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;  // per stem: terms [lo, hi)
  std::vector<uint32_t> exact;                        // per stem: the term equal to it, or kNone
};

struct Searcher::Slot {
  QueryWord word;
  std::vector<Alt> alts;
  bool typing = false;  // the last word, still being typed
  bool merged = false;  // a correction that is another word of the query: counted there
  uint32_t df = 0;      // documents matched
  double weight = 0;
};

const char* WordUseName(WordUse use) {
  switch (use) {
    case WordUse::kExact: return "exact";
    case WordUse::kPrefix: return "prefix";
    case WordUse::kCorrected: return "corrected";
    case WordUse::kExpanded: return "expanded";
    case WordUse::kUnknown: return "unknown";
    case WordUse::kCodeFilter: return "code-filter";
  }
  return "exact";
}

const char* DocKindName(uint8_t kind) {
  switch (static_cast<DocKind>(kind)) {
    case DocKind::kTitle: return "title";
    case DocKind::kInclusion: return "inclusion term";
    case DocKind::kIndexPath: return "index";
    case DocKind::kIndexSee: return "index see-reference";
    case DocKind::kTable: return "table";
  }
  return "title";
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

Searcher::Searcher(const CodeSet& cs)
    : cs_(cs),
      doc_stamp_(cs.docs().size(), 0),
      doc_mask_(cs.docs().size(), 0),
      doc_ess_(cs.docs().size(), 0),
      doc_exact_(cs.docs().size(), 0),
      slot_stamp_(cs.docs().size(), 0),
      slot_ess_(cs.docs().size(), 0),
      alt_stamp_(cs.docs().size(), 0),
      alt_count_(cs.docs().size(), 0),
      alt_ess_(cs.docs().size(), 0),
      code_stamp_(cs.size(), 0),
      code_best_(cs.size(), 0) {
  term_masks_.reserve(cs.terms().size());
  // Negated stems ("~gangren") are never a correction: an impossible mask keeps them out.
  for (const auto& t : cs.terms()) {
    term_masks_.push_back(cs.str(t.text).starts_with(text::kNegated) ? 0xFFFFFFFFu : LetterMask(cs.str(t.display)));
  }
  for (size_t i = 0; i < cs.meta().inputs.size(); ++i) {
    if (cs.meta().inputs[i].role == "eindex") eindex_source_ = static_cast<uint32_t>(i);
  }
  head_doc_.reserve(cs.docs().size());
  for (const auto& d : cs.docs()) {
    const auto kind = static_cast<DocKind>(d.kind);
    head_doc_.push_back((kind == DocKind::kIndexPath || kind == DocKind::kIndexSee || kind == DocKind::kTable) && !cs.billable(d.code));
  }
  const double n_docs = static_cast<double>(cs.docs().size());
  term_weight_.reserve(cs.terms().size());
  doc_weight_.assign(cs.docs().size(), 0);
  const auto post = cs.postings();
  for (const auto& t : cs.terms()) {
    const double idf = std::log(1.0 + n_docs / (1.0 + static_cast<double>(t.post_count)));
    const uint16_t w = static_cast<uint16_t>(std::clamp(std::lround(idf * 16.0), 1L, 65535L));
    term_weight_.push_back(w);
    for (uint32_t p = t.post_first, e = p + t.post_count; p < e; ++p) {
      if (!((post[p] >> 24) & kPostOptional)) doc_weight_[post[p] & kIdMask] += w;
    }
  }
}

uint32_t Searcher::NextGen(std::vector<uint32_t>& stamps, uint32_t& gen) {
  if (++gen == 0) {  // wrapped: reset the stamps
    std::fill(stamps.begin(), stamps.end(), 0);
    gen = 1;
  }
  return gen;
}

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

// Vocabulary words within 1 (5-7 letters) or 2 (8+) edits of a word that matched nothing,
// comparing the word with each term's usual spelling and the stems with each other; the
// closest, most used first.
std::vector<std::string> Searcher::Corrections(const std::string& word, uint32_t except_term) const {
  std::vector<std::string> out;
  if (word.size() < 5) return out;
  for (char c : word) {
    if (c < 'a' || c > 'z') return out;
  }
  const std::string stem = text::Stem(word);
  const int max = word.size() >= 8 ? 2 : 1;
  const uint32_t mask = LetterMask(word);
  struct Cand {
    int d;
    uint32_t posts;
    uint32_t term;
  };
  std::vector<Cand> cands;
  const auto terms = cs_.terms();
  for (uint32_t t = 0; t < terms.size(); ++t) {
    if (t == except_term) continue;
    std::string_view display = cs_.str(terms[t].display);
    if (display.size() + max < word.size() || display.size() > word.size() + max) continue;
    if (std::popcount(term_masks_[t] ^ mask) > 2 * max) continue;
    int d = std::min(EditDistance(word, display, max), EditDistance(stem, cs_.str(terms[t].text), max));
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

const LexRec* Searcher::FindLexicon(std::string_view key, bool raw) const {
  auto lex = cs_.lexicon();
  auto it = std::lower_bound(lex.begin(), lex.end(), key,
                             [&](const LexRec& r, std::string_view k) { return cs_.str(r.source) < k; });
  for (; it != lex.end() && cs_.str(it->source) == key; ++it) {
    if ((it->raw != 0) == raw) return &*it;
  }
  return nullptr;
}

// Replaces the lexicon's raw forms ("w/o", "w/", "s/p") before tokenization would split them.
std::string Searcher::ApplyRawLexicon(std::string_view text) const {
  std::vector<const LexRec*> raws;
  for (const auto& r : cs_.lexicon()) {
    if (r.raw && r.alt_count > 0) raws.push_back(&r);
  }
  if (raws.empty()) return std::string(text);
  // Stable: equal lengths keep the lexicon's order, so every standard library gives the same result.
  std::stable_sort(raws.begin(), raws.end(), [&](const LexRec* a, const LexRec* b) { return a->source.length > b->source.length; });
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string out;
  for (size_t i = 0; i < lower.size();) {
    bool boundary = i == 0 || !IsAlnumAscii(lower[i - 1]);
    const LexRec* hit = nullptr;
    if (boundary) {
      for (const LexRec* r : raws) {
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
    uint32_t score = exact ? 0xFFFFFFFFu : 0xFFFFFFFEu - static_cast<uint32_t>(k);
    out.hits.push_back({idx[k], score, exact ? MatchKind::kExactCode : MatchKind::kCodePrefix, kNone, 0});
  }
  std::stable_sort(out.hits.begin(), out.hits.end(),
                   [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
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
  // A query that is a code of this code set is answered by the codes alone.
  if (!out.hits.empty() || !cs_.has_search()) return out;

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
      // Three characters at least: "o2" in "home o2" is oxygen, not chapter O's O2x codes.
      std::string c = pieces.size() > 1 ? CodeQuery(piece) : std::string();
      if (c.size() < 3) c.clear();
      if (!c.empty()) {
        std::string folded(piece);
        for (char& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        auto [tlo, thi] = TermRange(folded, false);
        auto [clo, chi] = cs_.PrefixRange(c);
        if (tlo == thi && clo != chi) {
          code_filters.push_back(c);
          out.words.push_back({folded, WordUse::kCodeFilter, DotCode(c)});
          continue;
        }
      }
      if (!rest.empty()) rest += ' ';
      rest.append(piece);
    }
    if (!rest.empty() && !query.empty() && query.back() == ' ') rest += ' ';
  }
  rest = ApplyRawLexicon(rest);
  // Words clause by clause: a comma ends a "without". The words it governs are negated
  // stems ("hernia without gangrene": ~gangren), which only documents' "without" clauses
  // have; "without" itself then goes.
  auto clauses = text::TokenizeClauses(rest);
  if (!clauses) return clauses.error();
  std::vector<std::string> tokens;
  for (auto& clause : *clauses) {
    // "withot", "wihtout": a word one edit from "without" (and not "with") is it.
    for (auto& t : clause) {
      if (t != "without" && t != "with" && t.size() >= 6 && t.size() <= 8 && EditDistance(t, "without", 1) <= 1) t = "without";
    }
    const std::vector<bool> scope = text::WithoutScope(clause);
    for (size_t k = 0; k < clause.size(); ++k) {
      if (clause[k] == "without" && k + 1 < clause.size() && scope[k + 1]) continue;
      tokens.push_back(scope[k] ? std::string(1, text::kNegated) + clause[k] : std::move(clause[k]));
    }
  }
  std::vector<std::string> toks;
  for (auto& t : tokens) {
    if (std::find(toks.begin(), toks.end(), t) == toks.end()) toks.push_back(t);
  }
  if (toks.empty()) return out;
  bool typing = !rest.empty() && (IsAlnumAscii(rest.back()) || static_cast<unsigned char>(rest.back()) >= 0x80);
  std::string last_raw = tokens.back();
  // Words people type around a condition ("ringing in my ears", "i keep getting ...") that
  // no code says: dropped when the vocabulary does not have them, so phrases still meet.
  static constexpr std::array<std::string_view, 16> kFiller = {"my", "im", "ive", "got", "gets", "keep", "keeps", "kept",
                                                                "your", "our", "we", "us", "mine", "she", "he", "they"};
  // Pronouns that name a code only by accident ("her": Hers disease) go even when known.
  static constexpr std::array<std::string_view, 4> kPronoun = {"her", "him", "them", "their"};
  auto filler = [&](const std::string& t) {
    if (std::find(kPronoun.begin(), kPronoun.end(), t) != kPronoun.end()) return true;
    if (std::find(kFiller.begin(), kFiller.end(), t) == kFiller.end()) return false;
    auto r = TermRange(text::Stem(t), false);
    return r.first == r.second;
  };
  std::vector<std::string> kept;
  for (auto& t : toks) {
    if (!text::IsStopword(t) && !(filler(t) && !(typing && t == last_raw))) kept.push_back(t);
  }
  // A stopword being typed as the last word may be the start of a real word ("o" -> "osteo...").
  if (typing && text::IsStopword(last_raw) && !kept.empty()) {
    kept.erase(std::remove(kept.begin(), kept.end(), last_raw), kept.end());
    kept.push_back(last_raw);
  }
  if (kept.empty()) kept = toks;
  if (kept.size() > kMaxQueryWords) {
    return MakeError(ErrorCode::kInputTooLong, "query has " + std::to_string(kept.size()) + " words; the limit is " +
                                                   std::to_string(kMaxQueryWords));
  }
  const bool last_typing = typing && kept.back() == last_raw;
  auto stem_of = [](const std::string& t) {
    return !t.empty() && t[0] == text::kNegated ? std::string(1, text::kNegated) + text::Stem(std::string_view(t).substr(1))
                                                : text::Stem(t);
  };
  std::vector<std::string> stems;
  for (const auto& t : kept) stems.push_back(stem_of(t));

  auto alt_of = [&](const std::string& stems_joined) {
    Alt a;
    size_t i = 0;
    while (i <= stems_joined.size()) {
      size_t j = stems_joined.find(' ', i);
      if (j == std::string::npos) j = stems_joined.size();
      if (j > i) {
        std::string s = stems_joined.substr(i, j - i);
        auto r = TermRange(s, false);
        a.ranges.push_back(r);
        a.exact.push_back(r.first != r.second ? r.first : kNone);
      }
      i = j + 1;
    }
    return a;
  };
  auto alt_nonempty = [](const Alt& a) {
    if (a.ranges.empty()) return false;
    for (auto [lo, hi] : a.ranges) if (lo == hi) return false;
    return true;
  };

  // Slots: lexicon phrases (longest first), else single words.
  std::vector<Slot> slots;
  // Side words inside a phrase ("broken right hip") are read after it: the phrase meets its
  // lexicon entry ("broken hip") and the side stays a word of its own.
  auto is_side = [](const std::string& t) {
    return t == "right" || t == "left" || t == "bilateral" || t == "both" || t == "rt" || t == "lt" || t == "r" || t == "l";
  };
  for (size_t i = 0; i < kept.size();) {
    bool done = false;
    // A phrase that starts with a side word ("both ears") is read as typed.
    std::vector<size_t> win{i};
    for (size_t k = i + 1; k < kept.size() && win.size() < 4; ++k) {
      if (is_side(kept[i]) || !is_side(kept[k])) win.push_back(k);
    }
    for (size_t len = win.size(); len >= 1 && !done; --len) {
      // Negated words ("w/o fb") are looked up plain and their readings negated.
      std::string key, plain_key;
      std::string text;
      size_t negated = 0;
      for (size_t w = 0; w < len; ++w) {
        const size_t k = win[w];
        if (!key.empty()) key += ' ', text += ' ', plain_key += ' ';
        key += stems[k];
        text += kept[k];
        const bool neg = stems[k][0] == text::kNegated;
        negated += neg;
        plain_key += neg ? stems[k].substr(1) : stems[k];
      }
      if (negated != 0 && negated != len) continue;
      const LexRec* lex = FindLexicon(plain_key, false);
      // Two words the other way round ("pain in chest", "tumor of brain"): the entry's order.
      if (!lex && len == 2) {
        const size_t sp = plain_key.find(' ');
        lex = FindLexicon(plain_key.substr(sp + 1) + " " + plain_key.substr(0, sp), false);
      }
      if (!lex) continue;
      if (win[len - 1] != i + len - 1) {  // side words skipped: the phrase first, then them
        std::vector<size_t> order(win.begin(), win.begin() + static_cast<long>(len));
        for (size_t k = i; k <= win[len - 1]; ++k) {
          if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
        }
        std::vector<std::string> kk, ss;
        for (size_t k : order) kk.push_back(kept[k]), ss.push_back(stems[k]);
        std::copy(kk.begin(), kk.end(), kept.begin() + static_cast<long>(i));
        std::copy(ss.begin(), ss.end(), stems.begin() + static_cast<long>(i));
      }
      auto negate = [&](const std::string& joined) {
        if (!negated) return joined;
        std::string out;
        for (size_t a = 0; a <= joined.size();) {
          size_t b = std::min(joined.find(' ', a), joined.size());
          if (b > a) {
            if (!out.empty()) out += ' ';
            out += text::kNegated;
            out.append(joined, a, b - a);
          }
          a = b + 1;
        }
        return out;
      };
      Slot s;
      s.word.text = text;
      s.word.use = WordUse::kExpanded;
      Alt self = alt_of(key);
      // A short abbreviation means itself only where the book writes it so: "mi" is not the
      // stem of "MIS-C" (mis -> mi), "ms" not of "MS" if the book never writes "ms".
      if (alt_nonempty(self) && len == 1 && text.size() <= 3 && cs_.str(cs_.terms()[self.ranges[0].first].display) != text) {
        self.ranges.clear();
      }
      for (uint32_t a = lex->alt_first; a < lex->alt_first + lex->alt_count; ++a) {
        const AltRec& ar = cs_.lexicon_alts()[a];
        Alt alt = alt_of(negate(std::string(cs_.str(ar.stems))));
        if (alt_nonempty(alt)) s.alts.push_back(alt);
        if (cs_.str(ar.display) == text) continue;  // "diabetic" -> diabetes, typed "diabetes": nothing to tell
        if (!s.word.used.empty()) s.word.used += " | ";
        if (negated) s.word.used += "without ";
        s.word.used += cs_.str(ar.display);
      }
      // The typed words last: a document both match counts the reading's words, which say
      // more ("pacemaker": the title "Presence of cardiac pacemaker" fits the reading whole).
      if (alt_nonempty(self)) s.alts.push_back(self);
      if (s.word.used.empty()) s.word.use = WordUse::kExact;
      // A word typed up to a lexicon entry ("afib") is taken as complete: its prefix would
      // drag in unrelated words ("afibrinogenemia").
      s.typing = false;
      slots.push_back(std::move(s));
      i += len;
      done = true;
    }
    if (done) continue;
    // Two words that are one word of the vocabulary ("chicken pox" -> chickenpox, "ear drum"):
    // either spelling matches.
    if (i + 1 < kept.size()) {
      const std::string joined_stem = text::Stem(kept[i] + kept[i + 1]);
      auto joined = TermRange(joined_stem, false);
      if (joined.first != joined.second) {
        Slot s;
        s.word.text = kept[i] + " " + kept[i + 1];
        s.word.use = WordUse::kCorrected;
        s.word.used = std::string(cs_.str(cs_.terms()[joined.first].display));
        Alt self = alt_of(stems[i] + " " + stems[i + 1]);
        if (alt_nonempty(self)) s.alts.push_back(self);
        s.alts.push_back({{joined}, {joined.first}});
        slots.push_back(std::move(s));
        i += 2;
        continue;
      }
    }
    Slot s;
    s.word.text = kept[i];
    s.typing = last_typing && i + 1 == kept.size();
    auto exact = TermRange(stems[i], false);
    if (exact.first != exact.second) s.alts.push_back({{exact}, {exact.first}});
    // One typed letter after other words says too little to match every word it begins.
    if (s.typing && (kept[i].size() > 1 || kept.size() == 1)) {
      auto pre = TermRange(kept[i], true);
      if (pre.first != pre.second) s.alts.push_back({{pre}, {exact.first != exact.second ? exact.first : kNone}});
      s.word.use = WordUse::kPrefix;
    } else if (s.typing) {
      s.typing = false;
    }
    // A rare word a letter away from a common one ("migrane": stem of migrans, 20 documents;
    // migraine, 292) is most likely the common one misspelled: both readings match.
    if (exact.first != exact.second && kept[i].size() >= 6 && cs_.terms()[exact.first].post_count <= 30) {
      const uint32_t rare = cs_.terms()[exact.first].post_count;
      for (const auto& c : Corrections(kept[i], exact.first)) {
        auto r = TermRange(c, false);
        if (r.first == r.second || r.first == exact.first || cs_.terms()[r.first].post_count < 10 * rare) continue;
        if (EditDistance(kept[i], cs_.str(cs_.terms()[r.first].display), 1) > 1) continue;
        s.alts.push_back({{r}, {r.first}});
        if (!s.word.used.empty()) s.word.used += " | ";
        s.word.used += cs_.str(cs_.terms()[r.first].display);
        s.word.use = WordUse::kCorrected;
      }
    }
    // One word that is two words of the vocabulary ("preeclampsia" -> pre-eclampsia,
    // "bellybutton" -> belly button): the two words as a phrase.
    if (s.alts.empty() && kept[i].size() >= 7) {
      uint32_t best_posts = 0;
      Alt best;
      std::string best_text;
      for (size_t p = 3; p + 3 <= kept[i].size(); ++p) {
        const std::string left = kept[i].substr(0, p), right = kept[i].substr(p);
        auto l = TermRange(text::Stem(left), false), r = TermRange(text::Stem(right), false);
        if (l.first == l.second || r.first == r.second) continue;
        const uint32_t posts = std::min(cs_.terms()[l.first].post_count, cs_.terms()[r.first].post_count);
        if (posts > best_posts) {
          best_posts = posts;
          best = {{l, r}, {l.first, r.first}};
          best_text = left + " " + right;
        }
      }
      if (best_posts) {
        s.alts.push_back(best);
        s.word.used = best_text;
        s.word.use = WordUse::kCorrected;
      }
    }
    // A negated word no "without" clause has: its spelling corrected (negated where a
    // clause has the correction), else the word itself.
    if (s.alts.empty() && kept[i][0] == text::kNegated) {
      const std::string word = kept[i].substr(1);
      for (const auto& c : Corrections(word)) {
        auto r = TermRange(std::string(1, text::kNegated) + c, false);
        if (r.first == r.second) r = TermRange(c, false);
        if (r.first == r.second) continue;
        s.alts.push_back({{r}, {r.first}});
        if (!s.word.used.empty()) s.word.used += " | ";
        s.word.used += cs_.str(cs_.terms()[r.first].display);
        s.word.use = WordUse::kCorrected;
      }
      auto plain = TermRange(text::Stem(word), false);
      if (s.alts.empty() && plain.first != plain.second) s.alts.push_back({{plain}, {plain.first}});
    }
    if (s.alts.empty()) {
      for (const auto& c : Corrections(kept[i])) {
        auto r = TermRange(c, false);
        s.alts.push_back({{r}, {r.first}});
        if (!s.word.used.empty()) s.word.used += " | ";
        s.word.used += cs_.str(cs_.terms()[r.first].display);
      }
      s.word.use = s.alts.empty() ? WordUse::kUnknown : WordUse::kCorrected;
    }
    slots.push_back(std::move(s));
    ++i;
  }

  for (auto& sl : slots) {
    if (!sl.word.text.empty() && sl.word.text[0] == text::kNegated) sl.word.text = "without " + sl.word.text.substr(1);
  }
  // A correction that is also a word of the query ("rfacture ... fracture") would count
  // that word twice: the corrected slot keeps its word but matches nothing itself.
  for (auto& s : slots) {
    if (s.word.use != WordUse::kCorrected) continue;
    auto same = [&](const Slot& o) {
      return &o != &s && o.word.use != WordUse::kCorrected && !o.alts.empty() && !s.alts.empty() &&
             o.alts[0].ranges == s.alts[0].ranges;
    };
    if (std::any_of(slots.begin(), slots.end(), same)) {
      s.alts.clear();
      s.merged = true;
    }
  }
  // Weights from each slot's posting counts: a rare word says more than a common one.
  const auto terms = cs_.terms();
  const auto post = cs_.postings();
  const auto docs = cs_.docs();
  const double n_docs = static_cast<double>(docs.size());
  std::vector<uint64_t> est(slots.size(), 0);
  for (size_t si = 0; si < slots.size(); ++si) {
    for (const Alt& a : slots[si].alts) {
      uint64_t alt_est = UINT64_MAX;
      for (auto [lo, hi] : a.ranges) {
        uint64_t n = 0;
        for (uint32_t t = lo; t < hi; ++t) n += terms[t].post_count;
        alt_est = std::min(alt_est, n);
      }
      if (alt_est != UINT64_MAX) est[si] += alt_est;
    }
    // Rounded to 1/4096: libm's log may differ in the last bit between platforms (native
    // and wasm must rank alike), and sums of such weights decide ties.
    slots[si].weight = est[si] ? std::round(std::log(1.0 + n_docs / (1.0 + static_cast<double>(est[si]))) * 4096.0) / 4096.0 : 0.0;
  }
  double total_w = 0;
  for (const auto& sl : slots) total_w += sl.weight;

  const uint32_t gen = NextGen(doc_stamp_, doc_gen_);
  std::vector<uint32_t> touched;
  auto mark = [&](size_t si, uint32_t d, uint32_t ess, bool exact) {
    Slot& s = slots[si];
    const uint32_t bit = 1u << si;
    if (doc_stamp_[d] != gen) {
      doc_stamp_[d] = gen;
      doc_mask_[d] = 0;
      doc_ess_[d] = 0;
      doc_exact_[d] = 0;
      touched.push_back(d);
    }
    if (!(doc_mask_[d] & bit)) {
      doc_mask_[d] |= bit;
      doc_ess_[d] += ess;
      ++s.df;
      if (s.alts.size() > 1) {  // only a slot with several readings can fit a document twice
        slot_stamp_[d] = slot_gen_;
        slot_ess_[d] = ess;
      }
    } else if (s.alts.size() > 1 && slot_stamp_[d] == slot_gen_ && ess > slot_ess_[d]) {
      doc_ess_[d] += ess - slot_ess_[d];
      slot_ess_[d] = ess;
    }
    if (s.typing && exact) doc_exact_[d] = 1;
  };
  // Every document a slot matches (all of its postings).
  auto mark_slot = [&](size_t si) {
    NextGen(slot_stamp_, slot_gen_);
    for (const Alt& a : slots[si].alts) {
      if (a.ranges.size() == 1) {
        for (uint32_t t = a.ranges[0].first; t < a.ranges[0].second; ++t) {
          const bool exact = t == a.exact[0];
          for (uint32_t p = terms[t].post_first, e = p + terms[t].post_count; p < e; ++p) {
            mark(si, post[p] & kIdMask, (post[p] >> 24) & kPostOptional ? 0 : term_weight_[t], exact);
          }
        }
        continue;
      }
      // Every stem of a multi-word alternative must be in the document.
      const uint32_t ag = NextGen(alt_stamp_, alt_gen_);
      std::vector<uint32_t> first;
      const uint8_t k = static_cast<uint8_t>(a.ranges.size());
      for (uint8_t j = 0; j < k; ++j) {
        for (uint32_t t = a.ranges[j].first; t < a.ranges[j].second; ++t) {
          for (uint32_t p = terms[t].post_first, e = p + terms[t].post_count; p < e; ++p) {
            uint32_t d = post[p] & kIdMask;
            uint32_t ess = (post[p] >> 24) & kPostOptional ? 0 : term_weight_[t];
            if (j == 0) {
              if (alt_stamp_[d] != ag) {
                alt_stamp_[d] = ag;
                alt_count_[d] = 1;
                alt_ess_[d] = ess;
                first.push_back(d);
              }
            } else if (alt_stamp_[d] == ag && alt_count_[d] == j) {
              alt_count_[d] = static_cast<uint8_t>(j + 1);
              alt_ess_[d] += ess;
            }
          }
        }
      }
      for (uint32_t d : first) {
        if (alt_count_[d] == k) mark(si, d, alt_ess_[d], true);
      }
    }
  };
  // Only the documents already touched: a galloping walk through each posting list.
  auto check_slot = [&](size_t si, const std::vector<uint32_t>& sorted_docs) {
    auto contains = [&](uint32_t t, uint32_t& pos, uint32_t d, uint32_t& ess) {
      const uint32_t end = terms[t].post_first + terms[t].post_count;
      uint32_t step = 1;
      uint32_t lo = pos;
      while (lo + step < end && (post[lo + step] & kIdMask) < d) {
        lo += step;
        step *= 2;
      }
      uint32_t hi = std::min(end, lo + step + 1);
      const uint32_t* it = std::lower_bound(post.data() + lo, post.data() + hi, d,
                                            [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
      pos = static_cast<uint32_t>(it - post.data());
      if (pos < end && (post[pos] & kIdMask) == d) {
        ess += (post[pos] >> 24) & kPostOptional ? 0 : term_weight_[t];
        return true;
      }
      return false;
    };
    NextGen(slot_stamp_, slot_gen_);
    for (const Alt& a : slots[si].alts) {
      std::vector<uint32_t> pos;
      for (auto [lo, hi] : a.ranges) pos.push_back(lo < hi ? terms[lo].post_first : 0);
      for (uint32_t d : sorted_docs) {
        uint32_t ess = 0;
        bool all = true;
        for (size_t j = 0; j < a.ranges.size() && all; ++j) {
          all = a.ranges[j].first < a.ranges[j].second && contains(a.ranges[j].first, pos[j], d, ess);
        }
        if (all) mark(si, d, ess, true);
      }
    }
  };
  // Rare words generate the candidate documents; common words ("encounter", "unspecified")
  // only add to documents already found, unless the found ones cover too little.
  std::vector<size_t> order(slots.size());
  for (size_t si = 0; si < order.size(); ++si) order[si] = si;
  // Ties by position: libstdc++ and libc++ (native vs wasm) must order equal estimates alike.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return est[a] != est[b] ? est[a] < est[b] : a < b; });
  constexpr double kCheckShare = 0.6;
  std::vector<size_t> check;
  double rest_w = total_w;
  for (size_t k = 0; k < order.size(); ++k) {
    size_t si = order[k];
    bool multi_term = false;
    for (const Alt& a : slots[si].alts) {
      for (auto [lo, hi] : a.ranges) multi_term |= hi - lo > 1;
    }
    if (k > 0 && total_w > 0 && rest_w / total_w < kCheckShare && !multi_term) {
      check.push_back(si);
      continue;
    }
    mark_slot(si);
    rest_w -= slots[si].weight;
  }
  if (!check.empty()) {
    std::vector<uint32_t> sorted_docs;
    if (touched.size() * 16 > docs.size()) {  // many: a scan of the stamps is cheaper than a sort
      sorted_docs.reserve(touched.size());
      for (uint32_t d = 0; d < docs.size(); ++d) {
        if (doc_stamp_[d] == gen) sorted_docs.push_back(d);
      }
    } else {
      sorted_docs = touched;
      std::sort(sorted_docs.begin(), sorted_docs.end());
    }
    for (size_t si : check) check_slot(si, sorted_docs);
    // A document outside the candidates lacks every generating word: its coverage is at
    // most rest/total. If no candidate clearly beats that, mark the common words fully.
    double best_q = 0;
    for (uint32_t d : touched) {
      double w = 0;
      for (uint32_t m = doc_mask_[d]; m; m &= m - 1) w += slots[static_cast<size_t>(std::countr_zero(m))].weight;
      best_q = std::max(best_q, w / total_w);
    }
    // Also when the candidates are few: the common words then cost little and their
    // partial matches are needed to fill the page.
    if (best_q < rest_w / total_w + 0.2 || touched.size() < 8u * options.limit + 64) {
      for (size_t si : check) mark_slot(si);
    } else {
      // df of a checked slot counts only candidates: re-estimate so unknown words are right.
      for (size_t si : check) slots[si].df = std::max<uint32_t>(slots[si].df, est[si] ? 1 : 0);
    }
  }
  for (auto& sl : slots) {
    if (sl.df == 0 && !sl.merged) sl.word.use = WordUse::kUnknown;
    if (sl.df == 0) sl.weight = 0;
  }
  total_w = 0;
  for (const auto& sl : slots) total_w += sl.weight;
  size_t word_base = out.words.size();
  for (const auto& sl : slots) {
    out.words.push_back(sl.word);
    if (sl.word.use == WordUse::kUnknown) out.unknown.push_back(sl.word.text);
  }
  if (touched.empty() || total_w <= 0) return out;
  // Bits of the result's words (code filters come first in out.words).
  auto result_mask = [&](uint32_t slot_mask) { return slot_mask << word_base; };
  double weights[32] = {};
  for (size_t si = 0; si < slots.size(); ++si) weights[si] = slots[si].weight;

  // Query coverage of every touched document; only documents close enough to the best
  // coverage to reach the top can rank (coverage weighs 1000, everything else <= 134).
  std::vector<float> qcovs(touched.size());
  float max_q = 0;
  for (size_t k = 0; k < touched.size(); ++k) {
    double w = 0;
    for (uint32_t m = doc_mask_[touched[k]]; m; m &= m - 1) w += weights[std::countr_zero(m)];
    qcovs[k] = static_cast<float>(w / total_w);
    max_q = std::max(max_q, qcovs[k]);
  }
  float threshold = max_q - 0.14f;
  for (;;) {  // lower the bar until enough documents remain to fill the page
    size_t n = 0;
    for (float q : qcovs) n += q >= threshold;
    if (n >= 8u * options.limit + 64 || threshold <= 0) break;
    threshold -= 0.15f;
  }
  auto passes_filter = [&](uint32_t code) {
    return code_filters.empty() || std::any_of(code_filters.begin(), code_filters.end(),
                                               [&](const std::string& f) { return cs_.code(code).starts_with(f); });
  };
  // total: the codes that match as many of the words as the best match does.
  {
    const uint32_t tgen = NextGen(code_stamp_, code_gen_);
    for (size_t k = 0; k < touched.size(); ++k) {
      if (qcovs[k] < max_q - 1e-6f) continue;
      uint32_t code = docs[touched[k]].code;
      if (code_stamp_[code] == tgen || !passes_filter(code)) continue;
      code_stamp_[code] = tgen;
      ++out.total;
    }
  }
  const uint32_t cgen = NextGen(code_stamp_, code_gen_);
  std::vector<Scored> best;
  best.reserve(std::min<size_t>(touched.size(), 8192));
  const bool typing_slot = !slots.empty() && slots.back().typing;
  // What a score adds to 1000 x coverage, at most: document coverage 100, kind 11, main term
  // 15, whole word 5, billable 3.
  constexpr double kMaxBeyondCoverage = 134.0;
  auto score_of = [&](uint32_t d, double qcov) {
    const DocRec& dr = docs[d];
    const double dcov = doc_weight_[d] ? std::min(1.0, static_cast<double>(doc_ess_[d]) / doc_weight_[d]) : 0.0;
    double kind = 0;
    switch (static_cast<DocKind>(dr.kind)) {
      case DocKind::kTitle: kind = 10; break;
      case DocKind::kIndexPath: kind = 11; break;
      case DocKind::kTable: kind = 9; break;
      case DocKind::kIndexSee: kind = 8; break;
      case DocKind::kInclusion: kind = 7; break;
    }
    // The External Cause Index names how an injury happened (X58 "Laceration NEC"): a
    // query naming the injury wants the injury's code first when both fit.
    if (dr.source == eindex_source_) kind -= 6;
    return 1000.0 * qcov + 100.0 * dcov + kind + ((dr.flags & kDocMainTerm) ? 15.0 : 0.0) +
           ((!typing_slot || doc_exact_[d]) ? 5.0 : 0.0) + (cs_.billable(dr.code) ? 3.0 : 0.0) -
           ((dr.flags & kDocLaterEncounter) ? 4.0 : 0.0) - ((dr.flags & kDocUnspecified) ? 1.0 : 0.0);
  };
  auto add_scored = [&](const Scored& sc) {
    if (code_stamp_[sc.code] != cgen) {
      code_stamp_[sc.code] = cgen;
      code_best_[sc.code] = static_cast<uint32_t>(best.size());
      best.push_back(sc);
    } else if (sc.score > best[code_best_[sc.code]].score) {
      best[code_best_[sc.code]] = sc;
    }
  };
  auto add_best = [&](uint32_t d, double score) { add_scored({score, docs[d].code, d, doc_mask_[d]}); };
  uint32_t all_matched = 0;
  for (size_t si = 0; si < slots.size(); ++si) if (slots[si].df) all_matched |= 1u << si;
  bool seen_mask[256] = {};
  for (size_t k = 0; k < touched.size(); ++k) {
    if (qcovs[k] < threshold) continue;
    const uint32_t d = touched[k];
    if (!passes_filter(docs[d].code)) continue;
    seen_mask[doc_mask_[d] & 0xFF] = true;
    add_best(d, score_of(d, qcovs[k]));
  }
  // A concept of a query with several ("s/p knee replacement": "status post" matches a
  // hundred index paths, the knee replacement far fewer) can fall below the coverage bar:
  // its best document still competes for a lead (below).
  if (slots.size() > 1 && slots.size() <= 8 && !seen_mask[all_matched & 0xFF]) {
    int64_t below[256];
    std::fill(std::begin(below), std::end(below), -1);
    double below_score[256] = {};
    for (size_t k = 0; k < touched.size(); ++k) {
      // A concept worth a lead covers a fair share of the query: the rest (most touched
      // documents, for common words) is not looked at.
      if (qcovs[k] >= threshold || qcovs[k] < 0.2f) continue;
      const uint32_t d = touched[k];
      const uint32_t m = doc_mask_[d] & 0xFF;
      if (seen_mask[m]) continue;
      if (below[m] >= 0 && 1000.0 * qcovs[k] + kMaxBeyondCoverage < below_score[m]) continue;  // cannot win
      if (!passes_filter(docs[d].code)) continue;
      const double sc = score_of(d, qcovs[k]);
      if (below[m] < 0 || sc > below_score[m] || (sc == below_score[m] && docs[d].code < docs[below[m]].code)) {
        below[m] = d;
        below_score[m] = sc;
      }
    }
    for (uint32_t m = 0; m < 256; ++m) {
      if (below[m] >= 0) add_best(static_cast<uint32_t>(below[m]), below_score[m]);
    }
  }
  // A total order (score, code, document): libstdc++ and libc++ must sort ties alike.
  auto better = [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.code != b.code ? a.code < b.code : a.doc < b.doc;
  };
  auto title_doc = [&](uint32_t code) -> const DocRec* {
    auto it = std::lower_bound(docs.begin(), docs.end(), code, [](const DocRec& r, uint32_t k) { return r.code < k; });
    return it != docs.end() && it->code == code && it->kind == static_cast<uint8_t>(DocKind::kTitle) ? &*it : nullptr;
  };
  // An index path that leads to a header ("Fracture, traumatic, ankle" -> S82.89-) lacks the
  // words that choose among its codes ("broken left ankle": left). The header's codes whose
  // own titles have those words complete it: S82.892A "Other fracture of left lower leg,
  // initial encounter..." scores as the index path plus the words its title adds.
  if (slots.size() > 1 && slots.size() <= 5) {  // a long query (a pasted title) names its code itself
    // The best such paths, also below the coverage bar (they lack the completing words).
    std::vector<Scored> heads;
    const float head_floor = std::max(0.2f, max_q - 0.6f);
    double head_cut = -1.0;
    for (size_t k = 0; k < touched.size(); ++k) {
      if (qcovs[k] < head_floor || 1000.0 * qcovs[k] + kMaxBeyondCoverage < head_cut) continue;
      const uint32_t d = touched[k];
      if (!head_doc_[d] || (doc_mask_[d] & all_matched) == all_matched) continue;
      const DocRec& dr = docs[d];
      if (!passes_filter(dr.code)) continue;
      heads.push_back({score_of(d, qcovs[k]), dr.code, d, doc_mask_[d] & all_matched});
      if (heads.size() >= 64) {  // keep the best 8; what cannot beat the 8th is skipped
        std::nth_element(heads.begin(), heads.begin() + 7, heads.end(), better);
        heads.resize(8);
        head_cut = heads[7].score;
        for (const Scored& h : heads) head_cut = std::min(head_cut, h.score);
      }
    }
    const size_t n_heads = std::min<size_t>(heads.size(), 8);
    std::partial_sort(heads.begin(), heads.begin() + n_heads, heads.end(), better);
    heads.resize(n_heads);
    // Whether a document has one of a slot's readings (a binary search per posting list; the
    // document need not have been touched: common words are only checked on candidates).
    auto doc_has = [&](size_t si, uint32_t dd, uint32_t& ess) {
      for (const Alt& a : slots[si].alts) {
        uint32_t e = 0;
        bool all = !a.ranges.empty();
        for (auto [lo, hi] : a.ranges) {
          bool found = false;
          for (uint32_t t = lo; t < hi && t < lo + 8 && !found; ++t) {
            const uint32_t* b = post.data() + terms[t].post_first;
            const uint32_t* en = b + terms[t].post_count;
            const uint32_t* it = std::lower_bound(b, en, dd, [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
            if (it != en && (*it & kIdMask) == dd) {
              found = true;
              if (!((*it >> 24) & kPostOptional)) e += term_weight_[t];
            }
          }
          if (!found) {
            all = false;
            break;
          }
        }
        if (all) {
          ess += e;
          return true;
        }
      }
      return false;
    };
    std::vector<Scored> completed;
    for (const Scored& head : heads) {
      // A path to the unspecified-side code ("ankle" -> S82.899 "... unspecified lower leg")
      // is completed by its siblings (S82.892 "... left lower leg").
      // Only siblings that say the same but for "unspecified" (S83.9 "Sprain of unspecified
      // site of knee" is not completed by a meniscus tear).
      uint32_t root = head.code;
      std::vector<std::string> head_words;
      if (cs_.title(root).find("unspecified") != std::string_view::npos && cs_.rec(root).parent != kNone) {
        root = cs_.rec(root).parent;
        if (auto toks = text::Tokenize(cs_.title(head.code))) {
          for (auto& t : *toks) {
            if (!text::IsStopword(t) && t != "unspecified") head_words.push_back(std::move(t));
          }
        }
      }
      auto [lo, hi] = cs_.PrefixRange(cs_.code(root));
      if (hi - lo > 400) continue;  // a large header: its words are too general to complete
      for (uint32_t p = lo; p < hi; ++p) {
        const uint32_t c = cs_.sorted()[p];
        if (c == head.code || !passes_filter(c)) continue;
        const DocRec* it = title_doc(c);
        if (!it) continue;
        const uint32_t dd = static_cast<uint32_t>(it - docs.data());
        uint32_t u = head.mask, own = 0;
        for (size_t si = 0; si < slots.size(); ++si) {
          const uint32_t bit = 1u << si;
          if ((all_matched & bit) && !(head.mask & bit) && doc_has(si, dd, own)) u |= bit;
        }
        if (u == head.mask) continue;
        if (!head_words.empty()) {
          auto toks = text::Tokenize(cs_.title(c));
          if (!toks || !std::all_of(head_words.begin(), head_words.end(), [&](const std::string& w) {
                return std::find(toks->begin(), toks->end(), w) != toks->end();
              })) {
            continue;
          }
        }
        for (size_t si = 0; si < slots.size(); ++si) {
          const uint32_t bit = 1u << si;
          if (head.mask & bit) doc_has(si, dd, own);
        }
        double w = 0;
        for (uint32_t m = u; m; m &= m - 1) w += weights[std::countr_zero(m)];
        // Among the completing codes, the one whose title says least beyond the query first;
        // a code whose own title matches as well ranks before a completion.
        const double own_cov = doc_weight_[dd] ? std::min(1.0, static_cast<double>(own) / doc_weight_[dd]) : 0.0;
        const double sc = score_of(head.doc, static_cast<float>(w / total_w)) + (cs_.billable(c) ? 3.0 : 0.0) -
                          ((it->flags & kDocLaterEncounter) ? 4.0 : 0.0) - 10.0 * (1.0 - own_cov) - 2.0;
        completed.push_back({sc, c, head.doc, u});
      }
    }
    for (const Scored& sc : completed) add_scored(sc);
  }
  const uint32_t want = options.limit + static_cast<uint32_t>(out.hits.size());
  size_t take = std::min<size_t>(want, best.size());
  // When no code covers every word ("chf w/ afib": two conditions), lead with the best code
  // for each combination of words, so every concept of the query shows at the top.
  std::vector<Scored> lead;
  if (slots.size() <= 8) {  // a long query (a pasted title) is one concept
    std::vector<std::pair<uint32_t, size_t>> per_mask;  // mask -> index of its best entry
    int32_t slot_of[256];
    std::fill(std::begin(slot_of), std::end(slot_of), -1);
    for (size_t k = 0; k < best.size(); ++k) {
      uint32_t m = best[k].mask & 0xFF;
      if (slot_of[m] < 0) {
        slot_of[m] = static_cast<int32_t>(per_mask.size());
        per_mask.push_back({m, k});
      } else if (better(best[k], best[per_mask[slot_of[m]].second])) {
        per_mask[slot_of[m]].second = k;
      }
    }
    std::sort(per_mask.begin(), per_mask.end(), [&](const auto& a, const auto& b) { return better(best[a.second], best[b.second]); });
    if (!per_mask.empty() && per_mask[0].first != all_matched) {
      uint32_t covered = 0;
      for (const auto& [mask, k] : per_mask) {
        if ((mask & ~covered) == 0) continue;  // adds no word not already led by a better code
        covered |= mask;
        lead.push_back(best[k]);
        best[k].score = -1;  // taken
      }
    }
  }
  std::partial_sort(best.begin(), best.begin() + take, best.end(), better);
  best.insert(best.begin(), lead.begin(), lead.end());
  take = std::min(best.size(), take + lead.size());
  while (take > 0 && best[take - 1].score < 0) --take;
  for (size_t k = 0; k < take && out.hits.size() < options.limit; ++k) {
    const Scored& s = best[k];
    bool dup = std::any_of(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == s.code; });
    if (dup) continue;
    out.hits.push_back({s.code, static_cast<uint32_t>(std::lround(s.score * 100.0)), MatchKind::kWords, s.doc,
                        result_mask(s.mask)});
  }
  // A header the index leads to has a default code: its own title plus only words that say
  // nothing more (a 7th character, "unspecified", "not having achieved remission"):
  // "whiplash" -> S13.4 -> S13.4XXA, "leukemia" -> C95.9 -> C95.90. It takes the header's
  // place among the results and the header follows it.
  for (size_t k = 0; k < out.hits.size(); ++k) {
    const SearchHit h = out.hits[k];
    if (h.kind != MatchKind::kWords || h.doc >= docs.size() || !head_doc_[h.doc] || docs[h.doc].code != h.code) continue;
    const DocRec* head_title = title_doc(h.code);
    if (!head_title) continue;
    auto [lo, hi] = cs_.PrefixRange(cs_.code(h.code));
    if (hi - lo > 400) continue;
    uint32_t child = kNone;
    for (uint32_t p = lo; p < hi && child == kNone; ++p) {
      const uint32_t c = cs_.sorted()[p];
      if (cs_.rec(c).parent != h.code || !passes_filter(c)) continue;
      const DocRec* ct = title_doc(c);
      if (ct && !(ct->flags & kDocLaterEncounter) && doc_weight_[ct - docs.data()] == doc_weight_[head_title - docs.data()] &&
          cs_.title(c).starts_with(cs_.title(h.code))) {
        child = c;  // the first in tabular order (A before B and C)
      }
    }
    if (child == kNone) continue;
    auto at = std::find_if(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == child; });
    if (at != out.hits.end() && at < out.hits.begin() + static_cast<long>(k)) continue;  // already before it
    if (at != out.hits.end()) out.hits.erase(at);
    out.hits.insert(out.hits.begin() + static_cast<long>(k), SearchHit{child, h.score, MatchKind::kWords, h.doc, h.matched});
    ++k;  // the header, now after it
    if (out.hits.size() > options.limit) out.hits.pop_back();
  }
  // A general query (an index main term's default code first) also shows that code's
  // category right after it, so the coder sees the family the default belongs to.
  if (!out.hits.empty() && out.hits[0].kind == MatchKind::kWords && out.hits[0].doc != kNone &&
      (docs[out.hits[0].doc].flags & kDocMainTerm) && options.limit > 1) {
    uint32_t top = out.hits[0].code;
    uint32_t cat = top;
    while (cs_.rec(cat).parent != kNone) cat = cs_.rec(cat).parent;
    if (cat != top) {
      auto it = std::find_if(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == cat; });
      SearchHit h{cat, out.hits[0].score > 0 ? out.hits[0].score - 1 : 0, MatchKind::kWords, kNone, 0};
      if (it != out.hits.end()) {
        h = *it;
        h.score = out.hits[0].score > 0 ? out.hits[0].score - 1 : 0;
        out.hits.erase(it);
      }
      out.hits.insert(out.hits.begin() + 1, h);
      if (out.hits.size() > options.limit) out.hits.pop_back();
    }
  }
  return out;
}

}  // namespace medcode
