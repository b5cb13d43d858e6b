// suggest_sibling.cpp owns the code of a category that the text's other words decide: once
// every chunk has its codes, a code found by a search is checked against the words of its line
// and item that no code reads; a code of the same category (3 characters) whose Index entry or
// Tabular title reads those words too is the one reported (I.B.1: the Index's subterms, then
// the Tabular; I.B.2: the highest level of specificity documented; I.A.9.b: the unspecified
// code only when the record gives nothing more). See suggest_coder.h.
#include <algorithm>
#include <bit>
#include <cctype>
#include <string>
#include <vector>

#include "medcode/lookup.h"
#include "medcode/text.h"
#include "ascii.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode::coding {
namespace {

bool Inside(const std::vector<TextSpan>& spans, const Tok& t) {
  return std::any_of(spans.begin(), spans.end(), [&](const TextSpan& s) { return s.begin <= t.begin && t.end <= s.end; });
}

// 'L', 'R', 'B' for a title naming a side, 'U' for one leaving it unspecified, 0 for none.
char TitleSide(std::string_view title) {
  const std::vector<std::string> w = TitleWords(ascii::Lower(title));
  auto has = [&](std::string_view x) { return std::find(w.begin(), w.end(), x) != w.end(); };
  if (has("bilateral") || (has("left") && has("right"))) return 'B';
  if (has("left")) return 'L';
  if (has("right")) return 'R';
  return has("unspecified") ? 'U' : 0;
}

bool Unspecified(std::string_view title) { return ascii::Lower(title).find("unspecified") != std::string::npos; }

// A document's text without what it says is absent ("..., without organ involvement", "without
// abnormal findings"): the default a code takes when the record says nothing of it.
std::string WithoutAbsent(std::string_view text) {
  std::string out(text);
  for (size_t at = ascii::Lower(out).find("without"); at != std::string::npos; at = ascii::Lower(out).find("without")) {
    size_t end = out.find_first_of(",)]", at);
    out.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return out;
}

// A document's text without its nonessential modifiers (in parentheses or brackets), which
// do not decide the code (I.A.7).
std::string Essential(std::string_view text) {
  std::string out;
  int depth = 0;
  for (char ch : text) {
    if (ch == '(' || ch == '[') ++depth;
    if (depth == 0) out.push_back(ch);
    if ((ch == ')' || ch == ']') && depth > 0) --depth;
  }
  return out;
}

// A word of `title` (any case) starts with the lower-case letters `start`.
// (Asked for every title of a category: plain ASCII tests, no locale.)
bool StartsAWord(std::string_view title, std::string_view start) {
  if (start.empty()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
  };
  for (size_t at = 0; at + start.size() <= title.size(); ++at) {
    if (lower(title[at]) != start[0] || (at > 0 && word(title[at - 1]))) continue;
    size_t n = 1;
    while (n < start.size() && lower(title[at + n]) == start[n]) ++n;
    if (n == start.size()) return true;
  }
  return false;
}

// A query word (as typed or as read) is a word of `text`, inflections met by their stems.
bool Reads(const QueryWord& qw, std::string_view text) {
  auto tw = text::Tokenize(text);
  if (!tw) return false;
  std::vector<std::string> stems;
  for (const std::string& w : *tw) stems.push_back(text::Stem(w));
  auto one = [&](const std::string& w) {
    return w != "|" && !text::IsStopword(w) && std::find(stems.begin(), stems.end(), text::Stem(w)) != stems.end();
  };
  for (const std::string& w : SplitSpaces(qw.text))
    if (one(w)) return true;
  for (const std::string& w : SplitSpaces(qw.used))
    if (one(w)) return true;
  return false;
}

}  // namespace

void NoteCoder::ApplyDocumentedSibling() {
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i) {
    if (cands_[i].dropped || cands_[i].doc == format::kNone || cands_[i].group >= 2) continue;
    const std::string category(Undotted(cands_[i].code).substr(0, 3));
    // The words of the candidate's item on its line, in chunks read as present: its own
    // evidence and the content words no other code reads.
    std::vector<Tok> words;
    std::vector<bool> own;
    bool free_any = false;
    const note::Chunk* home = nullptr;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.item != cands_[i].item || ch.line != cands_[i].line || ch.section != cands_[i].section) continue;
      if (ch.assertion != Assertion::kPresent &&
          !(ch.assertion == Assertion::kUncertain && options_.setting == CareSetting::kInpatient))
        continue;
      for (Tok& t : Tokens(text_, ch.begin, ch.end)) {
        const bool mine = Inside(cands_[i].evidence, t);
        if (mine && !home) home = &ch;
        if (!mine) {
          if (!t.content || t.number || t.absent) continue;
          bool other = false;
          for (size_t j = 0; j < cands_.size() && !other; ++j)
            other = j != i && !cands_[j].dropped && Inside(cands_[j].evidence, t);
          if (other) continue;
          free_any = true;
        }
        own.push_back(mine);
        words.push_back(std::move(t));
      }
    }
    if (!free_any || !home) continue;
    // A category of one billable code has no sibling; and a free word must start a word of a
    // sibling's title (its first five letters) before the search is asked, or, for an
    // unspecified code, a word of the text be an abbreviation the lexicon may read (written in
    // capitals: an Index subterm's words, "EBV").
    bool may = false;
    if (Unspecified(Title(cands_[i].code)))
      for (size_t t = 0; t < words.size() && !may; ++t) {
        const std::string_view typed = text_.substr(words[t].begin, words[t].end - words[t].begin);
        may = typed.size() >= 2 && std::all_of(typed.begin(), typed.end(), [](char k) {
          return std::isupper(static_cast<unsigned char>(k)) || std::isdigit(static_cast<unsigned char>(k));
        });
      }
    std::vector<std::string_view> starts;  // the free words' first five letters
    for (size_t t = 0; t < words.size(); ++t)
      if (!own[t] && !words[t].folded.empty() && words[t].folded[0].size() >= 3)
        starts.push_back(std::string_view(words[t].folded[0]).substr(0, 5));
    {
      auto [b, e] = cs_.PrefixRange(category);
      bool sibling = false;
      for (uint32_t sidx = b; sidx < e && !(may && sibling); ++sidx) {
        const uint32_t k = cs_.sorted()[sidx];
        if (k == cands_[i].code || !Billable(k)) continue;
        sibling = true;
        if (may) break;
        const std::string_view title = Title(k);
        for (std::string_view st : starts)
          if (StartsAWord(title, st)) {
            may = true;
            break;
          }
      }
      if (!sibling || !may) continue;
    }
    // Two codes of the category in the item: the specificity rule chooses (I.A.9).
    bool pair = false;
    for (size_t j = 0; j < cands_.size() && !pair; ++j)
      pair = j != i && !cands_[j].dropped && cands_[j].item == cands_[i].item &&
             Undotted(cands_[j].code).substr(0, 3) == category;
    if (pair) continue;
    std::string query;
    for (const Tok& t : words) {
      if (!query.empty()) query += ' ';
      query.append(text_.substr(t.begin, t.end - t.begin));
    }
    if (query.size() > kMaxQueryBytes) continue;
    SearchOptions so;
    so.limit = 12;
    so.date = options_.date;
    so.within = {category};
    const std::string_view line = LineLower(*home);
    // Whether a hit of the narrowed search `r` moves the code; `partial`: the query words of the
    // first hit that reads free words but not every word the code reads.
    auto move = [&](const SearchResult& r, uint32_t& partial) -> bool {
      const Candidate& c = cands_[i];
      // The words the found code reads here (its own hit, or its header's).
      const SearchHit* mine = nullptr;
      for (const SearchHit& h : r.hits) {
        if (h.kind != MatchKind::kWords || h.doc == format::kNone) continue;
        if (h.code == c.code || (Undotted(c.code).starts_with(Undotted(h.code)) && !mine)) mine = &h;
        if (h.code == c.code) break;
      }
      if (!mine) return false;
      const std::string_view mine_text = cs_.str(cs_.docs()[mine->doc].text);
      const uint32_t unsaid_mine = UnsaidIn(r, WithoutAbsent(Title(c.code)));
      // A word it reads only as a nonessential modifier of its entry ("Cardiomyopathy
      // (familial)") does not decide its code (I.A.7): another code may read it essentially.
      uint32_t mine_words = mine->matched;
      {
        const std::string essential = Essential(mine_text) + ' ' + Essential(Title(c.code));
        for (size_t q = 0; q < r.words.size() && q < 32; ++q) {
          if (!(mine->matched & (1u << q))) continue;
          if (!Reads(r.words[q], essential)) mine_words &= ~(1u << q);
        }
      }
      // The query words read as typed or by the lexicon (not a correction, nor the start of a
      // longer word: "psych" is not "psychotic").
      uint32_t sure = 0;
      for (size_t q = 0; q < r.words.size() && q < 32; ++q)
        if (r.words[q].use == WordUse::kExact || r.words[q].use == WordUse::kExpanded) sure |= 1u << q;
      for (const SearchHit& h : r.hits) {
        if (&h == mine || h.kind != MatchKind::kWords || h.doc == format::kNone) continue;
        const uint32_t extra = h.matched & ~mine_words;
        if ((extra & sure) != extra) continue;
        if ((h.matched & mine_words) != mine_words) {  // reads every word the code reads
          if (partial == 0 && extra != 0 && Undotted(h.code) != Undotted(c.code).substr(0, Undotted(h.code).size()))
            partial = extra;
          continue;
        }
        const format::DocRec& doc = cs_.docs()[h.doc];
        const std::string_view text = cs_.str(doc.text);
        // The same words, read by a subterm of the code's own Index entry that says nothing else.
        if (extra == 0 && !(text.size() > mine_text.size() + 2 && text.starts_with(mine_text) &&
                            text.substr(mine_text.size(), 2) == ", " && UnsaidWords(r, doc) == 0))
          continue;
        // Each word read beyond the code's own is a word of the entry's condition or of the
        // code's title, not a nonessential modifier (I.A.7).
        const std::string essential = Essential(text) + ' ' + Essential(Title(h.code));
        bool modifier = false;
        for (size_t q = 0; q < r.words.size() && q < 32 && !modifier; ++q) {
          if (!(extra & (1u << q))) continue;
          modifier = !Reads(r.words[q], essential);
        }
        if (modifier) continue;
        // Complete the hit as the chunk's own hit was: the header's default, the 7th character.
        Candidate tmp;
        tmp.doc = h.doc;
        uint32_t k = Finalize(h.code, line, tmp, line);
        if (!Billable(k) || k == c.code || Undotted(k).substr(0, 3) != category) continue;
        // Never less detail: no unspecified code for a specified one, nor an "other" code, for
        // detail no specific code has (I.A.9.a), where the words found a specific one.
        const std::string lk = ascii::Lower(Title(k)), lc = ascii::Lower(Title(c.code));
        if (!Unspecified(lc) && (Unspecified(lk) || (HasAny(lk, {"other"}) && !HasAny(lc, {"other"})))) continue;
        // Its title says no more than the found code's does, but a word for each word it reads
        // beyond it (what a title says is absent aside: the default when the text is silent); a
        // subterm of the code's own Index entry is the Index's word for it (I.B.1).
        if (extra != 0 && UnsaidIn(r, WithoutAbsent(Title(k))) > unsaid_mine + static_cast<uint32_t>(std::popcount(extra)))
          continue;
        // The side the found code has (I.B.13), and its dominance (read by its own rule, I.C.6.a).
        if (HasAny(lk, {"dominant", "nondominant"})) continue;
        // A title word that is a word of the text with a negating prefix ("abnormal" for the
        // text's "normal", "nontraumatic" for "traumatic") says the opposite of the text.
        bool opposite = false;
        for (const std::string& tw : TitleWords(lk))
          for (std::string_view neg : {"ab", "non", "un", "in"})
            if (!opposite && tw.size() > neg.size() + 3 && tw.starts_with(neg))
              for (const Tok& t : words)
                opposite = opposite || (!t.folded.empty() && t.folded[0] == std::string_view(tw).substr(neg.size()));
        if (opposite) continue;
        auto named = [](char x) { return x == 'L' || x == 'R' || x == 'B'; };
        const char side = TitleSide(Title(c.code)), side_k = TitleSide(Title(k));
        if (named(side) && side_k != side) {
          auto sib = detail::SideSibling(cs_, year_, k, side);
          if (!sib) continue;
          k = *sib;
        } else if (!named(side) && named(side_k)) {
          continue;
        }
        Candidate& w = cands_[i];
        w.rules.push_back({"documented-detail", "I.B.2",
                           "the text's other words decide the code of the category: " + Dotted(k) + ", not " + Dotted(w.code)});
        w.why.push_back(medcode::Explain(cs_, r, h));
        // Its evidence: the words of the hit the found code did not read.
        for (size_t q = 0; q < r.words.size() && q < 32; ++q) {
          if (!(extra & (1u << q))) continue;
          const std::vector<std::string> qw = SplitSpaces(r.words[q].text);
          for (size_t t = 0; t < words.size(); ++t)
            if (!own[t] && !words[t].folded.empty() && std::find(qw.begin(), qw.end(), words[t].folded[0]) != qw.end())
              w.evidence.push_back({words[t].begin, words[t].end});
        }
        std::sort(w.evidence.begin(), w.evidence.end(), [](const TextSpan& x, const TextSpan& y) { return x.begin < y.begin; });
        w.code = k;
        return true;
      }
      return false;
    };
    // The query ends with a space: its last word is a whole word, not one being typed.
    const auto& r = searcher_.Search(query + ' ', so);
    uint32_t partial = 0;
    if (!r || r->hits.empty() || move(*r, partial) || partial == 0) continue;
    // No hit reads the code's words and more, but one reads free words of the text that the
    // search, asked all the line's words, put apart ("UC pancolitis": ulcerative colitis, and
    // pancolitis): the code's words and those alone are asked again.
    std::string again;
    for (size_t t = 0; t < words.size(); ++t) {
      bool take = own[t];
      for (size_t q = 0; q < r->words.size() && q < 32 && !take; ++q) {
        if (!(partial & (1u << q)) || words[t].folded.empty()) continue;
        const std::vector<std::string> qw = SplitSpaces(r->words[q].text);
        take = std::find(qw.begin(), qw.end(), words[t].folded[0]) != qw.end();
      }
      if (!take) continue;
      again.append(text_.substr(words[t].begin, words[t].end - words[t].begin)).push_back(' ');
    }
    const auto& r2 = searcher_.Search(again, so);
    uint32_t ignored = 0;
    if (r2 && !r2->hits.empty()) move(*r2, ignored);
  }
}

// Diabetes documented as poorly controlled (the Index: "Diabetes, poorly controlled", "...,
// inadequately controlled", "..., out of control": code to Diabetes, by type, with
// hyperglycemia): the type's E1x.65 on the diabetes code's line, in place of the code without
// complications, or beside a complication coded (I.C.4.a: as many codes as describe the
// complications).
void NoteCoder::ApplyDiabetesControl() {
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i) {
    if (cands_[i].dropped || cands_[i].group >= 2) continue;
    const std::string_view u = Undotted(cands_[i].code);
    if (u.size() < 4 || u[0] != 'E' || u.substr(0, 3) < "E08" || u.substr(0, 3) > "E13") continue;
    bool told = false;
    for (const note::Chunk& ch : layout_.chunks)
      told = told || (ch.line == cands_[i].line && ch.assertion == Assertion::kPresent &&
                      HasAny(ChunkLower(ch), {"poorly controlled", "inadequately controlled", "out of control"}) &&
                      !HasAny(ChunkLower(ch), {"not poorly controlled", "not inadequately controlled", "not out of control"}));
    if (!told) continue;
    const std::string category(u.substr(0, 3));
    auto k = cs_.Find(category + "65");
    if (!k || !Billable(*k) || *k == cands_[i].code) continue;
    bool have = false;
    for (const Candidate& o : cands_) have = have || (!o.dropped && o.code == *k);
    if (have) continue;
    const RuleApplied rule{"diabetes-poorly-controlled", "I.C.4.a",
                           "poorly controlled: the Index's \"Diabetes, by type, with hyperglycemia\": " + Dotted(*k)};
    if (u.substr(3) == "9") {
      cands_[i].rules.push_back(rule);
      cands_[i].code = *k;
      continue;
    }
    Candidate c = cands_[i];
    c.code = *k;
    c.doc = format::kNone;
    c.rules = {rule};
    c.why = {"diabetes documented as poorly controlled"};
    c.alternatives.clear();
    c.position += 1;
    cands_.push_back(std::move(c));
  }
}

}  // namespace medcode::coding
