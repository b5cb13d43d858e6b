// Search, the headers: an index path that leads to a header ("Fracture, traumatic, ankle" ->
// S82.89-) is completed by the header's codes whose titles have the query's other words; a
// header among the hits is preceded by its default code; a main term's default code at the
// top is followed by its category.
#include <algorithm>
#include <bit>

#include "medcode/text.h"
#include "search_internal.h"

namespace medcode {

using namespace format;
using search_detail::kMaxBeyondCoverage;

// The title document of a code, if it has one.
const DocRec* Searcher::TitleDoc(uint32_t code) const {
  const auto docs = cs_.docs();
  auto it = std::lower_bound(docs.begin(), docs.end(), code, [](const DocRec& r, uint32_t k) { return r.code < k; });
  return it != docs.end() && it->code == code && it->kind == static_cast<uint8_t>(DocKind::kTitle) ? &*it : nullptr;
}

// An index path that leads to a header ("Fracture, traumatic, ankle" -> S82.89-) lacks the
// words that choose among its codes ("broken left ankle": left). The header's codes whose
// own titles have those words complete it: S82.892A "Other fracture of left lower leg,
// initial encounter..." scores as the index path plus the words its title adds. So does a
// header's inclusion term: "pyelo 3rd tri" is "Pyelonephritis in pregnancy" (O23.0) completed
// by O23.03 "Infections of kidney in pregnancy, third trimester".
void Searcher::CompleteHeaders(Query& q) {
  // A long query (a pasted title) names its code itself; words no document has do not count
  // ("follow up broken left ankle healing fine").
  const auto known = std::count_if(q.slots.begin(), q.slots.end(), [](const Slot& sl) { return sl.df > 0; });
  if (known <= 1 || known > 5) return;
  const std::vector<Scored> heads = HeadPaths(q);
  std::vector<Scored> completed;
  for (const Scored& head : heads) CompleteHead(q, head, completed);
  for (const Scored& sc : completed) AddScored(q, sc);
}

// The best such paths (at most 8, best first), also below the coverage bar (they lack the
// completing words).
std::vector<Searcher::Scored> Searcher::HeadPaths(const Query& q) const {
  const auto docs = cs_.docs();
  const auto by_score = [](const Scored& a, const Scored& b) { return Scored::Better(a, b); };
  std::vector<Scored> heads;
  const float head_floor = std::max(0.2f, q.max_q - 0.6f);
  double head_cut = -1.0;
  for (size_t k = 0; k < q.touched.size(); ++k) {
    if (q.qcovs[k] < head_floor || 1000.0 * q.qcovs[k] + kMaxBeyondCoverage < head_cut) continue;
    const uint32_t d = q.touched[k];
    if (!head_doc_[d] || (doc_[d].mask & q.all_matched) == q.all_matched) continue;
    const DocRec& dr = docs[d];
    // An inclusion term names its header's concept when the query says most of it ("Pyelonephritis
    // in pregnancy"), not when it refers to other codes' conditions ("Conditions classifiable to
    // Q00-Q89 that have been repaired or corrected" for "hernia repair").
    if (static_cast<DocKind>(dr.kind) == DocKind::kInclusion && 2 * doc_[d].ess < doc_weight_[d]) continue;
    if (!PassesDocFilter(q, dr)) continue;
    heads.push_back({ScoreOf(q, d, q.qcovs[k]), dr.code, d, doc_[d].mask & q.all_matched});
    if (heads.size() >= 64) {  // keep the best 8; what cannot beat the 8th is skipped
      std::nth_element(heads.begin(), heads.begin() + 7, heads.end(), by_score);
      heads.resize(8);
      head_cut = heads[7].score;
      for (const Scored& h : heads) head_cut = std::min(head_cut, h.score);
    }
  }
  const size_t n_heads = std::min<size_t>(heads.size(), 8);
  std::partial_sort(heads.begin(), heads.begin() + n_heads, heads.end(), by_score);
  heads.resize(n_heads);
  return heads;
}

// Whether a document has one of a slot's readings (a binary search per posting list; the
// document need not have been touched: common words are only checked on candidates).
bool Searcher::DocHas(const Query& q, size_t si, uint32_t doc, uint32_t& ess) const {
  const auto terms = cs_.terms();
  const auto post = cs_.postings();
  for (const Alt& a : q.slots[si].alts) {
    uint32_t e = 0;
    bool all = !a.ranges.empty();
    for (auto [lo, hi] : a.ranges) {
      bool found = false;
      for (uint32_t t = lo; t < hi && t < lo + 8 && !found; ++t) {
        const uint32_t* b = post.data() + terms[t].post_first;
        const uint32_t* en = b + terms[t].post_count;
        const uint32_t* it = std::lower_bound(b, en, doc, [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
        if (it != en && (*it & kIdMask) == doc) {
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
}

// The header's codes that complete one head path, scored into completed.
void Searcher::CompleteHead(const Query& q, const Scored& head, std::vector<Scored>& completed) const {
  // The header's own codes first ("Fracture, traumatic, wrist" -> S62.10 "Fracture of
  // unspecified carpal bone": S62.102A "..., left wrist"). A path to the unspecified-side
  // code ("ankle" -> S82.899 "... unspecified lower leg") is completed by its siblings
  // (S82.892 "... left lower leg"), only those that say the same but for "unspecified"
  // (S83.9 "Sprain of unspecified site of knee" is not completed by a meniscus tear).
  CompleteUnder(q, head, head.code, {}, completed);
  if (cs_.title(head.code).find("unspecified") == std::string_view::npos || cs_.rec(head.code).parent == kNone) return;
  std::vector<std::string> head_words;
  if (auto toks = text::Tokenize(cs_.title(head.code))) {
    for (auto& t : *toks) {
      if (!text::IsStopword(t) && t != "unspecified") head_words.push_back(std::move(t));
    }
  }
  CompleteUnder(q, head, cs_.rec(head.code).parent, head_words, completed);
}

// The codes under root whose titles add query words to the head path (and have every
// word of head_words), scored into completed.
void Searcher::CompleteUnder(const Query& q, const Scored& head, uint32_t root, const std::vector<std::string>& head_words,
                             std::vector<Scored>& completed) const {
  const auto docs = cs_.docs();
  auto [lo, hi] = cs_.PrefixRange(cs_.code(root));
  if (hi - lo > 400) return;  // a large header: its words are too general to complete
  for (uint32_t p = lo; p < hi; ++p) {
    const uint32_t c = cs_.sorted()[p];
    if (c == head.code || !PassesFilter(q, c)) continue;
    const DocRec* it = TitleDoc(c);
    if (!it) continue;
    const uint32_t dd = static_cast<uint32_t>(it - docs.data());
    uint32_t u = head.mask, own = 0;
    for (size_t si = 0; si < q.slots.size(); ++si) {
      const uint32_t bit = 1u << si;
      if ((q.all_matched & bit) && !(head.mask & bit) && DocHas(q, si, dd, own)) u |= bit;
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
    for (size_t si = 0; si < q.slots.size(); ++si) {
      const uint32_t bit = 1u << si;
      if (head.mask & bit) DocHas(q, si, dd, own);
    }
    const double w = MaskWeight(q, u);
    // Among the completing codes, the one whose title says least beyond the query first;
    // a code whose own title matches as well ranks before a completion.
    const double own_cov = doc_weight_[dd] ? std::min(1.0, static_cast<double>(own) / doc_weight_[dd]) : 0.0;
    // The completing code's default penalty, not the header's.
    const double sc = ScoreOf(q, head.doc, static_cast<float>(w / q.total_w)) + PenaltyOf(q, head.code) - PenaltyOf(q, c) +
                      (cs_.billable(c) ? 3.0 : 0.0) -
                      ((it->flags & kDocLaterEncounter) ? 4.0 : 0.0) - 10.0 * (1.0 - own_cov) - 2.0;
    completed.push_back({sc, c, head.doc, u});
  }
}

namespace {

// The words a child's title adds to its header's that say nothing more than the header:
// the unspecified choice ("..., unspecified ear", "..., unspecified stage"), "uncomplicated",
// "without mention of ...", and a poisoning's accidental intent, the default when intent is
// not documented (I.C.19.e.5(b)).
bool AddsNothing(std::string_view extra) {
  return extra.starts_with(", unspecified") || extra == ", uncomplicated" || extra.starts_with(", without mention of") ||
         extra == ", accidental (unintentional)";
}

// A child's title that is its header's with the unspecified choice written into it:
// "Fracture of unspecified part of neck of unspecified femur" under "Fracture of unspecified
// part of neck of femur" (the side inside the title, not at its end).
bool UnspecifiedInside(std::string_view child, std::string_view head) {
  static constexpr std::string_view kWord = "unspecified ";
  if (child.size() != head.size() + kWord.size()) return false;
  for (size_t p = child.find(kWord); p != std::string_view::npos; p = child.find(kWord, p + 1)) {
    if (child.substr(0, p) == head.substr(0, p) && child.substr(p + kWord.size()) == head.substr(p)) return true;
  }
  return false;
}

}  // namespace

// A header's child that leaves unspecified what its siblings specify, when it is the only
// one: "Bunion of unspecified foot" (M21.619) beside "Bunion of right foot", "Unspecified
// fracture of shaft of humerus" (S42.30) beside "Greenstick fracture ...", "Toxic effect of
// unspecified spider venom" (T63.30) beside "... of black widow spider". Its title says
// "unspecified" more often than the header's; kNone when no child or several do.
uint32_t Searcher::UnspecifiedChild(const Query& q, uint32_t header) const {
  auto count = [](std::string_view t) {
    int n = 0;
    for (size_t p = 0; p + 11 <= t.size(); ++p) {
      if ((t[p] == 'u' || t[p] == 'U') && t.substr(p + 1, 10) == "nspecified") ++n;
    }
    return n;
  };
  const int own = count(cs_.title(header));
  auto [lo, hi] = cs_.PrefixRange(cs_.code(header));
  uint32_t found = kNone;
  for (uint32_t p = lo; p < hi; ++p) {
    const uint32_t c = cs_.sorted()[p];
    if (cs_.rec(c).parent != header || !PassesFilter(q, c)) continue;
    const DocRec* ct = TitleDoc(c);
    if (!ct || (ct->flags & kDocLaterEncounter) || count(cs_.title(c)) <= own) continue;
    if (found != kNone) return kNone;
    found = c;
  }
  return found;
}

// A header's default code: the child whose title is the header's own plus only words that
// say nothing more (a 7th character, "unspecified", "not having achieved remission": see
// AddsNothing), the first in tabular order (A before B and C); followed down while it is a
// header itself ("bee sting": T63.44 -> T63.441 -> T63.441A).
uint32_t Searcher::DefaultCode(const Query& q, uint32_t header) const {
  const auto docs = cs_.docs();
  uint32_t at = header;
  for (int depth = 0; depth < 3 && !cs_.billable(at); ++depth) {
    const DocRec* head_title = TitleDoc(at);
    if (!head_title) return kNone;
    auto [lo, hi] = cs_.PrefixRange(cs_.code(at));
    if (hi - lo > 400) return kNone;
    const std::string_view title = cs_.title(at);
    uint32_t child = kNone;
    for (uint32_t p = lo; p < hi && child == kNone; ++p) {
      const uint32_t c = cs_.sorted()[p];
      if (cs_.rec(c).parent != at || !PassesFilter(q, c)) continue;
      const DocRec* ct = TitleDoc(c);
      const std::string_view ctitle = cs_.title(c);
      if (ct && !(ct->flags & kDocLaterEncounter) &&
          ((ctitle.starts_with(title) && (doc_weight_[ct - docs.data()] == doc_weight_[head_title - docs.data()] ||
                                          AddsNothing(ctitle.substr(title.size())))) ||
           UnspecifiedInside(ctitle, title))) {
        child = c;
      }
    }
    if (child == kNone) child = UnspecifiedChild(q, at);
    // A header with one child only has that child to complete it ("Plantar fasciitis" M67.A:
    // "Plantar fasciitis, foot" M67.A0, then its unspecified foot).
    if (child == kNone) {
      uint32_t only = kNone, children = 0;
      for (uint32_t p = lo; p < hi && children < 2; ++p) {
        const uint32_t c = cs_.sorted()[p];
        if (cs_.rec(c).parent == at && PassesFilter(q, c)) only = c, ++children;
      }
      if (children == 1) child = only;
    }
    // No child says the header's words and no more, none leaves unspecified what its siblings
    // specify: "Other <the header's title>" is where the Index sends them ("Embolism, pulmonary"
    // I26.99 "Other pulmonary embolism without acute cor pulmonale" under I26.9).
    for (uint32_t p = lo; p < hi && child == kNone; ++p) {
      const uint32_t c = cs_.sorted()[p];
      if (cs_.rec(c).parent != at || !PassesFilter(q, c)) continue;
      const std::string_view ctitle = cs_.title(c);
      auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch; };
      if (ctitle.size() == title.size() + 6 && ctitle.starts_with("Other ") && !title.empty() &&
          lower(ctitle[6]) == lower(title[0]) && ctitle.substr(7) == title.substr(1)) {
        child = c;
      }
    }
    if (child == kNone) break;  // the default found so far (a header itself, as before)
    at = child;
  }
  return at == header ? kNone : at;
}

// A header among the results (an index path's, a title's or a completion's) has a default
// code (DefaultCode): "whiplash" -> S13.4 -> S13.4XXA, "leukemia" -> C95.9 -> C95.90, "ear
// infection" -> H66.9 -> H66.90. It takes the header's place and the header follows it (then
// the page's other concepts: FoldShownForms).
void Searcher::PutDefaultCodes(const Query& q, SearchResult& out) const {
  const auto docs = cs_.docs();
  for (size_t k = 0; k < out.hits.size(); ++k) {
    const SearchHit h = out.hits[k];
    if (h.kind != MatchKind::kWords || h.doc >= docs.size() || cs_.billable(h.code)) continue;
    const uint32_t child = DefaultCode(q, h.code);
    if (child == kNone) continue;
    auto at = std::find_if(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == child; });
    if (at != out.hits.end() && at < out.hits.begin() + static_cast<long>(k)) continue;  // already before it
    if (at != out.hits.end()) out.hits.erase(at);
    out.hits.insert(out.hits.begin() + static_cast<long>(k), SearchHit{child, h.score, MatchKind::kWords, h.doc, h.matched});
    if (k < out.leads) {  // the default code leads for the header's part; the header follows the leads
      const SearchHit head = out.hits[k + 1];
      out.hits.erase(out.hits.begin() + static_cast<long>(k) + 1);
      out.hits.insert(out.hits.begin() + static_cast<long>(std::min<size_t>(out.leads, out.hits.size())), head);
      if (out.hits.size() > q.page) out.hits.pop_back();
      continue;
    }
    ++k;  // the header, now after it
    if (out.hits.size() > q.page) out.hits.pop_back();
  }
}

// A general query (an index main term's default code first) also shows that code's
// category right after it, so the coder sees the family the default belongs to.
void Searcher::PutCategory(SearchResult& out, uint32_t limit) const {
  if (out.hits.empty() || out.leads || out.hits[0].kind != MatchKind::kWords || out.hits[0].doc == kNone ||
      !(cs_.docs()[out.hits[0].doc].flags & kDocMainTerm) || limit <= 1) {
    return;
  }
  const uint32_t top = out.hits[0].code;
  uint32_t cat = top;
  while (cs_.rec(cat).parent != kNone) cat = cs_.rec(cat).parent;
  if (cat == top) return;
  auto it = std::find_if(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == cat; });
  SearchHit h{cat, out.hits[0].score > 0 ? out.hits[0].score - 1 : 0, MatchKind::kWords, kNone, 0};
  if (it != out.hits.end()) {
    h = *it;
    h.score = out.hits[0].score > 0 ? out.hits[0].score - 1 : 0;
    out.hits.erase(it);
  }
  out.hits.insert(out.hits.begin() + 1, h);
  if (out.hits.size() > limit) out.hits.pop_back();
}

}  // namespace medcode
