// Search, third phase: documents. Each slot gets a weight from its posting counts (a rare
// word says more); rare words mark every document they match, common words only check the
// documents already found (unless those cover too little); then each slot's word is
// reported with how it was used.
#include <algorithm>
#include <array>
#include <string_view>
#include <bit>
#include <cmath>

#include "search_internal.h"

namespace medcode {

using namespace format;

// Weights from each slot's posting counts: a rare word says more than a common one.
void Searcher::WeighSlots(Query& q) const {
  const auto terms = cs_.terms();
  const double n_docs = static_cast<double>(cs_.docs().size());
  q.est.assign(q.slots.size(), 0);
  for (size_t si = 0; si < q.slots.size(); ++si) {
    for (const Alt& a : q.slots[si].alts) {
      uint64_t alt_est = UINT64_MAX;
      for (auto [lo, hi] : a.ranges) {
        uint64_t n = 0;
        for (uint32_t t = lo; t < hi; ++t) n += terms[t].post_count;
        alt_est = std::min(alt_est, n);
      }
      if (alt_est != UINT64_MAX) q.est[si] += alt_est;
    }
    // Rounded to 1/4096: libm's log may differ in the last bit between platforms (native
    // and wasm must rank alike), and sums of such weights decide ties.
    q.slots[si].weight =
        q.est[si] ? std::round(std::log(1.0 + n_docs / (1.0 + static_cast<double>(q.est[si]))) * 4096.0) / 4096.0 : 0.0;
  }
  // "with" between two conditions ("chf w/ afib") joins them: a document having
  // the word says little ("Failure, heart, congestive, rheumatic (with chorea)"), so it
  // weighs a sixteenth, and the leads of the query's parts do not count it.
  for (size_t si = 1; si + 1 < q.slots.size(); ++si) {
    const QueryWord& w = q.slots[si].word;
    if (w.text == "with" && w.used.empty()) {
      q.slots[si].weight /= 16.0;
      q.connectors |= 1u << si;
    }
  }
  // Everyday words a patient puts around a condition ("feeling depressed all the time",
  // "really heavy periods"): rare in the book, so their postings alone would weigh them
  // heavily, but they name nothing; beside other words they weigh a sixteenth.
  static constexpr std::array<std::string_view, 24> kEveryday = {
      "all", "time", "times", "every", "really", "very", "so", "too", "much", "lot", "lots", "always",
      "constantly", "still", "just", "feel", "feeling", "feels", "think", "thing", "things", "stuff", "kind", "like"};
  if (q.slots.size() > 1) {
    for (Slot& sl : q.slots) {
      if (sl.word.use == WordUse::kExact && std::find(kEveryday.begin(), kEveryday.end(), sl.word.text) != kEveryday.end())
        sl.weight /= 16.0;
    }
  }
  // A condition the query says to rule out ("cp r/o mi", "sore throat r/o strep") is not coded
  // in the outpatient setting: the sign or symptom is (Section IV.H). Its words, beside words
  // said, weigh a sixteenth: the symptom's codes lead, the condition's follow (its best code
  // still leads for its words: ScoreBelowBar).
  uint32_t ruled = 0, said = 0;
  for (size_t i = 0; i < q.kept.size() && i < q.slot_of.size(); ++i) {
    if (q.slot_of[i] >= 32 || q.slot_of[i] >= q.slots.size()) continue;
    (i < q.ruled_out.size() && q.ruled_out[i] ? ruled : said) |= 1u << q.slot_of[i];
  }
  ruled &= ~said;
  if (ruled && said) {
    q.ruled = ruled;
    for (size_t si = 0; si < q.slots.size() && si < 32; ++si) {
      if (ruled >> si & 1u) q.slots[si].weight /= 16.0;
    }
  }
  // A concept the query spends several words on ("hair falling out in round patches": the
  // lexicon's alopecia) is what the query is about more than a word typed beside it ("round",
  // rarer in the book than the phrase's readings together): a lexicon phrase of n typed words
  // (n >= 2, not negated: "w/o compl." is the default clause) weighs sqrt(n) times its
  // readings' weight, so the concept's other codes rank above codes of the single word.
  if (q.weigh_phrases) {
    for (Slot& sl : q.slots) {
      if (sl.phrase_words >= 2 && sl.word.use == WordUse::kExpanded) {
        sl.weight = std::round(sl.weight * std::sqrt(static_cast<double>(sl.phrase_words)) * 4096.0) / 4096.0;
      }
    }
  }
  q.total_w = 0;
  for (const auto& sl : q.slots) q.total_w += sl.weight;
}

// The conditions a query names: runs of slots (as masks, at most 8 slots) between
// connectors ("with") and after a split ("and"); one run for most queries.
std::vector<uint32_t> Searcher::Conditions(const Query& q) {
  std::vector<uint32_t> out;
  uint32_t run = 0;
  for (size_t si = 0; si <= q.slots.size() && si < 8; ++si) {
    const bool end = si == q.slots.size() || (q.connectors >> si & 1u) || (q.splits >> si & 1u);
    if (end && run) out.push_back(run), run = 0;
    if (si < q.slots.size() && !(q.connectors >> si & 1u)) run |= 1u << si;
  }
  if (run) out.push_back(run);
  return out;
}

// Document d has slot si's reading (ess: the weight of its essential stems that matched;
// exact: the last word matched a whole stem).
inline void Searcher::Mark(Query& q, size_t si, uint32_t d, uint32_t ess, bool exact) {
  Slot& s = q.slots[si];
  const uint32_t bit = 1u << si;
  if (doc_[d].stamp != q.gen) {
    doc_[d] = {q.gen, 0, 0, 0};
    q.touched.push_back(d);
  }
  if (!(doc_[d].mask & bit)) {
    doc_[d].mask |= bit;
    doc_[d].ess += ess;
    ++s.df;
    if (s.alts.size() > 1) {  // only a slot with several readings can fit a document twice
      slot_stamp_[d] = slot_gen_;
      slot_ess_[d] = ess;
    }
  } else if (s.alts.size() > 1 && slot_stamp_[d] == slot_gen_ && ess > slot_ess_[d]) {
    doc_[d].ess += ess - slot_ess_[d];
    slot_ess_[d] = ess;
  }
  if (s.typing && exact) doc_[d].exact = 1;
}

// Every document a slot matches (all of its postings).
void Searcher::MarkSlot(Query& q, size_t si) {
  const auto terms = cs_.terms();
  const auto post = cs_.postings();
  NextGen(slot_stamp_, slot_gen_);
  Slot& s = q.slots[si];
  const bool multi = s.alts.size() > 1;
  for (const Alt& a : s.alts) {
    if (a.ranges.size() == 1) {
      for (uint32_t t = a.ranges[0].first; t < a.ranges[0].second; ++t) {
        const bool exact = t == a.exact[0];
        const uint32_t first = terms[t].post_first, count = terms[t].post_count;
        // Mark's work with the slot's fields read once (the loop over every posting of the
        // slot's terms was a sixth of the note coder's time), and a document met for the
        // first time written whole.
        const uint32_t w = term_weight_[t], gen = q.gen, bit = 1u << si, ex = s.typing && exact ? 1u : 0u;
        uint32_t df = s.df;
        for (uint32_t p = first, e = first + count; p < e; ++p) {
          const uint32_t d = post[p] & kIdMask;
          const uint32_t ess = (post[p] >> 24) & kPostOptional ? 0 : w;
          DocScratch& x = doc_[d];
          if (x.stamp != gen) {
            x = {gen, bit, ess, ex};
            q.touched.push_back(d);
            ++df;
            if (multi) slot_stamp_[d] = slot_gen_, slot_ess_[d] = ess;
            continue;
          }
          if (!(x.mask & bit)) {
            x.mask |= bit;
            x.ess += ess;
            ++df;
            if (multi) slot_stamp_[d] = slot_gen_, slot_ess_[d] = ess;
          } else if (multi && slot_stamp_[d] == slot_gen_ && ess > slot_ess_[d]) {
            x.ess += ess - slot_ess_[d];
            slot_ess_[d] = ess;
          }
          if (ex) x.exact = 1;
        }
        s.df = df;
      }
      continue;
    }
    // Every stem of a multi-word alternative must be in the document.
    const uint32_t ag = NextGen(alt_stamp_, alt_gen_);
    std::vector<uint32_t> first;
    const uint8_t k = static_cast<uint8_t>(a.ranges.size());
    for (uint8_t j = 0; j < k; ++j) {
      for (uint32_t t = a.ranges[j].first; t < a.ranges[j].second; ++t) {
        for (uint32_t p = terms[t].post_first, e = p + terms[t].post_count; p < e; ++p) {
          uint32_t d = post[p] & kIdMask;
          uint32_t ess = (post[p] >> 24) & kPostOptional ? 0 : term_weight_[t];
          if (j == 0) {
            if (alt_stamp_[d] != ag) {
              alt_stamp_[d] = ag;
              alt_count_[d] = 1;
              alt_ess_[d] = ess;
              first.push_back(d);
            }
          } else if (alt_stamp_[d] == ag && alt_count_[d] == j) {
            alt_count_[d] = static_cast<uint8_t>(j + 1);
            alt_ess_[d] += ess;
          }
        }
      }
    }
    for (uint32_t d : first) {
      if (alt_count_[d] == k) Mark(q, si, d, alt_ess_[d], true);
    }
  }
}

// Whether term t's postings have document d, galloping from pos (which moves past what
// was looked at); adds the term's weight to ess when it is essential there.
bool Searcher::Contains(uint32_t t, uint32_t& pos, uint32_t d, uint32_t& ess) const {
  const auto terms = cs_.terms();
  const auto post = cs_.postings();
  const uint32_t end = terms[t].post_first + terms[t].post_count;
  // Galloping only when pos is before d: a common word's postings are often sparser than the
  // candidates asked for, and the search would then stop where it starts.
  if (pos < end && (post[pos] & kIdMask) < d) {
    uint32_t step = 1;
    uint32_t lo = pos;
    while (lo + step < end && (post[lo + step] & kIdMask) < d) {
      lo += step;
      step *= 2;
    }
    uint32_t hi = std::min(end, lo + step + 1);
    const uint32_t* it = std::lower_bound(post.data() + lo, post.data() + hi, d,
                                          [](uint32_t v, uint32_t key) { return (v & kIdMask) < key; });
    pos = static_cast<uint32_t>(it - post.data());
  }
  if (pos < end && (post[pos] & kIdMask) == d) {
    ess += (post[pos] >> 24) & kPostOptional ? 0 : term_weight_[t];
    return true;
  }
  return false;
}

// Only the documents already touched: a galloping walk through each posting list.
// (Flattened: Contains and Mark inlined, the posting lists' spans read once; a called Contains
// per document and stem was a sixteenth of a long note's instructions.)
[[gnu::flatten]] void Searcher::CheckSlot(Query& q, size_t si, const std::vector<uint32_t>& sorted_docs) {
  const auto terms = cs_.terms();
  NextGen(slot_stamp_, slot_gen_);
  for (const Alt& a : q.slots[si].alts) {
    std::vector<uint32_t> pos;
    for (auto [lo, hi] : a.ranges) pos.push_back(lo < hi ? terms[lo].post_first : 0);
    for (uint32_t d : sorted_docs) {
      uint32_t ess = 0;
      bool all = true;
      for (size_t j = 0; j < a.ranges.size() && all; ++j) {
        all = a.ranges[j].first < a.ranges[j].second && Contains(a.ranges[j].first, pos[j], d, ess);
      }
      if (all) Mark(q, si, d, ess, true);
    }
  }
}

// Rare words generate the candidate documents; common words ("encounter", "unspecified")
// only add to documents already found, unless the found ones cover too little.
void Searcher::MarkDocuments(Query& q) {
  if (++doc_gen_ == 0) {  // wrapped: reset the stamps
    for (DocScratch& x : doc_) x.stamp = 0;
    doc_gen_ = 1;
  }
  q.gen = doc_gen_;
  // (Room for a note's usual query: grown a push at a time, the list was copied a dozen times.
  // At most the documents the slots' postings have: a query of common words, grown from 4096,
  // was copied three times more.)
  uint64_t most = 4096;
  for (uint64_t e : q.est) most += e;
  q.touched.reserve(static_cast<size_t>(std::min<uint64_t>(cs_.docs().size(), most)));
  std::vector<size_t> order(q.slots.size());
  for (size_t si = 0; si < order.size(); ++si) order[si] = si;
  // Ties by position: libstdc++ and libc++ (native vs wasm) must order equal estimates alike.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return q.est[a] != q.est[b] ? q.est[a] < q.est[b] : a < b; });
  constexpr double kCheckShare = 0.6;
  // Each condition of a query of several ("dm2 with ckd stage 3") generates candidates by
  // its rarest word: a combination code (E11.22) may have none of the other condition's.
  uint32_t generators = 0;
  const std::vector<uint32_t> conditions = Conditions(q);
  for (uint32_t c : conditions.size() >= 2 ? conditions : std::vector<uint32_t>{}) {
    size_t rarest = q.slots.size();
    for (size_t si = 0; si < q.slots.size(); ++si) {
      if ((c >> si & 1u) && (rarest == q.slots.size() || q.est[si] < q.est[rarest])) rarest = si;
    }
    if (rarest < 32) generators |= 1u << rarest;
  }
  std::vector<size_t> check, joins;
  double rest_w = q.total_w;
  for (size_t k = 0; k < order.size(); ++k) {
    const size_t si = order[k];
    bool multi_term = false;
    for (const Alt& a : q.slots[si].alts) {
      for (auto [lo, hi] : a.ranges) multi_term |= hi - lo > 1;
    }
    // A "with" joining two conditions weighs a sixteenth (WeighSlots): a document having it
    // and no other word of the query can never rank, so it only adds to the documents the
    // conditions' words found ("with" has a posting in a fifth of all documents: marking them
    // all was most of a long note's search time). It counts as marked for the share below.
    if ((q.connectors >> si & 1u) && !multi_term) {
      joins.push_back(si);
      rest_w -= q.slots[si].weight;
      continue;
    }
    if (k > 0 && q.total_w > 0 && rest_w / q.total_w < kCheckShare && !multi_term && !(generators >> si & 1u)) {
      check.push_back(si);
      continue;
    }
    MarkSlot(q, si);
    rest_w -= q.slots[si].weight;
  }
  if (!check.empty()) CheckCommonSlots(q, check, rest_w);
  if (!joins.empty() && !q.touched.empty()) {
    const std::vector<uint32_t> sorted_docs = SortedTouched(q);
    for (size_t si : joins) CheckSlot(q, si, sorted_docs);
  }
  // A connector found in no candidate is still a known word of the book (ReportWords).
  for (size_t si : joins) q.slots[si].df = std::max<uint32_t>(q.slots[si].df, q.est[si] ? 1 : 0);
}

// The touched documents in increasing order (for the galloping checks of CheckSlot).
std::vector<uint32_t> Searcher::SortedTouched(Query& q) {
  const size_t n_docs = cs_.docs().size();
  std::vector<uint32_t> sorted_docs;
  if (q.touched.size() < 256) {
    sorted_docs = q.touched;
    std::sort(sorted_docs.begin(), sorted_docs.end());
  } else {  // many: a bit per document, read in order, is cheaper than a sort (a sixth of the search)
    sorted_docs.reserve(q.touched.size());
    touched_bits_.resize((n_docs + 63) / 64);
    for (uint32_t d : q.touched) touched_bits_[d >> 6] |= uint64_t{1} << (d & 63);
    for (size_t w = 0; w < touched_bits_.size(); ++w) {
      for (uint64_t b = touched_bits_[w]; b; b &= b - 1) sorted_docs.push_back(static_cast<uint32_t>(w * 64 + std::countr_zero(b)));
      touched_bits_[w] = 0;  // left all zero for the next query
    }
  }
  return sorted_docs;
}

// The common words (check) on the candidates; all of their documents when no candidate
// clearly beats what the documents outside could reach (rest_w of the weight).
void Searcher::CheckCommonSlots(Query& q, const std::vector<size_t>& check, double rest_w) {
  // When no candidate could clearly beat the documents outside even with every common word
  // (its coverage summed as below, over its slots and the common words': never less), the
  // common words are marked fully at once: checking them on the candidates first leaves the
  // same marks (a word still being typed aside: a check marks it whole). Long queries whose
  // rare words no document shares spent a sixth of their search on such checks.
  uint32_t check_bits = 0;
  bool typing = false;
  for (size_t si : check) check_bits |= 1u << si, typing |= q.slots[si].typing;
  if (!typing) {
    bool marks_all = q.touched.size() < 8u * q.limit + 64;
    for (size_t k = 0; k < q.touched.size() && !marks_all; ++k) {
      double w = 0;
      for (uint32_t m = doc_[q.touched[k]].mask | check_bits; m; m &= m - 1) w += q.slots[static_cast<size_t>(std::countr_zero(m))].weight;
      if (!(w / q.total_w < rest_w / q.total_w + 0.2)) break;
      marks_all = k + 1 == q.touched.size();
    }
    if (marks_all) {
      for (size_t si : check) MarkSlot(q, si);
      return;
    }
  }
  const std::vector<uint32_t> sorted_docs = SortedTouched(q);
  for (size_t si : check) CheckSlot(q, si, sorted_docs);
  // A document outside the candidates lacks every generating word: its coverage is at
  // most rest/total. If no candidate clearly beats that, mark the common words fully.
  double best_q = 0;
  for (uint32_t d : q.touched) {
    double w = 0;
    for (uint32_t m = doc_[d].mask; m; m &= m - 1) w += q.slots[static_cast<size_t>(std::countr_zero(m))].weight;
    best_q = std::max(best_q, w / q.total_w);
  }
  // Also when the candidates are few: the common words then cost little and their
  // partial matches are needed to fill the page.
  if (best_q < rest_w / q.total_w + 0.2 || q.touched.size() < 8u * q.limit + 64) {
    for (size_t si : check) MarkSlot(q, si);
  } else {
    // df of a checked slot counts only candidates: re-estimate so unknown words are right.
    for (size_t si : check) q.slots[si].df = std::max<uint32_t>(q.slots[si].df, q.est[si] ? 1 : 0);
  }
}

// Each slot's word as the result reports it (a word that matched nothing is unknown and
// weighs nothing).
void Searcher::ReportWords(Query& q, SearchResult& out) const {
  for (auto& sl : q.slots) {
    if (sl.df == 0 && !sl.merged) sl.word.use = WordUse::kUnknown;
    if (sl.df == 0) sl.weight = 0;
  }
  q.total_w = 0;
  for (const auto& sl : q.slots) q.total_w += sl.weight;
  q.word_base = out.words.size();
  for (const auto& sl : q.slots) {
    out.words.push_back(sl.word);
    if (sl.word.use == WordUse::kUnknown) out.unknown.push_back(sl.word.text);
  }
}

}  // namespace medcode
