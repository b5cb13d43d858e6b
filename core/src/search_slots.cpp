// Search, second phase: slots. The kept words become slots, one per lexicon phrase (longest
// first; side words read after the phrase), per two words that are one word of the
// vocabulary, or per word; each slot lists its readings (exact, prefix while typing, the
// lexicon's expansions, corrections, a split into two words), each a list of term ranges.
#include <algorithm>
#include <array>
#include <set>

#include "medcode/text.h"
#include "obstetric.h"
#include "search_internal.h"

namespace medcode {

using namespace format;
using search_detail::EditDistance;

namespace {

// Side words inside a phrase ("broken right hip") are read after it: the phrase meets its
// lexicon entry ("broken hip") and the side stays a word of its own.
bool IsSide(const std::string& t) {
  return t == "right" || t == "left" || t == "bilateral" || t == "both" || t == "rt" || t == "lt" || t == "r" || t == "l";
}

// Words that only join a patient's sentence ("cough that wont go away", "cough that just
// wont go away"): inside a lexicon phrase they are skipped, and go. ("and" never gets here: a
// stopword, it marks where a condition starts.)
bool IsGlue(const std::string& t) {
  return t == "that" || t == "which" || t == "who" || t == "just" || t == "really" || t == "very" || t == "still" ||
         t == "so" || t == "anymore";
}

bool IsHave(const std::string& t) { return t == "have" || t == "has" || t == "had" || t == "having"; }

// "a b" -> "~a ~b".
std::string Negate(const std::string& joined) {
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
}

// A lexicon reading after "without", negated as a title's "without" is (text::WithoutScope):
// "w/o loc" = without loss of consciousness: ~loss, consciousness (the "of" ends it, as in
// "Concussion without loss of consciousness"); "w/o fb" = ~foreign ~body. `stems` (the
// reading's stems) serve when the reading's words do not tokenize.
std::string NegatedReading(std::string_view display, const std::string& stems) {
  auto toks = text::Tokenize(display);
  if (!toks || toks->empty()) return Negate(stems);
  std::vector<std::string> clause{"without"};
  clause.insert(clause.end(), toks->begin(), toks->end());
  const std::vector<bool> scope = text::WithoutScope(clause);
  std::string out;
  for (size_t k = 1; k < clause.size(); ++k) {
    if (text::IsStopword(clause[k])) continue;
    if (!out.empty()) out += ' ';
    if (scope[k]) out += text::kNegated;
    out += text::Stem(clause[k]);
  }
  return out;
}

}  // namespace

// Stems joined by spaces -> one reading (a term range per stem).
Searcher::Alt Searcher::AltOf(const std::string& stems_joined) const {
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
}

void Searcher::BuildSlots(Query& q) const {
  q.slot_of.assign(q.kept.size(), 255);
  // A word written without its vowels ("dstl") that the lexicon knows with them ("distal", an
  // anatomy word: lower end) is that word, read as the lexicon reads it ("dstl radius fx rt
  // init" -> S52.501A, as "distal radius fx rt init"); not a word still being typed.
  for (size_t i = 0; i + (q.last_typing ? 1 : 0) < q.kept.size(); ++i) {
    const std::string& st = q.stems[i];
    if (q.kept[i].find_first_of("aeiou", 1) != std::string::npos) continue;  // (most words: at once)
    if (st.empty() || st[0] == text::kNegated || FindLexicon(st, false, q.kept[i])) continue;
    if (const auto exact = TermRange(st, false); exact.first != exact.second) continue;
    const auto fixes = VowelDropped(q.kept[i]);
    if (fixes.size() != 1 || !FindLexicon(fixes[0], false, q.kept[i])) continue;
    q.kept[i] = std::string(cs_.str(cs_.terms()[TermRange(fixes[0], false).first].display));
    q.stems[i] = fixes[0];
  }
  for (size_t i = 0; i < q.kept.size();) {
    if (i < q.split_before.size() && (q.split_before[i] & kAndBefore) && q.slots.size() < 32) q.splits |= 1u << q.slots.size();
    const auto slot = static_cast<uint8_t>(std::min<size_t>(q.slots.size(), 255));
    // "have" in a patient's sentence ("having panic attacks", "I had a miscarriage") says no
    // more than the words after it (not Z28.81 "... patient having had the disease", nor the
    // lexicon's "HA" that "has" stems to); the lexicon's phrases with it ("mom had", "have
    // runs") are read.
    if (q.kept[i].empty()) {  // a joining word a lexicon phrase skipped
      ++i;
      continue;
    }
    const bool have = IsHave(q.kept[i]) && q.kept.size() > 1;
    if (const size_t len = LexiconSlot(q, i)) {
      if (have && len == 1) {
        q.slots.pop_back();
        ++i;
        continue;
      }
      std::fill_n(q.slot_of.begin() + static_cast<long>(i), len, slot);
      i += len;
      continue;
    }
    if (WeeksSlot(q, i)) {
      std::fill_n(q.slot_of.begin() + static_cast<long>(i), 2, slot);
      i += 2;
      continue;
    }
    if (JoinedSlot(q, i)) {
      std::fill_n(q.slot_of.begin() + static_cast<long>(i), 2, slot);
      i += 2;
      continue;
    }
    if (have) {
      ++i;
      continue;
    }
    q.slots.push_back(WordSlot(q, i));
    q.slot_of[i] = slot;
    ++i;
  }
  for (auto& sl : q.slots) {
    if (!sl.word.text.empty() && sl.word.text[0] == text::kNegated) sl.word.text = "without " + sl.word.text.substr(1);
  }
  LeaveOthersWords(q);
  // One side named (a slot read as right or left, "rt." too), and neither another side, "both"
  // nor "bilateral" (PenaltyOf: a bilateral code follows).
  {
    const std::pair<uint32_t, uint32_t> right = TermRange("right", false), left = TermRange("left", false),
                                        both = TermRange("both", false), bilateral = TermRange("bilater", false);
    int sides = 0;
    bool two = false;
    for (const auto& sl : q.slots) {
      bool side = false;
      for (const Alt& a : sl.alts) {
        if (a.ranges.size() != 1 || a.ranges[0].first == a.ranges[0].second) continue;
        two |= a.ranges[0] == both || a.ranges[0] == bilateral;
        side |= a.ranges[0] == right || a.ranges[0] == left;
      }
      sides += side;
    }
    q.one_side = sides == 1 && !two;
  }
  // What the lexicon reads a word as asks for a class as the word would ("nondisp" is
  // nondisplaced: S92.354A, not the displaced default).
  std::vector<std::string> read;
  for (const auto& sl : q.slots) {
    if (sl.word.use != WordUse::kExpanded || sl.word.used.empty()) continue;
    if (auto toks = text::Tokenize(sl.word.used)) {
      for (const auto& t : *toks) read.push_back(text::Stem(t));
    }
  }
  if (!read.empty()) q.waived |= search_detail::WaivedClasses(read);
  // A correction that is also a word of the query ("rfacture ... fracture") would count
  // that word twice: the corrected slot keeps its word but matches nothing itself.
  for (auto& s : q.slots) {
    if (s.word.use != WordUse::kCorrected) continue;
    auto same = [&](const Slot& o) {
      return &o != &s && o.word.use != WordUse::kCorrected && !o.alts.empty() && !s.alts.empty() &&
             o.alts[0].ranges == s.alts[0].ranges;
    };
    if (std::any_of(q.slots.begin(), q.slots.end(), same)) {
      s.alts.clear();
      s.merged = true;
    }
  }
}

// The longest lexicon phrase starting at kept[i] (up to five words, side words skipped).
size_t Searcher::LexiconSlot(Query& q, size_t i) const {
  std::vector<std::string>& kept = q.kept;
  std::vector<std::string>& stems = q.stems;
  // A phrase that starts with a side word ("both ears") is read as typed.
  std::vector<size_t> win{i};
  // (Not across a comma: "type 1 diabetes, on insulin" has no "diabetes on insulin".)
  for (size_t k = i + 1; k < kept.size() && win.size() < format::kMaxLexiconWords; ++k) {
    if (k < q.split_before.size() && (q.split_before[k] & kCommaBefore)) break;
    if ((IsSide(kept[i]) || !IsSide(kept[k])) && !IsGlue(kept[k])) win.push_back(k);
  }
  for (size_t len = win.size(); len >= 1; --len) {
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
    // Two words the other way round ("pain in chest", "tumor of brain"): the entry's order.
    // (One word: a short entry only as written.)
    const std::string typed = len == 1 ? (kept[i][0] == text::kNegated ? kept[i].substr(1) : kept[i]) : std::string();
    auto find = [&](const std::string& k) {
      const LexRec* found = FindLexicon(k, false, typed);
      if (!found && len == 2) {
        const size_t sp = k.find(' ');
        found = FindLexicon(k.substr(sp + 1) + " " + k.substr(0, sp), false);
      }
      return found;
    };
    const LexRec* lex = find(plain_key);
    // An abbreviation inside a phrase the lexicon has in full ("fx hip": "hip fracture"):
    // each word that is an entry with one reading, read as that reading.
    if (!lex && len >= 2) {
      std::string composed;
      bool any = false;
      for (size_t w = 0; w < len; ++w) {
        const std::string& st = stems[win[w]];
        const std::string plain = st[0] == text::kNegated ? st.substr(1) : st;
        const LexRec* one = FindLexicon(plain, false);
        if (!composed.empty()) composed += ' ';
        if (one && !one->raw && one->alt_count == 1) {
          composed += cs_.str(cs_.lexicon_alts()[one->alt_first].stems);
          any = true;
        } else {
          composed += plain;
        }
      }
      if (any && composed.find(' ') != std::string::npos) lex = find(composed);
    }
    size_t fixed = len;
    std::string fix;
    if (!lex && len >= 2 && negated == 0) {
      // The typed words' own reading is the corrected phrase's ("trigger thmb": the titles'
      // "Trigger thumb", beside the lexicon's trigger finger).
      if ((lex = MisspelledLexicon(q, win, len, fixed, fix))) key = FixedKey(q, win, len, fixed, text::Stem(fix));
    }
    if (!lex) continue;
    if (win[len - 1] != i + len - 1) {  // side words skipped: the phrase first, then them
      std::vector<size_t> order(win.begin(), win.begin() + static_cast<long>(len));
      for (size_t k = i; k <= win[len - 1]; ++k) {
        if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
      }
      std::vector<std::string> kk, ss;
      // (A joining word skipped goes: an empty word, no slot.)
      for (size_t k : order) kk.push_back(IsGlue(kept[k]) ? std::string() : kept[k]), ss.push_back(IsGlue(kept[k]) ? std::string() : stems[k]);
      std::copy(kk.begin(), kk.end(), kept.begin() + static_cast<long>(i));
      std::copy(ss.begin(), ss.end(), stems.begin() + static_cast<long>(i));
    }
    // The query's other words (a reading's word typed as well is that word's, not the reading's).
    std::vector<std::string> others;
    for (size_t k = 0; k < kept.size(); ++k) {
      if (k < i || k >= i + len) others.push_back(stems[k]);
    }
    q.slots.push_back(PhraseSlot(*lex, key, text, len == 1, others, negated != 0));
    if (!negated) q.slots.back().phrase_words = static_cast<uint8_t>(len);
    if (len == 1 && !negated) AddTruncatedReadings(q, q.slots.back(), kept[i], TermRange(stems[i], false));
    if (fixed < len) q.slots.back().word.text = text + " (" + kept[win[fixed]] + " = " + fix + ")";
    return len;
  }
  return JoinedLexiconSlot(q, i);
}

// The words of the lexicon's phrases one edit from `word` (indexes into phrase_words_), found
// once per word: a note asks for the same words in every window of its lines.
const std::vector<uint32_t>& Searcher::PhraseWordsNear(const std::string& word, const std::string& stem) const {
  auto it = phrase_fixes_.find(word);
  if (it != phrase_fixes_.end()) return it->second;
  if (phrase_fixes_.size() >= 4096) phrase_fixes_.clear();
  std::vector<uint32_t> near;
  for (uint32_t k = 0; k < phrase_words_.size(); ++k) {
    const auto& [surface, surface_stem] = phrase_words_[k];
    if (surface.empty() || surface == word || surface_stem == stem) continue;
    if (surface.size() + 1 < word.size() || surface.size() > word.size() + 1) continue;
    if (search_detail::EditDistance(word, surface, 1) <= 1) near.push_back(k);
  }
  return phrase_fixes_.emplace(word, std::move(near)).first->second;
}

// The stems of the phrase win[0..len), the one at `fixed` replaced by `stem`.
std::string Searcher::FixedKey(const Query& q, const std::vector<size_t>& win, size_t len, size_t fixed,
                               const std::string& stem) {
  std::string key;
  for (size_t k = 0; k < len; ++k) {
    if (k) key += ' ';
    key += k == fixed ? stem : q.stems[win[k]];
  }
  return key;
}

// A lexicon phrase with one word misspelled ("swolen ankles", "lower bak pain", "hart
// racing"): a word of three letters or more that the vocabulary lacks or has rarely (not
// itself a lexicon entry) read as a word of the lexicon's phrases one edit away, when the
// phrase it then makes is an entry. The phrase's other words, typed right, vouch for the
// correction, as no word alone could ("bak" alone is not "back"). Sets `fixed` (the word's
// place in `win`) and `fix` (the word read).
const format::LexRec* Searcher::MisspelledLexicon(const Query& q, const std::vector<size_t>& win, size_t len,
                                                  size_t& fixed, std::string& fix) const {
  if (phrase_words_.empty()) {
    std::set<std::string> seen;
    for (const auto& r : cs_.lexicon()) {
      if (r.raw) continue;
      auto toks = text::Tokenize(cs_.str(r.display));
      if (!toks || toks->size() < 2) continue;
      for (const auto& t : *toks) {
        if (t.size() >= 3 && seen.insert(t).second) phrase_words_.emplace_back(t, text::Stem(t));
      }
    }
    if (phrase_words_.empty()) phrase_words_.emplace_back();  // none: not looked for again
  }
  for (size_t w = 0; w < len; ++w) {
    const std::string& word = q.kept[win[w]];
    const std::string& stem = q.stems[win[w]];
    if (word.size() < 3 || word.size() > 20 || stem[0] == text::kNegated || FindLexicon(stem, false)) continue;
    const auto known = TermRange(stem, false);
    if (known.first != known.second && cs_.terms()[known.first].post_count > 30) continue;
    for (const uint32_t pw : PhraseWordsNear(word, stem)) {
      const auto& [surface, surface_stem] = phrase_words_[pw];
      if (const format::LexRec* lex = FindLexicon(FixedKey(q, win, len, w, surface_stem), false)) {
        fixed = w;
        fix = surface;
        return lex;
      }
    }
  }
  return nullptr;
}

// A lexicon phrase whose first word the query writes as two ("under active thyroid":
// "underactive thyroid"), the words in a row, none negated. Words used from i, 0 if none.
size_t Searcher::JoinedLexiconSlot(Query& q, size_t i) const {
  const std::vector<std::string>& kept = q.kept;
  if (i + 2 >= kept.size()) return 0;
  for (size_t k = i; k < std::min(kept.size(), i + 5); ++k) {
    if (kept[k][0] == text::kNegated) return 0;
  }
  const std::string joined = text::Stem(kept[i] + kept[i + 1]);
  size_t most = std::min<size_t>(kept.size() - i, 5);
  for (size_t k = i + 1; k < i + most; ++k) {
    if (k < q.split_before.size() && (q.split_before[k] & kCommaBefore)) most = k - i;
  }
  for (size_t len = most; len >= 3; --len) {
    std::string key = joined, text = kept[i] + " " + kept[i + 1];
    for (size_t k = i + 2; k < i + len; ++k) key += " " + q.stems[k], text += " " + kept[k];
    const LexRec* lex = FindLexicon(key, false);
    if (!lex) continue;
    std::vector<std::string> others;
    for (size_t k = 0; k < kept.size(); ++k) {
      if (k < i || k >= i + len) others.push_back(q.stems[k]);
    }
    q.slots.push_back(PhraseSlot(*lex, key, text, false, others, false));
    q.slots.back().phrase_words = static_cast<uint8_t>(len - 1);  // the first two typed as one
    return len;
  }
  return 0;
}

// A lexicon entry's readings, then the typed words themselves.
Searcher::Slot Searcher::PhraseSlot(const LexRec& lex, const std::string& key, const std::string& text, bool one_word,
                                    const std::vector<std::string>& others, bool negated) const {
  Slot s;
  s.word.text = text;
  s.word.use = WordUse::kExpanded;
  Alt self = AltOf(key);
  // A short abbreviation means itself only where the book writes it so: "mi" is not the
  // stem of "MIS-C" (mis -> mi), "ms" not of "MS" if the book never writes "ms".
  if (self.nonempty() && one_word && text.size() <= 3 && cs_.str(cs_.terms()[self.ranges[0].first].display) != text) {
    self.ranges.clear();
  }
  for (uint32_t a = lex.alt_first; a < lex.alt_first + lex.alt_count; ++a) {
    const AltRec& ar = cs_.lexicon_alts()[a];
    std::string stems(cs_.str(ar.stems));
    // A word of the reading the query also types ("orthostatic" read as "orthostatic
    // hypotension" in "orthostatic hypotension"): that word's slot matches it; counted in
    // both, it would fill a document's longer path as much as its own ("Hypotension,
    // neurogenic, orthostatic" as "Hypotension, orthostatic").
    if (!negated && stems.find(' ') != std::string::npos) {
      std::string kept_words;
      for (size_t i = 0; i <= stems.size();) {
        const size_t j = std::min(stems.find(' ', i), stems.size());
        const std::string w = stems.substr(i, j - i);
        if (std::find(others.begin(), others.end(), w) == others.end()) kept_words += (kept_words.empty() ? "" : " ") + w;
        i = j + 1;
      }
      if (!kept_words.empty()) stems = kept_words;
    }
    Alt alt = AltOf(negated ? NegatedReading(cs_.str(ar.display), stems) : stems);
    if (alt.nonempty()) s.alts.push_back(alt);
    if (cs_.str(ar.display) == text) continue;  // "diabetic" -> diabetes, typed "diabetes": nothing to tell
    if (!s.word.used.empty()) s.word.used += " | ";
    if (negated) s.word.used += "without ";
    s.word.used += cs_.str(ar.display);
  }
  // The typed words last: a document both match counts the reading's words, which say
  // more ("pacemaker": the title "Presence of cardiac pacemaker" fits the reading whole).
  if (self.nonempty()) s.alts.push_back(self);
  if (s.word.used.empty()) s.word.use = WordUse::kExact;
  // A word typed up to a lexicon entry ("afib") is taken as complete: its prefix would
  // drag in unrelated words ("afibrinogenemia").
  s.typing = false;
  return s;
}

// Two words that are one word of the vocabulary ("chicken pox" -> chickenpox, "ear drum"):
// either spelling matches.
bool Searcher::JoinedSlot(Query& q, size_t i) const {
  if (i + 1 >= q.kept.size()) return false;
  // A word written cut short with a period ends there: "con., seque." is not "consequences".
  if (std::find(q.truncated.begin(), q.truncated.end(), q.kept[i]) != q.truncated.end()) return false;
  const std::string joined_stem = text::Stem(q.kept[i] + q.kept[i + 1]);
  auto joined = TermRange(joined_stem, false);
  if (joined.first == joined.second) return false;
  Slot s;
  s.word.text = q.kept[i] + " " + q.kept[i + 1];
  s.word.use = WordUse::kCorrected;
  s.word.used = std::string(cs_.str(cs_.terms()[joined.first].display));
  Alt self = AltOf(q.stems[i] + " " + q.stems[i + 1]);
  if (self.nonempty()) s.alts.push_back(self);
  s.alts.push_back({{joined}, {joined.first}});
  q.slots.push_back(std::move(s));
  return true;
}

// Weeks of gestation ("bladder infection pregnant 30 weeks", "pprom 33 wks"): the weeks as
// typed (Z3A.30 "30 weeks gestation of pregnancy"), or the trimester they fall in, as the
// final character of a chapter 15 code is assigned from the documented weeks (I.C.15.a.3):
// O23.13 "Infections of bladder in pregnancy, third trimester".
bool Searcher::WeeksSlot(Query& q, size_t i) const {
  if (i + 1 >= q.kept.size()) return false;
  const std::string& n = q.kept[i];
  const std::string& unit = q.kept[i + 1];
  if (n.empty() || n.size() > 2 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  if (unit != "weeks" && unit != "week" && unit != "wks" && unit != "wk") return false;
  const int weeks = std::stoi(n);
  if (weeks < 4 || weeks > 45) return false;
  // A newborn's weeks are its gestational age (P07.3-, I.C.16); a query of nothing but the
  // pregnancy and its weeks ("iup 12 wks") asks for the weeks (Z3A.12): the weeks as typed.
  bool condition = false;
  for (size_t k = 0; k < q.kept.size(); ++k) {
    if (k == i || k == i + 1) continue;
    const std::string& w = q.kept[k];
    if (w.empty()) continue;  // a joining word a lexicon phrase skipped
    if (w == "nb" || w == "newborn" || w == "neonate" || w == "neonatal" || w == "infant") return false;
    condition = condition || !(w.starts_with("pregnan") || w == "preg" || w == "iup" || w == "gestation");
  }
  if (!condition) return false;
  static constexpr std::array<std::string_view, 3> kOrdinal = {"first", "second", "third"};
  const std::string_view ordinal = kOrdinal[static_cast<size_t>(TrimesterOfWeeks(weeks) - 1)];
  Slot s;
  s.word.text = n + " " + unit;
  s.word.use = WordUse::kExpanded;
  s.word.used = n + " weeks | " + std::string(ordinal) + " trimester";
  Alt typed = AltOf(q.stems[i] + " " + text::Stem("weeks"));
  Alt trimester = AltOf(text::Stem(ordinal) + " " + text::Stem("trimester"));
  if (!typed.nonempty() || !trimester.nonempty()) return false;
  s.alts.push_back(std::move(trimester));
  s.alts.push_back(std::move(typed));
  q.slots.push_back(std::move(s));
  return true;
}

// A word cut short begins the words an abbreviation of the query is read as ("inf. wall
// stemi": inf. begins the infarction that "stemi" reads): it means another word (inferior), so
// those words are left out of its readings. Not the words of a reading that keeps its own
// word and adds others ("hyperemesis": hyperemesis gravidarum, which "grav." completes).
void Searcher::LeaveOthersWords(Query& q) const {
  for (size_t si = 0; si < q.slots.size(); ++si) {
    Slot& s = q.slots[si];
    if (s.word.use != WordUse::kPrefix || s.typing) continue;
    std::vector<uint32_t> others;
    for (size_t oi = 0; oi < q.slots.size(); ++oi) {
      const Slot& o = q.slots[oi];
      if (oi == si || o.word.use != WordUse::kExpanded) continue;
      std::vector<uint32_t> own, read;
      if (auto toks = text::Tokenize(o.word.text)) {
        for (const auto& t : *toks) {
          const auto r = TermRange(text::Stem(t), false);
          if (r.first != r.second) own.push_back(r.first);
        }
      }
      for (const Alt& a : o.alts) {  // the readings of several words (a word's own is one)
        for (const auto& [lo, hi] : a.ranges) {
          if (hi == lo + 1 && a.ranges.size() > 1) read.push_back(lo);
        }
      }
      if (std::any_of(own.begin(), own.end(), [&](uint32_t t) { return std::find(read.begin(), read.end(), t) != read.end(); })) continue;
      others.insert(others.end(), read.begin(), read.end());
    }
    if (others.empty()) continue;
    std::vector<Alt> kept;
    for (const Alt& a : s.alts) {
      if (a.ranges.size() != 1 || a.ranges[0].second - a.ranges[0].first < 2) {
        kept.push_back(a);
        continue;
      }
      uint32_t lo = a.ranges[0].first;
      const uint32_t hi = a.ranges[0].second;
      std::vector<uint32_t> cut;
      for (uint32_t t : others) {
        if (t >= lo && t < hi) cut.push_back(t);
      }
      std::sort(cut.begin(), cut.end());
      for (uint32_t t : cut) {
        if (t > lo) kept.push_back({{{lo, t}}, a.exact});
        lo = std::max(lo, t + 1);
      }
      if (lo < hi) kept.push_back({{{lo, hi}}, a.exact});
    }
    if (!kept.empty()) s.alts = std::move(kept);
  }
}

// One word: as typed (or its prefix while typing), else split or corrected.
Searcher::Slot Searcher::WordSlot(const Query& q, size_t i) const {
  const std::string& word = q.kept[i];
  Slot s;
  s.word.text = word;
  s.typing = q.last_typing && i + 1 == q.kept.size();
  auto exact = TermRange(q.stems[i], false);
  if (exact.first != exact.second) s.alts.push_back({{exact}, {exact.first}});
  // One typed letter after other words says too little to match every word it begins.
  if (s.typing && (word.size() > 1 || q.kept.size() == 1)) {
    AddPrefixAlts(s, PrefixRanges(word), exact);
    s.word.use = WordUse::kPrefix;
  } else if (s.typing) {
    s.typing = false;
  }
  if (!s.typing && AddTruncatedReadings(q, s, word, exact)) s.word.use = WordUse::kPrefix;
  if (exact.first != exact.second) AddCommonReadings(s, word, exact);
  // A word of six letters or more that is no word of its own but begins words of the
  // vocabulary is cut short ("hyperten heart dis", "divertic", "retinop"): the words it
  // begins, before a split ("hyper ten") or a correction ("hypertonic") of it.
  constexpr size_t kCutShortLetters = 6;
  if (s.alts.empty() && word.size() >= kCutShortLetters && word[0] != text::kNegated &&
      AddPrefixAlts(s, PrefixRanges(word), exact)) {
    s.word.use = WordUse::kPrefix;
  }
  if (s.alts.empty()) AddSplitReading(s, word);
  // A split that leaves a fragment of three letters ("fascia tis" of "fasciatis") is as likely a
  // misspelling: its corrections are readings too ("fasciitis").
  const bool short_split = !s.alts.empty() && s.word.use == WordUse::kCorrected &&
                           (s.word.used.find(' ') <= 3 || s.word.used.size() - s.word.used.find(' ') <= 4);
  if (s.alts.empty() && word[0] == text::kNegated) AddNegatedReadings(s, word.substr(1));
  if (s.alts.empty() || short_split) AddCorrections(s, word);
  // A word cut short without a period ("parox a-fib", "periph"): no word of its own nor a
  // misspelling of one, five letters or more, the start of words of the vocabulary.
  if (s.alts.empty() && word.size() >= 5 && word[0] != text::kNegated && AddPrefixAlts(s, PrefixRanges(word), exact)) {
    s.word.use = WordUse::kPrefix;
  }
  return s;
}

// Each range of words a word begins as a reading of its own, but the word's exact range.
// True if any was added.
bool Searcher::AddPrefixAlts(Slot& s, const std::vector<std::pair<uint32_t, uint32_t>>& prefixes,
                             std::pair<uint32_t, uint32_t> exact) {
  const uint32_t exact_term = exact.first != exact.second ? exact.first : kNone;
  const size_t before = s.alts.size();
  for (const auto& pre : prefixes) {
    if (pre.first != pre.second && pre != exact) s.alts.push_back({{pre}, {exact_term}});
  }
  return s.alts.size() > before;
}

// A word cut short with a period, as pick-lists write them ("unspec.", "undet.", "ant."):
// any word it begins, beside the word itself when that is a word (or a stem) of its own
// ("radic." begins radiculopathy as well as radical, whose stem it is), or a lexicon entry
// ("sub." is the lexicon's subsequent encounter, and begins subluxation). True if added.
bool Searcher::AddTruncatedReadings(const Query& q, Slot& s, const std::string& word,
                                    std::pair<uint32_t, uint32_t> exact) const {
  if (word.size() < 2 || std::find(q.truncated.begin(), q.truncated.end(), word) == q.truncated.end()) return false;
  auto pres = PrefixRanges(word);
  uint32_t begun = 0;
  for (const auto& pre : pres) begun += pre.second - pre.first;
  if (begun <= exact.second - exact.first) return false;
  AddPrefixAlts(s, pres, exact);
  return true;
}

// A rare word a letter away from a common one ("migrane": stem of migrans, 20 documents;
// migraine, 292) is most likely the common one misspelled: both readings match.
void Searcher::AddCommonReadings(Slot& s, const std::string& word, std::pair<uint32_t, uint32_t> exact) const {
  if (word.size() < 6 || cs_.terms()[exact.first].post_count > 30) return;
  const uint32_t rare = cs_.terms()[exact.first].post_count;
  for (const auto& c : Corrections(word, exact.first)) {
    auto r = TermRange(c, false);
    if (r.first == r.second || r.first == exact.first || cs_.terms()[r.first].post_count < 10 * rare) continue;
    if (EditDistance(word, cs_.str(cs_.terms()[r.first].display), 1) > 1) continue;
    s.alts.push_back({{r}, {r.first}});
    if (!s.word.used.empty()) s.word.used += " | ";
    s.word.used += cs_.str(cs_.terms()[r.first].display);
    s.word.use = WordUse::kCorrected;
  }
}

// One word that is two words of the vocabulary ("preeclampsia" -> pre-eclampsia,
// "bellybutton" -> belly button): the two words as a phrase.
void Searcher::AddSplitReading(Slot& s, const std::string& word) const {
  if (word.size() < 7) return;
  uint32_t best_posts = 0;
  Alt best;
  std::string best_text;
  for (size_t p = 3; p + 3 <= word.size(); ++p) {
    const std::string left = word.substr(0, p), right = word.substr(p);
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

// A negated word no "without" clause has: cut short (five letters or more, no word of its
// own: "w/o hemorrh"), the negated words it begins; else its spelling corrected (negated where
// a clause has the correction), else the word itself. `word` is without its negation mark.
void Searcher::AddNegatedReadings(Slot& s, const std::string& word) const {
  auto plain = TermRange(text::Stem(word), false);
  if (word.size() >= 5 && plain.first == plain.second) {
    const auto begun = TermRange(std::string(1, text::kNegated) + word, true);
    if (begun.first != begun.second) {
      s.alts.push_back({{begun}, {kNone}});
      s.word.use = WordUse::kPrefix;
      return;
    }
  }
  for (const auto& c : Corrections(word)) {
    auto r = TermRange(std::string(1, text::kNegated) + c, false);
    if (r.first == r.second) r = TermRange(c, false);
    if (r.first == r.second) continue;
    s.alts.push_back({{r}, {r.first}});
    if (!s.word.used.empty()) s.word.used += " | ";
    s.word.used += cs_.str(cs_.terms()[r.first].display);
    s.word.use = WordUse::kCorrected;
  }
  if (s.alts.empty() && plain.first != plain.second) s.alts.push_back({{plain}, {plain.first}});
}

// A word that matched nothing: the word its vowels were dropped from, else its spelling
// corrections, else it is unknown.
void Searcher::AddCorrections(Slot& s, const std::string& word) const {
  std::vector<std::string> fixes = VowelDropped(word);
  if (fixes.empty()) fixes = Corrections(word);
  for (const auto& c : fixes) {
    auto r = TermRange(c, false);
    s.alts.push_back({{r}, {r.first}});
    if (!s.word.used.empty()) s.word.used += " | ";
    s.word.used += cs_.str(cs_.terms()[r.first].display);
  }
  s.word.use = s.alts.empty() ? WordUse::kUnknown : WordUse::kCorrected;
}

}  // namespace medcode
