// suggest_sibling.cpp owns the code of a category that the text's other words decide: once
// every chunk has its codes, a code found by a search is checked against the words of its line
// and item that no code reads; a code of the same category (3 characters) whose Index entry or
// Tabular title reads those words too is the one reported (I.B.1: the Index's subterms, then
// the Tabular; I.B.2: the highest level of specificity documented; I.A.9.b: the unspecified
// code only when the record gives nothing more). See suggest_coder.h.
#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "medcode/index.h"
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

// A title's "not having achieved" is its "without" ("Chronic lymphocytic leukemia of B-cell type
// not having achieved remission": remission absent).
std::string AbsentAsWithout(std::string_view text) {
  std::string out(text);
  static constexpr std::string_view kNot = "not having achieved";
  for (size_t at = ascii::Lower(out).find(kNot); at != std::string::npos; at = ascii::Lower(out).find(kNot))
    out.replace(at, kNot.size(), "without");
  return out;
}

// A document's text without what it says is absent ("..., without organ involvement", "without
// abnormal findings"): the default a code takes when the record says nothing of it.
std::string WithoutAbsent(std::string_view text) {
  std::string out = AbsentAsWithout(text);
  for (size_t at = ascii::Lower(out).find("without"); at != std::string::npos; at = ascii::Lower(out).find("without")) {
    size_t end = out.find_first_of(",)]", at);
    out.erase(at, end == std::string::npos ? std::string::npos : end - at);
  }
  return out;
}

// The details a title says are absent, each the stems of its content words: "without" up to a
// comma or the next "of", "with", "without" ("Laceration without foreign body of left index
// finger without damage to nail": foreign body; damage nail), "mention of" skipped ("without
// mention of fluctuations"). A word the title says elsewhere is no absent detail's.
std::vector<std::vector<std::string>> AbsentDetails(std::string_view title) {
  std::vector<std::vector<std::string>> out;
  const std::string lower = ascii::Lower(AbsentAsWithout(title));
  if (lower.find("without") == std::string::npos) return out;
  std::set<std::string> elsewhere;
  std::vector<std::string> cur;
  bool in = false;
  std::string word;
  auto end_word = [&](bool comma) {
    if (!word.empty()) {
      if (word == "without") {
        if (in && !cur.empty()) out.push_back(std::move(cur));
        cur.clear();
        in = true;
      } else if (in && (word == "of" || word == "with") && !(word == "of" && cur.empty())) {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
        in = false;
      } else if (in && word != "mention" && !text::IsStopword(word)) {
        cur.push_back(text::Stem(word));
      } else if (!in && !text::IsStopword(word)) {
        elsewhere.insert(text::Stem(word));
      }
      word.clear();
    }
    if (comma && in) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      in = false;
    }
  };
  for (char ch : lower) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '\'') word.push_back(ch);
    else end_word(ch == ',' || ch == '(' || ch == ')');
  }
  end_word(true);
  std::erase_if(out, [&](const std::vector<std::string>& d) {
    return d.empty() || std::any_of(d.begin(), d.end(), [&](const std::string& st) { return elsewhere.count(st) > 0; });
  });
  return out;
}

// The details a title says are present: "with" up to a comma, "with" or "without" ("Parkinson's
// disease without dyskinesia, with fluctuations": fluctuations), each the stems of its content
// words; and the stems of the title's other words ("without" details' words too, "mention"
// aside), which a sibling differing in that detail alone shares.
struct TitleDetails {
  std::vector<std::vector<std::string>> with;
  std::set<std::string> rest;
};
TitleDetails WithDetails(std::string_view title) {
  TitleDetails out;
  std::vector<std::string> cur;
  bool in = false;
  auto close = [&] {
    if (in && !cur.empty()) out.with.push_back(std::move(cur));
    cur.clear();
    in = false;
  };
  for (const std::string& w : TitleWords(ascii::Lower(title))) {
    if (w == "with" || w == "without") {
      close();
      in = w == "with";
      continue;
    }
    if (w == "mention" || text::IsStopword(w)) continue;
    if (in) cur.push_back(text::Stem(w));
    else out.rest.insert(text::Stem(w));
  }
  close();
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

// An Index term's title without its nonessential modifiers and trailing spaces (I.A.7).
std::string EssentialTerm(const CodeSet& cs, uint32_t node) {
  std::string t = Essential(cs.str(cs.index_nodes()[node].title));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
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

// The titles of the subcategories above the code (its headers of 4 to 6 characters), each
// without what it says is absent, joined by commas: what the Tabular says of every code under
// them (I21.11 is under I21.1 "... of inferior wall").
std::string HeaderTitles(const CodeSet& cs, int year, uint32_t code) {
  std::string out;
  const std::string_view u = cs.code(code);
  for (size_t len = 4; len < u.size(); ++len)
    if (auto k = cs.Find(u.substr(0, len))) out.append(WithoutAbsent(cs.TitleIn(*k, year))).append(", ");
  return out;
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

// The words of the lexicon's readings of the free words (`own` false) of an item: each free
// content word, and each two or three in a row, the lexicon has an entry for ("bleeding":
// hemorrhage; "sleeping in car": unsheltered homelessness), words of three letters or more
// that are not stopwords. A few memoized look-ups per candidate, no search.
std::vector<std::string> NoteCoder::LexiconReadingWords(const std::vector<Tok>& words, const std::vector<bool>& own) const {
  std::vector<std::string> out;
  std::vector<const Tok*> free;
  for (size_t t = 0; t < words.size(); ++t)
    if (!own[t] && words[t].content && !words[t].number && !words[t].absent && !words[t].folded.empty())
      free.push_back(&words[t]);
  for (size_t b = 0; b < free.size(); ++b) {
    std::string key;
    for (size_t len = 1; len <= 3 && b + len <= free.size(); ++len) {
      if (len > 1) key += ' ';
      key += text::Stem(free[b + len - 1]->folded[0]);
      const format::LexRec* lex =
          searcher_.searcher().FindLexicon(key, false, len == 1 ? std::string_view(free[b]->folded[0]) : std::string_view());
      if (!lex || lex->raw) continue;
      for (uint32_t a = 0; a < lex->alt_count; ++a)
        if (auto tw = text::Tokenize(cs_.str(cs_.lexicon_alts()[lex->alt_first + a].display)))
          for (std::string& w : *tw)
            if (w.size() >= 3 && !text::IsStopword(w)) out.push_back(std::move(w));
    }
  }
  return out;
}

// A code the Index gave by a "see" reference ("Sprain, talofibular - see Sprain, ankle":
// S93.40-, the unspecified ligament): a subterm of the target whose every word the line says
// ("Sprain, ankle, talofibular ligament - see ..., specified ligament NEC": S93.49-) names the
// code (I.A.16: "see" directs to the term to follow; I.B.1: its subterms, then the Tabular;
// I.A.9.a: not the unspecified code for a detail the Index names). Whether it moved the code.
bool NoteCoder::SeeTargetSubterm(size_t i, const std::vector<Tok>& words, std::string_view line) {
  Candidate& c = cands_[i];
  if (c.doc >= cs_.docs().size() || cs_.docs()[c.doc].kind != static_cast<uint8_t>(format::DocKind::kIndexSee) ||
      !Unspecified(Title(c.code)))
    return false;
  const uint32_t target = IndexTermOf(c.doc);
  if (target == format::kNone) return false;
  const std::string category(Undotted(c.code).substr(0, 3));
  std::set<std::string> said;
  for (const Tok& t : words)
    if (!t.absent)
      for (const std::string& f : t.folded) said.insert(text::Stem(f));
  // The code of a node of the category: its own, or that of the term its "see" names.
  auto code_of = [&](uint32_t node) -> std::optional<uint32_t> {
    for (int hop = 0; hop < 2 && node != format::kNone; ++hop) {
      uint32_t next = format::kNone;
      for (const format::IndexRefRec& r : cs_.index_refs(node)) {
        if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
            r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode) && r.target < cs_.size())
          return Undotted(r.target).substr(0, 3) == category ? std::optional<uint32_t>(r.target) : std::nullopt;
        if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kSee) &&
            r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kNode) && r.target < cs_.index_nodes().size())
          next = r.target;
      }
      node = next;
    }
    return std::nullopt;
  };
  std::optional<uint32_t> best;
  size_t best_words = 0;
  bool tie = false;
  for (uint32_t j = target + 1, end = cs_.index_subtree_end(target); j < end; ++j) {
    if (cs_.index_parent(j) != target) continue;
    size_t n = 0;
    bool all = true;
    for (const std::string& w : TitleWords(ascii::Lower(EssentialTerm(cs_, j)))) {
      if (w.size() < 2 || text::IsStopword(w)) continue;
      ++n;
      all = all && said.count(text::Stem(w));
    }
    if (!all || n == 0 || n < best_words) continue;
    auto k = code_of(j);
    if (!k) continue;
    tie = n == best_words && best && *k != *best;
    if (n > best_words) tie = false;
    best = k;
    best_words = n;
  }
  if (!best || tie) return false;
  Candidate tmp;
  uint32_t k = Finalize(*best, line, tmp, line);
  // The side the found code has (I.B.13).
  const char side = TitleSide(Title(c.code)), side_k = TitleSide(Title(k));
  if ((side == 'L' || side == 'R' || side == 'B') && side_k != side) {
    auto sib = detail::SideSibling(cs_, year_, k, side);
    if (!sib) return false;
    k = *sib;
  }
  if (!Billable(k) || k == c.code || Undotted(k).substr(0, 3) != category || Unspecified(Title(k))) return false;
  c.rules.push_back({"documented-detail", "I.A.16",
                     "the Index's \"see\" target names the detail: " + Dotted(k) + ", not " + Dotted(c.code)});
  c.code = k;
  return true;
}

// The item a diagnosis's dash opens on its line ("CLL - remains in remission", "ulcer of R heel -
// fat layer exposed"): the detail the note gives of the diagnosis before it, read with its item
// for the code of its category (I.B.2: the highest specificity the record documents); the
// item's number, or UINT32_MAX when the next item on the line does not follow a dash.
uint32_t NoteCoder::DashDetailItem(uint32_t item, uint32_t line) const {
  const note::Chunk* last = nullptr;
  const note::Chunk* next = nullptr;
  for (const note::Chunk& ch : layout_.chunks) {
    if (ch.line != line) continue;
    if (ch.item == item) last = &ch;
    if (ch.item == item + 1 && !next) next = &ch;
  }
  if (!last || !next || !next->plan || next->begin < last->end) return UINT32_MAX;
  const std::string_view gap = std::string_view(text_).substr(last->end, next->begin - last->end);
  const bool dash = gap.find(" -") != std::string_view::npos;
  const bool only = std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' ' || c == '-'; });
  return dash && only ? item + 1 : UINT32_MAX;
}

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
    // A detail the code's title says is absent ("Parkinson's disease with dyskinesia, without
    // mention of fluctuations") that the text says present, every word of it: the code does not
    // read those words, a sibling's title may (I.B.2: the detail the record gives).
    const std::vector<std::vector<std::string>> absent_details = AbsentDetails(Title(cands_[i].code));
    std::set<std::string> said_absent;  // the stems of those details' words
    for (const std::vector<std::string>& d : absent_details) said_absent.insert(d.begin(), d.end());
    std::set<std::string> freed;  // the details the text says present
    // The item the diagnosis's dash opens lends its words when it and the diagnosis's item are
    // both stated as present (not the workup of a possible diagnosis: "probable viral meningitis -
    // enterovirus PCR still pending").
    uint32_t detail_item = DashDetailItem(cands_[i].item, cands_[i].line);
    // A detail the dash's item says is absent ("puncture wound R foot, no retained FB") is no
    // doubt of it: its words are not read, the item's present words are.
    for (const note::Chunk& ch : layout_.chunks)
      if ((ch.item == cands_[i].item || ch.item == detail_item) && ch.line == cands_[i].line &&
          ch.assertion != Assertion::kPresent && !(ch.item == detail_item && ch.assertion == Assertion::kNegated))
        detail_item = UINT32_MAX;
    std::set<std::string> dash_words;  // the folded words the dash item lends
    for (const note::Chunk& ch : layout_.chunks) {
      if ((ch.item != cands_[i].item && ch.item != detail_item) || ch.line != cands_[i].line ||
          ch.section != cands_[i].section)
        continue;
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
          if (ch.item == detail_item && !t.folded.empty()) dash_words.insert(t.folded[0]);
        }
        own.push_back(mine);
        words.push_back(std::move(t));
      }
    }
    if (!said_absent.empty()) {
      std::set<std::string> present;
      for (size_t t = 0; t < words.size(); ++t)
        if (!words[t].absent && !words[t].folded.empty()) present.insert(text::Stem(words[t].folded[0]));
      for (const std::vector<std::string>& d : absent_details)
        if (std::all_of(d.begin(), d.end(), [&](const std::string& st) { return present.count(st) > 0; }))
          freed.insert(d.begin(), d.end());
      for (size_t t = 0; t < words.size(); ++t)
        if (own[t] && !words[t].absent && !words[t].folded.empty() && freed.count(text::Stem(words[t].folded[0]))) {
          own[t] = false;
          free_any = true;
        }
    }
    if (home && SeeTargetSubterm(i, words, LineLower(*home))) continue;
    if (!free_any || !home) continue;
    // A category of one billable code has no sibling; and a free word must start a word of a
    // sibling's title (its first five letters) before the search is asked, or, for an
    // unspecified code or an "other" one (I.A.9.a: the residual of the specific siblings), a
    // word of the text be an abbreviation the lexicon may read (written in capitals: an Index
    // subterm's words, "EBV"; "RCA" beside I21.19 "... involving other coronary artery ...").
    bool may = false;
    if (Unspecified(Title(cands_[i].code)) || HasAny(ascii::Lower(Title(cands_[i].code)), {"other"}))
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
    // Else their readings': a free word, or two or three in a row, the lexicon reads as a
    // title's words ("bleeding": hemorrhage, K26.4; "sleeping in car": unsheltered
    // homelessness, Z59.02) name a sibling whose title says nothing but those, the text's
    // and the code's own words (not "dz": disease, for "Rheumatoid heart disease ...").
    std::vector<std::string> readings;
    std::set<std::string> said_starts;  // the first five letters of what a sibling may say
    bool by_reading = false;
    auto says_nothing_else = [&](std::string_view title) {
      for (const std::string& w : TitleWords(ascii::Lower(title)))
        if (w.size() >= 3 && !text::IsStopword(w) && !said_starts.count(w.substr(0, 5))) return false;
      return true;
    };
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
      if (sibling && !may && !(readings = LexiconReadingWords(words, own)).empty()) {
        for (const std::string& w : TitleWords(ascii::Lower(Title(cands_[i].code)))) said_starts.insert(w.substr(0, 5));
        if (auto lw = text::Tokenize(LineLower(*home)))  // the line's words, other codes' too
          for (const std::string& w : *lw) said_starts.insert(w.substr(0, 5));
        for (const std::string& w : readings) said_starts.insert(w.substr(0, 5));
        for (uint32_t sidx = b; sidx < e && !may; ++sidx) {
          const uint32_t k = cs_.sorted()[sidx];
          if (k == cands_[i].code || !Billable(k)) continue;
          const std::string_view title = Title(k);
          may = std::any_of(readings.begin(), readings.end(), [&](const std::string& w) { return StartsAWord(title, w.substr(0, 5)); }) &&
                says_nothing_else(title);
        }
        by_reading = may;
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
      // A code found by a "see" reference ("Sprain, talofibular - see Sprain, ankle": S93.40-)
      // is the target term's; a subterm of that term that reads the same words ("Sprain, ankle,
      // talofibular ligament": S93.49-) and says nothing the text does not is the one the
      // Index directs to (I.A.16, I.B.1).
      const uint32_t see_target = cs_.docs()[mine->doc].kind == static_cast<uint8_t>(format::DocKind::kIndexSee)
                                      ? IndexTermOf(mine->doc)
                                      : format::kNone;
      auto under_see_target = [&](uint32_t doc) {
        if (see_target == format::kNone) return false;
        const uint32_t term = IndexTermOf(doc);
        return term != format::kNone && term > see_target && term < cs_.index_subtree_end(see_target);
      };
      const uint32_t unsaid_mine = UnsaidIn(r, WithoutAbsent(Title(c.code)));
      // A word it reads only as a nonessential modifier of its entry ("Cardiomyopathy
      // (familial)") does not decide its code (I.A.7): another code may read it essentially.
      uint32_t mine_words = mine->matched;
      {
        const std::string essential = Essential(mine_text) + ' ' + Essential(Title(c.code));
        for (size_t q = 0; q < r.words.size() && q < 32; ++q) {
          if (!(mine->matched & (1u << q))) continue;
          bool detail = false;  // a detail its title says is absent, the text present
          for (const std::string& w : SplitSpaces(r.words[q].text))
            detail = detail || freed.count(text::Stem(w));
          if (detail || !Reads(r.words[q], essential)) mine_words &= ~(1u << q);
        }
      }
      const bool other_code = ascii::Lower(Title(c.code)).starts_with("other ");
      // The query words read as typed or by the lexicon (not a correction, nor the start of a
      // longer word: "psych" is not "psychotic").
      uint32_t sure = 0;
      for (size_t q = 0; q < r.words.size() && q < 32; ++q)
        if (r.words[q].use == WordUse::kExact || r.words[q].use == WordUse::kExpanded) sure |= 1u << q;
      for (const SearchHit& h : r.hits) {
        if (&h == mine || h.kind != MatchKind::kWords || h.doc == format::kNone) continue;
        const uint32_t extra = h.matched & ~mine_words;
        if ((extra & sure) != extra) continue;
        // An "other" code (I.A.9.a: for a detail no specific code has) found by an Index subterm
        // whose words its title does not say ("Constipation, chronic" K59.09 "Other
        // constipation"): a specific code of the category that reads free words of the text
        // ("Constipation, slow transit" K59.01) need not read those.
        uint32_t need = mine_words;
        if (extra != 0 && other_code && !Unspecified(Title(h.code)) &&
            !HasAny(ascii::Lower(Title(h.code)), {"other"}))
          for (size_t q = 0; q < r.words.size() && q < 32; ++q)
            if ((need & (1u << q)) && !Reads(r.words[q], Title(c.code))) need &= ~(1u << q);
        // A word the hit's title does not read, its subcategories' titles may, as typed (they
        // hold for every code under them: I21.11 "... involving right coronary artery" is under
        // I21.1 "... of inferior wall"; L20.82 "Flexural eczema" under L20.8 "Other atopic
        // dermatitis"). Not a reading of it: a header's general words ("open wound") do not say
        // the detail the code's words read ("bite").
        uint32_t read = h.matched;
        if ((read & need) != need) {
          std::set<std::string> headers;  // the stems of the headers' words
          if (auto hw = text::Tokenize(HeaderTitles(cs_, year_, h.code)))
            for (const std::string& w : *hw) headers.insert(text::Stem(w));
          for (size_t q = 0; q < r.words.size() && q < 32; ++q) {
            if (!(need & ~read & (1u << q))) continue;
            bool all = true, any = false;  // every word of it as typed ("pain radiating down leg")
            for (const std::string& w : SplitSpaces(r.words[q].text)) {
              if (w == "|" || text::IsStopword(w)) continue;
              any = true;
              all = all && headers.count(text::Stem(w)) > 0;
            }
            if (any && all) read |= 1u << q;
          }
          // The Tabular reads them together: the hit's own title says each word it reads beyond
          // the code ("Flexural eczema"), or its inclusion term does ("Toxic effect of carbon
          // monoxide from incomplete combustion of coal, coke, kerosene, wood" under T58.2), not
          // an Index entry's other words alone ("Disorder, tobacco use, cigarettes, in
          // remission" under F17.21 "Nicotine dependence, cigarettes").
          if ((read & need) == need) {
            std::string tabular(Title(h.code));
            if (cs_.docs()[h.doc].kind == static_cast<uint8_t>(format::DocKind::kInclusion))
              tabular.append(", ").append(cs_.str(cs_.docs()[h.doc].text));
            for (size_t q = 0; q < r.words.size() && q < 32; ++q)
              if ((extra & (1u << q)) && !Reads(r.words[q], tabular)) read = h.matched;
          }
        }
        if ((read & need) != need) {  // reads every word the code reads
          if (partial == 0 && extra != 0 && Undotted(h.code) != Undotted(c.code).substr(0, Undotted(h.code).size()))
            partial = extra;
          continue;
        }
        const format::DocRec& doc = cs_.docs()[h.doc];
        const std::string_view text = cs_.str(doc.text);
        // The same words, read by a subterm of the code's own Index entry that says nothing else.
        if (extra == 0 && !(text.size() > mine_text.size() + 2 && text.starts_with(mine_text) &&
                            text.substr(mine_text.size(), 2) == ", " && UnsaidWords(r, doc) == 0) &&
            !(under_see_target(h.doc) && UnsaidWords(r, cs_.docs()[h.doc]) == 0))
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
        // subterm of the code's own Index entry is the Index's word for it, an inclusion term
        // that reads them the Tabular's (I.B.1: "conditions for which that code is to be used").
        if (extra != 0) {
          uint32_t unsaid_k = UnsaidIn(r, WithoutAbsent(Title(k)));
          if (doc.kind == static_cast<uint8_t>(format::DocKind::kInclusion))
            unsaid_k = std::min(unsaid_k, UnsaidIn(r, WithoutAbsent(text)));
          if (unsaid_k > unsaid_mine + static_cast<uint32_t>(std::popcount(extra))) continue;
        }
        // The side the found code has (I.B.13), and its dominance (read by its own rule, I.C.6.a).
        if (HasAny(lk, {"dominant", "nondominant"})) continue;
        // A sibling the lexicon's readings alone led to says nothing else.
        if (by_reading && !says_nothing_else(Title(k))) continue;
        // A word of the dash's item names a detail a specific code has, not an "other" code's
        // (I.A.9.a): "Epilepsy - seizure-free" is no "Other seizures".
        bool dash_extra = false;
        for (size_t q = 0; q < r.words.size() && q < 32 && !dash_extra; ++q)
          if (extra & (1u << q))
            for (const std::string& w : SplitSpaces(r.words[q].text)) dash_extra = dash_extra || dash_words.count(w);
        if (dash_extra && HasAny(lk, {"other"})) continue;
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
          // A side word that is part of an anatomical name an abbreviation of the text reads
          // ("RCA": right coronary artery, I21.11) names the part, not a laterality (I.B.13).
          // A free word of the item that is the side itself ("Stepped on nail - puncture wound
          // R foot") documents it (I.B.13).
          bool part = false, side_said = false;
          for (size_t q = 0; q < r.words.size() && q < 32 && !part && side_k != 'B'; ++q) {
            if (!(extra & (1u << q))) continue;
            const std::vector<std::string> used = SplitSpaces(r.words[q].used);
            part = used.size() > 1 && std::find(used.begin(), used.end(), side_k == 'L' ? "left" : "right") != used.end();
            side_said = side_said || (SplitSpaces(r.words[q].text).size() == 1 && detail::DocumentedSide(ascii::Lower(r.words[q].text)) == side_k);
          }
          if (!part && !side_said) continue;
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
  // A pressure ulcer whose code leaves the stage unspecified (the Index's "Ulcer, pressure,
  // stage 4, coccyx" sends to L89.15-, whose title says "sacral region") while its own words
  // say the stage ("Stage 4 pressure ulcer coccyx"): the code of the same subcategory whose
  // title says that stage (I.C.12.a.1: the stage selects the code; I.A.9.b).
  for (Candidate& c : cands_) {
    if (c.dropped || c.group >= 2 || !ascii::Lower(Title(c.code)).ends_with("unspecified stage")) continue;
    std::string stage;
    for (const TextSpan& e : c.evidence) {
      const std::vector<std::string> w = TitleWords(ascii::Lower(std::string_view(text_).substr(e.begin, e.end - e.begin)));
      for (size_t k = 0; k + 1 < w.size() && stage.empty(); ++k) {
        if (w[k] != "stage") continue;
        static constexpr std::pair<std::string_view, std::string_view> kStages[] = {
            {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"i", "1"}, {"ii", "2"}, {"iii", "3"}, {"iv", "4"}};
        for (const auto& [as, n] : kStages)
          if (w[k + 1] == as) stage = n;
      }
    }
    if (stage.empty()) continue;
    const uint32_t parent = cs_.rec(c.code).parent;
    if (parent == format::kNone) continue;
    for (uint32_t k = parent + 1; k < cs_.rec(parent).subtree_end; ++k) {
      if (cs_.rec(k).parent != parent || !Billable(k) || !ascii::Lower(Title(k)).ends_with(", stage " + stage)) continue;
      c.rules.push_back({"documented-stage", "I.C.12.a.1", "the stage the text documents: " + Dotted(k) + ", not " + Dotted(c.code)});
      c.code = k;
      break;
    }
  }
  // A fracture of one rib (S22.3-) whose own words say "ribs" ("Fx L ribs 4-6", "fx R
  // 4th-6th ribs"): several ribs are documented, the Index's "Fracture, traumatic, rib,
  // multiple" S22.4-, the same side and encounter (I.B.1; I.A.9.b: not the one-rib code when
  // the record says more).
  for (Candidate& c : cands_) {
    if (c.dropped || c.group >= 2) continue;
    const std::string_view u = Undotted(c.code);
    if (u.size() != 7 || u.substr(0, 4) != "S223") continue;
    const bool plural = std::any_of(c.evidence.begin(), c.evidence.end(), [&](const TextSpan& e) {
      const std::string w = ascii::Lower(std::string_view(text_).substr(e.begin, e.end - e.begin));
      for (size_t at = w.find("ribs"); at != std::string::npos; at = w.find("ribs", at + 1))
        if ((at == 0 || !IsWordByte(w[at - 1])) && (at + 4 == w.size() || !IsWordByte(w[at + 4]))) return true;
      return false;
    });
    if (!plural) continue;
    std::string d = Dotted(c.code);
    d[4] = '4';  // S22.31XA: S22.41XA
    auto k = cs_.Find(d);
    if (!k || !cs_.InYear(*k, year_)) continue;
    c.rules.push_back({"documented-sibling", "I.B.1", "several ribs documented (\"ribs\"): Fracture, traumatic, rib, multiple: " + d});
    c.code = *k;
  }
}

namespace {

// The words that link a condition to its cause in a note ("IDA due to menorrhagia", "ED 2/2
// DM2", "anaphylaxis to peanuts", "varices in EtOH cirrhosis"): the Index's "due to",
// "secondary to", "in", "induced" subterms as written (I.A.15, I.B.1).
constexpr std::string_view kCauseLinks[] = {"due to", "d/t", "2/2", "secondary to", "caused by", "induced by",
                                            "from", "after", "post", "in", "to"};
// Words that end the cause's phrase: what follows is another detail ("chemo for NHL").
constexpr std::string_view kCauseEnds[] = {"for", "with", "w/", "w/o", "without", "no", "not", "on", "and", "but",
                                           "s/p", "now", "since"};
// An Index subterm's words that link it to its term or say nothing of the cause.
constexpr std::string_view kIndexLinkWords[] = {"due", "to", "in", "with", "secondary", "induced", "from",
                                                "by", "following", "nec", "other", "specified", "type", "of"};
// Words too general to name a cause by themselves ("Anemia, sideroblastic, secondary (due to
// disease)" is not read from "chronic kidney disease").
constexpr std::string_view kGeneralWords[] = {"disease", "diseases", "disorder", "disorders", "condition", "conditions",
                                              "syndrome", "unspecified", "classified", "elsewhere", "complication",
                                              "complications", "infection", "sequela"};

bool OneOf(std::string_view w, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// The offset just past the link word that starts at `at` in the lower-case line (word
// boundaries on both sides), 0 when none does.
size_t LinkAt(std::string_view line, size_t at) {
  if (at > 0 && IsWordByte(line[at - 1])) return 0;
  for (std::string_view l : kCauseLinks)
    if (line.substr(at, l.size()) == l && (at + l.size() == line.size() || !IsWordByte(line[at + l.size()])))
      return at + l.size();
  return 0;
}

// The end of the cause's phrase that starts at `b` in the lower-case line.
size_t CauseEnd(std::string_view line, size_t b) {
  size_t e = b;
  while (e < line.size()) {
    const char ch = line[e];
    if (ch == ',' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == '\n') break;
    if (line.substr(e, 3) == " - " || line.substr(e, 3) == " --") break;
    if (ch == '.' && (e + 1 == line.size() || line[e + 1] == ' ')) {
      size_t w = e;
      while (w > b && IsWordByte(line[w - 1])) --w;
      if (e - w >= 3) break;  // a sentence's end, not "E. coli"
    }
    if (ch == ' ') {
      size_t w = e + 1, we = w;
      while (we < line.size() && line[we] != ' ' && line[we] != ',') ++we;
      if (OneOf(line.substr(w, we - w), kCauseEnds)) break;
    }
    ++e;
  }
  while (e > b && line[e - 1] == ' ') --e;
  return e;
}

}  // namespace

// The word is a main term of the Table of Drugs and Chemicals ("Steroid", "Prednisone") whose
// row has a drug's code (T36-T50): that code; none for a chemical ("Oxalic acid", T54).
std::optional<uint32_t> NoteCoder::DrugTableTerm(const std::string& folded) const {
  if (folded.size() < 4 || !cs_.has_index()) return std::nullopt;
  auto book = index::FindBook(cs_, "drug");
  if (!book) return std::nullopt;
  index::ListOptions lo;
  lo.prefix = folded.substr(0, folded.size() - 1);  // "steroids": "Steroid"
  lo.limit = 8;
  auto page = index::MainTerms(cs_, *book, lo);
  if (!page) return std::nullopt;
  const std::string stem = text::Stem(folded);
  for (const index::NodeView& v : page->items) {
    if (text::Stem(ascii::Lower(v.title)) != stem) continue;
    for (const index::RefView& r : v.refs)
      if (r.code) {
        const std::string_view u = Undotted(r.code->index).substr(0, 3);
        if (u >= "T36" && u <= "T50") return r.code->index;
      }
  }
  return std::nullopt;
}

// A condition the note links to its cause ("Neutropenic fever after cycle 2 chemo", "IDA due
// to menorrhagia", "Anaphylaxis to peanuts", "Esophageal varices in EtOH cirrhosis"): the
// condition's Index term lists its causes as subterms ("Neutropenia, drug-induced, due to
// cytoreductive cancer chemotherapy" D70.1; "Shock, anaphylactic, due to food, peanuts"
// T78.01; "Varix, esophagus, in (due to), cirrhosis of liver" I85.10). The cause's words (as
// typed, as the lexicon reads them, and the title of the code the note gives the cause) are
// read against the subterms below the condition's term whose code is of its category; the
// subterm that reads the most of them and the condition's own words, and says least besides,
// gives the code (I.B.1: the Index's subterms, then the Tabular; I.A.15: the Index presumes the
// link its "with"/"due to" subterms name, here the documentation states it; I.A.9.b: the
// unspecified code only when nothing more is documented).
void NoteCoder::ApplyLinkedCause() {
  if (!cs_.has_index()) return;
  const size_t n = cands_.size();
  for (size_t i = 0; i < n; ++i)
    if (!cands_[i].dropped && cands_[i].doc != format::kNone && cands_[i].group < 2 && !cands_[i].evidence.empty())
      ReadLinkedCause(i);
}

void NoteCoder::ReadLinkedCause(size_t i) {
  const std::string category(Undotted(cands_[i].code).substr(0, 3));
  // The line, and the link word after the condition's words: no other code's words and no
  // clause's end between them.
  const uint32_t ev_end = cands_[i].evidence.back().end;
  const std::string_view line = LineLowerAt(ev_end);
  const size_t line_b = static_cast<size_t>(line.data() - lower_.data());
  // From the end of each of its words on the line ("Sepsis d/t E. coli acute pyelonephritis":
  // a code whose words run on past the link reads the cause too).
  size_t cause_b = 0, link_at = 0;
  for (const TextSpan& own_span : cands_[i].evidence) {
    if (own_span.end < line_b || own_span.end > line_b + line.size() || cause_b != 0) continue;
    for (size_t at = own_span.end - line_b; at < line.size() && at <= own_span.end - line_b + 24; ++at) {
      const char ch = line[at];
      // A dash that goes on with the link ("urticaria - adverse reaction to amoxicillin",
      // "neuropathy - due to DM") states the cause as the link word alone does (I.A.15); one
      // that goes on with the condition's detail reads on to a link in it ("Neutropenic fever
      // - ANC 200 day 10 after R-CHOP"), within the same reach.
      if (line.substr(at, 3) == " - ") {
        for (std::string_view l : note::kDashLinks)
          if (line.substr(at + 3, l.size()) == l &&
              (at + 3 + l.size() == line.size() || !IsWordByte(line[at + 3 + l.size()]))) {
            cause_b = at + 3 + l.size();
            link_at = at;
            break;
          }
        if (cause_b != 0) break;
        at += 2;
        continue;
      }
      if (ch == ';' || ch == '.') break;
      bool other = false;
      for (size_t j = 0; j < cands_.size() && !other; ++j)
        if (j != i && !cands_[j].dropped)
          for (const TextSpan& sp : cands_[j].evidence) other = other || sp.begin == line_b + at;
      if (other) break;
      if (size_t after = LinkAt(line, at)) {
        cause_b = after;
        link_at = at;
        break;
      }
    }
  }
  if (cause_b == 0) return;
  while (cause_b < line.size() && line[cause_b] == ' ') ++cause_b;
  const size_t cause_e = CauseEnd(line, cause_b);
  if (cause_e <= cause_b || cause_e - cause_b > 60) return;
  // A cause the text says is absent or only possible is no cause ("not in status").
  for (const note::Chunk& ch : layout_.chunks)
    if (ch.begin <= line_b + cause_b && line_b + cause_b < ch.end && ch.assertion != Assertion::kPresent) return;
  {
    size_t w = link_at;  // the word before the link word
    while (w > 0 && line[w - 1] == ' ') --w;
    size_t wb = w;
    while (wb > 0 && line[wb - 1] != ' ') --wb;
    const std::string_view before = line.substr(wb, w - wb);
    if (before == "not" || before == "no" || before == "w/o" || before == "without") return;
  }
  // The condition's Index term, widened to the highest term above it whose code is of its
  // category ("Neutropenia, fever" D70.9: "Neutropenia" D70.9, whose subterms name causes).
  auto in_category = [&](uint32_t node) -> std::optional<uint32_t> {
    for (const format::IndexRefRec& r : cs_.index_refs(node)) {
      if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
          r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode) && r.target < cs_.size() &&
          Undotted(r.target).substr(0, 3) == category)
        return r.target;
      if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kSee) &&
          r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kNode) && r.target < cs_.index_nodes().size())
        for (const format::IndexRefRec& t : cs_.index_refs(r.target))
          if (t.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
              t.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode) && t.target < cs_.size() &&
              Undotted(t.target).substr(0, 3) == category)
            return t.target;
    }
    return std::nullopt;
  };
  // The term of the document that found the code; for a code found by its title or made by a
  // rule, the terms of the Index that give the code itself.
  std::vector<uint32_t> roots;
  bool by_code = false;  // the terms that give the code (not the document's)
  if (uint32_t term = IndexTermOf(cands_[i].doc); term != format::kNone && in_category(term)) {
    roots.push_back(term);
  }
  // A term with no subterms of the category below it ("Pyelonephritis, in, sepsis" A41.9):
  // the terms that give the code itself ("Sepsis").
  if (roots.empty() || (cs_.index_subtree_end(roots[0]) == roots[0] + 1 &&
                        (cs_.index_parent(roots[0]) == format::kNone || !in_category(cs_.index_parent(roots[0]))))) {
    if (!cache_.code_terms_read) {
      cache_.code_terms_read = true;
      if (auto book = index::FindBook(cs_, "index")) {
        const format::IndexBookRec& b = cs_.index_books()[*book];
        for (uint32_t j = b.node_first; j < b.node_end; ++j)
          for (const format::IndexRefRec& r : cs_.index_refs(j))
            if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
                r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode))
              cache_.code_terms.emplace_back(r.target, j);
        std::sort(cache_.code_terms.begin(), cache_.code_terms.end());
      }
    }
    // The code's own terms, else those of the nearest header above it in the category ("Fracture,
    // pathological, femur" M84.45- for M84.452A).
    by_code = roots.empty();
    std::string up(Dotted(cands_[i].code));
    for (uint32_t code = cands_[i].code;;) {
      auto at = std::lower_bound(cache_.code_terms.begin(), cache_.code_terms.end(), std::make_pair(code, 0u));
      for (; at != cache_.code_terms.end() && at->first == code; ++at) roots.push_back(at->second);
      if (!roots.empty()) break;
      do up.pop_back();
      while (up.size() > 5 && up.back() == 'X');
      if (up.size() < 5) break;
      auto k = cs_.Find(up);
      if (!k) break;
      code = *k;
    }
  }
  for (uint32_t& root : roots) {
    while (cs_.index_parent(root) != format::kNone && in_category(cs_.index_parent(root))) root = cs_.index_parent(root);
    // A code found by its title: a term with no subterms under a condition's term with no code
    // of its own ("Fracture,
    // pathological, femur" M84.45-): the term above, whose subterms name causes ("..., due to,
    // neoplastic disease, femur" M84.55-); not a link's ("Diabetes, type 2, with").
    const uint32_t parent = cs_.index_parent(root);
    auto link_only = [&](uint32_t node) {
      const std::vector<std::string> w = TitleWords(ascii::Lower(EssentialTerm(cs_, node)));
      return std::all_of(w.begin(), w.end(), [](const std::string& x) { return OneOf(x, kIndexLinkWords); });
    };
    if (by_code && cs_.index_subtree_end(root) == root + 1 && parent != format::kNone && !link_only(parent) &&
        std::none_of(cs_.index_refs(parent).begin(), cs_.index_refs(parent).end(), [](const format::IndexRefRec& r) {
          return r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode);
        }))
      root = parent;
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  if (roots.empty()) return;
  // The cause's words: as typed and as the lexicon reads them ("chemo": chemotherapy), and
  // the title of a code the note gives the cause (E11.9 "Type 2 diabetes mellitus"; a drug's
  // adverse effect, T36-T50 with 5: "drug", I.C.19.e.5.a).
  std::set<std::string> cause, own;
  std::vector<std::set<std::string>> readings;
  auto add = [](std::set<std::string>& to, std::string_view w) {
    if (w.size() < 2 || w == "|" || text::IsStopword(w) || OneOf(w, kIndexLinkWords)) return;
    to.insert(text::Stem(w));
  };
  for (const TextSpan& sp : cands_[i].evidence)
    for (const Tok& t : Tokens(text_, sp.begin, sp.end))
      for (const std::string& f : t.folded) add(own, f);
  // A drug is the cause; an antineoplastic one (T45.1) in a record with a malignancy (C00-C96)
  // is the cancer chemotherapy ("Agranulocytosis secondary to cancer chemotherapy").
  auto drug_cause = [&](uint32_t drug) {
    add(cause, "drug");
    if (Undotted(drug).substr(0, 4) != "T451") return;
    for (const Candidate& m : cands_)
      if (!m.dropped && Undotted(m.code)[0] == 'C' && Undotted(m.code).substr(0, 3) <= "C96") {
        add(cause, "chemotherapy");
        add(cause, "cancer");
        return;
      }
  };
  // The Table of Drugs is asked only where a subterm may read a drug.
  bool drug_subterm = false;
  for (const uint32_t root : roots)
    for (uint32_t j = root + 1, end = cs_.index_subtree_end(root); j < end && !drug_subterm; ++j) {
      const std::string t = ascii::Lower(cs_.str(cs_.index_nodes()[j].title));
      drug_subterm = t.find("drug") != std::string::npos || t.find("chemotherap") != std::string::npos;
    }
  const std::string_view cause_text = text_.substr(line_b + cause_b, cause_e - cause_b);
  size_t disease = SIZE_MAX;  // a disease's code (A00-N99) the note gives the cause
  {
    SearchOptions so;
    so.limit = 1;
    so.date = options_.date;
    so.within = {category};
    const auto& r = searcher_.Search(std::string(cause_text) + ' ', so);
    if (!r) return;
    for (const QueryWord& qw : r->words) {
      if (qw.use != WordUse::kExact && qw.use != WordUse::kExpanded) continue;
      for (const std::string& w : SplitSpaces(qw.text)) {
        add(cause, w);
        if (drug_subterm && !text::IsStopword(w))
          if (auto drug = DrugTableTerm(w)) drug_cause(*drug);  // "steroids" (I.C.19.e.5.a)
      }
      if (qw.use != WordUse::kExpanded) continue;
      // A lexicon reading counts whole ("SCT": stem cells transplant, not "cell" alone).
      std::set<std::string> one;
      for (const std::string& w : SplitSpaces(qw.used)) {
        if (w == "|") {
          if (!one.empty()) readings.push_back(std::move(one));
          one.clear();
        }
        add(one, w);
      }
      if (!one.empty()) readings.push_back(std::move(one));
    }
  }
  // A bleeding named as the cause is the Index's "blood loss" ("IDA due to menorrhagia":
  // Anemia, iron deficiency, secondary to blood loss (chronic) D50.0, I.A.15).
  {
    const std::string low = ascii::Lower(cause_text);
    for (std::string_view b : {"bleed", "hemorrhag", "haemorrhag", "menorrhag", "metrorrhag", "melena", "hematochezia"})
      if (low.find(b) != std::string::npos) {
        add(cause, "blood");
        add(cause, "loss");
        break;
      }
  }
  for (size_t j = 0; j < cands_.size(); ++j) {
    if (j == i || cands_[j].dropped) continue;
    const bool inside = std::any_of(cands_[j].evidence.begin(), cands_[j].evidence.end(), [&](const TextSpan& sp) {
      return sp.begin >= line_b + cause_b && sp.end <= line_b + cause_e;
    });
    if (!inside) continue;
    const char chapter = Undotted(cands_[j].code)[0];
    const std::string_view cat3 = Undotted(cands_[j].code).substr(0, 3);
    // An infectious agent's code (B95-B97): the organism rules read it (I.B.18,
    // ApplyUnspecifiedOrganism), and drop it where the combination names it.
    if (cat3 == "B95" || cat3 == "B96" || cat3 == "B97") return;
    if (disease == SIZE_MAX && chapter >= 'A' && chapter <= 'N' && cat3 != "B95" && cat3 != "B96" && cat3 != "B97")
      disease = j;
    // Its title read whole: not a word of a title alone ("Stem cells transplant status" is no
    // "plasma cell", "Influenza ..." no "Haemophilus influenzae").
    std::set<std::string> title;
    for (const std::string& w : TitleWords(ascii::Lower(Title(cands_[j].code))))
      if (!OneOf(w, kGeneralWords)) add(title, w);
    if (!title.empty()) readings.push_back(std::move(title));
    const std::string_view u = Undotted(cands_[j].code);
    if (u.size() >= 6 && u[0] == 'T' && u.substr(0, 3) >= "T36" && u.substr(0, 3) <= "T50" && u[5] == '5')
      drug_cause(cands_[j].code);
    // A neoplasm's code (chapter 2, C00-D49) is the Index's "neoplastic disease" ("Fracture,
    // pathological, due to, neoplastic disease": M84.5-, I.C.2; I.A.15).
    if (chapter == 'C' || (chapter == 'D' && cat3 <= "D49")) {
      add(cause, "neoplastic");
      add(cause, "neoplasm");
    }
  }
  // The words the code already reads, or its title says, are not the cause's ("Pneumonia due
  // to influenza A": J10.00 reads "influenza"; Z38.01 "delivered by cesarean" says "c-section").
  std::set<std::string> said_already = own;
  for (const std::string& w : TitleWords(ascii::Lower(Title(cands_[i].code)))) said_already.insert(text::Stem(w));
  for (const std::string& st : said_already) {
    cause.erase(st);
    for (std::set<std::string>& reading : readings) reading.erase(st);
  }
  std::erase_if(readings, [](const std::set<std::string>& reading) { return reading.empty(); });
  if (cause.empty() && readings.empty()) return;
  // The subterms below the term whose code is of the category, each read with the words of
  // the subterms above it (the nonessential modifiers aside, I.A.7).
  struct Pick {
    uint32_t node = format::kNone, code = format::kNone;
    int read = 0, unsaid = 0;
  } best;
  bool tie = false;
  for (const uint32_t root : roots) {
    for (uint32_t j = root + 1, end = cs_.index_subtree_end(root); j < end; ++j) {
      // The subterm's code, of the category or not: a cause the Index codes elsewhere
      // ("Anemia, in (due to), chronic kidney disease" D63.1) is not read in the category.
      std::optional<uint32_t> k = in_category(j);
      if (!k)
        for (const format::IndexRefRec& r : cs_.index_refs(j))
          if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
              r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode) && r.target < cs_.size()) {
            k = r.target;
            break;
          }
      if (!k) continue;
      std::vector<std::pair<std::string, bool>> path;  // stem, general word
      for (uint32_t up = j; up != root && up != format::kNone; up = cs_.index_parent(up)) {
        for (const std::string& w : TitleWords(ascii::Lower(EssentialTerm(cs_, up))))
          if (w.size() >= 2 && !text::IsStopword(w) && !OneOf(w, kIndexLinkWords))
            path.emplace_back(text::Stem(w), OneOf(w, kGeneralWords));
      }
      auto in_path = [&](const std::string& st) {
        return std::any_of(path.begin(), path.end(), [&](const auto& p) { return p.first == st; });
      };
      std::set<std::string> said = cause;
      for (const std::set<std::string>& reading : readings)
        if (std::all_of(reading.begin(), reading.end(), in_path)) said.insert(reading.begin(), reading.end());
      // "due to disease classified elsewhere" (N52.1) is read by a disease the note codes
      // (I.A.13: "in diseases classified elsewhere" codes follow the disease's own).
      if (disease != SIZE_MAX && in_path(text::Stem("classified")) && in_path(text::Stem("elsewhere"))) {
        for (std::string_view w : {"disease", "classified", "elsewhere"}) said.insert(text::Stem(w));
        said.insert(text::Stem("diseases"));
      }
      int from_cause = 0, read = 0, unsaid = 0;
      for (const auto& [st, general] : path) {
        if (said.count(st)) {
          from_cause += !general;
          ++read;
        } else if (own.count(st)) {
          ++read;
        } else {
          ++unsaid;
        }
      }
      if (from_cause == 0 && !(disease != SIZE_MAX && in_path(text::Stem("elsewhere")))) continue;
      if (read > best.read || (read == best.read && unsaid < best.unsaid)) {
        best = {j, *k, read, unsaid};
        tie = false;
      } else if (read == best.read && unsaid == best.unsaid && *k != best.code) {
        tie = true;
      }
    }
  }
  if (disease != SIZE_MAX) CauseWithComplication(disease, i);
  if (best.node == format::kNone || tie || Undotted(best.code).substr(0, 3) != category) return;
  // The subterm's code completed: the child its words name, the 7th character (I.C.19.a).
  std::string entry;  // without the nonessential modifiers ("Sepsis, Escherichia coli")
  for (uint32_t up = best.node; up != format::kNone; up = cs_.index_parent(up))
    entry = EssentialTerm(cs_, up) + (entry.empty() ? "" : ", " + entry);
  uint32_t k = best.code;
  if (!Billable(k))
    if (auto named = ChildNamedBy(k, entry)) k = *named;
  Candidate tmp;
  k = Finalize(k, line, tmp, line);
  // The side the found code has (I.B.13), where the subterm's code leaves it to a character.
  const char side = TitleSide(Title(cands_[i].code));
  if ((side == 'L' || side == 'R' || side == 'B') && TitleSide(Title(k)) == 'U')
    if (auto sib = detail::SideSibling(cs_, year_, k, side)) k = *sib;
  if (!Billable(k) || k == cands_[i].code || Undotted(k).substr(0, 3) != category) return;
  // Never less detail than the code found (I.A.9.a), nor another side (I.B.13).
  const std::string lk = ascii::Lower(Title(k)), lc = ascii::Lower(Title(cands_[i].code));
  if (!Unspecified(lc) && Unspecified(lk)) return;
  // What the found code read of the condition's words, the new code reads too ("MM in
  // remission after auto SCT": not C90.00, which drops "remission").
  {
    std::set<std::string> now;
    for (const std::string& w : TitleWords(lk + ' ' + ascii::Lower(entry))) now.insert(text::Stem(w));
    bool lost = false;
    for (const std::string& w : TitleWords(lc)) {
      const std::string st = text::Stem(w);
      lost = lost || (own.count(st) && !now.count(st));
    }
    if (lost) return;
  }
  const char side_k = TitleSide(Title(k));
  if ((side == 'L' || side == 'R' || side == 'B' || side_k == 'L' || side_k == 'R' || side_k == 'B') && side != side_k) return;
  Candidate& w = cands_[i];
  w.rules.push_back({"linked-cause", "I.A.15",
                     "the documented cause read under the Index's term: " + Dotted(k) + ", not " + Dotted(w.code)});
  w.why.push_back("index: " + entry);
  w.evidence.push_back({static_cast<uint32_t>(line_b + cause_b), static_cast<uint32_t>(line_b + cause_e)});
  w.code = k;
}

// The disease the note gives as a condition's cause, coded "without complications" (E11.9),
// while its Index term lists complications under "with": the condition linked to it is one
// (I.A.15: the documentation links them). A complication the "with" subterms name is left to
// the combination rules (ApplyDiabetes: "with, chronic kidney disease" E11.22); one they do
// not name is the term's "with, complication, specified NEC" (E11.69, whose "use additional
// code to identify complication" keeps the condition's own code).
void NoteCoder::CauseWithComplication(size_t d, size_t i) {
  const std::string title = ascii::Lower(Title(cands_[d].code));
  if (title.find("without complications") == std::string::npos) return;
  uint32_t root = IndexTermOf(cands_[d].doc);
  if (root == format::kNone) return;
  const std::string category(Undotted(cands_[d].code).substr(0, 3));
  auto code_of = [&](uint32_t node) -> std::optional<uint32_t> {
    for (const format::IndexRefRec& r : cs_.index_refs(node))
      if (r.kind == static_cast<uint8_t>(format::IndexRefKind::kCode) &&
          r.target_kind == static_cast<uint8_t>(format::IndexTargetKind::kCode) && r.target < cs_.size() &&
          Undotted(r.target).substr(0, 3) == category)
        return r.target;
    return std::nullopt;
  };
  if (!code_of(root)) return;
  while (cs_.index_parent(root) != format::kNone && code_of(cs_.index_parent(root))) root = cs_.index_parent(root);
  std::set<std::string> said;  // the condition's words and its code's title
  for (const TextSpan& sp : cands_[i].evidence)
    for (const Tok& t : Tokens(text_, sp.begin, sp.end))
      for (const std::string& f : t.folded) said.insert(text::Stem(f));
  for (const std::string& w : TitleWords(ascii::Lower(Title(cands_[i].code)))) said.insert(text::Stem(w));
  // ... and its category's ("ESRD" N18.6 is a chronic kidney disease, N18: "with, chronic
  // kidney disease" E11.22 names it, I.C.4.a).
  if (auto cat = cs_.Find(std::string(Undotted(cands_[i].code).substr(0, 3))))
    for (const std::string& w : TitleWords(ascii::Lower(Title(*cat)))) said.insert(text::Stem(w));
  auto essential = [&](uint32_t node) { return ascii::Lower(EssentialTerm(cs_, node)); };
  std::optional<uint32_t> specified;
  for (uint32_t j = root + 1, end = cs_.index_subtree_end(root); j < end; ++j) {
    const uint32_t parent = cs_.index_parent(j);
    if (parent == format::kNone || essential(parent) != "with") {
      const uint32_t grand = parent == format::kNone ? format::kNone : cs_.index_parent(parent);
      if (essential(j) == "specified nec" && essential(parent) == "complication" && grand != format::kNone &&
          essential(grand) == "with")
        specified = code_of(j);
      continue;
    }
    // A "with" subterm every word of which the condition says: the combination rules' case.
    bool all = true, any = false;
    for (const std::string& w : TitleWords(essential(j))) {
      // ("kidney complications NEC" E11.29: "kidney stone d/t DM" says its site)
      if (text::IsStopword(w) || OneOf(w, kIndexLinkWords) || OneOf(w, kGeneralWords)) continue;
      any = true;
      all = all && said.count(text::Stem(w));
    }
    if (any && all) return;
  }
  if (!specified || !Billable(*specified) || *specified == cands_[d].code) return;
  for (const Candidate& o : cands_)
    if (!o.dropped && Undotted(o.code).substr(0, 3) == category && o.code != cands_[d].code) return;  // coded already
  cands_[d].rules.push_back({"linked-complication", "I.A.15",
                             "the note links " + Dotted(cands_[i].code) + " to it, a complication the Index's \"with\" "
                             "subterms do not name: " + Dotted(*specified) + ", not " + Dotted(cands_[d].code)});
  cands_[d].code = *specified;
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

// A fracture's healing documented on another line of its note ("L Colles fx ..." then "XR: fx
// line still visible - delayed healing"; "Dx: displaced Smith's fracture" then "XR today:
// callus formation. Healing as expected."): the note's one fracture coded for the initial
// encounter is the subsequent encounter with that healing (I.C.19.a, 7th character G "with
// delayed healing", K nonunion, P malunion, D "with routine healing": the patient has
// completed active treatment; I.B.2: the detail the record gives). Read from chunks read as
// present only ("no delayed healing" says nothing); a delay, nonunion or malunion wins over
// routine healing; only where the note codes one fracture (two fractures: each line decides,
// EncounterOf).
void NoteCoder::ApplyNoteHealing() {
  for (size_t i = 0; i < cands_.size(); ++i) {
    if (cands_[i].dropped || cands_[i].group >= 2) continue;
    const std::string_view u = Undotted(cands_[i].code);
    if (u.size() != 7 || u[6] != 'A' || cs_.rec(cands_[i].code).seventh == format::kNone) continue;
    std::string base = Dotted(cands_[i].code);
    base.pop_back();
    while (!base.empty() && base.back() == 'X') base.pop_back();
    if (!BuildSeventh(cs_, base, 'G')) continue;  // no "delayed healing" character: not a fracture's category
    char healing = 0;
    bool other_line = false;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.assertion != Assertion::kPresent) continue;
      const char h = HealingOf(ChunkLower(ch));
      if (!h) continue;
      if (!healing || healing == 'D') healing = h;
      other_line = other_line || ch.line != cands_[i].line;
    }
    if (!healing || !other_line) continue;
    auto built = BuildSeventh(cs_, base, healing);
    auto k = built ? cs_.Find(*built) : std::nullopt;
    if (!k || !cs_.InYear(*k, year_)) continue;
    size_t fractures = 0;
    for (const Candidate& o : cands_) {
      if (o.dropped) continue;
      const std::string_view ou = Undotted(o.code);
      if (ou.size() != 7 || cs_.rec(o.code).seventh == format::kNone) continue;
      std::string ob = Dotted(o.code);
      ob.pop_back();
      while (!ob.empty() && ob.back() == 'X') ob.pop_back();
      if (BuildSeventh(cs_, ob, 'G')) ++fractures;
    }
    if (fractures != 1) continue;
    cands_[i].rules.push_back({"seventh-character", "I.C.19.a",
                               std::string(healing == 'D' ? "routine healing" : healing == 'G' ? "delayed healing"
                                           : healing == 'K' ? "nonunion" : "malunion") +
                                   " documented in the note: " + healing + " " + Dotted(*k)});
    cands_[i].code = *k;
  }
}

std::set<std::string> NoteCoder::DeniedStems(const Candidate& c) const {
  std::set<std::string> denied;
  for (const note::Chunk& ch : layout_.chunks) {
    if (ch.item != c.item || ch.line != c.line || ch.section != c.section) continue;
    for (const Tok& t : Tokens(text_, ch.begin, ch.end))
      if (!t.folded.empty() && t.content && (t.absent || ch.assertion == Assertion::kNegated))
        denied.insert(text::Stem(t.folded[0]));
  }
  return denied;
}

// A condition one item of a note codes with its title's default absence ("Dx: Parkinson's
// disease" G20.A1 "... without dyskinesia, without mention of fluctuations") and another item
// with that detail ("A/P: PD with dyskinesia and motor fluctuations" G20.B2): the two titles
// say opposite things of one condition (the same category and the same words besides the
// details), and the item that documents the detail decides (I.B.1: the detail the record
// documents; I.A.12.a: codes that exclude each other are not reported together). Not where
// the default's own item says the detail is absent ("PD, no dyskinesia": ApplyNegatedDetail).
void NoteCoder::ApplyDetailElsewhere() {
  // A title's words besides its details: the condition it names.
  auto condition = [](std::string_view title) {
    std::set<std::string> words = WithDetails(title).rest;
    for (const std::vector<std::string>& d : AbsentDetails(title))
      for (const std::string& st : d) words.erase(st);
    return words;
  };
  for (Candidate& a : cands_) {
    if (a.dropped || a.group >= 2) continue;
    const std::vector<std::vector<std::string>> absent = AbsentDetails(Title(a.code));
    if (absent.empty()) continue;
    const std::set<std::string> denied = DeniedStems(a);
    for (const Candidate& b : cands_) {
      if (b.dropped || &b == &a || b.group >= 2 || b.item == a.item || b.code == a.code ||
          Undotted(b.code).substr(0, 3) != Undotted(a.code).substr(0, 3))
        continue;
      const TitleDetails with = WithDetails(Title(b.code));
      const auto opposite = std::find_if(absent.begin(), absent.end(), [&](const std::vector<std::string>& d) {
        return std::find(with.with.begin(), with.with.end(), d) != with.with.end() &&
               std::none_of(d.begin(), d.end(), [&](const std::string& st) { return denied.count(st) > 0; });
      });
      if (opposite == absent.end() || condition(Title(a.code)) != condition(Title(b.code))) continue;
      Drop(a, "detail-elsewhere",
           "another line of the note documents what " + Dotted(a.code) + " says is absent: " + Dotted(b.code) +
               " (I.B.1, I.A.12.a)");
      break;
    }
  }
}

// A detail a code's title says is present ("with fluctuations") that the code's item says is
// absent ("no motor fluctuations"), every word of it: the sibling whose title says the same but
// that detail absent ("without mention of fluctuations") is the code (I.B.1: the Tabular title;
// I.B.2: the detail the record gives). Only a sibling of the category whose title's other words
// are the code's; read from the candidate's own item and line.
void NoteCoder::ApplyNegatedDetail() {
  for (Candidate& c : cands_) {
    if (c.dropped || c.group >= 2) continue;
    const TitleDetails mine = WithDetails(Title(c.code));
    if (mine.with.empty()) continue;
    const std::set<std::string> denied = DeniedStems(c);
    if (denied.empty()) continue;
    const std::string category(Undotted(c.code).substr(0, 3));
    for (const std::vector<std::string>& d : mine.with) {
      if (!std::all_of(d.begin(), d.end(), [&](const std::string& st) { return denied.count(st) > 0; })) continue;
      const std::set<std::string>& rest = mine.rest;
      std::vector<std::vector<std::string>> others = mine.with;  // its other "with" details
      std::erase(others, d);
      std::optional<uint32_t> found;
      bool two = false;
      auto [b, e] = cs_.PrefixRange(category);
      for (uint32_t sidx = b; sidx < e; ++sidx) {
        const uint32_t k = cs_.sorted()[sidx];
        if (k == c.code || !Billable(k)) continue;
        const std::string_view tk = Title(k);
        const std::vector<std::vector<std::string>> absent = AbsentDetails(tk);
        if (std::find(absent.begin(), absent.end(), d) == absent.end()) continue;
        TitleDetails other = WithDetails(tk);
        for (const std::string& st : d) other.rest.erase(st);
        if (other.rest != rest || other.with != others) continue;
        two = two || (found && *found != k);
        found = k;
      }
      if (!found || two) continue;
      c.rules.push_back({"negated-detail", "I.B.2",
                         "the text says the title's detail is absent: " + Dotted(*found) + ", not " + Dotted(c.code)});
      c.code = *found;
      break;
    }
  }
}

}  // namespace medcode::coding
