// suggest_suppress.cpp owns the codes the note coder must not report (issue 10): a reading
// that rests on words the text says are absent or that only give an age (HitRestsOnUnsaid,
// asked of each search hit), a header's residual "other" child in place of its first kind
// (ResidualChild, asked by DefaultChild), and, once every chunk has its candidates, the codes
// a guideline forbids beside the others (ApplySuppression, called once from NoteCoder::Run:
// a disease screened for, the previous COVID-19 of a post COVID condition, Z23 and Z76.0 the
// text does not support, an inpatient rule-out a test ruled out, an unspecified organism or
// an unspecified code beside its category's specific one, B20 where no AIDS or HIV-related
// illness is documented, Z52 of a recipient, Z51.0-Z51.12 of a treatment that is over, a
// calculus beside its hydronephrosis, COPD NOS beside its emphysema). It
// also owns BlankPastTreatment, which ApplyNeoplasmHistory shares. See suggest_coder.h.
#include <algorithm>
#include <cctype>

#include "ascii.h"
#include "medcode/index.h"
#include "suggest_coder.h"

namespace medcode::coding {

namespace {

// A disease, injury or sign code (chapters 1-19, A00-T88), as against a factor (Z), an
// external cause (V-Y) or a special purpose code (U).
bool IsCondition(std::string_view undotted) { return !undotted.empty() && undotted[0] >= 'A' && undotted[0] <= 'T'; }

// The (lower-case) text names a detail as absent: "without", "w/o", "no", "not", "non-",
// "absence", "uncomplicated" (a title such as "Agoraphobia without panic disorder").
bool SaysAbsent(std::string_view lower) {
  return HasAny(lower, {"without", "w/o", "no", "not", "absence", "absent", "uncomplicated", "free"}) ||
         lower.rfind("non", 0) == 0 || lower.find(" non") != std::string_view::npos;
}

// A unit of age as the text writes it before "old" ("4 mo old", "3 year old", "72 y old").
bool AgeUnit(std::string_view lower) {
  return HasAny(lower, {"y", "yr", "yrs", "year", "years", "yo", "mo", "mos", "month", "months", "wk", "wks", "week",
                        "weeks", "d", "day", "days"});
}

}  // namespace

// Blanks each cancer treatment the (lower-case) text says is over ("chemo completed 2023",
// "completed XRT", "s/p chemo", "after radiation", "ABVD completed 2012": a regimen the
// lexicon reads as chemotherapy is one): what is left names only treatments now.
// True when one was blanked.
bool BlankPastTreatment(std::string& lower) {
  bool any = false;
  for (std::string_view w : {"chemotherapy", "chemo", "xrt", "radiation", "immunotherapy", "folfox", "folfiri",
                             "folfirinox", "r-chop", "rchop", "abvd"}) {
    for (size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) {
      const size_t end = at + w.size();
      if ((at > 0 && IsWordByte(lower[at - 1])) || (end < lower.size() && IsWordByte(lower[end]))) continue;
      const std::string_view before = std::string_view(lower).substr(0, at);
      const std::string_view after = std::string_view(lower).substr(end);
      const bool past = before.ends_with("s/p ") || before.ends_with("after ") || before.ends_with("post ") ||
                        before.ends_with("post-") || before.ends_with("completed ") || before.ends_with("finished ") ||
                        after.starts_with(" completed") || after.starts_with(" complete") || after.starts_with(" done") ||
                        after.starts_with(" finished");
      if (!past) continue;
      std::fill(lower.begin() + at, lower.begin() + end, ' ');
      any = true;
    }
  }
  return any;
}

bool NoteCoder::HitRestsOnUnsaid(const std::vector<Tok>& toks, const std::vector<size_t>& matched, const SearchResult& r,
                                 const SearchHit& h, std::string_view doc_text) const {
  auto word = [&](size_t t) { return ascii::Lower(text_.substr(toks[t].begin, toks[t].end - toks[t].begin)); };
  // A word the text says is absent ("panic disorder w/o agoraphobia") is no reading of a
  // document that names it as present ("Agoraphobia, with panic disorder"): only a document
  // or a code that says the detail is absent may rest on it (I.A.9: the code says what the
  // documentation says). The hit's words are compared with the absent tokens' words (a
  // phrase the lexicon read, "w/o agoraphobia", matches no token one by one).
  bool on_absent = false;
  for (size_t w = 0; w < r.words.size() && w < 32 && !on_absent; ++w) {
    if (!(h.matched & (1u << w))) continue;
    for (const std::string& qw : SplitSpaces(r.words[w].text)) {
      bool absent = false, present = false;
      for (const Tok& t : toks) {
        if (!t.content || std::find(t.folded.begin(), t.folded.end(), qw) == t.folded.end()) continue;
        (t.absent ? absent : present) = true;
      }
      on_absent = on_absent || (absent && !present);
    }
  }
  if (on_absent && !SaysAbsent(ascii::Lower(doc_text)) && !SaysAbsent(ascii::Lower(Title(h.code)))) return true;
  // "old" after a number and a unit of age ("4 mo old", "3 year old") gives the patient's age,
  // no condition of its own ("Acquired septal defect (old)", "old myocardial infarction").
  for (size_t t : matched)
    if (t >= 2 && word(t) == "old" && AgeUnit(word(t - 1)) && toks[t - 2].number) return true;
  return false;
}

// A header whose children name kinds and none "unspecified" ("Seborrheic keratosis": L82.0
// Inflamed, L82.1 Other; "Encounter for preprocedural examinations": cardiovascular,
// respiratory, laboratory, other) is reached by words that name none of the kinds: its
// residual "other" child holds what the documentation gives, never the first kind listed
// (I.A.4, I.A.9.b: "other" codes are for what no specific code names; the Index's default:
// Keratosis, seborrheic L82.1).
std::optional<uint32_t> NoteCoder::ResidualChild(uint32_t header) const {
  const auto& rec = cs_.rec(header);
  if (HasAny(ascii::Lower(Title(header)), {"other"})) return std::nullopt;
  for (uint32_t k = header + 1; k < rec.subtree_end; ++k)
    if (cs_.rec(k).parent == header && cs_.InYear(k, year_) && HasAny(ascii::Lower(Title(k)), {"other"})) return k;
  return std::nullopt;
}

void NoteCoder::ApplySuppression() {
  ApplyScreeningNotDisease();
  ApplyPostCovid();
  ApplyEncounterReasonZ();
  ApplyRuledOutByResult();
  ApplyOrganismNamed();
  ApplyOrganismOfInfection();
  ApplyUnspecifiedOfLine();
  ApplyBodySystemSymptoms();
  ApplyIndexCombination();
  ApplyTypeOneControl();
  ApplyPlacedThisStay();
  ApplyElderlyPregnancy();
  ApplyTreatedAndGone();
  ApplyParentheticalSymptoms();
  ApplyAsymptomaticHiv();
  ApplyLivingDonor();
  ApplyTransplantedKidney();
  ApplyTreatmentOver();
  ApplyStoneWithHydronephrosis();
  ApplyObstructiveEmphysema();
  ApplyObservationBesideDiagnosis();
  ApplyUnspecifiedRegionInjury();
  ApplyPostprocedural();
  ApplyCurrentInjury();
  ApplyOpeningComplication();
}

// A urinary calculus (N20.-) and hydronephrosis on one line ("ureteral stone w/ mild
// hydronephrosis"): category N20 is the calculus "without hydronephrosis" (N13 Excludes2), and
// the Index gives the two together one code (Hydronephrosis, with, obstruction by renal
// calculus N13.2). The hydronephrosis's code becomes N13.2 and the calculus's is not coded
// (I.B.9). Not across the entries of a numbered list.
void NoteCoder::ApplyStoneWithHydronephrosis() {
  auto n132 = cs_.Find("N132");
  if (!n132) return;
  for (Candidate& stone : cands_) {
    if (stone.dropped || !Undotted(stone.code).starts_with("N20")) continue;
    for (Candidate& h : cands_) {
      const std::string_view hu = Undotted(h.code);
      if (h.dropped || h.line != stone.line || (h.item != stone.item && Listed(stone.item)) ||
          !(hu == "N132" || hu.starts_with("N133")))
        continue;
      if (h.code != *n132) {
        h.rules.push_back({"calculus-with-hydronephrosis", "I.B.9",
                           "hydronephrosis with the calculus " + Dotted(stone.code) + ": N13.2, not " + Dotted(h.code)});
        h.code = *n132;
      }
      Drop(stone, "calculus-with-hydronephrosis",
           "the calculus with hydronephrosis is N13.2; N20 is without hydronephrosis (N13 Excludes2, I.B.9)");
      break;
    }
  }
}

// COPD and emphysema on one line ("COPD w/ emphysema on CT"): the Index codes obstructive
// emphysema as emphysema (Emphysema (obstructive) (chronic) J43.9), and J43 Excludes1 sends to
// J44 only an emphysema with chronic bronchitis. The unspecified COPD J44.9 says less than the
// line's J43 code of the same disease and is not coded beside it (I.A.12.a, I.B.9). J44.0 and
// J44.1 (an infection, an exacerbation) are left as they are.
void NoteCoder::ApplyObstructiveEmphysema() {
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code) != "J449") continue;
    for (const Candidate& e : cands_) {
      if (e.dropped || e.line != c.line || !Undotted(e.code).starts_with("J43")) continue;
      Drop(c, "obstructive-emphysema",
           "the line's emphysema " + Dotted(e.code) + " is its obstructive pulmonary disease (Index: Emphysema (obstructive) J43.9; I.B.9)");
      break;
    }
  }
}

// Z51.0, Z51.11, Z51.12 are for an encounter to receive radiotherapy, chemotherapy or
// immunotherapy (I.C.2.e.2); a treatment the text says is over ("chemo completed 2023",
// "s/p XRT") was not given at this encounter: not coded. A reading that joins the past
// treatment with another word of its line ("Oxaliplatin neuropathy ... after chemo completed":
// the drug the chemotherapy was) rests on that treatment: over too.
void NoteCoder::ApplyTreatmentOver() {
  std::string past;
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.evidence.empty() || (u != "Z510" && u != "Z5111" && u != "Z5112")) continue;
    if (past.empty()) {
      past = lower_;
      BlankPastTreatment(past);
    }
    const bool over = std::any_of(c.evidence.begin(), c.evidence.end(), [&](const TextSpan& e) {
      return std::string_view(past).substr(e.begin, e.end - e.begin).find_first_not_of(' ') == std::string_view::npos;
    });
    if (over) Drop(c, "treatment-over", "the treatment is over: not given at this encounter (I.C.2.e.2)");
  }
}

namespace {

// The word at `at` (lower-case text) follows a negation of its clause ("never had OI or AIDS
// dx", "no hx OI"): a word of "never", "no", "denies", "without", "w/o", "not", "negative"
// before it, after the clause's last ".", ";", "," or line break.
bool NegatedInClause(std::string_view lower, size_t at) {
  size_t from = lower.substr(0, at).find_last_of(".;,\n");
  from = from == std::string_view::npos ? 0 : from + 1;
  return HasAny(lower.substr(from, at - from), {"never", "no", "denies", "denied", "without", "w/o", "not", "negative"});
}

}  // namespace

// Z21 is for a patient "HIV positive", "known HIV" with no documentation of symptoms; B20 for
// AIDS, HIV disease, or an HIV-related illness treated (I.C.1.a.2.d; B20's inclusion terms:
// AIDS, symptomatic HIV infection). B20 read from an item that says the patient never had an
// opportunistic infection or AIDS, in a text that names neither AIDS nor HIV disease but in a
// negation, is the asymptomatic status Z21.
void NoteCoder::ApplyAsymptomaticHiv() {
  auto z21 = cs_.Find("Z21");
  if (!z21) return;
  // Each word names AIDS, an HIV-related illness or HIV disease; positive when not negated.
  constexpr std::string_view kIllness[] = {"aids", "oi", "ois", "opportunistic", "hiv disease", "hiv dz", "symptomatic"};
  bool positive = false, negated = false;
  for (std::string_view w : kIllness)
    for (size_t at = lower_.find(w); at != std::string::npos; at = lower_.find(w, at + 1)) {
      const size_t end = at + w.size();
      if ((at > 0 && IsWordByte(lower_[at - 1])) || (end < lower_.size() && IsWordByte(lower_[end]))) continue;
      (NegatedInClause(lower_, at) ? negated : positive) = true;
    }
  if (positive || !negated) return;
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code) != "B20") continue;
    c.rules.push_back({"asymptomatic-hiv", "I.C.1.a.2.d",
                       "HIV with no AIDS or HIV-related illness documented: asymptomatic status Z21, not B20"});
    c.code = *z21;
  }
}

// Category Z52 is for living donors giving an organ or tissue for others; it excludes the
// cadaveric donor ("omit code": Z52 Excludes1). Read from an item that says the donor is
// deceased or that the patient received the organ ("deceased donor kidney tx", "transplant
// recipient", a transplant status Z94 of the item), it is not the patient's donation. Where
// the item names the transplant the patient received and codes no status of it ("s/p
// deceased donor kidney tx"), the organ's transplant status is coded in its place (Z94: the
// Z52 title's organ, "Kidney donor" -> "Kidney transplant status"; I.C.21.c.3); else the Z52
// code is dropped.
void NoteCoder::ApplyLivingDonor() {
  for (Candidate& c : cands_) {
    if (c.dropped || !Undotted(c.code).starts_with("Z52")) continue;
    // A donation for another's transplant ("kidney donor for her sister's transplant") is the
    // patient's: only a deceased donor's words, or the patient's own transplant status (Z94)
    // on the item, say the patient received the organ.
    const bool recipient = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& z) {
      return !z.dropped && z.item == c.item && Undotted(z.code).starts_with("Z94");
    });
    const std::string item = ItemLower(c.item);
    if (!recipient && !HasAny(item, {"deceased", "cadaveric", "cadaver", "recipient"})) continue;
    if (!recipient && HasAny(item, {"transplant", "transplanted", "tx"})) {
      const std::string title = ascii::Lower(Title(c.code));
      const std::string organ = title.substr(0, title.find(" donor"));
      std::optional<uint32_t> status;
      if (auto z94 = cs_.Find("Z94"); z94 && !organ.empty() && organ.size() < title.size())
        for (uint32_t k = *z94 + 1; k < cs_.rec(*z94).subtree_end && !status; ++k)
          if (Billable(k) && ascii::Lower(Title(k)).starts_with(organ)) status = k;
      if (status) {
        c.rules.push_back({"transplant-status", "I.C.21.c.3",
                           "the patient received the organ: its transplant status " + Dotted(*status) + ", not the donor's " +
                               Dotted(c.code) + " (Z52 Excludes1)"});
        c.code = *status;
        continue;
      }
    }
    Drop(c, "not-living-donor", "the patient is no living donor: Z52 excludes the cadaveric donor and the recipient");
  }
}

// End stage renal disease is chronic kidney disease requiring chronic dialysis (N18.6's
// inclusion term). Written before the kidney transplant that followed it ("ESRD s/p deceased
// donor kidney tx 2020, Cr stable"), with no dialysis now, it names the disease the
// transplant treated: the kidney transplant status Z94.0 of the item is coded, and N18.6 only
// where dialysis goes on (I.C.14.a.2: after a transplant, the CKD stage documented now).
void NoteCoder::ApplyTransplantedKidney() {
  for (Candidate& c : cands_) {
    if (c.dropped || c.evidence.empty() || Undotted(c.code) != "N186") continue;
    const bool status = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& z) {
      return !z.dropped && z.item == c.item && Undotted(z.code) == "Z940" && !z.evidence.empty() &&
             z.evidence.front().begin > c.evidence.back().end;
    });
    if (!status) continue;
    const std::string item = ItemLower(c.item);
    if (!HasAny(item, {"s/p", "status post", "post"}) ||
        HasAny(item, {"dialysis", "hd", "hemodialysis", "pd", "peritoneal", "crrt"}) ||
        std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& d) { return !d.dropped && Undotted(d.code) == "Z992"; }))
      continue;
    Drop(c, "treated-by-transplant",
         "ESRD before the kidney transplant, no dialysis now: the transplant status Z94.0 (I.C.14.a.2)");
  }
}

// A sign or symptom (chapter 18) written in parentheses right after a condition describes that
// condition ("symptomatic bradycardia (HR 42, lightheaded)", "anemia (fatigue, pallor)"): it is
// the condition's own presentation, not coded apart (I.B.4-5: signs and symptoms routinely
// associated with a disease process), unless the condition's notes ask for its symptoms.
void NoteCoder::ApplyParentheticalSymptoms() {
  for (Candidate& c : cands_) {
    if (c.dropped || c.evidence.empty() || Undotted(c.code)[0] != 'R') continue;
    const uint32_t at = c.evidence.front().begin;
    const size_t open = lower_.rfind('(', at);
    if (open == std::string::npos) continue;
    const size_t close = lower_.find(')', open);
    if (close == std::string::npos || close < c.evidence.back().end) continue;
    if (lower_.find('\n', open) < close) continue;
    for (const Candidate& d : cands_) {
      if (&d == &c || d.dropped || d.evidence.empty() || d.line != c.line || d.group > 1) continue;
      const uint32_t end = d.evidence.back().end;
      if (end > open) continue;
      // Only spaces between the condition's words and the parenthesis.
      if (std::string_view(lower_).substr(end, open - end).find_first_not_of(' ') != std::string_view::npos) continue;
      if (NotesAskFor(d.code, c.code)) continue;  // "use additional code for associated symptoms" (N40.1)
      Drop(c, "symptom-in-parentheses",
           "a symptom written in parentheses after " + Dotted(d.code) + ": its presentation (I.B.4-5)");
      break;
    }
  }
}

// A condition its item says was treated and is gone ("hep C treated w/ DAA, SVR achieved",
// "AFL s/p ablation, NSR today", "ureteral stone passed, no residual calculi"; "passed" only of
// a calculus, as it is also said of a feeding trial) no longer exists and is not receiving
// treatment: its personal history code, not the condition (I.C.21.c.4).
// The history code is the Index's (History, personal) or, for a past infection or a
// circulatory disease, that of its chapter. Malignancies have their own rule
// (ApplyNeoplasmHistory, I.C.2.d); a current treatment keeps the condition. An outpatient
// condition written "resolved" is gone too (below).
void NoteCoder::ApplyTreatedAndGone() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.group >= 2 || u[0] < 'A' || u[0] > 'N' || u[0] == 'C' || (u[0] == 'D' && u.substr(0, 3) <= "D49"))
      continue;
    // The item's words with the triggers between its chunks ("no residual calculi", "no
    // recurrence": a negated chunk's own text leaves its "no" out).
    uint32_t first = UINT32_MAX, last = 0;
    for (const note::Chunk& ch : layout_.chunks)
      if (ch.item == c.item) first = std::min(first, ch.begin), last = std::max(last, ch.end);
    if (first >= last) continue;
    const std::string item = lower_.substr(first, last - first);
    const bool rhythm = u.substr(0, 3) >= "I47" && u.substr(0, 3) <= "I49";
    // (Outpatient, a course the item says was completed and a condition it says is resolved:
    // "f/u pneumonia, completed abx, resolved"; a stay's own treatment is that stay's, II.)
    const bool outpatient = options_.setting == CareSetting::kOutpatient;
    // A calculus (its title says so: "Calculus of ureter", "Calculus of gallbladder ...") the
    // item says was passed or expelled has left the body as a treated one has.
    const bool calculus = HasAny(item, {"passed", "expelled"}) && HasAny(ascii::Lower(Title(c.code)), {"calculus"});
    const bool treated = calculus ||
                         HasAny(item, {"s/p", "treated w/", "treated with", "ablation", "ablated", "eradicated",
                                       "treatment completed", "completed treatment"}) ||
                         (outpatient && HasAny(item, {"completed abx", "completed antibiotics", "completed course",
                                                      "finished abx", "finished antibiotics", "course completed"}));
    const bool gone = HasAny(item, {"svr", "svr12", "sustained virologic response", "cured", "no residual", "no recurrence",
                                    "eradicated", "no longer"}) ||
                      (rhythm && HasAny(item, {"nsr", "sinus rhythm"})) ||
                      (outpatient && HasAny(item, {"resolved", "cleared", "clear", "back to baseline"}));
    // An outpatient visit's condition written with "resolved" right after it ("pneumonia,
    // resolved"; not "resolving") is over by this encounter: its history (I.C.21.c.4; the
    // visit is the follow-up, I.C.21.c.8). An inpatient stay's condition resolved during the
    // stay was still treated there and stays coded.
    bool resolved = false;
    if (options_.setting == CareSetting::kOutpatient && !c.evidence.empty()) {
      size_t at = c.evidence.back().end;
      while (at < text_.size() && (text_[at] == ',' || text_[at] == ' ' || text_[at] == '-' || text_[at] == ':')) ++at;
      resolved = ascii::Lower(text_.substr(at, 8)) == "resolved" &&
                 (at + 8 >= text_.size() || !std::isalpha(static_cast<unsigned char>(text_[at + 8])));
    }
    if (!(treated && gone) && !resolved) continue;
    if (HasAny(item, {"recurrent", "recurred", "persistent", "continue", "continues", "continuing", "cont", "currently on",
                      "still on", "remains on"}))
      continue;
    // A long-term drug of its item is a treatment it still receives ("s/p cardioversion, NSR,
    // on apixaban": Z79.01).
    if (std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& z) {
          return !z.dropped && z.item == c.item && Undotted(z.code).starts_with("Z79");
        }))
      continue;
    std::optional<uint32_t> z;
    if (const auto* h = HistoryOf(c.code); h && (Undotted(h->first).starts_with("Z86") || Undotted(h->first).starts_with("Z87")))
      z = h->first;
    // A code the Index's History, personal names no term for takes its category's history when
    // the category's codes that have one agree ("History, personal, calculi, renal" Z87.442:
    // N20.0's, so N20.1's, a calculus of the same category).
    if (auto cat = cs_.Find(u.substr(0, 3)); !z && cat) {
      for (uint32_t k = *cat; k < cs_.rec(*cat).subtree_end; ++k) {
        const auto* hk = HistoryOf(k);
        if (!hk || !(Undotted(hk->first).starts_with("Z86") || Undotted(hk->first).starts_with("Z87"))) continue;
        if (z && *z != hk->first) {
          z.reset();
          break;
        }
        z = hk->first;
      }
    }
    if (!z) z = PastInfectionHistory(c.code);
    if (!z && u[0] == 'I') {
      z = cs_.Find("Z8679");
      if (z && !Billable(*z)) z.reset();
    }
    if (!z) continue;
    c.rules.push_back({"treated-and-gone", "I.C.21.c.4",
                       "treated and gone: its history " + Dotted(*z) + ", not " + Dotted(c.code)});
    c.code = *z;
    c.group = 2;
  }
}

namespace {

// The patient's age in years as a note gives it ("38 yo", "37 y/o", "36 y.o.", "40 year old",
// "age 38", "38F"); -1 when none.
int AgeInYears(std::string_view lower) {
  for (size_t k = 0; k < lower.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(lower[k])) || (k > 0 && IsWordByte(lower[k - 1]))) continue;
    size_t e = k;
    while (e < lower.size() && std::isdigit(static_cast<unsigned char>(lower[e]))) ++e;
    if (e - k > 3) {
      k = e;
      continue;
    }
    const int n = std::stoi(std::string(lower.substr(k, e - k)));
    const std::string_view after = lower.substr(e);
    const std::string_view before = lower.substr(0, k);
    auto unit = [&](std::string_view u) {
      return after.starts_with(u) && (after.size() == u.size() || !IsWordByte(after[u.size()]) || u.back() == '-');
    };
    const bool sex = after.size() >= 1 && (after[0] == 'f' || after[0] == 'm') && (after.size() == 1 || !IsWordByte(after[1]));
    if (unit("yo") || unit(" yo") || unit("y/o") || unit(" y/o") || unit("y.o") || unit(" y.o") || unit(" year old") ||
        unit("-year-old") || unit(" year-old") || unit(" yr old") || unit(" yrs old") || unit(" years old") || sex ||
        before.ends_with("age ") || before.ends_with("aged "))
      return n;
    k = e;
  }
  return -1;
}

}  // namespace

// Supervision of a pregnancy "for a female 35 years and older at expected date of delivery" is
// O09.5- (elderly primigravida O09.51-, multigravida O09.52-: the Tabular's note), a high-risk
// pregnancy that Z34 (normal pregnancy) excludes (Excludes1: supervision of high-risk
// pregnancy O09.-; I.C.15.b.1). Z34 read beside the age 35 or more, or "advanced maternal
// age" / "AMA", is the O09.5 code of its first or later pregnancy and trimester.
void NoteCoder::ApplyElderlyPregnancy() {
  const bool elderly = AgeInYears(lower_) >= 35 || HasAny(lower_, {"ama", "advanced maternal age"});
  if (!elderly) return;
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || !u.starts_with("Z34") || u.size() != 5 || (u[3] != '0' && u[3] != '8')) continue;
    const char trimester = u[4] == '0' ? '9' : u[4];
    const std::string code = std::string(u[3] == '0' ? "O09.51" : "O09.52") + trimester;
    auto k = cs_.Find(code);
    if (!k || !Billable(*k)) continue;
    c.rules.push_back({"elderly-pregnancy", "I.C.15.b.1",
                       "35 years or older at delivery: supervision of a high-risk pregnancy " + code + ", not " +
                           Dotted(c.code) + " (Z34 Excludes1 O09.-)"});
    c.code = *k;
  }
}

// A status code is for a device or an opening "resulting from past treatment" (I.C.21.c.3):
// one the line says was placed during this stay ("PPM placed HD2", "emergent cath, DES x1",
// "stent this admission", "port placed today", "cath today w/ DES", the hospital course's "temp pacer") is this
// encounter's procedure, which the procedure's code reports, not a status (Z90 acquired
// absence of organs, Z93 artificial openings, Z95 cardiac and vascular implants, Z96 other
// functional implants, Z97 other devices, Z98 other postprocedural states: "STEMI, s/p
// emergent PCI", "lap chole performed HD4"). Nor is a procedure the line plans ("pre-op
// clearance for elective lap chole", "scheduled for TKA") a status yet.
void NoteCoder::ApplyPlacedThisStay() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.evidence.empty() || !(u.starts_with("Z90") || u.starts_with("Z93") || u.starts_with("Z95") ||
                                             u.starts_with("Z96") || u.starts_with("Z97") || u.starts_with("Z98")))
      continue;
    for (const TextSpan& e : c.evidence) {
      const std::string_view line = LineLowerAt(e.begin);
      bool stay = HasAny(line, {"this admission", "this admit", "this hospitalization", "this stay", "hospital day",
                                "hospital course", "emergent", "emergently", "temporary", "temp pacer", "temp pacing",
                                "temp wire"}) ||
                  line.starts_with("course") ||
                  (HasAny(line, {"today"}) && HasAny(line, {"placed", "inserted", "implanted", "created", "placement",
                                                             "insertion", "implantation", "cath", "pci"}));
      // "HD2": the day of the hospital stay.
      for (size_t k = line.find("hd"); !stay && k != std::string_view::npos; k = line.find("hd", k + 1))
        stay = (k == 0 || !IsWordByte(line[k - 1])) && k + 2 < line.size() && line[k + 2] >= '0' && line[k + 2] <= '9';
      const bool planned = HasAny(line, {"pre-op", "preop", "pre op", "preoperative", "elective", "scheduled for",
                                         "planned", "plan for", "candidate for", "referral for", "referred for"}) &&
                           !HasAny(line, {"s/p", "status post", "h/o", "hx", "history", "prior", "previous"});
      if (!stay && !planned) continue;
      Drop(c, "placed-this-stay",
           planned ? "a procedure planned, not done: no status yet (I.C.21.c.3)"
                   : "placed during this stay: the procedure, not a status from past treatment (I.C.21.c.3)");
      break;
    }
  }
}

// The long-term drugs that code a diabetic's control (Z79.4 insulin, Z79.84 oral, Z79.85
// injectable non-insulin: I.C.4.a.3) are asked for by the "use additional code" notes of E08,
// E09, E11 and E13; category E10, type 1 diabetes, has no such note (insulin is what type 1
// diabetes is treated with). With only type 1 diabetes coded (E10, O24.0-), a control code
// whose note no diabetes code of the record has is not reported (I.A.12-13: the notes say
// which additional codes a code takes).
void NoteCoder::ApplyTypeOneControl() {
  std::vector<uint32_t> diabetes;
  for (const Candidate& d : cands_) {
    if (d.dropped) continue;
    const std::string_view u = Undotted(d.code);
    const std::string_view cat = u.substr(0, 3);
    if ((cat >= "E08" && cat <= "E13") || (cat == "O24" && u.size() > 3 && u[3] <= '3')) diabetes.push_back(d.code);
  }
  const bool type_one = !diabetes.empty() && std::all_of(diabetes.begin(), diabetes.end(), [&](uint32_t d) {
    const std::string_view u = Undotted(d);
    return u.starts_with("E10") || u.starts_with("O240");
  });
  if (!type_one) return;
  for (Candidate& z : cands_) {
    const std::string_view u = Undotted(z.code);
    if (z.dropped || (u != "Z794" && u != "Z7984" && u != "Z7985")) continue;
    if (std::any_of(diabetes.begin(), diabetes.end(), [&](uint32_t d) { return NotesAskFor(d, z.code); })) continue;
    Drop(z, "type-1-control",
         "type 1 diabetes (E10) takes no code of its control: its notes ask for none (I.C.4.a.3, I.A.12-13)");
  }
}

// A code ref of an Index term that names the code or a header above it ("K80.3-").
namespace {
bool RefLeadsTo(const CodeSet& cs, const format::IndexRefRec& r, uint32_t code) {
  if (r.target_kind != static_cast<uint8_t>(format::IndexTargetKind::kCode) ||
      r.kind != static_cast<uint8_t>(format::IndexRefKind::kCode) || r.target >= cs.size())
    return false;
  return r.target == code || (r.target < code && code < cs.rec(r.target).subtree_end);
}
}  // namespace

bool NoteCoder::SubtermLeadsTo(uint32_t term, uint32_t code) const {
  const uint32_t end = cs_.index_subtree_end(term);
  for (uint32_t j = term + 1; j < end; ++j)
    for (const format::IndexRefRec& r : cs_.index_refs(j)) {
      if (RefLeadsTo(cs_, r, code)) return true;
      if (r.kind != static_cast<uint8_t>(format::IndexRefKind::kSee) ||
          r.target_kind != static_cast<uint8_t>(format::IndexTargetKind::kNode) || r.target >= cs_.index_nodes().size())
        continue;
      for (const format::IndexRefRec& t : cs_.index_refs(r.target))
        if (RefLeadsTo(cs_, t, code)) return true;
    }
  return false;
}

bool NoteCoder::NotesAskFor(uint32_t code, uint32_t other) {
  const CodeDetail* detail = Detail(code);
  if (!detail) return false;
  for (const NoteView& nv : detail->notes) {
    if (nv.kind != "codeFirst" && nv.kind != "useAdditionalCode" && nv.kind != "codeAlso") continue;
    // A code its words name ("code also ... to identify the infection"); one a whole chapter's
    // note names is of another chapter (chapter 15's "code from category Z3A, Weeks of
    // gestation" asks for no code of chapter 15: O21.1 does not ask for O21.0).
    if (nv.refs.empty()) {
      if (nv.from_level == "chapter" && ChapterOf(code) == ChapterOf(other)) continue;
      return true;
    }
    for (const NoteRef& ref : nv.refs)
      if (InRange(Undotted(other), ref)) return true;
  }
  return false;
}

// A condition's Index term gives its own code ("Hypothyroidism" E03.9, "Hepatitis, C"
// B19.20) and, under its subterms, the combination codes of the condition with what else the
// record says of it ("Hypothyroidism, autoimmune - see Thyroiditis, autoimmune" E06.3;
// "Hepatitis, C, chronic" B18.2). Where the line codes such a subterm's code beside the
// term's own ("Hashimoto's thyroiditis w/ hypothyroidism", "chronic hep C ... HCV"), the
// combination code says both: the term's own code is not reported (I.B.9: "combination codes
// are identified by referring to subterm entries in the Alphabetic Index"; multiple coding is
// not used when the classification provides a combination code). Not where the Tabular's
// notes ask for both ("code also", "use additional code", "code first": I.A.12-13), nor in
// a numbered list across items: each entry is its own problem.
void NoteCoder::ApplyIndexCombination() {
  for (Candidate& u : cands_) {
    if (u.dropped) continue;
    uint32_t term = format::kNone;
    for (const Candidate& d : cands_) {
      if (&d == &u || d.dropped || d.code == u.code || d.line != u.line || (d.item != u.item && Listed(u.item))) continue;
      if (term == format::kNone) {
        term = IndexTermOf(u.doc);
        if (term == format::kNone) break;
        const auto refs = cs_.index_refs(term);
        if (std::none_of(refs.begin(), refs.end(), [&](const format::IndexRefRec& r) { return RefLeadsTo(cs_, r, u.code); }))
          break;  // not the term's own code
      }
      if (!SubtermLeadsTo(term, d.code) || NotesAskFor(d.code, u.code) || NotesAskFor(u.code, d.code)) continue;
      Drop(u, "index-combination",
           "the Index's subterm of \"" + std::string(cs_.str(cs_.index_nodes()[term].title)) + "\" gives " + Dotted(d.code) +
               ", which says both: " + Dotted(u.code) + " not reported (I.B.9)");
      break;
    }
  }
}

// Signs and symptoms the Tabular classifies in a body-system chapter rather than chapter 18
// (renal colic N23, rectal bleeding K62.5, nightmares F51.5, pruritus L29, eye pain H57.1,
// ear pain H92.0, breast pain N64.4, dysmenorrhea N94.6) are, like chapter 18's, not coded
// beside a diagnosis of the same item and body system that routinely has them ("ureteral
// stone w/ renal colic", "internal hemorrhoids w/ BRBPR", "PTSD, prazosin for nightmares":
// I.B.4-5). Not in a numbered list, where each entry is its own problem.
void NoteCoder::ApplyBodySystemSymptoms() {
  constexpr std::string_view kSymptoms[] = {"N23", "K625", "F515", "L29", "H571", "H920", "N644", "N946"};
  auto symptom = [&](uint32_t code) {
    const std::string_view u = Undotted(code);
    return std::any_of(std::begin(kSymptoms), std::end(kSymptoms), [&](std::string_view p) { return u.starts_with(p); });
  };
  // The body system: the chapter's letter, chapter 7 (eye, H00-H59) apart from chapter 8 (ear).
  auto system = [&](uint32_t code) {
    const std::string_view u = Undotted(code);
    return std::string(1, u[0]) + (u[0] == 'H' ? (u.substr(1, 2) < "60" ? "e" : "a") : "");
  };
  for (Candidate& c : cands_) {
    if (c.dropped || !symptom(c.code) || Listed(c.item)) continue;
    for (const Candidate& d : cands_) {
      if (&d == &c || d.dropped || d.item != c.item || symptom(d.code) || system(d.code) != system(c.code)) continue;
      Drop(c, "symptom-explained",
           "a symptom of its body system explained by " + Dotted(d.code) + " of its item (I.B.4-5)");
      break;
    }
  }
}

// The unspecified code of a category beside a specific code of that category on the same line
// (not a numbered list: each entry is its own problem), however it was found (a diagnosis the
// plan text names, "strep pharyngitis - rapid strep +"): the line documents the detail, the
// unspecified code is for a record that lacks it (I.A.9, I.B.18). ApplySpecificity does this
// for one item; this pass also reads the plan's pieces and runs after the rules that add codes.
void NoteCoder::ApplyUnspecifiedOfLine() {
  for (Candidate& c : cands_) {
    if (c.dropped || Listed(c.item)) continue;
    const std::string tc = ascii::Lower(Title(c.code));
    if (tc.find("unspecified") == std::string::npos) continue;
    const std::string_view uc = Undotted(c.code);
    for (const Candidate& d : cands_) {
      const std::string_view ud = Undotted(d.code);
      if (&d == &c || d.dropped || d.line != c.line || d.code == c.code || ud.substr(0, 3) != uc.substr(0, 3)) continue;
      // An unspecified code of another subcategory, one level down, still names a kind the line
      // says: "Pure hypercholesterolemia, unspecified" (E78.00) says more than
      // "Hyperlipidemia, unspecified" (E78.5).
      // The kind must be said on the line: a word of its title written there.
      const bool kind = ud.size() > uc.size() && ud.substr(0, 4) != uc.substr(0, 4) && [&] {
        const std::string_view line = LineLowerAt(c.position);
        for (const std::string& w : TitleWords(ascii::Lower(Title(d.code))))
          if (w.size() >= 4 && w != "unspecified" && HasAny(line, {w})) return true;
        return false;
      }();
      if (!kind && ascii::Lower(Title(d.code)).find("unspecified") != std::string::npos) continue;
      Drop(c, "less-specific", Dotted(d.code) + " of its line says more than " + Dotted(c.code) + " (I.A.9)");
      break;
    }
  }
}

// An infection of unspecified organism beside a code of the same infection that names its
// organism or kind ("Sepsis, unspecified organism" A41.9 beside "Gram-negative sepsis" A41.50
// or "Sepsis due to Escherichia coli" A41.51; sepsis is A40-A41): the record documents more
// than the unspecified code says, which is for a record that says nothing of it (I.B.18,
// I.A.9; I.C.1.d.1.a: one systemic infection code).
void NoteCoder::ApplyOrganismNamed() {
  auto family = [&](uint32_t code) {
    const std::string_view u = Undotted(code).substr(0, 3);
    return u == "A40" ? std::string_view("A41") : u;
  };
  for (Candidate& c : cands_) {
    if (c.dropped || ascii::Lower(Title(c.code)).find("unspecified organism") == std::string::npos) continue;
    for (const Candidate& d : cands_) {
      if (&d == &c || d.dropped || d.code == c.code || family(d.code) != family(c.code) ||
          ascii::Lower(Title(d.code)).find("unspecified organism") != std::string::npos)
        continue;
      Drop(c, "organism-documented",
           "the record names the organism or kind: " + Dotted(d.code) + ", not " + Dotted(c.code) + " (I.B.18)");
      break;
    }
  }
}

// A code read from one word that names only an organism ("RSV", "coxsackie") beside a code of
// its line whose title names the same organism ("RSV bronchiolitis, RSV swab +": J21.0 "Acute
// bronchiolitis due to respiratory syncytial virus"; "Hand, foot and mouth dz - coxsackie":
// B08.4 "Enteroviral vesicular stomatitis with exanthem") is the organism of that infection,
// which the combination code already says (I.B.9), not a second infection: the condition the
// word's own reading adds ("bronchitis", an enterovirus infection of no site) is nowhere on
// the line. Not the B95-B97 codes of an organism as the cause of a disease classified
// elsewhere, which are coded beside it (I.C.1), nor in a numbered list.
void NoteCoder::ApplyOrganismOfInfection() {
  static constexpr std::string_view kGeneric[] = {"unspecified", "infection", "infections", "disease", "diseases",
                                                  "classified", "elsewhere", "specified", "other", "acute", "chronic",
                                                  "without", "with", "due", "site", "sites", "cause", "the", "and"};
  auto generic = [&](const std::string& w) {
    return w.size() < 3 || std::find(std::begin(kGeneric), std::end(kGeneric), w) != std::end(kGeneric);
  };
  auto stem = [](const std::string& w) { return w.substr(0, 7); };
  // A word of the titles that names a kind of organism ("virus", "enteroviral",
  // "streptococcal", "mycoplasma"): the two codes must share one.
  static constexpr std::string_view kGerms[] = {"vir", "bacter", "cocc", "myco", "chlamyd", "plasma", "fung"};
  auto germ = [](const std::string& w) {
    return std::any_of(std::begin(kGerms), std::end(kGerms), [&](std::string_view m) { return w.find(m) != std::string::npos; });
  };
  for (Candidate& c : cands_) {
    const std::string_view uc = Undotted(c.code);
    if (c.dropped || !IsCondition(uc) || (uc.substr(0, 3) >= "B95" && uc.substr(0, 3) <= "B97") || Listed(c.item) ||
        c.evidence.size() != 1)
      continue;
    const std::string_view said = std::string_view(text_).substr(c.evidence[0].begin, c.evidence[0].end - c.evidence[0].begin);
    if (std::any_of(said.begin(), said.end(), [](char ch) { return !IsWordByte(ch); })) continue;  // one word
    const std::vector<std::string> own = TitleWords(ascii::Lower(Title(c.code)));
    const std::string_view line = LineLowerAt(c.position);
    for (const Candidate& d : cands_) {
      if (&d == &c || d.dropped || d.line != c.line || d.code == c.code || !IsCondition(Undotted(d.code))) continue;
      std::set<std::string> organism;
      for (const std::string& w : TitleWords(ascii::Lower(Title(d.code))))
        if (w.size() >= 5 && !generic(w)) organism.insert(stem(w));
      bool shared = false, other_said = false;
      for (const std::string& w : own) {
        if (w.size() >= 5 && organism.count(stem(w)) && germ(w)) {
          shared = true;
        } else if (!generic(w) && HasAny(line, {w})) {
          other_said = true;
        }
      }
      if (!shared || other_said) continue;
      Drop(c, "organism-of-infection",
           "the organism of " + Dotted(d.code) + " of its line, which names it: not a second infection (I.B.9)");
      break;
    }
  }
}

// An uncertain diagnosis is coded as established in the inpatient setting only when it is
// still uncertain at discharge (II.H: "still to be ruled out"); a test the line reports
// negative after a condition it set out to rule out ("r/o PE - CTA neg") ruled it out, and a ruled-out condition is not coded
// (I.C.21.c.6: observation for a condition ruled out is coded instead where applicable).
void NoteCoder::ApplyRuledOutByResult() {
  for (Candidate& c : cands_) {
    if (c.dropped || c.evidence.empty()) continue;
    if (std::none_of(c.rules.begin(), c.rules.end(), [](const RuleApplied& r) { return r.id == "uncertain-inpatient"; }))
      continue;
    // Only a condition the line sets out to rule out ("r/o PE"): a probable one keeps its
    // negative tests of the other causes ("probable viral meningitis - cx neg").
    const bool rule_out = std::any_of(layout_.chunks.begin(), layout_.chunks.end(), [&](const note::Chunk& ch) {
      return ch.begin <= c.position && c.position < ch.end && (ch.trigger == "r/o" || ch.trigger == "rule out");
    });
    if (!rule_out) continue;
    const uint32_t from = c.evidence.back().end;
    size_t to = lower_.find('\n', from);
    if (to == std::string::npos) to = lower_.size();
    if (HasAny(std::string_view(lower_).substr(from, to - from), {"neg", "negative", "ruled out", "excluded", "no evidence"}))
      Drop(c, "ruled-out", "the line reports the test that ruled it out: not coded (II.H)");
  }
}

bool NoteCoder::ConditionCoded() const {
  return std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& c) { return !c.dropped && IsCondition(Undotted(c.code)); });
}

// Z codes that name the encounter's reason by a service the text says was not given or that
// a condition of the same line explains (I.C.21.c.2, I.C.21.c.13):
// - Z23 is for an encounter for a vaccination given; a vaccine the item says is up to date,
//   not due, declined or deferred was not given ("vaccines UTD, none due").
// - Z76.0, an encounter for a repeat prescription, is the reason only where the visit is for
//   the prescription alone; beside a condition of its line that the visit manages ("HTN f/u,
//   refilled x90d") the condition is the reason.
// - Z02.83, an encounter for a blood-alcohol or blood-drug test, is a first-listed reason
//   only (I.C.21.c.16: Z02); a level or a urine drug screen taken in the care of a condition
//   ("OUD on buprenorphine, UDS appropriate", "intoxication, blood alcohol 180") is that care.
void NoteCoder::ApplyEncounterReasonZ() {
  const bool condition = ConditionCoded();
  for (Candidate& z : cands_) {
    if (z.dropped) continue;
    const std::string_view zu = Undotted(z.code);
    if (zu == "Z23") {
      const std::string item = ItemLower(z.item);
      if (HasAny(item, {"utd", "up to date", "up-to-date", "none due", "not due", "declined", "declines", "refused",
                        "refuses", "deferred"}))
        Drop(z, "not-given", "the vaccine is up to date, not due or declined: not given at this encounter (I.C.21.c.2)");
    } else if (zu == "Z760") {
      for (const Candidate& d : cands_) {
        const char k = Undotted(d.code)[0];
        if (&d == &z || d.dropped || d.line != z.line || k == 'Z' || (k >= 'V' && k <= 'Y')) continue;
        Drop(z, "condition-is-reason",
             "the visit manages " + Dotted(d.code) + ": the condition, not a repeat prescription, is its reason (I.C.21.c.13)");
        break;
      }
    } else if (zu == "Z09") {
      // A follow-up after completed treatment implies the condition "has been fully treated and
      // no longer exists" (I.C.21.c.8): beside a condition its line documents as present
      // ("hospital follow up, CHF exacerbation, now compensated") the condition is the reason.
      for (const Candidate& d : cands_) {
        if (&d == &z || d.dropped || d.line != z.line || !IsCondition(Undotted(d.code))) continue;
        Drop(z, "condition-is-reason",
             "the line documents " + Dotted(d.code) + " as present: not a follow-up after completed treatment (I.C.21.c.8)");
        break;
      }
    } else if (zu == "Z0283" && condition) {
      Drop(z, "condition-is-reason", "a drug or alcohol level taken in the care of a condition: the condition is the reason (I.C.21.c.16)");
    }
  }
}

// Screening is the testing for a disease in a seemingly well person (I.C.21.c.5): the
// diseases screened for ("screening for HIV, hep C and syphilis", "HIV and hep C screening")
// are not diagnoses. An infectious disease (A00-B99) or a malignancy (C00-D09) read from an
// item that is a screening is not coded, unless the item reports a finding ("a condition
// discovered during the screening ... may be assigned as an additional diagnosis": "positive",
// "found", "removed", "dx").
void NoteCoder::ApplyScreeningNotDisease() {
  for (Candidate& c : cands_) {
    if (c.dropped) continue;
    const std::string_view u = Undotted(c.code);
    const bool infection = u[0] == 'A' || u[0] == 'B';
    const bool malignancy = u[0] == 'C' || (u[0] == 'D' && u.substr(0, 3) <= "D09");
    if (!infection && !malignancy) continue;
    const std::string item = ItemLower(c.item);
    if (!HasAny(item, {"screening", "screen", "screened"})) continue;
    if (HasAny(item, {"positive", "pos", "reactive", "detected", "found", "removed", "excised", "biopsy", "dx", "diagnosed",
                      "confirmed", "showed", "shows", "revealed", "with", "w/"}) ||
        item.find('+') != std::string::npos)
      continue;
    Drop(c, "screening", "a disease screened for is not a diagnosis: the screening code says it (I.C.21.c.5)");
  }
}

// A post COVID-19 condition (U09.9) is the sequela of a previous infection; U07.1 COVID-19 is
// coded beside it only for a new active infection (I.C.1.g.1.m: "Code U09.9 should not be
// assigned for manifestations of an active (current) COVID-19 infection"; with a new
// infection both are coded). U07.1 read from the item that names the post COVID condition is
// that previous infection.
void NoteCoder::ApplyPostCovid() {
  for (const Candidate& post : cands_) {
    if (post.dropped || Undotted(post.code) != "U099") continue;
    for (Candidate& c : cands_)
      if (!c.dropped && Undotted(c.code) == "U071" && c.item == post.item)
        Drop(c, "post-covid", "the previous COVID-19 infection of a post COVID-19 condition, U09.9 (I.C.1.g.1.m)");
  }
}

// The observation codes (Z03 suspected conditions ruled out, Z04 examination and observation
// for other reasons, Z05 newborns observed) are "for use in very limited circumstances when a
// person is being observed for a suspected condition that is ruled out", and "not for use if
// an injury or illness or any signs or symptoms ... are present" (I.C.21.c.6): beside a
// disease, injury or symptom code (chapters 1-19, A00-T88) the text names what was found, and
// "observed in the ED" is the care, not the reason for it.
void NoteCoder::ApplyObservationBesideDiagnosis() {
  if (!ConditionCoded()) return;
  for (Candidate& z : cands_) {
    const std::string_view u = Undotted(z.code);
    if (z.dropped || !(u.starts_with("Z03") || u.starts_with("Z04") || u.starts_with("Z05"))) continue;
    Drop(z, "observation-beside-diagnosis",
         "an observation code is not used when an illness, injury or symptom is coded (I.C.21.c.6)");
  }
}

// An injury of unspecified body region (T14: "wound", "fx" with no site) is the code of last
// resort for an injury the record locates nowhere (I.B.3, I.A.9): beside any other code the note
// says what and where the condition is (the fracture's own code, the ulcer, the aftercare),
// and "traumatic injury codes (S00-T14.9) are not to be used for normal, healing surgical
// wounds" (I.C.19.b: "staples out, wound healed", "suture removal, wound healing well").
void NoteCoder::ApplyUnspecifiedRegionInjury() {
  const bool surgical = HasAny(lower_, {"post-op", "postop", "post op", "postoperative", "staples", "sutures", "suture",
                                        "incision", "incisional", "surgical wound"});
  for (Candidate& t : cands_) {
    if (t.dropped || !Undotted(t.code).starts_with("T14")) continue;
    const bool other = std::any_of(cands_.begin(), cands_.end(), [&](const Candidate& c) {
      return !c.dropped && &c != &t && !Undotted(c.code).starts_with("T14");
    });
    if (!other && !surgical) continue;
    Drop(t, "unspecified-region-injury",
         other ? "an injury of unspecified body region beside the codes that say what and where (I.B.3)"
               : "a healing surgical wound is no traumatic injury (I.C.19.b)");
  }
}

namespace {

// The (lower-case) words name a procedure: an operation ("-ectomy", "-otomy", "-ostomy",
// "-plasty", "surgery", "resection"), an ablation or irradiation ("RAI ablation", "XRT"), a
// device or line placed ("central line placement", "intubation").
bool NamesProcedure(std::string_view lower) {
  for (std::string_view suffix : {"ectomy", "otomy", "ostomy", "plasty"})
    if (lower.find(suffix) != std::string_view::npos) return true;
  return HasAny(lower, {"surgery", "surgical", "operation", "procedure", "resection", "resected", "ablation", "ablated",
                        "rai", "radioactive iodine", "radiation", "radiotherapy", "irradiation", "xrt", "transplant",
                        "placement", "insertion", "intubation", "catheterization", "cath", "bypass", "cabg", "repair"});
}

}  // namespace

// A gland's deficiency the Tabular classifies apart when it follows a procedure names that
// postprocedural code in an Excludes1 note of its category ("E03 Excludes1: postprocedural
// hypothyroidism (E89.0)", "E20 Excludes1: postprocedural hypoparathyroidism (E89.2)", E23
// E89.3, E28 E89.4-, E29.1 E89.5, R73 E89.1): Excludes1 means "not coded here" (I.A.12.a).
// A deficiency its item says followed a procedure ("hypothyroidism after RAI ablation for
// Graves", "hypoparathyroidism s/p thyroidectomy") is the note's code when that is one
// reportable code of E89 (postprocedural endocrine and metabolic complications): a
// procedure never treats a deficiency, so one named after it is its cause. (The other
// postprocedural Excludes1 notes, J93's pneumothorax or I15's hypertension, are left alone:
// there a procedure after the condition is as often its treatment, "s/p chest tube".)
void NoteCoder::ApplyPostprocedural() {
  for (Candidate& c : cands_) {
    if (c.dropped || c.evidence.empty() || !IsCondition(Undotted(c.code))) continue;
    const CodeDetail* detail = Detail(c.code);
    if (!detail) continue;
    std::optional<uint32_t> target;
    for (const NoteView& nv : detail->notes) {
      if (nv.kind != "excludes1" || nv.refs.size() != 1 || nv.refs[0].first != nv.refs[0].last) continue;
      const std::string text = ascii::Lower(nv.text);
      if (!(text.starts_with("postprocedural") || text.starts_with("postsurgical"))) continue;
      target = cs_.Find(nv.refs[0].first);
      if (target && (!Billable(*target) || !Undotted(*target).starts_with("E89"))) target.reset();
      if (target) break;
    }
    if (!target || *target == c.code) continue;
    // The words after the condition in its item: a connective, then a procedure ("after RAI
    // ablation", "s/p thyroidectomy", "2/2 surgery"), in one chunk of the item.
    bool follows = false;
    for (const note::Chunk& ch : layout_.chunks) {
      if (ch.item != c.item || ch.end <= c.evidence.front().begin) continue;
      const uint32_t from = std::max<uint32_t>(ch.begin, c.evidence.back().end);
      if (from >= ch.end) continue;
      const std::string_view rest = std::string_view(lower_).substr(from, ch.end - from);
      for (std::string_view w : {"after", "following", "post", "s/p", "status post", "due to", "d/t", "2/2", "secondary to",
                                 "from"}) {
        size_t at = rest.find(w);
        while (at != std::string_view::npos && ((at > 0 && IsWordByte(rest[at - 1])) ||
                                                 (at + w.size() < rest.size() && IsWordByte(rest[at + w.size()]))))
          at = rest.find(w, at + 1);
        if (at != std::string_view::npos && NamesProcedure(rest.substr(at + w.size()))) follows = true;
      }
      if (follows) break;
    }
    if (!follows) continue;
    c.rules.push_back({"postprocedural", "I.A.12.a",
                       "follows a procedure: " + Dotted(*target) + ", which an Excludes1 note of " + Dotted(c.code) +
                           " names, not " + Dotted(c.code)});
    c.code = *target;
  }
}


namespace {

// The body region a title names, as the digit of chapter 19's blocks (S00-S09 head, S10-S19
// neck, S20-S29 thorax, S30-S39 abdomen, lower back and pelvis, S40-S49 shoulder and upper
// arm, S50-S59 elbow and forearm, S60-S69 wrist and hand, S70-S79 hip and thigh, S80-S89 knee
// and lower leg, S90-S99 ankle and foot); 0 when it names none.
char InjuryRegion(std::string_view lower_title) {
  char found = 0;
  auto region = [&](char digit, std::initializer_list<std::string_view> words) {
    if (!HasAny(lower_title, words)) return;
    found = found && found != digit ? '?' : digit;  // two regions ("hip and knee"): none
  };
  region('1', {"cervical", "neck", "cervicalgia", "torticollis"});
  region('2', {"thoracic"});
  region('3', {"lumbar", "low back", "lumbosacral", "sacral", "sacrococcygeal", "coccyx", "pelvis", "pelvic"});
  region('4', {"shoulder", "upper arm"});
  region('5', {"elbow", "forearm"});
  region('6', {"wrist", "hand", "finger", "thumb"});
  region('7', {"hip", "thigh"});
  region('8', {"knee", "lower leg"});
  region('9', {"ankle", "foot", "toe"});
  return found == '?' ? 0 : found;
}

}  // namespace

// Chapter 13's codes of a joint or the spine carry an Excludes1 note "current injury - see
// injury of joint (of spine) by body region" (M24, M43.6, M50-M54): stiffness, instability,
// cervicalgia or low back pain that a current injury of the same region explains ("cervical
// sprain after MVC; neck pain and stiffness", "lumbar strain w/ low back pain") is the
// injury's, coded in chapter 19 (I.A.12.a: Excludes1, not coded here; I.B.5). Only beside an
// injury of the region and side the code's title names, on its line (in a numbered list, its
// entry).
//
// Likewise a condition whose Excludes1 note sends its traumatic form to chapter 19 ("traumatic
// pneumothorax (S27.0)" under J93, "traumatic hemothorax (S27.1)" under J94) is that injury
// where its item calls it traumatic ("Traumatic R pneumothorax w/ fx R 4th-6th ribs", the word
// perhaps read by another code of the line, "Fracture, traumatic"): S27.0, with the 7th
// character of the line's injury (the same event), else A (I.A.12.a, I.C.19.a).
void NoteCoder::ApplyCurrentInjury() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || !IsCondition(u) || u[0] == 'S' || u[0] == 'T' || !HasAny(ItemLower(c.item), {"traumatic"})) continue;
    const CodeDetail* detail = Detail(c.code);
    if (!detail) continue;
    for (const NoteView& nv : detail->notes) {
      if (nv.kind != "excludes1" || !ascii::Lower(nv.text).starts_with("traumatic ") || nv.refs.size() != 1 ||
          nv.refs[0].first != nv.refs[0].last || nv.refs[0].first.empty() || nv.refs[0].first[0] != 'S')
        continue;
      char seventh = 'A';
      for (const Candidate& inj : cands_)
        if (!inj.dropped && inj.line == c.line && Undotted(inj.code).size() == 7 && Undotted(inj.code)[0] == 'S')
          seventh = Undotted(inj.code)[6];
      auto built = BuildSeventh(cs_, nv.refs[0].first, seventh);
      if (!built) continue;
      const std::optional<uint32_t> k = cs_.Find(*built);
      if (!k || !Billable(*k)) continue;
      c.rules.push_back({"traumatic", "I.A.12.a",
                         "its item calls it traumatic: Excludes1 \"" + nv.text + "\": " + Dotted(*k) + ", not " +
                             Dotted(c.code)});
      c.code = *k;
      break;
    }
  }
  for (Candidate& c : cands_) {
    if (c.dropped || Undotted(c.code)[0] != 'M') continue;
    const CodeDetail* detail = Detail(c.code);
    if (!detail || std::none_of(detail->notes.begin(), detail->notes.end(), [](const NoteView& nv) {
          return nv.kind == "excludes1" && ascii::Lower(nv.text).starts_with("current injury");
        }))
      continue;
    const std::string title = ascii::Lower(Title(c.code));
    const char region = InjuryRegion(title);
    if (!region) continue;
    const bool right = HasAny(title, {"right"}), left = HasAny(title, {"left"});
    for (const Candidate& inj : cands_) {
      const std::string_view iu = Undotted(inj.code);
      if (inj.dropped || inj.line != c.line || (inj.item != c.item && Listed(c.item)) || iu.size() != 7 || iu[0] != 'S' ||
          iu[1] != region || iu[6] != 'A')
        continue;
      const std::string it = ascii::Lower(Title(inj.code));
      if ((right && HasAny(it, {"left"})) || (left && HasAny(it, {"right"}))) continue;
      Drop(c, "current-injury",
           "a current injury of its region, " + Dotted(inj.code) + ", explains it: Excludes1 current injury (I.A.12.a)");
      break;
    }
  }
}

// An encounter for attention to an artificial opening (Z43.-) excludes the complications of an
// external stoma (Z43 Excludes1: J95.0-, K94.-, N99.5-): an opening its line says is dislodged,
// blocked, infected or bleeding ("G-tube dislodged/nonfunctional, replaced") is that
// complication, the code of the opening and the kind both named in its title ("Gastrostomy
// malfunction" K94.23), not the attention code (I.A.12.a).
void NoteCoder::ApplyOpeningComplication() {
  for (Candidate& c : cands_) {
    const std::string_view u = Undotted(c.code);
    if (c.dropped || c.evidence.empty() || !u.starts_with("Z43")) continue;
    bool assessed = false;
    const note::Chunk* at = EvidenceChunk(c, assessed);
    if (!at) continue;
    const std::string_view line = LineLower(*at);
    std::string_view kind;
    if (HasAny(line, {"dislodged", "malfunction", "malfunctioning", "nonfunctional", "non-functional", "blocked", "clogged",
                      "occluded", "obstructed", "fell out", "pulled out"}))
      kind = "malfunction";
    else if (HasAny(line, {"infected", "infection", "cellulitis"}))
      kind = "infection";
    else if (HasAny(line, {"bleeding", "hemorrhage"}))
      kind = "hemorrhage";
    if (kind.empty()) continue;
    // The opening: the attention code's title's last word ("Encounter for attention to gastrostomy").
    const std::string title = ascii::Lower(Title(c.code));
    const std::string opening = title.substr(title.rfind(' ') + 1);
    if (opening.size() < 6 || !opening.ends_with("ostomy")) continue;
    std::optional<uint32_t> found;
    for (std::string_view head : {"K94", "J950", "N995"}) {
      auto h = cs_.Find(head);
      if (!h) continue;
      for (uint32_t k = *h; k < cs_.rec(*h).subtree_end && !found; ++k) {
        if (!Billable(k)) continue;
        const std::string t = ascii::Lower(Title(k));
        if (t.find(opening) != std::string::npos && t.find(kind) != std::string::npos) found = k;
      }
    }
    if (!found) continue;
    c.rules.push_back({"opening-complication", "I.A.12.a",
                       "the line names the opening's " + std::string(kind) + ": " + Dotted(*found) + ", not the attention code " +
                           Dotted(c.code) + " (Z43 Excludes1)"});
    c.code = *found;
  }
}

}  // namespace medcode::coding
