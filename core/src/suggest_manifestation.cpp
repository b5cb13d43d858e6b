// suggest_manifestation.cpp owns what the note coder reads from the Alphabetic Index's terms
// themselves: the etiology/manifestation pairs it prints (a term whose code is followed by a
// second code in brackets, "Disease, Alzheimer's G30.9 [F02.80]", is reported with both, the
// etiology first: I.A.13; the manifestation's own "code first" note orders them), and the
// site words it sends elsewhere ("Colon - see condition"). See suggest_coder.h.
#include <algorithm>

#include "medcode/index.h"
#include "ascii.h"
#include "suggest_coder.h"

namespace medcode::coding {

using index::CodeTarget;
using index::NodeView;
using index::RefView;

void NoteCoder::AddManifestation(const note::Chunk& ch, std::vector<Tok>& toks, const Candidate& main) {
  if (main.doc == format::kNone || main.doc >= cs_.docs().size()) return;
  const format::DocRec& doc = cs_.docs()[main.doc];
  const bool see = doc.kind == static_cast<uint8_t>(format::DocKind::kIndexSee);
  if (!see && doc.kind != static_cast<uint8_t>(format::DocKind::kIndexPath)) return;
  std::string rest;
  auto node = index::FindPath(cs_, cs_.str(doc.text), format::kNone, &rest);
  if (!node || !rest.empty()) return;
  uint32_t term = *node;
  if (see) {
    auto f = index::Follow(cs_, term);
    if (!f || !f->node) return;
    term = f->node->node.id;
  }
  const NodeView view = index::View(cs_, term);
  // The term's own code is the etiology found (the same category), and it has a bracket.
  bool own = false;
  std::optional<CodeTarget> manif;
  for (const RefView& r : view.refs) {
    if (!r.code) continue;
    if (r.kind == format::IndexRefKind::kCode && Undotted(r.code->index).substr(0, 3) == Undotted(main.code).substr(0, 3))
      own = true;
    if (r.kind == format::IndexRefKind::kManif && !manif) manif = r.code;
  }
  if (!own || !manif) return;
  for (const Candidate& c : cands_)
    if (!c.dropped && Undotted(c.code).substr(0, 3) == Undotted(manif->index).substr(0, 3)) return;  // coded already
  Candidate m = main;
  m.rules.clear();
  m.why.clear();
  m.alternatives.clear();
  m.why.push_back("index: " + view.title + " [" + manif->code + "]");
  if (Billable(manif->index)) {
    m.code = manif->index;
  } else {
    // A bracket that needs more characters ("[F02.81-]"): the chunk's words pick them, else
    // the header's default.
    std::optional<Candidate> pick;
    std::vector<Tok> all = toks;
    for (Tok& t : all) t.used = false;
    std::string first(Undotted(manif->index));
    if (FindOne(ch, all, first, false, pick, first, first) && pick) {
      m.code = pick->code;
    } else {
      m.code = Finalize(manif->index, "", m);
    }
  }
  m.position = main.position + 1;
  m.rules.push_back({"etiology-manifestation", "I.A.13",
                     "the index pairs " + Dotted(main.code) + " with the manifestation " + Dotted(m.code) +
                         ": the etiology first, then the manifestation"});
  cands_.push_back(std::move(m));
}

bool NoteCoder::SiteWord(const std::string& folded) {
  auto it = sites_.find(folded);
  if (it != sites_.end()) return it->second;
  bool site = false;
  std::string rest;
  auto node = index::FindPath(cs_, folded, format::kNone, &rest);
  if (node && rest.empty() && cs_.index_nodes()[*node].level == 0) {
    const NodeView view = index::View(cs_, *node);
    bool code = false, see_condition = false;
    for (const RefView& r : view.refs) {
      if (r.code) code = true;
      if ((r.kind == format::IndexRefKind::kSee || r.kind == format::IndexRefKind::kSeeAlso) &&
          ascii::Lower(r.text).find("condition") != std::string::npos)
        see_condition = true;
    }
    site = see_condition && !code;
  }
  sites_.emplace(folded, site);
  return site;
}

}  // namespace medcode::coding
