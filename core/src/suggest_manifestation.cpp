// suggest_manifestation.cpp owns what the note coder reads from the Alphabetic Index's terms
// themselves: the etiology/manifestation pairs it prints (a term whose code is followed by a
// second code in brackets, "Disease, Alzheimer's G30.9 [F02.80]", is reported with both, the
// etiology first: I.A.13; the manifestation's own "code first" note orders them), and the
// site words it sends elsewhere ("Colon - see condition"), and the personal-history code its
// "History, personal (of)" subterms give a condition (I.C.21.c.4). See suggest_coder.h.
#include <algorithm>

#include "medcode/index.h"
#include "ascii.h"
#include "medcode/text.h"
#include "suggest_coder.h"

namespace medcode::coding {

using index::CodeTarget;
using index::NodeView;
using index::RefView;

Result<uint32_t> NoteCoder::FindIndexPath(std::string_view path, uint32_t book, std::string* rest) const {
  if (cs_.has_index() && !cache_.main_terms) cache_.main_terms.emplace(cs_);
  return index::FindPath(cs_, path, book, rest, cache_.main_terms ? &*cache_.main_terms : nullptr);
}

// The Index term a search document stands for, its "see" followed (kNone: none), looked up
// once per document (cached in cache_).
uint32_t NoteCoder::IndexTermOf(uint32_t doc_index) const {
  if (doc_index == format::kNone || doc_index >= cs_.docs().size() || !cs_.has_index()) return format::kNone;
  auto cached = cache_.doc_terms.find(doc_index);
  if (cached != cache_.doc_terms.end()) return cached->second;
  const format::DocRec& doc = cs_.docs()[doc_index];
  const bool see = doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee);
  uint32_t term = format::kNone;
  if (see || doc.kind == static_cast<uint8_t>(format::DocKind::kIndexPath)) {
    std::string rest;
    auto node = FindIndexPath(cs_.str(doc.text), format::kNone, &rest);
    if (node && rest.empty()) term = *node;
    if (term != format::kNone && see) {
      auto f = index::Follow(cs_, term);
      term = f && f->node ? f->node->node.id : format::kNone;
    }
  }
  cache_.doc_terms.emplace(doc_index, term);
  return term;
}

// The manifestation code in brackets of the Index term a search document stands for (a see
// reference followed), with the term's title, when the term's own code is of the document's
// code's category.
std::optional<std::pair<uint32_t, std::string>> NoteCoder::ManifestationOf(uint32_t doc_index) const {
  const uint32_t term = IndexTermOf(doc_index);
  if (term == format::kNone) return std::nullopt;
  const format::DocRec& doc = cs_.docs()[doc_index];
  const NodeView view = index::View(cs_, term);
  bool own = false;
  std::optional<CodeTarget> manif;
  for (const RefView& r : view.refs) {
    if (!r.code) continue;
    if (r.kind == format::IndexRefKind::kCode && Undotted(r.code->index).substr(0, 3) == Undotted(doc.code).substr(0, 3))
      own = true;
    if (r.kind == format::IndexRefKind::kManif && !manif) manif = r.code;
  }
  if (!own) return std::nullopt;
  if (manif) return std::make_pair(manif->index, view.title);
  return CodeFirstOfWith(term, Undotted(doc.code));
}

// A combination term "X, with, Y" whose code the main term Y's own code asks to be coded
// first ("Diabetes, type 2, with, gastroparesis" E11.43: Gastroparesis K31.84, "code first
// ... diabetes mellitus (E11.43)"): Y's code is the manifestation reported after it (I.A.13,
// the etiology/manifestation convention the Tabular's note states).
std::optional<std::pair<uint32_t, std::string>> NoteCoder::CodeFirstOfWith(uint32_t term, std::string_view code) const {
  auto node = index::Node(cs_, term);
  if (!node || node->path.size() < 2 || ascii::Lower(node->path[node->path.size() - 2].title) != "with") return std::nullopt;
  const NodeView& leaf = node->node;
  std::string title = leaf.nemod.empty() ? leaf.title : leaf.before + " " + leaf.after;
  while (!title.empty() && title.back() == ' ') title.pop_back();
  auto book = index::FindBook(cs_, "index");
  std::string rest;
  auto main_term = FindIndexPath(title, book ? *book : format::kNone, &rest);
  if (!main_term || !rest.empty() || index::View(cs_, *main_term, false).level != 0) return std::nullopt;
  const NodeView view = index::View(cs_, *main_term);
  for (const RefView& r : view.refs) {
    if (r.kind != format::IndexRefKind::kCode || !r.code || !r.code->billable) continue;
    if (Undotted(r.code->index).substr(0, 1) == code.substr(0, 1)) continue;  // same chapter: the combination says it
    auto detail = Lookup(cs_, r.code->code);
    if (!detail) continue;
    for (const NoteView& n : detail->notes) {
      if (n.kind != "codeFirst") continue;
      for (const NoteRef& ref : n.refs)
        if (ref.first == ref.last && InRange(code, ref)) return std::make_pair(r.code->index, view.title);
    }
  }
  return std::nullopt;
}

void NoteCoder::AddManifestation(const note::Chunk& ch, std::vector<Tok>& toks, const Candidate& main) {
  if (main.doc == format::kNone || main.doc >= cs_.docs().size()) return;
  // Without the Alphabetic Index (its file not attached yet) nothing is read, nor cached.
  if (!cs_.has_index()) return;
  // The bracket of the term that found `main` (by its search document, looked up once).
  auto cached = cache_.manifestations.find(main.doc);
  if (cached == cache_.manifestations.end()) {
    cached = cache_.manifestations.emplace(main.doc, ManifestationOf(main.doc)).first;
  }
  if (!cached->second) return;
  const uint32_t manif_index = cached->second->first;
  const std::string& term = cached->second->second;
  for (const Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == Undotted(manif_index).substr(0, 3)) return;  // coded already
  Candidate m = main;
  m.rules.clear();
  m.why.clear();
  m.alternatives.clear();
  m.why.push_back("index: " + term + " [" + Dotted(manif_index) + "]");
  if (Billable(manif_index)) {
    m.code = manif_index;
  } else {
    // A bracket that needs more characters ("[F02.81-]"): the chunk's words pick them, else
    // the header's default.
    std::optional<Candidate> pick;
    std::vector<Tok> all = toks;
    for (Tok& t : all) t.used = false;
    std::string first(Undotted(manif_index));
    if (FindOne(ch, all, first, false, pick, first, first) && pick) {
      m.code = pick->code;
    } else {
      m.code = Finalize(manif_index, "", m);
    }
  }
  m.position = main.position + 1;
  ApplySeverity(m);
  m.rules.push_back({"etiology-manifestation", "I.A.13",
                     "the index pairs " + Dotted(main.code) + " with the manifestation " + Dotted(m.code) +
                         ": the etiology first, then the manifestation"});
  cands_.push_back(std::move(m));
}

bool NoteCoder::SiteWord(const std::string& folded) {
  if (!cache_.sites_read && cs_.has_index()) {
    // Once per code set (once its Index is attached): the words of the Index's main terms
    // that only say "see condition".
    cache_.sites_read = true;
    auto book = index::FindBook(cs_, "index");
    if (book) {
      const format::IndexBookRec& b = cs_.index_books()[*book];
      for (uint32_t k = b.node_first; k < b.node_end; ++k) {
        if (cs_.index_nodes()[k].level != 0) continue;
        const NodeView view = index::View(cs_, k);
        bool code = false, see_condition = false;
        for (const RefView& r : view.refs) {
          if (r.code) code = true;
          if ((r.kind == format::IndexRefKind::kSee || r.kind == format::IndexRefKind::kSeeAlso) &&
              ascii::Lower(r.text).find("condition") != std::string::npos)
            see_condition = true;
        }
        if (!see_condition || code) continue;
        if (auto words = text::Tokenize(view.title))
          for (std::string& w : *words) cache_.sites.insert(std::move(w));
      }
    }
  }
  return cache_.sites.count(folded) > 0;
}

namespace {

// A term's title without its nonessential modifiers and a trailing "NEC": "colon NEC" ->
// "colon", "embolism (venous)" -> "embolism".
std::string PlainTitle(const NodeView& v) {
  std::string t = v.nemod.empty() ? v.title : v.before + " " + v.after;
  std::string out;
  for (const std::string& w : SplitSpaces(t)) {
    if (w == "NEC" || w == "-") continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ' ')) out.pop_back();
  return out;
}

// The first code (or cell) of a term, with its kind.
std::optional<CodeTarget> FirstCode(const NodeView& v) {
  for (const RefView& r : v.refs)
    if (r.code && (r.kind == format::IndexRefKind::kCode || r.kind == format::IndexRefKind::kCell)) return r.code;
  return std::nullopt;
}

}  // namespace

// Once per code set: every subterm of "History, personal (of)" that has a code, read back to
// the condition it names. A malignant neoplasm's site is read in the Neoplasm Table (its
// "Malignant Primary" cell: "breast" -> C50.9-, so category C50 -> Z85.3); any other term's
// words are searched as a condition (the best code outside the Z chapter: "calculi, renal"
// -> N20.0 -> Z87.442). A code maps to its history code; a category maps only when all its
// terms agree.
void NoteCoder::ReadHistoryTerms() {
  cache_.history_read = true;
  if (!cs_.has_index()) return;
  auto index_book = index::FindBook(cs_, "index");
  auto neoplasm_book = index::FindBook(cs_, "neoplasm");
  if (!index_book) return;
  std::string rest;
  auto personal = FindIndexPath("History, personal", *index_book, &rest);
  if (!personal || !rest.empty()) return;
  std::map<std::string, std::pair<uint32_t, std::string>, std::less<>> by_code;
  std::map<std::string, std::optional<std::pair<uint32_t, std::string>>, std::less<>> by_category;
  auto put = [&](std::string_view condition, uint32_t history, const std::string& term, bool whole_category) {
    const std::string cat(condition.substr(0, 3));
    if (!whole_category) by_code.emplace(std::string(condition), std::make_pair(history, term));
    if (!whole_category) return;
    auto [it, fresh] = by_category.emplace(cat, std::make_pair(history, term));
    if (!fresh && it->second && it->second->first != history) it->second.reset();  // its terms disagree
  };
  index::ListOptions lo;
  lo.limit = index::kMaxPage;
  lo.deep = true;
  auto page = index::Children(cs_, *personal, lo);
  if (!page) return;
  SearchOptions so;
  so.limit = 5;
  // Depth first, with the words of the path below "personal (of)".
  std::vector<std::pair<const NodeView*, std::string>> stack;
  for (auto it = page->items.rbegin(); it != page->items.rend(); ++it) stack.emplace_back(&*it, "");
  while (!stack.empty()) {
    auto [v, above] = stack.back();
    stack.pop_back();
    const NodeView full = index::View(cs_, v->id);
    const std::string words = above.empty() ? PlainTitle(full) : above + " " + PlainTitle(full);
    for (auto it = v->subterms.rbegin(); it != v->subterms.rend(); ++it) stack.emplace_back(&*it, words);
    auto history = FirstCode(full);
    if (!history || !Billable(history->index)) continue;
    const std::string term = "History, personal (of), " + (above.empty() ? full.title : above + ", " + full.title);
    if (v->level == 3 && neoplasm_book && ascii::Lower(above).rfind("malignant neoplasm", 0) == 0) {
      // A site of a malignant neoplasm: the Neoplasm Table's row for it (its category).
      const std::string site = "Neoplasm, neoplastic, " + PlainTitle(full);
      auto row = FindIndexPath(site, *neoplasm_book, &rest);
      bool whole_category = true;
      if (!row || !rest.empty()) {
        // The History term's residual site ("skin NEC") is the Table's NOS row ("skin NOS":
        // C44.90): its subcategory, the site not classified more precisely (C44.9-, a basal
        // cell carcinoma of skin NOS C44.91); the category's other rows name sites of their
        // own ("breast, mastectomy site" is skin of breast, C44.5-).
        row = FindIndexPath(site + " NOS", *neoplasm_book, &rest);
        whole_category = false;
      }
      if (!row || !rest.empty()) continue;
      auto primary = FirstCode(index::View(cs_, *row));
      if (primary && Undotted(primary->index)[0] == 'C')
        put(whole_category ? Undotted(primary->index) : Undotted(primary->index).substr(0, 4), history->index, term,
            whole_category);
      continue;
    }
    if (ascii::Lower(words).rfind("malignant neoplasm", 0) == 0) continue;
    auto r = searcher_.Search(words, so);
    if (!r) continue;
    // The best conditions (up to three tied) that match every word the search read and say
    // no more (a code keeps the first history term that names it).
    uint32_t all = 0, read = 0;
    for (size_t w = 0; w < r->words.size() && w < 32; ++w)
      if (r->words[w].use != WordUse::kUnknown && r->words[w].use != WordUse::kCodeFilter) {
        all |= 1u << w;
        read += static_cast<uint32_t>(SplitSpaces(r->words[w].text).size());
      }
    int taken = 0;
    uint32_t best = 0;
    for (const SearchHit& h : r->hits) {
      const std::string_view u = Undotted(h.code);
      if (u[0] == 'Z' || (u[0] >= 'V' && u[0] <= 'Y') || h.kind != MatchKind::kWords || (h.matched & all) != all) continue;
      // Its document says no more than the term ("Calculus, kidney, congenital" Q63.8 is
      // not "calculi, renal").
      if (h.doc == format::kNone || cs_.docs()[h.doc].essential > read) continue;
      // Only the best reading and those tied with it ("diabetic foot ulcer": E11.621, not
      // E11.9 found by "diabetic" alone).
      if (taken > 0 && h.score < best) break;
      best = h.score;
      put(u, history->index, term, false);
      if (++taken == 3) break;
    }
  }
  cache_.history = std::move(by_code);
  for (auto& [cat, h] : by_category)
    if (h) cache_.history.emplace(cat, std::move(*h));
}

const std::pair<uint32_t, std::string>* NoteCoder::HistoryOf(uint32_t condition) {
  if (!cache_.history_read) ReadHistoryTerms();
  const std::string_view u = Undotted(condition);
  auto it = cache_.history.find(u);
  if (it == cache_.history.end()) it = cache_.history.find(u.substr(0, 4));  // a subcategory ("C449")
  if (it == cache_.history.end()) it = cache_.history.find(u.substr(0, 3));
  return it == cache_.history.end() ? nullptr : &it->second;
}

// An infectious or parasitic disease (A00-B99), or acute rheumatic fever (I00-I02), documented
// as past is over: its history is "Personal history of other infectious and parasitic
// diseases" (Z86.19) or "... of other diseases of the circulatory system" (Z86.79) when the
// Index's History, personal has no term of its own (I.C.21.c.4). Chronic conditions are left
// alone ("h/o HTN" is often still present).
std::optional<uint32_t> NoteCoder::PastInfectionHistory(uint32_t condition) const {
  const std::string_view cat = Undotted(condition).substr(0, 3);
  std::optional<uint32_t> z;
  if (cat >= "A00" && cat <= "B99") z = cs_.Find("Z8619");
  if (cat >= "I00" && cat <= "I02") z = cs_.Find("Z8679");
  if (z && !Billable(*z)) z.reset();
  return z;
}

}  // namespace medcode::coding
