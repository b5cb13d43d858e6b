// suggest_organism_text.cpp owns the detail a note gives in words, often on another line, for
// a code that lacks it: the organism of an infection coded "unspecified organism" ("Sepsis,
// unspecified organism" A41.9 beside "Micro: blood cx 2/2 MSSA", "E. coli bacteremia";
// "Pneumonia, unspecified organism" J18.9 in "RLL pneumonia, likely Pseudomonas"), the
// artery of a cerebral infarction ("CTA: R MCA occlusion, thrombotic"). The code that names
// the detail is read from the classification's titles (I.C.1.d.1.a: A41.9 only when no
// organism is documented; I.B.18, I.A.9: unspecified codes only when the record lacks the
// detail). See suggest_coder.h.
#include <algorithm>
#include <map>
#include <set>

#include "medcode/text.h"
#include "suggest_coder.h"
#include "suggest_detail.h"

namespace medcode::coding {
namespace {

// The words of the detail a "<head><detail>" title names: the name, or its bracketed short
// name ("Escherichia coli [E. coli]": "escherichia coli" or "e coli").
std::vector<std::vector<std::string>> DetailNames(const std::string& detail) {
  std::vector<std::vector<std::string>> names;
  const size_t open = detail.find('[');
  names.push_back(TitleWords(detail.substr(0, open)));
  if (open != std::string::npos) names.push_back(TitleWords(detail.substr(open + 1, detail.find(']', open) - open - 1)));
  for (auto& n : names) std::erase(n, std::string("unspecified"));
  return names;
}

// Every word of the name is said by a word of the text or by what the searcher read it as
// ("mssa": methicillin susceptible staphylococcus aureus; "strep": streptococcus; "pneumo":
// pneumonia, the stem of "pneumoniae").
bool NameCovered(const std::vector<std::string>& name, const std::vector<std::string>& said) {
  if (name.empty()) return false;
  for (const std::string& w : name) {
    const std::string stem = text::Stem(w);
    const bool covered = std::any_of(said.begin(), said.end(), [&](const std::string& s) {
      return s == w || (s.size() >= 4 && w.starts_with(s)) || text::Stem(s) == stem;
    });
    if (!covered) return false;
  }
  return true;
}

}  // namespace

// The detail the text names for a code that lacks it: each run of one to three words of the
// present chunks in scope (the whole note, or the code's item) read as "<head><words>" ("sepsis
// due to mssa"); a billable code whose title is "<head><detail>" and whose detail's every word
// the run says. One detail only: two named (or none) leave the code as it is.
std::optional<uint32_t> NoteCoder::DetailOfText(const Candidate& c, const std::string& head, bool whole_note,
                                                std::initializer_list<std::string_view> specimen) {
  std::set<uint32_t> found;
  // The items (sentences) that name the specimen of the code's site and no other specimen
  // ("Sputum cx (final): Pseudomonas aeruginosa", not "Blood cx: E. coli; sputum pending"):
  // read beside the code's item.
  std::set<uint32_t> specimen_items;
  if (specimen.size()) {
    std::map<uint32_t, std::string> item_text;
    for (const note::Chunk& ch : layout_.chunks) item_text[ch.item].append(ChunkLower(ch)).push_back(' ');
    for (const auto& [item, t] : item_text)
      if (HasAny(t, specimen) && !HasAny(t, {"blood", "urine", "ua", "wound", "csf", "stool", "tissue", "bone"}))
        specimen_items.insert(item);
  }
  const bool inpatient = options_.setting == CareSetting::kInpatient;
  // The words that can name a detail: those of the "<head><detail>" titles of the code's letter
  // (sides and generic words aside). A chunk with none of them, no start of one ("staph",
  // "strep") and no word the lexicon reads as one ("MSSA", "R MCA") is not searched: a long
  // note's every run would otherwise be a search.
  std::set<std::string> detail_words;
  const std::string_view letter = cs_.code(c.code).substr(0, 1);
  const auto [first, last] = cs_.PrefixRange(letter);
  for (uint32_t i = first; i < last; ++i) {
    const uint32_t k = cs_.sorted()[i];
    const std::string t = ascii::Lower(Title(k));
    if (!t.starts_with(head)) continue;
    for (const std::string& w : TitleWords(t.substr(head.size())))
      if (w.size() > 2 && detail::DocumentedSide(w) == 0 && w != "unspecified" && w != "other" && w != "and" &&
          w != "artery" && w != "arteries" && w != "due")
        detail_words.insert(w);
  }
  // (Each detail word's stem once; each word of the text asked once: a long note repeats its
  // words, and the stems were most of this rule's time.)
  std::set<std::string> detail_stems;
  for (const std::string& d : detail_words) detail_stems.insert(text::Stem(d));
  std::map<std::string, bool, std::less<>> word_names;
  auto word_names_detail = [&](const std::string& w) {
    if (detail_words.count(w)) return true;
    if (w.size() < 4) return false;
    if (detail_stems.count(text::Stem(w))) return true;
    auto it = detail_words.lower_bound(w);  // a detail word w begins ("staph": staphylococcus)
    return it != detail_words.end() && it->starts_with(w);
  };
  auto names_detail = [&](std::string_view words) {
    for (const std::string& w : TitleWords(std::string(words)))
      if (word_names_detail(w)) return true;
    return false;
  };
  // Whether a word of the text names a detail, itself or as the lexicon reads it ("mssa":
  // methicillin susceptible staphylococcus aureus; "mca": middle cerebral artery).
  auto may_name_word = [&](const std::string& w) {
    auto it = word_names.find(w);
    if (it != word_names.end()) return it->second;
    bool named = word_names_detail(w);
    const format::LexRec* lex = named ? nullptr : searcher_.searcher().FindLexicon(text::Stem(w), false, w);
    for (uint32_t a = 0; lex && a < lex->alt_count && !named; ++a)
      named = names_detail(cs_.str(cs_.lexicon_alts()[lex->alt_first + a].display));
    word_names.emplace(w, named);
    return named;
  };
  for (const note::Chunk& ch : layout_.chunks) {
    if (!whole_note && ch.item != c.item && !specimen_items.count(ch.item)) continue;
    if (ch.assertion != Assertion::kPresent && !(inpatient && ch.assertion == Assertion::kUncertain)) continue;
    const std::vector<std::string> words = TitleWords(std::string(ChunkLower(ch)));
    std::vector<bool> naming(words.size());
    for (size_t i = 0; i < words.size(); ++i) naming[i] = may_name_word(words[i]);
    for (size_t i = 0; i < words.size(); ++i) {
      if (!std::isalpha(static_cast<unsigned char>(words[i][0]))) continue;
      std::string run;
      bool run_names = false;
      for (size_t n = 0; n < 3 && i + n < words.size(); ++n) {
        run += (n ? " " : "") + words[i + n];
        // A run with no word that names a detail cannot name one: not searched (the head's
        // words alone find every title of the head).
        run_names = run_names || naming[i + n];
        if (!run_names) continue;
        SearchOptions so;
        so.limit = 3;
        so.date = options_.date;
        const auto& r = searcher_.Search(head + run, so);
        if (!r || !r->every_word) continue;
        std::vector<std::string> said(words.begin() + i, words.begin() + i + n + 1);
        for (const QueryWord& q : r->words) {  // what the run's words were read as
          const std::vector<std::string> qw = TitleWords(q.text);
          if (!qw.empty() && std::all_of(qw.begin(), qw.end(), [&](const std::string& w) {
                return std::find(said.begin(), said.begin() + n + 1, w) != said.begin() + n + 1;
              }))
            for (const std::string& u : TitleWords(q.used)) said.push_back(u);
        }
        for (const SearchHit& h : r->hits) {
          const std::string t = ascii::Lower(Title(h.code));
          if (h.kind != MatchKind::kWords || h.code == c.code || !Billable(h.code) || !t.starts_with(head)) continue;
          const std::string detail = t.substr(head.size());
          if (detail.find("other") != std::string::npos) continue;
          const auto names = DetailNames(detail);
          if (std::any_of(names.begin(), names.end(), [&](const auto& nm) { return NameCovered(nm, said); }))
            found.insert(h.code);
        }
      }
    }
  }
  // A named detail beside the same one unspecified ("MSSA" and "staph"; "R MCA" and "MCA"):
  // the named one.
  if (found.size() > 1)
    std::erase_if(found, [&](uint32_t k) { return ascii::Lower(Title(k)).find("unspecified", head.size()) != std::string::npos; });
  if (found.size() != 1) return std::nullopt;
  return *found.begin();
}

void NoteCoder::OrganismOfText(Candidate& c, const std::string& head, bool whole_note) {
  // A pneumonia's organism is also the one its respiratory specimen grew, in the note's own
  // results ("Sputum cx (final): Pseudomonas aeruginosa" beside "LLL pneumonia": J15.1, not
  // J18.9; I.B.18, I.A.9).
  const bool pneumonia = Undotted(c.code).starts_with("J18");
  const auto k = pneumonia ? DetailOfText(c, head, whole_note, {"sputum", "bal", "bronchoalveolar", "tracheal", "endotracheal", "resp", "respiratory"})
                           : DetailOfText(c, head, whole_note);
  if (!k) return;
  c.rules.push_back({"organism-of-text", whole_note ? "I.C.1.d.1.a" : "I.B.18",
                     "the organism the " + std::string(whole_note ? "note" : "item") + " names: " + Dotted(*k) +
                         ", not " + Dotted(c.code)});
  c.code = *k;
  c.alternatives.clear();
}

}  // namespace medcode::coding
