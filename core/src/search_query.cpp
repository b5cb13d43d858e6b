// Search, first phase: the query's words. Codes among words become code filters; the
// lexicon's raw forms are replaced; the words are tokenized clause by clause with "without"
// scopes negated; repeats, stopwords and filler words go; each kept word gets its stem.
#include <algorithm>
#include <array>
#include <cctype>

#include "medcode/text.h"
#include "search_internal.h"

namespace medcode {

using search_detail::CodeQuery;
using search_detail::EditDistance;
using search_detail::IsAlnumAscii;

namespace {

// Words people type around a condition ("ringing in my ears", "i keep getting ...") that
// no code says: dropped when the vocabulary does not have them, so phrases still meet.
constexpr std::array<std::string_view, 33> kFiller = {"my", "im", "ive", "got", "every", "gets", "keep", "keeps", "kept",
                                                       "your", "our", "we", "us", "mine", "she", "he", "they",
                                                       "trying", "tried", "try", "seems", "seem", "maybe", "probably",
                                                       "kinda", "sorta", "gotta", "gonna", "wanna", "lately",
                                                       "recently", "sometimes", "pretty"};
// Pronouns that name a code only by accident ("her": Hers disease; "his": His-Werner
// disease) go even when known.
constexpr std::array<std::string_view, 5> kPronoun = {"her", "him", "his", "them", "their"};

// Units of dose people type joined to the number ("10mg", "125mg", "5units"):
// HCPCS descriptions write them apart ("10 mg"), so the number and the unit are two words.
constexpr std::array<std::string_view, 12> kDoseUnits = {"mg", "mgs", "mcg", "ml", "cc", "gm", "g", "kg", "units", "unit", "iu", "meq"};

// "10mg" -> {"10", "mg"}; anything else stays one word. (A token is letters and digits only:
// "0.5ml" arrives as "0" and "5ml".)
std::vector<std::string> SplitDose(const std::string& t) {
  size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i == t.size()) return {t};
  std::string_view unit = std::string_view(t).substr(i);
  if (std::find(kDoseUnits.begin(), kDoseUnits.end(), unit) == kDoseUnits.end()) return {t};
  return {t.substr(0, i), std::string(unit)};
}

// The words that name an injury's encounter (the 7th character), in full or as charts
// shorten them.
bool EncounterWord(std::string_view t) {
  static constexpr std::array<std::string_view, 9> kWords = {"initial", "init", "subsequent", "subseq", "subs",
                                                             "sequela", "sequelae", "seq", "encounter"};
  return std::find(kWords.begin(), kWords.end(), t) != kWords.end();
}

// The condition a query says to rule out ("cp r/o mi", "chest pain rule out mi"): "r/o" and
// "rule out" become one marker word, kRuleOut, before the raw lexicon would read "r/o".
constexpr std::string_view kRuleOut = "ruleout";
std::string MarkRuleOut(std::string_view text) {
  std::string out;
  auto boundary = [&](size_t at) { return at >= text.size() || !IsAlnumAscii(text[at]); };
  auto at = [&](size_t i, std::string_view what) {
    if (text.size() - i < what.size()) return false;
    for (size_t k = 0; k < what.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(text[i + k])) != what[k]) return false;
    }
    return boundary(i + what.size());
  };
  for (size_t i = 0; i < text.size();) {
    const bool start = i == 0 || !IsAlnumAscii(text[i - 1]);
    const size_t len = !start ? 0 : at(i, "r/o") ? 3 : at(i, "rule out") ? 8 : 0;
    if (len) {
      out += ' ';
      out += kRuleOut;
      out += ' ';
      i += len;
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string StemOf(const std::string& t) {
  return !t.empty() && t[0] == text::kNegated ? std::string(1, text::kNegated) + text::Stem(std::string_view(t).substr(1))
                                              : text::Stem(t);
}

}  // namespace

// A code among words ("E11 foot ulcer", "ulcer e11.6") narrows the words to that part of
// the classification, unless it is itself a word of the vocabulary ("b12").
void Searcher::SplitCodeFilters(std::string_view query, Query& q, std::string& rest, SearchResult& out) const {
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
        q.code_filters.push_back(c);
        out.words.push_back({folded, WordUse::kCodeFilter, DotCode(c)});
        continue;
      }
    }
    if (!rest.empty()) rest += ' ';
    rest.append(piece);
  }
  if (!rest.empty() && !query.empty() && query.back() == ' ') rest += ' ';
}

// Words of letters written with a period after them and no letter or digit on its other
// side ("unspec. fx", "rt. knee", "halluc."), folded: abbreviations cut short.
void Searcher::FindTruncated(std::string_view text, Query& q) const {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '.' || i == 0 || (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != ',')) continue;
    size_t b = i;
    while (b > 0 && std::isalpha(static_cast<unsigned char>(text[b - 1]))) --b;
    if (i - b < 2 || (b > 0 && (IsAlnumAscii(text[b - 1]) || text[b - 1] == '.'))) continue;
    std::string w(text.substr(b, i - b));
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    q.truncated.push_back(std::move(w));
  }
}

// An encounter word starts a clause of its own, as the titles write it after a comma
// ("Concussion without loss of consciousness, sequela"): "concussion w/o loc seq" is the
// sequela, not a concussion without its sequela.
void Searcher::SplitAtEncounter(std::vector<std::vector<std::string>>& clauses) {
  for (size_t c = 0; c < clauses.size(); ++c) {
    auto& clause = clauses[c];
    for (size_t k = 1; k < clause.size(); ++k) {
      if (!EncounterWord(clause[k]) || EncounterWord(clause[k - 1])) continue;
      std::vector<std::string> tail(clause.begin() + static_cast<long>(k), clause.end());
      clause.resize(k);
      clauses.insert(clauses.begin() + static_cast<long>(c) + 1, std::move(tail));
      break;
    }
  }
}

// A query that asks for the external cause ("fell off ladder ext cause", "cause code dog
// bite", "activity code running", "place of occurrence kitchen"): the words that only ask go
// ("ext cause", "cause code", the "code" of "activity code"; the titles' own "activity" and
// "place of occurrence" stay), and V00-Y99 lead instead of following the diagnoses (I.C.20).
void Searcher::AskedForExternalCause(std::vector<std::string>& tokens, Query& q) {
  std::vector<bool> drop(tokens.size(), false);
  for (size_t k = 0; k + 1 < tokens.size(); ++k) {
    const std::string &a = tokens[k], &b = tokens[k + 1];
    if ((a == "ext" || a == "external") && (b == "cause" || b == "causes")) {
      drop[k] = drop[k + 1] = q.external_asked = true;
    } else if (a == "cause" && b == "code") {
      drop[k] = drop[k + 1] = q.external_asked = true;
    } else if (a == "activity" && b == "code") {
      drop[k + 1] = q.external_asked = true;
    } else if (a == "place" && k + 2 < tokens.size() && b == "of" && tokens[k + 2] == "occurrence") {
      q.external_asked = true;
    }
  }
  // (A query of only these words keeps them: it asks for the chapter's titles.)
  if (std::all_of(drop.begin(), drop.end(), [](bool d) { return d; })) return;
  std::vector<std::string> kept;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (!drop[k]) kept.push_back(std::move(tokens[k]));
  }
  tokens = std::move(kept);
}

// A query writes no comma where a title would ("previa w/o hemorrhage 2nd tri": O44.02
// "Complete placenta previa NOS or without hemorrhage, second trimester"): after the first word
// a "without" governs, which is absent whatever it is, the first word that no title or index
// path writes after a "without" ends the clause: it and the words after it are said. A word
// goes on with the clause if some title negates it or a lexicon reading of it (NegatedInTitles),
// or a word it begins ("w/o behavioral dist"), or if it ends a lexicon phrase begun by the
// word before ("didnt pass out").
void Searcher::EndWithoutAtSaidWord(const std::vector<std::string>& clause, std::vector<bool>& negated) const {
  bool said = false;       // the clause ended at a word before this one
  std::string before;      // the governed word before this one
  for (size_t k = 0; k < clause.size(); ++k) {
    if (!negated[k]) {
      said = false;
      before.clear();
      continue;
    }
    const std::string& w = clause[k];
    if (said || text::IsStopword(w)) {  // (a small word goes on with the clause)
      if (said) negated[k] = false;
      continue;
    }
    if (!before.empty()) {
      const std::string next = k + 1 < clause.size() ? clause[k + 1] : std::string();
      const auto begun = TermRange(std::string(1, text::kNegated) + w, true);
      said = !NegatedInTitles(w, next) && !(w.size() >= 3 && begun.first != begun.second) &&
             !FindLexicon(text::Stem(before) + " " + text::Stem(w), false);
    }
    before = w;
    if (said) negated[k] = false;
  }
}

Result<bool> Searcher::ReadWords(const std::string& words, Query& q) const {
  FindTruncated(words, q);
  std::string rest = ApplyRawLexicon(MarkRuleOut(words));
  // "htn & hld", "copd + chf": two conditions, as with "and".
  for (size_t i = 1; i + 1 < rest.size(); ++i) {
    if ((rest[i] == '&' || rest[i] == '+') && rest[i - 1] == ' ' && rest[i + 1] == ' ') rest.replace(i, 1, "and");
  }
  // Words clause by clause: a comma ends a "without", unless the next clause goes on with
  // its list ("without perforation, abscess or bleeding"). The words it governs, and those
  // of "not having ..." (text::NegationOf), are negated stems ("hernia without gangrene":
  // ~gangren), which only documents' "without" clauses have; "without" itself then goes,
  // and so do "not specified" and "not elsewhere classified" (what a query without detail
  // means anyway).
  auto clauses = text::TokenizeClauses(rest);
  if (!clauses) return clauses.error();
  SplitAtEncounter(*clauses);
  std::vector<std::string> tokens;
  bool carry = false;  // the clause before ended inside a "without"
  for (auto& clause : *clauses) {
    // A clause after a comma: a mark before its first word, so that no lexicon phrase reads
    // across it ("type 1 diabetes, on insulin" holds no "diabetes on insulin"); but not before
    // the words the titles themselves write after a comma ("Opioid dependence, in remission",
    // "..., with hyperglycemia", "..., due to ...", "..., not elsewhere classified").
    static constexpr std::array<std::string_view, 5> kTitleGoesOn = {"in", "with", "without", "due", "not"};
    bool comma = !tokens.empty() && !clause.empty() &&
                 std::find(kTitleGoesOn.begin(), kTitleGoesOn.end(), clause[0]) == kTitleGoesOn.end();
    // A dose joined to its unit is two words ("kenalog 10mg" = "kenalog 10 mg").
    std::vector<std::string> split_dose;
    for (auto& t : clause) {
      for (auto& piece : SplitDose(t)) split_dose.push_back(std::move(piece));
    }
    clause = std::move(split_dose);
    // "withot", "wihtout": a word one edit from "without" (and not "with") is it; a lone "w"
    // between two words is "with", as charts write it ("htn w ckd").
    for (size_t k = 0; k < clause.size(); ++k) {
      auto& t = clause[k];
      if (t != "without" && t != "with" && t.size() >= 6 && t.size() <= 8 && EditDistance(t, "without", 1) <= 1) t = "without";
      if (t == "w" && k > 0 && k + 1 < clause.size()) t = "with";
    }
    // "hx cva no residuals", "varices no bleeding", "varices not bleeding", "varices
    // nonbleeding": a "no", "not" or "non-" after the condition, before a word some title has
    // after its "without", is that "without" (Z86.73 "... without residual deficits", I85.00
    // "... without bleeding"); but for the words the titles themselves write after "not" ("not
    // intractable", "not involving ...", "not having achieved remission"), and a "non-" word
    // the book has ("nondisplaced").
    static constexpr std::array<std::string_view, 12> kBooksNot = {"intractable", "involving", "including", "associated",
                                                                   "resulting",   "having",    "carried",   "due",
                                                                   "applicable",  "specified", "elsewhere", "otherwise"};
    for (size_t k = 1; k < clause.size(); ++k) {
      const std::string& t = clause[k];
      if (t.size() < 7 || !t.starts_with("non")) continue;
      const std::string rest = t.substr(3);
      const auto whole = TermRange(text::Stem(t), false);
      const auto [lo, hi] = TermRange(std::string(1, text::kNegated) + text::Stem(rest), false);
      if (whole.first != whole.second || lo == hi) continue;
      clause[k] = rest;
      clause.insert(clause.begin() + static_cast<long>(k), "without");
      ++k;
    }
    // (Patients write "didnt", "dont", "never": "concussion didnt pass out".)
    static constexpr std::array<std::string_view, 6> kNo = {"no", "not", "didnt", "dont", "doesnt", "never"};
    // (At a clause's start too when a condition came before: "concussion, didnt black out".)
    for (size_t k = tokens.empty() ? 1 : 0; k + 1 < clause.size(); ++k) {
      if (std::find(kNo.begin(), kNo.end(), clause[k]) == kNo.end()) continue;
      const std::string& next = clause[k + 1];  // (also cut short: "not intract")
      if (clause[k] == "not" && std::any_of(kBooksNot.begin(), kBooksNot.end(), [&](std::string_view w) {
            return w == next || (next.size() >= 3 && w.starts_with(next));
          })) {
        continue;
      }
      // A lexicon phrase that itself begins with the "no" ("not gaining weight": failure to thrive) is read as written.
      std::string phrase = text::Stem(clause[k]);
      bool lexicon_phrase = false;
      for (size_t j = k + 1; j < clause.size() && j <= k + 3 && !lexicon_phrase; ++j) {
        phrase += " " + text::Stem(clause[j]);
        lexicon_phrase = FindLexicon(phrase, false, {}) != nullptr;
      }
      if (lexicon_phrase) continue;
      if (NegatedInTitles(next, k + 2 < clause.size() ? clause[k + 2] : std::string())) clause[k] = "without";
    }
    const bool list = carry && std::any_of(clause.begin(), clause.end(), [](const std::string& t) { return t == "or" || t == "and"; });
    if (list) clause.insert(clause.begin(), "without");
    text::ClauseNegation neg = text::NegationOf(clause);
    EndWithoutAtSaidWord(clause, neg.negated);
    for (size_t k = list ? 1 : 0; k < clause.size(); ++k) {
      const bool next_negated = k + 1 < clause.size() && neg.negated[k + 1];
      // (Of "not specified ..." only the phrase goes: a query's words run on without commas.)
      const bool unsaid = neg.unsaid[k] && (clause[k] == "not" || clause[k] == "specified" ||
                                            clause[k] == "elsewhere" || clause[k] == "classified");
      if ((clause[k] == "without" && next_negated) || unsaid) continue;
      // An "and" inside a "without" lists what is absent: it starts no condition.
      if (clause[k] == "and" && next_negated && k > 0 && neg.negated[k - 1]) {
        if (comma) tokens.emplace_back(kClauseMark), comma = false;
        tokens.push_back("or");
        continue;
      }
      // What a query says is "not specified as ..." is negated as the titles' is ("not
      // specified as recurrent": the title's unsaid "recurrent", not K40.91's).
      if (comma) tokens.emplace_back(kClauseMark), comma = false;
      tokens.push_back(neg.negated[k] || neg.detail[k] ? std::string(1, text::kNegated) + clause[k] : std::move(clause[k]));
    }
    carry = !clause.empty() && neg.negated.back();
  }
  // A diagnosis to rule out is not coded (IV.H, outpatient): the words after "r/o" ("cp r/o
  // mi") are marked, so they weigh less than the sign or symptom before them (WeighSlots).
  std::vector<std::string> ruled_out;
  for (size_t k = 0; k < tokens.size(); ++k) {
    if (tokens[k] != kRuleOut) continue;
    if (k > 0) ruled_out.assign(tokens.begin() + static_cast<long>(k) + 1, tokens.end());
    tokens.erase(tokens.begin() + static_cast<long>(k));
    break;
  }
  AskedForExternalCause(tokens, q);
  std::vector<std::string> toks;
  for (auto& t : tokens) {
    if (t == kClauseMark || std::find(toks.begin(), toks.end(), t) == toks.end()) toks.push_back(t);
  }
  if (toks.empty()) return false;
  const bool typing = !rest.empty() && (IsAlnumAscii(rest.back()) || static_cast<unsigned char>(rest.back()) >= 0x80);
  const std::string last_raw = tokens.back();
  // (A negated word too: "lost weight without trying".)
  auto plain = [](const std::string& word) { return !word.empty() && word[0] == text::kNegated ? word.substr(1) : word; };
  // A filler being typed may be the start of a word ("my" of "myopia"), unless no word starts so.
  auto begins_term = [&](const std::string& word) {
    auto r = TermRange(plain(word), true);
    return r.first != r.second;
  };
  auto filler = [&](const std::string& word) {
    const std::string t = plain(word);
    if (std::find(kPronoun.begin(), kPronoun.end(), t) != kPronoun.end()) return true;
    if (std::find(kFiller.begin(), kFiller.end(), t) == kFiller.end()) return false;
    auto r = TermRange(text::Stem(t), false);
    return r.first == r.second;
  };
  // "I" opening a sentence ("I had a miscarriage", "i think i have ...") is the patient, not
  // the numeral of "type I" or "stage I" (never the first word).
  // So is an "I" later in the sentence ("leak urine when I cough"), unless a word that numbers
  // kinds comes just before it ("type I", "bipolar I", "stage I", "CRPS syndrome I", "CIN I").
  static constexpr std::array<std::string_view, 16> kNumbers = {"type", "stage", "grade", "class", "bipolar", "phase",
                                                                "degree", "level", "syndrome", "mobitz", "fort", "harris",
                                                                "tier", "cin", "vin", "ain"};
  bool pronoun_i = tokens.size() > 1;
  for (size_t k = 0; k < tokens.size() && pronoun_i; ++k) {
    if (tokens[k] == "i" && k > 0 && std::find(kNumbers.begin(), kNumbers.end(), tokens[k - 1]) != kNumbers.end()) pronoun_i = false;
  }
  std::vector<std::string>& kept = q.kept;
  bool split = false;  // an "and" since the last kept word: the next starts a condition
  bool comma = false;  // a comma since the last kept word
  for (auto& t : toks) {
    if (t == kClauseMark) {
      comma = true;
    } else if (!text::IsStopword(t) && !(filler(t) && !(typing && t == last_raw && begins_term(t))) && !(pronoun_i && t == "i")) {
      kept.push_back(t);
      q.split_before.push_back(kept.size() > 1 ? (split ? kAndBefore : 0) | (comma ? kCommaBefore : 0) : 0);
      split = comma = false;
    } else if (t == "and") {
      split = true;
    }
  }
  // A stopword being typed as the last word may be the start of a real word ("o" -> "osteo...").
  if (typing && text::IsStopword(last_raw) && !kept.empty()) {
    kept.erase(std::remove(kept.begin(), kept.end(), last_raw), kept.end());
    kept.push_back(last_raw);
  }
  if (kept.empty()) std::copy_if(toks.begin(), toks.end(), std::back_inserter(kept), [](const std::string& t) { return t != kClauseMark; });
  q.split_before.resize(kept.size(), 0);
  q.ruled_out.assign(kept.size(), 0);
  for (size_t k = 0; k < kept.size() && !ruled_out.empty(); ++k) {
    q.ruled_out[k] = std::find(ruled_out.begin(), ruled_out.end(), kept[k]) != ruled_out.end();
  }
  if (kept.size() > kMaxQueryWords) {
    return MakeError(ErrorCode::kInputTooLong, "query has " + std::to_string(kept.size()) + " words; the limit is " +
                                                   std::to_string(kMaxQueryWords));
  }
  q.last_typing = typing && kept.back() == last_raw;
  for (const auto& t : tokens) {
    if (std::find(kept.begin(), kept.end(), t) != kept.end()) q.typed_order.push_back(t);
  }
  for (const auto& t : kept) q.stems.push_back(StemOf(t));
  q.waived = search_detail::WaivedClasses(q.stems);
  if (q.external_asked) q.waived |= search_detail::kPenExternalCause;
  return true;
}

}  // namespace medcode
