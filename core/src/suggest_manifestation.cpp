// suggest_manifestation.cpp owns what the note coder reads from the Alphabetic Index's terms
// themselves: the etiology/manifestation pairs it prints (a term whose code is followed by a
// second code in brackets, "Disease, Alzheimer's G30.9 [F02.80]", is reported with both, the
// etiology first: I.A.13; the manifestation's own "code first" note orders them), and the
// site words it sends elsewhere ("Colon - see condition"). See suggest_coder.h.
#include <algorithm>

#include "medcode/index.h"
#include "ascii.h"
#include "medcode/text.h"
#include "suggest_coder.h"

namespace medcode::coding {

using index::CodeTarget;
using index::NodeView;
using index::RefView;

// The manifestation code in brackets of the Index term a search document stands for (a see
// reference followed), with the term's title, when the term's own code is of the document's
// code's category.
std::optional<std::pair<uint32_t, std::string>> NoteCoder::ManifestationOf(uint32_t doc_index) const {
  const format::DocRec& doc = cs_.docs()[doc_index];
  const bool see = doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee);
  if (!see && doc.kind != static_cast<uint8_t>(format::DocKind::kIndexPath)) return std::nullopt;
  std::string rest;
  auto node = index::FindPath(cs_, cs_.str(doc.text), format::kNone, &rest);
  if (!node || !rest.empty()) return std::nullopt;
  uint32_t term = *node;
  if (see) {
    auto f = index::Follow(cs_, term);
    if (!f || !f->node) return std::nullopt;
    term = f->node->node.id;
  }
  const NodeView view = index::View(cs_, term);
  bool own = false;
  std::optional<CodeTarget> manif;
  for (const RefView& r : view.refs) {
    if (!r.code) continue;
    if (r.kind == format::IndexRefKind::kCode && Undotted(r.code->index).substr(0, 3) == Undotted(doc.code).substr(0, 3))
      own = true;
    if (r.kind == format::IndexRefKind::kManif && !manif) manif = r.code;
  }
  if (!own || !manif) return std::nullopt;
  return std::make_pair(manif->index, view.title);
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

}  // namespace medcode::coding
