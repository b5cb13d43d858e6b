// Search, fourth phase: scores and hits. Each touched document's query coverage sets the
// bar for ranking and the total; the documents that pass are scored (coverage, document
// coverage, kind, main term, whole word, billable) and the best document of each code kept,
// with a concept's best document from below the bar; when no code covers every word, the
// best code of each combination of words leads; the rest follow by score.
#include <algorithm>
#include <array>
#include <string_view>
#include <bit>
#include <cctype>
#include <cmath>
#include <iterator>

#include "ascii.h"
#include "search_internal.h"
#include "medcode/text.h"

namespace medcode {

using namespace format;
using search_detail::kDocCoverageWeight;
using search_detail::kMaxBeyondCoverage;
using search_detail::kQueryCoverageWeight;

// The documents looked at for their first word (RankHits): the page's hits and a few more.
constexpr size_t kFirstWordWindow = 24;
// What a code set without an Alphabetic Index (HCPCS, CPT: one title per code) takes from a title
// that does not begin with a word of the query: an index's paths already begin with the
// main term, and an ICD-10-CM title's first word is often "Other" or "Unspecified".
constexpr double kFirstWordCost = 15.0;
// The largest tie of scores put in the order the words were typed (OrderTies).
constexpr size_t kTieWindow = 16;

namespace {
// What a code whose title says "bilateral" costs a query naming one side (the title read once
// per code, the answer kept in its code_pen_ entry, which ClassesOf has filled).
[[gnu::noinline]] uint16_t BilateralCost(const CodeSet& cs, uint32_t code, uint16_t& pen) {
  if (!(pen & search_detail::kBilateralKnown)) {
    pen |= search_detail::kBilateralKnown | (search_detail::SaysBilateral(cs.title(code)) ? search_detail::kBilateralTitle : 0);
  }
  return pen & search_detail::kBilateralTitle ? search_detail::kNotDefaultPenalty : 0;
}
}  // namespace

uint16_t Searcher::PenaltyOf(const Query& q, uint32_t code) const {
  const uint8_t classes = ClassesOf(code);
  const uint16_t other = q.external_asked && !(classes & search_detail::kPenExternalCause)
                             ? search_detail::kExternalCausePenalty
                             : 0;
  // One side named ("inguinal hernia right"): a code whose title says "bilateral" is the other
  // detail (K40.20 "Bilateral inguinal hernia, ..."), and costs what the book's other details
  // do: it follows the unilateral code of the same words (K40.90).
  const uint16_t side = q.one_side ? BilateralCost(cs_, code, code_pen_[code]) : 0;
  return static_cast<uint16_t>(pen_cost_[static_cast<uint8_t>(classes & ~q.waived)] + other + side);
}

// Query coverage of every touched document; only documents close enough to the best
// coverage to reach the top can rank (coverage weighs 1000, everything else <= 134).
void Searcher::Cover(Query& q, SearchResult& out) {
  for (size_t si = 0; si < q.slots.size(); ++si) q.weights[si] = q.slots[si].weight;
  q.qcovs.resize(q.touched.size());
  q.max_q = 0;
  // A query of at most 8 slots has at most 256 masks: each one's coverage is worked out once
  // (the same sum in the same order), not once per touched document.
  float cov[256];
  const size_t masks = q.slots.size() <= 8 ? size_t{1} << q.slots.size() : 0;
  for (uint32_t m = 0; m < masks; ++m) cov[m] = static_cast<float>(MaskWeight(q, m) / q.total_w);
  // (The best in a local: kept in q.max_q, it went through memory at every document, the
  // stores to qcovs being of the same type.)
  float max_q = 0;
  for (size_t k = 0; k < q.touched.size(); ++k) {
    const uint32_t mask = doc_[q.touched[k]].mask;
    q.qcovs[k] = mask < masks ? cov[mask] : static_cast<float>(MaskWeight(q, mask) / q.total_w);
    max_q = std::max(max_q, q.qcovs[k]);
  }
  q.max_q = max_q;
  q.threshold = q.max_q - 0.14f;
  for (;;) {  // lower the bar until enough documents remain to fill the page
    size_t n = 0;
    for (float c : q.qcovs) n += c >= q.threshold;
    if (n >= 8u * q.limit + 64 || q.threshold <= 0) break;
    q.threshold -= 0.15f;
  }
  // total: the codes that match as many of the words as the best match does; partial:
  // the other codes that match some.
  const auto docs = cs_.docs();
  const uint32_t tgen = NextGen(code_stamp_, code_gen_);
  uint32_t best_mask = 0;
  for (size_t k = 0; k < q.touched.size(); ++k) {
    if (q.qcovs[k] < q.max_q - 1e-6f) continue;
    const uint32_t code = docs[q.touched[k]].code;
    if (code_stamp_[code] == tgen || !PassesFilter(q, code)) continue;
    code_stamp_[code] = tgen;
    best_mask = doc_[q.touched[k]].mask;
    ++out.total;
  }
  uint32_t matched = 0;
  for (size_t si = 0; si < q.slots.size() && si < 32; ++si) {
    if (q.slots[si].df) matched |= 1u << si;
  }
  out.every_word = out.total > 0 && (best_mask & matched) == matched;
  if (!q.count_partial) return;
  const uint32_t agen = NextGen(code_stamp_, code_gen_);
  uint32_t all = 0;
  for (uint32_t d : q.touched) {
    const uint32_t code = docs[d].code;
    if (code_stamp_[code] == agen) continue;
    code_stamp_[code] = agen;
    all += PassesFilter(q, code);
  }
  out.partial = all > out.total ? all - out.total : 0;
}

// An "unspecified" title follows the specific code it ties with (a "without" clause alone
// does not, see ReadUnspecifiedPoints); an Alphabetic Index path that says "NOS" is the
// Index's own default for its words ("Anemia, deficiency, vitamin B12 NOS" D51.9 before
// "Anemia, vitamin, B12 deficiency (dietary) pernicious" D51.0) and leads the tie.
double Searcher::UnspecifiedPoints(const DocRec& dr) const {
  if (!(dr.flags & kDocUnspecified)) return 0.0;
  // Read from the text once per document (scored documents are asked again and again).
  if (unspecified_points_.empty()) unspecified_points_.assign(cs_.docs().size(), 0);
  int8_t& known = unspecified_points_[static_cast<size_t>(&dr - cs_.docs().data())];
  if (!known) known = static_cast<int8_t>(ReadUnspecifiedPoints(dr) + 2);
  return known - 2;
}

double Searcher::ReadUnspecifiedPoints(const DocRec& dr) const {
  const std::string_view text = cs_.str(dr.text);
  if (static_cast<DocKind>(dr.kind) != DocKind::kIndexPath) {
    // A "without" or "not specified as" clause alone ("... without abnormal findings") is what
    // a query that says neither means, as the Index's default (Examination, child Z00.129):
    // it does not follow; an "unspecified" title does.
    bool unspecified = text.find("NOS") != std::string_view::npos;
    for (size_t at = text.find("nspecified"); at != std::string_view::npos && !unspecified; at = text.find("nspecified", at + 1)) {
      unspecified = at > 0 && (text[at - 1] == 'u' || text[at - 1] == 'U');
    }
    // (HCPCS writes no defaults: "without side rails" is one kind of bed, "with any type side
    // rails" the other.)
    const bool clause = text.find("without") != std::string_view::npos || text.find("not specified") != std::string_view::npos;
    return clause && !unspecified && icd_ ? 0.0 : -1.0;
  }
  const size_t at = text.rfind("NOS");
  auto letter = [&](size_t k) { return std::isalnum(static_cast<unsigned char>(text[k])) != 0; };
  const bool word = at != std::string_view::npos && (at == 0 || !letter(at - 1)) && (at + 3 == text.size() || !letter(at + 3));
  return word ? 1.0 : -1.0;
}

// What a score adds to 1000 x coverage, at most: document coverage 100, kind 11, main term
// 15, whole word 5, billable 3 (kMaxBeyondCoverage); the code's default penalty is taken.
double Searcher::ScoreOf(const Query& q, uint32_t d, double qcov) const {
  const DocRec& dr = cs_.docs()[d];
  const double dcov = doc_weight_[d] ? std::min(1.0, static_cast<double>(doc_[d].ess) / doc_weight_[d]) : 0.0;
  double kind = 0;
  switch (static_cast<DocKind>(dr.kind)) {
    case DocKind::kTitle: kind = 10; break;
    case DocKind::kIndexPath: kind = 11; break;
    case DocKind::kTable: kind = 9; break;
    case DocKind::kIndexSee: kind = 8; break;
    case DocKind::kInclusion: kind = 7; break;
  }
  // The External Cause Index names how an injury happened (X58 "Laceration NEC"): a
  // query naming the injury wants the injury's code first when both fit.
  if (dr.source == eindex_source_) kind -= 6;
  return kQueryCoverageWeight * qcov + kDocCoverageWeight * dcov + kind + ((dr.flags & kDocMainTerm) ? 15.0 : 0.0) +
         ((!q.typing_slot || doc_[d].exact) ? 5.0 : 0.0) + (cs_.billable(dr.code) ? 3.0 : 0.0) -
         ((dr.flags & kDocLaterEncounter) ? 4.0 : 0.0) + UnspecifiedPoints(dr) - PenaltyOf(q, dr.code);
}

// Keeps the best scored document of each code.
void Searcher::AddScored(Query& q, const Scored& sc) {
  if (code_stamp_[sc.code] != q.cgen) {
    code_stamp_[sc.code] = q.cgen;
    code_best_[sc.code] = static_cast<uint32_t>(q.best.size());
    q.best.push_back(sc);
  } else if (sc.score > q.best[code_best_[sc.code]].score) {
    q.best[code_best_[sc.code]] = sc;
  }
}

// (Flattened: ScoreOf, AddScored and the look-ups they make inlined in the loop over the
// touched documents, their query fields read once; a called ScoreOf per document was a ninth
// of a long note's instructions. The same sums in the same order: the same scores.)
[[gnu::flatten]] void Searcher::Score(Query& q) {
  const auto docs = cs_.docs();
  q.cgen = NextGen(code_stamp_, code_gen_);
  // (At most a code per touched document: the list is never copied as it grows.)
  q.best.reserve(q.touched.size());
  q.typing_slot = !q.slots.empty() && q.slots.back().typing;
  q.all_matched = 0;
  for (size_t si = 0; si < q.slots.size(); ++si) if (q.slots[si].df) q.all_matched |= 1u << si;
  bool seen_mask[256] = {};
  // (The bar and the lists in locals: read through q, they were read again for every document,
  // AddScored writing q.best.)
  const float threshold = q.threshold;
  const float* const qcovs = q.qcovs.data();
  const uint32_t* const touched = q.touched.data();
  const size_t n = q.touched.size();
  for (size_t k = 0; k < n; ++k) {
    if (qcovs[k] < threshold) continue;
    const uint32_t d = touched[k];
    if (!PassesDocFilter(q, docs[d])) continue;
    seen_mask[doc_[d].mask & 0xFF] = true;
    AddScored(q, {ScoreOf(q, d, qcovs[k]), docs[d].code, d, doc_[d].mask});
  }
  if (q.slots.size() > 1 && q.slots.size() <= 8 && !seen_mask[q.all_matched & 0xFF]) ScoreBelowBar(q, seen_mask);
}

// A concept of a query with several ("s/p knee replacement": "status post" matches a
// hundred index paths, the knee replacement far fewer) can fall below the coverage bar:
// its best document still competes for a lead (see Leads).
void Searcher::ScoreBelowBar(Query& q, const bool (&seen_mask)[256]) {
  const auto docs = cs_.docs();
  int64_t below[256];
  std::fill(std::begin(below), std::end(below), -1);
  double below_score[256] = {};
  for (size_t k = 0; k < q.touched.size(); ++k) {
    // A concept worth a lead covers a fair share of the query: the rest (most touched
    // documents, for common words) is not looked at.
    // (So does a condition to rule out, whose words weigh little: its best code still leads.)
    if (q.qcovs[k] >= q.threshold || (q.qcovs[k] < 0.2f && !(q.ruled && (doc_[q.touched[k]].mask & ~q.ruled) == 0))) continue;
    const uint32_t d = q.touched[k];
    const uint32_t m = doc_[d].mask & 0xFF;
    if (seen_mask[m]) continue;
    if (below[m] >= 0 && 1000.0 * q.qcovs[k] + kMaxBeyondCoverage < below_score[m]) continue;  // cannot win
    if (!PassesDocFilter(q, docs[d])) continue;
    const double sc = ScoreOf(q, d, q.qcovs[k]);
    if (below[m] < 0 || sc > below_score[m] || (sc == below_score[m] && docs[d].code < docs[below[m]].code)) {
      below[m] = d;
      below_score[m] = sc;
    }
  }
  for (uint32_t m = 0; m < 256; ++m) {
    if (below[m] >= 0) {
      const uint32_t d = static_cast<uint32_t>(below[m]);
      AddScored(q, {below_score[m], docs[d].code, d, doc_[d].mask});
    }
  }
}

// Slots whose word only relates two concepts of the query: prepositions of cause and time.
uint32_t Searcher::RelationalSlots(const Query& q) {
  static constexpr std::array<std::string_view, 14> kRelational = {
      "from", "after", "due", "during", "following", "because", "since",
      "secondary", "into", "onto", "off", "upon", "while", "when"};
  uint32_t out = 0;
  for (size_t si = 0; si < q.slots.size() && si < 32; ++si) {
    const std::string& w = q.slots[si].word.text;
    if (std::find(kRelational.begin(), kRelational.end(), w) != kRelational.end()) out |= 1u << si;
  }
  return out;
}

// When no code covers every word, each part of the query leads with its best code, so
// every concept shows at the top. The leads are taken out of best (score -1).
//   - Parts joined by "with", "and", "&" or "+" ("chf w/ afib", "type 2 dm with ckd stage
//     3", "htn & ckd") are conditions. A code spanning them all (with the joining "with",
//     if any: a combination code, the "with" presumption of I.A.15) leads first; then
//     each condition it does not cover whole leads with the code having most of that
//     condition's words (the better score on a tie), best scored first: I48.91 and
//     I50.9; E11.22 then N18.30.
//   - Otherwise ("s/p knee replacement"), in score order, each code that adds a word no
//     better code has led.
// Either way, a lead in V00-Y99 follows the diagnoses' leads.
std::vector<Searcher::Scored> Searcher::Leads(Query& q) const {
  std::vector<Scored> lead;
  if (q.slots.size() > 8) return lead;  // a long query (a pasted title) is one concept
  std::vector<Scored>& best = q.best;
  const uint32_t parts = q.all_matched & ~q.connectors & 0xFF;
  std::vector<std::pair<uint32_t, size_t>> per_mask;  // mask -> index of its best entry
  int32_t slot_of[256];
  std::fill(std::begin(slot_of), std::end(slot_of), -1);
  for (size_t k = 0; k < best.size(); ++k) {
    const uint32_t m = best[k].mask & parts;
    if (m == 0) continue;
    if (slot_of[m] < 0) {
      slot_of[m] = static_cast<int32_t>(per_mask.size());
      per_mask.push_back({m, k});
    } else if (Scored::Better(best[k], best[per_mask[slot_of[m]].second])) {
      per_mask[slot_of[m]].second = k;
    }
  }
  if (per_mask.empty()) return lead;
  std::sort(per_mask.begin(), per_mask.end(),
            [&](const auto& a, const auto& b) { return Scored::Better(best[a.second], best[b.second]); });
  if (per_mask[0].first == parts) return lead;  // a code has every part
  auto take = [&](size_t pm) {
    lead.push_back(best[per_mask[pm].second]);
    best[per_mask[pm].second].score = -1;
  };
  std::vector<uint32_t> conditions;
  for (uint32_t c : Conditions(q)) {
    if (c & parts) conditions.push_back(c & parts);
  }
  // What happened before how it happened (I.C.20): a lead in V00-Y99 (or an HCPCS
  // quality-data code) follows the others ("ankle sprain playing soccer": S93.4 first).
  // Who the patient is ("kid", "toddler", "elderly", "my husband") is no concept of its own: a
  // lead that reads only such words ("kid broke arm": Z76.2 "... healthy infant and child")
  // follows the leads of what happened to them.
  uint32_t person = 0;
  for (size_t si = 0; si < q.slots.size() && si < 8; ++si) {
    static constexpr std::string_view kPerson[] = {"kid", "kids", "child", "children", "toddler", "baby", "infant",
                                                   "teen", "teenager", "adolescent", "boy", "girl", "son", "daughter",
                                                   "husband", "wife", "man", "woman", "elderly", "patient", "pt",
                                                   "mom", "dad", "mother", "father", "grandma", "grandpa"};
    if (std::find(std::begin(kPerson), std::end(kPerson), ascii::Lower(q.slots[si].word.text)) != std::end(kPerson))
      person |= 1u << si;
  }
  auto diagnoses_first = [&] {
    std::stable_partition(lead.begin(), lead.end(), [&](const Scored& x) { return (x.mask & parts & ~person) != 0; });
    std::stable_partition(lead.begin(), lead.end(),
                          [&](const Scored& x) { return !(ClassesOf(x.code) & search_detail::kPenSecondary); });
  };
  // A sign or symptom routinely part of a disease is no code of its own beside it (I.B.5): a
  // symptom's lead follows the lead of a diagnosis of its body system whose own words weigh
  // at least as much as the symptom's ("poison ivy rash": the dermatitis, then R21; not J22
  // for the "chest in" of "chest hurts when i breathe in").
  auto symptoms_after_their_disease = [&] {
    if (!icd_) return;
    for (size_t i = 0; i < lead.size(); ++i) {
      const std::string_view system = search_detail::SymptomSystem(cs_.code(lead[i].code));
      if (system.empty()) continue;
      for (size_t j = i + 1; j < lead.size(); ++j) {
        if (search_detail::OfSystem(cs_.code(lead[j].code), system) && !(ClassesOf(lead[j].code) & search_detail::kPenSecondary) &&
            2 * MaskWeight(q, lead[j].mask & ~lead[i].mask) >= MaskWeight(q, lead[i].mask & ~lead[j].mask)) {
          std::rotate(lead.begin() + static_cast<long>(i), lead.begin() + static_cast<long>(j), lead.begin() + static_cast<long>(j) + 1);
          break;
        }
      }
    }
  };
  if (conditions.size() < 2) {
    // Which part of the query a code explains best: the weight it matched, as a share of the
    // query's and of its own document's (a tight match for fewer words before a loose one:
    // "feeling depressed" leads with "Depression", not "Feeling, foreign body in throat").
    // The rest of the score (kind, main term, the book's defaults, a terminated code's cost)
    // stays. A table row's column ("Metoprolol — Poisoning Accidental") is the book's default
    // for what the query names, not words it lacks: about half of a row's weight, counted as
    // matched when its row words are.
    auto tight = [&](const Scored& sc) {
      const double qcov = MaskWeight(q, sc.mask) / q.total_w;
      const double dcov = doc_weight_[sc.doc] ? std::min(1.0, static_cast<double>(doc_[sc.doc].ess) / doc_weight_[sc.doc]) : 0.0;
      const double whole = static_cast<DocKind>(cs_.docs()[sc.doc].kind) == DocKind::kTable ? std::min(1.0, 2.0 * dcov) : dcov;
      return sc.score - kQueryCoverageWeight * qcov - kDocCoverageWeight * dcov + kQueryCoverageWeight * qcov * whole;
    };
    std::stable_sort(per_mask.begin(), per_mask.end(), [&](const auto& a, const auto& b) {
      return tight(best[a.second]) > tight(best[b.second]);
    });
    // Tightness chooses between concepts, not between readings of one: a code sharing a word
    // with one placed before it, and scored higher, comes first ("Acute DVT R femoral vein":
    // I82.411, the femoral vein's title, not the Index's tighter "Thrombosis, vein, deep";
    // "migraine w/o aura not intract.": G43.009, not G43.0). A terminated code, scored lower
    // for its cost, does not.
    for (size_t i = 0; i < per_mask.size(); ++i) {
      for (bool moved = true; moved;) {
        moved = false;
        size_t pick = i;
        for (size_t j = i + 1; j < per_mask.size(); ++j) {
          if ((per_mask[j].first & per_mask[i].first) && Scored::Better(best[per_mask[j].second], best[per_mask[pick].second])) pick = j;
        }
        if (pick != i) {
          std::rotate(per_mask.begin() + static_cast<long>(i), per_mask.begin() + static_cast<long>(pick),
                      per_mask.begin() + static_cast<long>(pick) + 1);
          moved = true;
        }
      }
    }
    // A word that only relates two things ("from" of "hot flashes from menopause") is no
    // concept of its own: a code that adds nothing else ("Release from prison") leads nothing.
    const uint32_t relational = RelationalSlots(q);
    uint32_t covered = 0;
    for (size_t pm = 0; pm < per_mask.size(); ++pm) {
      if ((per_mask[pm].first & ~covered & ~relational) == 0) continue;  // adds no word not already led by a better code
      covered |= per_mask[pm].first;
      take(pm);
    }
    symptoms_after_their_disease();
    diagnoses_first();
    return lead;
  }
  uint32_t covered = 0;
  const uint32_t joins = q.connectors & 0xFF;
  // A number alone names no condition: the "2" of "type 2 dm" does not make I12.9 ("... stage 1
  // through stage 4 ...") a code of the diabetes.
  uint32_t numbers = 0;
  for (size_t si = 0; si < q.slots.size() && si < 8; ++si) {
    if (ascii::AllDigits(q.slots[si].word.text)) numbers |= 1u << si;
  }
  for (size_t pm = 0; pm < per_mask.size(); ++pm) {
    // It has the joining word too: "Type 2 diabetes mellitus with diabetic chronic kidney
    // disease", not "Type 1 diabetes mellitus, presymptomatic, Stage 2".
    if ((best[per_mask[pm].second].mask & joins) == joins &&
        std::all_of(conditions.begin(), conditions.end(), [&](uint32_t c) { return (per_mask[pm].first & c & ~numbers) != 0; })) {
      covered = per_mask[pm].first;
      take(pm);
      break;
    }
  }
  std::vector<Scored> part_leads;
  for (uint32_t c : conditions) {
    if ((covered & c) == c) continue;
    // Of equal weight, the code with fewer numbers of the other conditions ("type 2 dm with ckd
    // stage 3": N18.30, not I12.9, whose range "stage 1 through stage 4" reads the "2" of
    // "type 2"), then the better score (per_mask is best first).
    size_t pick = per_mask.size();
    double top = 0, top_out = 0;
    for (size_t pm = 0; pm < per_mask.size(); ++pm) {
      if (best[per_mask[pm].second].score < 0) continue;
      const double w = MaskWeight(q, per_mask[pm].first & c), out = MaskWeight(q, per_mask[pm].first & ~c & numbers);
      if (w > top || (w == top && w > 0 && out < top_out)) top = w, top_out = out, pick = pm;
    }
    if (pick == per_mask.size()) continue;
    covered |= per_mask[pick].first;
    part_leads.push_back(best[per_mask[pick].second]);
    best[per_mask[pick].second].score = -1;
  }
  // The conditions' leads by score: the condition the words describe best first.
  std::stable_sort(part_leads.begin(), part_leads.end(), [](const Scored& a, const Scored& b) { return Scored::Better(a, b); });
  lead.insert(lead.end(), part_leads.begin(), part_leads.end());
  diagnoses_first();
  return lead;
}

// Whether the document's first word is one the query matched in it: "Commode chair, ..."
// for "bedside commode" (read "commode chair"), not "Foot rest, for use with commode chair".
bool Searcher::BeginsWithQueryWord(const Query& q, const Scored& sc) const {
  std::string_view text = cs_.str(cs_.docs()[sc.doc].text);
  auto first = text::Tokenize(text.substr(0, text.find_first_of(" ,([;")));
  if (!first || first->empty()) return false;
  const auto [t, t_end] = TermRange(text::Stem(first->front()), false);
  if (t == t_end) return false;
  for (size_t si = 0; si < q.slots.size() && si < 32; ++si) {
    if (!(sc.mask >> si & 1u)) continue;
    for (const Alt& a : q.slots[si].alts) {
      for (auto [lo, hi] : a.ranges) {
        if (t >= lo && t < hi) return true;
      }
    }
  }
  return false;
}

// How many pairs of words typed next to each other (slots of the query, in the order typed,
// repeats kept) the code's title has next to each other in that order, its small words
// aside: "other injury of unspecified muscle" is S86.991S "Other injury of unspecified
// muscle(s)...", not S86.801S "Unspecified injury of other muscle(s)..." with the same words.
uint32_t Searcher::TypedPairs(const Query& q, uint32_t code, const std::vector<std::pair<uint8_t, uint8_t>>& pairs) const {
  const DocRec* title = TitleDoc(code);
  if (!title) return 0;
  auto toks = text::Tokenize(cs_.str(title->text));
  if (!toks) return 0;
  std::vector<uint32_t> slots_at;  // per word of the title (small words aside): the slots it matches
  for (const auto& t : *toks) {
    if (text::IsStopword(t)) continue;
    const auto [term, term_end] = TermRange(text::Stem(t), false);
    uint32_t m = 0;
    if (term != term_end) {
      for (size_t si = 0; si < q.slots.size() && si < 32; ++si) {
        for (const Alt& a : q.slots[si].alts) {
          for (auto [lo, hi] : a.ranges) {
            if (term >= lo && term < hi) m |= 1u << si;
          }
        }
      }
    }
    slots_at.push_back(m);
  }
  uint32_t n = 0;
  for (auto [a, b] : pairs) {
    for (size_t p = 0; p + 1 < slots_at.size(); ++p) {
      if ((slots_at[p] >> a & 1u) && (slots_at[p + 1] >> b & 1u)) {
        ++n;
        break;
      }
    }
  }
  return n;
}

// Codes of the same score (the same words matched) follow the order the words were typed in:
// the one whose title has more of the query's neighbouring words side by side first; the
// code order otherwise. Only small ties among the hits shown are looked at (titles tokenized).
void Searcher::OrderTies(const Query& q, std::vector<Scored>& best, size_t take) const {
  std::vector<std::pair<uint8_t, uint8_t>> pairs;
  for (size_t k = 0; k + 1 < q.typed_order.size(); ++k) {
    auto slot = [&](const std::string& w) -> int {
      auto it = std::find(q.kept.begin(), q.kept.end(), w);
      if (it == q.kept.end()) return -1;
      const size_t at = static_cast<size_t>(it - q.kept.begin());
      return at < q.slot_of.size() && q.slot_of[at] < 32 ? q.slot_of[at] : -1;
    };
    const int a = slot(q.typed_order[k]), b = slot(q.typed_order[k + 1]);
    if (a < 0 || b < 0 || a == b) continue;
    const std::pair<uint8_t, uint8_t> pr{static_cast<uint8_t>(a), static_cast<uint8_t>(b)};
    if (std::find(pairs.begin(), pairs.end(), pr) == pairs.end()) pairs.push_back(pr);
  }
  if (pairs.empty()) return;
  for (size_t k = 0; k < take && k < best.size();) {
    size_t e = k + 1;
    while (e < best.size() && best[e].score == best[k].score) ++e;
    if (e - k >= 2 && e - k <= kTieWindow && best[k].score >= 0) {
      std::vector<std::pair<uint32_t, Scored>> group;
      for (size_t j = k; j < e; ++j) group.push_back({TypedPairs(q, best[j].code, pairs), best[j]});
      std::stable_sort(group.begin(), group.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
      for (size_t j = k; j < e; ++j) best[j] = group[j - k].second;
    }
    k = e;
  }
}

// The hits: the leads, then the best codes by score, one hit per code.
void Searcher::RankHits(Query& q, SearchResult& out) const {
  std::vector<Scored>& best = q.best;
  const uint32_t want = q.page + static_cast<uint32_t>(out.hits.size());
  size_t take = std::min<size_t>(want, best.size());
  const std::vector<Scored> lead = Leads(q);
  // (At most the hits shown: a limit of 1 shows one lead.)
  const uint32_t shown_leads = static_cast<uint32_t>(std::min<size_t>(lead.size(), q.limit));
  out.leads = lead.size() >= 2 ? shown_leads : 0;
  auto better = [](const Scored& a, const Scored& b) { return Scored::Better(a, b); };
  // A title that begins with a word the query does not have names something else that has
  // the query's words ("Foot rest, for use with commode chair", "Wheelchair accessory, crutch
  // and cane holder"), or a variety of what the query names ("Portable oxygen concentrator"):
  // among the best, it costs a little, enough to follow a title of about the same coverage
  // that begins with the query's words ("Commode chair, ...", "Cane, includes canes ...").
  // (Only in a code set without an index: ICD-10-CM's hits are sorted once, nothing tokenized.)
  if (has_index_) {
    // (A few more sorted: a tie that starts among the hits is seen whole.)
    std::partial_sort(best.begin(), best.begin() + static_cast<long>(std::min(best.size(), take + kTieWindow)), best.end(), better);
  } else {
    const size_t window = std::min<size_t>(best.size(), take + kFirstWordWindow);
    std::partial_sort(best.begin(), best.begin() + window, best.end(), better);
    for (size_t k = 0; k < window; ++k) {
      if (best[k].score >= 0 && !BeginsWithQueryWord(q, best[k])) best[k].score -= kFirstWordCost;
    }
    std::sort(best.begin(), best.begin() + window, better);
  }
  // (How many are in order: the page's, and a few beyond it that may stand in for another
  // form of a code already shown, see below.)
  const size_t sorted = std::min(best.size(), take + (has_index_ ? kTieWindow : kFirstWordWindow)) + lead.size();
  // (The ties of the page the limit shows: the spare hits' titles are not tokenized.)
  OrderTies(q, best, std::min<size_t>(take, q.limit + out.hits.size()));
  best.insert(best.begin(), lead.begin(), lead.end());
  take = std::min(best.size(), take + lead.size());
  while (take > 0 && best[take - 1].score < 0) --take;
  // Another form of a code already shown says nothing new: a later encounter (7th character)
  // of an injury whose initial encounter is above it, or a header above whose own code is
  // shown. It follows the page's other concepts ("hit my head and blacked out": S06.9X1A,
  // then the other lengths of unconsciousness, not S06.9X1D, S06.9X1S and the header S06.9X1).
  const size_t first_hit = out.hits.size();
  std::vector<const Scored*> later;
  auto push = [&](const Scored& s, double score) {
    // Bits of the result's words (code filters come first in out.words).
    // A score below 0 (a terminated code's cost, 1000) is 0, not a wrapped 4.29e9 that would
    // rank it first where scores of several code sets merge (multisearch.cpp).
    out.hits.push_back({s.code, static_cast<uint32_t>(std::lround(std::max(0.0, score) * 100.0)), MatchKind::kWords, s.doc,
                        s.mask << q.word_base});
  };
  for (size_t k = 0; k < std::min(sorted, best.size()) && out.hits.size() < q.page; ++k) {
    const Scored& s = best[k];
    if (k >= take && (s.score < 0 || later.empty())) break;  // beyond the page: only to stand in
    bool dup = std::any_of(out.hits.begin(), out.hits.end(), [&](const SearchHit& x) { return x.code == s.code; });
    if (dup) continue;
    if (icd_ && q.fold_forms && ShownForm(out, first_hit, out.hits.size(), s.code)) {
      later.push_back(&s);
      continue;
    }
    push(s, s.score);
  }
  // (Scored no higher than the hit they follow: merged code sets keep the order.)
  double floor = out.hits.size() > first_hit ? out.hits.back().score / 100.0 : 0.0;
  for (const Scored* s : later) {
    if (out.hits.size() >= q.page) break;
    floor = std::min(floor, s->score);
    push(*s, floor);
  }
}

// Another form of a code shown in out.hits[first, before) says nothing new: a later encounter
// (7th character) of an injury whose initial encounter is shown, or a header whose own code is.
bool Searcher::ShownForm(const SearchResult& out, size_t first, size_t before, uint32_t code) const {
  const std::string_view c = cs_.code(code);
  for (size_t h = first; h < before; ++h) {
    const std::string_view above = cs_.code(out.hits[h].code);
    if (c.size() == 7 && above.size() == 7 && c.compare(0, 6, above, 0, 6) == 0 && above[6] == 'A' && c[6] > 'C' &&
        c[6] <= 'Z')
      return true;
    if (!cs_.billable(code) && above.size() > c.size() && above.compare(0, c.size(), c) == 0) return true;
  }
  return false;
}

// A header whose default code took its place (PutDefaultCodes) follows the page's other
// concepts, as RankHits puts the forms it meets ("knocked my tooth out": S09.93XA, then the
// other codes of the query's words, not the header S09.93 in the fourth place): the spare
// hits (Query::page) move up, and the page is cut to the limit. Scored no higher than the hit
// they follow: merged code sets keep the order.
void Searcher::FoldShownForms(const Query& q, SearchResult& out) const {
  if (icd_ && q.fold_forms) {
    std::vector<SearchHit> kept, moved;
    for (size_t k = 0; k < out.hits.size(); ++k) {
      const SearchHit& h = out.hits[k];
      const bool form = h.kind == MatchKind::kWords && !cs_.billable(h.code) && ShownForm(out, 0, k, h.code);
      (form ? moved : kept).push_back(h);
    }
    if (!moved.empty()) {
      uint32_t floor = kept.empty() ? moved.front().score : kept.back().score;
      for (SearchHit& h : moved) {
        floor = std::min(floor, h.score);
        h.score = floor;
        kept.push_back(h);
      }
      out.hits = std::move(kept);
    }
  }
  if (out.hits.size() > q.limit) out.hits.resize(q.limit);
}

}  // namespace medcode
