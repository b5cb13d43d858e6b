// WriteCodeSet: serializes an import Model into a code-set file: code records, notes,
// 7th characters, the search index, the lexicon and the Alphabetic Index, laid out by
// the container writer (container.cpp).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "ascii.h"
#include "medcode/codeset.h"
#include "compact.h"
#include "crc32.h"
#include "medcode/text.h"
#include "model.h"

namespace medcode::import {

using namespace format;

nlohmann::json Report::ToJson() const {
  nlohmann::json j;
  j["counts"] = counts;
  j["skipped_by_reason"] = skipped_by_reason;
  j["skipped_examples"] = skipped;
  return j;
}

std::string Report::ToText() const {
  std::string s;
  for (const auto& [k, v] : counts) s += "  " + k + ": " + std::to_string(v) + "\n";
  if (!skipped_by_reason.empty()) {
    s += "  skipped:\n";
    for (const auto& [k, v] : skipped_by_reason) s += "    " + k + ": " + std::to_string(v) + "\n";
    s += "  examples:\n";
    for (const auto& e : skipped) s += "    " + e + "\n";
  }
  return s;
}

namespace {

bool IsCodeStart(std::string_view s, size_t i) {
  return i + 3 <= s.size() && s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] >= '0' && s[i + 1] <= '9' &&
         ((s[i + 2] >= '0' && s[i + 2] <= '9') || (s[i + 2] >= 'A' && s[i + 2] <= 'Z'));
}

// Parses one code at the start of s: "A05", "P36.0", "T80.211", optionally followed by ".-" or "-".
// Returns the number of characters consumed (0 if none) and the undotted code.
size_t ParseCode(std::string_view s, std::string& code) {
  if (!IsCodeStart(s, 0)) return 0;
  code.assign(s.substr(0, 3));
  size_t i = 3;
  if (i < s.size() && s[i] == '.') {
    size_t j = i + 1;
    std::string more;
    while (j < s.size() && more.size() < 4 && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'A' && s[j] <= 'Z'))) more += s[j++];
    if (!more.empty()) {
      code += more;
      i = j;
    }
  }
  if (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])))) return 0;  // part of a longer word
  return i;
}

}  // namespace

std::vector<RefRange> ExtractRefs(std::string_view note) {
  std::vector<RefRange> out;
  size_t pos = 0;
  while ((pos = note.find('(', pos)) != std::string_view::npos) {
    size_t close = note.find(')', pos);
    if (close == std::string_view::npos) break;
    std::string_view group = note.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    size_t start = 0;
    while (start <= group.size()) {
      size_t comma = group.find(',', start);
      std::string_view piece = group.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      start = comma == std::string_view::npos ? group.size() + 1 : comma + 1;
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
      // The code may follow a few words ("i.e. E05.8"): start at the first code-shaped word.
      for (size_t k = 0; k < piece.size(); ++k) {
        bool boundary = k == 0 || !std::isalnum(static_cast<unsigned char>(piece[k - 1]));
        if (boundary && IsCodeStart(piece, k)) {
          piece.remove_prefix(k);
          break;
        }
      }
      std::string a, b;
      size_t n = ParseCode(piece, a);
      if (!n) continue;
      std::string_view rest = piece.substr(n);
      if (rest.starts_with(".-")) rest.remove_prefix(2);
      if (rest.starts_with("-")) {
        rest.remove_prefix(1);
        size_t m = ParseCode(rest, b);
        if (m) {
          rest.remove_prefix(m);
          if (rest.starts_with(".-")) rest.remove_prefix(2);
          else if (rest.starts_with("-")) rest.remove_prefix(1);
        }
      }
      if (b.empty()) b = a;
      RefRange r{a, b};
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    }
  }
  return out;
}

namespace {

using container::Align;
using container::Counted;
using container::Put;
using Pool = container::StringPool;

void CopyCode(char (&dst)[8], std::string_view c) {
  std::memset(dst, 0, 8);
  std::memcpy(dst, c.data(), std::min<size_t>(c.size(), 7));
}
void CopyCode4(char (&dst)[4], std::string_view c) {
  std::memset(dst, 0, 4);
  std::memcpy(dst, c.data(), std::min<size_t>(c.size(), 4));
}

}  // namespace

namespace {

struct DocTokens {
  std::vector<std::string> essential;  // distinct stems, none of them optional
  std::vector<std::string> optional;   // distinct stems
  bool unspecified = false;            // "unspecified", "NOS" or a "without" clause in the text
};

// The whole numbers within each measured range a text writes with a hyphen or "to"
// ("Body mass index [BMI] 40.0-44.9, adult": 41, 42, 43, 44; "Burns involving 20-29% of body
// surface"; "loss of consciousness of 31 minutes to 59 minutes"; "Blood alcohol level of
// 100-119 mg/100 ml"): a query or a note names a value, not the bounds ("bmi 42", "blood
// alcohol 110"). A unit word may follow the first bound. Ranges wider than 80 (birth weights
// in grams), ranges of ranges and bounds glued to letters (codes, vertebrae "C1-C4") are left
// alone. "Under N" and "less than N" (with a unit) hold 1 to N-1.
std::vector<int> InnerRangeNumbers(std::string_view text) {
  std::vector<int> out;
  auto digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  auto alpha = [&](size_t i) { return i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0; };
  auto number = [&](size_t& i, int& v, bool& decimal) {  // a whole number, then any decimals (dropped)
    if (!digit(i)) return false;
    v = 0;
    for (; digit(i); ++i) v = std::min(v * 10 + (text[i] - '0'), 100000);
    decimal = i + 1 < text.size() && text[i] == '.' && digit(i + 1);
    if (decimal) for (++i; digit(i); ++i) {}
    return true;
  };
  auto skip_spaces = [&](size_t& i) { while (i < text.size() && text[i] == ' ') ++i; };
  // A unit or a "%" after a bound: the range measures something ("I.Q., 35-49" and ages are
  // left alone: a note's "father MI at 48" is an age).
  auto unit = [&](size_t& i) {
    skip_spaces(i);
    if (i < text.size() && text[i] == '%') {
      ++i;
      return true;
    }
    for (const char* u : {"percent", "minutes", "hours", "weeks", "days", "mg", "grams", "mmhg"}) {
      const size_t n = std::strlen(u);
      if (text.compare(i, n, u) == 0 && !alpha(i + n)) {
        i += n;
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (!digit(i) || (i > 0 && (digit(i - 1) || alpha(i - 1) || text[i - 1] == '.'))) continue;
    size_t j = i;
    int lo = 0, hi = 0;
    bool lo_decimal = false, hi_decimal = false;
    number(j, lo, lo_decimal);
    if (alpha(j)) continue;  // "3rd", "1a"
    bool measured = unit(j);
    skip_spaces(j);
    // "newborn under 8 days old", "less than 20 mg/100 ml": each value from 1 up.
    const bool under = (i >= 6 && text.compare(i - 6, 6, "under ") == 0) || (i >= 10 && text.compare(i - 10, 10, "less than ") == 0);
    if (under && measured && !lo_decimal && lo > 1 && lo <= 80) {
      for (int k = 1; k < lo; ++k) out.push_back(k);
      continue;
    }
    if (j < text.size() && text[j] == '-') ++j;
    else if (text.compare(j, 3, "to ") == 0) j += 3;
    else continue;
    skip_spaces(j);
    if (!number(j, hi, hi_decimal) || alpha(j) || hi <= lo + 1 || hi - lo > 80) continue;
    // A range of ranges ("IQ level 35-40 to 50-55") names no value it holds.
    const bool chained_before = (i > 0 && text[i - 1] == '-') || (i >= 3 && text.compare(i - 3, 3, "to ") == 0);
    const bool chained_after = (j < text.size() && text[j] == '-') || text.compare(j, 4, " to ") == 0;
    if (chained_before || chained_after) continue;
    size_t after = j;
    measured = measured || unit(after) || (lo_decimal && hi_decimal) ||
               (i >= 6 && text.compare(i - 6, 6, "score ") == 0);  // "BMI 40.0-44.9", "NIHSS score 10-19"
    if (!measured) continue;
    for (int k = lo + 1; k <= hi; ++k) out.push_back(k);
  }
  return out;
}

// Tokens of a document: essential words (stopwords dropped) and optional modifiers.
Result<DocTokens> DocStems(const std::string& text, const std::string& optional, const std::string& alternates,
                           std::unordered_map<std::string, std::map<std::string, int>>& surface) {
  DocTokens out;
  auto has = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
  auto alts = text::Tokenize(alternates);
  if (!alts) return alts.error();
  std::vector<std::string> alt_words = *alts;  // consumed one by one from the text
  // Clause by clause: "without ..." runs to the end of its clause (or a "with").
  std::vector<std::pair<std::string, bool>> words;  // token, in a "without" clause
  std::vector<bool> after_not;                       // in a "not ..." phrase ("not specified as recurrent")
  std::vector<bool> unsaid_detail;                   // what that phrase says is not specified ("recurrent")
  std::vector<bool> after_any;                       // from "any" on in its clause ("with any type side rails")
  auto clauses = text::TokenizeClauses(text);
  if (!clauses) return clauses.error();
  for (auto& clause : *clauses) {
    // "not specified (as ...)", "not elsewhere classified": optional words; "not having
    // achieved remission": negated words (text::NegationOf).
    const text::ClauseNegation neg = text::NegationOf(clause);
    const std::vector<bool>& scope = neg.negated;
    const std::vector<bool>& nots = neg.unsaid;
    // "with any type side rails": "any" and what follows it in its clause is every kind, which
    // a query need not name (E0260 is the semi-electric bed with mattress); optional.
    bool any = false;
    for (size_t k = 0; k < clause.size(); ++k) {
      any = any || clause[k] == "any";
      after_any.push_back(any);
      words.emplace_back(std::move(clause[k]), scope[k]);
      after_not.push_back(nots[k]);
      unsaid_detail.push_back(neg.detail[k]);
    }
  }
  std::vector<std::string> alt_stems;
  // The text's words are essential, except link words and the alternates ("atrial or
  // auricular": auricular; "Cirrhosis, cirrhotic": cirrhotic), which only may match.
  for (size_t wi = 0; wi < words.size(); ++wi) {
    const auto& [tok, without] = words[wi];
    if (text::IsStopword(tok)) continue;
    // "Umbilical hernia without obstruction or gangrene" is the umbilical hernia a query
    // says nothing more about: what it is without is a negated stem that only "without
    // gangrene" in a query matches, never required; "without" itself is optional.
    // What a title says it is "not specified as" is negated too (text::ClauseNegation::detail).
    std::string st = without || unsaid_detail[wi] ? std::string(1, text::kNegated) + text::Stem(tok) : text::Stem(tok);
    surface[st][tok]++;
    // "not specified as recurrent", "not elsewhere classified": what a query without detail
    // means too; optional.
    if (without || tok == "without" || after_not[wi]) {
      out.unspecified = true;
      if (!has(alt_stems, st)) alt_stems.push_back(st);
      continue;
    }
    if (after_any[wi]) {
      if (!has(alt_stems, st)) alt_stems.push_back(st);
      continue;
    }
    auto a = std::find(alt_words.begin(), alt_words.end(), tok);
    if (a != alt_words.end()) {
      alt_words.erase(a);
      if (!has(alt_stems, st)) alt_stems.push_back(st);
      continue;
    }
    // Link words, and the words that say "no more detail given" (unspecified, NOS,
    // uncomplicated: "alcohol dependence" is F10.20): what a query without details means, never required.
    // "NEC" (not elsewhere classified) names no more than the path's other words either: the
    // Index's "Hemorrhage, postpartum NEC" is what "postpartum hemorrhage" means (O72.1); but
    // "specified NEC" is the "other specified" subterm ("Disease, iris, specified NEC" H21.89),
    // not the term itself (H21.9).
    const bool nec = tok == "nec" && !(wi > 0 && words[wi - 1].first == "specified");
    if (text::IsLinkWord(tok) || tok == "unspecified" || tok == "nos" || tok == "uncomplicated" || nec) {
      if (tok != "with" && !nec) out.unspecified = true;
      if (!has(alt_stems, st)) alt_stems.push_back(st);
      continue;
    }
    if (!has(out.essential, st)) out.essential.push_back(st);
  }
  // A range says each number inside it: "stage 1 through stage 4 chronic kidney disease" (I12.9)
  // is stage 2, 3, 3a and 3b too, which a query may name ("htn with ckd 3a"); only may match.
  auto number = [](const std::string& t) { return t.size() <= 2 && ascii::AllDigits(t) ? std::stoi(t) : -1; };
  for (size_t wi = 1; wi + 1 < words.size(); ++wi) {
    if (words[wi].first != "through") continue;
    const int lo = number(words[wi - 1].first);
    const size_t hi_at = wi + 1 < words.size() && words[wi + 1].first == "stage" ? wi + 2 : wi + 1;
    const int hi = hi_at < words.size() ? number(words[hi_at].first) : -1;
    if (lo < 0 || hi <= lo || hi - lo > 9) continue;
    for (int k = lo + 1; k < hi; ++k) {
      for (const char* suffix : {"", "a", "b"}) {
        const std::string st = text::Stem(std::to_string(k) + suffix);
        if (!has(alt_stems, st)) alt_stems.push_back(st);
      }
    }
  }
  for (int k : InnerRangeNumbers(text)) {
    const std::string st = text::Stem(std::to_string(k));
    if (!has(alt_stems, st)) alt_stems.push_back(st);
  }
  for (const auto& st : alt_stems) {
    if (!has(out.essential, st) && !has(out.optional, st)) out.optional.push_back(st);
  }
  // Then the nonessential modifiers not already in the text.
  // A modifier "(without vomiting)" is a negated optional stem, like a title's "without":
  // "Nausea (without vomiting)" does not fit "nausea and vomiting". One group at a time.
  for (size_t i = 0; i <= optional.size();) {
    size_t j = std::min(optional.find('(', i + 1), optional.size());
    auto mods = text::Tokenize(std::string_view(optional).substr(i, j - i));
    if (!mods) return mods.error();
    const std::vector<bool> scope = text::WithoutScope(*mods);
    for (size_t k = 0; k < mods->size(); ++k) {
      const std::string& tok = (*mods)[k];
      if (text::IsStopword(tok)) continue;
      std::string st = scope[k] ? std::string(1, text::kNegated) + text::Stem(tok) : text::Stem(tok);
      surface[st][tok]++;
      if (!has(out.essential, st) && !has(out.optional, st)) out.optional.push_back(st);
    }
    i = j;
    if (i >= optional.size()) break;
  }
  return out;
}

}  // namespace

static std::optional<Error> BuildSearch(const Model& m, std::vector<CodeRec>& recs, Pool& pool, Report& report,
                                        std::unordered_set<std::string>& vocabulary,
                                 std::string& srch) {
  const uint32_t n = static_cast<uint32_t>(m.codes.size());
  std::unordered_map<std::string, std::map<std::string, int>> surface;  // stem -> word -> count
  std::unordered_map<std::string, uint32_t> tmp_ids;
  std::vector<std::string> tmp_terms;
  struct DocOut {
    DocRec rec;
    std::vector<std::pair<uint32_t, bool>> terms;  // tmp term id, optional
  };
  std::vector<DocOut> docs;
  std::map<std::string, int64_t> by_kind;
  std::unordered_map<std::string, uint32_t> by_code;
  for (uint32_t i = 0; i < n; ++i) by_code.emplace(m.codes[i].code, i);
  for (uint32_t i = 0; i < n; ++i) {
    const Code& c = m.codes[i];
    std::vector<Doc> all;
    // A 7th character's words ("S63.501A Sprain of ... right wrist, initial encounter") may
    // match but are not required: "sprained right wrist" fits the initial encounter as well
    // as the code it completes. Later encounters and sequelae rank after it unless asked for.
    std::string seventh;
    uint8_t title_flags = 0;
    if (c.code.size() == 7 && m.system == "ICD-10-CM") {
      std::string parent = c.code.substr(0, 6);
      while (parent.size() > 3 && parent.back() == 'X') parent.pop_back();
      auto it = by_code.find(parent);
      if (it != by_code.end()) {
        const std::string& pt = m.codes[it->second].title;
        if (c.title.size() > pt.size() + 2 && c.title.compare(0, pt.size(), pt) == 0 && c.title.compare(pt.size(), 2, ", ") == 0) {
          seventh = c.title.substr(pt.size() + 2);
          if (seventh.find("subsequent") != std::string::npos || seventh.find("sequela") != std::string::npos) {
            title_flags |= format::kDocLaterEncounter;
          }
        }
      }
    }
    all.push_back({DocKind::kTitle, c.title, "", seventh, title_flags, 0});
    all.insert(all.end(), c.docs.begin(), c.docs.end());
    std::vector<std::string> seen;  // the same text twice for one code is one document
    for (const Doc& d : all) {
      std::string key = std::to_string(static_cast<int>(d.kind)) + "|" + d.text + "|" + d.optional;
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      auto toks = DocStems(d.text, d.optional, d.alternates, surface);
      if (!toks) return Error{toks.error().code, c.code + ": " + toks.error().message};
      if (toks->essential.empty() && toks->optional.empty()) continue;
      DocOut o{};
      o.rec.code = i;
      o.rec.kind = static_cast<uint8_t>(d.kind);
      o.rec.essential = static_cast<uint8_t>(std::min<size_t>(255, toks->essential.size()));
      o.rec.flags = static_cast<uint8_t>(d.flags | (toks->unspecified ? format::kDocUnspecified : 0));
      o.rec.source = d.source;
      o.rec.text = pool.Add(d.text);
      auto id_of = [&](const std::string& st) {
        auto [it, inserted] = tmp_ids.emplace(st, static_cast<uint32_t>(tmp_terms.size()));
        if (inserted) tmp_terms.push_back(st);
        return it->second;
      };
      for (const auto& st : toks->essential) o.terms.push_back({id_of(st), false});
      for (const auto& st : toks->optional) o.terms.push_back({id_of(st), true});
      by_kind[std::to_string(static_cast<int>(d.kind))]++;
      docs.push_back(std::move(o));
    }
  }
  // Ranking uses the title's size: distinct essential stems of the long title.
  for (uint32_t d = 0; d < docs.size(); ++d) {
    if (docs[d].rec.kind == static_cast<uint8_t>(DocKind::kTitle)) recs[docs[d].rec.code].title_tokens = docs[d].rec.essential;
  }
  if (docs.size() > kIdMask) return Error{ErrorCode::kCorrupt, "too many search documents"};
  vocabulary.insert(tmp_terms.begin(), tmp_terms.end());
  std::vector<uint32_t> order(tmp_terms.size());
  for (uint32_t t = 0; t < order.size(); ++t) order[t] = t;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return tmp_terms[a] < tmp_terms[b]; });
  std::vector<uint32_t> final_id(order.size());
  for (uint32_t k = 0; k < order.size(); ++k) final_id[order[k]] = k;
  std::vector<std::vector<uint32_t>> post(order.size());
  for (uint32_t d = 0; d < docs.size(); ++d) {
    for (auto [tid, opt] : docs[d].terms) post[final_id[tid]].push_back(d | (opt ? kPostOptional << 24 : 0u));
  }
  std::vector<TermRec> terms;
  std::vector<uint32_t> postings;
  for (uint32_t k = 0; k < order.size(); ++k) {
    const std::string& st = tmp_terms[order[k]];
    TermRec t{};
    t.text = pool.Add(st);
    // The display form: the most frequent word with this stem (ties: the shortest, then first in order).
    const auto& words = surface[st];
    std::string best;
    int best_n = -1;
    for (const auto& [w, cnt] : words) {
      if (cnt > best_n || (cnt == best_n && w.size() < best.size())) {
        best = w;
        best_n = cnt;
      }
    }
    t.display = pool.Add(best);
    t.post_first = static_cast<uint32_t>(postings.size());
    t.post_count = static_cast<uint32_t>(post[k].size());
    postings.insert(postings.end(), post[k].begin(), post[k].end());
    terms.push_back(t);
  }
  SearchHeader sh{static_cast<uint32_t>(terms.size()), static_cast<uint32_t>(postings.size()), n,
                  static_cast<uint32_t>(docs.size()), text::kNormalizerVersion, 0};
  Put(srch, sh);
  for (const auto& t : terms) Put(srch, t);
  for (uint32_t v : postings) Put(srch, v);
  for (const auto& d : docs) Put(srch, d.rec);
  report.counts["search terms (stems)"] = static_cast<int64_t>(terms.size());
  report.counts["search postings"] = static_cast<int64_t>(postings.size());
  report.counts["search documents"] = static_cast<int64_t>(docs.size());
  const char* names[] = {"", "titles", "", "inclusion terms", "index paths", "index see-references", "table cells"};
  for (const auto& [k, v] : by_kind) report.counts[std::string("search documents: ") + names[std::stoi(k)]] = v;
  return std::nullopt;
}

static std::optional<Error> BuildLexicon(const Model& m, const std::unordered_set<std::string>& vocabulary, Pool& pool,
                                         Report& report, std::string& lexi, std::string& lalt) {
  struct Entry {
    std::string key;
    const LexiconEntry* e;
  };
  std::vector<Entry> entries;
  auto stems_of = [](const std::string& s) -> Result<std::string> {
    auto toks = text::Tokenize(s);
    if (!toks) return toks.error();
    std::string out;
    for (const auto& t : *toks) {
      if (text::IsStopword(t)) continue;
      if (!out.empty()) out += ' ';
      out += text::Stem(t);
    }
    return out;
  };
  for (const auto& e : m.lexicon) {
    std::string key;
    if (e.raw) {
      auto f = text::Fold(e.source);
      if (!f) return f.error();
      key = *f;
    } else {
      auto st = stems_of(e.source);
      if (!st) return st.error();
      key = *st;
    }
    if (key.empty()) return Error{ErrorCode::kCorrupt, "lexicon entry '" + e.source + "' has no words"};
    // Stopwords are not matched: "on insulin" would be read into every query with "insulin".
    if (!e.raw && key.find(' ') == std::string::npos) {
      auto toks = text::Tokenize(e.source);
      if (toks && toks->size() > 1) {
        return Error{ErrorCode::kCorrupt, "lexicon entry '" + e.source + "' is one word ('" + key +
                                              "') once stopwords are dropped: it would apply to every query with that word"};
      }
    }
    entries.push_back({key, &e});
  }
  // Two sources may share a key when their words differ only by a stem ("om" and "ome"): the
  // search reads the one written as typed (Searcher::FindLexicon). The same source twice, or
  // two spellings that fold alike, is an error. (Every source folded once above: Fold succeeds.)
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.e->source < b.e->source;
  });
  std::vector<LexRec> recs;
  std::vector<AltRec> alts;
  for (size_t k = 0; k < entries.size(); ++k) {
    if (k > 0 && entries[k].key == entries[k - 1].key && entries[k].e->raw == entries[k - 1].e->raw &&
        *text::Fold(entries[k].e->source) == *text::Fold(entries[k - 1].e->source)) {
      return Error{ErrorCode::kCorrupt, "lexicon has '" + entries[k].e->source + "' twice"};
    }
    LexRec r{};
    r.source = pool.Add(entries[k].key);
    r.display = pool.Add(entries[k].e->source);
    r.alt_first = static_cast<uint32_t>(alts.size());
    r.raw = entries[k].e->raw ? 1 : 0;
    for (const auto& a : entries[k].e->alternatives) {
      AltRec ar{};
      if (entries[k].e->raw) {
        ar.stems = pool.Add(a);
      } else {
        auto st = stems_of(a);
        if (!st) return st.error();
        // A word no document has would make the reading match nothing, silently.
        std::string unknown;
        for (size_t i = 0; i <= st->size() && unknown.empty();) {
          size_t j = std::min(st->find(' ', i), st->size());
          if (j > i && !vocabulary.empty() && !vocabulary.count(st->substr(i, j - i))) unknown = st->substr(i, j - i);
          i = j + 1;
        }
        if (!unknown.empty() && !m.lexicon_skips_unknown) {
          return Error{ErrorCode::kCorrupt, "lexicon entry '" + entries[k].e->source + "': reading '" + a + "' has '" +
                                                unknown + "', which no code title or index term has"};
        }
        if (!unknown.empty()) {
          report.Skip("lexicon reading with a word no code's description has (left out)", entries[k].e->source + " -> " + a);
          continue;
        }
        ar.stems = pool.Add(*st);
      }
      ar.display = pool.Add(a);
      alts.push_back(ar);
    }
    r.alt_count = static_cast<uint16_t>(alts.size() - r.alt_first);
    if (r.alt_count == 0) continue;  // every reading left out (counted above)
    recs.push_back(r);
  }
  lexi = Counted(recs);
  lalt = Counted(alts);
  if (!m.lexicon.empty()) report.counts["lexicon entries (curated)"] = static_cast<int64_t>(recs.size());
  return std::nullopt;
}

// The Alphabetic Index and Tables for browsing (format.h IBOK, INOD, IREF).
static std::optional<Error> BuildIndexBooks(const Model& m, const std::unordered_map<std::string, uint32_t>& index,
                                            Pool& pool, Report& report, std::string& ibok, std::string& inod,
                                            std::string& iref) {
  std::vector<uint32_t> first(m.index_books.size() + 1, 0);
  for (size_t b = 0; b < m.index_books.size(); ++b) first[b + 1] = first[b] + static_cast<uint32_t>(m.index_books[b].nodes.size());
  if (first.back() >= kNone) return Error{ErrorCode::kCorrupt, "too many index terms"};
  std::vector<IndexBookRec> books;
  std::vector<StrRef> columns;
  std::vector<IndexLetterRec> letters;
  std::vector<IndexNodeRec> nodes;
  std::vector<IndexRefRec> refs;
  for (size_t b = 0; b < m.index_books.size(); ++b) {
    const IndexBookIn& in = m.index_books[b];
    const std::string where = "index book " + in.key;
    IndexBookRec br{};
    br.key = pool.Add(in.key);
    br.name = pool.Add(in.name);
    br.node_first = first[b];
    br.node_end = first[b + 1];
    br.column_first = static_cast<uint32_t>(columns.size());
    if (in.columns.size() > 255) return Error{ErrorCode::kCorrupt, where + ": too many columns"};
    br.column_count = static_cast<uint16_t>(in.columns.size());
    for (const auto& c : in.columns) columns.push_back(pool.Add(c));
    br.source = in.source;
    br.kind = static_cast<uint8_t>(in.table ? IndexBookKind::kTable : IndexBookKind::kIndex);
    br.letter_first = static_cast<uint32_t>(letters.size());
    br.letter_count = static_cast<uint32_t>(in.letters.size());
    for (size_t k = 0; k < in.letters.size(); ++k) {
      uint32_t f = in.letters[k].second;
      uint32_t e = k + 1 < in.letters.size() ? in.letters[k + 1].second : static_cast<uint32_t>(in.nodes.size());
      if ((k == 0 && f != 0) || f >= e || e > in.nodes.size() || in.nodes[f].level != 0) {
        return Error{ErrorCode::kCorrupt, where + ": letter " + in.letters[k].first + " does not start at a main term"};
      }
      letters.push_back({pool.Add(in.letters[k].first), first[b] + f, first[b] + e});
    }
    for (size_t i = 0; i < in.nodes.size(); ++i) {
      const IndexNodeIn& n = in.nodes[i];
      uint8_t prev = i == 0 ? 0 : in.nodes[i - 1].level;
      if ((i == 0 && n.level != 0) || n.level > prev + 1) return Error{ErrorCode::kCorrupt, where + ": term levels skip"};
      if (n.nemod_begin > n.nemod_end || n.nemod_end > n.title.size()) return Error{ErrorCode::kCorrupt, where + ": modifier outside its title"};
      if (n.refs.size() > 255) return Error{ErrorCode::kCorrupt, where + ": too many references on one term"};
      IndexNodeRec nr{};
      nr.title = pool.Add(n.title);
      nr.nemod_begin = n.nemod_begin;
      nr.nemod_end = n.nemod_end;
      nr.level = n.level;
      nr.ref_count = static_cast<uint8_t>(n.refs.size());
      nodes.push_back(nr);
      for (const IndexRefIn& r : n.refs) {
        IndexRefRec rr{};
        rr.kind = static_cast<uint8_t>(r.kind);
        rr.column = r.column;
        rr.flags = r.flags & kRefPartial;
        rr.target = kNone;
        std::string_view text = r.text;
        bool is_cell = r.kind == IndexRefKind::kCell;
        if (is_cell && r.column >= in.columns.size()) return Error{ErrorCode::kCorrupt, where + ": cell outside the columns"};
        if (!r.code.empty()) {
          auto it = index.find(r.code);
          if (it == index.end()) return Error{ErrorCode::kCorrupt, where + ": index code " + r.code + " not in the code set"};
          rr.target_kind = static_cast<uint8_t>(IndexTargetKind::kCode);
          rr.target = it->second;
          bool see = r.kind == IndexRefKind::kSee || r.kind == IndexRefKind::kSeeAlso;
          if (!see) {
            if (text.ends_with(".-")) rr.flags |= kRefDotDash;
            else if (text.ends_with("-")) rr.flags |= kRefDash;
            std::string suffix = (rr.flags & kRefDotDash) ? ".-" : (rr.flags & kRefDash) ? "-" : "";
            if (text == DotCode(r.code) + suffix) text = {};  // the reader rebuilds it from the target
          }
        } else if (r.book >= 0) {
          if (static_cast<size_t>(r.book) >= m.index_books.size()) return Error{ErrorCode::kCorrupt, where + ": see target book out of range"};
          const IndexBookIn& tb = m.index_books[r.book];
          if (r.node >= static_cast<int>(tb.nodes.size())) return Error{ErrorCode::kCorrupt, where + ": see target out of range"};
          if (r.column != kNoColumn && r.column >= tb.columns.size()) return Error{ErrorCode::kCorrupt, where + ": see column out of range"};
          rr.target_kind = static_cast<uint8_t>(r.node >= 0 ? IndexTargetKind::kNode : IndexTargetKind::kBook);
          rr.target = r.node >= 0 ? first[r.book] + static_cast<uint32_t>(r.node) : static_cast<uint32_t>(r.book);
        } else if (!is_cell) {
          rr.column = kNoColumn;
        }
        rr.text = text.empty() ? StrRef{0, 0} : pool.Add(text);
        refs.push_back(rr);
      }
    }
    books.push_back(br);
  }
  if (books.empty()) return std::nullopt;
  IndexBooksHeader h{static_cast<uint32_t>(books.size()), static_cast<uint32_t>(columns.size()),
                     static_cast<uint32_t>(letters.size()), 0};
  Put(ibok, h);
  for (const auto& b : books) Put(ibok, b);
  for (const auto& c : columns) Put(ibok, c);
  for (const auto& l : letters) Put(ibok, l);
  inod = Counted(nodes);
  iref = Counted(refs);
  report.counts["index books (browse)"] = static_cast<int64_t>(books.size());
  report.counts["index terms (browse)"] = static_cast<int64_t>(nodes.size());
  report.counts["index references (browse)"] = static_cast<int64_t>(refs.size());
  return std::nullopt;
}

namespace {

// MODS: the modifiers sorted by code, each checked (1-3 letters or digits, once).
std::optional<Error> BuildModifiers(const Model& m, uint32_t effective_from, Pool& pool, std::vector<ModifierRec>& out) {
  std::vector<const Modifier*> order;
  for (const auto& md : m.modifiers) order.push_back(&md);
  std::sort(order.begin(), order.end(), [](const Modifier* a, const Modifier* b) { return a->code < b->code; });
  for (size_t k = 0; k < order.size(); ++k) {
    const Modifier& md = *order[k];
    bool shaped = md.code.size() >= 1 && md.code.size() <= 3 &&
                  std::all_of(md.code.begin(), md.code.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
    if (!shaped) return MakeError(ErrorCode::kCorrupt, "modifier '" + md.code + "' is not 1-3 upper-case letters or digits");
    if (k > 0 && order[k - 1]->code == md.code) return MakeError(ErrorCode::kCorrupt, "duplicate modifier " + md.code);
    ModifierRec r{};
    std::memcpy(r.code, md.code.data(), md.code.size());
    r.title = pool.Add(md.title);
    r.short_title = pool.Add(md.short_title);
    r.added = md.added;
    r.effective = md.effective;
    r.terminated = md.terminated;
    r.action = md.action;
    r.source = md.source;
    r.coverage = md.coverage;
    if (md.terminated && effective_from && md.terminated < effective_from) r.flags |= kTerminated;
    out.push_back(r);
  }
  return std::nullopt;
}

// META: what the code set is, where it comes from, how its codes are shown, and counts.
// YEAR and TTLY (format.h) of a file holding several years; nothing for one year. A code
// not in the newest year is written terminated (never billable in CODE).
std::optional<Error> BuildYears(const Model& m, std::vector<CodeRec>& recs, Pool& pool, std::string& years,
                                std::string& titles) {
  if (m.years.empty()) return std::nullopt;
  if (m.years.size() > kMaxYears) return Error{ErrorCode::kInvalidArgument, "too many years in one code set"};
  const uint8_t newest = static_cast<uint8_t>(m.years.size() - 1);
  YearsHeader h{static_cast<uint32_t>(m.years.size()), static_cast<uint32_t>(m.codes.size())};
  years.append(reinterpret_cast<const char*>(&h), sizeof h);
  for (size_t y = 0; y < m.years.size(); ++y) {
    const YearSpan& ys = m.years[y];
    if (!ys.from || ys.to < ys.from || (y > 0 && ys.from <= m.years[y - 1].to)) {
      return Error{ErrorCode::kInvalidArgument, "code-set years must be given oldest first with dates that do not overlap"};
    }
    YearRec r{static_cast<uint32_t>(ys.year), ys.from, ys.to, 0};
    years.append(reinterpret_cast<const char*>(&r), sizeof r);
  }
  std::vector<YearTitleRec> tr;
  for (uint32_t i = 0; i < m.codes.size(); ++i) {
    const Code& c = m.codes[i];
    if (c.first_year > c.last_year || c.last_year > newest) {
      return Error{ErrorCode::kCorrupt, "code " + c.code + " has an invalid year range"};
    }
    CodeYears cy{c.first_year, c.last_year, c.billable_years, 0};
    years.append(reinterpret_cast<const char*>(&cy), sizeof cy);
    if (c.last_year < newest) recs[i].flags = static_cast<uint8_t>((recs[i].flags | kTerminated) & ~kBillable);
    for (const auto& t : c.year_titles) {
      if (t.year >= newest) return Error{ErrorCode::kCorrupt, "code " + c.code + ": an older title for the newest year"};
      YearTitleRec r{};
      r.code = i;
      r.year = t.year;
      r.title = pool.Add(t.title);
      r.short_title = pool.Add(t.short_title);
      tr.push_back(r);
    }
  }
  titles = Counted(tr);
  return std::nullopt;
}

nlohmann::json BuildMeta(const Model& m, const std::vector<CodeRec>& recs, size_t notes, size_t defs, size_t mods,
                         bool any_date) {
  const uint32_t n = static_cast<uint32_t>(m.codes.size());
  nlohmann::json meta;
  meta["system"] = m.system;
  meta["year"] = m.year;
  meta["label"] = m.label;
  meta["effective_from"] = m.effective_from;
  meta["effective_to"] = m.effective_to;
  meta["format"] = std::to_string(kFormatMajor) + "." + std::to_string(kFormatMinor);
  meta["inputs"] = nlohmann::json::array();
  for (const auto& in : m.inputs) {
    meta["inputs"].push_back({{"role", in.role}, {"name", in.name}, {"path", in.path}, {"year", in.year},
                              {"sha256", in.sha256}, {"kind", in.kind}});
  }
  if (m.dot_after != 3) meta["dot_after"] = m.dot_after;
  if (m.flat) meta["flat"] = true;
  if (!m.provenance.empty()) meta["provenance"] = m.provenance;
  if (!m.attribute_defs.empty()) {
    meta["attributes"] = nlohmann::json::array();
    for (const auto& a : m.attribute_defs) {
      nlohmann::json o = {{"key", a.key}, {"label", a.label}, {"values", a.values}};
      if (!a.note.empty()) o["note"] = a.note;
      meta["attributes"].push_back(std::move(o));
    }
  }
  meta["counts"] = {{"codes", n},
                    {"billable", std::count_if(m.codes.begin(), m.codes.end(), [](const Code& c) { return c.billable; })},
                    {"notes", notes},
                    {"seventh_definitions", defs}};
  if (any_date || mods != 0) {
    meta["counts"]["terminated"] = std::count_if(recs.begin(), recs.end(), [](const CodeRec& r) { return (r.flags & kTerminated) != 0; });
    meta["counts"]["modifiers"] = mods;
  }
  return meta;
}

}  // namespace

Result<std::string> WriteCodeSet(const Model& m, Report& report) {
  auto files = WriteCodeSetFiles(m, report, false);
  if (!files) return files.error();
  return std::move(files->codeset);
}

Result<CodeSetFiles> WriteCodeSetFiles(const Model& m, Report& report, bool split_index) {
  const uint32_t n = static_cast<uint32_t>(m.codes.size());
  if (n == 0) return MakeError(ErrorCode::kCorrupt, "no codes to write");
  if (m.inputs.size() > 250) return MakeError(ErrorCode::kInvalidArgument, "too many inputs");
  std::unordered_map<std::string, uint32_t> index;
  for (uint32_t i = 0; i < n; ++i) {
    if (!index.emplace(m.codes[i].code, i).second) {
      return MakeError(ErrorCode::kCorrupt, "duplicate code " + m.codes[i].code);
    }
  }
  Pool pool;
  std::vector<CodeRec> recs(n);
  std::vector<uint32_t> effective7(n, kNone);
  // "2025-10-01" -> 20251001 (0 if absent or not a date).
  const uint32_t effective_from = ParseIsoDate(m.effective_from);
  if (m.dot_after != 0 && m.dot_after != 3) return MakeError(ErrorCode::kInvalidArgument, "dot_after must be 0 or 3");
  for (uint32_t i = 0; i < n; ++i) {
    const Code& c = m.codes[i];
    CodeRec& r = recs[i];
    std::memset(&r, 0, sizeof r);
    CopyCode(r.code, c.code);
    r.parent = kNone;
    for (size_t len = c.code.size() - 1; len >= 3 && !m.flat; --len) {
      auto it = index.find(c.code.substr(0, len));
      if (it != index.end()) {
        r.parent = it->second;
        break;
      }
    }
    if (c.code.size() > 3 && r.parent == kNone && !m.flat) {
      return MakeError(ErrorCode::kCorrupt, "code " + c.code + " has no category in the code set");
    }
    if (r.parent != kNone && r.parent >= i) {
      return MakeError(ErrorCode::kCorrupt, "code " + c.code + " comes before its parent in tabular order");
    }
    r.level = r.parent == kNone ? 0 : static_cast<uint8_t>(recs[r.parent].level + 1);
    r.flags = static_cast<uint8_t>((c.flags & ~(kBillable | kNeedsSeventh)) | (c.billable ? kBillable : 0));
    // A code whose last date of service is before this code set takes effect is terminated.
    if (c.terminated && effective_from && c.terminated < effective_from) r.flags |= kTerminated;
    if (r.flags & kTerminated) r.flags &= static_cast<uint8_t>(~kBillable);
    r.subtree_end = i + 1;
    effective7[i] = c.own_seventh >= 0 ? static_cast<uint32_t>(c.own_seventh)
                    : r.parent != kNone ? effective7[r.parent] : kNone;
    r.seventh = effective7[i];
    if (!c.billable && r.seventh != kNone) r.flags |= kNeedsSeventh;
    auto sec = m.category_section.find(c.code.substr(0, 3));
    if (sec == m.category_section.end()) {
      if (!m.sections.empty()) return MakeError(ErrorCode::kCorrupt, "category " + c.code.substr(0, 3) + " has no section");
    } else {
      r.section = static_cast<uint16_t>(sec->second);
      r.chapter = static_cast<uint8_t>(m.sections[sec->second].chapter);
    }
  }
  for (uint32_t i = n; i-- > 0;) {
    if (recs[i].parent != kNone) {
      recs[recs[i].parent].subtree_end = std::max(recs[recs[i].parent].subtree_end, recs[i].subtree_end);
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = i + 1; j < recs[i].subtree_end; ++j) {
      if (!m.codes[j].code.starts_with(m.codes[i].code)) {
        return MakeError(ErrorCode::kCorrupt, "subtree of " + m.codes[i].code + " is not contiguous (" + m.codes[j].code + ")");
      }
    }
  }

  // Seventh characters: check every billable 7-character code against the definition in force.
  int64_t seventh_ok = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const Code& c = m.codes[i];
    if (!c.billable || effective7[i] == kNone) continue;
    const auto& def = m.sevenths[effective7[i]];
    bool found = c.code.size() == 7 &&
                 std::any_of(def.exts.begin(), def.exts.end(), [&](const auto& e) { return e.first == c.code[6]; });
    if (found) {
      ++seventh_ok;
    } else {
      report.Skip("billable code whose 7th character is not in the FY2023 definition (kept)", c.code);
    }
  }
  if (!m.sevenths.empty()) report.counts["codes with a 7th character confirmed by its definition"] = seventh_ok;

  // Notes, in owner order: codes, sections, chapters.
  std::vector<NoteRec> notes;
  std::vector<CodeRange> refs;
  auto add_notes = [&](const std::vector<Note>& in, NoteOwner kind, uint32_t owner) {
    uint32_t first = static_cast<uint32_t>(notes.size());
    for (const Note& nt : in) {
      NoteRec r{};
      r.kind = static_cast<uint8_t>(nt.kind);
      r.source = nt.source;
      r.owner_kind = static_cast<uint8_t>(kind);
      r.owner = owner;
      r.text = pool.Add(nt.text);
      r.ref_first = static_cast<uint32_t>(refs.size());
      for (const auto& rr : nt.refs) {
        CodeRange cr{};
        CopyCode(cr.first, rr.first);
        CopyCode(cr.last, rr.last);
        refs.push_back(cr);
      }
      r.ref_count = static_cast<uint32_t>(nt.refs.size());
      notes.push_back(r);
    }
    return std::pair<uint32_t, uint32_t>{first, static_cast<uint32_t>(in.size())};
  };
  for (uint32_t i = 0; i < n; ++i) {
    const Code& c = m.codes[i];
    recs[i].title = pool.Add(c.title);
    recs[i].short_title = pool.Add(c.short_title);
    auto [f, k] = add_notes(c.notes, NoteOwner::kCode, i);
    if (k > 0xFFFF) return MakeError(ErrorCode::kCorrupt, "too many notes on " + c.code);
    recs[i].note_first = f;
    recs[i].note_count = static_cast<uint16_t>(k);
  }
  std::vector<SectionRec> secrecs;
  for (uint32_t s = 0; s < m.sections.size(); ++s) {
    SectionRec r{};
    CopyCode4(r.first, m.sections[s].first);
    CopyCode4(r.last, m.sections[s].last);
    r.title = pool.Add(m.sections[s].title);
    r.chapter = m.sections[s].chapter;
    auto [f, k] = add_notes(m.sections[s].notes, NoteOwner::kSection, s);
    r.note_first = f;
    r.note_count = k;
    secrecs.push_back(r);
  }
  std::vector<ChapterRec> chaprecs;
  for (uint32_t c = 0; c < m.chapters.size(); ++c) {
    ChapterRec r{};
    r.number = m.chapters[c].number;
    r.title = pool.Add(m.chapters[c].title);
    CopyCode4(r.first, m.chapters[c].first);
    CopyCode4(r.last, m.chapters[c].last);
    auto [f, k] = add_notes(m.chapters[c].notes, NoteOwner::kChapter, c);
    r.note_first = f;
    r.note_count = k;
    chaprecs.push_back(r);
  }
  std::vector<SeventhDef> defs;
  std::vector<SeventhExt> exts;
  for (const auto& d : m.sevenths) {
    SeventhDef r{};
    auto it = index.find(d.owner);
    if (it == index.end()) return MakeError(ErrorCode::kCorrupt, "7th-character owner " + d.owner + " not in code set");
    r.owner = it->second;
    r.ext_first = static_cast<uint32_t>(exts.size());
    r.ext_count = static_cast<uint32_t>(d.exts.size());
    r.source = d.source;
    for (const auto& [ch, meaning] : d.exts) {
      SeventhExt x{};
      x.ch = ch;
      x.meaning = pool.Add(meaning);
      exts.push_back(x);
    }
    defs.push_back(r);
  }
  std::vector<DeletedRec> dels;
  {
    std::vector<DeletedCode> sorted = m.deleted;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
    for (const auto& d : sorted) {
      if (!dels.empty() && std::string_view(dels.back().code) == d.code) continue;
      DeletedRec r{};
      CopyCode(r.code, d.code);
      r.title = pool.Add(d.title);
      r.source = d.source;
      dels.push_back(r);
    }
  }
  // Dates, attributes and modifiers (dated flat systems such as HCPCS).
  std::vector<CodeDates> dates;
  bool any_date = false;
  for (const Code& c : m.codes) any_date = any_date || c.added || c.effective || c.terminated;
  if (any_date) {
    for (const Code& c : m.codes) dates.push_back({c.added, c.effective, c.terminated, 0});
  }
  std::vector<AttrRec> attrs;
  for (uint32_t i = 0; i < n; ++i) {
    std::vector<Code::Attribute> sorted_attrs = m.codes[i].attributes;
    std::stable_sort(sorted_attrs.begin(), sorted_attrs.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    for (const auto& a : sorted_attrs) {
      if (a.key >= m.attribute_defs.size()) {
        return MakeError(ErrorCode::kCorrupt, "code " + m.codes[i].code + " has an attribute of an undefined kind");
      }
      attrs.push_back({i, a.key, a.source, 0, pool.Add(a.value)});
    }
  }
  std::vector<ModifierRec> mods;
  if (auto e = BuildModifiers(m, effective_from, pool, mods)) return *e;
  std::string years, year_titles;
  if (auto e = BuildYears(m, recs, pool, years, year_titles)) return *e;

  std::vector<uint32_t> sorted(n);
  for (uint32_t i = 0; i < n; ++i) sorted[i] = i;
  std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return m.codes[a].code < m.codes[b].code; });

  // Search index: documents (title, inclusion terms, index paths, table cells) over stems.
  std::string srch, lexi, lalt;
  std::unordered_set<std::string> vocabulary;
  if (auto e = BuildSearch(m, recs, pool, report, vocabulary, srch)) return *e;
  if (auto e = BuildLexicon(m, vocabulary, pool, report, lexi, lalt)) return *e;
  std::string ibok, inod, iref;
  // Split: the Index has strings of its own (its own file, format.h "Index file").
  Pool index_pool;
  if (auto e = BuildIndexBooks(m, index, split_index ? index_pool : pool, report, ibok, inod, iref)) return *e;

  nlohmann::json meta = BuildMeta(m, recs, notes.size(), defs.size(), mods.size(), any_date);
  meta["strings_bytes"] = pool.data().size();  // what the reader's expanded strings take (compact.h)

  std::vector<RawSection> secs;
  secs.push_back({kTagMeta, 1, kSectionRequired, meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  secs.push_back({kTagCodes, 1, kSectionRequired, Counted(recs)});
  secs.push_back({kTagSorted, 1, kSectionRequired, Counted(sorted)});
  secs.push_back({kTagChapters, 1, kSectionRequired, Counted(chaprecs)});
  secs.push_back({kTagSections, 1, kSectionRequired, Counted(secrecs)});
  secs.push_back({kTagNotes, 1, kSectionRequired, Counted(notes)});
  secs.push_back({kTagNoteRefs, 1, kSectionRequired, Counted(refs)});
  secs.push_back({kTagSeventhDefs, 1, kSectionRequired, Counted(defs)});
  secs.push_back({kTagSeventhExts, 1, kSectionRequired, Counted(exts)});
  secs.push_back({kTagDeleted, 1, 0, Counted(dels)});
  if (any_date) secs.push_back({kTagCodeDates, 1, 0, Counted(dates)});
  if (!attrs.empty()) secs.push_back({kTagAttributes, 1, 0, Counted(attrs)});
  if (!mods.empty()) secs.push_back({kTagModifierList, 1, 0, Counted(mods)});
  if (!years.empty()) {
    secs.push_back({kTagYears, 1, kSectionRequired, years});
    secs.push_back({kTagYearTitles, 1, 0, year_titles});
  }
  // The search and the Index last: a reader that leaves them out (CodeSet::OpenOptions) reads
  // every section before them, and no section after them needs their strings.
  secs.push_back({kTagSearch, 2, 0, srch});
  secs.push_back({kTagLexicon, 1, 0, lexi});
  secs.push_back({kTagLexiconAlts, 1, 0, lalt});
  if (!ibok.empty() && !split_index) {
    secs.push_back({kTagIndexBooks, 1, 0, ibok});
    secs.push_back({kTagIndexNodes, 1, 0, inod});
    secs.push_back({kTagIndexRefs, 1, 0, iref});
  }
  secs.push_back({kTagStrings, 1, kSectionRequired, pool.data()});
  auto compacted = compact::Compact(secs);
  if (!compacted) return compacted.error();
  CodeSetFiles out;
  out.codeset = AssembleFile(*compacted);
  if (!split_index || ibok.empty()) return out;

  // The Index file: its own META (the code set it was written with: system, year, the codes
  // in CODE order by count and CRC-32, the same inputs, so book sources keep their indices).
  uint32_t crc = 0;
  for (const CodeRec& r : recs) crc = Crc32(r.code, sizeof r.code, crc);
  char crc_hex[9];
  std::snprintf(crc_hex, sizeof crc_hex, "%08x", crc);
  nlohmann::json imeta;
  imeta["part"] = "index";
  imeta["system"] = m.system;
  imeta["year"] = m.year;
  imeta["label"] = m.label;
  imeta["effective_from"] = m.effective_from;
  imeta["effective_to"] = m.effective_to;
  imeta["format"] = meta["format"];
  imeta["inputs"] = meta["inputs"];
  if (!m.provenance.empty()) imeta["provenance"] = m.provenance;
  imeta["codes"] = n;
  imeta["codes_crc32"] = crc_hex;
  imeta["counts"] = {{"books", m.index_books.size()}};
  imeta["strings_bytes"] = index_pool.data().size();
  std::vector<RawSection> isecs;
  isecs.push_back({kTagMeta, 1, kSectionRequired, imeta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  isecs.push_back({kTagIndexBooks, 1, kSectionRequired, ibok});
  isecs.push_back({kTagIndexNodes, 1, kSectionRequired, inod});
  isecs.push_back({kTagIndexRefs, 1, kSectionRequired, iref});
  isecs.push_back({kTagStrings, 1, kSectionRequired, index_pool.data()});
  auto icompacted = compact::Compact(isecs);
  if (!icompacted) return icompacted.error();
  out.index = AssembleFile(*icompacted);
  return out;
}

}  // namespace medcode::import
